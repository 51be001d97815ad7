"""The permission matrix: the one place that says which role may do what.

docs/roles.md renders this table for people; tests/core/test_permission_matrix.py checks the
document against it and every cell against the views that enforce it. Views name a permission
(`required_permission` on pages, `permission_map` on API viewsets) and never test roles themselves.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from .roles import KOMITE_ROLES, TENANT_ROLES, Role

# permission code -> (description for docs/roles.md, roles that hold it)
PERMISSIONS: dict[str, tuple[str, frozenset[Role]]] = {
    "home.admin_bkd": (_("Beranda Admin BKD"), frozenset({Role.ADMIN_BKD})),
    "home.verifikator": (_("Beranda Verifikator"), frozenset({Role.VERIFIKATOR})),
    "home.komite": (_("Beranda Komite Talenta"), KOMITE_ROLES),
    "home.ppk": (_("Beranda PPK"), frozenset({Role.PPK})),
    "home.asn": (_("Beranda ASN"), frozenset({Role.ASN})),
    "home.bkn": (_("Beranda BKN (rekap nasional)"), frozenset({Role.BKN})),
    "home.operator": (_("Beranda Operator"), frozenset({Role.OPERATOR})),
    "instansi.view": (_("Melihat profil instansi sendiri"), TENANT_ROLES),
    "unit_kerja.view": (_("Melihat pohon unit kerja instansi sendiri"), TENANT_ROLES),
    "unit_kerja.manage": (_("Menambah dan mengubah unit kerja"), frozenset({Role.ADMIN_BKD})),
    "membership.view": (
        _("Melihat daftar pengguna instansi dan perannya"),
        frozenset({Role.ADMIN_BKD, Role.PPK, Role.KOMITE_KETUA}),
    ),
    "audit.view": (_("Melihat jejak audit instansi"), frozenset({Role.ADMIN_BKD, Role.PPK})),
    "pegawai.view": (
        _("Melihat daftar dan profil lengkap pegawai instansi sendiri"),
        frozenset({Role.ADMIN_BKD, Role.VERIFIKATOR, Role.PPK, *KOMITE_ROLES}),
    ),
    "pegawai.manage": (
        _("Menambah dan mengubah data pegawai, mencatat hukuman disiplin"),
        frozenset({Role.ADMIN_BKD}),
    ),
    "pegawai.import": (_("Mengimpor dan mengekspor data pegawai"), frozenset({Role.ADMIN_BKD})),
    "portfolio.own": (_("Mengelola profil dan portofolio sendiri"), frozenset({Role.ASN})),
    "portfolio.verify": (
        _("Memverifikasi portofolio ASN"),
        frozenset({Role.VERIFIKATOR, Role.ADMIN_BKD}),
    ),
    "kelengkapan.view": (
        _("Melihat kelengkapan data per unit kerja dan instansi"),
        frozenset({Role.ADMIN_BKD, Role.VERIFIKATOR, Role.PPK}),
    ),
    "penilaian.view": (
        _("Melihat hasil asesmen dan SKP pegawai instansi sendiri serta cakupannya"),
        frozenset({Role.ADMIN_BKD, Role.VERIFIKATOR, Role.PPK, *KOMITE_ROLES}),
    ),
    "penilaian.manage": (
        _("Mencatat dan mengimpor hasil asesmen dan SKP"),
        frozenset({Role.ADMIN_BKD}),
    ),
    "talenta.view": (
        _("Melihat peta talenta (sembilan kotak), penempatan, alasan dan Profil Talenta pegawai"),
        frozenset({Role.ADMIN_BKD, Role.PPK, *KOMITE_ROLES}),
    ),
    "talenta.simulasi": (
        _(
            "Simulasi (bagaimana jika) penempatan seorang pegawai instansi sendiri dengan aturan aktif, "
            "tanpa menyimpan apa pun"
        ),
        frozenset({Role.ADMIN_BKD, Role.PPK, *KOMITE_ROLES}),
    ),
    "talenta.simulasi_saya": (
        _("Simulasi (bagaimana jika) penempatan diri sendiri, bila instansi membuka kotak talenta untuk ASN"),
        frozenset({Role.ASN}),
    ),
    "aturan.view": (
        _("Melihat aturan talenta, versinya dan perbandingannya"),
        frozenset({Role.ADMIN_BKD, Role.PPK, *KOMITE_ROLES}),
    ),
    "aturan.manage": (
        _("Menyusun, mengimpor dan mengaktifkan aturan talenta; pengaturan talenta; hitung ulang"),
        frozenset({Role.ADMIN_BKD}),
    ),
    "suksesi.view": (
        _(
            "Melihat jabatan kunci, kelompok rencana suksesi (KRS), calon suksesor dan kekuatan "
            "bench, serta laporannya"
        ),
        frozenset({Role.ADMIN_BKD, Role.PPK, *KOMITE_ROLES}),
    ),
    "suksesi.manage": (
        _("Mengelola dan mengimpor jabatan kunci; menyusun dan mengaktifkan aturan suksesi"),
        frozenset({Role.ADMIN_BKD}),
    ),
    "suksesi.nominasi": (
        _("Mencatat nominasi khusus (calon di luar KRS) dengan alasan tertulis"),
        frozenset({Role.KOMITE_KETUA, Role.KOMITE_SEKRETARIS}),
    ),
    "suksesi.own": (
        _("Melihat pencalonan sendiri sebagai suksesor (bila instansi mengizinkan)"),
        frozenset({Role.ASN}),
    ),
    "komite.view": (
        _("Melihat susunan Komite Talenta, sidang, keputusan, penetapan dan dokumennya"),
        frozenset({Role.ADMIN_BKD, Role.PPK, *KOMITE_ROLES}),
    ),
    "komite.manage": (
        _("Mengelola susunan Komite Talenta dan pengaturannya (kuorum, batas sebaran)"),
        frozenset({Role.ADMIN_BKD, Role.KOMITE_SEKRETARIS}),
    ),
    "komite.sekretariat": (
        _("Menyiapkan dan menjalankan sidang: agenda, undangan, kehadiran, membuka dan menutup sidang"),
        frozenset({Role.KOMITE_SEKRETARIS}),
    ),
    "komite.putus": (
        _("Mengusulkan kalibrasi dan mencatat keputusan sidang (anggota yang hadir dan tidak terhalang)"),
        KOMITE_ROLES,
    ),
    "penetapan.manage": (
        _("Menetapkan hasil sidang Komite Talenta atau mengembalikannya dengan catatan"),
        frozenset({Role.PPK}),
    ),
    "idp.own": (
        _("Melihat IDP sendiri dan mencatat progres serta bukti kegiatannya"),
        frozenset({Role.ASN}),
    ),
    "idp.atasan": (
        _("Menyetujui atau mengembalikan IDP pegawai yang atasannya adalah dirinya"),
        frozenset({Role.ASN}),
    ),
    "idp.view": (
        _(
            "Melihat IDP pegawai, cakupan dan penyelesaiannya per perangkat daerah, daftar prioritas kotak 4–6"
        ),
        frozenset({Role.ADMIN_BKD, Role.PPK, *KOMITE_ROLES}),
    ),
    "idp.manage": (
        _("Menyusun draf IDP, mengubah dan menyetujui IDP pegawai"),
        frozenset({Role.ADMIN_BKD}),
    ),
    "antrean_asesmen.view": (
        _("Melihat antrean asesmen dan garis anggarannya, mengekspornya"),
        frozenset({Role.ADMIN_BKD, Role.PPK}),
    ),
    "antrean_asesmen.manage": (_("Mengisi anggaran asesmen"), frozenset({Role.ADMIN_BKD})),
    "notifikasi.own": (_("Melihat notifikasi sendiri dan mengatur preferensinya"), frozenset(Role)),
    "nasional.view": (
        _("Melihat rekap nasional (agregat, tanpa data pribadi)"),
        frozenset({Role.BKN, Role.OPERATOR}),
    ),
    "nasional.krs": (
        _(
            "Mencari KRS Nasional lintas instansi (data pribadi: hanya akun BKN yang diberi akses, "
            "setiap pencarian dan profil diaudit)"
        ),
        frozenset({Role.BKN}),
    ),
    "nasional.krs_akses": (
        _("Memberi dan mencabut akses KRS Nasional akun BKN"),
        frozenset({Role.OPERATOR}),
    ),
    "nasional.krs_pantau": (
        _("Melihat pegawai instansi sendiri yang masuk KRS Nasional dan siapa yang melihat profilnya"),
        frozenset({Role.ADMIN_BKD, Role.PPK}) | KOMITE_ROLES,
    ),
    "tahap.view": (
        _("Melihat tahap implementasi manajemen talenta instansi sendiri"),
        frozenset({Role.ADMIN_BKD, Role.PPK}) | KOMITE_ROLES,
    ),
    "tahap.manage": (
        _("Menyatakan butir tahap implementasi dengan dokumen bukti"),
        frozenset({Role.ADMIN_BKD}),
    ),
    "keadilan.view": (
        _("Melihat lensa keadilan (sebaran kotak dan KRS per kelompok) instansi sendiri"),
        frozenset({Role.ADMIN_BKD, Role.PPK}) | KOMITE_ROLES,
    ),
    "system.health": (_("Melihat kesehatan sistem dan worker"), frozenset({Role.OPERATOR})),
    "account.view": (_("Melihat akun sendiri"), frozenset(Role)),
    "wilayah.view": (_("Melihat referensi wilayah"), frozenset(Role)),
}

HOME_PERMISSION_BY_ROLE: dict[Role, str] = {
    Role.ADMIN_BKD: "home.admin_bkd",
    Role.VERIFIKATOR: "home.verifikator",
    Role.KOMITE_KETUA: "home.komite",
    Role.KOMITE_SEKRETARIS: "home.komite",
    Role.KOMITE_ANGGOTA: "home.komite",
    Role.PPK: "home.ppk",
    Role.ASN: "home.asn",
    Role.BKN: "home.bkn",
    Role.OPERATOR: "home.operator",
}


def role_has_permission(*, role: Role | str | None, permission: str) -> bool:
    """True if `role` holds `permission`. An unknown permission code is a programming error."""
    if permission not in PERMISSIONS:
        raise KeyError(f"Unknown permission {permission!r}: add it to apps/core/permissions.py")
    if role is None:
        return False
    return role in PERMISSIONS[permission][1]


class HasRolePermission(BasePermission):
    """DRF side of the matrix: the view's `permission_map[action]` must be held by the caller."""

    message = _("Anda tidak memiliki izin untuk tindakan ini.")

    def has_permission(self, request, view) -> bool:
        actor = getattr(request._request, "actor", None)
        if actor is None or not actor.is_authenticated:
            return False
        permission = view.required_permission_for(request)
        return role_has_permission(role=actor.role, permission=permission)


def permission_matrix_markdown() -> str:
    """The matrix as a Markdown table: docs/roles.md embeds exactly this (a test compares)."""
    roles = list(Role)
    header = "| Izin | Keterangan | " + " | ".join(str(role.label) for role in roles) + " |"
    rule = "|---|---|" + "|".join(":-:" for _ in roles) + "|"
    rows = [
        f"| `{code}` | {description} | "
        + " | ".join("✓" if role in holders else "—" for role in roles)
        + " |"
        for code, (description, holders) in PERMISSIONS.items()
    ]
    return "\n".join([header, rule, *rows])
