"""PNG screenshots with headless Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import folium

from .. import settings
from ..errors import GeomapError, InputError, OutputError
from ..scale.files import atomic_write

if TYPE_CHECKING:
    pass

from .output import save_html

# ---------------------------------------------------------------------------
# Images: headless Chromium screenshot, matplotlib static map

_CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    """The Chromium executable: the ``chromium`` setting ($GEOMAP_CHROMIUM),
    /usr/bin/chromium, or one on PATH."""
    env = settings.current().chromium
    if env:
        return env if Path(env).is_file() else None
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    for name in _CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium_flags(profile: str | os.PathLike[str]) -> list[str]:
    """Headless flags: no GPU, sandbox, background traffic or first-run UI."""
    return [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
    ]


def to_png(
    map_or_html: folium.Map | str | os.PathLike[str],
    path: str | os.PathLike[str],
    width: int = 1200,
    height: int = 800,
    *,
    timeout: float = 120.0,
) -> Path:
    """Screenshot the offline page with headless Chromium into a PNG file."""
    chromium = find_chromium()
    if chromium is None:
        raise GeomapError(
            "Chromium was not found (looked at $GEOMAP_CHROMIUM, /usr/bin/chromium and PATH); "
            "install it (apt-get install chromium) or use geomap.maps.static_map() instead."
        )
    with tempfile.TemporaryDirectory(prefix="geomap-png-") as tmp:
        if isinstance(map_or_html, folium.Map):
            source = save_html(map_or_html, Path(tmp) / "source.html")
        else:
            source = Path(map_or_html).resolve()
            if not source.is_file():
                raise InputError(f"no HTML file at {source}")
        page = _pinned_copy(source, Path(tmp) / "map.html", int(width), int(height))
        shot = Path(tmp) / "shot.png"
        command = [
            chromium,
            *chromium_flags(Path(tmp) / "profile"),
            "--virtual-time-budget=5000",
            f"--window-size={int(width)},{int(height)}",
            f"--screenshot={shot}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired as error:
            raise OutputError(f"Chromium took more than {timeout:g} s to draw {page}") from error
        if not shot.is_file() or shot.stat().st_size == 0:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise OutputError(
                f"Chromium did not write a screenshot (exit {done.returncode}): {last}"
            )
        return atomic_write(path, shot.read_bytes())


def _pinned_copy(source: Path, target: Path, width: int, height: int) -> Path:
    """The page with its size pinned to the screenshot's.

    Headless Chromium lays a page out in a viewport smaller than the window
    (its hidden window frame) and only grows it to the window's size for the
    screenshot, after the scripts have run: a map would be framed for the
    smaller size, with an empty strip at its edges. A fixed page size makes
    both layouts the same. The copy sits next to nothing the page needs: the
    maps are self-contained.
    """
    text = source.read_text(encoding="utf-8", errors="replace")
    # Only the root element: a page's body keeps its own margins and widths.
    pin = (
        f"<style>html {{ width: {width}px !important; height: {height}px !important; "
        "overflow: hidden !important; }</style>"
    )
    head = re.search(r"</head\s*>", text, re.IGNORECASE)
    text = text[: head.start()] + pin + text[head.start() :] if head else pin + text
    target.write_text(text, encoding="utf-8")
    return target
