"""One set of counts, in one wording, for the CLI summary, the map's box and the report."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..models import Extraction
from .inputs import _collect, _Data
from .symbology import incident_precision


@dataclass(frozen=True, slots=True)
class Counts:
    """What a map or report holds, as its reader is told."""

    incidents: int
    placed_incidents: int
    approximate_incidents: int
    mentions: int
    placed_mentions: int
    places: int
    actors: int
    located_actors: int

    @property
    def unplaced_incidents(self) -> int:
        return self.incidents - self.placed_incidents

    @property
    def unplaced_mentions(self) -> int:
        return self.mentions - self.placed_mentions


def counts_of(data: _Data) -> Counts:
    names = {a.name.casefold().strip() for a in data.actors}
    located = {a.name.casefold().strip() for a in data.actors if a.place is not None}
    return Counts(
        incidents=len(data.incidents) + len(data.unplaced_incidents),
        placed_incidents=len(data.incidents),
        approximate_incidents=sum(1 for i in data.incidents if incident_precision(i) > 1),
        mentions=len(data.mentions) + len(data.unplaced_mentions),
        placed_mentions=len(data.mentions),
        places=len({m.place.id for m in data.mentions if m.place is not None}),
        actors=len(names),
        located_actors=len(located),
    )


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def summary_text(counts: Counts) -> str:
    """E.g. "3 incidents (3 placed, 2 approximate), 55 place mentions at 31
    places (0 not placed), 26 actors (20 located)"."""
    return (
        f"{_plural(counts.incidents, 'incident')} ({counts.placed_incidents} placed, "
        f"{counts.approximate_incidents} approximate), "
        f"{_plural(counts.mentions, 'place mention')} at {_plural(counts.places, 'place')} "
        f"({counts.unplaced_mentions} not placed), "
        f"{_plural(counts.actors, 'actor')} ({counts.located_actors} located)"
    )


def summary(data: Extraction | Iterable[Extraction] | object) -> str:
    """The summary line for extractions (or an incident GeoDataFrame)."""
    return summary_text(counts_of(_collect(data)))
