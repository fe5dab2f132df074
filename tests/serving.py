"""Driving `kg serve` in tests: the real command on a free loopback port (``start_serve``),
plain HTTP to it (``http``, ``get``), and its request handler in-process (``call``, ``ask``);
the fixtures that test_serve.py and test_serve_protocol.py share."""

from __future__ import annotations

import os
import re
import subprocess
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from helpers import KG, ROOT, STORE_VARIABLES, world_graph

from kg.stores.opening import open_store
from kg.web.service import ServeConfig, SparqlService


@dataclass
class Served:
    """A running `kg serve`: its base URL and what it wrote to stderr."""

    process: subprocess.Popen[str]
    base: str
    log: list[str] = field(default_factory=list)

    @property
    def sparql(self) -> str:
        return f"{self.base}/sparql"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_serve(*args: str | Path, cwd: Path = ROOT) -> Served:
    """`kg serve --port 0 …`, waiting for the line that says where it listens."""
    process = subprocess.Popen(
        [str(KG), "serve", "--port", "0", *map(str, args)],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={k: v for k, v in os.environ.items() if k not in STORE_VARIABLES},
    )
    log: list[str] = []
    found = threading.Event()
    base: list[str] = []

    def drain() -> None:  # keep reading, so that request logs never fill the pipe
        assert process.stderr is not None
        for line in process.stderr:
            log.append(line)
            match = re.search(r"at (http://[\d.]+:\d+)/ ", line)
            if match and not base:
                base.append(match.group(1))
                found.set()

    threading.Thread(target=drain, daemon=True).start()
    if not found.wait(60):
        process.kill()
        raise AssertionError("kg serve did not start:\n" + "".join(log))
    return Served(process, base[0], log)


# The one text of the queries' world (tests/helpers.py), written so that its evidence spans,
# [0, 24) and [30, 61) as the fixture's selectors say, cut known characters.
TEXT = "Әлфа Бірінші Одаққа кірді. Сол 1994 жылы Бета қосылды деп жазады.\nСоңы.\n"


@pytest.fixture(scope="module")
def world_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus folder with the world's text, ``t1.txt`` (for /doc/t1 and kg site)."""
    folder = tmp_path_factory.mktemp("world-corpus")
    (folder / "t1.txt").write_text(TEXT, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def world_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "world.ttl"
    path.write_text(world_graph().serialize(format="turtle"), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def server(world_file: Path) -> Iterator[Served]:
    """A real `kg serve` process (end to end), on the memory store: its answers are compared
    with an in-process MemoryStore's, row order included."""
    served = start_serve(
        "--store", "memory", "--graph", world_file, "--explorer", world_file.parent / "none.html"
    )
    yield served
    served.stop()


@pytest.fixture(scope="module")
def service(world_file: Path) -> SparqlService:
    """The handler `kg serve --graph WORLD --explorer none.html` puts behind its HTTP server."""
    return SparqlService(
        open_store("memory", world_file), ServeConfig(explorer=world_file.parent / "none.html")
    )


@pytest.fixture(scope="module")
def strict_service(world_file: Path) -> SparqlService:
    """The handler of `kg serve --timeout 0.5 --max-rows 5`: a short timeout, a small row
    limit."""
    return SparqlService(open_store("memory", world_file), ServeConfig(timeout=0.5, max_rows=5))


def http(
    method: str,
    url: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers.items()), err.read()


def get(server: Served, query: str, accept: str = "*/*", **params: str):
    url = f"{server.sparql}?{urllib.parse.urlencode({'query': query, **params})}"
    return http("GET", url, headers={"Accept": accept})


def call(
    service: SparqlService,
    method: str,
    target: str,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """A request to the handler in-process: status, headers (Content-Type among them), body."""
    response = service.handle(method, target, headers or {}, body)
    sent = {"Content-Type": response.content_type, **dict(response.headers)}
    return response.status, sent, response.body


def ask(service: SparqlService, query: str, accept: str = "*/*", **params: str):
    """``GET /sparql?query=…`` to the handler, as ``get`` sends it to a server."""
    target = f"/sparql?{urllib.parse.urlencode({'query': query, **params})}"
    return call(service, "GET", target, headers={"Accept": accept})
