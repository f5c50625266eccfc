"""The ``geoparse`` command: a text's place mentions, and why each place won."""

from __future__ import annotations

import json

import click

from .options import clean_text, read_stdin

__all__ = ["register"]


def register(main: click.Group) -> None:
    @main.command("geoparse")
    @click.argument("text", required=False)
    @click.option(
        "--parser",
        "mode",
        type=click.Choice(["auto", "fast", "ner"]),
        default="auto",
        show_default=True,
        help="Recogniser: spaCy-refereed rules (auto/ner) or rules alone (fast).",
    )
    @click.option("--explain", is_flag=True, help="Show the evidence for each place.")
    @click.option("--json", "as_json", is_flag=True, help="Print the mentions as JSON.")
    def geoparse_command(text: str | None, mode: str, explain: bool, as_json: bool) -> None:
        """Find and resolve the place mentions of TEXT (or stdin).

        A name the gazetteer lacks gets a place only on evidence (a historical
        country's successor, a known place inside the name, the town a site is
        in); otherwise it is left unresolved.

        \b
        Examples:
          geomap geoparse "Troops deployed around Baghdad."
          geomap geoparse --explain "Students at Colorado State University protested."
        """
        from ..geoparsing.parser import Geoparser

        body = clean_text(text) if text else read_stdin()
        mentions = Geoparser(mode=mode).parse(body)  # type: ignore[arg-type]
        if as_json:
            rows = [
                {**m.to_dict(), **({"reasons": [list(r) for r in m.reasons]} if explain else {})}
                for m in mentions
            ]
            click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for m in mentions:
            where = "not resolved" if m.place is None else f"{m.place.name}, {m.place.country_code}"
            note = " (inferred)" if m.inferred else ""
            click.echo(f"{m.text}\t{where}{note}\tconfidence {m.confidence:.2f}")
            if explain:
                for name, value in m.reasons:
                    shown = f"{value:+.2f}" if isinstance(value, float) else value
                    click.echo(f"    {name}: {shown}")
