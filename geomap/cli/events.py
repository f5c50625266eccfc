"""``geomap eval-events``: score incident extraction against ACLED-coded events."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errors import InputError, OutputError
from .options import parser_option

__all__ = ["register"]


def register(main: click.Group) -> None:
    """Add the events commands to the ``geomap`` group."""

    @main.command("eval-events")
    @click.argument("coded", type=click.Path(dir_okay=False))
    @click.option(
        "--published-offset",
        type=click.IntRange(min=0),
        default=1,
        show_default=True,
        help="Publication is this many days after the event: the date must be read from the text.",
    )
    @click.option(
        "--split",
        type=click.Choice(["all", "dev", "test"]),
        default="all",
        show_default=True,
        help="A fixed 80/20 split by note text: tune on dev, report test.",
    )
    @click.option("--strategic", is_flag=True, help="Also score Strategic developments.")
    @click.option("--limit", type=click.IntRange(min=1), help="Only the first N scored records.")
    @click.option(
        "--errors",
        "errors_path",
        type=click.Path(dir_okay=False),
        help="Write gold beside extracted output for every record (JSONL).",
    )
    @click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
    @parser_option
    def eval_events_command(
        coded: str,
        published_offset: int,
        split: str,
        strategic: bool,
        limit: int | None,
        errors_path: str | None,
        as_json: bool,
        parser_mode: str,
    ) -> None:
        """Score extraction against an ACLED-format export (CSV).

        Each record's notes are extracted with publication set to the event
        date plus --published-offset days; the main incident is compared with
        the coder's type, sub-type, point, fatalities and date. Tables are
        printed overall, per event type and per country. Records of
        Strategic developments are left out unless --strategic is given.

        \b
        Examples:
          geomap eval-events acled-export.csv
          geomap eval-events acled-export.csv --split test --errors errors.jsonl
          geomap eval-events acled-export.csv --json --parser ner
        """
        import io

        from ..events.evaluate import evaluate_events, read_acled
        from ..events.extract import Extractor
        from ..geoparsing import Geoparser
        from ..scale.files import atomic_write

        if not Path(coded).is_file():
            raise InputError(f"no such file: {coded}")
        if errors_path:
            # Check the folder before the work, not after it.
            folder = Path(errors_path).expanduser().resolve().parent
            if not folder.is_dir():
                raise OutputError(f"cannot write {errors_path}: no such folder {folder}")
        extractor = Extractor(Geoparser(mode=parser_mode))  # type: ignore[arg-type]
        errors = io.StringIO() if errors_path else None
        report = evaluate_events(
            read_acled(coded),
            lambda text, published: extractor.extract(text, published=published),
            published_offset=published_offset,
            include_strategic=strategic,
            split=split,  # type: ignore[arg-type]
            errors=errors,
            limit=limit,
        )
        if errors_path and errors is not None:
            try:
                atomic_write(errors_path, errors.getvalue().encode("utf-8"))
            except OSError as exc:
                raise OutputError(f"cannot write {errors_path}: {exc.strerror or exc}") from exc
        if as_json:
            click.echo(json.dumps(report.to_dict(), indent=2))
        else:
            click.echo(report.format())
        sys.stdout.flush()
