"""Row-level security on this app's tenant tables (apps/core/rls.py, docs/security.md section 1).
Runs as the owner role, like every migration."""

from django.db import migrations

from apps.core.rls import TenantRowLevelSecurity


class Migration(migrations.Migration):
    dependencies = [("asesmen", "0002_asesmenevent_asesmen_insert_insert_and_more")]

    operations = [
        TenantRowLevelSecurity(
            models=[
                "asesmen",
                "asesmenevent",
                "asesmenkompetensi",
                "pengaturanasesmen",
            ]
        ),
    ]
