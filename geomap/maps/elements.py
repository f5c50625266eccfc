"""Folium/branca elements: inline assets, runtime layers, controls, OfflineMap."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import folium
from branca.element import CssLink, Element, Figure, JavascriptLink, MacroElement
from folium.template import Template

from .. import assets
from ..errors import GeomapError, InputError

if TYPE_CHECKING:
    pass

from .payload import _script_json
from .symbology import _PAGE_CSS

# ---------------------------------------------------------------------------
# Folium elements


def _css_size(value: int | float | str, what: str) -> str:
    """A CSS length from a number (pixels) or a checked string."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:g}px"
    text = str(value).strip()
    if not re.fullmatch(r"\d+(\.\d+)?(px|%|em|rem|vh|vw)?", text):
        raise InputError(f"invalid {what} {value!r}: use pixels (500) or a CSS length ('80%')")
    return text if not text[-1].isdigit() else text + "px"


def _map_of(element: Element) -> folium.Map:
    node: Element | None = element
    while node is not None and not isinstance(node, folium.Map):
        node = node._parent
    if node is None:
        raise GeomapError(f"{element.get_name()} must be added to a map before rendering")
    return node


def _figure_of(element: Element) -> Figure:
    root = element.get_root()
    if not isinstance(root, Figure):
        raise GeomapError("a map must be inside a branca Figure to be rendered")
    return root


def _require(figure: Figure, asset: assets.Asset, key: str) -> None:
    """Put an asset inline in the page header once (named, so idempotent)."""
    css_name, js_name = f"geomap_{key}_css", f"geomap_{key}_js"
    if css_name not in figure.header._children:
        figure.header.add_child(_Verbatim(assets.style_tag(asset.css)), name=css_name)
    if js_name not in figure.header._children:
        figure.header.add_child(_Verbatim(assets.script_tag(asset.js)), name=js_name)


class _Verbatim(Element):
    """Markup that is already rendered, added to the page as it is.

    branca's ``Element(text)`` compiles ``text`` as a Jinja template when the
    page renders, so text from an article holding ``{{ ... }}`` would run as
    template code (and so as Python). Nothing geomap adds to a page goes that
    way: everything is rendered once, then kept verbatim.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self._verbatim = text

    def render(self, **kwargs: Any) -> str:
        return self._verbatim


class _SafeMacro(MacroElement):
    """A MacroElement whose rendered macros are added verbatim (see _Verbatim)."""

    # branca annotates Element.render as returning str; MacroElement's returns None.
    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        figure = _figure_of(self)
        module = self._template.module.__dict__
        for part, target in (
            ("header", figure.header),
            ("html", figure.html),
            ("script", figure.script),
        ):
            macro = module.get(part)
            if macro is not None:
                target.add_child(_Verbatim(macro(self, kwargs)), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)


class _RuntimeLayer(_SafeMacro):
    """Data for one FeatureGroup, turned into Leaflet layers by the runtime."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            geomap.{{ this.function }}({{ this.map_name() }}, {{ this._parent.get_name() }},
                {{ this.payload }}, {{ this.options|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, function: str, payload: dict[str, Any], **options: Any) -> None:
        super().__init__()
        self._name = "GeomapLayer"
        self.function = function
        self.payload = _script_json(payload)
        self.options = options

    def map_name(self) -> str:
        return _map_of(self).get_name()

    # branca annotates Element.render as returning str; MacroElement's returns None.
    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        if self.options.get("cluster"):
            _require(_figure_of(self), assets.markercluster(), "markercluster")
        super().render(**kwargs)


class _Control(_SafeMacro):
    """A box of HTML written into the page, moved into a Leaflet control."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}
            <div id="{{ this.get_name() }}" class="geomap-box {{ this.css_class }}"
                {%- if this.label %} role="region" aria-label="{{ this.label }}"{% endif %}>
                {{- this.body -}}
            </div>
        {% endmacro %}
        {% macro script(this, kwargs) %}
            geomap.control({{ this._parent.get_name() }}, {{ this.get_name()|tojson }},
                {{ this.position|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, body: str, css_class: str, position: str, label: str = "") -> None:
        super().__init__()
        self._name = "GeomapControl"
        self.body = body
        self.css_class = css_class
        self.position = position
        self.label = html.escape(label)


class Legend(_Control):
    """The categorical legend: event types by colour and shape, sizes, layers.

    folium has only colour-ramp legends (folium issue #528), so this is a
    branca MacroElement whose HTML becomes a Leaflet control.
    """

    def __init__(self, body: str, position: str = "bottomright") -> None:
        super().__init__(body, "geomap-legend", position, label="Map legend")
        self._name = "Legend"


class _DateFilter(_SafeMacro):
    _template = Template(
        """
        {% macro html(this, kwargs) %}
            <div id="{{ this.get_name() }}" class="geomap-box geomap-datefilter"
                role="group" aria-label="Filter incidents by date">
                <details open data-fold-below="460">
                <summary>Dates: <span class="geomap-range" aria-live="polite"></span></summary>
                <label>From <input type="range" class="geomap-from" min="0"
                    max="{{ this.dates|length - 1 }}" value="0" step="1"></label>
                <label>To <input type="range" class="geomap-to" min="0"
                    max="{{ this.dates|length - 1 }}" value="{{ this.dates|length - 1 }}"
                    step="1"></label>
                {%- if this.undated %}
                <label><input type="checkbox" class="geomap-undated" checked>
                    undated ({{ this.undated }})</label>
                {%- endif %}
                <button type="button" class="geomap-reset">Show all dates</button>
                </details>
            </div>
        {% endmacro %}
        {% macro script(this, kwargs) %}
            geomap.dateFilter({{ this._parent.get_name() }}, {{ this.get_name()|tojson }},
                {{ this.dates|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, dates: list[str], undated: int) -> None:
        super().__init__()
        self._name = "DateFilter"
        self.dates = dates
        self.undated = undated


class _Title(_SafeMacro):
    _template = Template(
        """
        {% macro html(this, kwargs) %}
            <div id="{{ this.get_name() }}" class="geomap-box geomap-title">{{ this.text }}</div>
        {% endmacro %}
        {% macro script(this, kwargs) %}
            geomap.title({{ this._parent.get_name() }}, {{ this.get_name()|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Title"
        self.text = html.escape(text)


class _IncidentList(_SafeMacro):
    """The incident list beside the map; its rows are built by the runtime."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}
            <div id="{{ this.get_name() }}" class="geomap-list" role="region"
                aria-label="Incidents" hidden>
                <div class="geomap-list-head">Incidents <span class="geomap-list-note"></span></div>
                <table><thead><tr><th>Date</th><th>Type</th><th>Place</th>
                <th title="Fatalities">Toll</th></tr></thead><tbody></tbody></table>
            </div>
        {% endmacro %}
        {% macro script(this, kwargs) %}
            geomap.incidentList({{ this._parent.get_name() }}, {{ this.get_name()|tojson }},
                {{ this.limit|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, limit: int = 500) -> None:
        super().__init__()
        self._name = "IncidentList"
        self.limit = int(limit)


class _Fit(_SafeMacro):
    """The initial view, fitted by the runtime around the boxes in the corners."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            geomap.fit({{ this._parent.get_name() }}, {{ this.bounds|tojson }},
                {{ this.max_zoom|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]], max_zoom: int) -> None:
        super().__init__()
        self._name = "Fit"
        self.bounds = bounds
        self.max_zoom = max_zoom


class _Credits(_SafeMacro):
    """Data credits in Leaflet's attribution control (already-escaped HTML)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            geomap.credits({{ this._parent.get_name() }}, {{ this.items|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, items: list[str]) -> None:
        super().__init__()
        self._name = "Credits"
        self.items = items


# URLs of CDN assets folium elements ask for that geomap can serve inline.
_INLINE_LINKS = (
    ("leaflet.markercluster", "markercluster"),
    ("MarkerCluster", "markercluster"),
    ("/leaflet.js", "leaflet"),
    ("/leaflet.css", "leaflet"),
)


class OfflineMap(folium.Map):
    """A ``folium.Map`` whose page needs no network.

    Leaflet and geomap's runtime are inlined into the page header instead of
    folium's CDN links (jQuery, Bootstrap and Font Awesome are not loaded at
    all). Use it like any folium map; ``geomap_layers`` holds the named
    FeatureGroups that :func:`incident_map` filled. Elements that need other
    CDN files (e.g. ``folium.Icon``'s awesome-markers) still load them, and
    :func:`save_html` warns about each such URL.
    """

    def __init__(self, *, title: str | None = None, offline: bool = True, **kwargs: Any) -> None:
        # With tiles=None folium drops max_zoom, and MarkerCluster then throws
        # "Map has no maxZoom specified"; set it in the Leaflet options.
        kwargs.setdefault("maxZoom", 18)
        # Fractional zooms: the vector basemap stays sharp, and a view fits
        # its data closely instead of jumping a whole zoom level out.
        kwargs.setdefault("zoomSnap", 0.25)
        super().__init__(tiles=None, **kwargs)
        # Instance lists: folium's add_js_link mutates them in place.
        self.default_js: list[tuple[str, str]] = []
        self.default_css: list[tuple[str, str]] = []
        self.geomap_title = title
        self.offline_background = offline
        self.geomap_layers: dict[str, folium.FeatureGroup] = {}

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        figure = _figure_of(self)
        _require(figure, assets.leaflet(), "leaflet")
        _require(figure, assets.runtime(), "runtime")
        page_css = "html, body { width: 100%; height: 100%; margin: 0; padding: 0; }"
        figure.header.add_child(_Verbatim(assets.style_tag(page_css)), name=_PAGE_CSS)
        if self.geomap_title:
            figure.title = html.escape(self.geomap_title)
        self._controls_last()
        self._link_online_only_assets(figure)
        super().render(**kwargs)
        figure.header.add_child(_Verbatim(self._scoped_header()), name=self.get_name())
        _inline_known_links(figure)

    def _controls_last(self) -> None:
        # folium's LayerControl lists the layers that exist when it renders,
        # so a layer a user adds after incident_map() returns would be left
        # out (or referenced before it exists). Render controls last, then
        # the incident list (it resizes the map), then the initial view.
        order = (folium.LayerControl, _DateFilter, _IncidentList, _Fit)
        late = [(name, child) for name, child in self._children.items() if isinstance(child, order)]
        late.sort(key=lambda item: next(i for i, t in enumerate(order) if isinstance(item[1], t)))
        for name, child in late:
            del self._children[name]
            self._children[name] = child

    def _link_online_only_assets(self, figure: Figure) -> None:
        """Link the CDN files folium.Icon needs, as folium's own map would.

        Those (awesome-markers, Font Awesome, Bootstrap glyphs) cannot be
        inlined from any package here. Linking them keeps such a map working
        online, and save_html's check for remote resources then warns that it
        will not draw offline, instead of the page silently breaking.
        """
        if not any(isinstance(e, folium.Icon) for e in _descendants(self)):
            return
        for name, url in (*folium.Map.default_js, *folium.Map.default_css):
            if "awesome" in name or name in ("glyphicons_css", "fontawesome", "bootstrap_css"):
                link = JavascriptLink(url) if url.endswith(".js") else CssLink(url)
                figure.header.add_child(link, name=name)

    def _scoped_header(self) -> str:
        """folium's map header minus its page-wide html/body/#map rules.

        Those rules would restyle a host page that embeds a fragment; the
        full-page rule is added separately (and left out of fragments).
        """
        name = self.get_name()
        size = "".join(
            f"{prop}: {value[0]}{value[1]}; "
            for prop, value in (
                ("width", self.width),
                ("height", self.height),
                ("left", self.left),
                ("top", self.top),
            )
        )
        css = f"#{name} {{ position: {self.position}; {size}}}\n"
        css += f"#{name}.leaflet-container {{ font-size: {self.font_size}; }}\n"
        if self.offline_background:
            css += f"#{name}.leaflet-container {{ background: #d4e4ee; }}\n"
        return assets.style_tag(css)


def _descendants(element: Element) -> Iterator[Element]:
    for child in list(element._children.values()):
        yield child
        yield from _descendants(child)


def _inline_known_links(figure: Figure) -> None:
    """Swap CDN links that folium elements added for the inline copies."""
    for name, child in list(figure.header._children.items()):
        if not isinstance(child, (JavascriptLink, CssLink)):
            continue
        url = str(child.url)
        for needle, key in _INLINE_LINKS:
            if needle in url:
                asset = assets.leaflet() if key == "leaflet" else assets.markercluster()
                _require(figure, asset, key)
                figure.header._children[name] = _Verbatim("")
                break
