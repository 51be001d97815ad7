"""KRS Nasional: the index each instansi's refresh writes, the grant and purpose that gate the
search, the audit event every read leaves, and each instansi's view of its own nominees."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.core.models import AuditEvent
from apps.core.roles import Role
from apps.core.tenancy import Lintas, instansi_scope, lintas_instansi, scopes_disabled
from apps.nasional import krs
from apps.nasional.forms_krs import SaringanKrsForm
from apps.nasional.models import AksesKrsNasional, IndeksKrsNasional, SesiKrsNasional
from apps.pegawai.referensi import bup_usia, tanggal_pensiun_dari
from tests.factories import (
    AsesmenFactory,
    AsesmenKompetensiFactory,
    JabatanKunciFactory,
    KandidatFactory,
    PegawaiFactory,
    PenempatanFactory,
)

pytestmark = pytest.mark.django_db

PERIODE = timezone.localdate().year
NAMA_A, NIP_A = "Gandawasita Purnamasari", "198501012010011001"
NAMA_B, NIP_B = "Wiradarma Sekartaji", "198702022012012002"


def _nominee(instansi, *, nama, nip, kotak=9, jpm=Decimal("92.00"), kompetensi=None, **pegawai_kwargs):
    """A pegawai with a final placement in `kotak` (pool when 7–9), a valid asesmen with its levels."""
    with instansi_scope(instansi):
        pegawai = PegawaiFactory(instansi=instansi, nama=nama, nip=nip, **pegawai_kwargs)
        PenempatanFactory(
            pegawai=pegawai, kotak=kotak, skor_potensial=Decimal("88.00"), skor_kinerja=Decimal("91.00")
        )
        if jpm is not None:
            asesmen = AsesmenFactory(pegawai=pegawai, jpm=jpm)
            for nama_k, level in (kompetensi or {}).items():
                AsesmenKompetensiFactory(asesmen=asesmen, kompetensi=nama_k, level_individu=level)
    return pegawai


def _refresh(instansi) -> int:
    with instansi_scope(instansi):
        return krs.krs_indeks_refresh(instansi=instansi, periode=PERIODE)


def _rows(instansi=None) -> list[IndeksKrsNasional]:
    with scopes_disabled():
        qs = IndeksKrsNasional.objects.all()
        if instansi is not None:
            qs = qs.filter(instansi=instansi)
        return list(qs.order_by("pk"))


def _audit(action) -> list[AuditEvent]:
    with scopes_disabled():
        return list(AuditEvent.objects.filter(action=action).order_by("pk"))


@pytest.fixture
def nominees(instansi_a, instansi_b, instansi_c):
    a = _nominee(
        instansi_a,
        nama=NAMA_A,
        nip=NIP_A,
        gelar_depan="Dr.",
        gelar_belakang="M.Si.",
        jenis_jabatan="administrator",
        nama_jabatan="Kepala Bidang Anggaran",
        golongan="IV/a",
        tanggal_lahir=dt.date(1985, 1, 1),
        kompetensi={"Integritas": 4, "Kerja sama": 3},
    )
    b = _nominee(
        instansi_b,
        nama=NAMA_B,
        nip=NIP_B,
        jenis_jabatan="fungsional",
        jenjang_fungsional="ahli_muda",
        nama_jabatan="Analis Kebijakan Ahli Muda",
        tanggal_lahir=dt.date(1966, 6, 1),
        jpm=Decimal("75.00"),
        kompetensi={"Integritas": 3},
    )
    c = _nominee(
        instansi_c,
        nama="Ayu Larasati",
        nip="199001012015012001",
        jenis_jabatan="pengawas",
        tanggal_lahir=dt.date(1990, 1, 1),
    )
    for instansi in (instansi_a, instansi_b, instansi_c):
        _refresh(instansi)
    return {"a": a, "b": b, "c": c}


# --- the index --------------------------------------------------------------------------------


def test_index_holds_the_minimal_profile_of_final_box_9_placements_only(instansi_a, unit_tree_a):
    hari_ini = timezone.localdate()
    anggota = _nominee(
        instansi_a,
        nama=NAMA_A,
        nip=NIP_A,
        gelar_depan="Dr.",
        gelar_belakang="M.Si.",
        jenis_jabatan="fungsional",
        jenjang_fungsional="ahli_madya",
        nama_jabatan="Perencana Ahli Madya",
        golongan="IV/b",
        tanggal_lahir=dt.date(1980, 5, 17),
        kompetensi={"Integritas": 4, "Orientasi pada hasil": 5},
    )
    with instansi_scope(instansi_a):
        # An older valid asesmen and an expired newer one: the latest *valid* one counts.
        AsesmenFactory(pegawai=anggota, jpm=Decimal("70.00"), tanggal=hari_ini - dt.timedelta(days=400))
        AsesmenFactory(
            pegawai=anggota,
            jpm=Decimal("99.00"),
            tanggal=hari_ini - dt.timedelta(days=10),
            berlaku_sampai=hari_ini - dt.timedelta(days=1),
        )
        # Readiness: the best of the eligible candidacies; an ineligible "ready now" does not count.
        unit = unit_tree_a[0]
        KandidatFactory(
            jabatan_kunci=JabatanKunciFactory(instansi=instansi_a, unit_kerja=unit),
            pegawai=anggota,
            kesiapan="siap_3",
        )
        KandidatFactory(
            jabatan_kunci=JabatanKunciFactory(instansi=instansi_a, unit_kerja=unit),
            pegawai=anggota,
            kesiapan="siap_1_2",
        )
        KandidatFactory(
            jabatan_kunci=JabatanKunciFactory(instansi=instansi_a, unit_kerja=unit),
            pegawai=anggota,
            kesiapan="siap_sekarang",
            kelayakan="tidak_memenuhi",
        )
    # Not members: box 8, an inactive pegawai, a placement that needs data, last year's box 9.
    _nominee(instansi_a, nama="Kotak Delapan", nip="199101012016011001", kotak=8)
    _nominee(instansi_a, nama="Sudah Pensiun", nip="196001011985011001", aktif=False)
    with instansi_scope(instansi_a):
        perlu = PegawaiFactory(instansi=instansi_a, nama="Perlu Data")
        PenempatanFactory(pegawai=perlu, kotak=None, status="perlu_data")
        lalu = PegawaiFactory(instansi=instansi_a, nama="Tahun Lalu")
        PenempatanFactory(pegawai=lalu, kotak=9, periode=PERIODE - 1)

    assert _refresh(instansi_a) == 1
    [row] = _rows(instansi_a)
    assert row.pegawai_id == anggota.pk
    assert row.periode == PERIODE
    assert row.provinsi_id == instansi_a.provinsi_id
    assert row.nama == "Dr. " + NAMA_A + ", M.Si."
    assert row.nip == NIP_A
    assert (row.nama_jabatan, row.jenis_jabatan, row.tingkat, row.golongan) == (
        "Perencana Ahli Madya",
        "fungsional",
        "ahli_madya",
        "IV/b",
    )
    assert (row.kotak, row.skor_potensial, row.skor_kinerja) == (9, Decimal("88.00"), Decimal("91.00"))
    assert row.jpm == Decimal("92.00")  # the factory's asesmen a month ago: the latest valid one
    assert row.kompetensi == {"Integritas": 4, "Orientasi pada hasil": 5}
    assert row.kesiapan == "siap_1_2"
    assert row.tanggal_bup == tanggal_pensiun_dari(
        tanggal_lahir=dt.date(1980, 5, 17),
        usia=bup_usia(jenis_jabatan="fungsional", jenjang_fungsional="ahli_madya"),
    )


def test_refresh_rewrites_the_rows_and_leaves_other_instansi_alone(nominees, instansi_a, instansi_b):
    assert len(_rows(instansi_b)) == 1
    with instansi_scope(instansi_a):
        nominees["a"].penempatan.filter(periode=PERIODE).update(kotak=8, talent_pool=True)
    assert _refresh(instansi_a) == 0
    assert _rows(instansi_a) == []
    assert len(_rows(instansi_b)) == 1


def test_refresh_runs_in_a_fixed_number_of_queries(instansi_a):
    def counted() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            _refresh(instansi_a)
        return len(ctx.captured_queries)

    _nominee(instansi_a, nama="Satu", nip="198001012005011001", kompetensi={"Integritas": 3})
    kecil = counted()
    for i in range(2, 9):
        _nominee(instansi_a, nama=f"Anggota {i}", nip=f"19800101200501100{i}", kompetensi={"Integritas": 3})
    besar = counted()
    assert kecil == besar, (kecil, besar)
    assert len(_rows(instansi_a)) == 8


# --- access: role, grant, purpose --------------------------------------------------------------


def _grant(user, **kwargs) -> AksesKrsNasional:
    kwargs.setdefault("berlaku_mulai", timezone.localdate() - dt.timedelta(days=1))
    return AksesKrsNasional.objects.create(user=user, dasar="ND BKN 800/1/2026", **kwargs)


@pytest.fixture
def bkn(make_user):
    return make_user(Role.BKN, None, username="bkn.analis")


@pytest.mark.parametrize(
    "akses",
    [
        None,
        {"dicabut_pada": timezone.now()},
        {"berlaku_sampai": timezone.localdate() - dt.timedelta(days=1)},
        {"berlaku_mulai": timezone.localdate() + dt.timedelta(days=1)},
    ],
    ids=["tanpa-akses", "dicabut", "kedaluwarsa", "belum-berlaku"],
)
def test_bkn_without_an_active_grant_gets_403_everywhere_in_krs(akses, bkn, client, nominees):
    if akses is not None:
        _grant(bkn, **akses)
    client.force_login(bkn)
    pegawai_id = nominees["a"].pk
    requests = [
        ("get", reverse("nasional:krs_cari")),
        ("get", reverse("nasional:krs_cari") + "?provinsi=62"),
        ("get", reverse("nasional:krs_sesi")),
        ("post", reverse("nasional:krs_sesi")),
        ("post", reverse("nasional:krs_sesi_akhiri")),
        ("get", reverse("nasional:krs_profil", args=[pegawai_id])),
    ]
    for method, url in requests:
        response = getattr(client, method)(
            url, {"tujuan": "Pengisian JPT Pratama lintas provinsi"} if method == "post" else None
        )
        assert response.status_code == 403, (method, url, response.status_code)
        assert NAMA_A not in response.content.decode()
    assert _audit(krs.AKSI_CARI) == [] and _audit(krs.AKSI_PROFIL) == []
    assert SesiKrsNasional.objects.count() == 0


def test_no_result_before_the_purpose_is_stated(bkn, client, nominees):
    _grant(bkn)
    client.force_login(bkn)
    response = client.get(reverse("nasional:krs_cari"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nyatakan tujuan pencarian" in body
    assert NAMA_A not in body and NIP_A not in body
    # A profile link followed without a session goes back to the purpose form, unread, unaudited.
    response = client.get(reverse("nasional:krs_profil", args=[nominees["a"].pk]))
    assert response.status_code == 302 and response.url == reverse("nasional:krs_cari")
    assert _audit(krs.AKSI_PROFIL) == []
    # Too short a purpose is refused.
    response = client.post(reverse("nasional:krs_sesi"), {"tujuan": "cek"})
    assert response.status_code == 200 and SesiKrsNasional.objects.count() == 0


def _session(client, bkn) -> SesiKrsNasional:
    _grant(bkn)
    client.force_login(bkn)
    response = client.post(
        reverse("nasional:krs_sesi"), {"tujuan": "Pengisian JPT Pratama lintas provinsi 2026"}
    )
    assert response.status_code == 302
    return SesiKrsNasional.objects.get(user=bkn)


def test_every_search_and_profile_read_leaves_an_audit_event(bkn, client, nominees, instansi_a):
    sesi = _session(client, bkn)
    assert abs(sesi.berakhir_pada - sesi.dimulai_pada - krs.SESI_DURASI) < dt.timedelta(seconds=5)
    assert [e.new_values["tujuan"] for e in _audit(krs.AKSI_SESI)] == [sesi.tujuan]

    response = client.get(reverse("nasional:krs_cari"))
    assert response.status_code == 200
    body = response.content.decode()
    assert NAMA_A in body and NAMA_B in body and NIP_A in body
    response = client.get(reverse("nasional:krs_cari"), {"jpm_min": "90", "provinsi": "62"})
    body = response.content.decode()
    assert NAMA_A in body and NAMA_B not in body
    cari = _audit(krs.AKSI_CARI)
    assert len(cari) == 2
    for event in cari:
        assert event.instansi_id is None and event.actor_id == bkn.pk
        assert event.new_values["sesi"] == str(sesi.uuid)
        assert event.new_values["tujuan"] == sesi.tujuan
    assert cari[0].new_values["jumlah"] == 3
    assert cari[1].new_values["saringan"] == {"jpm_min": "90", "provinsi": "62"}
    assert cari[1].new_values["pegawai_ids"] == [nominees["a"].pk]

    response = client.get(reverse("nasional:krs_profil", args=[nominees["a"].pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert NIP_A in body and "Integritas" in body
    [profil] = _audit(krs.AKSI_PROFIL)
    # The event belongs to the pegawai's own instansi: that instansi sees who looked.
    assert profil.instansi_id == instansi_a.pk
    assert profil.actor_id == bkn.pk
    assert profil.new_values == {
        "sesi": str(sesi.uuid),
        "tujuan": sesi.tujuan,
        "periode": PERIODE,
        "pegawai_id": nominees["a"].pk,
    }
    # A pegawai not in the index: 404, nothing read.
    assert client.get(reverse("nasional:krs_profil", args=[999999])).status_code == 404
    assert len(_audit(krs.AKSI_PROFIL)) == 1


def test_ending_the_session_asks_for_a_purpose_again(bkn, client, nominees):
    _session(client, bkn)
    client.post(reverse("nasional:krs_sesi_akhiri"))
    body = client.get(reverse("nasional:krs_cari")).content.decode()
    assert "Nyatakan tujuan pencarian" in body and NAMA_A not in body


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"a", "b", "c"}),
        ({"tingkat": "administrator"}, {"a"}),
        ({"tingkat": "ahli_muda"}, {"b"}),
        ({"jenis_jabatan": "fungsional"}, {"b"}),
        ({"jpm_min": "80"}, {"a", "c"}),
        ({"kompetensi": "Integritas", "kompetensi_level": "4"}, {"a"}),
        ({"kompetensi": "Integritas"}, {"a", "b"}),
        ({"provinsi": "61"}, {"c"}),
        ({"provinsi": "62", "jpm_min": "80"}, {"a"}),
        # b was born in June 1966: BUP (58 for a fungsional ahli muda) already passed or near.
        ({"tahun_ke_bup_min": "5"}, {"a", "c"}),
    ],
)
def test_search_filters(params, expected, nominees):
    form = SaringanKrsForm(params)
    assert form.is_valid(), form.errors
    ids = {k: v.pk for k, v in nominees.items()}
    with lintas_instansi(alasan=Lintas.KRS_NASIONAL):
        found = set(
            krs._cari_queryset(
                saringan=form.saringan(), periode=PERIODE, hari_ini=timezone.localdate()
            ).values_list("pegawai_id", flat=True)
        )
    assert found == {ids[k] for k in expected}


def test_search_is_paginated(bkn, client, instansi_a, settings):
    for i in range(krs.PER_HALAMAN + 3):
        _nominee(instansi_a, nama=f"Anggota {i:02d}", nip=f"1980010120050110{i:02d}")
    _refresh(instansi_a)
    _session(client, bkn)
    first = client.get(reverse("nasional:krs_cari")).content.decode()
    assert "Halaman 1 dari 2" in first
    client.get(reverse("nasional:krs_cari"), {"halaman": "2"})
    assert [e.new_values["halaman"] for e in _audit(krs.AKSI_CARI)] == [1, 2]


# --- the instansi's own view -------------------------------------------------------------------


def test_instansi_sees_its_own_nominees_and_their_viewers_only(
    bkn, client, make_user, nominees, instansi_a, instansi_b
):
    sesi = _session(client, bkn)
    client.get(reverse("nasional:krs_profil", args=[nominees["a"].pk]))
    client.get(reverse("nasional:krs_profil", args=[nominees["b"].pk]))
    client.get(reverse("nasional:krs_profil", args=[nominees["b"].pk]))

    for role in (Role.ADMIN_BKD, Role.KOMITE_KETUA, Role.PPK):
        user_a = make_user(role, instansi_a, username=f"a.{role.value}")
        client.force_login(user_a)
        response = client.get(reverse("nasional:krs_pantau"))
        assert response.status_code == 200
        [nominee] = response.context["nominees"]
        assert nominee.indeks.pegawai_id == nominees["a"].pk
        assert nominee.jumlah_dilihat == 1
        assert nominee.pelihat[0].actor_label == "bkn.analis"
        assert nominee.pelihat[0].tujuan == sesi.tujuan
        body = response.content.decode()
        assert NAMA_A in body and "bkn.analis" in body
        assert NAMA_B not in body and NIP_B not in body

    client.force_login(make_user(Role.ADMIN_BKD, instansi_b, username="b.admin"))
    [nominee] = client.get(reverse("nasional:krs_pantau")).context["nominees"]
    assert nominee.indeks.pegawai_id == nominees["b"].pk and nominee.jumlah_dilihat == 2


def test_krs_pantau_refuses_bkn_asn_and_operator(make_user, client, instansi_a):
    for role in (Role.BKN, Role.ASN, Role.OPERATOR, Role.VERIFIKATOR):
        client.force_login(make_user(role, instansi_a, username=f"x.{role.value}"))
        assert client.get(reverse("nasional:krs_pantau")).status_code == 403


# --- the operator's grants ---------------------------------------------------------------------


def test_operator_grants_and_revokes_with_audit(make_user, client, bkn):
    operator = make_user(Role.OPERATOR, None, username="operator")
    client.force_login(operator)
    page = client.get(reverse("nasional:krs_akses"))
    assert page.status_code == 200 and "bkn.analis" in page.content.decode()
    response = client.post(
        reverse("nasional:krs_akses"),
        {"user": str(bkn.pk), "dasar": "ND 800/12/2026", "berlaku_mulai": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    akses = AksesKrsNasional.objects.get(user=bkn)
    assert akses.diberikan_oleh == operator
    assert krs.akses_aktif_get(user=bkn) == akses
    [beri] = _audit(krs.AKSI_AKSES_BERI)
    assert beri.actor_id == operator.pk and beri.new_values["user"] == "bkn.analis"

    # An open session ends with the grant.
    sesi = krs.sesi_mulai(user=bkn, tujuan="Pengisian JPT Pratama lintas provinsi")
    response = client.post(reverse("nasional:krs_akses_cabut", args=[akses.pk]))
    assert response.status_code == 302
    akses.refresh_from_db()
    sesi.refresh_from_db()
    assert akses.dicabut_pada is not None and krs.akses_aktif_get(user=bkn) is None
    assert sesi.berakhir_pada <= timezone.now()
    assert len(_audit(krs.AKSI_AKSES_CABUT)) == 1


def test_grant_form_offers_only_bkn_accounts(make_user, client, instansi_a):
    make_user(Role.ADMIN_BKD, instansi_a, username="admin.bukan.bkn")
    bkn = make_user(Role.BKN, None, username="bkn.satu")
    client.force_login(make_user(Role.OPERATOR, None, username="operator"))
    body = client.get(reverse("nasional:krs_akses")).content.decode()
    assert "bkn.satu" in body and "admin.bukan.bkn" not in body
    response = client.post(
        reverse("nasional:krs_akses"),
        {"user": "999999", "dasar": "x", "berlaku_mulai": timezone.localdate().isoformat()},
    )
    assert response.status_code == 200 and not AksesKrsNasional.objects.exists()
    assert bkn.pk


def test_pages_other_than_krs_never_read_the_index():
    """The reviewed-module rule: only apps/nasional/krs.py names the index model's table for a
    cross-tenant read (views, selectors and the API import nothing of it)."""
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR) / "apps"
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "IndeksKrsNasional" in path.read_text(encoding="utf-8")
        and path.name not in ("krs.py", "models.py", "admin.py")
        and "migrations" not in path.parts
    ]
    assert offenders == []


def _krs_routes(resolver=None) -> list:
    """Every URL pattern of the `nasional` namespace served by a KRS Nasional (grant-gated) view,
    found through the resolver so a new KRS route is picked up without editing this test."""
    from django.urls import URLPattern, URLResolver, get_resolver

    from apps.nasional.views_krs import KrsAksesMixin

    if resolver is None:
        resolver = get_resolver().namespace_dict["nasional"][1]
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            found.extend(_krs_routes(entry))
        elif isinstance(entry, URLPattern):
            view_class = getattr(entry.callback, "view_class", None)
            if view_class is not None and issubclass(view_class, KrsAksesMixin):
                found.append(entry)
    return found


def test_with_the_grant_every_krs_read_that_shows_a_person_leaves_an_audit_event(bkn, client, nominees):
    """The crawl's counterpart (tests/nasional/test_tanpa_data_pribadi.py crawls BKN without the
    grant): with the grant and a session, every GET of a KRS route that returns a name or a NIP
    has written an audit event of this account in that same request."""
    _session(client, bkn)
    pegawai_id = nominees["a"].pk
    shown = []
    for route in _krs_routes():
        kwargs = dict.fromkeys(route.pattern.converters, pegawai_id)
        url = reverse(f"nasional:{route.name}", kwargs=kwargs)
        for query in ("", "?provinsi=62", "?jpm_min=80&halaman=1"):
            with scopes_disabled():
                before = AuditEvent.objects.filter(actor=bkn).exclude(action=krs.AKSI_SESI).count()
            response = client.get(url + query)
            body = response.content.decode()
            if response.status_code == 200 and (NAMA_A in body or NIP_A in body):
                with scopes_disabled():
                    after = AuditEvent.objects.filter(actor=bkn).exclude(action=krs.AKSI_SESI).count()
                assert after > before, url + query
                shown.append(route.name)
    assert {"krs_cari", "krs_profil"} <= set(shown)


def test_a_deactivated_instansi_drops_out_of_the_search(nominees, instansi_b):
    instansi_b.aktif = False
    instansi_b.save(update_fields=["aktif"])
    with lintas_instansi(alasan=Lintas.KRS_NASIONAL):
        found = set(
            krs._cari_queryset(
                saringan=krs.SaringanKrsNasional(), periode=PERIODE, hari_ini=timezone.localdate()
            ).values_list("pegawai_id", flat=True)
        )
    assert found == {nominees["a"].pk, nominees["c"].pk}


def test_index_members_are_the_suksesi_krs_nasional_list(instansi_a):
    """The index and the instansi's own KRS Nasional page (and the summary's jumlah_krs_nasional,
    which counts that list) name the same pegawai."""
    from apps.suksesi.selectors import krs_nasional_list

    for i, kotak in enumerate((9, 9, 8, 7, 9)):
        _nominee(instansi_a, nama=f"Anggota {i}", nip=f"19800101200501100{i}", kotak=kotak)
    _nominee(instansi_a, nama="Nonaktif", nip="198001012005011009", aktif=False)
    _refresh(instansi_a)
    with instansi_scope(instansi_a):
        expected = set(krs_nasional_list(instansi=instansi_a).values_list("pegawai_id", flat=True))
    assert {r.pegawai_id for r in _rows(instansi_a)} == expected
    assert len(expected) == 3


def test_the_menu_offers_the_search_only_while_a_grant_is_in_force(bkn, client):
    client.force_login(bkn)
    link = f'href="{reverse("nasional:krs_cari")}"'
    assert link not in client.get(reverse("nasional:home")).content.decode()
    akses = _grant(bkn)
    assert link in client.get(reverse("nasional:home")).content.decode()
    akses.dicabut_pada = timezone.now()
    akses.save()
    assert link not in client.get(reverse("nasional:home")).content.decode()
