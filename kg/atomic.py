"""Atomic file writes: a reader sees the old file or the new one, never a half-written one.

The new file gets the permissions any program would give it (``0666`` less the user's umask),
not the ``0600`` of a temporary file, so outputs can be shared as the user expects. The
temporary file's name carries the writing process's id (``.kg.ttl.<pid>.<random>.tmp``): a
write first removes the temporary files of the same target left by processes that no longer
exist (a build killed half-way), and never those of a writer still running.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> write_atomically(folder / "out.txt", b"hello")
>>> (folder / "out.txt").read_bytes(), sorted(p.name for p in folder.iterdir())
(b'hello', ['out.txt'])
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

__all__ = ["remove_stale_temporaries", "write_atomically"]

_TEMPORARY_TAIL = re.compile(r"(\d+)\.[A-Za-z0-9_]+\.tmp")


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    The bytes go to a temporary file in the same folder, are flushed to disk, and replace the
    target in one rename; on any failure the temporary file is removed and the target is left
    as it was. Temporary files of ``path`` left by dead processes are removed first.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(path)
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp"
    )
    try:
        os.fchmod(descriptor, 0o666 & ~_umask())
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Remove the temporary files of ``path`` whose writing process is gone; those removed."""
    removed = []
    prefix = f".{path.name}."
    for candidate in path.parent.glob(f"{_glob_escape(prefix)}*.tmp"):
        # exactly <pid>.<mkstemp's random letters>.tmp: ".kg.ttl.5.123.ab.tmp" is kg.ttl.5's
        found = _TEMPORARY_TAIL.fullmatch(candidate.name[len(prefix) :])
        if found and not _alive(int(found[1])):
            candidate.unlink(missing_ok=True)
            removed.append(candidate)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def _umask() -> int:
    # The only portable way to read the umask is to set it; put it straight back.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)
