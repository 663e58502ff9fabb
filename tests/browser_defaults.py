"""How long a browser test waits for a page or an element.

Generous on purpose: a loaded 2-core machine can take many seconds to render a report or publish a
release, and a test must not fail because the machine is busy. A real fault still fails, only
later."""

from __future__ import annotations

from typing import Any

BROWSER_TIMEOUT_MS = 90_000


def patient(page: Any) -> Any:
    """Give ``page`` (and Playwright's ``expect``) the suite's waiting time; return it."""
    from playwright.sync_api import expect

    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    page.set_default_navigation_timeout(BROWSER_TIMEOUT_MS)
    expect.set_options(timeout=BROWSER_TIMEOUT_MS)
    return page
