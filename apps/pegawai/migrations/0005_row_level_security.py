"""Row-level security on this app's tenant tables (apps/core/rls.py, docs/security.md section 1).
Runs as the owner role, like every migration."""

from django.db import migrations

from apps.core.rls import TenantRowLevelSecurity


class Migration(migrations.Migration):
    dependencies = [("pegawai", "0004_riwayat_dokumen_baru_kesesuaian")]

    operations = [
        TenantRowLevelSecurity(
            models=[
                "dokumen",
                "hukumandisiplin",
                "kelengkapandata",
                "organisasi",
                "pegawai",
                "pegawaievent",
                "pengaturanpegawai",
                "penghargaan",
                "riwayatdiklat",
                "riwayatjabatan",
                "riwayatpendidikan",
                "sertifikat",
                "sktimkerja",
            ]
        ),
    ]
