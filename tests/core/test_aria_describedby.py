"""#13 point 8: every `aria-describedby` points at an element that exists.

The demo data is seeded (every role has a login and something to see), then each demo login walks
its pages as a new user would: from its home page along every link of the site (a few pages per
URL shape, downloads and sign-out left out). Every form that posts back to its own page is also
sent empty, so the pages with validation errors are checked too (help texts and error lists are
what widgets point at). On every page, each id named by aria-describedby (and aria-labelledby)
must be an element of that page."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

LOGINS_FILE = settings.BASE_DIR / "var" / "demo-logins.txt"
LINE = re.compile(r"^\s+(?P<username>\S+)\s+(?P<peran>\S.*?)\s{2,}(?P<instansi>\S.*)$")
# Not pages: sign-out, the language switch, downloads and API answers.
SKIP = re.compile(
    r"^/(keluar|i18n|api|static|media|dokumen|admin|__debug__)/|\.(xlsx|csv|pdf|json|png|jpg|zip)$|/(unduh|ekspor|pdf)/?$"
)
PER_SHAPE = 2  # pages per URL shape (ids and uuids replaced)
MAX_PAGES = 220  # per login
REFERRING = ("aria-describedby", "aria-labelledby")
INPUTS = {"input", "select", "textarea"}


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str, str]] = []  # (attribute, id, element)
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for name in REFERRING:
            for ref in (attrs.get(name) or "").split():
                self.refs.append((name, ref, f"<{tag} {' '.join(f'{k}={v!r}' for k, v in attrs.items())}>"))
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "form":
            self._form = {
                "method": (attrs.get("method") or "get").lower(),
                "action": attrs.get("action"),
                "fields": 0,
            }
            self.forms.append(self._form)
        if self._form is not None and tag in INPUTS:
            kind = (attrs.get("type") or "text").lower()
            if tag != "input" or kind not in ("hidden", "submit", "button", "checkbox", "radio"):
                self._form["fields"] += 1

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def shape(path: str) -> str:
    path = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "{uuid}", path)
    return re.sub(r"/\d+(?=/|$)", "/{n}", path)


def broken(html: str) -> tuple[Page, list[str]]:
    page = Page()
    page.feed(html)
    return page, [
        f"{name}={ref!r} on {element[:160]}" for name, ref, element in page.refs if ref not in page.ids
    ]


def walk(client: Client, start: str, check=None) -> tuple[int, dict[str, list[str]]]:
    """Walk from `start`; every HTML page's dangling references are problems, or, when `check` is
    given, whatever `check(path, response)` returns instead (tests/core/test_headers.py)."""
    problems: dict[str, list[str]] = {}
    queue, seen, per_shape, pages = deque([start]), {start}, {}, 0
    while queue and pages < MAX_PAGES:
        response = client.get(queue.popleft(), follow=True)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        path = response.request["PATH_INFO"]
        if response.request.get("QUERY_STRING"):
            path += "?" + response.request["QUERY_STRING"]
        pages += 1
        page, errors = broken(response.content.decode())
        if check is not None:
            errors = check(path, response)
        if errors:
            problems[path] = errors
        for form in page.forms:
            action = form["action"]
            if form["method"] == "post" and form["fields"] and action in (None, "", path.split("?")[0]):
                posted = client.post(path.split("?")[0], {})
                if posted.status_code == 200 and "text/html" in posted.get("Content-Type", ""):
                    _page, errors = broken(posted.content.decode())
                    if check is not None:
                        errors = check(f"POST {path}", posted)
                    if errors:
                        problems[f"POST {path}"] = errors
        for href in page.links:
            href = urldefrag(href)[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target in seen or SKIP.search(parts.path):
                continue
            key = shape(parts.path)
            if per_shape.get(key, 0) >= PER_SHAPE:
                continue
            per_shape[key] = per_shape.get(key, 0) + 1
            seen.add(target)
            queue.append(target)
    return pages, problems


def demo_logins() -> tuple[str, list[dict]]:
    """Seed the demo (small) and return its password and every login it wrote (the page walks)."""
    call_command("load_wilayah", stdout=StringIO())  # a flush by an earlier test may have emptied it
    call_command("seed_demo", pegawai=6, stdout=StringIO())
    password_line, *lines = LOGINS_FILE.read_text(encoding="utf-8").splitlines()
    logins = [LINE.match(line).groupdict() for line in lines if line.strip()]
    assert len(logins) >= 9
    return password_line.rsplit(" ", 1)[-1], logins


def test_every_aria_reference_of_every_page_of_every_role_exists(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    password, logins = demo_logins()

    report, walked = [], {}
    for login in logins:
        client = Client()
        response = client.post("/masuk/", {"username": login["username"], "password": password})
        assert response.status_code == 302, login
        home = response["Location"]
        pages, problems = walk(client, home)
        walked[login["username"]] = pages
        for where, errors in problems.items():
            report.append(f"{login['username']} {where}:\n    " + "\n    ".join(errors))
    # The walk reached the pages a user reaches, not only the home pages.
    assert all(pages >= 3 for pages in walked.values()), walked
    assert sum(walked.values()) >= 150, walked
    assert not report, "\n".join(report)


def test_the_checker_finds_a_dangling_reference():
    _page, errors = broken('<input aria-describedby="x_helptext x_error"><p id="x_helptext"></p>')
    assert errors == ["aria-describedby='x_error' on <input aria-describedby='x_helptext x_error'>"]
