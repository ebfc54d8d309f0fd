"""Expand the paths a user gave into files, in a deterministic order.

Directories are walked recursively with entries sorted by name. Symbolic links
to directories are followed, but a link that leads back into a directory
already being walked is a loop: it is reported once and not entered. A name
that is not valid UTF-8 is reported (its bytes shown as \\xNN) and not read:
no store can hold it, and a console cannot print it.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

from ..records import Rejected, find_unstorable


def _rejected(path: Path | str, reason: str, kind: str = "failed") -> Rejected:
    return Rejected(origin=str(path), stage="ingest", reason=reason, kind=kind)


def iter_files(paths: list[str]) -> Iterator[Path | Rejected]:
    """Yield every file under ``paths`` (sorted), or a Rejected for what cannot be walked.

    Args:
        paths: files and directories, in the order the user gave them.

    Yields:
        A :class:`~pathlib.Path` per file, or a :class:`Rejected` for a missing path,
        an unreadable directory or a symbolic-link loop.

    Example:
        >>> list(iter_files(["/nonexistent/x.txt"]))[0].reason
        'no such file or directory'
    """
    seen: set[tuple[int, int]] = set()
    for given in paths:
        yield from _walk(Path(given), seen, ())


def shown_path(path: Path | str) -> str:
    r"""The path as valid text: bytes that are not UTF-8 written as ``\xNN``.

    Example:
        >>> shown_path(os.fsdecode(b"caf\xe9.txt"))
        'caf\\xe9.txt'
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _walk(path: Path, seen: set[tuple[int, int]], ancestors: tuple[tuple[int, int], ...]) -> Iterator[Path | Rejected]:
    if find_unstorable(str(path)):
        what = "directory" if path.is_dir() else "file"
        reason = f"{what} name is not valid UTF-8 (bytes shown as \\xNN): rename it to read it"
        yield _rejected(shown_path(path), reason)
        return
    try:
        st = path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            yield _rejected(path, "symbolic link loop: the link resolves to itself")
        elif exc.errno == errno.ENOENT:
            reason = "broken symbolic link" if path.is_symlink() else "no such file or directory"
            yield _rejected(path, reason)
        else:
            yield _rejected(path, f"cannot read: {exc.strerror or exc}")
        return
    if not path.is_dir():
        yield path
        return
    key = (st.st_dev, st.st_ino)
    if key in ancestors:
        yield _rejected(path, f"symbolic link loop: leads back to {os.path.realpath(path)}, not followed")
        return
    if key in seen:
        yield _rejected(path, f"directory already read through another path ({os.path.realpath(path)})", "skipped")
        return
    seen.add(key)
    try:
        children = sorted(os.scandir(path), key=lambda entry: entry.name)
    except OSError as exc:
        yield _rejected(path, f"cannot list directory: {exc.strerror or exc}")
        return
    for child in children:
        yield from _walk(Path(child.path), seen, ancestors + (key,))
