import time

from django.conf import settings
from django.core.management.base import BaseCommand

from aid.reader.matching import fingerprint, ledger_from_db, load_or_train


class Command(BaseCommand):
    help = (
        "Fit the reader's models for the loaded content (or find them already saved) so that the first "
        "article a clinician pastes is not kept waiting. `make run` runs this after load_content."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        ledger = ledger_from_db()
        path = settings.AID_READER_MODEL_DIR / f"matcher-{fingerprint(ledger)}.pickle"
        existed = path.exists()
        load_or_train(ledger)
        took = time.perf_counter() - started
        what = "already saved" if existed else "trained and saved"
        self.stdout.write(f"Reader models {what} in {took:.1f} s ({len(ledger.examples)} examples): {path.name}")
