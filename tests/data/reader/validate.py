"""Check the reader development set files (run: python tests/data/reader/validate.py).

Checks offsets, ordering, coverage and the label vocabulary described in README.md. It does not judge
whether a label is right; see GUIDE.md for that.
"""
import glob
import json
import os
import sys

TOPICS = {"efficacy_pain", "efficacy_other", "mechanism", "dependence", "interactions",
          "adverse_effects", "product_quality", "dosing", "regulation", "none"}
VERDICTS = {"supported", "overstated", "unsupported", "contradicted", "neutral"}
KINDS = {"vendor", "blog", "news", "forum", "government", "health_site"}
MARKERS = set("•-–🚩")


def check(path):
    problems = []
    d = json.load(open(path, encoding="utf-8"))
    slug = os.path.basename(path)[:-5]
    if d.get("slug") != slug:
        problems.append("slug does not match file name")
    if d.get("kind") not in KINDS:
        problems.append(f"bad kind {d.get('kind')!r}")
    for key in ("title", "url", "retrieved", "text", "sentences"):
        if not d.get(key):
            problems.append(f"missing {key}")
    text = d.get("text", "")
    covered = [False] * len(text)
    last_end = 0
    for i, s in enumerate(d.get("sentences", [])):
        a, b = s["start"], s["end"]
        if text[a:b] != s["text"]:
            problems.append(f"sentence {i}: offsets do not match text")
        if a < last_end:
            problems.append(f"sentence {i}: out of order or overlapping")
        last_end = b
        for j in range(a, b):
            covered[j] = True
        if s["topic"] not in TOPICS:
            problems.append(f"sentence {i}: bad topic {s['topic']!r}")
        if s["topic"] == "none":
            if s["verdict"] is not None:
                problems.append(f"sentence {i}: topic none needs verdict null")
        elif s["verdict"] not in VERDICTS:
            problems.append(f"sentence {i}: bad verdict {s['verdict']!r}")
    left = {ch for j, ch in enumerate(text) if not covered[j] and not ch.isspace()}
    if left - MARKERS:
        problems.append(f"text not covered by sentences: {sorted(left - MARKERS)[:10]}")
    return problems


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    bad = 0
    files = sorted(glob.glob(os.path.join(here, "*.json")))
    for path in files:
        for p in check(path):
            bad += 1
            print(f"{os.path.basename(path)}: {p}")
    print(f"{len(files)} files, {bad} problem(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
