"""Legend and info box HTML."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from .. import assets

if TYPE_CHECKING:
    pass

from .counts import counts_of, summary_text
from .inputs import _Data
from .payload import _Layers
from .symbology import _OTHER, _STYLES, ACTOR_COLOUR, marker_size

# ---------------------------------------------------------------------------
# Legend and info box HTML


def _legend_html(layers: _Layers) -> str:
    items = [s for i, s in enumerate(_STYLES) if i < _OTHER or i in layers.styles_used]
    rows = "".join(
        f"<li>{assets.symbol_svg(s.shape, s.colour, 16)}<span>{html.escape(s.label)}</span></li>"
        for s in items
    )
    sizes = "".join(
        f'<span title="{n} fatalities">{assets.symbol_svg("circle", "#bbbbbb", marker_size(n))}'
        f"</span>"
        for n in (0, 5, 25)
    )
    extra = [
        '<li><span class="geomap-swatch-area"></span>'
        "<span>Located only to an area (precision 2–3)</span></li>",
        f"<li>{assets.symbol_svg('pentagon', ACTOR_COLOUR, 11, stroke='#ffffff')}"
        "<span>Actor (where it is based)</span></li>",
        f"<li>{assets.symbol_svg('dot', '#333333', 16, stroke='#ffffff')}"
        "<span>Mentioned place</span></li>",
        '<li><span class="geomap-swatch-region"></span><span>Mentioned region</span></li>',
    ]
    return (
        '<details open data-fold-below="520"><summary>Legend</summary>'
        "<h4>Incidents by event type</h4>"
        f"<ul>{rows}</ul>"
        f'<div class="geomap-sizes">{sizes}<span>size: fatalities (0, 5, 25)</span></div>'
        f'<ul class="geomap-note">{"".join(extra)}</ul></details>'
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _info_html(data: _Data, layers: _Layers) -> str:
    n_mentions, n_incidents = len(data.unplaced_mentions), len(data.unplaced_incidents)
    # The same counts, in the same words, as the CLI summary and the report.
    summary = f'<div class="geomap-shown">{html.escape(summary_text(counts_of(data)))}.</div>'
    counts = (
        f'<span class="geomap-unplaced-mentions">{_plural(n_mentions, "mention")}</span> and '
        f'<span class="geomap-unplaced-incidents">{_plural(n_incidents, "incident")}</span>'
    )
    listing = ""
    if n_mentions or n_incidents:
        entries = [f"<li>mention: {html.escape(t)}</li>" for t in data.unplaced_mentions[:100]]
        entries += [f"<li>incident: {html.escape(t)}</li>" for t in data.unplaced_incidents[:100]]
        listing = f"<details><summary>list</summary><ul>{''.join(entries)}</ul></details>"
    return (
        f'{summary}<div class="geomap-unplaced"><b>Could not be placed:</b> {counts}.'
        f"{listing}</div>"
    )
