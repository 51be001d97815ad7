"""A Komite member in Chromium on a calibration item: proposes a move with a reason and PDF
evidence, the committee decides by vote, the record and the difference marker appear; the item
page and the session nine-box fit 1280 px and a phone (390 px)."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect

from apps.komite.models import KeputusanKomite
from tests.browser.test_portfolio_flow import fill_login
from tests.komite.test_keputusan_services import PDF, komite_build

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_member_calibrates_with_reason_and_sees_the_marker(
    live_server, page: Page, instansi_a, screenshot_dir, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    k = komite_build(instansi_a)
    bukti = tmp_path / "notulen.pdf"
    bukti.write_bytes(PDF)
    url = f"{live_server.url}/komite/sidang/{k.sidang.pk}/agenda/{k.kalibrasi.pk}/"
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/masuk/")
    fill_login(page, "k.anggota")
    page.goto(url)
    form = page.locator("form", has_text="Usulkan kalibrasi")
    form.get_by_label("Kotak yang diusulkan").select_option("8")
    form.get_by_label("Alasan kalibrasi").fill("Memimpin penanganan banjir 2025 dengan hasil luar biasa.")
    form.get_by_label("Bukti pendukung (PDF, opsional)").set_input_files(str(bukti))
    form.get_by_role("button", name="Simpan usulan").click()
    expect(page.locator(".messages")).to_contain_text("Usulan kalibrasi disimpan")
    # Back on the session page, at the item (every item of the session has its block there).
    blok = page.locator(f"#keputusan-{k.kalibrasi.pk}")
    expect(blok).to_contain_text("kotak 5 → kotak 8")

    keputusan = blok.locator("form", has_text="Catat keputusan")
    keputusan.get_by_label("Disetujui").check()
    keputusan.get_by_label("Pemungutan suara").check()
    keputusan.get_by_label("Suara setuju").fill("2")
    keputusan.get_by_label("Suara menolak").fill("1")
    keputusan.get_by_label("Abstain").fill("0")
    keputusan.get_by_label("Pendapat berbeda (dissenting opinion)").fill(
        "Satu anggota menilai belum cukup bukti."
    )
    keputusan.get_by_role("button", name="Catat keputusan").click()
    expect(page.locator(".messages")).to_contain_text("Keputusan dicatat")
    expect(blok).to_contain_text("Pemungutan suara: 2 setuju, 1 menolak, 0 abstain")
    expect(blok).to_contain_text("Kotak hitungan sekarang 5 ≠ kotak diputuskan 8")
    with scopes_disabled():
        assert KeputusanKomite.objects.get(agenda=k.kalibrasi).kotak_diputuskan == 8

    tinjau = f"{live_server.url}/komite/sidang/{k.sidang.pk}/agenda/{k.tinjau.pk}/"
    suksesi = f"{live_server.url}/komite/sidang/{k.sidang.pk}/agenda/{k.suksesi.pk}/"
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for nama, alamat in (("kalibrasi", url), ("tinjau", tinjau), ("suksesi", suksesi)):
            page.goto(alamat)
            page.screenshot(path=str(screenshot_dir / f"komite-keputusan-{nama}-{width}.png"), full_page=True)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, (nama, width, overflow)
    page.goto(tinjau)
    expect(page.locator(".sidang-sebaran")).to_contain_text("melebihi batas")
