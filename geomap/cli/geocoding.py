"""The ``geocode`` and ``reverse`` commands of the ``geomap`` CLI.

Each is the one command for its job: ``geocode`` takes names (arguments, a
file or stdin) or, with ``--input``, a CSV column; ``reverse`` takes a point
or, with ``--input``, a CSV of points. ``geocode-csv`` and ``reverse-csv``
(:mod:`~geomap.cli.batch`) are documented aliases of the ``--input`` forms
with the same option names. Options that do not apply to the form used are
refused, never silently ignored, and output paths are checked before any
work starts.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import click

from ..errors import InputError
from .options import (
    clean_text,
    gazetteer_option,
    kind_option,
    open_gazetteer,
    progress_option,
    read_stdin,
)

__all__ = ["PLACE_COLUMNS", "geocode", "register", "reverse"]

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
    "local_name",
)
_FORMATS = ("table", "json", "csv", "geojson")
_SUFFIX_FORMATS = {".csv": "csv", ".json": "json", ".geojson": "geojson", ".txt": "table"}


def _format_option(default: str | None) -> Any:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(_FORMATS),
        default=default,
        help="Output format (default: from the -o suffix, else table).",
    )


def output_format(fmt: str | None, output: str | None) -> str:
    """The format asked for, else the one the output's suffix names."""
    if fmt or not output:
        return fmt or "table"
    suffix = Path(output).suffix.lower()
    if suffix not in _SUFFIX_FORMATS:
        raise click.UsageError(
            f"cannot tell the format of {output}: end it in .csv, .json or .geojson, "
            "or pass --format"
        )
    return _SUFFIX_FORMATS[suffix]


def refuse(mode: str, **given: Any) -> None:
    """A usage error naming the options that do not apply to ``mode``."""
    names = [f"--{k.replace('_', '-')}" for k, v in given.items() if v not in (None, (), "", False)]
    if names:
        raise click.UsageError(f"{', '.join(names)} cannot be used {mode}")


# -- output ------------------------------------------------------------------


def _place_cells(place: dict[str, Any] | None) -> list[Any]:
    return [place.get(c) if place else None for c in PLACE_COLUMNS]


def render(rows: list[dict[str, Any]], fmt: str, columns: Sequence[str], tty: bool) -> str:
    """Result rows (each with a 'place' record) as table/json/csv/geojson text."""
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if fmt == "geojson":
        features = []
        for row in rows:
            place = row.get("place")
            if not place:
                continue
            props = {k: v for k, v in row.items() if k != "place"} | place
            point = [place["longitude"], place["latitude"]]
            features.append(
                {"type": "Feature", "geometry": {"type": "Point", "coordinates": point}}
                | {"properties": props}
            )
        collection = {"type": "FeatureCollection", "features": features}
        return json.dumps(collection, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow([*columns, *PLACE_COLUMNS])
        for row in rows:
            writer.writerow([*(row.get(c) for c in columns), *_place_cells(row.get("place"))])
        return buf.getvalue()
    return _table(rows, columns, tty)


def _table(rows: list[dict[str, Any]], columns: Sequence[str], tty: bool) -> str:
    headers = [*columns, *PLACE_COLUMNS]
    cells = [
        [
            "" if v is None else str(v)
            for v in [*(r.get(c) for c in columns), *_place_cells(r.get("place"))]
        ]
        for r in rows
    ]
    if tty:
        from rich.console import Console
        from rich.table import Table

        table = Table(*headers)
        for line in cells:
            table.add_row(*line)
        console = Console(file=io.StringIO(), force_terminal=True, width=200)
        console.print(table)
        return console.file.getvalue()  # type: ignore[attr-defined]
    widths = [
        max(len(h), *(len(c[i]) for c in cells)) if cells else len(h) for i, h in enumerate(headers)
    ]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    for line in cells:
        lines.append("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())
    return "\n".join(lines) + "\n"


def deliver(text: str, output: str | None) -> None:
    """Print to stdout, or write ``output`` atomically and say so on stderr."""
    if output is None:
        sys.stdout.write(text)
        return
    from ..scale.files import atomic_write

    atomic_write(output, text.encode("utf-8"))
    click.echo(f"geomap: wrote {output}", err=True)


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


# -- geocode -------------------------------------------------------------------


@click.command()
@click.argument("names", nargs=-1)
@click.option(
    "--input",
    "input_file",
    type=click.Path(dir_okay=False),
    help="Geocode a column of this CSV into -o (.csv, .gpkg, .geojson); resumable.",
)
@click.option("--column", "-c", help="With --input: the column of place names.")
@click.option("--country-column", help="With --input: a column of ISO codes or country names.")
@click.option(
    "-o",
    "--output",
    help="Write here instead of stdout (names: .csv/.json/.geojson; --input: .csv/.gpkg/.geojson).",
)
@click.option(
    "--names-file",
    "-f",
    type=str,
    help="Read names from this file, one per line ('-' for stdin).",
)
@click.option(
    "--country", multiple=True, help="Only places in this country (ISO alpha-2 code or name)."
)
@kind_option
@click.option(
    "--candidates",
    "-n",
    type=click.IntRange(min=1),
    help="Results per name (default 1), or candidates listed per row with --input (default 3).",
)
@click.option("--prefix", help="With --input: prefix for the added columns (e.g. geo_).")
@click.option(
    "--chunksize", type=click.IntRange(min=1), help="With --input: rows per checkpoint (50,000)."
)
@click.option("--sep", help="With --input: the input's field separator (default ',').")
@click.option("--encoding", help="With --input: the input's encoding (default utf-8).")
@click.option(
    "--explain",
    is_flag=True,
    help="Show why: each candidate's score in named parts, and the reason for the status.",
)
@progress_option
@_format_option(None)
@gazetteer_option
def geocode(
    names: tuple[str, ...],
    input_file: str | None,
    column: str | None,
    country_column: str | None,
    output: str | None,
    names_file: str | None,
    country: tuple[str, ...],
    kind: tuple[str, ...],
    candidates: int | None,
    prefix: str | None,
    chunksize: int | None,
    sep: str | None,
    encoding: str | None,
    progress: bool | None,
    explain: bool,
    fmt: str | None,
    gazetteer_path: str | None,
) -> None:
    """Resolve place names against the offline gazetteer.

    Each name gets a status: matched, ambiguous (a far-away namesake scores
    almost as well), fuzzy (found only through a looser spelling; match_score
    says how close) or not found.

    \b
    Examples:
      geomap geocode Baghdad Basrah "Green Zone"
      geomap geocode "Vienna, Virginia" --format json
      geomap geocode -n 5 Alexandria --country US
      geomap geocode Alexandria --explain
      geomap geocode -f names.txt -o places.csv
      printf 'Mosul\\nKirkuk\\n' | geomap geocode -f -
      geomap geocode --input places.csv --column place -o places.gpkg
    (geomap geocode-csv IN OUT --column C is an alias of the --input form.)
    """
    kinds = [k.lower() for k in kind] or None
    if input_file is not None:
        refuse(
            "with --input", names=names, names_file=names_file, country=country, format=fmt,
            explain=explain or None,
        )  # fmt: skip
        if not column or not output:
            raise click.UsageError("--input needs --column and -o/--output")
        from .batch import run_geocode_csv

        run_geocode_csv(
            input_file, output, column, country_column=country_column,
            candidates=candidates or 3, kind=kinds, prefix=prefix or "",
            chunksize=chunksize or 50_000, sep=sep or ",", encoding=encoding or "utf-8",
            progress=progress, gazetteer_path=gazetteer_path,
        )  # fmt: skip
        return
    refuse(
        "without --input", column=column, country_column=country_column, prefix=prefix,
        chunksize=chunksize, sep=sep, encoding=encoding, progress=progress,
    )  # fmt: skip
    fmt = output_format(fmt, output)
    if output is not None:
        from ..scale.files import check_output_path

        check_output_path(output)
    queries = list(_read_names(names, names_file))
    if not queries and not names_file:
        if sys.stdin.isatty():
            raise click.UsageError("give place names, or --names-file FILE ('-' for stdin)")
        queries = [line.strip() for line in read_stdin().splitlines() if line.strip()]
    if not queries:
        raise click.UsageError("no place names given: pass names, or a non-empty --names-file")
    from ..gazetteer.geocoding import country_codes, geocode_candidates
    from ..scale.geocode import NOT_FOUND, status_and_reason

    gaz = open_gazetteer(gazetteer_path)
    codes = country_codes(gaz, country)
    limit = candidates or 1
    rows: list[dict[str, Any]] = []
    for query in queries:
        found = geocode_candidates(gaz, query, country=codes, kind=kinds)
        status, reason = status_and_reason(found)
        why = {"reason": reason} if explain else {}
        if not found:
            rows.append({"query": query, "rank": None, "status": NOT_FOUND, **why, "place": None})
            continue
        # Explained, a name shows the rivals that decided its status too.
        shown = max(limit, 3) if explain else limit
        for rank, cand in enumerate(found[:shown], 1):
            parts = {"score": cand.rank_score, "parts": dict(cand.parts)} if explain else {}
            rows.append(
                {
                    "query": query,
                    "rank": rank,
                    "status": status,
                    "match_score": cand.similarity,
                    **why,
                    **parts,
                    "place": cand.place.to_dict(),
                }
            )
    if explain and fmt == "table":
        deliver(_explanation(rows), output)
        return
    columns: tuple[str, ...] = ("query", "rank", "status", "match_score")
    if limit == 1:
        columns = ("query", "status", "match_score")
    tty = output is None and sys.stdout.isatty()
    deliver(render(rows, fmt, columns, tty), output)


def _explanation(rows: list[dict[str, Any]]) -> str:
    """``geocode --explain`` as text: per name its status and why, then each
    candidate's score as the sum of its named parts."""
    lines: list[str] = []
    for row in rows:
        if row["rank"] in (None, 1):
            lines.append(f"{row['query']}: {row['status']} ({row['reason']})")
        place = row["place"]
        if place is None:
            continue
        parts = ", ".join(f"{name} {value:+.2f}" for name, value in row["parts"].items())
        people = f", {place['population']:,} people" if place.get("population") else ""
        lines.append(
            f"  {row['rank']}. {place['name']}, {place['country_code'] or '-'} "
            f"({place['kind']}{people}): {row['score']:.2f} = {parts}"
        )
    return "\n".join(lines) + "\n"


# -- reverse -------------------------------------------------------------------


def _coordinate(value: str, name: str, limit: float) -> float:
    try:
        number = float(value)
    except ValueError:
        raise InputError(f"{name} must be a number, got {value!r}") from None
    if not -limit <= number <= limit:
        raise InputError(f"{name} must be between -{limit:g} and {limit:g}, got {value}")
    return number


def reverse_text(result: dict[str, Any], fmt: str) -> str:
    """One reverse-geocoding record as table/json/csv/geojson text."""
    if fmt == "json":
        return json.dumps(result, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(list(result))
        writer.writerow(["" if v is None else v for v in result.values()])
        return buf.getvalue()
    if fmt == "geojson":
        point = [result["longitude"], result["latitude"]]
        feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": point}}
        feature["properties"] = result
        return json.dumps({"type": "FeatureCollection", "features": [feature]}) + "\n"
    return "".join(f"{key:<13} {'' if value is None else value}\n" for key, value in result.items())


@click.command(context_settings={"ignore_unknown_options": True})
@click.argument("latitude", required=False)
@click.argument("longitude", required=False)
@click.option(
    "--input",
    "input_file",
    type=click.Path(dir_okay=False),
    help="Reverse-geocode every row of this CSV into -o (.csv, .gpkg, .geojson).",
)
@click.option("--lat-column", help="With --input: the latitude column (default: latitude/lat).")
@click.option(
    "--lon-column", help="With --input: the longitude column (default: longitude/lon/lng)."
)
@click.option("-o", "--output", help="Write here instead of stdout.")
@click.option("--prefix", help="With --input: prefix for the added columns.")
@click.option(
    "--strict", is_flag=True, help="With --input: exit non-zero when a row's point is invalid."
)
@_format_option(None)
@gazetteer_option
def reverse(
    latitude: str | None,
    longitude: str | None,
    input_file: str | None,
    lat_column: str | None,
    lon_column: str | None,
    output: str | None,
    prefix: str | None,
    strict: bool,
    fmt: str | None,
    gazetteer_path: str | None,
) -> None:
    """Name the district, admin-1 region, country and nearest place at a point.

    \b
    Examples:
      geomap reverse 33.30 44.39
      geomap reverse --format json -- -33.87 151.21
      geomap reverse 26.5 52 --format geojson -o gulf.geojson
      geomap reverse --input points.csv --lat-column lat --lon-column lon -o named.csv
    (geomap reverse-csv IN OUT is an alias of the --input form.)
    """
    if input_file is not None:
        refuse("with --input", latitude=latitude, longitude=longitude, format=fmt)
        if not output:
            raise click.UsageError("--input needs -o/--output")
        from .batch import run_reverse_csv

        run_reverse_csv(
            input_file, output, lat_column=lat_column, lon_column=lon_column,
            prefix=prefix or "", strict=strict, gazetteer_path=gazetteer_path,
        )  # fmt: skip
        return
    refuse("without --input", lat_column=lat_column, lon_column=lon_column, prefix=prefix)
    refuse("without --input", strict=strict)
    if latitude is None or longitude is None:
        raise click.UsageError("give LATITUDE LONGITUDE, or --input FILE.csv -o OUT")
    fmt = output_format(fmt, output)
    if output is not None:
        from ..scale.files import check_output_path

        check_output_path(output)
    lat = _coordinate(latitude, "latitude", 90)
    lon = _coordinate(longitude, "longitude", 180)
    result = open_gazetteer(gazetteer_path).reverse(lat, lon).to_dict()
    deliver(reverse_text(result, fmt), output)


def register(group: click.Group) -> click.Group:
    """Add ``geocode`` and ``reverse`` to the ``geomap`` group (returns it)."""
    group.add_command(geocode)
    group.add_command(reverse)
    return group
