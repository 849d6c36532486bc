from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from aid.regulation.content import COLUMNS, import_csv


class Command(BaseCommand):
    help = (
        "Import legal-status rows from a CSV file with the columns of seeds/content/jurisdictions.csv "
        f"({', '.join(COLUMNS)}). Every row is checked first; if any row is bad, each problem is printed "
        "to stderr as 'FILE:LINE: CODE: problem', nothing is imported and the command exits 2. Otherwise all "
        "rows are created or updated by code in one transaction (the file's values win over admin edits; rows "
        "not in the file are left alone) and the counts are printed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file to import.")

    def handle(self, *args, file, **options):
        path = Path(file)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {file}: {exc}", returncode=2) from None
        problems, report = import_csv(text, path.name)
        if problems:
            for item in problems:
                self.stderr.write(f"{item['where']}: {item['problem']}")
            raise CommandError(f"{len(problems)} problem(s) in {file}; nothing was imported", returncode=2)
        for line in report.lines():
            self.stdout.write(line)
