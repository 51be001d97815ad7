"""Download responses: one place decides the headers of every file a page hands out."""

from __future__ import annotations

import re
from typing import IO

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._ -]+")
# Every download's own Content-Security-Policy (it replaces the pages' policy, see the CSP
# middleware): if a browser ever renders the file (an inline image, a "PDF" opened in a tab), the
# document is sandboxed in an opaque origin and may load nothing but images of its own: no script,
# no form, no plugin, and never the session of this origin.
DOWNLOAD_CSP = "sandbox; default-src 'none'; img-src 'self'"


def filename_safe(stem: str, *, suffix: str = "", default: str = "berkas") -> str:
    """`stem` reduced to safe ASCII (path separators, quotes, control and non-ASCII characters become
    "_"; at most 100 characters; `default` when nothing is left), then `suffix` (the extension)."""
    stem = UNSAFE_FILENAME.sub("_", stem).strip(" ._")[:100] or default
    return f"{stem}{suffix}"


def attachment_response(
    content: bytes | str | IO[bytes],
    *,
    filename: str,
    content_type: str,
    inline: bool = False,
    personal: bool = True,
) -> HttpResponse:
    """A file for the browser to save (`inline`: to show), bytes or an open file (streamed).

    Content-Disposition carries `filename` quoted, or RFC 5987-encoded when it is not plain ASCII,
    so no name can break the header. The content type is the one given and `nosniff` keeps the
    browser from guessing another (an uploaded "PDF" that is really HTML must never render as a
    page), and the sandboxing DOWNLOAD_CSP keeps active content from running in this origin even
    when the browser does render it. `personal` data is never kept by a browser or a shared proxy (private, no-store)."""
    if hasattr(content, "read"):
        response = FileResponse(
            content, content_type=content_type, as_attachment=not inline, filename=filename
        )
    else:
        response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    if personal:
        response["Cache-Control"] = "private, no-store"
    return response
