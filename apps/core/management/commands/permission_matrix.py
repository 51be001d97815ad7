from django.core.management.base import BaseCommand

from apps.core.permissions import permission_matrix_markdown


class Command(BaseCommand):
    help = "Prints the role × permission matrix as the Markdown table used in docs/roles.md."

    def handle(self, *args, **options):
        self.stdout.write(permission_matrix_markdown())
