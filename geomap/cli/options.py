"""Options and input helpers shared by the ``geomap`` commands, defined once."""

from __future__ import annotations

import sys

import click

__all__ = [
    "clean_text",
    "gazetteer_option",
    "parser_option",
    "published_option",
    "read_stdin",
]

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
    help="Recogniser: spaCy-refereed rules (auto/ner) or rules alone (fast, ~40x faster).",
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
