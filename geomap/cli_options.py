"""Options shared by the ``geomap`` commands, defined once."""

from __future__ import annotations

import click

__all__ = ["gazetteer_option", "parser_option", "published_option"]

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
