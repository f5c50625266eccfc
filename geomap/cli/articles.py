"""``geomap extract``, ``geomap map`` and ``geomap report``: article commands.

Inputs are text, JSONL (text/date/url fields) or HTML files, folders of them,
or globs; ``-`` reads one article from stdin. A document that cannot be read
is reported on stderr and skipped; the command fails only when nothing could
be read at all.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from ..errors import InputError, OutputError
from ..scale.files import atomic_write
from .events import event_model_option, load_event_model
from .options import parser_option, published_option, read_stdin

__all__ = ["register"]


def document_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The inputs and the options that decide extraction: the same for
    extract, map and report, so each gives the same incidents."""
    for option in reversed(
        (
            click.argument("inputs", nargs=-1),
            published_option,
            parser_option,
            event_model_option,
            click.option(
                "--workers",
                "-j",
                type=click.IntRange(min=1),
                help="Processes (default: every core for more than a few documents, else 1).",
            ),
        )
    ):
        command = option(command)
    return command


def _options(published: str | None, parser_mode: str, event_model: str | None) -> Any:
    from ..scale.pipeline import ExtractOptions

    if event_model is not None:
        load_event_model(event_model)  # a bad model file fails now, in one line
    return ExtractOptions(
        mode=parser_mode,  # type: ignore[arg-type]
        published=published,
        event_model=event_model,
    )


# More documents than this go to every core: below it, starting worker
# processes (each loading the gazetteer and the language model) costs more
# than it saves.
_PARALLEL_FROM = 8


def _extractions(inputs: Sequence[str], options: Any, workers: int | None) -> list[Any]:
    """Every input article's extraction, through the one document pipeline;
    unreadable articles are reported on stderr and skipped."""
    import itertools
    import os

    from ..scale.documents import Document, iter_documents
    from ..scale.pipeline import extract_documents

    if not inputs:
        raise click.UsageError("give at least one article file, folder or glob ('-' for stdin)")
    if list(inputs) == ["-"]:
        items: Any = iter([Document(index=0, id="stdin", text=read_stdin(), source="stdin")])
    else:
        items = iter_documents(list(inputs))
    if workers is None:
        head = list(itertools.islice(items, _PARALLEL_FROM + 1))
        workers = (os.cpu_count() or 1) if len(head) > _PARALLEL_FROM else 1
        items = itertools.chain(head, items)
    out, skipped = [], []
    for outcome in extract_documents(items, options, workers=workers):
        if outcome.extraction is None:
            skipped.append(f"{outcome.id}: {outcome.error}")
        else:
            out.append(outcome.extraction)
    if not out:
        # One line, as for any error: the first reason, and how many more.
        more = f" (and {len(skipped) - 1} more)" if len(skipped) > 1 else ""
        raise InputError(f"no readable article: {skipped[0] if skipped else 'no input'}{more}")
    for line in skipped:
        click.echo(f"geomap: skipped {line}", err=True)
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
    @document_options
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
        "--explain",
        is_flag=True,
        help="Print why each incident got its type, place, date and toll (data still goes to -o).",
    )
    def extract_command(
        inputs: tuple[str, ...],
        published: str | None,
        parser_mode: str,
        event_model: str | None,
        workers: int | None,
        fmt: str,
        output: str | None,
        explain: bool,
    ) -> None:
        """Extract incidents, actors and places from news articles.

        Every output gets the same incidents from the same options. With
        -o FILE.jsonl or FILE.gpkg the incidents are streamed to the file as
        they come (for corpora too large to hold), with a progress bar and a
        summary; everywhere, bad documents are reported and skipped.

        \b
        Examples:
          geomap extract examples/baghdad-2021-11-07.txt --format csv
          geomap extract article.html --published 2021-11-07 -o incidents.geojson
          geomap extract news/ 'archive/*.jsonl' -o incidents.gpkg
          geomap extract article.txt --explain
        """
        import json

        from ..scale import export

        options = _options(published, parser_mode, event_model)
        if explain and output and Path(output).suffix.lower() in (".jsonl", ".gpkg"):
            raise click.UsageError("--explain is for articles, not corpus runs (-o .jsonl/.gpkg)")
        if output and Path(output).suffix.lower() in (".jsonl", ".gpkg"):
            from ..scale.corpus import process_corpus

            if not inputs:
                raise click.UsageError("give at least one article file, folder or glob")
            if list(inputs) == ["-"]:
                raise click.UsageError("-o .jsonl/.gpkg reads files, folders or globs, not stdin")
            process_corpus(list(inputs), output, options, workers=workers)
            return
        extractions = _extractions(inputs, options, workers)
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
    @document_options
    @click.option(
        "-o", "--output", default="map.html", show_default=True, help="HTML file to write."
    )
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
    def map_command(
        inputs: tuple[str, ...],
        published: str | None,
        parser_mode: str,
        event_model: str | None,
        workers: int | None,
        output: str,
        title: str | None,
        tiles: str | None,
        tiles_attribution: str | None,
        no_basemap: bool,
        link_actors: bool,
        fragment: bool,
        png: str | None,
        static: str | None,
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

        options = _options(published, parser_mode, event_model)
        extractions = _extractions(inputs, options, workers)
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
    @document_options
    @click.option(
        "-o", "--output", default="report.html", show_default=True, help="HTML file to write."
    )
    @click.option("--title", default="Incident report", show_default=True)
    def report_command(
        inputs: tuple[str, ...],
        published: str | None,
        parser_mode: str,
        event_model: str | None,
        workers: int | None,
        output: str,
        title: str,
    ) -> None:
        """Write a standalone HTML report: map, incident and actor tables, sources.

        \b
        Examples:
          geomap report examples/baghdad-2021-11-07.txt -o report.html
          geomap report news/ --title "Iraq, November 2021" -o iraq.html
        """
        from .. import maps

        options = _options(published, parser_mode, event_model)
        extractions = _extractions(inputs, options, workers)
        maps.report_html(extractions, output, title=title)
        click.echo(f"geomap: wrote {output}", err=True)
