import csv

from django.core.management.base import BaseCommand, CommandError

from aid.core.bundle import write_csv
from aid.regulation.content import COLUMNS, export_rows


class Command(BaseCommand):
    help = (
        "Write every jurisdiction as CSV with the columns import_jurisdictions reads "
        f"({', '.join(COLUMNS)}), in the bundle file's order (federal, states, locals, countries; "
        "each by code), to --out or to stdout."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", help="File to write (default: stdout).")

    def handle(self, *args, out=None, **options):
        if out:
            try:
                write_csv(out, COLUMNS, export_rows())
            except OSError as exc:
                raise CommandError(f"cannot write {out}: {exc.strerror or exc}", returncode=2) from None
            self.stderr.write(f"Wrote {out}")
            return
        # Same dialect as aid.core.bundle.write_csv, so stdout and --out give identical bytes.
        writer = csv.DictWriter(self.stdout, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({c: row.get(c, "") or "" for c in COLUMNS} for row in export_rows())
