"""python manage.py import_skp FILE --instansi KODE [--dry-run]

The same import as the /impor/skp/ page: the same guards on the file, the same checks of every
row, all or nothing; kurva distribusi remarks are printed as warnings. Runs inside the instansi's
tenant scope; exits non-zero on any error.
"""

from apps.impor.pipeline import ImportCommand


class Command(ImportCommand):
    help = "Impor SKP / e-Kinerja dari berkas .xlsx atau .csv ke satu instansi (semua baris atau tidak sama sekali)."
    kind = "skp"
    noun = "SKP"
