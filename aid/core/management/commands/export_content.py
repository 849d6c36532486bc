from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from aid.core.bundle import export_bundle


class Command(BaseCommand):
    help = (
        "Write the database's content back to the bundle format (sources, topics, claims, seed sentences, "
        "medicines, interaction rules, jurisdictions) so that admin edits can be reviewed and committed. "
        "Writes into --root (default: the repo's seeds/)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--root", help="Directory to write the bundle into (default: seeds/).")

    def handle(self, *args, root=None, **options):
        target = export_bundle(Path(root or settings.AID_CONTENT_DIR))
        self.stdout.write(f"Exported content to {target}")
