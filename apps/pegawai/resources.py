"""The pegawai spreadsheet format, on django-import-export: columns, widgets, export and template.

`PegawaiResource` is the one description of the file: the Indonesian column titles, how each cell
becomes a model value (widgets) and back (render). The import (apps/pegawai/imports.py) uses its
fields and widgets to clean every row, the export and the downloadable template use its headers
and renderers, so the three can never disagree about a column.

The Resource's own `import_data()` is deliberately closed: it would skip what the import service
guarantees (pegawai_validate, all-or-nothing, audit, completeness, inputs_changed). Its known
traps are handled here anyway: formula cells never reach it (apps/core/spreadsheets.py refuses
them), `clean_model_instances` is on, dates are written in one fixed format rather than the
locale's, and every exported cell goes through `export_cell_escape`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from apps.core.spreadsheets import DATE, TEXT, XlsxSheet, header_key
from apps.impor.resources import (
    SHEET_REFERENSI,
    SpreadsheetResource,
    export_csv,
    export_xlsx,
    referensi_range,
    referensi_rows,
    template_xlsx,
)
from apps.instansi.models import Instansi, UnitKerja

from .models import Pegawai
from .nip import nip_normalize
from .referensi import (
    GOLONGAN_PNS,
    GOLONGAN_PPPK,
    JenisJabatan,
    JenisKelamin,
    JenjangFungsional,
    JenjangPendidikan,
    StatusKepegawaian,
)

SHEET_DATA = "Pegawai"
DATE_FORMAT = "%d-%m-%Y"
# Accepted on import: DD-MM-YYYY, DD/MM/YYYY, DD.MM.YYYY and YYYY-MM-DD (one- or two-digit day/month).
_TANGGAL_DMY = re.compile(r"^(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})$")
_TANGGAL_YMD = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$")


def _kosong(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- widgets -----------------------------------------------------------------------------------------


class TeksWidget(widgets.CharWidget):
    """Text, trimmed, inner runs of spaces collapsed (names pasted from PDFs carry doubles)."""

    def clean(self, value, row=None, **kwargs):
        if _kosong(value):
            return ""
        return " ".join(str(value).split())


class NipWidget(widgets.Widget):
    """NIP / NI PPPK as text. A number, or text that is a number in scientific notation
    ("1.98609262015051E+17"), is refused by nip_normalize with a message that says so."""

    def clean(self, value, row=None, **kwargs):
        return nip_normalize(value)

    def render(self, value, obj=None, **kwargs):
        return value or ""


class PilihanWidget(widgets.Widget):
    """A choice written as its Indonesian label ("PPPK Paruh Waktu") or its code ("pppk_paruh_waktu"),
    in any case and spacing; rendered as the label."""

    def __init__(self, choices: type, *, alias: dict[str, str] | None = None):
        super().__init__()
        self.choices = choices
        self.alias = alias or {}
        self._lookup: dict[str, str] | None = None

    def labels(self) -> list[str]:
        with translation.override("id"):
            return [str(label) for label in self.choices.labels]

    def lookup(self) -> dict[str, str]:
        if self._lookup is None:
            table = {}
            with translation.override("id"):
                for value, label in self.choices.choices:
                    table[header_key(value)] = value
                    table[header_key(str(label))] = value
            for name, value in self.alias.items():
                table[header_key(name)] = value
            self._lookup = table
        return self._lookup

    def clean(self, value, row=None, **kwargs):
        if _kosong(value):
            return ""
        try:
            return self.lookup()[header_key(value)]
        except KeyError:
            raise ValueError(
                _("“%(nilai)s” bukan pilihan yang berlaku. Pilih salah satu: %(pilihan)s.")
                % {"nilai": str(value).strip(), "pilihan": ", ".join(self.labels())}
            ) from None

    def render(self, value, obj=None, **kwargs):
        if not value:
            return ""
        with translation.override("id"):
            return str(self.choices(value).label)


_GOLONGAN = re.compile(r"^(?P<romawi>[IVX]+)(?:/?(?P<ruang>[A-E]))?$")


class GolonganWidget(widgets.Widget):
    """PNS "III/b" (also "III/B", "iii b", "IIIb"), PPPK "IX"."""

    def clean(self, value, row=None, **kwargs):
        if _kosong(value):
            return ""
        text = re.sub(r"[\s\-\\.]+", "", str(value)).upper().replace("//", "/")
        match = _GOLONGAN.match(text)
        if match:
            code = match["romawi"] + (f"/{match['ruang'].lower()}" if match["ruang"] else "")
            if code in GOLONGAN_PNS or code in GOLONGAN_PPPK:
                return code
        raise ValueError(
            _("Golongan “%(nilai)s” tidak dikenal. Tulis I/a–IV/e untuk PNS/CPNS atau I–XVII untuk PPPK.")
            % {"nilai": str(value).strip()}
        )

    def render(self, value, obj=None, **kwargs):
        return value or ""


class TanggalWidget(widgets.DateWidget):
    """Dates as DD-MM-YYYY (also DD/MM/YYYY, DD.MM.YYYY, YYYY-MM-DD, or an Excel date cell). Rendered as
    DD-MM-YYYY, whatever the active language's formats: the file format does not change with the UI."""

    def __init__(self):
        super().__init__(format=DATE_FORMAT)

    def clean(self, value, row=None, **kwargs):
        if _kosong(value):
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip().split(" ")[0]  # "1986-09-26 00:00:00" from some exports
        match = _TANGGAL_DMY.match(text) or _TANGGAL_YMD.match(text)
        if match:
            try:
                parsed = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                parsed = None
            if parsed is not None and parsed.year >= 1900:
                return parsed
        raise ValueError(
            _("Tanggal “%(nilai)s” tidak dikenali. Tulis sebagai HH-BB-TTTT, mis. 26-09-1986.")
            % {"nilai": str(value).strip()}
        )

    def render(self, value, obj=None, **kwargs):
        return value.strftime(DATE_FORMAT) if isinstance(value, dt.date) else ""


class UnitKerjaWidget(widgets.ForeignKeyWidget):
    """Unit kerja by its kode, among the instansi's units only (loaded once, not per row)."""

    def __init__(self, *, instansi: Instansi):
        super().__init__(UnitKerja, field="kode")
        self.instansi = instansi
        self._units: dict[str, UnitKerja] | None = None
        self._units_folded: dict[str, UnitKerja] = {}

    def get_queryset(self, value, row, *args, **kwargs):
        return UnitKerja.objects.filter(instansi=self.instansi)

    def units(self) -> dict[str, UnitKerja]:
        if self._units is None:
            self._units = {unit.kode: unit for unit in self.get_queryset(None, None)}
            self._units_folded = {kode.casefold(): unit for kode, unit in self._units.items()}
        return self._units

    def clean(self, value, row=None, **kwargs):
        if _kosong(value):
            return None
        kode = str(value).strip()
        unit = self.units().get(kode) or self._units_folded.get(kode.casefold())
        if unit is None:
            raise ValueError(
                _(
                    "Kode unit kerja “%(kode)s” tidak ada di instansi ini. Lihat lembar Referensi pada "
                    "templat untuk kode yang berlaku."
                )
                % {"kode": kode}
            )
        if not unit.aktif:
            raise ValueError(
                _("Unit kerja %(kode)s (%(nama)s) sudah tidak aktif; pilih unit yang aktif.")
                % {"kode": unit.kode, "nama": unit.nama}
            )
        return unit

    def render(self, value, obj=None, **kwargs):
        return value.kode if value is not None else ""


class AktifWidget(widgets.BooleanWidget):
    """ "Ya" / "Tidak" (also 1/0, TRUE/FALSE, aktif/nonaktif)."""

    BENAR = {"ya", "y", "aktif", "1", "true", "benar"}
    SALAH = {"tidak", "t", "tidakaktif", "nonaktif", "0", "false", "salah"}

    def clean(self, value, row=None, **kwargs):
        if _kosong(value):
            return None
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        key = header_key(value)
        if key in self.BENAR:
            return True
        if key in self.SALAH:
            return False
        raise ValueError(_("Isi “Ya” atau “Tidak”, bukan “%(nilai)s”.") % {"nilai": str(value).strip()})

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return "Ya" if value else "Tidak"


# --- the resource ------------------------------------------------------------------------------------

# (field, column title, required column, kind, other accepted titles, what to write — for the template)
KOLOM: list[tuple[str, str, bool, str, tuple[str, ...], str]] = [
    ("nip", "NIP", True, TEXT, ("NIP / NI PPPK", "NI PPPK", "NIP Baru"),
     "18 digit, sebagai teks. PNS/CPNS: NIP; PPPK: NI PPPK. Spasi pemisah boleh."),
    ("gelar_depan", "Gelar Depan", False, TEXT, (), "Mis. Dr., Ir., drs."),
    ("nama", "Nama", True, TEXT, ("Nama Lengkap", "Nama Pegawai"), "Nama tanpa gelar."),
    ("gelar_belakang", "Gelar Belakang", False, TEXT, (), "Mis. S.Pd., M.Si."),
    ("tempat_lahir", "Tempat Lahir", False, TEXT, (), ""),
    ("tanggal_lahir", "Tanggal Lahir", True, DATE, ("Tgl Lahir",),
     "HH-BB-TTTT, mis. 26-09-1986. Harus sama dengan tanggal lahir pada NIP."),
    ("jenis_kelamin", "Jenis Kelamin", True, TEXT, ("JK", "L/P"),
     "Laki-laki atau Perempuan (L/P). Harus sama dengan digit ke-15 NIP."),
    ("status_kepegawaian", "Status Kepegawaian", True, TEXT, ("Status", "Status ASN"),
     "PNS, CPNS, PPPK atau PPPK Paruh Waktu."),
    ("golongan", "Golongan", False, TEXT, ("Gol", "Golongan Ruang", "Gol/Ruang"),
     "PNS/CPNS: I/a–IV/e. PPPK: I–XVII."),
    ("tmt_golongan", "TMT Golongan", False, DATE, (), "HH-BB-TTTT."),
    ("jenis_jabatan", "Jenis Jabatan", True, TEXT, (),
     "JPT Utama, JPT Madya, JPT Pratama, Administrator, Pengawas, Fungsional atau Pelaksana."),
    ("nama_jabatan", "Nama Jabatan", True, TEXT, ("Jabatan",), "Mis. Analis Kepegawaian."),
    ("jenjang_fungsional", "Jenjang Fungsional", False, TEXT, ("Jenjang", "Jenjang Jabatan"),
     "Wajib untuk jabatan fungsional (mis. Ahli Muda); kosong untuk jabatan lain."),
    ("unit_kerja", "Kode Unit Kerja", False, TEXT, ("Unit Kerja", "Kode Unit"),
     "Kode dari lembar Referensi, sebagai teks (01.02 bukan 1,02)."),
    ("tmt_jabatan", "TMT Jabatan", False, DATE, (), "HH-BB-TTTT."),
    ("pendidikan_terakhir", "Pendidikan Terakhir", False, TEXT, ("Pendidikan",),
     "SD, SMP, SMA/SMK, D-I, D-II, D-III, D-IV, S-1, S-2 atau S-3."),
    ("email", "Email", False, TEXT, ("E-mail", "Surel"), ""),
    ("telepon", "Telepon", False, TEXT, ("No HP", "Nomor HP", "No Telepon", "HP"),
     "Sebagai teks, agar angka 0 di depan tidak hilang."),
    ("alamat", "Alamat", False, TEXT, (), ""),
    ("aktif", "Aktif", False, TEXT, ("Status Aktif",), "Ya atau Tidak. Kosong pada pegawai baru berarti Ya."),
]  # fmt: skip
FIELD_ORDER = tuple(name for name, *_rest in KOLOM)
HEADER_BY_FIELD = {name: header for name, header, *_rest in KOLOM}
H = HEADER_BY_FIELD
REQUIRED_FIELDS = frozenset(name for name, _h, required, *_rest in KOLOM if required)

PENDIDIKAN_ALIAS = {
    "SMA": "sma", "SMK": "sma", "SLTA": "sma", "SLTP": "smp",
    "D1": "d1", "D2": "d2", "D3": "d3", "D4": "d4", "S1": "s1", "S2": "s2", "S3": "s3",
}  # fmt: skip

NIP_ANGKA = gettext_lazy(
    "Sel %(sel)s: NIP tersimpan sebagai angka (%(nilai)s), bukan teks, sehingga digit terakhirnya bisa "
    "hilang. Format kolom NIP sebagai Teks di Excel lalu ketik ulang NIP-nya."
)


class PegawaiResource(SpreadsheetResource):
    kolom = KOLOM
    sheet_data = SHEET_DATA
    numeric_messages = {"nip": NIP_ANGKA}
    import_closed = (
        "Import pegawai through apps.pegawai.imports.pegawai_import(): it validates every row with "
        "pegawai_validate, writes all or nothing, audits and recomputes completeness."
    )

    nip = fields.Field(attribute="nip", column_name=H["nip"], widget=NipWidget())
    gelar_depan = fields.Field(attribute="gelar_depan", column_name=H["gelar_depan"], widget=TeksWidget())
    nama = fields.Field(attribute="nama", column_name=H["nama"], widget=TeksWidget())
    gelar_belakang = fields.Field(
        attribute="gelar_belakang", column_name=H["gelar_belakang"], widget=TeksWidget()
    )
    tempat_lahir = fields.Field(attribute="tempat_lahir", column_name=H["tempat_lahir"], widget=TeksWidget())
    tanggal_lahir = fields.Field(
        attribute="tanggal_lahir", column_name=H["tanggal_lahir"], widget=TanggalWidget()
    )
    jenis_kelamin = fields.Field(
        attribute="jenis_kelamin",
        column_name=H["jenis_kelamin"],
        widget=PilihanWidget(JenisKelamin, alias={"Pria": "L", "Wanita": "P", "Laki": "L"}),
    )
    status_kepegawaian = fields.Field(
        attribute="status_kepegawaian",
        column_name=H["status_kepegawaian"],
        widget=PilihanWidget(StatusKepegawaian, alias={"PPPK PW": "pppk_paruh_waktu"}),
    )
    golongan = fields.Field(attribute="golongan", column_name=H["golongan"], widget=GolonganWidget())
    tmt_golongan = fields.Field(
        attribute="tmt_golongan", column_name=H["tmt_golongan"], widget=TanggalWidget()
    )
    jenis_jabatan = fields.Field(
        attribute="jenis_jabatan",
        column_name=H["jenis_jabatan"],
        widget=PilihanWidget(
            JenisJabatan,
            alias={"Jabatan Fungsional": "fungsional", "JF": "fungsional", "Pelaksana (JFU)": "pelaksana"},
        ),
    )
    nama_jabatan = fields.Field(attribute="nama_jabatan", column_name=H["nama_jabatan"], widget=TeksWidget())
    jenjang_fungsional = fields.Field(
        attribute="jenjang_fungsional",
        column_name=H["jenjang_fungsional"],
        widget=PilihanWidget(JenjangFungsional),
    )
    unit_kerja = fields.Field(attribute="unit_kerja", column_name=H["unit_kerja"])
    tmt_jabatan = fields.Field(attribute="tmt_jabatan", column_name=H["tmt_jabatan"], widget=TanggalWidget())
    pendidikan_terakhir = fields.Field(
        attribute="pendidikan_terakhir",
        column_name=H["pendidikan_terakhir"],
        widget=PilihanWidget(JenjangPendidikan, alias=PENDIDIKAN_ALIAS),
    )
    email = fields.Field(attribute="email", column_name=H["email"], widget=TeksWidget())
    telepon = fields.Field(attribute="telepon", column_name=H["telepon"], widget=TeksWidget())
    alamat = fields.Field(attribute="alamat", column_name=H["alamat"], widget=TeksWidget())
    aktif = fields.Field(attribute="aktif", column_name=H["aktif"], widget=AktifWidget())

    class Meta:
        model = Pegawai
        fields = FIELD_ORDER
        export_order = FIELD_ORDER
        import_id_fields = ("nip",)
        # The library's traps, closed even though imports go through apps.pegawai.imports:
        clean_model_instances = True  # default False skips model validation
        skip_unchanged = True
        skip_diff = True
        use_transactions = True

    def __init__(self, *, instansi: Instansi, **kwargs):
        super().__init__(instansi=instansi, **kwargs)
        self.fields["unit_kerja"].widget = UnitKerjaWidget(instansi=instansi)

    # -- import: cleaning is used by apps.pegawai.imports; the library's import loop is closed --

    def clean_value(self, name: str, value: Any) -> Any:
        """One cell through its field's widget. Raises ValueError/ValidationError with a message."""
        return self.fields[name].widget.clean(value)

    def render_value(self, name: str, value: Any) -> str:
        return self.fields[name].widget.render(value)

    # -- export --

    def get_queryset(self):
        return (
            Pegawai.objects.filter(instansi=self.instansi)
            .select_related("unit_kerja")
            .order_by("nama", "nip")
        )


def pegawai_export_csv(*, instansi: Instansi) -> bytes:
    return export_csv(PegawaiResource(instansi=instansi))


def pegawai_export_xlsx(*, instansi: Instansi) -> bytes:
    return export_xlsx(PegawaiResource(instansi=instansi), widths=_widths(), text_columns=range(len(KOLOM)))


def _widths() -> list[float]:
    return PegawaiResource.widths({"nip": 22, "nama": 30, "nama_jabatan": 34, "alamat": 40, "email": 28}, 18)


def pegawai_template_xlsx(*, instansi: Instansi) -> bytes:
    """The empty import template: sheet "Pegawai" (titles, every column formatted as Text, drop-downs),
    sheet "Referensi" (allowed values and the instansi's unit kerja codes), sheet "Petunjuk"."""
    resource = PegawaiResource(instansi=instansi)
    units = sorted(resource.fields["unit_kerja"].widget.units().values(), key=lambda u: u.kode)
    units = [unit for unit in units if unit.aktif]
    with translation.override("id"):
        referensi: list[tuple[str, list[str]]] = [
            ("Status Kepegawaian", [str(label) for label in StatusKepegawaian.labels]),
            ("Jenis Kelamin", [str(label) for label in JenisKelamin.labels]),
            ("Golongan", [*GOLONGAN_PNS, *GOLONGAN_PPPK]),
            (
                "Pangkat / Keterangan Golongan",
                [*GOLONGAN_PNS.values(), *(f"PPPK golongan {g}" for g in GOLONGAN_PPPK)],
            ),
            ("Jenis Jabatan", [str(label) for label in JenisJabatan.labels]),
            ("Jenjang Fungsional", [str(label) for label in JenjangFungsional.labels]),
            ("Pendidikan Terakhir", [str(label) for label in JenjangPendidikan.labels]),
            ("Aktif", ["Ya", "Tidak"]),
            ("Kode Unit Kerja", [unit.kode for unit in units]),
            ("Nama Unit Kerja", [unit.nama for unit in units]),
        ]
    ref_col = {title: index for index, (title, _values) in enumerate(referensi)}

    def source(title: str) -> str:
        return referensi_range(ref_col[title], len(referensi[ref_col[title]][1]))

    lists = {
        FIELD_ORDER.index("status_kepegawaian"): source("Status Kepegawaian"),
        FIELD_ORDER.index("jenis_kelamin"): source("Jenis Kelamin"),
        FIELD_ORDER.index("golongan"): source("Golongan"),
        FIELD_ORDER.index("jenis_jabatan"): source("Jenis Jabatan"),
        FIELD_ORDER.index("jenjang_fungsional"): source("Jenjang Fungsional"),
        FIELD_ORDER.index("pendidikan_terakhir"): source("Pendidikan Terakhir"),
        FIELD_ORDER.index("aktif"): source("Aktif"),
    }
    if units:
        lists[FIELD_ORDER.index("unit_kerja")] = source("Kode Unit Kerja")
    petunjuk = [
        [],
        ["Isi data mulai baris 2 lembar Pegawai; satu baris untuk satu pegawai."],
        ["NIP adalah kunci: NIP yang sudah terdaftar diperbarui, NIP baru ditambahkan."],
        ["Sel kosong pada pegawai yang sudah terdaftar tidak mengubah data lama."],
        ["Jangan memakai rumus; salin lalu Tempel Spesial → Nilai."],
        ["Contoh baris:"],
        [
            "197905122005012003", "Dr.", "Siti Rahmawati", "M.Pd.", "Palangka Raya", "12-05-1979",
            "Perempuan", "PNS", "IV/a", "01-04-2020", "Fungsional", "Guru", "Ahli Madya",
            units[0].kode if units else "", "01-04-2021", "S-2", "siti@contoh.go.id", "081234567890",
            "Jl. Tjilik Riwut Km 5", "Ya",
        ],
    ]  # fmt: skip
    return template_xlsx(
        resource,
        widths=_widths(),
        text_columns=range(len(KOLOM)),
        lists=lists,
        referensi=XlsxSheet(
            title=SHEET_REFERENSI,
            headers=[title for title, _values in referensi],
            rows=referensi_rows(referensi),
            widths=[22, 16, 10, 28, 18, 20, 20, 8, 18, 40],
        ),
        petunjuk=petunjuk,
        petunjuk_widths=[24, 8, 90],
    )
