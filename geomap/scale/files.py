"""Writing output files so that no reader ever sees half of one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from ..errors import OutputError

__all__ = ["atomic_write", "check_output_path"]


def atomic_write(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write via a temporary file in the same folder, then rename over the target.

    A reader (or a crash) never sees a half-written file; os.replace is atomic
    on one filesystem, hence the same folder.
    """
    target = Path(path).expanduser()
    folder = target.parent
    try:
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o644
    tmp_name = None
    try:
        with tempfile.NamedTemporaryFile(
            dir=folder, prefix=f".{target.name}.", suffix=".tmp", delete=False
        ) as tmp:
            tmp_name = tmp.name
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
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
