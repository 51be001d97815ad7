"""Load the bundled Kemendagri region list (fixtures/wilayah.csv) on migrate.

Reuses the parser and loader of `apps.instansi.wilayah` with the historical model, so the file is
validated exactly as `manage.py load_wilayah` validates it. The load is an idempotent upsert:
re-running it, or loading a full Kemendagri file later, is safe. Reverse is a no-op because the rows
may be referenced by instansi by then.
"""

from django.db import migrations


def load_wilayah(apps, schema_editor):
    from apps.instansi.wilayah import wilayah_fixture_path, wilayah_load, wilayah_rows_parse

    Wilayah = apps.get_model("instansi", "Wilayah")
    with wilayah_fixture_path().open(encoding="utf-8-sig", newline="") as handle:
        rows = wilayah_rows_parse(lines=handle, model=Wilayah)
    wilayah_load(rows=rows, model=Wilayah)


class Migration(migrations.Migration):
    dependencies = [
        ("instansi", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_wilayah, migrations.RunPython.noop),
    ]
