"""Row-level security on this app's tenant tables (apps/core/rls.py, docs/security.md section 1).
Runs as the owner role, like every migration."""

from django.db import migrations

from apps.core.rls import TenantRowLevelSecurity


class Migration(migrations.Migration):
    dependencies = [("komite", "0004_snapshot_identitas")]

    operations = [
        TenantRowLevelSecurity(
            models=[
                "agendasidang",
                "anggotakomite",
                "dokumenkomite",
                "kehadiransidang",
                "keputusankomite",
                "penetapan",
                "pengaturankomite",
                "sidang",
                "snapshotpenempatan",
                "snapshotsuksesor",
                "usulankalibrasi",
            ]
        ),
    ]
