"""kg.atomic: outputs get the user's permissions, and a killed writer's temporary file is removed
by the next write (never a live writer's). The writers here are real processes, killed for real."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.atomic import remove_stale_temporaries, write_atomically

# A writer that stops just before its rename (os.replace never returns), so that it can be
# killed with its temporary file in place, as a build killed half-way leaves it.
STUCK_WRITER = """
import os, sys, time
from pathlib import Path
from kg.atomic import write_atomically
os.replace = lambda *a: (print("writing", flush=True), time.sleep(600))
write_atomically(Path(sys.argv[1]), b"half")
"""


def _stuck_writer(target: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", STUCK_WRITER, str(target)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stdout.readline() == "writing\n"
    return process


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_the_file_gets_the_users_umask(tmp_path: Path, umask: int, mode: int) -> None:
    previous = os.umask(umask)
    try:
        write_atomically(tmp_path / "kg.ttl", b"x")
        write_atomically(tmp_path / "kg.ttl", b"y")  # replacing keeps the rule
    finally:
        os.umask(previous)
    assert (tmp_path / "kg.ttl").stat().st_mode & 0o777 == mode
    assert os.umask(previous) == previous  # the umask is left as it was
    os.umask(previous)


def test_a_killed_writers_temporary_file_is_removed_by_the_next_write(tmp_path: Path) -> None:
    target = tmp_path / "kg.ttl"
    target.write_bytes(b"previous")
    killed = _stuck_writer(target)
    (left,) = _temporaries(tmp_path)
    assert left.startswith(f".kg.ttl.{killed.pid}.")
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    assert target.read_bytes() == b"previous" and _temporaries(tmp_path) == [left]

    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert _temporaries(tmp_path) == []


def test_a_live_writers_temporary_file_and_other_targets_are_left_alone(tmp_path: Path) -> None:
    target, other = tmp_path / "kg.ttl", tmp_path / "kg.ttl.bak"
    running = _stuck_writer(target)
    try:
        # other targets' files, even with a dead pid in them: not ours to remove
        for name in (".notes.txt.1.x.tmp", ".kg.ttl.5.1.x.tmp"):
            (tmp_path / name).write_bytes(b"")
        before = _temporaries(tmp_path)
        write_atomically(target, b"mine")
        write_atomically(other, b"bak")
        assert _temporaries(tmp_path) == before  # the running writer's file is still there
        assert remove_stale_temporaries(target) == []
    finally:
        running.kill()
        running.wait()
    time.sleep(0.05)
    (removed,) = remove_stale_temporaries(target)
    assert removed.name.startswith(f".kg.ttl.{running.pid}.")
    assert _temporaries(tmp_path) == [".kg.ttl.5.1.x.tmp", ".notes.txt.1.x.tmp"]
