#!/usr/bin/env python3
"""Write ``gazetteer/lexicon/common_words.txt.gz``: common English words.

The recogniser needs to know that "Battle", "Story" or "Delta" are English
words before they are small towns: a capitalised common word is weak evidence
of a place (a word in a title, a team, a product), kept only where it lies
among the article's other places. The list is every all-lower-case word of
SCOWL's American English list up to size 50, as packaged by Debian in
``wamerican`` (``/usr/share/dict/american-english``). Proper nouns are
capitalised in that list and so left out. Get the input with::

    apt-get download wamerican && dpkg-deb -x wamerican_*.deb wamerican
    python gazetteer/scripts/common_words.py wamerican/usr/share/dict/american-english

The output is deterministic (sorted, gzip without a timestamp), carries
SCOWL's copyright and permission notice in its header as the licence asks,
and is written to a temporary file that replaces the old one only when
complete.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "lexicon" / "common_words.txt.gz"
NOTICE = """\
# Common English words: the all-lower-case words of SCOWL (Spell Checker
# Oriented Word Lists) American English up to size 50, as packaged by Debian
# in wamerican. Built by gazetteer/scripts/common_words.py.
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
_WORD = re.compile(r"[a-z]+")
# Fewer words than this means the input is not the word list it should be.
_MIN_WORDS = 30_000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wordlist", type=Path, help="SCOWL list, one word per line")
    parser.add_argument(
        "--out",
        type=Path,
        default=OUT,
        help="output (default gazetteer/lexicon/common_words.txt.gz)",
    )
    args = parser.parse_args(argv)
    out = args.out
    try:
        lines = args.wordlist.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        print(f"common_words: cannot read {args.wordlist}: {exc}", file=sys.stderr)
        return 1
    words = sorted({w for w in (line.strip() for line in lines) if _WORD.fullmatch(w)})
    if len(words) < _MIN_WORDS:
        print(
            f"common_words: only {len(words)} lower-case words in {args.wordlist}; "
            "expected a SCOWL list (wamerican)",
            file=sys.stderr,
        )
        return 1
    body = NOTICE + "\n".join(words) + "\n"
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
            gz.write(body.encode("utf-8"))
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    print(f"common_words: wrote {len(words)} words to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
