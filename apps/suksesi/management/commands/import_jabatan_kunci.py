"""python manage.py import_jabatan_kunci FILE --instansi KODE [--dry-run]

The same import as the /impor/jabatan_kunci/ page: the same guards on the file, the same checks of
every row, all or nothing. Runs inside the instansi's tenant scope; exits non-zero on any error.
"""

from apps.impor.pipeline import ImportCommand


class Command(ImportCommand):
    help = "Impor jabatan kunci dari berkas .xlsx atau .csv ke satu instansi (semua baris atau tidak sama sekali)."
    kind = "jabatan_kunci"
    noun = "Jabatan"
