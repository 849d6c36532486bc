"""Benchmark: checking a 20-item medicine list after start-up (catalogue and drug dictionary warm)."""

import statistics
import time

# Brands, combinations, misspellings, strengths, forms, a substance and two unknowns: the realistic mix.
LIST_OF_20 = (
    "Xanax 0.5mg, oxycodon, Norco 10/325, fentanyl patch, alcohol, Tramadoll, lisinopril 10 mg daily, "
    "metformin ER 500mg, Lipitor, sertraline 50mg; Ambien CR; gabapentin 300 mg tid; Zoloft; weed; "
    "Suboxone film\nquetiapine 25mg qhs\nwarfarin\nOxycodine\nblorbfen\nvitamin D 1000 units"
)


def run(repeats=200):
    from aid.interactions import resolve
    from aid.interactions.rules import check_medicines

    started = time.perf_counter()
    resolve.reset()
    check_medicines(LIST_OF_20)  # start-up: builds the catalogue and imports the drug dictionary
    startup_ms = (time.perf_counter() - started) * 1000
    timings = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        check_medicines(LIST_OF_20)
        timings.append((time.perf_counter() - t0) * 1000)
    timings.sort()
    return {
        "name": "check_medicines, 20-item list",
        "items": len(resolve.split_entries(LIST_OF_20)),
        "repeats": repeats,
        "startup_ms": round(startup_ms, 1),
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 2),
        "max_ms": round(timings[-1], 2),
    }


if __name__ == "__main__":
    import json
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aid.settings")
    django.setup()
    print(json.dumps(run(), indent=2))
