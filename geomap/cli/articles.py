"""``geomap extract``, ``geomap map`` and ``geomap report``: article commands.

Inputs are text, JSONL (text/date/url fields) or HTML files, folders of them,
or globs; ``-`` reads one article from stdin. A document that cannot be read
is reported on stderr and skipped; the command fails only when nothing could
be read at all.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from ..errors import InputError, OutputError
from ..scale.files import atomic_write
from .events import event_model_option, load_event_model
from .options import parser_option, published_option, read_stdin

__all__ = ["register"]


def _extractions(
    inputs: Sequence[str], published: str | None, parser_mode: str, event_model: Any = None
) -> list[Any]:
    """Read and extract every input article, reporting unreadable ones."""
    from ..events.extract import Extractor
    from ..geoparsing.parser import Geoparser
    from ..scale.documents import Document, iter_documents

    if not inputs:
        raise click.UsageError("give at least one article file, folder or glob ('-' for stdin)")
    docs: list[Document] = []
    skipped: list[str] = []
    if list(inputs) == ["-"]:
        docs.append(Document(index=0, id="stdin", text=read_stdin(), source="stdin"))
    else:
        for item in iter_documents(list(inputs)):
            if isinstance(item, Document):
                docs.append(item)
            else:
                skipped.append(f"{item.id}: {item.error}")
    if not docs:
        # One line, as for any error: the first reason, and how many more.
        more = f" (and {len(skipped) - 1} more)" if len(skipped) > 1 else ""
        raise InputError(f"no readable article: {skipped[0] if skipped else 'no input'}{more}")
    for line in skipped:
        click.echo(f"geomap: skipped {line}", err=True)
    extractor = Extractor(
        Geoparser(mode=parser_mode),  # type: ignore[arg-type]
        event_model=event_model,
    )
    out = []
    for doc in docs:
        out.append(
            extractor.extract(
                doc.text, published=published or doc.published, source=doc.source or doc.id
            )
        )
    if skipped:
        click.echo(f"geomap: {len(skipped)} input(s) could not be read", err=True)
    return out


def _write_text(path: str | None, data: str) -> None:
    """To stdout, or atomically to a file."""
    if path is None or path == "-":
        sys.stdout.write(data)
        return
    try:
        atomic_write(path, data.encode("utf-8"))
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc


def register(main: click.Group) -> None:
    """Add the article commands to the ``geomap`` group."""

    @main.command("extract")
    @click.argument("inputs", nargs=-1)
    @published_option
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(["geojson", "json", "csv"]),
        default="geojson",
        show_default=True,
        help="Output format (for stdout or a file with another suffix).",
    )
    @click.option(
        "-o",
        "--output",
        help="Write here (atomically): .geojson/.json/.csv, or .jsonl/.gpkg for a corpus run.",
    )
    @click.option(
        "--workers", "-j", type=int, help="Processes for a corpus run (default: all cores)."
    )
    @click.option(
        "--explain",
        is_flag=True,
        help="Print why each incident got its type, place, date and toll (data still goes to -o).",
    )
    @event_model_option
    @parser_option
    def extract_command(
        inputs: tuple[str, ...],
        published: str | None,
        fmt: str,
        output: str | None,
        workers: int | None,
        explain: bool,
        event_model: str | None,
        parser_mode: str,
    ) -> None:
        """Extract incidents, actors and places from news articles.

        With -o FILE.jsonl or FILE.gpkg the inputs are processed as a corpus:
        in parallel, streaming, with a progress bar and a summary; bad
        documents are reported and skipped.

        \b
        Examples:
          geomap extract examples/baghdad-2021-11-07.txt --format csv
          geomap extract article.html --published 2021-11-07 -o incidents.geojson
          geomap extract news/ 'archive/*.jsonl' -o incidents.gpkg
          geomap extract article.txt --explain
        """
        import json

        from ..scale import export

        if explain and output and Path(output).suffix.lower() in (".jsonl", ".gpkg"):
            raise click.UsageError("--explain is for articles, not corpus runs (-o .jsonl/.gpkg)")
        if output and Path(output).suffix.lower() in (".jsonl", ".gpkg"):
            from ..scale.corpus import process_corpus

            # A corpus run defaults to the fast recogniser: much faster.
            process_corpus(
                list(inputs),
                output,
                workers=workers,
                mode="ner" if parser_mode == "ner" else "fast",
            )
            return
        extractions = _extractions(inputs, published, parser_mode, load_event_model(event_model))
        if explain:
            from ..events.explain import explain as explain_text

            click.echo(explain_text(extractions), nl=False)
            if not output:
                return
        suffix = Path(output).suffix.lower() if output else ""
        kind = {".csv": "csv", ".json": "json", ".geojson": "geojson"}.get(suffix, fmt)
        if kind == "csv":
            data = export.to_csv(extractions)
        elif kind == "json":
            payload = [
                {
                    "source": x.source,
                    "published": x.published.isoformat() if x.published else None,
                    "incidents": [i.to_dict() for i in x.incidents],
                    "actors": [a.to_dict() for a in x.actors],
                    "mentions": [m.to_dict() for m in x.mentions],
                }
                for x in extractions
            ]
            data = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
        else:
            data = json.dumps(export.to_geojson(extractions), ensure_ascii=False) + "\n"
        _write_text(output, data)

    @main.command("map")
    @click.argument("inputs", nargs=-1)
    @click.option(
        "-o", "--output", default="map.html", show_default=True, help="HTML file to write."
    )
    @published_option
    @click.option("--title", help="Title shown on the map.")
    @click.option(
        "--tiles",
        help="Also add an online tile layer (e.g. OpenStreetMap); off by default: offline.",
    )
    @click.option(
        "--tiles-attribution",
        help="The tile provider's attribution, shown on the map (required by a --tiles URL).",
    )
    @click.option("--no-basemap", is_flag=True, help="Leave out the offline country/region layer.")
    @click.option(
        "--link-actors",
        is_flag=True,
        help="Draw a line from each incident to the located actors it names.",
    )
    @click.option(
        "--fragment", is_flag=True, help="Write a <div> with its scripts, for a page you have."
    )
    @click.option("--png", "png", help="Also write a PNG screenshot (needs Chromium).")
    @click.option("--static", "static", help="Also write a static PNG/SVG drawn with matplotlib.")
    @parser_option
    def map_command(
        inputs: tuple[str, ...],
        output: str,
        published: str | None,
        title: str | None,
        tiles: str | None,
        tiles_attribution: str | None,
        no_basemap: bool,
        link_actors: bool,
        fragment: bool,
        png: str | None,
        static: str | None,
        parser_mode: str,
    ) -> None:
        """Draw articles' incidents, actors, places and areas on one offline map.

        The HTML is self-contained: it draws with no network connection.

        \b
        Examples:
          geomap map examples/baghdad-2021-11-07.txt -o map.html
          geomap map news/*.txt -o week.html --title "Week 45" --png week.png
          geomap map article.txt --fragment -o map-fragment.html
        """
        from .. import maps

        extractions = _extractions(inputs, published, parser_mode)
        m = maps.incident_map(
            extractions,
            tiles=tiles,
            tiles_attribution=tiles_attribution,
            basemap=not no_basemap,
            link_actors=link_actors,
            title=title,
        )
        if fragment:
            _write_text(output, maps.to_fragment(m))
        else:
            maps.save_html(m, output)
        if png:
            maps.to_png(m, png)
        if static:
            maps.static_map(extractions, static, basemap=not no_basemap, title=title)
        # The same counts, in the same words, as the map's box and the report.
        click.echo(f"geomap: wrote {output}: {maps.summary(extractions)}", err=True)

    @main.command("report")
    @click.argument("inputs", nargs=-1)
    @click.option(
        "-o", "--output", default="report.html", show_default=True, help="HTML file to write."
    )
    @published_option
    @click.option("--title", default="Incident report", show_default=True)
    @parser_option
    def report_command(
        inputs: tuple[str, ...],
        output: str,
        published: str | None,
        title: str,
        parser_mode: str,
    ) -> None:
        """Write a standalone HTML report: map, incident and actor tables, sources.

        \b
        Examples:
          geomap report examples/baghdad-2021-11-07.txt -o report.html
          geomap report news/ --title "Iraq, November 2021" -o iraq.html
        """
        from .. import maps

        extractions = _extractions(inputs, published, parser_mode)
        maps.report_html(extractions, output, title=title)
        click.echo(f"geomap: wrote {output}", err=True)
