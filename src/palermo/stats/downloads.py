"""Serving the files of a published release (they never change once published)."""

from __future__ import annotations

from django.http import HttpResponse

from palermo.stats.models import ReleaseFile

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def file_response(item: ReleaseFile, *, public: bool = False) -> HttpResponse:
    response = HttpResponse(bytes(item.content), content_type=CONTENT_TYPES[item.format])
    response["Content-Disposition"] = f'attachment; filename="{item.filename}"'
    response["ETag"] = f'"{item.sha256}"'
    if public:
        # Published files are immutable: caches may keep them for a day.
        response["Cache-Control"] = "public, max-age=86400"
    return response
