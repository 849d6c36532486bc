"""Benchmark: seconds to analyse a 10,000-word article (the matcher is trained before timing)."""

import pickle
import statistics
import time
from pathlib import Path

from django.conf import settings

from aid.reader.matching import Matcher, analyze, dev_articles, ledger_from_bundle

WORDS = 10_000
RUNS = 20


def article(words=WORDS):
    """Real web text (dev set and seed articles) repeated to the length of a long article."""
    parts = [data["text"] for _, data in dev_articles()]
    parts += [p.read_text(encoding="utf-8") for p in sorted(Path(settings.AID_CONTENT_DIR).glob("*.txt"))]
    out, count = [], 0
    while count < words:
        for part in parts:
            out.append(part)
            count += len(part.split())
            if count >= words:
                break
    return "\n\n".join(out)


def run(runs=RUNS):
    ledger = ledger_from_bundle()
    started = time.perf_counter()
    matcher = Matcher(ledger.claims, ledger.examples, ledger.jurisdictions, ledger.interactions)
    training = time.perf_counter() - started
    # What a worker pays instead when `prepare_reader` has saved the fitted models (load_or_train).
    saved = pickle.dumps(matcher, protocol=pickle.HIGHEST_PROTOCOL)
    started = time.perf_counter()
    pickle.loads(saved)
    loading = time.perf_counter() - started
    text = article()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        result = analyze(text, matcher)
        timings.append(time.perf_counter() - started)
    timings.sort()
    return {
        "reader_words": len(text.split()),
        "reader_sentences": len(result["sentences"]),
        "reader_runs": runs,
        "reader_median_s": round(statistics.median(timings), 3),
        "reader_p95_s": round(timings[min(len(timings) - 1, int(0.95 * len(timings)))], 3),
        "reader_training_s": round(training, 3),
        "reader_saved_model_load_s": round(loading, 3),
        "reader_saved_model_mb": round(len(saved) / 1e6, 1),
    }


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aid.settings")
    django.setup()
    print(run())
