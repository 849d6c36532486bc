"""Agreement between the first and the second labeller of the reader development set.

Run: python3 tests/data/reader/agreement.py [--list]   (standard library only)

The first labels are the committed `<slug>.json` files in this folder. A second labeller re-labelled 16
articles from copies with the labels removed (same sentence units), in two rounds; their copies are in
`second_labeller/` with their notes:
- round 1 (`NOTES.md`): 8 of the original 26 articles (first labels by the author of GUIDE.md sections
  1-5); the second labeller worked from sections 1-5 and could see README's per-article verdict counts;
- round 2 (`NOTES-round2.md`): 8 of the 64 articles added by the first eight labelling helpers (first
  labels by those helpers); the second labeller worked from GUIDE.md sections 1-6 as they stood then
  (6.1-6.4) and did not see README's counts for these articles.

Figures (second labeller scored against the first), printed per round and for both rounds together:
- topic agreement: same topic (10 values incl. `none`), over all units; Cohen's kappa for topic;
- claim-vs-none agreement: both say `none`, or both give a claim topic;
- verdict agreement: same verdict, over units where both give a claim topic;
- problem verdicts (overstated + unsupported + contradicted; `none` counts as "no problem"): precision and
  recall of the second labeller's problem flags against the first labeller's, and kappa for that flag.

Each figure is printed for all units and again without the units that GUIDE.md quotes. GUIDE.md gives
labels for those, so agreement on them is partly built in. A unit counts as quoted when (a) it is at least
15 characters long and its first 40 characters occur in the guide text, or (b) it contains a fragment (split
at "...", at least 15 characters and three words, not a stock phrase such as "according to the FDA") of a
double-quoted passage in the guide text. Only the part of GUIDE.md that the second labeller worked from is
searched: for round 1 the text before "## 6." (sections 1-5), for round 2 the text before "### 6.5"
(sections 1-6.4; 6.5 onward was written after round 2). Quotes and dashes are normalised, case is ignored.
The matched units are listed with --list.
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


# Fragments of GUIDE.md quotes that are stock phrases, not a quoted unit: "according to the FDA" (from
# "Kratom can cause seizures ..., according to the FDA") would otherwise mark any unit attributed to the FDA.
STOCK_PHRASES = {"according to the fda"}

ROUNDS = {
    1: {"end": "\n## 6.",
        "slugs": ["doseanddisclosure-7oh-2026", "kingdomkratom-7oh-guide-2025", "kratomnation-side-effects",
                  "mayoclinic-kratom-unsafe-ineffective", "painnewsnetwork-kratom-2016",
                  "redstorm-stomach-issues", "socalpress-la-7oh-deaths-2025", "wearecontributors-powder-pain"]},
    2: {"end": "\n### 6.5",
        "slugs": ["crestviewrecovery-kratom-addiction", "cucareinnovation-kratom-dose-bmi",
                  "kratomlegend-opiate-withdrawal", "kratomusa-buyers-guide", "medium-kratom-treats-anxiety-2020",
                  "nextkratom-anxiety-guide", "reviewmag-michigan-7oh-2025",
                  "texaspoisoncenter-beware-kratom-2018"]},
}


def guide_matcher(end):
    guide = open(os.path.join(HERE, "GUIDE.md"), encoding="utf-8").read()
    if end not in guide:
        sys.exit(f"GUIDE.md has no {end.strip()!r} heading; update ROUNDS")
    guide = norm(guide.split(end)[0])
    frags = []
    for q in re.findall(r'"([^"]+)"', guide):
        frags += [f.strip(" .,;:") for f in q.split("...")]
    frags = [f for f in frags if len(f) >= 15 and len(f.split()) >= 3 and f not in STOCK_PHRASES]

    def quoted(text):
        t = norm(text)
        return (len(t) >= 15 and t[:40] in guide) or any(f in t for f in frags)
    return quoted


def load_pairs():
    round_of = {slug: r for r, spec in ROUNDS.items() for slug in spec["slugs"]}
    matchers = {r: guide_matcher(spec["end"]) for r, spec in ROUNDS.items()}
    pairs = []
    for path in sorted(glob.glob(os.path.join(HERE, "second_labeller", "*.json"))):
        slug = os.path.basename(path)[:-5]
        if slug not in round_of:
            sys.exit(f"{slug}: not assigned to a round in ROUNDS")
        r = round_of[slug]
        second = json.load(open(path, encoding="utf-8"))["sentences"]
        first = json.load(open(os.path.join(HERE, slug + ".json"), encoding="utf-8"))["sentences"]
        if [(s["start"], s["end"]) for s in first] != [(s["start"], s["end"]) for s in second]:
            sys.exit(f"{slug}: sentence units differ between the two labellers")
        for i, (a, b) in enumerate(zip(first, second)):
            pairs.append({"round": r, "slug": slug, "i": i, "text": a["text"], "quoted": matchers[r](a["text"]),
                          "t1": a["topic"], "t2": b["topic"], "v1": a["verdict"], "v2": b["verdict"]})
    missing = set(round_of) - {p["slug"] for p in pairs}
    if missing:
        sys.exit(f"missing from second_labeller/: {sorted(missing)}")
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
    groups = [(f"Round {r}", [p for p in pairs if p["round"] == r]) for r in sorted(ROUNDS)]
    groups.append(("Rounds 1+2", pairs))
    for name, ps in groups:
        report(ps, f"{name}, all units")
        report([p for p in ps if not p["quoted"]],
               f"{name}, excluding units quoted in GUIDE.md ({sum(p['quoted'] for p in ps)} quoted)")
        print()
    if "--list" in sys.argv:
        print("Units counted as quoted in GUIDE.md:")
        for p in pairs:
            if p["quoted"]:
                print(f"  round {p['round']} {p['slug']} #{p['i']}: {p['text'][:70]}")


if __name__ == "__main__":
    main()
