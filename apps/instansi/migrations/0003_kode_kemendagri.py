"""Correct the BPS codes of the old bundled subset to Kemendagri codes, then load the full list.

Until 2026 the bundled `fixtures/wilayah.csv` gave 19 kab/kota of Kalimantan Barat, Tengah and
Timur their BPS code under the Kemendagri label (6403 was Kutai Kartanegara, which is Berau in
Kepmendagri 300.2.2-2138/2025). A database migrated with that subset keeps those rows, and tenants
may hang on them. This migration:

1. renumbers each such row in place (same primary key, so every Instansi and everything that points
   at the region stays attached to it), in two phases because the mapping permutes codes in cycles
   (6102 → 6107 → 6105 → 6103 → 6108 → 6106 → 6104 → 6102) and `kode` is unique: first to a
   temporary code, then to the Kemendagri code;
2. renumbers the Instansi of those regions the same way (`Instansi.kode` mirrors the region's code
   and is unique too). Summary rows and other tables reference the Instansi by key, not by code;
3. loads the full bundled fixture with the same idempotent upsert as `0002_load_wilayah`.

A row is only renumbered when both its code and its name are the old BPS pair, so a fresh database
(where 0002 already loaded the corrected, full fixture) is left as it is and the two end identical.
Reverse is a no-op: the corrected codes are the right ones.
"""

from django.db import migrations

# Old (BPS) code → (name, Kemendagri code), per fixtures/README.md.
BPS_KE_KEMENDAGRI = {
    "6102": ("Bengkayang", "6107"),
    "6103": ("Landak", "6108"),
    "6104": ("Mempawah", "6102"),
    "6105": ("Sanggau", "6103"),
    "6106": ("Ketapang", "6104"),
    "6107": ("Sintang", "6105"),
    "6108": ("Kapuas Hulu", "6106"),
    "6206": ("Sukamara", "6208"),
    "6207": ("Lamandau", "6209"),
    "6208": ("Seruyan", "6207"),
    "6209": ("Katingan", "6206"),
    "6210": ("Pulang Pisau", "6211"),
    "6211": ("Gunung Mas", "6210"),
    "6212": ("Barito Timur", "6213"),
    "6213": ("Murung Raya", "6212"),
    "6402": ("Kutai Barat", "6407"),
    "6403": ("Kutai Kartanegara", "6402"),
    "6404": ("Kutai Timur", "6408"),
    "6405": ("Berau", "6403"),
}


def _kode_sementara(kode: str) -> str:
    # Four characters like the real codes, never a real code: "6107" → "x107". The 19 targets all
    # start with "6" and differ in their last three digits, so the temporary codes are unique.
    return "x" + kode[1:]


def kode_bps_koreksi(apps, schema_editor):
    """Renumber the BPS-coded regions and their Instansi; returns {wilayah pk: Kemendagri code}."""
    Wilayah = apps.get_model("instansi", "Wilayah")
    Instansi = apps.get_model("instansi", "Instansi")

    baru_per_pk = {}
    for wilayah in Wilayah.objects.filter(kode__in=BPS_KE_KEMENDAGRI).order_by("kode"):
        nama, kode_baru = BPS_KE_KEMENDAGRI[wilayah.kode]
        if wilayah.nama == nama:
            baru_per_pk[wilayah.pk] = kode_baru
    if not baru_per_pk:
        return baru_per_pk

    # A target code held by a row that is not itself being renumbered would collide: stop with a
    # clear message rather than guess which row is right (only possible after manual edits).
    penghalang = list(
        Wilayah.objects.filter(kode__in=baru_per_pk.values())
        .exclude(pk__in=baru_per_pk)
        .values_list("kode", "nama")
    )
    if penghalang:
        daftar = ", ".join(f"{kode} {nama}" for kode, nama in penghalang)
        raise RuntimeError(
            f"Kode Kemendagri sudah dipakai wilayah lain, koreksi kode BPS dihentikan: {daftar}"
        )

    instansi_list = list(Instansi.objects.filter(wilayah_id__in=baru_per_pk))
    # Phase 1: temporary codes, so that no intermediate state breaks a unique constraint.
    for pk, kode_baru in baru_per_pk.items():
        Wilayah.objects.filter(pk=pk).update(kode=_kode_sementara(kode_baru))
    for instansi in instansi_list:
        Instansi.objects.filter(pk=instansi.pk).update(kode=_kode_sementara(baru_per_pk[instansi.wilayah_id]))
    # Phase 2: the Kemendagri codes.
    for pk, kode_baru in baru_per_pk.items():
        Wilayah.objects.filter(pk=pk).update(kode=kode_baru)
    for instansi in instansi_list:
        Instansi.objects.filter(pk=instansi.pk).update(kode=baru_per_pk[instansi.wilayah_id])
    return baru_per_pk


def load_wilayah_lengkap(apps, schema_editor):
    from apps.instansi.wilayah import wilayah_fixture_path, wilayah_load, wilayah_rows_parse

    Wilayah = apps.get_model("instansi", "Wilayah")
    with wilayah_fixture_path().open(encoding="utf-8-sig", newline="") as handle:
        rows = wilayah_rows_parse(lines=handle, model=Wilayah)
    wilayah_load(rows=rows, model=Wilayah)


def forwards(apps, schema_editor):
    kode_bps_koreksi(apps, schema_editor)
    load_wilayah_lengkap(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("instansi", "0002_load_wilayah"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
