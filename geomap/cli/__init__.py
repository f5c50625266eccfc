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

import csv
import io
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from .. import __version__
from ..errors import GeomapError, InputError
from .options import clean_text, gazetteer_option, parser_option, read_stdin

F = TypeVar("F", bound=Callable[..., Any])

PLACE_COLUMNS = (
    "id",
    "name",
    "kind",
    "country_code",
    "admin1",
    "latitude",
    "longitude",
    "population",
    "precision",
)


def _progress(label: str) -> Callable[[str, int, int], None] | None:
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


def _gazetteer(path: str | None) -> Any:
    from ..gazetteer.store import Gazetteer

    if path:
        return Gazetteer(path)
    from ..gazetteer.store import default_path

    if not default_path().exists():
        click.echo("geomap: first run, building the gazetteer (once)...", err=True)
        return Gazetteer(progress=_progress("gazetteer"))
    return Gazetteer.default()


class _UsageError(click.ClickException):
    exit_code = 2

    def format_message(self) -> str:
        return f"{self.message} (see --help)"


class GeomapGroup(click.Group):
    """Turns every failure into one line on stderr and a non-zero exit."""

    def invoke(self, ctx: click.Context) -> Any:
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
            raise click.Abort() from None
        except Exception as exc:
            if os.environ.get("GEOMAP_DEBUG"):
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


# -- output ------------------------------------------------------------------


def _place_cells(place: dict[str, Any] | None) -> list[Any]:
    return [place.get(c) if place else None for c in PLACE_COLUMNS]


def _emit(rows: list[dict[str, Any]], fmt: str, columns: Sequence[str]) -> None:
    """Write result rows (each with a 'place' record) as table/json/csv/geojson."""
    out = sys.stdout
    if fmt == "json":
        out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "geojson":
        features = []
        for row in rows:
            place = row.get("place")
            if not place:
                continue
            props = {k: v for k, v in row.items() if k != "place"} | place
            features.append(
                {
                    "type": "Feature",
                    "geometry": {
                        "type": "Point",
                        "coordinates": [place["longitude"], place["latitude"]],
                    },
                    "properties": props,
                }
            )
        out.write(
            json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
        )
        out.write("\n")
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow([*columns, *PLACE_COLUMNS])
        for row in rows:
            writer.writerow([*(row.get(c) for c in columns), *_place_cells(row.get("place"))])
        out.write(buf.getvalue())
    else:
        _table(rows, columns, out)


def _table(rows: list[dict[str, Any]], columns: Sequence[str], out: Any) -> None:
    headers = [*columns, *PLACE_COLUMNS]
    cells = [
        [
            "" if v is None else str(v)
            for v in [*(r.get(c) for c in columns), *_place_cells(r.get("place"))]
        ]
        for r in rows
    ]
    if out.isatty():
        from rich.console import Console
        from rich.table import Table

        table = Table(*headers)
        for line in cells:
            table.add_row(*line)
        Console(file=out).print(table)
        return
    widths = [
        max(len(h), *(len(c[i]) for c in cells)) if cells else len(h) for i, h in enumerate(headers)
    ]
    out.write("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip() + "\n")
    for line in cells:
        out.write("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() + "\n")


format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "geojson"]),
    default="table",
    show_default=True,
    help="Output format.",
)


def _decode(data: bytes) -> str:
    """A names file: UTF-16 when it starts with its byte-order mark, else
    UTF-8 (a UTF-8 byte-order mark dropped)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


def _read_names(names: Sequence[str], names_file: str | None) -> Iterator[str]:
    yield from (clean_text(n) for n in names)
    if names_file:
        try:
            text = read_stdin() if names_file == "-" else _decode(Path(names_file).read_bytes())
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read names from {names_file}: {exc}") from exc
        for line in text.splitlines():
            if line.strip():
                yield line.strip()


# -- commands ----------------------------------------------------------------


@main.command()
@click.argument("names", nargs=-1)
@click.option(
    "--input",
    "input_file",
    type=click.Path(dir_okay=False),
    help="Geocode a column of this CSV (with --column and -o); resumable.",
)
@click.option("--column", help="With --input: the column of place names.")
@click.option("--country-column", help="With --input: a column of ISO codes or country names.")
@click.option("-o", "--output", help="With --input: the .csv, .gpkg or .geojson to write.")
@click.option(
    "--names-file",
    "-f",
    type=str,
    help="Read names from this file, one per line ('-' for stdin).",
)
@click.option("--country", multiple=True, help="Only places in this country (ISO alpha-2).")
@click.option("--kind", multiple=True, help="Only places of this kind (city, admin1, ...).")
@click.option("--candidates", "-n", default=1, show_default=True, help="Results per name.")
@format_option
@gazetteer_option
@click.pass_context
def geocode(
    ctx: click.Context,
    names: tuple[str, ...],
    input_file: str | None,
    column: str | None,
    country_column: str | None,
    output: str | None,
    names_file: str | None,
    country: tuple[str, ...],
    kind: tuple[str, ...],
    candidates: int,
    fmt: str,
    gazetteer_path: str | None,
) -> None:
    """Resolve place names against the offline gazetteer.

    \b
    Examples:
      geomap geocode Baghdad Basrah "Green Zone"
      geomap geocode "Vienna, Virginia" --format json
      geomap geocode -n 5 Alexandria --country US
      geomap geocode -f names.txt --format csv > places.csv
      printf 'Mosul\\nKirkuk\\n' | geomap geocode -f -
      geomap geocode --input places.csv --column place -o places.gpkg
    """
    if input_file is not None:
        if not column or not output:
            raise click.UsageError("--input needs --column and -o/--output")
        from .batch import geocode_csv_command

        ctx.invoke(
            geocode_csv_command,
            input_file=input_file,
            output_file=output,
            column=column,
            country_column=country_column,
            candidates=max(candidates, 3),
            kind=kind,
            gazetteer_path=gazetteer_path,
        )
        return
    queries = list(_read_names(names, names_file))
    if not queries:
        if sys.stdin.isatty():
            raise click.UsageError("give place names, or --names-file FILE ('-' for stdin)")
        queries = [line.strip() for line in read_stdin().splitlines() if line.strip()]
    if candidates < 1:
        raise click.BadParameter("must be at least 1", param_hint="--candidates")
    gaz = _gazetteer(gazetteer_path)
    rows: list[dict[str, Any]] = []
    for query in queries:
        places = gaz.lookup(query, country=country or None, kind=kind or None, limit=candidates)
        if not places:
            rows.append({"query": query, "rank": None, "status": "not found", "place": None})
        for rank, place in enumerate(places, 1):
            rows.append({"query": query, "rank": rank, "status": "found", "place": place.to_dict()})
    _emit(rows, fmt, ("query", "rank", "status") if candidates > 1 else ("query", "status"))


def _coordinate(value: str, name: str, limit: float) -> float:
    try:
        number = float(value)
    except ValueError:
        raise InputError(f"{name} must be a number, got {value!r}") from None
    if not -limit <= number <= limit:
        raise InputError(f"{name} must be between -{limit:g} and {limit:g}, got {value}")
    return number


@main.command(context_settings={"ignore_unknown_options": True})
@click.argument("latitude", required=False)
@click.argument("longitude", required=False)
@click.option(
    "--input",
    "input_file",
    type=click.Path(dir_okay=False),
    help="Reverse-geocode every row of this CSV (with -o), vectorised.",
)
@click.option("--lat-column", help="With --input: the latitude column (default: latitude/lat).")
@click.option("--lon-column", help="With --input: the longitude column (default: longitude/lon).")
@click.option("-o", "--output", help="With --input: the .csv, .gpkg or .geojson to write.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@gazetteer_option
@click.pass_context
def reverse(
    ctx: click.Context,
    latitude: str | None,
    longitude: str | None,
    input_file: str | None,
    lat_column: str | None,
    lon_column: str | None,
    output: str | None,
    fmt: str,
    gazetteer_path: str | None,
) -> None:
    """Name the district, admin-1 region, country and nearest place at a point.

    \b
    Examples:
      geomap reverse 33.30 44.39
      geomap reverse -- -33.87 151.21 --format json
      geomap reverse --input points.csv --lat-column lat --lon-column lon -o named.csv
    """
    if input_file is not None:
        if not output:
            raise click.UsageError("--input needs -o/--output")
        from .batch import reverse_csv_command

        ctx.invoke(
            reverse_csv_command,
            input_file=input_file,
            output_file=output,
            lat_column=lat_column,
            lon_column=lon_column,
            gazetteer_path=gazetteer_path,
        )
        return
    if latitude is None or longitude is None:
        raise click.UsageError("give LATITUDE LONGITUDE, or --input FILE.csv -o OUT")
    lat = _coordinate(latitude, "latitude", 90)
    lon = _coordinate(longitude, "longitude", 180)
    result = _gazetteer(gazetteer_path).reverse(lat, lon).to_dict()
    out = sys.stdout
    if fmt == "json":
        out.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        return
    for key, value in result.items():
        out.write(f"{key:<13} {'' if value is None else value}\n")


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
    info = _gazetteer(gazetteer_path).info()
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

    path = Path(output) if output else default_path()
    records = [rec for f in extra for rec in read_places_file(Path(f))]
    build_gazetteer(path, progress=_progress("gazetteer") or _quiet, extra=records)
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

    gaz = _gazetteer(gazetteer_path)
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

    gaz = _gazetteer(gazetteer_path)
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
    parser = Geoparser(_gazetteer(gazetteer_path), mode=parser_mode)  # type: ignore[arg-type]
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
    from . import articles, batch, events

    articles.register(main)
    batch.register(main)
    events.register(main)


_register_commands()
