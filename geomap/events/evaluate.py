"""Score incident extraction against ACLED-coded events.

ACLED (acleddata.com) codes each event by hand: a short description (the
``notes``), an event type and sub-type, a date, a located point with a
geo-precision and a conservative fatality count. Any export in ACLED's
column layout is a gold standard for geomap's extraction: the note is the
text, the rest of the row is what a trained coder read from it.

Per record, the note is extracted with a publication date of the event date
plus ``published_offset`` days (so that the date has to be read from the text,
not copied from publication), and the *main incident* (see
:func:`main_incident`) is compared with the coding:

found
    at least one incident was extracted;
type, sub-type
    the main incident's event type and sub-event type equal the coder's
    (rows of ACLED's pre-2019 taxonomy are mapped to the current one; an old
    row whose sub-type the old type does not determine is left out of the
    sub-type figure);
distance
    great-circle km from the main incident's place to the coder's point,
    counted within 10, 25, 50 and 161 km; an incident with no place, or no
    incident, counts as "no place" and as beyond every threshold;
fatalities
    exact, and within 20 %, over records where the coder recorded deaths;
date
    the main incident's date equals the coder's, over records whose note
    states the day (the day and the month's name stand together in it), and
    over all records as a secondary figure.

Records of "Strategic developments" (contextual events: arrests, looting,
agreements) are left out by default: the targets are set on violent events,
protests and riots.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from ..errors import InputError
from ..models import Extraction, Incident
from .taxonomy import SEVERITY

__all__ = [
    "EventRecord",
    "EventScore",
    "EventsReport",
    "current_taxonomy",
    "evaluate_events",
    "main_incident",
    "read_acled",
    "split_of",
]

STRATEGIC = "Strategic developments"
REQUIRED = ("notes", "event_date", "event_type", "latitude", "longitude")
THRESHOLDS_KM = (10, 25, 50, 161)
Split = Literal["dev", "test", "all"]

# ACLED's pre-2019 event types, mapped to (type, sub-type) of the current
# taxonomy as its codebook does; None where the old type does not determine
# the sub-type. "Riots/Protests" is decided by the actor's name below.
_OLD_TAXONOMY: dict[str, tuple[str, str | None]] = {
    "battle-no change of territory": ("Battles", "Armed clash"),
    "battle-government regains territory": ("Battles", "Government regains territory"),
    "battle-non-state actor overtakes territory": (
        "Battles",
        "Non-state actor overtakes territory",
    ),
    "remote violence": ("Explosions/Remote violence", None),
    "violence against civilians": ("Violence against civilians", None),
    "strategic development": (STRATEGIC, None),
    "non-violent transfer of territory": (STRATEGIC, "Non-violent transfer of territory"),
    "headquarters or base established": (STRATEGIC, "Headquarters or base established"),
}
_CURRENT_TYPES = {
    "battles": "Battles",
    "explosions/remote violence": "Explosions/Remote violence",
    "violence against civilians": "Violence against civilians",
    "protests": "Protests",
    "riots": "Riots",
    "strategic developments": STRATEGIC,
}


def current_taxonomy(
    event_type: str,
    sub_event_type: str | None,
    actor1: str | None = None,
    actor2: str | None = None,
) -> tuple[frozenset[str], str | None]:
    """The accepted current event types and the sub-type of a coded row.

    Old "Riots/Protests" rows are Protests when ACLED named the actor
    "Protesters (...)", Riots for "Rioters (...)", and either otherwise.
    Old "Violence against civilians" by rioters is mob violence (Riots) in
    the current taxonomy, and against protesters it is excessive force
    against protesters (Protests): either type is accepted for those rows.
    """
    key = " ".join(event_type.strip().lower().split())
    sub = (sub_event_type or "").strip() or None
    actors = [(a or "").strip().lower() for a in (actor1, actor2)]
    if key == "violence against civilians" and sub is None:
        # An old row (the current taxonomy always gives a sub-type).
        if actors[0].startswith("rioters"):
            return frozenset({_CURRENT_TYPES[key], "Riots"}), None
        if any(a.startswith("protesters") for a in actors):
            return frozenset({_CURRENT_TYPES[key], "Protests"}), None
    if key in _CURRENT_TYPES:
        return frozenset({_CURRENT_TYPES[key]}), sub
    if key == "riots/protests":
        actor = (actor1 or "").strip().lower()
        if actor.startswith("protesters"):
            return frozenset({"Protests"}), None
        if actor.startswith("rioters"):
            return frozenset({"Riots"}), None
        return frozenset({"Protests", "Riots"}), None
    if key in _OLD_TAXONOMY:
        new_type, new_sub = _OLD_TAXONOMY[key]
        return frozenset({new_type}), sub or new_sub
    raise InputError(f"unknown ACLED event type {event_type!r}")


@dataclass(frozen=True, slots=True)
class EventRecord:
    """One coded event: the note and the coder's reading of it."""

    row: int
    id: str
    notes: str
    date: dt.date
    types: frozenset[str]
    sub_event_type: str | None
    latitude: float
    longitude: float
    geo_precision: int | None
    fatalities: int | None
    country: str
    # The value of the column asked for with ``read_acled(..., by=...)``:
    # figures by source, year or region of the user's own export.
    group: str = ""

    @property
    def type_label(self) -> str:
        return " | ".join(sorted(self.types))


def _int(value: str | None) -> int | None:
    try:
        return int(float(value)) if value not in (None, "") else None
    except ValueError:
        return None


def _date(value: str) -> dt.date:
    value = value.strip()
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d/%m/%Y", "%d-%b-%y", "%d %b %Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"cannot read the date {value!r}")


def read_acled(path: str | Path | IO[str], *, by: str | None = None) -> Iterator[EventRecord]:
    """The coded events of an ACLED-format CSV export, in file order.

    ``by`` names a column whose value each record keeps as its ``group``.
    Raises :class:`InputError` naming the file and line when a required
    column (or ``by``) is missing or a row cannot be read.
    """
    name = str(getattr(path, "name", path))
    handle: IO[str]
    if isinstance(path, (str, Path)):
        try:
            handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115
        except OSError as exc:
            raise InputError(f"cannot read {name}: {exc.strerror or exc}") from exc
    else:
        handle = path
    try:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(
                f"{name} is not an ACLED export: missing column(s) {', '.join(missing)}"
            )
        if by is not None and by not in (reader.fieldnames or []):
            raise InputError(
                f"{name} has no column {by!r}; its columns: {', '.join(reader.fieldnames or [])}"
            )
        for line, row in enumerate(reader, start=2):
            notes = (row.get("notes") or "").strip()
            if not notes:
                continue
            try:
                types, sub = current_taxonomy(
                    row["event_type"],
                    row.get("sub_event_type"),
                    row.get("actor1"),
                    row.get("actor2"),
                )
                record = EventRecord(
                    row=line,
                    id=(row.get("event_id_cnty") or row.get("data_id") or str(line)).strip(),
                    notes=notes,
                    date=_date(row["event_date"]),
                    types=types,
                    sub_event_type=sub,
                    latitude=float(row["latitude"]),
                    longitude=float(row["longitude"]),
                    geo_precision=_int(row.get("geo_precision")),
                    fatalities=_int(row.get("fatalities")),
                    country=(row.get("country") or "").strip() or "?",
                    group=(row.get(by) or "").strip() or "?" if by else "",
                )
            except (ValueError, KeyError) as exc:
                raise InputError(f"{name}, line {line}: {exc}") from exc
            yield record
    finally:
        if handle is not path:
            handle.close()


def split_of(record: EventRecord) -> Literal["dev", "test"]:
    """A fixed 80/20 split by the note's text.

    Hashing the note (not the row) keeps the rows ACLED cut from one report
    on the same side, so nothing tuned on a note is scored again as "test".
    """
    digest = hashlib.sha1(record.notes.encode("utf-8")).digest()
    return "test" if digest[0] % 5 == 0 else "dev"


def main_incident(extraction: Extraction) -> Incident | None:
    """The incident a coder would record first: the most severe, then the first.

    Severity follows ACLED's own ordering of political violence over
    demonstrations over strategic developments; within a class the
    extractor's text order decides (the lead sentence reports the event).
    """
    if not extraction.incidents:
        return None
    return min(
        enumerate(extraction.incidents),
        key=lambda pair: (SEVERITY.get(pair[1].event_type, 3), pair[0]),
    )[1]


_MONTHS = (
    "january february march april may june july august september october november december"
).split()


def states_day(notes: str, day: dt.date) -> bool:
    """Does the note name this day ("29 April", "April 29", "29/04/2020")?"""
    month = _MONTHS[day.month - 1]
    mon = month[:3]
    d = day.day
    patterns = (
        rf"\b0?{d}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{month}|{mon}\.?)\b",
        rf"\b(?:{month}|{mon}\.?)\s+0?{d}(?:st|nd|rd|th)?\b",
        rf"\b0?{d}[/.-]0?{day.month}[/.-](?:{day.year}|{day.year % 100:02d})\b",
        rf"\b{day.isoformat()}\b",
    )
    return any(re.search(p, notes, re.IGNORECASE) for p in patterns)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True, slots=True)
class EventScore:
    """How one record's main incident compares with its coding."""

    record: EventRecord
    incident: Incident | None
    incidents: int
    km: float | None
    day_stated: bool

    @property
    def found(self) -> bool:
        return self.incident is not None

    @property
    def type_ok(self) -> bool:
        return self.incident is not None and self.incident.event_type in self.record.types

    @property
    def sub_type_ok(self) -> bool | None:
        if self.record.sub_event_type is None:
            return None
        return self.incident is not None and (
            self.incident.sub_event_type == self.record.sub_event_type
        )

    def within(self, km: float) -> bool:
        return self.km is not None and self.km <= km

    @property
    def deaths_exact(self) -> bool | None:
        gold = self.record.fatalities
        if not gold:
            return None
        return self.incident is not None and self.incident.fatalities == gold

    @property
    def deaths_close(self) -> bool | None:
        gold = self.record.fatalities
        if not gold:
            return None
        got = self.incident.fatalities if self.incident is not None else None
        return got is not None and abs(got - gold) <= 0.2 * gold

    @property
    def date_ok(self) -> bool:
        return self.incident is not None and self.incident.date == self.record.date

    def to_dict(self) -> dict[str, Any]:
        r, inc = self.record, self.incident
        return {
            "row": r.row,
            "id": r.id,
            "country": r.country,
            "notes": r.notes,
            "gold": {
                "event_type": r.type_label,
                "sub_event_type": r.sub_event_type,
                "event_date": r.date.isoformat(),
                "latitude": r.latitude,
                "longitude": r.longitude,
                "geo_precision": r.geo_precision,
                "fatalities": r.fatalities,
            },
            "extracted": None if inc is None else inc.to_dict(),
            "incidents": self.incidents,
            "km": None if self.km is None else round(self.km, 1),
            "day_stated": self.day_stated,
            "ok": {
                "type": self.type_ok,
                "sub_type": self.sub_type_ok,
                "within_25km": self.within(25),
                "deaths_exact": self.deaths_exact,
                "date": self.date_ok,
            },
        }


def _share(flags: Iterable[bool | None]) -> tuple[float | None, int]:
    values = [f for f in flags if f is not None]
    return (sum(values) / len(values) if values else None), len(values)


@dataclass
class EventsReport:
    """Figures over a set of scored records, overall and by group."""

    scores: list[EventScore] = field(default_factory=list)

    def figures(self, scores: Sequence[EventScore] | None = None) -> dict[str, Any]:
        s = self.scores if scores is None else scores
        out: dict[str, Any] = {"records": len(s)}

        def put(name: str, flags: Iterable[bool | None]) -> None:
            value, n = _share(flags)
            out[name] = None if value is None else round(100 * value, 1)
            out[f"{name}_n"] = n

        put("found", (x.found for x in s))
        put("type", (x.type_ok for x in s))
        put("sub_type", (x.sub_type_ok for x in s))
        for km in THRESHOLDS_KM:
            put(f"within_{km}km", (x.within(km) for x in s))
        put("no_place", (x.km is None for x in s))
        put("deaths_exact", (x.deaths_exact for x in s))
        put("deaths_within_20pct", (x.deaths_close for x in s))
        put("date_stated_day", (x.date_ok if x.day_stated else None for x in s))
        put("date_all", (x.date_ok for x in s))
        return out

    def by(self, key: Callable[[EventScore], str]) -> dict[str, dict[str, Any]]:
        groups: dict[str, list[EventScore]] = defaultdict(list)
        for s in self.scores:
            groups[key(s)].append(s)
        return {k: self.figures(v) for k, v in sorted(groups.items(), key=lambda kv: -len(kv[1]))}

    def to_dict(self, *, by: str | None = None) -> dict[str, Any]:
        out = {
            "overall": self.figures(),
            "by_event_type": self.by(lambda s: s.record.type_label),
            "by_country": self.by(lambda s: s.record.country),
        }
        if by:
            out[f"by_{by}"] = self.by(lambda s: s.record.group)
        return out

    def confusion(self) -> Counter[tuple[str, str]]:
        """(gold type, extracted type) counts, for reading errors."""
        return Counter(
            (s.record.type_label, s.incident.event_type if s.incident else "-") for s in self.scores
        )

    def format(self, *, max_countries: int = 15, by: str | None = None) -> str:
        cols = [
            ("records", "n"),
            ("found", "found"),
            ("type", "type"),
            ("sub_type", "sub"),
            ("within_10km", "10km"),
            ("within_25km", "25km"),
            ("within_50km", "50km"),
            ("within_161km", "161km"),
            ("no_place", "noplace"),
            ("deaths_exact", "deaths="),
            ("deaths_within_20pct", "±20%"),
            ("date_stated_day", "date"),
        ]

        def row(label: str, f: dict[str, Any]) -> str:
            cells = []
            for key, _ in cols:
                v = f.get(key)
                cells.append("-" if v is None else (str(v) if key == "records" else f"{v:.1f}"))
            return f"{label[:32]:<32}" + "".join(f"{c:>9}" for c in cells)

        header = f"{'':<32}" + "".join(f"{h:>9}" for _, h in cols)
        lines = ["All records (% of records; fatalities over deaths > 0; date where stated)"]
        lines += [header, row("all", self.figures()), "", "By event type", header]
        lines += [row(k, v) for k, v in self.by(lambda s: s.record.type_label).items()]
        countries = self.by(lambda s: s.record.country)
        lines += ["", f"By country (largest {max_countries})", header]
        lines += [row(k, v) for k, v in list(countries.items())[:max_countries]]
        if by:
            lines += ["", f"By {by}", header]
            lines += [row(k, v) for k, v in self.by(lambda s: s.record.group).items()]
        return "\n".join(lines)


def score_record(record: EventRecord, extraction: Extraction) -> EventScore:
    inc = main_incident(extraction)
    km = None
    if inc is not None and inc.place is not None:
        km = _km(record.latitude, record.longitude, inc.place.latitude, inc.place.longitude)
    return EventScore(
        record=record,
        incident=inc,
        incidents=len(extraction.incidents),
        km=km,
        day_stated=states_day(record.notes, record.date),
    )


def evaluate_events(
    records: Iterable[EventRecord],
    extract: Callable[[str, dt.date], Extraction],
    *,
    published_offset: int = 1,
    include_strategic: bool = False,
    split: Split = "all",
    errors: IO[str] | None = None,
    progress: Callable[[int], None] | None = None,
    limit: int | None = None,
) -> EventsReport:
    """Extract every record's note and score it against its coding.

    ``extract(text, published)`` is the extraction under test, e.g.
    ``lambda t, p: geomap.extract(t, published=p)``. With ``errors`` given,
    one JSON line per record (gold beside extracted) is written to it;
    ``limit`` stops after that many scored records.
    """
    report = EventsReport()
    for record in records:
        if limit is not None and len(report.scores) >= limit:
            break
        if not include_strategic and record.types == {STRATEGIC}:
            continue
        if split != "all" and split_of(record) != split:
            continue
        published = record.date + dt.timedelta(days=published_offset)
        score = score_record(record, extract(record.notes, published))
        report.scores.append(score)
        if errors is not None:
            errors.write(json.dumps(score.to_dict(), ensure_ascii=False) + "\n")
        if progress is not None:
            progress(len(report.scores))
    return report
