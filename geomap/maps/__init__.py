"""Incident maps that draw with no network: interactive HTML, fragments, images.

:func:`incident_map` turns extractions (or an incident GeoDataFrame) into a
``folium.Map`` whose page carries Leaflet, its images and geomap's small
runtime inline (see :mod:`geomap.assets`), so a file written by
:func:`save_html` opens fully on an air-gapped laptop. Tiles are used only when
asked for; the default background is a vector basemap of country and admin-1
polygons from the bundled gazetteer.

Data is embedded once as JSON and turned into Leaflet layers by the runtime
rather than as thousands of folium objects: a folium ``Marker`` per incident
costs about 1 ms and 1 KB, and its ``Popup`` would need jQuery and embeds
text inside a JS template literal. Every string that comes from the data is
``html.escape``-d in Python and the JSON is made safe for a ``<script>`` block.

Precision is drawn honestly: an incident or mention located only to an area
(ACLED geo precision 2 or 3) appears as that area's outline, or as a dashed
circle of 10 km / 50 km when no polygon is known, never as a pin.

Modules: :mod:`.symbology` (colours, shapes, sizes), :mod:`.inputs` (what is
drawn), :mod:`.payload` and :mod:`.layers` (the JSON the page runtime reads),
:mod:`.basemap`, :mod:`.elements` (folium/branca elements), :mod:`.interactive`
(:func:`incident_map`), :mod:`.output` (page, fragment, iframe), :mod:`.png`,
:mod:`.static` and :mod:`.report`. The page runtime itself is plain
``runtime.js``/``runtime.css`` next to them.
"""

from __future__ import annotations

from .. import assets
from .counts import Counts, counts_of, summary
from .elements import OfflineMap
from .interactive import incident_map
from .output import external_references, save_html, to_fragment, to_iframe
from .png import chromium_flags, find_chromium, to_png
from .report import report_html
from .static import static_map
from .symbology import (
    EVENT_STYLES,
    LINKS_ALWAYS_SHOWN,
    OTHER_STYLE,
    PRECISION_RADIUS_M,
    EventStyle,
    incident_precision,
    marker_size,
    mention_precision,
)

__all__ = [
    "EVENT_STYLES",
    "LINKS_ALWAYS_SHOWN",
    "OTHER_STYLE",
    "PRECISION_RADIUS_M",
    "Counts",
    "EventStyle",
    "OfflineMap",
    "assets",
    "chromium_flags",
    "counts_of",
    "external_references",
    "find_chromium",
    "incident_map",
    "incident_precision",
    "marker_size",
    "mention_precision",
    "report_html",
    "save_html",
    "static_map",
    "summary",
    "to_fragment",
    "to_iframe",
    "to_png",
]
