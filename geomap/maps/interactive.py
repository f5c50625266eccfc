"""incident_map: the interactive folium map."""

from __future__ import annotations

import hashlib
import html
import os
import warnings
from collections.abc import Iterable
from typing import TYPE_CHECKING

import folium
import numpy as np
import shapely
from branca.element import MacroElement
from shapely.geometry.base import BaseGeometry

from ..errors import InputError
from ..models import Extraction

if TYPE_CHECKING:
    import geopandas

from .basemap import _boundary_folder, basemap_payload, load, near_box
from .elements import (
    Legend,
    OfflineMap,
    _Control,
    _Credits,
    _DateFilter,
    _descendants,
    _Fit,
    _IncidentList,
    _RuntimeLayer,
    _Title,
)
from .inputs import _collect
from .labels import incident_countries, label_candidates
from .layers import _build_layers
from .legend import _info_html, _legend_html
from .symbology import LINKS_ALWAYS_SHOWN
from .water import CREDIT as WATER_CREDIT
from .water import water_payload


def _fit(m: folium.Map, extent: list[BaseGeometry]) -> None:
    if not extent:
        m.add_child(_Fit([[-50, -160], [70, 160]], 18), name="geomap_fit")
        return
    minx, miny, maxx, maxy = shapely.total_bounds(np.asarray(extent, dtype=object))
    # max_zoom: a single point would otherwise zoom to street level, implying
    # a detail the data does not have. Fitted without animation: an animated
    # zoom left Chromium showing a custom pane only partly redrawn.
    m.add_child(_Fit([[miny, minx], [maxy, maxx]], FIT_MAX_ZOOM), name="geomap_fit")


# Closer than this, a town's incidents would fill the screen with no place
# around them to say where they are.
FIT_MAX_ZOOM = 10

# Short, so the attribution stays on one line (Natural Earth is public
# domain; the README gives the full credits).
CREDITS = (
    "Boundaries: Natural Earth",
    "Places: GeoNames (CC-BY 4.0)",
)


def credits_html(tiles_attribution: str | None = None) -> list[str]:
    """The data credits every map carries (Leaflet's own is the control's prefix)."""
    items = [html.escape(c) for c in CREDITS]
    if tiles_attribution:
        # Entities such as &copy; are kept; markup is shown as text, never run.
        items.append("Tiles: " + html.escape(html.unescape(tiles_attribution), quote=True))
    return items


def _should_cluster(count: int, threshold: int | None) -> bool:
    return threshold is not None and count > threshold


def incident_map(
    data: Extraction | Iterable[Extraction] | geopandas.GeoDataFrame,
    *,
    tiles: str | folium.TileLayer | None = None,
    basemap: bool | str | os.PathLike[str] = True,
    cluster_threshold: int | None = 200,
    link_actors: bool = False,
    title: str | None = None,
    tiles_attribution: str | None = None,
    labels: bool = True,
    incident_list: bool = True,
) -> OfflineMap:
    """An interactive map of incidents, actors, mentioned places and areas.

    Parameters
    ----------
    data
        An Extraction, an iterable of them, or a GeoDataFrame with geomap's
        incident columns (event_type, sub_event_type, event_date, actor1,
        actor2, fatalities, geo_precision, notes, source, location, geometry).
    tiles
        Online tiles to draw under the data (e.g. ``"OpenStreetMap"``); the
        page then needs the network for its background. Default: none.
    basemap
        Draw country and admin-1 polygons from the gazetteer (True), from a
        folder holding ``countries.geojson.gz``/``admin1.geojson.gz``, or not.
    cluster_threshold
        Cluster incident markers when there are more than this many; None:
        never. Clusters show their count on a ring split by event type.
    link_actors
        Draw a line from each incident to the located actors it names (see
        :func:`geomap.maps.payload.incident_names_actor`; with more than
        LINKS_ALWAYS_SHOWN links, only while the actor's popup is open).
    title
        Shown on the map and as the page title.
    tiles_attribution
        The tile provider's attribution, required with a custom tile URL;
        shown with the data credits (Natural Earth, GeoNames) on the map.
    labels
        Place labels from the gazetteer (incident places first, then
        countries, cities by population and regions, without collisions).
    incident_list
        A list of the incidents beside the map (below it on narrow pages):
        clicking a row zooms to the incident and opens its popup.

    The result is a folium.Map: add layers or controls as usual, then write it
    with :func:`save_html`. ``m.geomap_layers`` holds the FeatureGroups
    "Incidents", "Actors", "Mentioned places", "Areas" (and "Basemap", "Labels").
    """
    collected = _collect(data)
    layers = _build_layers(collected, link_actors)
    tile_layer = _tile_layer(tiles, tiles_attribution)
    m = OfflineMap(title=title, offline=tile_layer is None, zoom_start=2, location=[20, 0])
    if tile_layer is not None:
        tile_layer.add_to(m)

    # Regions and small towns are drawn near where the map opens (the
    # focus); countries everywhere, at the same level of detail.
    framed = layers.focus or layers.extent
    extent = shapely.union_all(np.asarray(framed, dtype=object)) if framed else None
    near = near_box(extent)
    folder = _boundary_folder(basemap)
    base = load(folder)
    countries = incident_countries(collected)
    if base is not None:
        group = folium.FeatureGroup(name="Basemap")
        shapes = basemap_payload(base, near, tile_layer is None, countries)
        shapes.update(water_payload(near))
        group.add_child(_RuntimeLayer("basemap", shapes))
        _add_group(m, "Basemap", group)
    elif folder is not None and basemap is not True:
        warnings.warn(f"no boundary files found in {folder}", stacklevel=2)

    _add_group(m, "Areas", _RuntimeLayer("areas", layers.areas))
    _add_group(m, "Mentioned places", _RuntimeLayer("places", layers.places))
    on_demand = len(layers.actors["l"]) > LINKS_ALWAYS_SHOWN
    _add_group(m, "Actors", _RuntimeLayer("actors", layers.actors, linksOnDemand=on_demand))
    cluster = _should_cluster(layers.point_count, cluster_threshold)
    _add_group(m, "Incidents", _RuntimeLayer("incidents", layers.incidents, cluster=cluster))
    if labels:
        payload = label_candidates(
            layers.incidents,
            layers.groups,
            base,
            near,
            countries,
            clustered=cluster,
        )
        _add_group(m, "Labels", _RuntimeLayer("labels", payload))

    m.add_child(Legend(_legend_html(layers)), name="geomap_legend")
    m.add_child(_Control(_info_html(collected, layers), "geomap-info", "bottomleft"))
    credits = credits_html(tiles_attribution)
    if base is not None and water_payload(None):
        credits.insert(1, html.escape(WATER_CREDIT))
    m.add_child(_Credits(credits), name="geomap_credits")
    if len(layers.dates) > 1:
        m.add_child(_DateFilter(layers.dates, layers.undated), name="geomap_datefilter")
    if title:
        m.add_child(_Title(title))
    folium.LayerControl(collapsed=True).add_to(m)
    if incident_list and collected.incidents:
        m.add_child(_IncidentList(), name="geomap_incident_list")
    _fit(m, layers.focus or layers.extent)
    _stable_ids(m)
    return m


def _stable_ids(m: folium.Map) -> None:
    """Name every element from the map's content instead of at random.

    branca draws each element's id from os.urandom, so the same data gave a
    different file each run. Ids derived from the payloads keep the output
    byte-identical, and different maps (two fragments on one page) apart.
    """
    digest = hashlib.sha256()
    elements = [m.get_root(), m, *_descendants(m)]
    for element in elements:
        digest.update(type(element).__name__.encode())
        digest.update(str(getattr(element, "payload", "")).encode())
    seed = digest.hexdigest()
    for index, element in enumerate(elements):
        element._id = hashlib.sha256(f"{seed}:{index}".encode()).hexdigest()[:32]


def _tile_layer(
    tiles: str | folium.TileLayer | None, attribution: str | None = None
) -> folium.TileLayer | None:
    if tiles is None or isinstance(tiles, folium.TileLayer):
        return tiles
    try:
        # The attribution is shown by geomap's credits (escaped), not twice.
        return folium.TileLayer(tiles, name=str(tiles), attr=" " if attribution else None)
    except ValueError as error:
        raise InputError(f"cannot use tiles {tiles!r}: {error}") from error


def _add_group(m: OfflineMap, name: str, content: MacroElement) -> None:
    group = content if isinstance(content, folium.FeatureGroup) else None
    if group is None:
        group = folium.FeatureGroup(name=name)
        group.add_child(content)
    m.add_child(group, name=f"geomap_{name.lower().replace(' ', '_')}")
    m.geomap_layers[name] = group


# ---------------------------------------------------------------------------
# Output: page, fragment, iframe
