"""Why each incident was coded as it was, as text a reader can check.

Every incident carries its remarks: the trigger words behind its type, the
words its place, date and toll were read from, and what was noticed on the
way ("'dozens' is not a number", "no date stated"). :func:`explain` lays
them out per incident, with the evidence sentences.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..models import Extraction, Incident

__all__ = ["explain", "explain_incident"]

_ASPECTS = ("type", "place", "date", "fatalities", "injured", "actor1", "actor2")


def explain_incident(incident: Incident, number: int = 1) -> str:
    """One incident: what was coded, and the reasons, aspect by aspect."""
    place = incident.place.address if incident.place else "no place"
    date = incident.date.isoformat() if incident.date else "no date"
    toll = "unknown" if incident.fatalities is None else str(incident.fatalities)
    hurt = "unknown" if incident.injured is None else str(incident.injured)
    lines = [
        f"Incident {number}: {incident.event_type} / {incident.sub_event_type}",
        f"  when:   {date} ({incident.date_precision or 'unknown'} precision)",
        f"  where:  {place} (geo-precision {incident.geo_precision or '-'})",
        f"  toll:   {toll} killed, {hurt} injured",
        f"  actors: {incident.actor1 or '-'} / {incident.actor2 or '-'}",
        "  why:",
    ]
    remarks = list(incident.remarks)
    ordered = [r for a in _ASPECTS for r in remarks if r.split(":", 1)[0] == a]
    ordered += [r for r in remarks if r not in ordered]
    lines += [f"    - {r}" for r in ordered] or ["    - (no remarks)"]
    lines.append("  evidence:")
    lines += [f"    [{e.start}-{e.end}] {' '.join(e.text.split())}" for e in incident.evidence]
    return "\n".join(lines)


def explain(extractions: Extraction | Iterable[Extraction]) -> str:
    """All incidents of one or more extractions, explained."""
    items = [extractions] if isinstance(extractions, Extraction) else list(extractions)
    blocks = []
    for x in items:
        head = f"== {x.source or 'text'}"
        if x.published:
            head += f" (published {x.published.isoformat()})"
        blocks.append(head)
        if not x.incidents:
            blocks.append("No incident found.")
        blocks += [explain_incident(i, n) for n, i in enumerate(x.incidents, start=1)]
    return "\n\n".join(blocks) + "\n"
