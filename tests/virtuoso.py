"""A throwaway Virtuoso (Debian's ``virtuoso-opensource``) for the tests.

``VirtuosoServer.start(folder)`` creates a fresh database in ``folder``, listening on 127.0.0.1
only, on two free ports (SQL and HTTP), and waits until its SPARQL endpoint answers. A fresh
database has the account ``dba`` with password ``dba``; it is reachable from this machine only
and deleted with the folder.

Run as a script to keep one up by hand: ``python tests/virtuoso.py /tmp/vt``.
"""

from __future__ import annotations

import configparser
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SYSTEM_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
INSTALL_HINT = (
    "Virtuoso is not installed: run `make test` (it installs Debian's virtuoso-opensource), "
    "or `apt-get install -y virtuoso-opensource`"
)


def virtuoso_binary() -> str | None:
    return shutil.which("virtuoso-t")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _configuration(folder: Path, sql_port: int, http_port: int) -> str:
    """Debian's own virtuoso.ini with the database, the ports and the plugins changed."""
    ini = configparser.ConfigParser(strict=False, inline_comment_prefixes=(";",))
    ini.optionxform = str  # Virtuoso's keys are case-sensitive
    if SYSTEM_INI.is_file():
        ini.read(SYSTEM_INI, encoding="utf-8")
    for section in ("Database", "TempDatabase", "Parameters", "HTTPServer", "SPARQL"):
        if not ini.has_section(section):
            ini.add_section(section)
    database, temp = ini["Database"], ini["TempDatabase"]
    for key, name in [
        ("DatabaseFile", "virtuoso.db"),
        ("ErrorLogFile", "virtuoso.log"),
        ("LockFile", "virtuoso.lck"),
        ("TransactionFile", "virtuoso.trx"),
        ("xa_persistent_file", "virtuoso.pxa"),
    ]:
        database[key] = str(folder / name)
    database["TempStorage"] = "TempDatabase"
    temp["DatabaseFile"] = str(folder / "virtuoso-temp.db")
    temp["TransactionFile"] = str(folder / "virtuoso-temp.trx")
    parameters = ini["Parameters"]
    parameters["ServerPort"] = f"127.0.0.1:{sql_port}"
    parameters["DisableUnixSocket"] = "1"
    parameters["NumberOfBuffers"] = "10000"
    parameters["MaxDirtyBuffers"] = "6000"
    parameters["DirsAllowed"] = f"., {folder}, /usr/share/virtuoso-opensource-7/vad"
    http = ini["HTTPServer"]
    http["ServerPort"] = f"127.0.0.1:{http_port}"
    http["ServerThreads"] = "20"
    http["MaxClientConnections"] = "20"
    ini["SPARQL"]["ResultSetMaxRows"] = "100000"
    if ini.has_section("Plugins"):  # wiki plugins are not needed and log noise when missing
        ini.remove_section("Plugins")
    for section in ("Striping", "Replication", "Mono"):
        if ini.has_section(section):
            ini.remove_section(section)
    lines: list[str] = []
    for section in ini.sections():
        lines.append(f"[{section}]")
        lines.extend(f"{key} = {value}" for key, value in ini[section].items())
        lines.append("")
    return "\n".join(lines)


@dataclass
class VirtuosoServer:
    folder: Path
    sql_port: int
    http_port: int
    process: subprocess.Popen[bytes]
    user: str = "dba"
    password: str = "dba"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql_url(self) -> str:
        """The public, read-only SPARQL endpoint."""
        return f"{self.base}/sparql"

    @property
    def update_url(self) -> str:
        """SPARQL endpoint that accepts updates from an authenticated user (HTTP digest)."""
        return f"{self.base}/sparql-auth"

    @property
    def graph_store_url(self) -> str:
        """Graph Store Protocol endpoint for an authenticated user (HTTP digest)."""
        return f"{self.base}/sparql-graph-crud-auth"

    @classmethod
    def start(cls, folder: Path, timeout: float = 120.0) -> VirtuosoServer:
        binary = virtuoso_binary()
        if binary is None:
            raise RuntimeError(INSTALL_HINT)
        folder.mkdir(parents=True, exist_ok=True)
        sql_port, http_port = free_port(), free_port()
        config = folder / "virtuoso.ini"
        config.write_text(_configuration(folder, sql_port, http_port), encoding="utf-8")
        log = (folder / "stdout.log").open("wb")
        process = subprocess.Popen(
            [binary, "+foreground", "+configfile", str(config)],
            cwd=folder,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        server = cls(folder, sql_port, http_port, process)
        server._wait_until_ready(timeout)
        return server

    def _wait_until_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        probe = f"{self.sparql_url}?query=ASK%7B%7D"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Virtuoso exited at start:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(probe, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"Virtuoso did not answer within {timeout} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        text = ""
        for name in ("virtuoso.log", "stdout.log"):
            path = self.folder / name
            if path.is_file():
                text += "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
        return text

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def load_graph(server: VirtuosoServer, source: Path, name: str) -> str:
    """``source`` (Turtle) loaded into ``server`` by `kg load`, as a user loads it, into the
    named graph ``…/graph/test-<name>``; the query URL that reads that graph alone."""
    from helpers import kg  # the tests' runner of the CLI

    iri = f"https://w3id.org/dostastyq/graph/test-{name}"
    load = kg(
        "load", "--graph", source,
        "--store", f"{server.update_url}?default-graph-uri={iri}",
        env={"KG_STORE_USER": server.user, "KG_STORE_PASSWORD": server.password},
    )  # fmt: skip
    assert load.returncode == 0, load.stderr
    return f"{server.sparql_url}?default-graph-uri={iri}"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """One Virtuoso for the whole test session, with a fresh database in a temporary folder.

    Without Virtuoso the tests that need it are skipped - or fail under CI=true, where
    `make test` should have installed it.
    """
    if virtuoso_binary() is None:
        if in_ci():
            pytest.fail(INSTALL_HINT)
        pytest.skip(INSTALL_HINT)
    server = VirtuosoServer.start(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


if __name__ == "__main__":
    server = VirtuosoServer.start(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/virtuoso-kg"))
    print(f"Virtuoso up: {server.sparql_url} (update: {server.update_url}); Ctrl+C stops it")
    signal.signal(signal.SIGTERM, lambda *_: server.stop())
    try:
        server.process.wait()
    except KeyboardInterrupt:
        server.stop()
