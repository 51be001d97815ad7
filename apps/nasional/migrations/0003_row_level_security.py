"""Row-level security on this app's tenant tables (apps/core/rls.py, docs/security.md section 1).
Runs as the owner role, like every migration."""

from django.db import migrations

from apps.core.rls import TenantRowLevelSecurity


class Migration(migrations.Migration):
    dependencies = [("nasional", "0002_ringkasan_periode")]

    operations = [
        TenantRowLevelSecurity(
            models=[
                "deklarasitahap",
                "indekskrsnasional",
                "ringkasaninstansi",
                "ringkasankotor",
            ]
        ),
    ]
