"""Debian's Chromium (/usr/bin/chromium, or $CHROMIUM), driven by Playwright.

Playwright's own browser download is never used. The browser runs headless
and quiet: this machine's network is closed to everything but loopback.
"""

import os

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def playwright():
    # Make test data before this starts: the sync API runs an event loop in
    # the test's thread, and Django would hand the ORM another connection.
    with sync_playwright() as driver:
        yield driver


@pytest.fixture
def page(playwright):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        yield browser.new_page()
    finally:
        browser.close()
