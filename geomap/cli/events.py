"""``geomap eval-events``: score incident extraction against ACLED-coded events."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
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
        import itertools

        from ..events.evaluate import evaluate_events, read_acled
        from ..events.extract import Extractor
        from ..geoparsing import Geoparser

        if not Path(coded).is_file():
            raise InputError(f"no such file: {coded}")
        extractor = Extractor(Geoparser(mode=parser_mode))  # type: ignore[arg-type]

        def run(text: str, published: dt.date) -> object:
            return extractor.extract(text, published=published)

        records = read_acled(coded)
        errors = None
        tmp = None
        if errors_path:
            folder = Path(errors_path).expanduser().resolve().parent
            if not folder.is_dir():
                raise OutputError(f"cannot write {errors_path}: no such folder {folder}")
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".eval-events-", suffix=".tmp")
            errors = os.fdopen(fd, "w", encoding="utf-8")
        try:
            report = (
                evaluate_events(
                    records,
                    run,  # type: ignore[arg-type]
                    published_offset=published_offset,
                    include_strategic=strategic,
                    split=split,  # type: ignore[arg-type]
                    errors=errors,
                    progress=None,
                )
                if limit is None
                else evaluate_events(
                    itertools.islice(records, limit * 2 if not strategic else limit),
                    run,  # type: ignore[arg-type]
                    published_offset=published_offset,
                    include_strategic=strategic,
                    split=split,  # type: ignore[arg-type]
                    errors=errors,
                )
            )
            if errors is not None and tmp is not None:
                errors.close()
                os.replace(tmp, errors_path)  # type: ignore[arg-type]
                tmp = None
        finally:
            if errors is not None and not errors.closed:
                errors.close()
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
        if as_json:
            click.echo(json.dumps(report.to_dict(), indent=2))
        else:
            click.echo(report.format())
        sys.stdout.flush()
