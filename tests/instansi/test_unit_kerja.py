"""Unit kerja: the three-level tree rules of the services, the DB constraint, the pages and the API."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.core.models import AuditEvent
from apps.core.roles import Role
from apps.core.tenancy import instansi_scope, scopes_disabled
from apps.instansi.models import UnitKerja
from apps.instansi.services import unit_kerja_create, unit_kerja_update
from tests.factories import UnitKerjaFactory

pytestmark = pytest.mark.django_db

PD = UnitKerja.Jenis.PERANGKAT_DAERAH
BIDANG = UnitKerja.Jenis.BIDANG
SEKSI = UnitKerja.Jenis.SEKSI

# Django's own Indonesian message for a ModelChoiceField value outside the queryset.
INVALID_CHOICE_ID = (
    "Masukkan pilihan yang valid. Pilihan tersebut bukan salah satu dari pilihan yang tersedia."
)
# Django's catalogue says "tidak boleh kosong"; DRF's, which is loaded after it and wins, says "harus diisi".
REQUIRED_ID = {"Bidang ini harus diisi.", "Bidang ini tidak boleh kosong."}


def _messages(error: ValidationError, field: str) -> list[str]:
    return error.value.message_dict[field]


def _create(instansi, actor=None, **fields):
    with instansi_scope(instansi):
        return unit_kerja_create(instansi=instansi, actor=actor, **fields)


def _update(unit, actor=None, **changes):
    with instansi_scope(unit.instansi):
        return unit_kerja_update(unit=unit, actor=actor, **changes)


def _events(instansi, action):
    with instansi_scope(instansi):
        return list(AuditEvent.objects.filter(instansi=instansi, action=action).order_by("id"))


def _unit_exists(**filters) -> bool:
    with scopes_disabled():
        return UnitKerja.objects.filter(**filters).exists()


def instansi_of(user):
    with scopes_disabled():
        return user.membership.instansi


@pytest.fixture
def verifikator_a(make_user, instansi_a):
    return make_user(Role.VERIFIKATOR, instansi_a, username="verifikator.a")


# --- services: hierarchy -----------------------------------------------------------------------


def test_three_levels_are_created_under_the_right_parents(instansi_a, admin_bkd_a):
    dinas = _create(instansi_a, admin_bkd_a, kode="01", nama="Dinas Kesehatan", jenis=PD)
    bidang = _create(
        instansi_a, admin_bkd_a, kode="01.01", nama="Bidang Pelayanan", jenis=BIDANG, induk=dinas
    )
    seksi = _create(instansi_a, admin_bkd_a, kode="01.01.01", nama="Seksi Rujukan", jenis=SEKSI, induk=bidang)
    with scopes_disabled():
        dinas, bidang, seksi = (UnitKerja.objects.get(pk=u.pk) for u in (dinas, bidang, seksi))
    assert (dinas.induk_id, dinas.instansi_id, dinas.jenis) == (None, instansi_a.pk, PD)
    assert (bidang.induk_id, bidang.instansi_id, bidang.jenis) == (dinas.pk, instansi_a.pk, BIDANG)
    assert (seksi.induk_id, seksi.instansi_id, seksi.jenis) == (bidang.pk, instansi_a.pk, SEKSI)


def test_perangkat_daerah_has_no_induk(instansi_a, unit_tree_a):
    dinas, _bidang, _seksi = unit_tree_a
    with pytest.raises(ValidationError) as error:
        _create(instansi_a, kode="02", nama="Dinas Sosial", jenis=PD, induk=dinas)
    assert _messages(error, "induk") == [
        "Perangkat daerah berada langsung di bawah instansi, tanpa unit induk."
    ]
    assert not _unit_exists(instansi=instansi_a, kode="02")


@pytest.mark.parametrize(
    ("jenis", "induk_index", "message"),
    [
        (BIDANG, 1, "Bidang/Bagian harus berada di bawah Perangkat Daerah."),
        (BIDANG, 2, "Bidang/Bagian harus berada di bawah Perangkat Daerah."),
        (SEKSI, 0, "Seksi/Subbidang/Subbagian harus berada di bawah Bidang/Bagian."),
        (SEKSI, 2, "Seksi/Subbidang/Subbagian harus berada di bawah Bidang/Bagian."),
    ],
    ids=["bidang-under-bidang", "bidang-under-seksi", "seksi-under-pd", "seksi-under-seksi"],
)
def test_wrong_parent_jenis_is_rejected_on_induk(instansi_a, unit_tree_a, jenis, induk_index, message):
    with pytest.raises(ValidationError) as error:
        _create(instansi_a, kode="X.99", nama="Unit Salah", jenis=jenis, induk=unit_tree_a[induk_index])
    assert _messages(error, "induk") == [message]
    assert not _unit_exists(instansi=instansi_a, kode="X.99")


@pytest.mark.parametrize(
    ("jenis", "message"),
    [
        (BIDANG, "Pilih unit induk untuk Bidang/Bagian."),
        (SEKSI, "Pilih unit induk untuk Seksi/Subbidang/Subbagian."),
    ],
)
def test_bidang_and_seksi_need_an_induk(instansi_a, jenis, message):
    with pytest.raises(ValidationError) as error:
        _create(instansi_a, kode="Y.01", nama="Tanpa Induk", jenis=jenis)
    assert _messages(error, "induk") == [message]


def test_induk_from_another_instansi_is_refused_by_the_service(instansi_a, unit_b):
    with pytest.raises(ValidationError) as error:
        _create(instansi_a, kode="A.77", nama="Bidang Nyasar", jenis=BIDANG, induk=unit_b)
    assert _messages(error, "induk") == ["Unit induk tidak ditemukan."]
    assert not _unit_exists(kode="A.77")


# --- services: kode ----------------------------------------------------------------------------


def test_duplicate_kode_within_one_instansi_is_rejected(instansi_a, unit_tree_a):
    with pytest.raises(ValidationError) as error:
        _create(instansi_a, kode="A.01", nama="Dinas Kembar", jenis=PD)
    assert _messages(error, "kode") == ["Kode unit kerja A.01 sudah dipakai."]
    with scopes_disabled():
        assert UnitKerja.objects.filter(instansi=instansi_a, kode="A.01").count() == 1


def test_same_kode_is_allowed_in_another_instansi(instansi_a, instansi_b, unit_tree_a):
    unit = _create(instansi_b, kode="A.01", nama="Dinas Pendidikan", jenis=PD)
    assert unit.instansi_id == instansi_b.pk
    with scopes_disabled():
        assert set(UnitKerja.objects.filter(kode="A.01").values_list("instansi_id", flat=True)) == {
            instansi_a.pk,
            instansi_b.pk,
        }


def test_update_to_a_kode_already_used_is_rejected(instansi_a, unit_tree_a):
    _dinas, bidang, _seksi = unit_tree_a
    with pytest.raises(ValidationError) as error:
        _update(bidang, kode="A.01.01.01")
    assert _messages(error, "kode") == ["Kode unit kerja A.01.01.01 sudah dipakai."]
    bidang.refresh_from_db()
    assert bidang.kode == "A.01.01"


def test_update_keeping_its_own_kode_is_not_a_duplicate(instansi_a, unit_tree_a):
    dinas, _bidang, _seksi = unit_tree_a
    _update(dinas, kode="A.01", nama="Dinas Pendidikan dan Kebudayaan")
    dinas.refresh_from_db()
    assert dinas.nama == "Dinas Pendidikan dan Kebudayaan"


# --- services: structural changes --------------------------------------------------------------


def test_a_unit_cannot_be_its_own_induk(instansi_a, unit_tree_a):
    _dinas, bidang, _seksi = unit_tree_a
    with pytest.raises(ValidationError) as error:
        _update(bidang, induk=bidang)
    assert _messages(error, "induk") == ["Unit tidak dapat menjadi induk dirinya sendiri."]
    bidang.refresh_from_db()
    assert bidang.induk_id == unit_tree_a[0].pk


def test_changing_jenis_of_a_unit_with_children_is_refused(instansi_a, unit_tree_a):
    dinas, bidang, _seksi = unit_tree_a
    dinas_lain = UnitKerjaFactory(instansi=instansi_a, kode="A.02", nama="Dinas Sosial")
    bidang_lain = UnitKerjaFactory(
        instansi=instansi_a, kode="A.02.01", nama="Bidang Rehabilitasi", jenis=BIDANG, induk=dinas_lain
    )
    # The dinas has a bidang below it; the bidang has a seksi below it.
    with pytest.raises(ValidationError) as error:
        _update(dinas, jenis=BIDANG, induk=dinas_lain)
    assert _messages(error, "jenis") == ["Jenis unit yang masih memiliki sub-unit tidak dapat diubah."]
    with pytest.raises(ValidationError) as error:
        _update(bidang, jenis=SEKSI, induk=bidang_lain)
    assert _messages(error, "jenis") == ["Jenis unit yang masih memiliki sub-unit tidak dapat diubah."]
    dinas.refresh_from_db()
    bidang.refresh_from_db()
    assert (dinas.jenis, dinas.induk_id) == (PD, None)
    assert (bidang.jenis, bidang.induk_id) == (BIDANG, dinas.pk)


def test_changing_jenis_of_a_leaf_is_allowed(instansi_a, unit_tree_a):
    dinas, _bidang, seksi = unit_tree_a
    _update(seksi, jenis=BIDANG, induk=dinas)
    seksi.refresh_from_db()
    assert (seksi.jenis, seksi.induk_id) == (BIDANG, dinas.pk)


def test_update_rejects_fields_it_does_not_own(instansi_a, unit_tree_a, instansi_b):
    with pytest.raises(TypeError):
        _update(unit_tree_a[0], instansi=instansi_b)


# --- services: audit ---------------------------------------------------------------------------


def test_create_writes_an_audit_event(instansi_a, admin_bkd_a, unit_tree_a):
    dinas = unit_tree_a[0]
    unit = _create(instansi_a, admin_bkd_a, kode="A.01.02", nama="Bidang SMP", jenis=BIDANG, induk=dinas)
    [event] = _events(instansi_a, "unit_kerja.create")
    assert event.actor_id == admin_bkd_a.pk
    assert event.actor_label == "admin.a"
    assert event.target_type == "instansi.UnitKerja"
    assert event.target_id == str(unit.pk)
    assert event.old_values == {}
    assert event.new_values == {
        "kode": "A.01.02",
        "nama": "Bidang SMP",
        "jenis": "bidang",
        "induk": dinas.pk,
        "aktif": True,
    }


def test_update_audits_old_and_new_values_of_changed_fields_only(instansi_a, admin_bkd_a, unit_tree_a):
    dinas, bidang, _seksi = unit_tree_a
    dinas_lain = UnitKerjaFactory(instansi=instansi_a, kode="A.02", nama="Dinas Sosial")
    _update(
        bidang,
        admin_bkd_a,
        kode="A.01.01",  # unchanged
        nama="Bidang Pembinaan Sekolah Dasar",
        jenis=BIDANG,  # unchanged
        induk=dinas_lain,
        aktif=True,  # unchanged
    )
    [event] = _events(instansi_a, "unit_kerja.update")
    assert event.actor_id == admin_bkd_a.pk
    assert event.target_id == str(bidang.pk)
    assert event.old_values == {"nama": "Bidang Pembinaan SD", "induk": dinas.pk}
    assert event.new_values == {"nama": "Bidang Pembinaan Sekolah Dasar", "induk": dinas_lain.pk}
    bidang.refresh_from_db()
    assert (bidang.nama, bidang.induk_id) == ("Bidang Pembinaan Sekolah Dasar", dinas_lain.pk)


def test_update_without_changes_writes_no_event(instansi_a, admin_bkd_a, unit_tree_a):
    dinas, bidang, _seksi = unit_tree_a
    _update(bidang, admin_bkd_a, kode="A.01.01", nama="Bidang Pembinaan SD", induk=dinas, aktif=True)
    assert _events(instansi_a, "unit_kerja.update") == []


def test_rejected_update_writes_no_event_and_changes_nothing(instansi_a, admin_bkd_a, unit_tree_a):
    _dinas, bidang, _seksi = unit_tree_a
    with pytest.raises(ValidationError):
        _update(bidang, admin_bkd_a, nama="Nama Baru", induk=None)
    assert _events(instansi_a, "unit_kerja.update") == []
    bidang.refresh_from_db()
    assert bidang.nama == "Bidang Pembinaan SD"


# --- database constraint -----------------------------------------------------------------------


def test_db_check_constraint_refuses_perangkat_daerah_with_induk(instansi_a, unit_tree_a):
    dinas = unit_tree_a[0]
    with pytest.raises(IntegrityError, match="unitkerja_induk_sesuai_jenis"), transaction.atomic():
        UnitKerja.objects.create(instansi=instansi_a, kode="Z.01", nama="Dinas Liar", jenis=PD, induk=dinas)
    assert not _unit_exists(kode="Z.01")


def test_db_check_constraint_refuses_bidang_without_induk(instansi_a):
    with pytest.raises(IntegrityError, match="unitkerja_induk_sesuai_jenis"), transaction.atomic():
        UnitKerja.objects.create(instansi=instansi_a, kode="Z.02", nama="Bidang Yatim", jenis=BIDANG)


def test_db_unique_constraint_refuses_duplicate_kode_in_one_instansi(instansi_a, unit_tree_a):
    with pytest.raises(IntegrityError, match="unitkerja_kode_unik"), transaction.atomic():
        UnitKerja.objects.create(instansi=instansi_a, kode="A.01", nama="Dinas Kembar", jenis=PD)


# --- pages -------------------------------------------------------------------------------------


class _TreeParser(HTMLParser):
    """Collects the unit names of the tree page with the name of the enclosing tree item."""

    def __init__(self):
        super().__init__()
        self.stack: list[str | bool | None] = []  # per open <li>: unit name, or False if not a tree item
        self.parents: dict[str, str | None] = {}
        self._text: str | None = None

    def _tree_items(self) -> list[str]:
        return [name for name in self.stack if name not in (False, None)]

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "li":
            self.stack.append(None if "tree__item" in classes else False)
        elif tag == "a" and self.stack and self.stack[-1] is None:
            self._text = ""

    def handle_data(self, data):
        if self._text is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "li" and self.stack:
            self.stack.pop()
        elif tag == "a" and self._text is not None:
            name = self._text.strip()
            ancestors = self._tree_items()
            self.parents[name] = ancestors[-1] if ancestors else None
            self.stack[-1] = name
            self._text = None


def _tree(html: str) -> dict[str, str | None]:
    parser = _TreeParser()
    parser.feed(html)
    return parser.parents


def test_tree_page_shows_nested_units_of_own_instansi(login, admin_bkd_a, unit_tree_a, unit_b):
    response = login(admin_bkd_a).get("/unit-kerja/")
    assert response.status_code == 200
    assert _tree(response.content.decode()) == {
        "Dinas Pendidikan": None,
        "Bidang Pembinaan SD": "Dinas Pendidikan",
        "Seksi Kurikulum": "Bidang Pembinaan SD",
    }
    assert "Dinas Kesehatan" not in response.content.decode()  # instansi B's unit
    assert "/unit-kerja/tambah/" in response.content.decode()


def test_create_form_creates_unit_and_redirects_to_its_detail(login, admin_bkd_a, unit_tree_a):
    dinas = unit_tree_a[0]
    client = login(admin_bkd_a)
    response = client.post(
        "/unit-kerja/tambah/",
        {
            "kode": "A.01.02",
            "nama": "Bidang Pembinaan SMP",
            "jenis": "bidang",
            "induk": dinas.pk,
            "aktif": "on",
        },
    )
    with scopes_disabled():
        unit = UnitKerja.objects.get(instansi=instansi_of(admin_bkd_a), kode="A.01.02")
    assert response.status_code == 302
    assert response["Location"] == f"/unit-kerja/{unit.pk}/"
    assert (unit.nama, unit.jenis, unit.induk_id) == ("Bidang Pembinaan SMP", BIDANG, dinas.pk)
    [event] = _events(unit.instansi, "unit_kerja.create")
    assert event.actor_id == admin_bkd_a.pk
    assert event.target_id == str(unit.pk)

    detail = client.get(response["Location"])
    assert detail.status_code == 200
    assert "Bidang Pembinaan SMP" in detail.content.decode()
    assert "Unit kerja Bidang Pembinaan SMP ditambahkan." in detail.content.decode()


def test_create_form_shows_service_errors_in_indonesian(login, admin_bkd_a, unit_tree_a):
    client = login(admin_bkd_a)
    response = client.post(
        "/unit-kerja/tambah/", {"kode": "A.05", "nama": "Bidang Tanpa Induk", "jenis": "bidang"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Pilih unit induk untuk Bidang/Bagian." in html
    assert not _unit_exists(kode="A.05")

    response = client.post(
        "/unit-kerja/tambah/", {"kode": "A.01", "nama": "Dinas Kembar", "jenis": "perangkat_daerah"}
    )
    assert response.status_code == 200
    assert "Kode unit kerja A.01 sudah dipakai." in response.content.decode()
    assert not _unit_exists(nama="Dinas Kembar")


def test_create_form_shows_field_errors_in_indonesian(login, admin_bkd_a):
    response = login(admin_bkd_a).post(
        "/unit-kerja/tambah/", {"kode": "", "nama": "", "jenis": "perangkat_daerah"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"kode", "nama"}
    [kode_error] = errors["kode"]
    assert kode_error in REQUIRED_ID
    assert errors["nama"] == [kode_error]
    html = response.content.decode()
    assert html.count(kode_error) == 2
    assert "This field is required" not in html


def test_verifikator_sees_the_tree_but_cannot_add_units(login, verifikator_a, unit_tree_a):
    client = login(verifikator_a)
    tree = client.get("/unit-kerja/")
    assert tree.status_code == 200
    assert "Seksi Kurikulum" in tree.content.decode()
    assert "/unit-kerja/tambah/" not in tree.content.decode()

    assert client.get("/unit-kerja/tambah/").status_code == 403
    response = client.post(
        "/unit-kerja/tambah/", {"kode": "V.01", "nama": "Dinas Verifikator", "jenis": "perangkat_daerah"}
    )
    assert response.status_code == 403
    assert not _unit_exists(kode="V.01")
    assert client.get(f"/unit-kerja/{unit_tree_a[0].pk}/ubah/").status_code == 403


def test_induk_of_another_instansi_is_an_invalid_choice(login, admin_bkd_a, unit_tree_a, unit_b):
    response = login(admin_bkd_a).post(
        "/unit-kerja/tambah/",
        {"kode": "A.01.09", "nama": "Bidang Penyusup", "jenis": "bidang", "induk": unit_b.pk},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["induk"] == [INVALID_CHOICE_ID]
    assert INVALID_CHOICE_ID in response.content.decode()
    assert not _unit_exists(kode="A.01.09")
    with scopes_disabled():
        assert not UnitKerja.objects.filter(induk=unit_b).exists()


def test_detail_of_another_instansis_unit_is_not_found(login, admin_bkd_a, unit_b):
    client = login(admin_bkd_a)
    assert client.get(f"/unit-kerja/{unit_b.pk}/").status_code == 404
    assert client.get(f"/unit-kerja/{unit_b.pk}/ubah/").status_code == 404


def _build_tree(instansi, count: int, start: int = 0) -> None:
    """`count` units (a multiple of 3): perangkat daerah → bidang → seksi chains."""
    with scopes_disabled():
        for i in range(start, start + count // 3):
            pd = UnitKerja.objects.create(instansi=instansi, kode=f"Q{i:03d}", nama=f"Dinas Q{i}", jenis=PD)
            bidang = UnitKerja.objects.create(
                instansi=instansi, kode=f"Q{i:03d}.1", nama=f"Bidang Q{i}", jenis=BIDANG, induk=pd
            )
            UnitKerja.objects.create(
                instansi=instansi, kode=f"Q{i:03d}.1.1", nama=f"Seksi Q{i}", jenis=SEKSI, induk=bidang
            )


def test_tree_page_query_count_does_not_grow_with_units(
    login, admin_bkd_a, instansi_a, django_assert_max_num_queries
):
    client = login(admin_bkd_a)
    _build_tree(instansi_a, 9)
    assert client.get("/unit-kerja/").status_code == 200  # warm-up (session, content types...)

    with django_assert_max_num_queries(10) as small:
        response = client.get("/unit-kerja/")
    assert response.status_code == 200
    assert len(_tree(response.content.decode())) == 9

    _build_tree(instansi_a, 51, start=3)
    with django_assert_max_num_queries(10) as large:
        response = client.get("/unit-kerja/")
    assert response.status_code == 200
    assert len(_tree(response.content.decode())) == 60
    assert len(large.captured_queries) == len(small.captured_queries)


# --- API ---------------------------------------------------------------------------------------


def test_api_lists_only_own_instansi(api_login, admin_bkd_a, unit_tree_a, unit_b):
    response = api_login(admin_bkd_a).get("/api/v1/unit-kerja/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert [row["kode"] for row in body["results"]] == ["A.01", "A.01.01", "A.01.01.01"]
    assert unit_b.pk not in {row["id"] for row in body["results"]}


def test_api_retrieve_of_another_instansis_unit_is_404(api_login, admin_bkd_a, unit_b):
    assert api_login(admin_bkd_a).get(f"/api/v1/unit-kerja/{unit_b.pk}/").status_code == 404


def test_api_create_goes_through_the_service(api_login, admin_bkd_a, instansi_a, unit_tree_a):
    dinas = unit_tree_a[0]
    response = api_login(admin_bkd_a).post(
        "/api/v1/unit-kerja/",
        {"kode": "A.01.02", "nama": "Bidang Pembinaan SMP", "jenis": "bidang", "induk": dinas.pk},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kode"] == "A.01.02"
    assert body["induk"] == dinas.pk
    with scopes_disabled():
        unit = UnitKerja.objects.get(pk=body["id"])
    assert unit.instansi_id == instansi_a.pk
    [event] = _events(instansi_a, "unit_kerja.create")
    assert event.actor_id == admin_bkd_a.pk
    assert event.target_id == str(unit.pk)
    assert event.new_values["induk"] == dinas.pk


@pytest.mark.parametrize("aktif", [False, True])
def test_api_create_with_aktif_is_stored_not_a_server_error(api_login, admin_bkd_a, instansi_a, aktif):
    """#14 point 4: the probe's POST with `aktif` was a 500 (the create service did not take it)."""
    response = api_login(admin_bkd_a).post(
        "/api/v1/unit-kerja/",
        {"kode": "A.50", "nama": "Dinas Baru", "jenis": "perangkat_daerah", "aktif": aktif},
    )
    assert response.status_code == 201, response.content
    assert response.json()["aktif"] is aktif
    assert _unit_exists(instansi=instansi_a, kode="A.50", aktif=aktif)
    [event] = _events(instansi_a, "unit_kerja.create")
    assert event.new_values["aktif"] is aktif


def test_api_create_with_a_wrong_aktif_is_400(api_login, admin_bkd_a, instansi_a):
    response = api_login(admin_bkd_a).post(
        "/api/v1/unit-kerja/",
        {"kode": "A.51", "nama": "Dinas Baru", "jenis": "perangkat_daerah", "aktif": "mungkin"},
    )
    assert response.status_code == 400
    assert "aktif" in response.json()
    assert not _unit_exists(instansi=instansi_a, kode="A.51")


def test_api_patch_goes_through_the_service(api_login, admin_bkd_a, instansi_a, unit_tree_a):
    _dinas, bidang, _seksi = unit_tree_a
    response = api_login(admin_bkd_a).patch(
        f"/api/v1/unit-kerja/{bidang.pk}/", {"nama": "Bidang Pembinaan Sekolah Dasar"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["nama"] == "Bidang Pembinaan Sekolah Dasar"
    [event] = _events(instansi_a, "unit_kerja.update")
    assert event.actor_id == admin_bkd_a.pk
    assert event.old_values == {"nama": "Bidang Pembinaan SD"}
    assert event.new_values == {"nama": "Bidang Pembinaan Sekolah Dasar"}


def test_api_invalid_parent_is_400_with_field_message(api_login, admin_bkd_a, unit_tree_a):
    dinas = unit_tree_a[0]
    response = api_login(admin_bkd_a).post(
        "/api/v1/unit-kerja/", {"kode": "A.09", "nama": "Seksi Nyasar", "jenis": "seksi", "induk": dinas.pk}
    )
    assert response.status_code == 400
    assert response.json() == {"induk": ["Seksi/Subbidang/Subbagian harus berada di bawah Bidang/Bagian."]}
    assert not _unit_exists(kode="A.09")


def test_api_patch_invalid_change_is_400_and_changes_nothing(api_login, admin_bkd_a, unit_tree_a):
    dinas, _bidang, _seksi = unit_tree_a
    response = api_login(admin_bkd_a).patch(f"/api/v1/unit-kerja/{dinas.pk}/", {"jenis": "bidang"})
    assert response.status_code == 400
    assert "induk" in response.json()
    dinas.refresh_from_db()
    assert dinas.jenis == PD


def test_api_induk_of_another_instansi_is_400(api_login, admin_bkd_a, unit_tree_a, unit_b):
    response = api_login(admin_bkd_a).post(
        "/api/v1/unit-kerja/",
        {"kode": "A.08", "nama": "Bidang Penyusup", "jenis": "bidang", "induk": unit_b.pk},
    )
    assert response.status_code == 400
    assert response.json() == {"induk": [f"Unit induk dengan id {unit_b.pk} tidak ditemukan."]}
    assert not _unit_exists(kode="A.08")


def test_api_verifikator_may_read_but_not_write(api_login, verifikator_a, unit_tree_a):
    api = api_login(verifikator_a)
    assert api.get("/api/v1/unit-kerja/").status_code == 200
    response = api.post(
        "/api/v1/unit-kerja/", {"kode": "V.02", "nama": "Dinas Verifikator", "jenis": "perangkat_daerah"}
    )
    assert response.status_code == 403
    assert not _unit_exists(kode="V.02")
    response = api.patch(f"/api/v1/unit-kerja/{unit_tree_a[0].pk}/", {"nama": "Diubah Verifikator"})
    assert response.status_code == 403
    unit_tree_a[0].refresh_from_db()
    assert unit_tree_a[0].nama == "Dinas Pendidikan"
