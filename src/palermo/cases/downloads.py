"""The response that hands over a case attachment (the HTML view and the API both use it)."""

from __future__ import annotations

from collections.abc import Iterator

from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header

from palermo.cases.models import CaseAttachment

CHUNK = 64 * 1024


def _chunks(data: bytes) -> Iterator[bytes]:
    for start in range(0, len(data), CHUNK):
        yield data[start : start + CHUNK]


def attachment_response(attachment: CaseAttachment, data: bytes) -> StreamingHttpResponse:
    """The decrypted bytes, streamed as a download: never shown inline (a PDF or an image the
    browser would render could run in the app's origin), never sniffed, never cached."""
    response = StreamingHttpResponse(_chunks(data), content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=attachment.filename
    )
    response["Content-Length"] = str(len(data))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
