"""In a real browser, the analyst looks at the 2025 figures, previews what will be published,
prepares the 2025 report, writes the evaluation and publishes it; then a visitor who is not logged
in finds it on the portal's open-data page and downloads the PDF."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pypdfium2 as pdfium
import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from palermo.accounts.actor import Actor
from tests.browser.journey_steps import login, menu_link, visitor
from tests.stats.population import register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCALE = 2  # pixels per PDF point when a page is rendered (144 dpi)
A4 = (595, 842)  # points
BAR = (60, 110, 160)  # the bar colour in palermo.stats.reports.pdf


def _bar_pixels(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    """How many pixels inside ``box`` have the bar colour (anti-aliased edges aside)."""
    colours = image.crop(box).getcolors(maxcolors=1 << 24) or []
    return sum(n for n, c in colours if all(abs(a - b) <= 12 for a, b in zip(c, BAR, strict=True)))


def _ink(image: Image.Image) -> int:
    """How many pixels a reader sees as printed (dark enough to be text, lines or bars)."""
    return sum(n for n, level in image.convert("L").getcolors(maxcolors=256) or [] if level < 160)


def _rows(page: pdfium.PdfPage, label: str) -> list[tuple[int, int]]:
    """The pixel rows (top, bottom) of each place ``label`` is printed as a whole word on the page,
    top of the page first."""
    text = page.get_textpage()
    height = page.get_height()
    searcher = text.search(label, match_case=True, match_whole_word=True)
    rows = []
    while (found := searcher.get_next()) is not None:
        index, count = found
        boxes = [text.get_charbox(i) for i in range(index, index + count)]
        top, bottom = max(b[3] for b in boxes), min(b[1] for b in boxes)
        rows.append((round((height - top) * SCALE), round((height - bottom) * SCALE)))
    return sorted(rows)


def _bar_beside(page: pdfium.PdfPage, image: Image.Image, label: str, which: int) -> int:
    """Bar-coloured pixels on the line of the ``which``-th print of ``label``, right of the label
    column, over the height of a chart row."""
    top, bottom = _rows(page, label)[which]
    middle = (top + bottom) // 2
    return _bar_pixels(
        image, (int(70 * SCALE), middle - 4 * SCALE, image.width, middle + 4 * SCALE)
    )


def _looks_right_as_images(content: bytes) -> None:
    """What a reader sees: the PDF rendered page by page with PDFium, as a viewer would."""
    document = pdfium.PdfDocument(content)
    try:
        _pages_look_right(document, content)
    finally:
        document.close()


def _pages_look_right(document: pdfium.PdfDocument, content: bytes) -> None:
    pages = [document[i] for i in range(len(document))]
    # The tables with their charts, then a page of methods and texts: several pages (17 for
    # this year's tables), and as many as the text reader finds. Not pinned to 17, so that a
    # table added to the release does not break the journey.
    assert 2 < len(pages) == len(PdfReader(io.BytesIO(content)).pages)
    images = [page.render(scale=SCALE).to_pil().convert("RGB") for page in pages]
    for number, (page, image) in enumerate(zip(pages, images, strict=True), start=1):
        assert (round(page.get_width()), round(page.get_height())) == A4, number
        # Not blank: text at least across a good part of the page (a blank page has none).
        assert _ink(image) > image.width * image.height // 200, f"page {number} is blank"
        # Nothing runs into the 15 mm side margins (long chart labels, wide tables).
        for margin in (
            (0, 0, 40 * SCALE, image.height),
            (556 * SCALE, 0, image.width, image.height),
        ):
            assert _ink(image.crop(margin)) == 0, f"page {number} prints in its margin"

    first, picture = pages[0], images[0]
    # The first table's chart is drawn: 17 possible victims make a bar beside their label,
    # 0 recognised make none. The label is printed twice: in the chart, then in the table.
    assert _bar_pixels(picture, (0, 0, picture.width, picture.height)) > 300 * SCALE * SCALE
    assert _bar_beside(first, picture, "Possible victim (presumed)", 0) > 50 * SCALE * SCALE
    assert _bar_beside(first, picture, "Actual victim (recognised)", 0) == 0
    # The table below the chart is printed black on white, not in the bar colour.
    assert _bar_beside(first, picture, "Possible victim (presumed)", 1) == 0
    # Suppressed figures are a mark, never a bar: the 3 men get no bar in the sex chart,
    # only the printed x the text layer also carries.
    assert _bar_beside(first, picture, "Male", 0) == 0
    # The last page carries the methods and the evaluation, in ink.
    last = pages[-1].get_textpage().get_text_range()
    assert "Methods" in last
    assert "Identification improved in Minsk." in last


def test_analyst_publishes_the_2025_report_and_a_visitor_downloads_it(
    page: Page, browser: Browser, live_server: Any, actor: Callable[[str], Actor]
) -> None:
    police = actor("officer_minsk")
    for n in range(14):
        register(police, n, gender="female")
    for n in range(14, 17):
        register(police, n, gender="male")

    login(page, live_server, "analyst")
    menu_link(page, "Statistics").click()
    page.get_by_label("Year").fill("2025")
    page.get_by_label("Show", exact=True).select_option("exact")
    page.get_by_role("button", name="Show").click()
    men = page.locator('table[data-table="persons_sex_age"] tr').filter(
        has=page.get_by_role("rowheader", name="Male", exact=True)
    )
    expect(men.locator("td").first).to_have_text("3")  # exact, inside
    page.get_by_label("Show", exact=True).select_option("published")
    page.get_by_role("button", name="Show").click()
    expect(men.locator("td").first).to_have_text("x")  # suppressed when published

    page.get_by_role("link", name="Releases of the yearly report").click()
    page.get_by_label("Year").fill("2025")
    page.get_by_role("button", name="Prepare the release").click()
    expect(page.get_by_role("heading", name="Release 2025: Draft")).to_be_visible()
    expect(page.locator("table.stats-audit")).not_to_contain_text("failed")
    page.get_by_label("Evaluation of the measures").fill("Identification improved in Minsk.")
    page.get_by_role("button", name="Save the texts").click()
    expect(page.get_by_text("The texts are saved.")).to_be_visible()
    page.get_by_role("button", name="Publish on the portal").click()
    expect(page.get_by_text("The release is published on the public portal.")).to_be_visible()

    with visitor(browser, f"{live_server.url}/portal/en/") as citizen:
        citizen.get_by_role("link", name="Open data").click()
        citizen.get_by_role("link", name="Figures for 2025").click()
        published_men = citizen.locator('table[data-table="persons_sex_age"] tr').filter(
            has=citizen.get_by_role("rowheader", name="Male", exact=True)
        )
        expect(published_men.locator("td").first).to_have_text("x")
        with citizen.expect_download() as download:
            citizen.get_by_role("link", name="PDF: palermo-statistics-2025-en.pdf").click()
        content = download.value.path().read_bytes()
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
        assert "Identification improved in Minsk." in text
        assert "Persons identified, by sex and age" in text
    _looks_right_as_images(content)
