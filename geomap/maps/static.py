"""Static PNG/SVG maps drawn with matplotlib, offline."""

from __future__ import annotations

import io
import math
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from ..errors import InputError
from ..models import Extraction
from ..scale.files import atomic_write

if TYPE_CHECKING:
    import geopandas

from .basemap import _boundary_folder, basemap_shapes, load, near_box
from .inputs import _collect, _Data
from .labels import COUNTRY, INCIDENT, incident_countries, label_candidates
from .layers import _build_layers
from .payload import _area_places, _Layers
from .symbology import (
    _STYLES,
    ACTOR_COLOUR,
    PRECISION_RADIUS_M,
    _style_index,
    incident_precision,
    marker_size,
    mention_precision,
)
from .water import water_shapes


def _geodesic_circle(lat: float, lon: float, radius_m: float) -> BaseGeometry:
    from pyproj import Geod

    azimuths = np.linspace(0, 360, 73)
    lons, lats, _ = Geod(ellps="WGS84").fwd(
        np.full_like(azimuths, lon),
        np.full_like(azimuths, lat),
        azimuths,
        np.full_like(azimuths, radius_m),
    )
    return shapely.Polygon(zip(lons, lats, strict=True))


def _imprecise_shapes(data: _Data) -> list[tuple[BaseGeometry, str]]:
    shapes: dict[tuple[str, int], tuple[BaseGeometry, str]] = {}
    for incident in data.incidents:
        place = incident.place
        precision = incident_precision(incident)
        if place is None or precision == 1:
            continue
        key = (place.id, 0 if place.area is not None else precision)
        if key not in shapes:
            geom = place.area
            if geom is None:
                geom = _geodesic_circle(
                    place.latitude, place.longitude, PRECISION_RADIUS_M[precision]
                )
            shapes[key] = (geom, _STYLES[_style_index(incident.event_type)].colour)
    return list(shapes.values())


def static_map(
    data: Extraction | Iterable[Extraction] | geopandas.GeoDataFrame,
    path: str | os.PathLike[str],
    *,
    basemap: bool | str | os.PathLike[str] = True,
    title: str | None = None,
    size: tuple[float, float] = (10.0, 7.0),
    dpi: int = 150,
) -> Path:
    """The same layers drawn with matplotlib to PNG or SVG (by suffix), offline.

    For reports and PDFs: basemap polygons, areas, approximate incidents as
    outlines, incidents coloured and shaped by type, actors, place labels, a
    legend of what is drawn and the data credits.
    """
    import matplotlib

    target = Path(path)
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise InputError(f"cannot write a static map as {target.suffix!r}: use .png or .svg")
    fig, _ = _figure(data, basemap=basemap, title=title, size=size, dpi=dpi)
    buffer = io.BytesIO()
    # No creation date in the file, and SVG ids from a fixed salt: the same
    # data gives the same bytes.
    metadata: dict[str, Any] = {"Date": None} if fmt in ("svg", "pdf") else {}
    with matplotlib.rc_context({"svg.hashsalt": "geomap"}):
        fig.savefig(buffer, format=fmt, bbox_inches="tight", metadata=metadata)
    return atomic_write(target, buffer.getvalue())


def _figure(
    data: Extraction | Iterable[Extraction] | geopandas.GeoDataFrame,
    *,
    basemap: bool | str | os.PathLike[str] = True,
    title: str | None = None,
    size: tuple[float, float] = (10.0, 7.0),
    dpi: int = 150,
) -> tuple[Any, Any]:
    """The static map's matplotlib figure and axes."""
    import geopandas as gpd
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure as MplFigure

    collected = _collect(data)
    layers = _build_layers(collected, link_actors=False)
    # Framed like the interactive map: on the incidents (and nearby actors);
    # far-off actors and mentioned countries do not stretch it.
    framed = layers.focus or layers.extent
    extent = shapely.union_all(np.asarray(framed, dtype=object)) if framed else None
    near = near_box(extent)
    base = load(_boundary_folder(basemap))

    fig = MplFigure(figsize=size, dpi=dpi)
    FigureCanvasAgg(fig)  # labels are measured before saving
    ax = fig.add_subplot()
    ax.set_facecolor("#d4e4ee")
    shapes = basemap_shapes(base, near, incident_countries(collected))
    if extent is None or max(np.subtract(extent.bounds[2:], extent.bounds[:2])) > 30:
        shapes.pop("admin1", None)  # on a continent, region borders are a grey mesh
    _plot_basemap(ax, shapes)
    if base is not None:
        lakes, rivers = water_shapes(near)
        span = 0.0 if extent is None else max(np.subtract(extent.bounds[2:], extent.bounds[:2]))
        if rivers and span >= 5:  # closer in, the coarse rivers cross towns
            gpd.GeoSeries(rivers).plot(ax=ax, color="#8fb4cc", linewidth=0.6)
        if lakes:
            gpd.GeoSeries(lakes).plot(
                ax=ax, facecolor="#d4e4ee", edgecolor="#9cbcd0", linewidth=0.4
            )
    areas = [
        area for _, area, n_mentions, n_incidents in _area_places(collected) if not n_incidents
    ]
    if areas:
        gpd.GeoSeries(areas).plot(
            ax=ax, facecolor="none", edgecolor="#6a4c93", linewidth=0.8, linestyle=":"
        )
    for geom, colour in _imprecise_shapes(collected):
        gpd.GeoSeries([geom]).plot(
            ax=ax, facecolor=colour, alpha=0.18, edgecolor=colour, linewidth=1.5, linestyle="--"
        )
    _plot_points(ax, collected, extent)
    _frame_axes(ax, extent)
    _plot_labels(
        ax,
        label_candidates(
            layers.incidents, layers.groups, base, near, incident_countries(collected)
        ),
    )
    _plot_legend(ax, layers, bool(collected.actors), bool(areas))
    unplaced = len(collected.unplaced_mentions), len(collected.unplaced_incidents)
    notes = [
        f"{n} {word}{'' if n == 1 else 's'}"
        for n, word in zip(unplaced, ("mention", "incident"), strict=True)
        if n
    ]
    note = "Not placed: " + ", ".join(notes) if notes else ""
    heading = "\n".join(x for x in (title, note) if x)
    if heading:
        # parse_math=False: a "$" in a title is a dollar, not TeX.
        ax.set_title(heading, fontsize=9, parse_math=False)
    ax.annotate(
        STATIC_CREDIT, (1, -0.01), xycoords="axes fraction", ha="right", va="top", fontsize=6
    )
    return fig, ax


STATIC_CREDIT = (
    "Boundaries: Natural Earth (public domain) · Places: GeoNames (CC-BY 4.0) · "
    "same layers as geomap's Leaflet map"
)


def _plot_labels(ax: Any, payload: dict[str, Any]) -> None:
    """The interactive map's labels at the image's scale, without collisions."""
    import html

    fig = ax.figure
    fig.canvas.draw()  # fixes the axes' transform before measuring
    renderer = fig.canvas.get_renderer()
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    # The zoom a Leaflet map of this width would show.
    frame = ax.get_window_extent()
    width_px = frame.width
    zoom = math.log2(max(1.0, width_px * 360 / (256 * max(1e-6, x1 - x0))))
    placed: list[Any] = []
    styles = {
        INCIDENT: {"fontsize": 7.5, "fontweight": "bold", "color": "#111111"},
        COUNTRY: {"fontsize": 7.5, "color": "#6b645a", "fontweight": "bold"},
        2: {"fontsize": 6.5, "color": "#333333"},
        3: {"fontsize": 6, "color": "#8a8378", "fontstyle": "italic"},
    }
    for row in payload["c"]:
        lat, lon, name_index, min_zoom, cls = row[:5]
        if min_zoom > zoom + 0.5 or not (x0 <= lon <= x1 and y0 <= lat <= y1):
            continue
        text = html.unescape(payload["s"][name_index])
        if cls == COUNTRY:
            text = text.upper()
        dx = 6 if cls in (INCIDENT, 2) else 0
        artist = ax.annotate(
            text,
            (lon, lat),
            xytext=(dx, 0),
            textcoords="offset points",
            ha="left" if dx else "center",
            va="center",
            zorder=6,
            annotation_clip=True,
            **styles[cls],
        )
        artist.set_path_effects(_halo())
        # Drawn with a halo, the text is a path in SVG: the id keeps its name.
        artist.set_gid("label:" + re.sub(r"\s+", "_", text))
        box = artist.get_window_extent(renderer).expanded(1.05, 1.1)
        inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0
        inside = inside and box.y1 <= frame.y1
        if not inside or any(box.overlaps(other) for other in placed) or len(placed) >= 60:
            artist.remove()
            continue
        placed.append(box)


def _halo() -> list[Any]:
    from matplotlib import patheffects

    return [patheffects.withStroke(linewidth=2.2, foreground="white")]


def _plot_basemap(ax: Any, geoms: dict[str, list[BaseGeometry]]) -> None:
    import geopandas as gpd

    if geoms.get("countries"):
        gpd.GeoSeries(geoms["countries"]).plot(
            ax=ax, facecolor="#f6f3ec", edgecolor="#9a9386", linewidth=0.6
        )
    if geoms.get("admin1"):
        gpd.GeoSeries(geoms["admin1"]).plot(
            ax=ax, facecolor="none", edgecolor="#c4bdb1", linewidth=0.4, linestyle=(0, (3, 3))
        )


def _plot_legend(ax: Any, layers: _Layers, actors: bool, areas: bool) -> None:
    """Only what the image shows: the event types present, then the other symbols."""
    from matplotlib.artist import Artist
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    def symbol(marker: str, colour: str, label: str, size: float = 9) -> Line2D:
        return Line2D(
            [], [], marker=marker, linestyle="", markersize=size, markerfacecolor=colour,
            markeredgecolor="#1a1a1a", label=label,
        )  # fmt: skip

    handles: list[Artist] = [
        symbol(s.mpl_marker, s.colour, s.label)
        for i, s in enumerate(_STYLES)
        if i in layers.styles_used
    ]
    if layers.groups:
        handles.append(
            Patch(
                facecolor="#77777730",
                edgecolor="#555",
                linestyle="--",
                label="Located only to an area",
            )
        )
    if actors and layers.actors["a"]:
        handles.append(symbol("p", ACTOR_COLOUR, "Actor", 6))
    if areas:
        handles.append(
            Patch(facecolor="none", edgecolor="#6a4c93", linestyle=":", label="Mentioned area")
        )
    if not handles:
        return
    ax.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False,
        title="Event type" if layers.styles_used else None, title_fontsize=8, alignment="left",
    )  # fmt: skip


def _plot_points(ax: Any, data: _Data, extent: BaseGeometry | None = None) -> None:
    precise = [i for i in data.incidents if i.place is not None and incident_precision(i) == 1]
    # A static image cannot cluster: shrink and thin symbols as they multiply
    # so thousands of incidents read as density rather than one solid blot.
    scale = min(1.0, math.sqrt(150 / max(1, len(precise))))
    alpha = 1.0 if len(precise) <= 300 else 0.7
    by_style: dict[int, list[tuple[float, float, float]]] = defaultdict(list)
    for incident in precise:
        if incident.place is not None:
            size = max(4.0, marker_size(incident.fatalities) ** 2 / 3 * scale)
            by_style[_style_index(incident.event_type)].append(
                (incident.place.longitude, incident.place.latitude, size)
            )
    dots = [
        (m.place.longitude, m.place.latitude)
        for m in data.mentions
        if m.place is not None and mention_precision(m) == 1
    ]
    if dots:
        xs, ys = zip(*dots, strict=True)
        ax.scatter(xs, ys, s=10, c="#333333", edgecolors="white", linewidths=0.5, zorder=3)
    for index, rows in sorted(by_style.items()):
        style = _STYLES[index]
        xs, ys, sizes = zip(*rows, strict=True)
        ax.scatter(
            xs,
            ys,
            s=sizes,
            c=style.colour,
            marker=style.mpl_marker,
            edgecolors="#1a1a1a",
            linewidths=0.7 * math.sqrt(scale),
            alpha=alpha,
            zorder=4,
        )
    actors = [(a.place.longitude, a.place.latitude) for a in data.actors if a.place is not None]
    if actors:
        xs, ys = zip(*actors, strict=True)
        # Smaller and under the incidents: context, not events.
        ax.scatter(
            xs, ys, s=22, c=ACTOR_COLOUR, marker="p", edgecolors="white", linewidths=0.6,
            alpha=0.85, zorder=3.5,
        )  # fmt: skip


def _frame_axes(ax: Any, extent: BaseGeometry | None) -> None:
    if extent is None:
        ax.set_xlim(-180, 180)
        ax.set_ylim(-60, 85)
    else:
        minx, miny, maxx, maxy = extent.bounds
        pad = max(0.3, 0.12 * max(maxx - minx, maxy - miny))
        ax.set_xlim(minx - pad, maxx + pad)
        ax.set_ylim(miny - pad, maxy + pad)
    mid = sum(ax.get_ylim()) / 2
    # Lon/lat drawn 1:1 stretches east-west away from the equator.
    ax.set_aspect(1 / max(0.2, math.cos(math.radians(mid))))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")


# ---------------------------------------------------------------------------
