"""python manage.py import_pegawai FILE --instansi KODE [--dry-run]

The same import as the /impor/pegawai/ page: the same guards on the file, the same validation of
every row, all or nothing. Runs inside the instansi's tenant scope; exits non-zero on any error.
"""

from apps.impor.pipeline import ImportCommand


class Command(ImportCommand):
    help = "Impor data pegawai dari berkas .xlsx atau .csv ke satu instansi (semua baris atau tidak sama sekali)."
    kind = "pegawai"
    noun = "Pegawai"
