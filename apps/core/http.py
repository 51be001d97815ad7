"""Download responses: one place decides the headers of every file a page hands out; and the
one place that says which address a request came from."""

from __future__ import annotations

import ipaddress
import re
from typing import IO

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from ipware import get_client_ip

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


# --- the client's address -------------------------------------------------------------------------


def client_address(request: HttpRequest) -> str | None:
    """The address of the client behind `request`: the one helper for audit events, the request
    context and django-axes (AXES_CLIENT_IP_CALLABLE), so every record names the same address.

    Without a trusted proxy (TRUSTED_PROXY_COUNT = 0, the default) it is REMOTE_ADDR and nothing the
    client sends can change it: X-Forwarded-For and its cousins are not read at all. Behind N
    reverse proxies that each append the address they received the request from, the client is
    the N-th entry from the right of X-Forwarded-For (entries to its left were written by the
    client and are ignored). django-ipware parses the chain (IPv6, ports, junk) and picks that
    position. With TRUSTED_PROXIES set, the header is believed only when the connecting peer
    (REMOTE_ADDR) is one of them; otherwise the peer itself is the client.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0 or not request.META.get("HTTP_X_FORWARDED_FOR"):
        return remote
    if settings.TRUSTED_PROXIES and not _address_in(remote, settings.TRUSTED_PROXIES):
        return remote
    # ipware's proxy_count counts the proxies named *inside* the header; the last proxy is the
    # peer (REMOTE_ADDR) and names nobody, hence count - 1. Not strict: a longer chain (client-set
    # entries on the left) is accepted and its right end read.
    address, _routable = get_client_ip(
        request,
        proxy_count=count - 1,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=False,
    )
    return address or remote


def _address_in(address: str | None, networks: list[str]) -> bool:
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(net, strict=False) for net in networks)
