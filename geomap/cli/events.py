"""``geomap eval-events``: score incident extraction against ACLED-coded events."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from ..errors import InputError, OutputError
from .options import parser_option

__all__ = ["register"]


def _check_paths(coded: str, output: str | None) -> None:
    """The input exists and the output's folder too, before any work."""
    if not Path(coded).is_file():
        raise InputError(f"no such file: {coded}")
    if output:
        folder = Path(output).expanduser().resolve().parent
        if not folder.is_dir():
            raise OutputError(f"cannot write {output}: no such folder {folder}")


def load_event_model(path: str | None) -> Any:
    """The user's event model, or None; a bad file is a one-line error."""
    if path is None:
        return None
    from ..events.model import EventModel

    return EventModel.load(path)


event_model_option = click.option(
    "--event-model",
    type=click.Path(dir_okay=False, exists=True),
    help="A model from 'geomap events train' decides event types (default: geomap's rules).",
)


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
    @click.option(
        "--by",
        "by_column",
        metavar="COLUMN",
        help="Also give the figures by the values of this column (source, year, admin1...).",
    )
    @click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
    @event_model_option
    @parser_option
    def eval_events_command(
        coded: str,
        published_offset: int,
        split: str,
        strategic: bool,
        limit: int | None,
        errors_path: str | None,
        by_column: str | None,
        as_json: bool,
        event_model: str | None,
        parser_mode: str,
    ) -> None:
        """Score extraction against an ACLED-format export (CSV).

        Each record's notes are extracted with publication set to the event
        date plus --published-offset days; the main incident is compared with
        the coder's type, sub-type, point, fatalities and date. Tables are
        printed overall, per event type, per country and, with --by, per
        value of any column of the export. Records of
        Strategic developments are left out unless --strategic is given.

        \b
        Examples:
          geomap eval-events acled-export.csv
          geomap eval-events acled-export.csv --split test --errors errors.jsonl
          geomap eval-events acled-export.csv --json --parser ner
          geomap eval-events acled-export.csv --by year
        """
        import io

        from ..events.evaluate import evaluate_events, read_acled
        from ..events.extract import Extractor
        from ..geoparsing import Geoparser
        from ..scale.files import atomic_write

        _check_paths(coded, errors_path)
        extractor = Extractor(
            Geoparser(mode=parser_mode),  # type: ignore[arg-type]
            event_model=load_event_model(event_model),
        )
        errors = io.StringIO() if errors_path else None
        report = evaluate_events(
            read_acled(coded, by=by_column),
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
            click.echo(json.dumps(report.to_dict(by=by_column), indent=2))
        else:
            click.echo(report.format(by=by_column))
        sys.stdout.flush()

    @main.group("events")
    def events_group() -> None:
        """Incident extraction tools: train an event-type model on your own coded data.

        \b
        Examples:
          geomap events train my-coded-events.csv -o events.npz
          geomap extract article.txt --event-model events.npz
        """

    @events_group.command("train")
    @click.argument("coded", type=click.Path(dir_okay=False))
    @click.option("-o", "--output", required=True, help="Model file to write (.npz).")
    @click.option(
        "--split",
        type=click.Choice(["all", "dev", "test"]),
        default="all",
        show_default=True,
        help="Train on this part of the file (the fixed split of eval-events).",
    )
    @click.option(
        "--folds",
        type=click.IntRange(min=0),
        default=5,
        show_default=True,
        help="Cross-validate with this many folds first (0: skip).",
    )
    def train_command(coded: str, output: str, split: str, folds: int) -> None:
        """Train an event-type classifier on coded events (ACLED-format CSV).

        The model (character n-grams, linear SVM; needs scikit-learn: pip
        install 'geomap[train]') then decides type and sub-type of the
        incidents geomap finds, with --event-model on extract and
        eval-events. Train it only on data you may use: geomap ships none.

        \b
        Examples:
          geomap events train my-coded-events.csv -o events.npz
          geomap events train acled-export.csv --split dev -o events.npz
          geomap eval-events acled-export.csv --split test --event-model events.npz
        """
        from ..events.evaluate import read_acled, split_of
        from ..events.model import cross_validate, train

        _check_paths(coded, output)
        records = [r for r in read_acled(coded) if split == "all" or split_of(r) == split]
        if folds > 1:
            cv = cross_validate(records, folds)
            click.echo(
                f"geomap: {folds}-fold cross-validation on {cv['records']} records: "
                f"type {cv['type']:.1f}%, sub-type {cv['sub_type']:.1f}%",
                err=True,
            )
        model = train(records)
        model.save(output)
        click.echo(f"geomap: wrote {output}: {len(model.classes)} event sub-types", err=True)
