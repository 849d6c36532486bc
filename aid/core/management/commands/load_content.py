from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from aid.core.bundle import ContentError, load_bundle


class Command(BaseCommand):
    help = (
        "Validate the content bundle in seeds/ and upsert it into the database in one transaction. "
        "Idempotent: when the bundle's hash equals the last loaded one it returns at once. A bundle that "
        "fails validation changes nothing; each problem is printed as 'file: key: problem' and the command "
        "exits 1. Rows an editor changed in the admin since the last load are kept and listed "
        "(--force takes the bundle's version)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--root", help="Bundle root (default: AID_CONTENT_DIR, the repo's seeds/).")
        parser.add_argument(
            "--force", action="store_true", help="Reload even if unchanged and overwrite admin edits."
        )

    def handle(self, *args, root=None, force=False, **options):
        if root and not Path(root).is_dir():
            raise CommandError(f"no content bundle at {root}: not a directory", returncode=2)
        try:
            bundle, report, loaded = load_bundle(root, force=force)
        except ContentError as exc:
            for item in exc.problems:
                self.stderr.write(f"{item['where']}: {item['problem']}")
            raise CommandError(f"content not loaded: {len(exc.problems)} problem(s); nothing was changed")
        if not loaded:
            self.stdout.write(f"Content {bundle.version()} is already loaded; nothing to do.")
            return
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Loaded content version {bundle.version()}."))
