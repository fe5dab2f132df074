"""Debian's Chromium (``/usr/bin/chromium``), driven by Playwright, for the browser tests.

Never a browser download: Playwright is pointed at the system's Chromium, which `make test`
installs from Debian's packages (``chromium``, ``chromium-driver``) when it is missing.
Without it the browser tests are skipped - or fail under CI=true, where it should be there.

Pages are opened with every request to anything but ``file:``, ``data:``, ``blob:`` or
``about:`` refused, and each refused address recorded (``OfflinePage.refused``), so a test
can assert that the page asked for nothing.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_HINT = (
    "Chromium is not installed: run `make test` (it installs Debian's chromium and "
    "chromium-driver), or `apt-get install -y chromium chromium-driver`; and Playwright: "
    "`pip install -e '.[dev]'`"
)
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def chromium_binary() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass
class OfflinePage:
    """A Playwright page with the network cut off, and what it tried and said."""

    page: Any
    refused: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium for the session (Playwright's ``Browser``)."""
    binary = chromium_binary()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        binary = None
    if binary is None:
        if in_ci():
            pytest.fail(INSTALL_HINT)
        pytest.skip(INSTALL_HINT)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=binary, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def offline_page(chromium) -> Iterator[OfflinePage]:
    """A fresh page (in its own context) that may load local files only."""
    context = chromium.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    record = OfflinePage(page)

    def route(route) -> None:
        url = route.request.url
        if url.startswith(LOCAL_SCHEMES):
            route.continue_()
        else:
            record.refused.append(url)
            route.abort()

    context.route("**/*", route)
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith(LOCAL_SCHEMES) else record.refused.append(request.url)
        ),
    )
    page.on(
        "console",
        lambda message: (
            record.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: record.console_errors.append(str(error)))

    def dialog(dialog) -> None:
        record.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", dialog)
    page.set_default_timeout(30_000)
    yield record
    context.close()
