from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from apps.instansi.demo import DEMO_PASSWORD, demo_seed


class Command(BaseCommand):
    help = "Seeds the demo tenants, organisation trees and one login per role (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--pegawai",
            type=int,
            default=150,
            help="demo pegawai per instansi (default 150; tests use fewer)",
        )

    def handle(self, *args, **options):
        logins = demo_seed()
        # Pegawai with portfolios for each demo instansi (idempotent too).
        call_command("seed_demo_pegawai", jumlah=options["pegawai"], stdout=self.stdout)
        # Asesmen, SKP and the placements of this year and last (the nine-box and its transitions).
        call_command("seed_demo_talenta", stdout=self.stdout)
        lines = [f"Kata sandi semua akun demo: {DEMO_PASSWORD}", ""]
        lines += [f"  {login.username:<20} {login.role.label:<28} {login.instansi}" for login in logins]
        text = "\n".join(lines)
        path = settings.BASE_DIR / "var" / "demo-logins.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
        self.stdout.write(text)
