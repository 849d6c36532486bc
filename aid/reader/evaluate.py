"""Scores of the reader on the hand-labelled development set (`make eval-reader`).

Two honest figures, never a score on data the model was trained on:
- "dev excluded": the models learn only from the claims ledger, the seed sentences and training.yaml;
- "cross-validated by article": the articles are dealt into ten folds; each fold is judged by models that also
  learned from the other nine (an article's sentences never train the model that judges them). With
  `--leave-one-out` each article is its own fold (slower: one model per article).
Both are also broken down by kind of page (vendor, blog, news, forum, government, health site).
Sentences are judged on the labelled spans; the splitter is scored separately against the same spans.
"""

import argparse
import json
import os
import sys
from collections import Counter

from aid.reader.matching import LABELS, PROBLEM_VERDICTS, VERDICTS, Matcher, dev_articles, dev_examples, ledger_from_bundle
from aid.reader.splitting import split


def precision_recall(pairs, value):
    predicted = sum(1 for gold, pred in pairs if pred == value)
    actual = sum(1 for gold, pred in pairs if gold == value)
    hit = sum(1 for gold, pred in pairs if gold == value and pred == value)
    return {
        "precision": round(hit / predicted, 3) if predicted else None,
        "recall": round(hit / actual, 3) if actual else None,
        "predicted": predicted,
        "actual": actual,
    }


def scores(rows):
    """rows: [(gold topic, gold verdict, predicted topic, predicted verdict)]."""
    topic_pairs = [(g, p) for g, _, p, _ in rows]
    verdict_pairs = [(gv or "null", pv or "null") for _, gv, _, pv in rows]
    problem_pairs = [(gv in PROBLEM_VERDICTS, pv in PROBLEM_VERDICTS) for _, gv, _, pv in rows]
    claim_pairs = [(g != "none", p != "none") for g, _, p, _ in rows]
    return {
        "sentences": len(rows),
        "topic_accuracy": round(sum(g == p for g, p in topic_pairs) / len(rows), 3),
        "claim_detection": precision_recall(claim_pairs, True),
        "problem_verdicts": precision_recall(problem_pairs, True),
        "verdict_accuracy_on_claim_sentences": round(
            sum(1 for g, gv, p, pv in rows if g != "none" and gv == pv) / max(1, sum(g != "none" for g, *_ in rows)), 3
        ),
        "topics": {t: precision_recall(topic_pairs, t) for t in (*LABELS, "none")},
        "verdicts": {v: precision_recall(verdict_pairs, v) for v in (*VERDICTS, "null")},
    }


def judge_articles(matcher, articles):
    rows = []
    for _slug, data in articles:
        results = matcher.judge([s["text"] for s in data["sentences"]])
        rows += [(s["topic"], s["verdict"], r["topic"], r["verdict"]) for s, r in zip(data["sentences"], results)]
    return rows


def with_kinds(rows_by_article):
    """Scores over all articles, plus the same scores per kind of page."""
    kinds = {}
    for data, rows in rows_by_article:
        kinds.setdefault(data["kind"], []).extend(rows)
    result = scores([row for _, rows in rows_by_article for row in rows])
    result["by_kind"] = {kind: _brief(scores(rows)) for kind, rows in sorted(kinds.items())}
    return result


def _brief(result):
    return {"sentences": result["sentences"], "topic_accuracy": result["topic_accuracy"],
            "problem_verdicts": result["problem_verdicts"]}


def dev_excluded(articles):
    ledger = ledger_from_bundle(include_dev=False)
    matcher = Matcher(ledger.claims, ledger.examples, ledger.jurisdictions, ledger.interactions)
    return with_kinds([(data, judge_articles(matcher, [(slug, data)])) for slug, data in articles])


def cross_validated(articles, folds=10):
    ledger = ledger_from_bundle(include_dev=False)
    folds = min(folds, len(articles))
    rows_by_article = []
    for fold in range(folds):
        held_out = articles[fold::folds]
        others = [a for i, a in enumerate(articles) if i % folds != fold]
        matcher = Matcher(ledger.claims, ledger.examples + dev_examples(others), ledger.jurisdictions,
                          ledger.interactions)
        rows_by_article += [(data, judge_articles(matcher, [(slug, data)])) for slug, data in held_out]
    result = with_kinds(rows_by_article)
    result["folds"] = folds
    return result


def splitting(articles):
    gold = found = exact = 0
    for _slug, data in articles:
        spans = {(s["start"], s["end"]) for s in data["sentences"]}
        predicted = set(split(data["text"]))
        gold += len(spans)
        found += len(predicted)
        exact += len(spans & predicted)
    return {"gold_spans": gold, "predicted_spans": found, "exact_matches": exact}


def _fmt(value):
    return "  -  " if value is None else f"{value:.3f}"


def report(name, result, out):
    out.write(f"\n== {name}: {result['sentences']} sentences ==\n")
    out.write(f"topic accuracy              {result['topic_accuracy']:.3f}\n")
    p = result["problem_verdicts"]
    out.write(f"problem verdicts (O+U+C)    precision {_fmt(p['precision'])}  recall {_fmt(p['recall'])}"
              f"  ({p['predicted']} flagged, {p['actual']} labelled)\n")
    c = result["claim_detection"]
    out.write(f"claim sentences detected    precision {_fmt(c['precision'])}  recall {_fmt(c['recall'])}\n")
    out.write(f"verdict accuracy (claims)   {result['verdict_accuracy_on_claim_sentences']:.3f}\n")
    out.write(f"\n{'topic':18} precision  recall  labelled\n")
    for topic, s in result["topics"].items():
        out.write(f"{topic:18} {_fmt(s['precision']):>9}  {_fmt(s['recall']):>6}  {s['actual']:>8}\n")
    out.write(f"\n{'verdict':18} precision  recall  labelled\n")
    for verdict, s in result["verdicts"].items():
        out.write(f"{verdict:18} {_fmt(s['precision']):>9}  {_fmt(s['recall']):>6}  {s['actual']:>8}\n")
    out.write(f"\n{'kind of page':18} sentences  topic acc  problem P  problem R\n")
    for kind, s in result["by_kind"].items():
        p = s["problem_verdicts"]
        out.write(f"{kind:18} {s['sentences']:>9}  {s['topic_accuracy']:>9.3f}  {_fmt(p['precision']):>9}"
                  f"  {_fmt(p['recall']):>9}\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--quick", action="store_true", help="only the dev-excluded figure (one model)")
    parser.add_argument("--leave-one-out", action="store_true", help="one fold per article (slow)")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aid.settings")
    import django

    django.setup()
    articles = dev_articles()
    result = {
        "articles": len(articles),
        "kinds": dict(Counter(data["kind"] for _, data in articles)),
        "splitting": splitting(articles),
        "dev_excluded": dev_excluded(articles),
    }
    if not args.quick:
        result["cross_validated"] = cross_validated(articles, len(articles) if args.leave_one_out else 10)
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return
    out = sys.stdout
    out.write(f"Reader development set: {result['articles']} articles {result['kinds']}\n")
    s = result["splitting"]
    out.write(f"splitting: {s['exact_matches']} of {s['gold_spans']} labelled spans found exactly "
              f"({s['predicted_spans']} predicted)\n")
    report("dev set excluded from training", result["dev_excluded"], out)
    if "cross_validated" in result:
        folds = result["cross_validated"]["folds"]
        name = "leave one article out" if folds == len(articles) else f"cross-validated by article, {folds} folds"
        report(f"{name} (trained on the other articles too)", result["cross_validated"], out)


if __name__ == "__main__":
    main()
