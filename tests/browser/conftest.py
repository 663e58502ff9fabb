"""Browser tests drive Debian's Chromium through Playwright against pytest-django's live server."""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("PALERMO_CHROMIUM", "/usr/bin/chromium")
