"""Options and input helpers shared by the ``geomap`` commands, defined once."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from ..models import Kind

__all__ = [
    "clean_text",
    "gazetteer_option",
    "kind_option",
    "open_gazetteer",
    "parser_option",
    "progress_bar",
    "progress_option",
    "published_option",
    "read_stdin",
]

kind_option = click.option(
    "--kind",
    multiple=True,
    type=click.Choice([k.value for k in Kind], case_sensitive=False),
    help="Only places of this kind (repeatable).",
)
progress_option = click.option(
    "--progress/--no-progress",
    default=None,
    help="With --input: draw a progress bar (default: only on a terminal).",
)


gazetteer_option = click.option(
    "--gazetteer",
    "gazetteer_path",
    type=click.Path(dir_okay=False),
    envvar="GEOMAP_GAZETTEER",
    help="Gazetteer file to use instead of the default.",
)
parser_option = click.option(
    "--parser",
    "parser_mode",
    type=click.Choice(["auto", "fast", "ner"]),
    default="auto",
    show_default=True,
    help="Recogniser: spaCy-refereed rules (auto/ner) or rules alone (fast, much faster).",
)
published_option = click.option(
    "--published",
    help="Publication date (YYYY-MM-DD) for relative dates; default: read from each article.",
)


def clean_text(text: str) -> str:
    """Text that can be printed: bytes that were not UTF-8 (kept by Python as
    lone surrogates in argv and stdin) become U+FFFD."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)


def read_stdin() -> str:
    """All of stdin as UTF-8, undecodable bytes replaced (never an error)."""
    return sys.stdin.buffer.read().decode("utf-8-sig", "replace")


def progress_bar(label: str) -> Callable[[str, int, int], None] | None:
    """A rich progress bar on a terminal, plain stderr lines elsewhere."""
    if not sys.stderr.isatty():
        return None
    from rich.progress import Progress

    bar = Progress(transient=True)
    task = bar.add_task(label, total=1)
    bar.start()

    def update(step: str, done: int, total: int) -> None:
        bar.update(task, description=f"{label}: {step}", completed=done, total=total)
        if step == "indexing" and done == total:
            bar.stop()

    return update


def open_gazetteer(path: str | None) -> Any:
    """The gazetteer at ``path``, else the default one (built on first use,
    with a progress bar on a terminal)."""
    from ..gazetteer.store import Gazetteer, default_path

    if path:
        return Gazetteer(path)
    if not default_path().exists():
        click.echo("geomap: first run, building the gazetteer (once)...", err=True)
        return Gazetteer(progress=progress_bar("gazetteer"))
    return Gazetteer.default()
