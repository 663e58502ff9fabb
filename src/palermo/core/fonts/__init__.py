"""DejaVu Sans, shipped with Palermo under its licence (LICENSE-DejaVu.txt beside this file).

Every PDF Palermo writes (the yearly report, a person's own file) is in Russian, Belarusian or
English, and the PDF core fonts have no Cyrillic; one copy here serves them all."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent
DEJAVU_SANS = _HERE / "DejaVuSans.ttf"
DEJAVU_SANS_BOLD = _HERE / "DejaVuSans-Bold.ttf"
