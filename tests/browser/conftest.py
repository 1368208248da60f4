"""Real-chromium fixtures for the browser tests (marker `browser`): one browser per session,
one fresh context (cookies, zh-CN locale, Shanghai clock) per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test.utils import override_settings
from playwright.sync_api import Browser, Page, sync_playwright
from pytest_django.live_server_helper import LiveServer

# pytest-django's live_server runs the app in a thread while sync Playwright drives the
# browser from this one; Django refuses ORM calls next to an event loop unless told it's safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    """pytest-django's live server, started with plain-HTTP settings.

    SecurityMiddleware reads SECURE_SSL_REDIRECT when the server builds its handler, so the
    per-test `settings` fixture comes too late: the override must wrap the server's life.
    """
    plain_http = override_settings(
        SECURE_SSL_REDIRECT=False,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        SECURE_HSTS_SECONDS=0,
    )
    with plain_http:
        server = LiveServer(os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost")
        yield server
        server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip("chromium missing: apt-get install -y chromium fonts-noto-cjk")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1280, "height": 900}
    )
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.fixture
def shot() -> Any:
    """Save a full-page screenshot under docs/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page: Page, name: str) -> None:
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take
