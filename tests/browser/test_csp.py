"""#14 point 3 in Chromium: under the Content-Security-Policy the pages raise no violation and their
scripts still work. The demo data is seeded; every demo login signs in through the form and opens
its home page; then the pages with behaviour: the menu (nav.js), the nine-box bars (widths from
classes, no style attribute), the rule-set form's running sums (aturan_form.js), BKN's charts
(Chart.js + nasional.js) and the API documentation (Swagger UI, its start-up script a file).

Violations are caught twice: the `securitypolicyviolation` events of every document (a listener
added before any page script runs) and Chromium's console reports ("Refused to … Content Security
Policy")."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.core.test_aria_describedby import LINE, LOGINS_FILE

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline") + " " + event.sourceFile + ":" + event.lineNumber);
});
"""


class Watch:
    def __init__(self, page: Page):
        self.page = page
        self.found: list[str] = []
        page.add_init_script(LISTENER)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.found.append(f"pageerror {error}"))

    def _console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.found.append(f"console {message.text}")

    def collect(self, where: str) -> None:
        for violation in self.page.evaluate("window.__cspViolations || []"):
            self.found.append(f"{where}: {violation}")

    def visit(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_load_state("networkidle")
        self.collect(url)


def test_key_pages_raise_no_csp_violation_and_their_scripts_work(live_server, page: Page, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    call_command("load_wilayah", stdout=StringIO())
    call_command("seed_demo", pegawai=6, stdout=StringIO())
    password_line, *lines = LOGINS_FILE.read_text(encoding="utf-8").splitlines()
    password = password_line.rsplit(" ", 1)[-1]
    logins = [LINE.match(line).groupdict() for line in lines if line.strip()]
    base = live_server.url
    watch = Watch(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    def sign_in(username: str) -> None:
        page.context.clear_cookies()
        watch.visit(f"{base}/masuk/")
        page.get_by_label("Nama pengguna atau NIP").fill(username)
        page.get_by_label("Kata sandi").fill(password)
        page.get_by_role("button", name="Masuk", exact=True).click()
        page.wait_for_load_state("networkidle")
        assert "/masuk/" not in page.url, username
        watch.collect(f"{username} home {page.url}")

    # Every role's home page.
    for login in logins:
        sign_in(login["username"])

    # Admin BKD: the menu script, the nine-box bars, the rule-set form's running sum.
    sign_in("admin.6271")
    group = page.locator(".topbar__nav details.nav-group").first
    group.locator("summary").click()
    expect(group).to_have_attribute("open", "")
    page.keyboard.press("Escape")  # nav.js closes the open group
    expect(group).not_to_have_attribute("open", "")

    watch.visit(f"{base}/talenta/sembilan-kotak/")
    widths = page.locator(".ninebox__bar > span").evaluate_all(
        "spans => spans.map(span => span.getBoundingClientRect().width)"
    )
    assert len(widths) == 9 and max(widths) > 0, widths
    assert page.locator(".ninebox [style]").count() == 0

    watch.visit(f"{base}/talenta/aturan/")
    page.get_by_role("link", name="Buat draf baru").click()
    page.get_by_label("Salin dari").select_option("preset:berbobot")
    page.get_by_label("Nama versi baru").fill("Uji CSP")
    page.get_by_role("button", name="Buat draf").click()
    expect(page.get_by_role("heading", name=re.compile("Ubah draf"))).to_be_visible()
    watch.collect("aturan ubah")
    bagian = page.locator("fieldset[data-jumlah]").first
    hasil = bagian.locator("[data-jumlah-hasil]")
    expect(hasil).to_have_text("100")
    angka = bagian.locator("input[type=number]").first
    angka.fill(str(int(angka.input_value()) + 5))
    expect(hasil).to_have_text("105")  # aturan_form.js sums while typing
    expect(bagian.locator(".aturan-jumlah")).to_have_class(re.compile("aturan-jumlah--salah"))

    # BKN: the national charts.
    sign_in("bkn")
    watch.visit(f"{base}/nasional/")
    assert page.evaluate("typeof window.Chart") == "function"
    charts = page.evaluate(
        "Array.from(document.querySelectorAll('canvas[data-grafik]')).map(c => !!window.Chart.getChart(c))"
    )
    assert charts and all(charts), charts

    # The API documentation: Swagger UI starts from its script file and shows the schema.
    watch.visit(f"{base}/api/v1/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Talenta API", timeout=15000)
    expect(page.locator(".opblock").first).to_be_visible()
    watch.collect("api docs")

    assert not watch.found, "\n".join(watch.found)

    # The watch can fail: a style attribute set by script is a violation it reports.
    page.evaluate(
        "() => document.body.appendChild(document.createElement('div')).setAttribute('style', 'color: red')"
    )
    page.wait_for_function("window.__cspViolations.length > 0")
    watch.collect("canary")
    assert any("canary: style-src" in found for found in watch.found), watch.found


def test_an_uploaded_image_shows_in_its_sandbox_and_a_pdf_is_only_downloaded(
    live_server, page: Page, pegawai_a, settings, tmp_path
):
    """The documents' own policy (sandbox; default-src 'none'; img-src 'self') still shows an image
    in a tab; a PDF (here one with an OpenAction script) never opens in this origin: it downloads."""
    import io

    from django_scopes import scopes_disabled
    from PIL import Image

    from apps.pegawai.services import dokumen_store
    from tests.browser.test_portfolio_flow import fill_login
    from tests.pegawai.test_dokumen_aktif import PDF_DENGAN_JS
    from tests.pegawai.test_portfolio_pages import upload

    settings.MEDIA_ROOT = str(tmp_path)
    png = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(png, format="PNG")
    with scopes_disabled():
        gambar = dokumen_store(
            pegawai=pegawai_a, actor=pegawai_a.user, berkas=upload("scan.png", png.getvalue(), "image/png")
        )
        pdf = dokumen_store(
            pegawai=pegawai_a, actor=pegawai_a.user, berkas=upload("bukti.pdf", PDF_DENGAN_JS)
        )
    page.goto(f"{live_server.url}/masuk/")
    fill_login(page, pegawai_a.user.username)
    page.wait_for_load_state("networkidle")

    response = page.goto(f"{live_server.url}/dokumen/{gambar.uuid}/")
    assert response.headers["content-security-policy"] == "sandbox; default-src 'none'; img-src 'self'"
    size = page.evaluate(
        "() => { const img = document.querySelector('img'); return [img.naturalWidth, img.naturalHeight]; }"
    )
    assert size == [40, 20]
    # The sandbox: the document's origin is opaque, no script of this origin runs there.
    assert page.evaluate("() => window.origin") == "null"

    page.goto(f"{live_server.url}/masuk/")
    with page.expect_download() as info:
        page.evaluate(f"() => {{ window.location.href = '/dokumen/{pdf.uuid}/'; }}")
    assert info.value.suggested_filename == "bukti.pdf"
