"""The documentation's commands work: README.md, docs/*.md and the commands' help.

Every ``geomap ...``, ``python -m geomap ...`` and ``python benchmarks/...``
command in the docs' code blocks and inline code, and every example in the
"Examples:" of the commands' own help, is parsed against the real click
command tree (or the benchmark's own argument parser): the command exists, its
options exist and take the values given. The cheap ones (on the bundled
example article, geocoding or reversing a few names, ``--help``) really run,
in a temporary folder holding a copy of ``examples/``, against the real
gazetteer, and must exit 0. Commands on files the repository does not hold
(article.txt, news/, the evaluation corpora) are only parsed.

Also: ``python -m geomap --help`` and the README's command list name the same
commands, and the README's generated figures block is well-formed.
"""

from __future__ import annotations

import argparse
import re
import runpy
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from geomap.cli import main

REPO = Path(__file__).resolve().parents[1]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
FENCE = re.compile(r"^```([a-z]*)\n(.*?)^```", re.S | re.M)
SEPARATORS = {"&&", "||", ";", "|"}
REDIRECTS = {">", ">>", "<", "2>", "2>&1", "&>"}


# -- finding the commands ---------------------------------------------------------


def split_commands(line: str) -> list[list[str]]:
    """The geomap and benchmark commands of one shell line, as argv lists
    (program words included), without comments, redirections and the other
    programs of a pipeline."""
    if not re.search(r"(^|[\s;&|])(geomap|python) ", line):
        return []
    try:
        tokens = shlex.split(line, comments=True)
    except ValueError as exc:
        raise AssertionError(f"not a shell line ({exc}): {line!r}") from None
    pieces: list[list[str]] = [[]]
    skip = False
    for tok in tokens:
        if skip:
            skip = False
        elif tok in SEPARATORS:
            pieces.append([])
        elif tok in REDIRECTS:
            skip = tok != "2>&1"
        else:
            pieces[-1].append(tok)
    return [argv for argv in pieces if is_ours(argv)]


def is_ours(argv: list[str]) -> bool:
    """A geomap command or a benchmark script."""
    if argv[:1] == ["geomap"] or argv[:3] == ["python", "-m", "geomap"]:
        return True
    return argv[:1] == ["python"] and len(argv) > 1 and argv[1].startswith("benchmarks/")


def doc_commands() -> Iterator[tuple[str, list[str]]]:
    """(where, argv) for each command in the docs' shell code blocks and inline code."""
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        for lang, body in FENCE.findall(text):
            if lang in ("python", "py", "toml", "json"):
                continue
            for line in body.replace("\\\n", " ").splitlines():
                for argv in split_commands(line):
                    yield f"{path.name}: {line.strip()}", argv
        prose = FENCE.sub("", text)
        for span in re.findall(r"`([^`\n]+(?:\n[^`\n]+)?)`", prose):
            span = " ".join(span.split())
            if span.startswith(("geomap ", "python -m geomap ", "python benchmarks/")):
                for argv in split_commands(span):
                    yield f"{path.name}: `{span}`", argv


def walk(cmd: click.Command, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every command's path in the tree, the groups included."""
    yield path
    if isinstance(cmd, click.Group):
        for name, sub in sorted(cmd.commands.items()):
            yield from walk(sub, (*path, name))


def command_at(path: tuple[str, ...]) -> click.Command:
    cmd: click.Command = main
    for name in path:
        assert isinstance(cmd, click.Group)
        cmd = cmd.commands[name]
    return cmd


def help_commands() -> Iterator[tuple[str, list[str]]]:
    """(where, argv) for each line of the "Examples:" of every command's help."""
    for path in walk(main):
        text = command_at(path).help or ""
        in_examples = False
        for line in text.splitlines():
            stripped = line.strip()
            if re.fullmatch(r"Examples?:", stripped):
                in_examples = True
            elif not stripped or stripped == "\b":
                in_examples = False
            elif in_examples and stripped.startswith("geomap "):
                for argv in split_commands(stripped):
                    yield f"geomap {' '.join(path)} --help: {stripped}", argv


ALL = sorted({(where, tuple(argv)) for where, argv in [*doc_commands(), *help_commands()]})


# -- parsing them -------------------------------------------------------------------


def geomap_args(argv: list[str]) -> list[str]:
    return argv[3:] if argv[:3] == ["python", "-m", "geomap"] else argv[1:]


def parse_geomap(args: list[str]) -> None:
    """Parse ``geomap ARGS`` with the real commands, running nothing; raises
    click's usage errors (a missing command, option or value, a bad choice)."""
    cmd: click.Command = main
    ctx = main.make_context("geomap", list(args), resilient_parsing=False)
    while isinstance(cmd, click.Group):
        rest = [*ctx._protected_args, *ctx.args]
        if not rest:
            return
        name, sub, rest = cmd.resolve_command(ctx, rest)
        assert name is not None and sub is not None
        ctx = sub.make_context(name, rest, parent=ctx, resilient_parsing=False)
        cmd = sub


class _Parsed(Exception):
    pass


def parse_benchmark(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Parse a benchmark's arguments with its own parser, running nothing else."""
    script = REPO / argv[1]
    assert script.is_file(), f"no such script: {argv[1]}"
    if "argparse" not in script.read_text(encoding="utf-8"):
        assert argv[2:] == [], f"{argv[1]} takes no arguments"
        return
    original = argparse.ArgumentParser.parse_args

    def parse_then_stop(self: argparse.ArgumentParser, *a: object, **k: object) -> None:
        original(self, *a, **k)  # type: ignore[arg-type]
        raise _Parsed

    monkeypatch.setattr(argparse.ArgumentParser, "parse_args", parse_then_stop)
    monkeypatch.setattr(sys, "argv", [str(script), *argv[2:]])
    monkeypatch.syspath_prepend(str(script.parent))  # as `python SCRIPT` would
    with pytest.raises(_Parsed):
        runpy.run_path(str(script), run_name="__main__")


@pytest.mark.parametrize(("where", "argv"), ALL, ids=[" ".join(a)[:80] for _, a in ALL])
def test_documented_command_parses(
    where: str, argv: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    if argv[0] == "python" and argv[1].startswith("benchmarks/"):
        parse_benchmark(list(argv), monkeypatch)
        return
    try:
        parse_geomap(geomap_args(list(argv)))
    except click.exceptions.Exit as exc:  # --help, --version
        assert exc.exit_code == 0, where
    except click.MissingParameter as exc:
        # Inline code in prose names a command or an option ("`geomap eval`",
        # "`geomap geocode --input`"); code blocks and help examples are whole.
        if "`" not in where:
            pytest.fail(f"{where}: {exc.format_message()}")
    except click.UsageError as exc:
        if "`" in where and "requires an argument" in exc.format_message():
            return
        if isinstance(exc, click.BadParameter) and "does not exist" in exc.format_message():
            return  # an input that must exist (--event-model FILE): the user's file
        pytest.fail(f"{where}: {exc.format_message()}")


def test_the_docs_and_the_help_have_commands() -> None:
    docs = [a for w, a in ALL if not w.startswith("geomap ")]
    helps = [a for w, a in ALL if w.startswith("geomap ")]
    assert len(docs) >= 20 and len(helps) >= 20


# -- running the cheap ones ------------------------------------------------------------

CHEAP_COMMANDS = {("geocode",), ("reverse",), ("geoparse",), ("gazetteer", "info")}
FILE_OPTIONS = {"-f", "--input", "--event-model", "--gazetteer", "--errors", "--png"}


def is_cheap(argv: list[str]) -> bool:
    """Runs in seconds on files the repository holds: --help, geocoding or
    reversing names given on the line, or the bundled example article."""
    args = geomap_args(argv)
    if "--help" in args or "-h" in args:
        return True
    if FILE_OPTIONS & set(args):
        return False
    words = [a for a in args if not a.startswith("-")]
    if len(words) >= 2 and tuple(words[:2]) in CHEAP_COMMANDS:
        return True
    if tuple(words[:1]) in CHEAP_COMMANDS:
        return len(words) > 1  # names or coordinates given on the line
    return any(a.startswith("examples/") for a in args) and all(
        (REPO / a).exists() for a in words[1:] if "/" in a
    )


CHEAP = sorted({a for _, a in ALL if (a[0] != "python" or a[1] == "-m") and is_cheap(list(a))})


def test_some_documented_commands_really_run() -> None:
    assert len(CHEAP) >= 8
    assert any("examples/baghdad-2021-11-07.txt" in a for a in CHEAP)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("docs")
    shutil.copytree(REPO / "examples", folder / "examples")
    return folder


@pytest.mark.parametrize("argv", CHEAP, ids=[" ".join(a)[:80] for a in CHEAP])
def test_cheap_documented_command_runs(
    argv: tuple[str, ...], workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(workdir)
    result = CliRunner().invoke(main, geomap_args(list(argv)), catch_exceptions=False)
    assert result.exit_code == 0, f"{' '.join(argv)}: {result.output[-1500:]}"


# -- the command list --------------------------------------------------------------------


def readme_command_block() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("### Command line", 1)[1].split("\n### ", 1)[0]
    blocks = FENCE.findall(section)
    assert blocks, "the README's 'Command line' section has no code block"
    return blocks[0][1]


def test_help_and_readme_list_the_same_commands() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "geomap", "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    listed = proc.stdout.split("Commands:", 1)[1]
    in_help = {line.split()[0] for line in listed.splitlines() if line.strip()}
    assert in_help == set(main.commands)  # the subprocess ran this checkout's code
    documented: set[tuple[str, ...]] = set()
    for line in readme_command_block().splitlines():
        for argv in split_commands(line):
            words = [a for a in geomap_args(argv) if not a.startswith("-")]
            group = main.commands.get(words[0]) if words else None
            depth = 2 if isinstance(group, click.Group) and len(words) > 1 else 1
            documented.add(tuple(words[:depth]))
    commands = {p for p in walk(main) if p and not isinstance(command_at(p), click.Group)}
    assert {p[0] for p in documented} == in_help, "top-level commands differ"
    assert documented - {(p[0],) for p in commands} - commands == set(), "unknown commands"
    missing = commands - documented
    assert not missing, f"commands the README's list lacks: {sorted(missing)}"


def test_figures_block_is_well_formed() -> None:
    proc = subprocess.run(
        [sys.executable, "benchmarks/update_figures.py", "--check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr


def test_figures_check_finds_a_missing_group_and_a_broken_block() -> None:
    script = runpy.run_path(str(REPO / "benchmarks" / "update_figures.py"))
    text = (REPO / "README.md").read_text(encoding="utf-8")
    check = script["check"]
    assert check(text) == []
    first = script["GROUPS"][0].name
    without = re.sub(rf"<!-- group: {first} -->.*?(?=<!-- group: )", "", text, flags=re.S)
    assert without != text
    assert any(first in problem for problem in check(without))
    assert check(text.replace(script["END"], "")) != []
    renamed = text.replace(f"<!-- group: {first} -->", "<!-- group: no-such-group -->")
    assert any("no-such-group" in problem for problem in check(renamed))
