"""Row-level security on this app's tenant tables (apps/core/rls.py, docs/security.md section 1).
Runs as the owner role, like every migration."""

from django.db import migrations

from apps.core.rls import TenantRowLevelSecurity


class Migration(migrations.Migration):
    dependencies = [("petatalenta", "0002_hitung_ulang_pengaturan")]

    operations = [
        # ANALYZE needs the table's owner (PostgreSQL 15); the application role asks for it through
        # this function, which runs as its owner (apps/petatalenta/services._penempatan_analyze).
        migrations.RunSQL(
            sql="CREATE OR REPLACE FUNCTION petatalenta_penempatan_analyze() RETURNS void LANGUAGE sql"
            " SECURITY DEFINER SET search_path = pg_catalog, public"
            " AS $$ ANALYZE public.petatalenta_penempatan (instansi_id, periode, dirty_since) $$",
            reverse_sql="DROP FUNCTION IF EXISTS petatalenta_penempatan_analyze()",
        ),
        TenantRowLevelSecurity(
            models=[
                "aturantalenta",
                "hitungulang",
                "penempatan",
                "pengaturantalenta",
                "riwayatpenempatan",
            ]
        ),
    ]
