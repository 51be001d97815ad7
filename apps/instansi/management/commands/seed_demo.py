from django.conf import settings
from django.core.management.base import BaseCommand

from apps.instansi.demo import DEMO_PASSWORD, demo_seed


class Command(BaseCommand):
    help = "Seeds the demo tenants, organisation trees and one login per role (idempotent)."

    def handle(self, *args, **options):
        logins = demo_seed()
        lines = [f"Kata sandi semua akun demo: {DEMO_PASSWORD}", ""]
        lines += [f"  {login.username:<20} {login.role.label:<28} {login.instansi}" for login in logins]
        text = "\n".join(lines)
        path = settings.BASE_DIR / "var" / "demo-logins.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
        self.stdout.write(text)
