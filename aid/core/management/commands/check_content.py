import json

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from aid.core.bundle import check_bundle

COUNT_KEYS = ("sources", "topics", "claims", "statements", "seed_claim_sentences", "seed_claim_sentences_linked")


class Command(BaseCommand):
    help = (
        "Validate the content bundle without writing anything. Exits 1 on any problem: a citation that "
        "resolves to no source, a seed quote that is not verbatim at its offsets, a statement without a "
        "citation, patient-facing text above Flesch-Kincaid grade 8 per section, a missing reviewed_on, a "
        "topic without both benefits and harms, and every other format rule in docs/content.md. "
        '--json prints {"ok": bool, "content_version": str, "counts": {"sources", "topics", "claims", '
        '"statements", "seed_claim_sentences", "seed_claim_sentences_linked", ...}, '
        '"problems": [{"where", "problem"}]}.'
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print the machine-readable result.")
        parser.add_argument("--root", help="Bundle root (default: AID_CONTENT_DIR, the repo's seeds/).")

    def handle(self, *args, root=None, **options):
        if root and not Path(root).is_dir():
            raise CommandError(f"no content bundle at {root}: not a directory", returncode=2)
        bundle = check_bundle(root)
        counts = {key: 0 for key in COUNT_KEYS}
        counts.update(bundle.shared.get("counts", {}))
        ok = not bundle.problems
        if options["json"]:
            result = {
                "ok": ok,
                "content_version": bundle.version(),
                "counts": counts,
                "problems": bundle.problems,
            }
            self.stdout.write(json.dumps(result, indent=2))
        else:
            for item in bundle.problems:
                self.stdout.write(f"{item['where']}: {item['problem']}")
            summary = ", ".join(f"{n} {name}" for name, n in counts.items())
            self.stdout.write(f"content {bundle.version()}: {summary}")
            self.stdout.write("ok" if ok else f"{len(bundle.problems)} problem(s)")
        if not ok:
            raise SystemExit(1)
