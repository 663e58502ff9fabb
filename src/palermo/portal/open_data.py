"""The open-data page: the National Rapporteur's published releases, with their tables, charts
and files, for anyone, without log-in, in every language; cacheable like the other public pages.

Only published releases are read (``stats.access.published_releases``): their numbers already
passed disclosure control, so nothing here can reveal a small count.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from palermo.portal.views import _context, public_view
from palermo.stats.access import (
    access_published_file,
    access_published_release,
    published_releases,
)
from palermo.stats.downloads import file_response
from palermo.stats.presentation import shown_tables
from palermo.stats.services import release_data


@public_view()
def open_data(request: HttpRequest, lang: str) -> HttpResponse:
    releases = published_releases().order_by("-year")
    return render(request, "portal/open_data.html", _context(request, lang, releases=releases))


@public_view()
def open_data_year(request: HttpRequest, lang: str, year: int) -> HttpResponse:
    release = access_published_release(year)
    files = release.files.defer("content")
    csv_files = {f.table_key: f for f in files if f.language == lang and f.format == "csv"}
    tables = shown_tables(release_data(release), exact=False)
    return render(
        request,
        "portal/open_data_year.html",
        _context(
            request,
            lang,
            release=release,
            tables=[(shown, csv_files.get(shown.table.key)) for shown in tables],
            documents=[f for f in files if f.language == lang and f.format != "csv"],
            other_languages=[f for f in files if f.language != lang and f.format == "pdf"],
        ),
    )


@public_view()
def open_data_file(request: HttpRequest, lang: str, year: int, file_id: int) -> HttpResponse:
    release = access_published_release(year)
    return file_response(access_published_file(release, file_id), public=True)
