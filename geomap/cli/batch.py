"""Batch commands of the ``geomap`` CLI: CSV geocoding and corpus runs.

They are registered on the main group by :func:`register`, so ``cli.py``
needs one line. Errors are :class:`~geomap.errors.GeomapError` s, which the
main group prints as one ``Error: ...`` line with exit status 1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..errors import InputError
from ..scale.files import atomic_output
from .options import gazetteer_option, kind_option, progress_option

__all__ = ["register"]

_progress_option = click.option(
    "--progress/--no-progress",
    default=None,
    help="Draw a progress bar (default: only on a terminal).",
)


def _open_gazetteer(path: str | None) -> Any:
    from ..gazetteer.store import Gazetteer

    return Gazetteer(path) if path else Gazetteer.default()


def run_geocode_csv(
    input_file: str,
    output_file: str,
    column: str,
    *,
    country_column: str | None,
    candidates: int,
    kind: list[str] | None,
    prefix: str,
    chunksize: int,
    sep: str,
    encoding: str,
    progress: bool | None,
    gazetteer_path: str | None,
) -> None:
    """``geomap geocode --input`` (and its alias ``geocode-csv``)."""
    from ..scale.batch import OUTPUT_SUFFIXES, geocode_csv
    from ..scale.files import check_output_path

    check_output_path(output_file, OUTPUT_SUFFIXES)
    geocode_csv(
        input_file,
        output_file,
        column,
        country_column=country_column,
        candidates=candidates,
        kind=kind,
        prefix=prefix,
        chunksize=chunksize,
        sep=sep,
        encoding=encoding,
        gazetteer=_open_gazetteer(gazetteer_path),
        progress=progress,
    )


@click.command("geocode-csv")
@click.argument("input_file", metavar="INPUT", type=click.Path(dir_okay=False))
@click.argument("output_file", metavar="OUTPUT", type=click.Path(dir_okay=False))
@click.option("--column", "-c", required=True, help="The column of place names.")
@click.option("--country-column", help="A column of ISO alpha-2 codes or country names.")
@click.option(
    "--candidates",
    "-n",
    default=3,
    show_default=True,
    type=click.IntRange(min=1),
    help="Candidates listed per row.",
)
@kind_option
@click.option("--prefix", default="", help="Prefix for the added columns (e.g. geo_).")
@click.option(
    "--chunksize",
    default=50_000,
    show_default=True,
    type=click.IntRange(min=1),
    help="Rows per checkpoint.",
)
@click.option("--sep", default=",", show_default=True, help="The input's field separator.")
@click.option("--encoding", default="utf-8", show_default=True, help="The input's encoding.")
@progress_option
@gazetteer_option
def geocode_csv_command(
    input_file: str,
    output_file: str,
    column: str,
    country_column: str | None,
    candidates: int,
    kind: tuple[str, ...],
    prefix: str,
    chunksize: int,
    sep: str,
    encoding: str,
    progress: bool | None,
    gazetteer_path: str | None,
) -> None:
    """Alias of `geomap geocode --input INPUT -o OUTPUT`, with the same options.

    Geocodes a CSV file's column of place names into CSV, GeoPackage or
    GeoJSON. Adds status (matched / ambiguous / fuzzy / not found),
    match_score, the best place's id, name, kind, country, admin-1,
    coordinates, precision and population, and the top candidates as JSON.
    Interrupted runs resume where they stopped: rerun the same command.

    \b
    Examples:
      geomap geocode-csv events.csv events-geo.csv --column location
      geomap geocode-csv events.csv events.gpkg -c town --country-column iso2
      geomap geocode-csv big.csv big.geojson -c place --prefix geo_ --chunksize 20000
    """
    run_geocode_csv(
        input_file, output_file, column, country_column=country_column,
        candidates=candidates, kind=[k.lower() for k in kind] or None, prefix=prefix,
        chunksize=chunksize, sep=sep, encoding=encoding, progress=progress,
        gazetteer_path=gazetteer_path,
    )  # fmt: skip


def run_reverse_csv(
    input_file: str,
    output_file: str,
    *,
    lat_column: str | None,
    lon_column: str | None,
    prefix: str,
    strict: bool,
    gazetteer_path: str | None,
) -> None:
    """``geomap reverse --input`` (and its alias ``reverse-csv``)."""
    import pandas as pd

    from ..scale.batch import OUTPUT_SUFFIXES
    from ..scale.files import check_output_path
    from ..scale.reverse_geocode import INVALID, reverse_frame

    dest = check_output_path(output_file, OUTPUT_SUFFIXES)
    try:
        frame = pd.read_csv(input_file, dtype=str, keep_default_na=False)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"cannot read {input_file}: {first}") from exc
    try:
        result = reverse_frame(
            frame,
            lat_column=lat_column,
            lon_column=lon_column,
            prefix=prefix,
            gazetteer=_open_gazetteer(gazetteer_path),
        )
    except InputError as exc:
        raise InputError(f"{input_file}: {exc}") from exc
    _write_frame(result, dest)
    invalid = int((result[prefix + "status"] == INVALID).sum())
    note = f"; {invalid:,} invalid {plural(invalid, 'point')} (status 'invalid')" if invalid else ""
    click.echo(
        f"geomap: reverse-geocoded {len(result):,} {plural(len(result), 'point')} "
        f"into {dest}{note}",
        err=True,
    )
    if strict and invalid:
        raise InputError(
            f"{input_file}: {invalid:,} {plural(invalid, 'row')} with an invalid coordinate "
            f"(--strict); they are marked 'invalid' in {dest}"
        )


@click.command("reverse-csv")
@click.argument("input_file", metavar="INPUT", type=click.Path(dir_okay=False))
@click.argument("output_file", metavar="OUTPUT", type=click.Path(dir_okay=False))
@click.option(
    "--lat-column", "--lat", "lat_column", help="Latitude column (default: latitude/lat)."
)
@click.option(
    "--lon-column", "--lon", "lon_column", help="Longitude column (default: longitude/lon/lng)."
)
@click.option("--prefix", default="", help="Prefix for the added columns.")
@click.option("--strict", is_flag=True, help="Exit non-zero when a row's point is invalid.")
@gazetteer_option
def reverse_csv_command(
    input_file: str,
    output_file: str,
    lat_column: str | None,
    lon_column: str | None,
    prefix: str,
    strict: bool,
    gazetteer_path: str | None,
) -> None:
    """Alias of `geomap reverse --input INPUT -o OUTPUT`, with the same options.

    Names the district, admin-1 region, country and nearest town of every
    point; rows whose coordinates are missing or out of range get status
    'invalid' (counted on stderr; --strict makes them an error). The output
    (.csv, .gpkg or .geojson) is written complete or not at all.

    \b
    Examples:
      geomap reverse-csv points.csv named.csv
      geomap reverse-csv gps.csv gps.gpkg --lat-column y --lon-column x --strict
    """
    run_reverse_csv(
        input_file, output_file, lat_column=lat_column, lon_column=lon_column,
        prefix=prefix, strict=strict, gazetteer_path=gazetteer_path,
    )  # fmt: skip


def plural(count: int, word: str) -> str:
    """ "1 row", "2 rows"."""
    return word if count == 1 else word + "s"


def _write_frame(frame: Any, dest: Path) -> None:
    """Write a GeoDataFrame atomically (a temporary file, then a rename)."""
    with atomic_output(dest) as tmp:
        if dest.suffix.lower() == ".csv":
            frame.drop(columns=frame.geometry.name).to_csv(tmp, index=False)
        else:
            driver = "GPKG" if dest.suffix.lower() == ".gpkg" else "GeoJSON"
            frame.to_file(tmp, driver=driver, layer=dest.stem)


# As the other commands' --parser, but "fast" by default: on thousands of
# articles spaCy's cost is hours (README, "Measured", for the figures).
_parser_option = click.option(
    "--parser",
    "parser_mode",
    type=click.Choice(["fast", "ner", "auto"]),
    default="fast",
    show_default=True,
    help="Recogniser: rules alone (fast) or spaCy-refereed rules (ner; auto when installed).",
)


@click.command("corpus")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--output", "-o", required=True, type=click.Path(dir_okay=False), help=".jsonl or .gpkg"
)
@click.option("--workers", "-j", type=int, help="Worker processes (default: every core).")
@_parser_option
@click.option("--mentions", is_flag=True, help="Also write every place mention.")
@click.option("--background", is_flag=True, help="Keep events long before publication.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout.")
@_progress_option
@gazetteer_option
def corpus_command(
    inputs: tuple[str, ...],
    output: str,
    workers: int | None,
    parser_mode: str,
    mentions: bool,
    background: bool,
    as_json: bool,
    progress: bool | None,
    gazetteer_path: str | None,
) -> None:
    """Extract incidents from thousands of articles on every local core.

    INPUTS are .txt, .jsonl (text, date/published, url/source, id) and
    .html files, directories or glob patterns. Bad documents are reported
    and skipped; the output appears only when the run is complete.

    \b
    Examples:
      geomap corpus articles/ -o incidents.jsonl
      geomap corpus 'feeds/*.jsonl' -o incidents.gpkg --mentions -j 8
      geomap corpus news.jsonl -o out.jsonl --parser ner --json
    """
    from ..scale.corpus import process_corpus
    from ..scale.pipeline import ExtractOptions

    if workers is not None and workers < 1:
        raise click.BadParameter("must be at least 1", param_hint="--workers")
    options = ExtractOptions(mode=parser_mode, include_background=background)  # type: ignore[arg-type]
    result = process_corpus(
        list(inputs),
        output,
        options,
        workers=workers,
        mentions=mentions,
        gazetteer=gazetteer_path,
        progress=progress,
    )
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))


@click.command("corpus-dask")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--output-dir", "-o", required=True, type=click.Path(file_okay=False), help="Dataset folder."
)
@click.option("--scheduler", help="A Dask scheduler address (default: a local cluster).")
@click.option("--workers", "-j", type=int, help="Local cluster workers (default: every core).")
@click.option("--partitions", type=int, help="Parts to cut the corpus into.")
@_parser_option
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout.")
@gazetteer_option
def corpus_dask_command(
    inputs: tuple[str, ...],
    output_dir: str,
    scheduler: str | None,
    workers: int | None,
    partitions: int | None,
    parser_mode: str,
    as_json: bool,
    gazetteer_path: str | None,
) -> None:
    """Extract incidents on a Dask cluster into a GeoParquet dataset.

    Read the result with dask_geopandas.read_parquet(OUTPUT_DIR).

    \b
    Examples:
      geomap corpus-dask articles/ -o incidents.parquet
      geomap corpus-dask 'feeds/*.jsonl' -o out/ --scheduler tcp://10.0.0.5:8786
    """
    from ..scale.distributed import process_corpus_dask
    from ..scale.pipeline import ExtractOptions

    for name, value in (("--workers", workers), ("--partitions", partitions)):
        if value is not None and value < 1:
            raise click.BadParameter("must be at least 1", param_hint=name)
    result = process_corpus_dask(
        list(inputs),
        output_dir,
        scheduler=scheduler,
        partitions=partitions,
        n_workers=workers,
        options=ExtractOptions(mode=parser_mode),  # type: ignore[arg-type]
        gazetteer=gazetteer_path,
    )
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))


COMMANDS = (geocode_csv_command, reverse_csv_command, corpus_command, corpus_dask_command)


def register(group: click.Group) -> click.Group:
    """Add the batch commands to the ``geomap`` group (returns it)."""
    for command in COMMANDS:
        group.add_command(command)
    return group
