"""Writes of the implementation-stage tracker: the Admin BKD declares an indicator the system
cannot read (with a PDF as evidence) or withdraws a declaration. Declarations are append-only: a
withdrawal is a new row with `dicabut=True`, so the history keeps every step."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.context import hari_ini
from apps.core.services import audit_event_record

from .models import DeklarasiTahap
from .services import ringkasan_mark_dirty

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.instansi.models import Instansi

# Evidence size limit (KB); a setting so an installation can raise it for scanned decrees.
BERKAS_MAKS_KB_DEFAULT = 5120
PDF_MAGIC = b"%PDF-"


def deklarasi_berkas_maks_kb() -> int:
    return int(getattr(settings, "NASIONAL_DEKLARASI_MAKS_KB", BERKAS_MAKS_KB_DEFAULT))


def _berkas_periksa(berkas: UploadedFile | None) -> str:
    """A non-empty PDF (read from its first bytes, never its name) under the size limit: its sha256."""
    if berkas is None:
        raise ValidationError({"berkas": _("Unggah dokumen bukti (PDF).")})
    maks_kb = deklarasi_berkas_maks_kb()
    if berkas.size == 0:
        raise ValidationError({"berkas": _("Dokumen bukti kosong.")})
    if berkas.size > maks_kb * 1024:
        raise ValidationError(
            {
                "berkas": _("Dokumen bukti terlalu besar (%(ukuran)s KB); maksimal %(maks)s KB.")
                % {"ukuran": berkas.size // 1024, "maks": maks_kb}
            }
        )
    berkas.seek(0)
    head = berkas.read(len(PDF_MAGIC))
    berkas.seek(0)
    if head != PDF_MAGIC:
        raise ValidationError(
            {"berkas": _("Dokumen bukti harus berkas PDF (isi berkas diperiksa, bukan namanya).")}
        )
    digest = hashlib.sha256()
    for chunk in berkas.chunks():
        digest.update(chunk)
    berkas.seek(0)
    return digest.hexdigest()


@transaction.atomic
def deklarasi_tahap_create(
    *,
    instansi: Instansi,
    actor: User | None,
    butir: str,
    nomor: str,
    tanggal: dt.date | None,
    keterangan: str = "",
    berkas: UploadedFile | None,
) -> DeklarasiTahap:
    """Declare one butir with its evidence document (number, date, PDF). It replaces the butir's
    earlier declaration in the tracker; the earlier one stays in the history."""
    errors: dict[str, str] = {}
    if butir not in DeklarasiTahap.Butir.values:
        errors["butir"] = _("Pilih butir yang dinyatakan.")
    nomor = (nomor or "").strip()
    if not nomor:
        errors["nomor"] = _("Isi nomor dokumen bukti.")
    elif len(nomor) > 100:
        errors["nomor"] = _("Nomor dokumen paling panjang 100 karakter.")
    if tanggal is None:
        errors["tanggal"] = _("Isi tanggal dokumen bukti.")
    elif tanggal > hari_ini():
        errors["tanggal"] = _("Tanggal dokumen tidak boleh di masa depan.")
    if errors:
        raise ValidationError(errors)
    sha256 = _berkas_periksa(berkas)
    deklarasi = DeklarasiTahap(
        instansi=instansi,
        butir=butir,
        nomor=nomor,
        tanggal=tanggal,
        keterangan=(keterangan or "").strip(),
        nama_berkas=(berkas.name or "bukti.pdf")[-200:],
        sha256=sha256,
        dinyatakan_oleh=actor,
    )
    deklarasi.berkas.save("bukti.pdf", berkas, save=False)
    try:
        deklarasi.save()
        audit_event_record(
            action="tahap.deklarasi.buat",
            instansi=instansi,
            actor=actor,
            target=deklarasi,
            new_values={
                "butir": butir,
                "nomor": nomor,
                "tanggal": tanggal.isoformat(),
                "berkas": deklarasi.nama_berkas,
                "sha256": sha256,
            },
        )
    except Exception:
        # The row did not make it: leave no orphan file behind.
        deklarasi.berkas.storage.delete(deklarasi.berkas.name)
        raise
    ringkasan_mark_dirty(instansi_id=instansi.pk, penyebab="tahap.deklarasi")
    return deklarasi


def deklarasi_tahap_current(*, instansi: Instansi, butir: str) -> DeklarasiTahap | None:
    """The butir's latest declaration, or None; a withdrawal is returned as itself."""
    return (
        DeklarasiTahap.objects.filter(instansi=instansi, butir=butir)
        .order_by("-dinyatakan_pada", "-pk")
        .first()
    )


@transaction.atomic
def deklarasi_tahap_withdraw(*, deklarasi: DeklarasiTahap, actor: User | None, alasan: str) -> DeklarasiTahap:
    """Withdraw the butir's current declaration (it must be the latest and not itself a withdrawal),
    with a written reason. The tracker then reads the butir as not declared."""
    instansi = deklarasi.instansi
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError({"alasan": _("Tuliskan alasan pencabutan.")})
    # Lock the butir's declarations so two withdrawals (or a withdrawal and a new declaration)
    # cannot interleave.
    list(
        DeklarasiTahap.objects.select_for_update()
        .filter(instansi=instansi, butir=deklarasi.butir)
        .values_list("pk", flat=True)
    )
    current = deklarasi_tahap_current(instansi=instansi, butir=deklarasi.butir)
    if deklarasi.dicabut or current is None or current.pk != deklarasi.pk:
        raise ValidationError(
            _("Hanya deklarasi yang sedang berlaku yang dapat dicabut."), code="bukan_terbaru"
        )
    cabut = DeklarasiTahap.objects.create(
        instansi=instansi,
        butir=deklarasi.butir,
        nomor=deklarasi.nomor,
        tanggal=deklarasi.tanggal,
        keterangan=alasan,
        dicabut=True,
        dinyatakan_oleh=actor,
    )
    audit_event_record(
        action="tahap.deklarasi.cabut",
        instansi=instansi,
        actor=actor,
        target=cabut,
        old_values={"deklarasi": str(deklarasi.uuid), "nomor": deklarasi.nomor},
        new_values={"butir": deklarasi.butir, "alasan": alasan},
    )
    ringkasan_mark_dirty(instansi_id=instansi.pk, penyebab="tahap.deklarasi_cabut")
    return cabut
