"""Agreement between the two labellers of the reader development set.

Run: python3 tests/data/reader/agreement.py   (standard library only)

The first labeller's labels are the committed `<slug>.json` files in this folder. A second labeller
re-labelled 8 of the original 26 articles from copies with the labels removed (same sentence units); those
copies are in `second_labeller/` with the second labeller's notes (`second_labeller/NOTES.md`).

Figures (second labeller scored against the first):
- topic agreement: same topic (10 values incl. `none`), over all units; Cohen's kappa for topic;
- claim-vs-none agreement: both say `none`, or both give a claim topic;
- verdict agreement: same verdict, over units where both give a claim topic;
- problem verdicts (overstated + unsupported + contradicted; `none` counts as "no problem"): precision and
  recall of the second labeller's problem flags against the first labeller's, and kappa for that flag.

Each figure is printed for all units and again without the units that GUIDE.md quotes. GUIDE.md gives
labels for those, so agreement on them is partly built in. A unit counts as quoted when (a) it is at least
15 characters long and its first 40 characters occur in GUIDE.md, or (b) it contains a fragment (split at
"...", at least 15 characters and three words) of a double-quoted passage in GUIDE.md. Only sections 1-5 of GUIDE.md (the
text before "## 6.") are searched: that is the guide the second labeller worked from. Quotes and dashes are
normalised, case is ignored. The matched units are listed with --list.
"""
import collections
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PROBLEM = {"overstated", "unsupported", "contradicted"}


def norm(s):
    for a, b in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("‑", "-"), ("–", "-"), ("—", "-"),
                 ("…", "..."), ("*", "")):
        s = s.replace(a, b)
    return re.sub(r"\s+", " ", s).strip().lower()


def guide_matcher():
    guide = open(os.path.join(HERE, "GUIDE.md"), encoding="utf-8").read()
    guide = norm(guide.split("\n## 6.")[0])
    frags = []
    for q in re.findall(r'"([^"]+)"', guide):
        frags += [f.strip(" .,;:") for f in q.split("...")]
    frags = [f for f in frags if len(f) >= 15 and len(f.split()) >= 3]

    def quoted(text):
        t = norm(text)
        return (len(t) >= 15 and t[:40] in guide) or any(f in t for f in frags)
    return quoted


def load_pairs():
    quoted = guide_matcher()
    pairs = []
    for path in sorted(glob.glob(os.path.join(HERE, "second_labeller", "*.json"))):
        slug = os.path.basename(path)[:-5]
        second = json.load(open(path, encoding="utf-8"))["sentences"]
        first = json.load(open(os.path.join(HERE, slug + ".json"), encoding="utf-8"))["sentences"]
        if [(s["start"], s["end"]) for s in first] != [(s["start"], s["end"]) for s in second]:
            sys.exit(f"{slug}: sentence units differ between the two labellers")
        for i, (a, b) in enumerate(zip(first, second)):
            pairs.append({"slug": slug, "i": i, "text": a["text"], "quoted": quoted(a["text"]),
                          "t1": a["topic"], "t2": b["topic"], "v1": a["verdict"], "v2": b["verdict"]})
    return pairs


def kappa(xs, ys):
    n = len(xs)
    po = sum(x == y for x, y in zip(xs, ys)) / n
    cx, cy = collections.Counter(xs), collections.Counter(ys)
    pe = sum(cx[k] * cy[k] for k in cx) / (n * n)
    return (po - pe) / (1 - pe) if pe < 1 else float("nan")


def pct(k, n):
    return f"{k}/{n} = {100 * k / n:.1f}%" if n else "n/a"


def report(pairs, label):
    n = len(pairs)
    topic = sum(p["t1"] == p["t2"] for p in pairs)
    claim = sum((p["t1"] == "none") == (p["t2"] == "none") for p in pairs)
    both = [p for p in pairs if p["t1"] != "none" and p["t2"] != "none"]
    verdict = sum(p["v1"] == p["v2"] for p in both)
    f1 = [p["v1"] in PROBLEM for p in pairs]
    f2 = [p["v2"] in PROBLEM for p in pairs]
    tp = sum(a and b for a, b in zip(f1, f2))
    print(f"{label}: {n} units in {len({p['slug'] for p in pairs})} articles")
    print(f"  topic agreement            {pct(topic, n)}   Cohen's kappa {kappa([p['t1'] for p in pairs], [p['t2'] for p in pairs]):.2f}")
    print(f"  claim-vs-none agreement    {pct(claim, n)}")
    print(f"  verdict agreement          {pct(verdict, len(both))}   (units both call a claim)")
    print(f"  problem verdicts           first {sum(f1)}, second {sum(f2)}, both {tp}")
    print(f"    precision (second vs first) {pct(tp, sum(f2))}")
    print(f"    recall    (second vs first) {pct(tp, sum(f1))}")
    print(f"    kappa for the problem flag  {kappa(f1, f2):.2f}")


def main():
    pairs = load_pairs()
    report(pairs, "All units")
    report([p for p in pairs if not p["quoted"]], "Excluding units quoted in GUIDE.md")
    if "--list" in sys.argv:
        print("\nUnits counted as quoted in GUIDE.md:")
        for p in pairs:
            if p["quoted"]:
                print(f"  {p['slug']} #{p['i']}: {p['text'][:70]}")


if __name__ == "__main__":
    main()
