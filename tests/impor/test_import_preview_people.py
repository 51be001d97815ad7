"""#13 point 8: the import preview names the pegawai and lists new rows too; after saving, the
result page links to the people affected and to the nine-box."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from apps.impor.models import ImportJob
from apps.kinerja.models import SKP
from tests.factories import PegawaiFactory

from .util import ASESMEN_HEADERS, SKP_HEADERS, asesmen_row, csv_bytes, skp_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(login, admin_bkd_a):
    return login(admin_bkd_a)


def upload(client, data: bytes, *, kind: str, name: str):
    response = client.post(f"/impor/{kind}/", {"berkas": SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.content.decode()[:2000]
    with scopes_disabled():
        return ImportJob.objects.get(uuid=response["Location"].rstrip("/").rsplit("/", 1)[-1])


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_skp_preview_names_new_and_changed_rows_and_the_saved_result_links_them(
    admin, instansi_a, unit_tree_a
):
    baru = PegawaiFactory(
        instansi=instansi_a, unit_kerja=unit_tree_a[0], nama="Rina Baru", gelar_belakang="S.Pd."
    )
    lama = PegawaiFactory(instansi=instansi_a, unit_kerja=unit_tree_a[0], nama="Agus Lama")
    first = upload(admin, csv_bytes([skp_row(lama.nip)], SKP_HEADERS), kind="skp", name="awal.csv")
    admin.post(f"/impor/job/{first.uuid}/simpan/")
    with scopes_disabled():
        assert SKP.objects.filter(pegawai=lama).count() == 1

    data = csv_bytes(
        [skp_row(baru.nip), skp_row(lama.nip, **{"Rating Hasil Kerja": "Di Atas Ekspektasi"})], SKP_HEADERS
    )
    job = upload(admin, data, kind="skp", name="kedua.csv")
    page = text(admin.get(f"/impor/job/{job.uuid}/").content.decode())
    # New rows are listed with the pegawai's name, not only counted.
    assert "Baris baru" in page
    assert "Rina Baru, S.Pd." in page and baru.nip in page
    # Changed rows name the pegawai too.
    assert "Perubahan pada data tersimpan" in page and "Agus Lama" in page

    admin.post(f"/impor/job/{job.uuid}/simpan/")
    html = admin.get(f"/impor/job/{job.uuid}/").content.decode()
    assert f'href="/pegawai/{baru.pk}/"' in html and f'href="/pegawai/{lama.pk}/"' in html
    assert f'href="/pegawai/{baru.pk}/talenta/"' in html
    assert 'href="/talenta/sembilan-kotak/"' in html
    assert "Lihat peta talenta (sembilan kotak)" in text(html)


def test_asesmen_preview_lists_new_rows_with_names(admin, instansi_a, unit_tree_a):
    pegawai = PegawaiFactory(instansi=instansi_a, unit_kerja=unit_tree_a[0], nama="Dewi Asesmen")
    job = upload(admin, csv_bytes([asesmen_row(pegawai.nip)], ASESMEN_HEADERS), kind="asesmen", name="a.csv")
    page = text(admin.get(f"/impor/job/{job.uuid}/").content.decode())
    assert "Baris baru" in page and "Dewi Asesmen" in page
    assert job.result["pegawai_pk"] == {pegawai.nip: pegawai.pk}


def test_pegawai_import_links_the_pegawai_it_created(admin, instansi_a, unit_tree_a):
    from apps.pegawai.models import Pegawai
    from tests.pegawai.test_import import budi
    from tests.pegawai.test_import import csv_bytes as pegawai_csv

    job = upload(admin, pegawai_csv([budi(Nama="Tono Pegawai Baru")]), kind="pegawai", name="pegawai.csv")
    page = text(admin.get(f"/impor/job/{job.uuid}/").content.decode())
    assert "Baris baru" in page and "Tono Pegawai Baru, S.Kom." in page
    admin.post(f"/impor/job/{job.uuid}/simpan/")
    with scopes_disabled():
        created = Pegawai.objects.get(instansi=instansi_a, nama="Tono Pegawai Baru")
    html = admin.get(f"/impor/job/{job.uuid}/").content.decode()
    assert f'href="/pegawai/{created.pk}/"' in html
    assert "S.Kom.." not in text(html)
