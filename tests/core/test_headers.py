"""#14 point 3: every page carries the Content-Security-Policy and runs no inline code; every answer
with personal data is `Cache-Control: private, no-store`.

The broad check reuses the page walk of tests/core/test_aria_describedby.py: the demo data is
seeded and every demo login walks its pages (a few per URL shape, and the pages with validation
errors after an empty post). On every HTML answer: the CSP header with the project's policy, no
<script> without src, no on*= handler, no javascript: URL, no style attribute, no <style> block, and
private, no-store. The browser side (zero violations, the scripts still working) is
tests/browser/test_csp.py."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client

from tests.core.test_aria_describedby import demo_logins, walk

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],  # sorted, as policy() gives them
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}


def policy(response) -> dict[str, list[str]] | None:
    """The response's Content-Security-Policy as {directive: sources} (the order is not fixed)."""
    header = response.get("Content-Security-Policy")
    if header is None:
        return None
    parts = [part.split() for part in header.split(";") if part.strip()]
    return {name: sorted(sources) for name, *sources in parts}


class Inline(HTMLParser):
    """Inline code a page must not contain under the policy."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        # A JSON data block (json_script) is data, never run: the policy leaves it alone.
        if tag == "script" and not attrs.get("src") and attrs.get("type") != "application/json":
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style> block")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…> handler")
            if name == "style":
                self.found.append(f"<{tag} style={value!r}>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}={value!r}>")

    handle_startendtag = handle_starttag


def inline_code(html: str) -> list[str]:
    parser = Inline()
    parser.feed(html)
    return parser.found


def header_problems(path: str, response) -> list[str]:
    problems = []
    if policy(response) != POLICY:
        problems.append(f"Content-Security-Policy: {response.get('Content-Security-Policy')!r}")
    if response.get("Cache-Control") != "private, no-store":
        problems.append(f"Cache-Control: {response.get('Cache-Control')!r}")
    return problems + inline_code(response.content.decode())


def test_every_page_of_every_role_has_the_csp_no_inline_code_and_no_store(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    password, logins = demo_logins()

    report, walked = [], {}
    for login in logins:
        client = Client()
        response = client.post("/masuk/", {"username": login["username"], "password": password})
        assert response.status_code == 302, login
        assert response["Cache-Control"] == "private, no-store"  # the sign-in's own answer
        pages, problems = walk(client, response["Location"], check=header_problems)
        walked[login["username"]] = pages
        for where, errors in problems.items():
            report.append(f"{login['username']} {where}:\n    " + "\n    ".join(sorted(set(errors))))
    assert all(pages >= 3 for pages in walked.values()), walked
    assert sum(walked.values()) >= 150, walked
    assert not report, "\n".join(report)


def test_the_checker_finds_inline_code():
    html = (
        '<script>alert(1)</script><script src="/static/js/nav.js"></script><style>p{}</style>'
        '<script id="data" type="application/json">{"a": 1}</script>'
        '<a href="JavaScript:alert(1)" onclick="x()">a</a><span style="width: 3%"></span>'
    )
    assert inline_code(html) == [
        "<script> without src",
        "<style> block",
        "<a href='JavaScript:alert(1)'>",
        "<a onclick=…> handler",
        "<span style='width: 3%'>",
    ]


def test_anonymous_pages_have_the_csp_and_no_inline_code(client):
    for path, status in (("/masuk/", 200), ("/tidak-ada/", 404)):
        response = client.get(path)
        assert response.status_code == status
        assert policy(response) == POLICY
        assert not inline_code(response.content.decode())


def test_static_files_are_not_no_store_and_carry_no_page_policy(client, admin_bkd_a):
    client.force_login(admin_bkd_a)
    response = client.get("/static/css/talenta.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize(
    "path", ["/api/v1/saya/", "/api/v1/unit-kerja/", "/api/v1/schema/", "/api/v1/tidak-ada/"]
)
def test_every_api_answer_is_no_store(api_login, admin_bkd_a, path):
    response = api_login(admin_bkd_a).get(path)
    assert response.status_code in (200, 404)
    assert response["Cache-Control"] == "private, no-store"


def test_an_api_answer_to_a_token_or_anonymous_caller_is_no_store(client):
    response = client.get("/api/v1/saya/")
    assert response.status_code in (401, 403)
    assert response["Cache-Control"] == "private, no-store"


def test_signing_out_is_no_store(client, admin_bkd_a):
    client.force_login(admin_bkd_a)
    response = client.post("/keluar/")
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"


def test_admin_and_api_docs_run_no_inline_code(client, make_user):
    from apps.core.roles import Role

    client.force_login(make_user(Role.OPERATOR))
    for path in ("/admin/", "/admin/accounts/user/", "/api/v1/docs/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert policy(response) == POLICY, path
        assert not inline_code(response.content.decode()), path
