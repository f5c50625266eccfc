"""Writing output files so that no reader ever sees half of one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..errors import OutputError

__all__ = ["atomic_output", "atomic_write", "check_output_path", "promote"]


def _shared_mode(tmp: Path, target: Path) -> None:
    """The target's permissions, or a new file's (0666 less the umask):
    temporary files are made private (0600), outputs are not."""
    try:
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(tmp, mode)


def promote(tmp: str | os.PathLike[str], target: str | os.PathLike[str]) -> Path:
    """Move a finished file into place with one atomic rename (same folder)."""
    dest = Path(target)
    try:
        _shared_mode(Path(tmp), dest)
        os.replace(tmp, dest)
    except OSError as error:
        raise OutputError(f"could not write {dest}: {error.strerror or error}") from error
    return dest


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside ``path`` for a writer that needs a file name
    (GDAL, SQLite, pandas); moved into place when the block ends without an
    error, removed otherwise (also on Ctrl-C). It keeps ``path``'s suffix,
    which drivers read; name a GeoPackage's layer yourself (GDAL would take
    it from the temporary name).

    >>> with atomic_output("out.gpkg") as tmp:  # doctest: +SKIP
    ...     frame.to_file(tmp, driver="GPKG")
    """
    target = Path(path).expanduser()
    try:
        fd, name = tempfile.mkstemp(
            prefix=f".{target.stem}.", suffix=f".tmp{target.suffix}", dir=target.parent
        )
    except OSError as error:
        raise OutputError(f"could not write {target}: {error.strerror or error}") from error
    os.close(fd)
    tmp = Path(name)
    tmp.unlink()  # writers that refuse an existing file (GDAL's GPKG) create it
    try:
        yield tmp
        promote(tmp, target)
    except OSError as error:
        if isinstance(error, OutputError):
            raise
        raise OutputError(f"could not write {target}: {error.strerror or error}") from error
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def atomic_write(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write via a temporary file in the same folder, then rename over the target.

    A reader (or a crash) never sees a half-written file; os.replace is atomic
    on one filesystem, hence the same folder.
    """
    target = Path(path).expanduser()
    folder = target.parent
    tmp_name = None
    try:
        with tempfile.NamedTemporaryFile(
            dir=folder, prefix=f".{target.name}.", suffix=".tmp", delete=False
        ) as tmp:
            tmp_name = tmp.name
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        promote(tmp_name, target)
    except BaseException as error:
        # Also on Ctrl-C: no half-written temporary file stays behind.
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
        if isinstance(error, OSError):
            raise OutputError(f"could not write {target}: {error.strerror or error}") from error
        raise
    return target


def check_output_path(
    path: str | os.PathLike[str], suffixes: tuple[str, ...] | None = None
) -> Path:
    """Refuse, before any work starts, an output that could not be written.

    The folder must already exist (nothing is created: a typo in a path
    should not leave new folders behind) and take a new file; the output
    must not be a folder, and must end in one of ``suffixes`` when given.
    Raises :class:`~geomap.errors.OutputError` with one line saying why.
    """
    target = Path(path).expanduser()
    if suffixes and target.suffix.lower() not in suffixes:
        raise OutputError(f"cannot write {target}: the output must end in {_either(suffixes)}")
    if target.is_dir():
        raise OutputError(f"cannot write {target}: it is a folder")
    folder = target.parent
    if not folder.exists():
        ancestor = folder
        while not ancestor.exists() and ancestor != ancestor.parent:
            ancestor = ancestor.parent
        if ancestor.exists() and not ancestor.is_dir():
            raise OutputError(f"cannot write {target}: {ancestor} is a file, not a folder")
        raise OutputError(f"cannot write {target}: the folder {folder} does not exist")
    if not folder.is_dir():
        raise OutputError(f"cannot write {target}: {folder} is a file, not a folder")
    try:
        with tempfile.TemporaryFile(dir=folder, prefix=f".{target.name}."):
            pass
    except OSError as error:
        raise OutputError(
            f"cannot write {target}: cannot create files in {folder} ({error.strerror or error})"
        ) from error
    return target


def _either(suffixes: tuple[str, ...]) -> str:
    return ", ".join(suffixes[:-1]) + f" or {suffixes[-1]}" if len(suffixes) > 1 else suffixes[0]
