"""Browser assets for offline maps, read at run time from installed packages.

A folium page normally loads Leaflet, jQuery, Bootstrap and Font Awesome from
CDNs, so with no network it is a blank page. geomap instead inlines what its
pages need, taken from Python packages that ship the upstream files unchanged
(the repository carries no third-party code):

* Leaflet 1.9.4 (BSD-2-Clause) from PyPI ``django-js-lib-leaflet`` (plain files
  under ``js_lib_leaflet/static/``; Django itself is not needed to read them),
  falling back to ``XStatic-Leaflet`` (1.9.3) when only that is installed;
* Leaflet.markercluster 1.4.1 (MIT) from PyPI ``XStatic-Leaflet-MarkerCluster``.

Images referenced by Leaflet's CSS (layer-control icon, default marker) become
``data:`` URIs, so nothing is fetched when the page draws. geomap's own small
runtime (layer builders, labels, legend, date filter, incident list) is read
from ``maps/runtime.js``, ``maps/view.js`` and ``maps/runtime.css``, package
files shipped in the wheel.
"""

from __future__ import annotations

import base64
import functools
import importlib.metadata
import importlib.util
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import GeomapError

__all__ = [
    "SHAPES",
    "Asset",
    "leaflet",
    "markercluster",
    "runtime",
    "runtime_css",
    "runtime_js",
    "script_tag",
    "style_tag",
    "symbol_svg",
]


@dataclass(frozen=True, slots=True)
class Asset:
    """One inlinable library: its code and where it came from (for credits)."""

    name: str
    version: str
    package: str
    package_version: str
    licence: str
    js: str
    css: str

    @property
    def credit(self) -> str:
        return (
            f"{self.name} {self.version} ({self.licence}), from PyPI "
            f"{self.package} {self.package_version}"
        )


def _package_dir(module: str) -> Path | None:
    """The folder of an installed package, found without importing it."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _dist_version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def data_uri(path: Path, mime: str = "image/png") -> str:
    return f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def _strip_source_map(js: str) -> str:
    # The .map files are not inlined; a dangling reference only makes DevTools
    # try to fetch them, so drop the comment.
    return re.sub(r"^//# sourceMappingURL=.*$", "", js, flags=re.MULTILINE)


def _inline_css_images(css: str, image_dir: Path) -> str:
    """Replace ``url(images/x.png)`` with data: URIs; Leaflet's CSS uses three."""

    def replace(match: re.Match[str]) -> str:
        target = image_dir / Path(match.group(2)).name
        if not target.is_file():
            return match.group(0)
        return f"url({data_uri(target)})"

    return re.sub(r"url\((['\"]?)images/([^'\")]+)\1\)", replace, css)


_LEAFLET_SOURCES = (
    # (distribution, module, folder inside the module)
    ("django-js-lib-leaflet", "js_lib_leaflet", "static/js_lib_leaflet"),
    ("XStatic-Leaflet", "xstatic.pkg.leaflet", "data"),
)


@functools.cache
def leaflet() -> Asset:
    """Leaflet's JS and CSS, with its images as data: URIs."""
    for dist, module, sub in _LEAFLET_SOURCES:
        base = _package_dir(module)
        if base is None or not (base / sub / "leaflet.js").is_file():
            continue
        folder = base / sub
        js = (folder / "leaflet.js").read_text(encoding="utf-8")
        found = re.search(r"Leaflet (\d+\.\d+\.\d+)", js)
        images = folder / "images"
        css = _inline_css_images((folder / "leaflet.css").read_text(encoding="utf-8"), images)
        # Icon.Default finds its images by parsing a CSS url() and appending
        # "marker-icon.png", which cannot work with data: URIs; give it the
        # URIs directly so folium.Marker's default pin also draws offline.
        icon_fix = (
            "L.Icon.Default.imagePath = '';"
            "L.Icon.Default.mergeOptions({"
            f"iconUrl: {json.dumps(data_uri(images / 'marker-icon.png'))},"
            f"iconRetinaUrl: {json.dumps(data_uri(images / 'marker-icon-2x.png'))},"
            f"shadowUrl: {json.dumps(data_uri(images / 'marker-shadow.png'))}"
            "});"
        )
        return Asset(
            name="Leaflet",
            version=found.group(1) if found else "unknown",
            package=dist,
            package_version=_dist_version(dist),
            licence="BSD-2-Clause",
            js=_guard(_strip_source_map(js), "window.L && window.L.Map") + icon_fix,
            css=css,
        )
    raise GeomapError(
        "Leaflet's files were not found; install the Python package "
        "django-js-lib-leaflet (pip install django-js-lib-leaflet) to draw maps offline."
    )


@functools.cache
def markercluster() -> Asset:
    """Leaflet.markercluster's JS and CSS (needed only when a map clusters)."""
    dist, module = "XStatic-Leaflet-MarkerCluster", "xstatic.pkg.leaflet_markercluster"
    base = _package_dir(module)
    folder = base / "data" if base else None
    if folder is None or not (folder / "leaflet.markercluster.js").is_file():
        raise GeomapError(
            "Leaflet.markercluster's files were not found; install the Python package "
            "XStatic-Leaflet-MarkerCluster (pip install XStatic-Leaflet-MarkerCluster), "
            "or pass cluster_threshold=None to draw every marker."
        )
    js = (folder / "leaflet.markercluster.js").read_text(encoding="utf-8")
    css = "\n".join(
        (folder / name).read_text(encoding="utf-8")
        for name in ("MarkerCluster.css", "MarkerCluster.Default.css")
    )
    version = _dist_version(dist)
    return Asset(
        name="Leaflet.markercluster",
        version=".".join(version.split(".")[:3]),
        package=dist,
        package_version=version,
        licence="MIT",
        js=_guard(_strip_source_map(js), "window.L && window.L.MarkerClusterGroup"),
        css=css,
    )


def _guard(js: str, present: str) -> str:
    """Wrap a UMD bundle so it defines globals once, even on pages with AMD.

    Two geomap fragments on one page must not load Leaflet twice (the second
    copy would replace ``L`` under the first map). Hiding ``define``/``module``
    makes the UMD wrapper take its browser-global branch even in Jupyter pages
    that carry RequireJS, where Leaflet would otherwise register as an AMD
    module and ``L`` would stay undefined.
    """
    return (
        f"if (!({present})) {{\n(function (define, module, exports) {{\n"
        f"{js}\n}}).call(window);\n}}\n"
    )


def script_tag(js: str, **attrs: str) -> str:
    """An inline <script>; a literal ``</script`` inside would end it early."""
    safe = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
    extra = "".join(f' {key}="{value}"' for key, value in attrs.items())
    return f"<script{extra}>\n{safe}\n</script>"


def style_tag(css: str, **attrs: str) -> str:
    safe = re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE)
    extra = "".join(f' {key}="{value}"' for key, value in attrs.items())
    return f"<style{extra}>\n{safe}\n</style>"


# Symbols drawn in a 24x24 box. The same strings feed the Leaflet icons, the
# HTML legend and (via maps.MPL_MARKERS) the static map's look-alikes, so a
# reader matches legend and map by shape as well as colour.
SHAPES: dict[str, str] = {
    "circle": '<circle cx="12" cy="12" r="9"/>',
    "star": (
        '<polygon points="12,1.5 14.6,8.4 22,8.7 16.2,13.3 18.3,20.6 12,16.4 5.7,20.6 '
        '7.8,13.3 2,8.7 9.4,8.4"/>'
    ),
    "triangle": '<polygon points="12,2.5 22,20.5 2,20.5"/>',
    "square": '<rect x="4" y="4" width="16" height="16"/>',
    "diamond": '<polygon points="12,1.5 22.5,12 12,22.5 1.5,12"/>',
    "plus": (
        '<polygon points="8.5,2.5 15.5,2.5 15.5,8.5 21.5,8.5 21.5,15.5 15.5,15.5 '
        '15.5,21.5 8.5,21.5 8.5,15.5 2.5,15.5 2.5,8.5 8.5,8.5"/>'
    ),
    "hexagon": '<polygon points="12,2 20.7,7 20.7,17 12,22 3.3,17 3.3,7"/>',
    "pentagon": '<polygon points="12,2 21.5,9 18,21 6,21 2.5,9"/>',
    "dot": '<circle cx="12" cy="12" r="5"/>',
}


def symbol_svg(shape: str, colour: str, size: int, stroke: str = "#1a1a1a") -> str:
    """Inline SVG for one legend or marker symbol (no xmlns: HTML5 inline SVG)."""
    return (
        f'<svg viewBox="0 0 24 24" width="{size}" height="{size}" aria-hidden="true">'
        f'<g fill="{colour}" stroke="{stroke}" stroke-width="1.5" stroke-linejoin="round">'
        f"{SHAPES[shape]}</g></svg>"
    )


def runtime() -> Asset:
    """geomap's own page code and styles, as an inlinable asset."""
    return Asset("geomap runtime", "1", "geomap", "", "MIT", runtime_js(), runtime_css())


_RUNTIME_DIR = Path(__file__).resolve().parent / "maps"


@functools.cache
def _runtime_file(name: str) -> str:
    try:
        return (_RUNTIME_DIR / name).read_text(encoding="utf-8")
    except OSError as error:
        raise GeomapError(f"geomap's page runtime {name} is missing: reinstall geomap") from error


RUNTIME_JS_FILES = ("runtime.js", "view.js")


def runtime_js() -> str:
    """geomap's own page code (``maps/runtime.js`` then ``maps/view.js``).

    The shape table is filled in from :data:`SHAPES`.
    """
    code = "\n".join(_runtime_file(name) for name in RUNTIME_JS_FILES)
    return code.replace("/*SHAPES*/{}", json.dumps(SHAPES))


def runtime_css() -> str:
    """geomap's own page styles (``maps/runtime.css``)."""
    return _runtime_file("runtime.css")
