"""Output: the page, an HTML fragment, an iframe."""

from __future__ import annotations

import html
import os
import re
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import folium

from .. import assets
from ..scale.files import atomic_write

if TYPE_CHECKING:
    pass

from .elements import _css_size, _figure_of
from .symbology import _PAGE_CSS


def _page(m: folium.Map) -> str:
    return str(m.get_root().render())


_EXTERNAL = re.compile(
    r"""<(?:script|img|iframe|embed|source|audio|video)\b[^>]*?\bsrc\s*=\s*["']?(https?:)?//[^"'\s>]+"""
    r"""|<link\b[^>]*?\bhref\s*=\s*["']?(https?:)?//[^"'\s>]+"""
    r"""|url\(\s*["']?(https?:)?//[^)"'\s]+"""
    r"""|@import\s+["'](https?:)?//[^"']+""",
    re.IGNORECASE,
)


def external_references(page: str) -> list[str]:
    """Remote resources a page would load to draw: script/link/img src, CSS url().

    Links a reader may click (``<a href>``) and tile URLs inside scripts are
    not counted: the first are not loaded, the second only exist when tiles
    were asked for.
    """
    return [match.group(0) for match in _EXTERNAL.finditer(page)]


def save_html(m: folium.Map, path: str | os.PathLike[str]) -> Path:
    """Write the map as one self-contained HTML file, atomically.

    Warns (without failing) if something added to the map references a
    remote resource the page would need in order to draw.
    """
    page = _page(m)
    remote = external_references(page)
    if remote:
        warnings.warn(
            f"the map will not draw fully offline: it loads {len(remote)} remote "
            f"resource(s), e.g. {remote[0]!r}",
            stacklevel=2,
        )
    return atomic_write(path, page.encode("utf-8", errors="replace"))


def to_fragment(
    m: folium.Map, *, width: int | float | str = "100%", height: int | float | str = 500
) -> str:
    """The map as an HTML fragment for a page you already have.

    The fragment carries its own inline assets, a sized container and its
    script. All element ids derive from folium's per-object UUIDs, and the
    inline libraries load only once per page, so several fragments coexist.
    """
    root = _figure_of(m)
    root.render()
    skip = {_PAGE_CSS, "meta_http"}
    header = "\n".join(
        child.render() for name, child in root.header._children.items() if name not in skip
    )
    body = root.html.render()
    script = root.script.render()
    style = f"position: relative; width: {_css_size(width, 'width')}; "
    style += f"height: {_css_size(height, 'height')};"
    return (
        f'<div class="geomap-fragment" style="{style}">\n{header}\n{body}\n</div>\n'
        f"{assets.script_tag(script)}\n"
    )


def to_iframe(
    m: folium.Map,
    width: int | float | str = "100%",
    height: int | float | str = 500,
    *,
    title: str = "Incident map",
) -> str:
    """The map as an ``<iframe srcdoc>`` (sandboxed: scripts, no same-origin)."""
    page = html.escape(_page(m), quote=True)
    style = f"width: {_css_size(width, 'width')}; height: {_css_size(height, 'height')}; border: 0;"
    return (
        f'<iframe srcdoc="{page}" style="{style}" title="{html.escape(title)}" '
        'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"></iframe>'
    )
