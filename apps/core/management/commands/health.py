from django.core.management.base import BaseCommand, CommandError

from apps.core.health import health_check


class Command(BaseCommand):
    help = "Checks PostgreSQL and Redis and lists the live Celery workers."

    def add_arguments(self, parser):
        parser.add_argument("--require-worker", action="store_true", help="Fail if no worker answers.")
        parser.add_argument("--timeout", type=float, default=2.0)

    def handle(self, *args, **options):
        report = health_check(include_workers=True, worker_timeout=options["timeout"])
        self.stdout.write(f"PostgreSQL: {'OK' if report.database else 'GAGAL'}")
        self.stdout.write(f"Redis:      {'OK' if report.redis else 'GAGAL'}")
        self.stdout.write(f"Worker:     {len(report.workers)} aktif")
        for name in report.workers:
            self.stdout.write(f"  - {name}")
        for error in report.errors:
            self.stderr.write(error)
        if not report.ok or (options["require_worker"] and not report.workers):
            raise CommandError("Sistem tidak sehat.")
