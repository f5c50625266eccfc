"""The standalone HTML report."""

from __future__ import annotations

import dataclasses
import html
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .. import assets
from ..models import Extraction, Incident
from ..scale.files import atomic_write

if TYPE_CHECKING:
    pass

from .counts import counts_of, summary_text
from .inputs import _collect, _Data
from .interactive import incident_map
from .legend import _plural
from .output import to_fragment
from .payload import _date_label
from .symbology import incident_precision

# Report


def _cell_html(value: object) -> str:
    return "" if value is None else html.escape(str(value))


def _source_html(source: str | None) -> str:
    if not source:
        return ""
    text = html.escape(source, quote=True)
    if re.fullmatch(r"https?://\S+", source):
        return f'<a href="{text}" rel="noopener noreferrer">{text}</a>'
    return text


def report_html(
    extractions: Extraction | Iterable[Extraction],
    path: str | os.PathLike[str],
    *,
    title: str = "Incident report",
    basemap: bool | str | os.PathLike[str] = True,
    link_actors: bool = True,
    generated: str | None = None,
) -> Path:
    """A standalone HTML report: the map inline, incidents, actors and sources.

    ``generated`` (e.g. today's date) is printed in the footer when given;
    by default the report carries no timestamp, so it is reproducible.
    """
    items = [extractions] if isinstance(extractions, Extraction) else list(extractions)
    data = _collect(items)
    # The report has its own incident table: no list beside its map.
    m = incident_map(items, basemap=basemap, link_actors=link_actors, incident_list=False)
    incidents = [
        dataclasses.replace(i, source=i.source or ext.source)
        for ext in items
        for i in ext.incidents
    ]
    page = _REPORT_TEMPLATE.format(
        title=html.escape(title),
        summary=html.escape(_report_summary(items, data)),
        map=to_fragment(m, height=560),
        incident_rows=_incident_rows(incidents) or '<tr><td colspan="9">No incidents.</td></tr>',
        actor_rows=_actor_rows(items) or '<tr><td colspan="6">No actors.</td></tr>',
        sources=_source_items(items) or "<li>No sources recorded.</li>",
        credits=html.escape(assets.leaflet().credit),
        # No timestamp unless asked for: the same input gives the same file.
        generated=html.escape(
            f"Generated {generated} by geomap." if generated else "Made with geomap."
        ),
    )
    return atomic_write(path, page.encode("utf-8", errors="replace"))


def _report_summary(items: list[Extraction], data: _Data) -> str:
    published = sorted({e.published.isoformat() for e in items if e.published})
    span = ""
    if published:
        span = f", published {published[0]}"
        span += f" to {published[-1]}" if len(published) > 1 else ""
    # The same counts, in the same words, as the CLI summary and the map's box.
    return f"{_plural(len(items), 'document')}{span}: {summary_text(counts_of(data))}."


def _incident_rows(incidents: list[Incident]) -> str:
    rows = []
    for incident in incidents:
        actors = " ↔ ".join(x for x in (incident.actor1, incident.actor2) if x)
        place = incident.location_text or (incident.place.name if incident.place else "")
        cells = [
            _cell_html(_date_label(incident) or "undated"),
            _cell_html(incident.event_type),
            _cell_html(incident.sub_event_type),
            _cell_html(actors),
            _cell_html(place) + ("" if incident.place else " <em>(not placed)</em>"),
            _cell_html(incident_precision(incident) if incident.place else None),
            _cell_html(incident.fatalities),
            _cell_html(incident.notes),
            _source_html(incident.source),
        ]
        classes = [""] * 7 + [' class="evidence"', ' class="source"']
        row = "".join(f"<td{cls}>{c}</td>" for cls, c in zip(classes, cells, strict=True))
        rows.append(f"<tr>{row}</tr>")
    return "\n".join(rows)


def _actor_rows(items: list[Extraction]) -> str:
    rows = []
    for actor in (a for ext in items for a in ext.actors):
        place = actor.place.address if actor.place else None
        values = (actor.name, actor.kind, actor.role, actor.affiliation, place, actor.location_note)
        rows.append("<tr>" + "".join(f"<td>{_cell_html(v)}</td>" for v in values) + "</tr>")
    return "\n".join(rows)


def _source_items(items: list[Extraction]) -> str:
    sources = {ext.source for ext in items} | {i.source for ext in items for i in ext.incidents}
    return "\n".join(f"<li>{_source_html(s)}</li>" for s in sorted(s for s in sources if s))


_REPORT_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1200px;
  padding: 16px 24px; color: #1d1d1d; }}
h1 {{ margin: 0 0 4px; font-size: 22px; }}
h2 {{ margin-top: 28px; font-size: 17px; border-bottom: 1px solid #ddd; padding-bottom: 3px; }}
.table-wrap {{ overflow-x: auto; }}
table {{ border-collapse: collapse; width: 100%; font-size: 13px; }}
td.evidence {{ min-width: 18em; }}
td.source {{ word-break: break-all; min-width: 10em; }}
th, td {{ border-bottom: 1px solid #e3e3e3; padding: 4px 6px; text-align: left;
  vertical-align: top; }}
th {{ background: #f4f4f4; position: sticky; top: 0; }}
.summary {{ color: #444; }}
footer {{ margin-top: 28px; font-size: 12px; color: #666; }}
@media print {{ .geomap-fragment {{ break-inside: avoid; }} }}
</style>
</head>
<body>
<h1>{title}</h1>
<p class="summary">{summary}</p>
<h2>Map</h2>
{map}
<h2>Incidents</h2>
<div class="table-wrap"><table class="incidents">
<thead><tr><th>Date</th><th>Event type</th><th>Sub-type</th><th>Actors</th><th>Location</th>
<th>Precision</th><th>Fatalities</th><th>Evidence</th><th>Source</th></tr></thead>
<tbody>
{incident_rows}
</tbody>
</table></div>
<h2>Actors</h2>
<div class="table-wrap"><table class="actors">
<thead><tr><th>Name</th><th>Kind</th><th>Role</th><th>Affiliation</th><th>Place</th>
<th>Located by</th></tr></thead>
<tbody>
{actor_rows}
</tbody>
</table></div>
<h2>Sources</h2>
<ul class="sources">
{sources}
</ul>
<footer>{generated} Map: {credits}. Boundaries: Natural Earth (public
domain). Places: GeoNames (CC-BY 4.0).</footer>
</body>
</html>
"""
