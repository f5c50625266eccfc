"""The command-line stage: the ``geomap`` command, a thin click layer over the library.

This module exports :func:`main` (the console entry point, also run by
``python -m geomap``) with the geoparsing, gazetteer and evaluation commands;
:mod:`~geomap.cli.articles` adds the article commands (extract, map, corpus
output), :mod:`~geomap.cli.batch` the table and corpus batch commands, and
:mod:`~geomap.cli.options` the options they share.

Data goes to stdout, messages to stderr. Every error geomap anticipates is a
:class:`~geomap.errors.GeomapError` and becomes a one-line ``Error: ...`` with
exit status 1; usage errors exit 2 (click's convention). Unexpected failures
also print one line; set ``GEOMAP_DEBUG=1`` to see the traceback.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from .. import __version__, settings
from ..errors import GeomapError
from .options import gazetteer_option, open_gazetteer, parser_option, progress_bar

F = TypeVar("F", bound=Callable[..., Any])


class _UsageError(click.ClickException):
    exit_code = 2

    def format_message(self) -> str:
        return f"{self.message} (see --help)"


class _EchoHandler(logging.Handler):
    """The library's log records as ``geomap: ...`` lines on stderr (the
    stream in force when a record is emitted, which a test runner swaps)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            click.echo(f"geomap: {self.format(record)}", err=True)
        except Exception:
            self.handleError(record)


@contextlib.contextmanager
def _log_to_stderr() -> Iterator[None]:
    """For one command: the library's records, INFO and up, on stderr.

    The library logs (and stays quiet unless its user configures logging);
    the command shows its progress and summaries, then takes its handler
    away again, so a host program that runs commands in-process keeps its
    own logging as it was."""
    logger = logging.getLogger("geomap")
    if any(isinstance(h, _EchoHandler) for h in logger.handlers):
        yield  # a command run from within a command: already shown
        return
    handler, level = _EchoHandler(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


class GeomapGroup(click.Group):
    """Turns every failure into one line on stderr and a non-zero exit."""

    def invoke(self, ctx: click.Context) -> Any:
        with _log_to_stderr():
            return self._invoke(ctx)

    def _invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GeomapError as exc:
            raise click.ClickException(str(exc)) from None
        except click.UsageError as exc:
            # One line, like every other error (click would add the usage
            # and a "Try --help" line); the exit status stays 2.
            raise _UsageError(exc.format_message()) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:
            # `geomap geocode ... | head`: the reader went away; not an error.
            sys.stderr.close()
            raise click.exceptions.Exit(0) from None
        except KeyboardInterrupt:
            # Ctrl-C: one line (a batch run has already said what it saved)
            # and the shell's status for an interrupt, 130.
            click.echo("geomap: interrupted", err=True)
            raise click.exceptions.Exit(130) from None
        except Exception as exc:
            if settings.current().debug:
                raise
            first = str(exc).splitlines()[0] if str(exc) else ""
            raise click.ClickException(
                f"internal error ({type(exc).__name__}: {first}); "
                "rerun with GEOMAP_DEBUG=1 for details"
            ) from None


@click.group(cls=GeomapGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="geomap")
def main() -> None:
    """geomap: offline geoparsing and incident maps from news text.

    \b
    Examples:
      geomap geocode Basra "Vienna, Virginia"
      geomap reverse 33.30 44.39
      geomap gazetteer info
    """


# -- gazetteer ---------------------------------------------------------------


@main.group()
def gazetteer() -> None:
    """Inspect, build and extend the gazetteer.

    \b
    Examples:
      geomap gazetteer info
      geomap gazetteer build
      geomap gazetteer add my-sites.geojson
      geomap gazetteer import-geonames IQ.txt --alternate-names alternateNamesV2.txt
    """


@gazetteer.command("info")
@gazetteer_option
def gazetteer_info(gazetteer_path: str | None) -> None:
    """Show the gazetteer's file, size and counts by kind.

    \b
    Example:
      geomap gazetteer info
    """
    info = open_gazetteer(gazetteer_path).info()
    click.echo(json.dumps(info, indent=2))


@gazetteer.command("build")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Where to write it (default: the cache the library uses).",
)
@click.option(
    "--add",
    "extra",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Also include places from this GeoJSON/GeoPackage/CSV file.",
)
def gazetteer_build(output: str | None, extra: tuple[str, ...]) -> None:
    """(Re)build the default gazetteer from the installed data packages.

    \b
    Examples:
      geomap gazetteer build
      geomap gazetteer build -o world.gpkg --add my-sites.csv
    """
    from ..gazetteer.build import build_gazetteer, read_places_file
    from ..gazetteer.store import default_path

    if output:
        from ..scale.files import check_output_path

        check_output_path(output)  # before the minute of building, not after
    path = Path(output) if output else default_path()
    records = [rec for f in extra for rec in read_places_file(Path(f))]
    build_gazetteer(path, progress=progress_bar("gazetteer") or _quiet, extra=records)
    click.echo(f"geomap: wrote {path}", err=True)


def _quiet(step: str, done: int, total: int) -> None:
    if done == total:
        click.echo(f"geomap: {step} done", err=True)


@gazetteer.command("add")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@gazetteer_option
def gazetteer_add(files: tuple[str, ...], gazetteer_path: str | None) -> None:
    """Add your own places (GeoJSON, GeoPackage or CSV) to the gazetteer.

    A place with the id of an existing one replaces it; others are added and
    rank above default places of the same name.

    \b
    Examples:
      geomap gazetteer add bases.geojson
      geomap gazetteer add sites.csv --gazetteer my.gpkg
    """
    from ..gazetteer.userdata import add_places

    gaz = open_gazetteer(gazetteer_path)
    for f in files:
        count = add_places(gaz.path, Path(f))
        click.echo(f"geomap: added {count} places from {f} to {gaz.path}", err=True)


@gazetteer.command("import-geonames")
@click.argument("dump", type=click.Path(dir_okay=False))
@click.option(
    "--alternate-names",
    type=click.Path(dir_okay=False),
    help="GeoNames alternateNamesV2.txt (or a country's) to add names from.",
)
@gazetteer_option
def gazetteer_import(dump: str, alternate_names: str | None, gazetteer_path: str | None) -> None:
    """Import a GeoNames dump (allCountries.txt, IQ.txt, cities15000.txt).

    Every feature of the dump is added, replacing default places with the same
    GeoNames id: rivers, mountains, districts and villages become findable.

    \b
    Examples:
      geomap gazetteer import-geonames IQ.txt
      geomap gazetteer import-geonames allCountries.txt --alternate-names alternateNamesV2.txt
    """
    from ..gazetteer.geonames_import import import_geonames

    gaz = open_gazetteer(gazetteer_path)
    alt = Path(alternate_names) if alternate_names else None
    count = import_geonames(gaz.path, Path(dump), alternate_names=alt)
    click.echo(f"geomap: imported {count} places from {dump} into {gaz.path}", err=True)


@main.command("eval")
@click.argument("corpus", type=click.Path(dir_okay=False))
@click.option(
    "--mode",
    "modes",
    type=click.Choice(["gold", "end-to-end", "both"]),
    default="both",
    show_default=True,
    help="Score resolution on gold spans, full parsing, or both.",
)
@parser_option
@click.option(
    "--split",
    type=click.Choice(["all", "dev", "test"]),
    default="all",
    show_default=True,
    help="Score every document, or only the dev or the held-out test split "
    "(a fixed one document in five, chosen by a hash of its id).",
)
@click.option("--limit", type=int, help="Only the first N documents (after --split).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@gazetteer_option
def eval_command(
    corpus: str,
    modes: str,
    parser_mode: str,
    split: str,
    limit: int | None,
    as_json: bool,
    gazetteer_path: str | None,
) -> None:
    """Score the geoparser on a corpus with gold toponyms (LGL, TR-News).

    Prints recognition precision/recall/F1, resolution accuracy@161km, mean
    and median error (km), AUC and documents per second. A gold toponym left
    unresolved counts as an error.

    \b
    Examples:
      geomap eval lgl.xml
      geomap eval trnews.xml --mode gold --json
      geomap eval lgl.xml --parser ner --limit 100
      geomap eval trnews.xml --split test
    """
    from ..geoparsing.corpora import read_corpus, split_documents
    from ..geoparsing.evaluate import evaluate
    from ..geoparsing.parser import Geoparser

    documents = split_documents(read_corpus(Path(corpus)), split)  # type: ignore[arg-type]
    if limit is not None:
        if limit < 1:
            raise click.BadParameter("must be at least 1", param_hint="--limit")
        documents = documents[:limit]
    parser = Geoparser(open_gazetteer(gazetteer_path), mode=parser_mode)  # type: ignore[arg-type]
    selected = ["gold", "end-to-end"] if modes == "both" else [modes]
    reports = {}
    for mode in selected:
        report = evaluate(documents, parser, mode=mode)  # type: ignore[arg-type]
        reports[mode] = report
        if not as_json:
            click.echo(report.format())
    if as_json:
        payload = {mode: r.to_dict() for mode, r in reports.items()}
        click.echo(json.dumps(payload, indent=2))


def _register_commands() -> None:
    from . import articles, batch, events, geocoding, geoparsing

    geocoding.register(main)
    articles.register(main)
    batch.register(main)
    events.register(main)
    geoparsing.register(main)


_register_commands()
