"""Every URL of the national part, enumerated from the URL resolver, and the crawl that requests them.

Shared by tests/nasional/test_tanpa_data_pribadi.py (a BKN account WITHOUT the KRS Nasional grant
never sees a name or a NIP) and the KRS Nasional tests (with the grant, every read leaves an audit
event): `rute_nasional()` lists the routes, `rute_krs()` the KRS Nasional ones among them, and
`crawl()` requests them and follows the links the pages and the API hand out (drill-downs,
`?periode=`, filters, CSV/XLSX exports), so a new route or a new link is crawled without editing
this file. Only a route with a URL argument this module cannot fill makes the crawl fail, with a
message saying where to add it (KWARG_NILAI).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

NAMESPACE = "nasional"
API_PREFIX = "api/v1/nasional/"
# The DRF format-suffix routes, when an API view has them: each format is requested.
FORMAT_API = ("json", "csv", "xlsx")
# An upper bound on one crawl (links included): far above what the pages hand out today; a crawl
# that reaches it is a page linking to itself with ever new query strings, which is a bug to see.
BATAS_PERMINTAAN = 2000  # about 900 today: 38 provinces × their tables and exports

_KWARG = re.compile(r"<(?:(?P<conv>[^:>]+):)?(?P<name>[^>]+)>|\(\?P<(?P<rname>[^>]+)>(?:[^()]|\([^()]*\))*\)")


@dataclass(frozen=True)
class Rute:
    """One URL pattern: its name ("nasional:home", or "" when unnamed), its full route text and the
    names of its URL arguments."""

    nama: str
    rute: str
    kwargs: tuple[str, ...]

    @property
    def api(self) -> bool:
        return self.rute.startswith(API_PREFIX)


def _walk(resolver: URLResolver, prefix: str, namespaces: tuple[str, ...]) -> Iterable[Rute]:
    for entry in resolver.url_patterns:
        text = prefix + str(entry.pattern).lstrip("^")
        if isinstance(entry, URLResolver):
            yield from _walk(entry, text, namespaces + ((entry.namespace,) if entry.namespace else ()))
        elif isinstance(entry, URLPattern):
            text = text.replace("$", "").replace("\\Z", "")
            ns = ":".join(n for n in namespaces if n)
            name = f"{ns}:{entry.name}" if ns and entry.name else (entry.name or "")
            if NAMESPACE in namespaces or text.startswith(API_PREFIX):
                kwargs = tuple(m["name"] or m["rname"] for m in _KWARG.finditer(text))
                yield Rute(nama=name, rute=text, kwargs=kwargs)


def rute_nasional() -> list[Rute]:
    """Every page of the `nasional` namespace and every /api/v1/nasional/ endpoint."""
    return sorted(set(_walk(get_resolver(), "", ())), key=lambda r: r.rute)


def rute_krs() -> list[Rute]:
    """The KRS Nasional routes (the one national path to personal data): by name or path."""
    return [r for r in rute_nasional() if "krs" in r.nama or "krs" in r.rute]


def isi_rute(rute: Rute, nilai: Callable[[Rute, str], list[str] | None]) -> list[str]:
    """Concrete paths of a route: each URL argument filled by `nilai(rute, name)` (a list of values:
    several values give several paths). Raises LookupError for an argument nobody can fill."""
    paths = [rute.rute]
    for name in rute.kwargs:
        values = nilai(rute, name)
        if not values:
            raise LookupError(
                f"The crawl cannot fill <{name}> of {rute.nama or rute.rute!r}: add a value to "
                "KWARG_NILAI in tests/nasional/test_tanpa_data_pribadi.py"
            )
        expanded = []
        for path in paths:
            for value in values:
                one = _KWARG.sub(lambda m, name=name, value=value: _isi(m, name, value), path)
                expanded.append(one)
        paths = expanded
    # What is left of a regex route (format suffixes): optional slashes, escaped dots.
    return ["/" + p.replace("\\.", ".").replace("/?", "/").replace("?", "") for p in paths]


def _isi(match: re.Match, name: str, value: str) -> str:
    if (match["name"] or match["rname"]) != name:
        return match[0]
    if (match["conv"] or "").startswith("drf_format_suffix"):  # DRF's suffix on a path() route
        return f".{value}/"
    return value


def di_bagian_nasional(path: str) -> bool:
    """Is this path a page of the nasional namespace or a /api/v1/nasional/ endpoint?"""
    if path.lstrip("/").startswith(API_PREFIX):
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return NAMESPACE in match.namespaces


# --- reading a response --------------------------------------------------------------------------

_HREF = re.compile(r"""(?:href|src|data-[a-z-]*url|data-href|action)\s*=\s*["']([^"'#]+)["']""", re.I)
_JSON_URL = re.compile(r"""(?:https?://testserver)?(/(?:nasional|api/v1/nasional)/[^"'\s<>]*)""")


def isi_teks(response) -> str:
    """The text a user can read from a response: HTML/JSON/CSV decoded, every cell of an XLSX (a
    zip whose strings a byte search would miss)."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:2] == b"PK":
        return _xlsx_teks(body)
    return body.decode("utf-8-sig", errors="replace")


def _xlsx_teks(body: bytes) -> str:
    from openpyxl import load_workbook

    parts = []
    try:
        workbook = load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError):
        return body.decode("latin-1")
    for sheet in workbook.worksheets:
        parts.append(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            parts.extend(str(v) for v in row if v is not None)
    # Also the raw XML (header/footer, document properties), uncompressed.
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        for name in archive.namelist():
            parts.append(archive.read(name).decode("utf-8", errors="replace"))
    return "\n".join(parts)


def tautan(teks: str) -> set[str]:
    """Links a page or an API answer hands out (href/src/data-*url, URLs inside JSON)."""
    found = {m.group(1) for m in _HREF.finditer(teks)}
    found |= {m.group(1) for m in _JSON_URL.finditer(teks)}
    out = set()
    for link in found:
        link = link.replace("&amp;", "&").strip()
        parts = urlsplit(link)
        if parts.scheme and parts.netloc != "testserver":
            continue
        if not parts.path.startswith("/"):
            continue
        if di_bagian_nasional(parts.path):
            out.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return out


@dataclass
class Jawaban:
    url: str
    status: int
    jenis: str  # content type
    teks: str = ""


@dataclass
class HasilCrawl:
    jawaban: dict[str, Jawaban] = field(default_factory=dict)

    def status(self, url: str) -> int | None:
        return self.jawaban[url].status if url in self.jawaban else None

    def dengan_status(self, status: int) -> list[str]:
        return sorted(u for u, j in self.jawaban.items() if j.status == status)


def crawl(client, awal: Iterable[str], *, batas: int = BATAS_PERMINTAAN) -> HasilCrawl:
    """GET every start URL, then every national link they hand out, breadth first, each once.
    Redirects inside the national part are followed as links; the API is asked for JSON."""
    hasil = HasilCrawl()
    antre = deque(dict.fromkeys(awal))
    dilihat = set(antre)
    while antre:
        url = antre.popleft()
        assert len(hasil.jawaban) < batas, f"crawl stopped at {batas} requests: a page keeps inventing links"
        path = urlsplit(url).path
        headers = {"HTTP_ACCEPT": "application/json"} if path.lstrip("/").startswith(API_PREFIX) else {}
        response = client.get(url, **headers)
        jenis = response.get("Content-Type", "")
        jawaban = Jawaban(url=url, status=response.status_code, jenis=jenis)
        links: set[str] = set()
        if response.status_code == 200:
            jawaban.teks = isi_teks(response)
            links = tautan(jawaban.teks)
        elif response.status_code in (301, 302, 303, 307, 308):
            location = urlsplit(response["Location"])
            if location.path and di_bagian_nasional(location.path):
                links = {location.path + (f"?{location.query}" if location.query else "")}
        hasil.jawaban[url] = jawaban
        for link in sorted(links - dilihat):
            dilihat.add(link)
            antre.append(link)
    return hasil
