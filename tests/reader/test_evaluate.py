"""`make eval-reader` runs on the development set and reports what the closing notes quote."""

import json

from aid.reader import evaluate


def test_quick_evaluation_reports_scores_per_kind_and_the_splitter(capsys):
    evaluate.main(["--quick", "--json"])
    result = json.loads(capsys.readouterr().out)
    assert result["articles"] >= 100 and set(result["kinds"]) == {
        "vendor", "blog", "news", "forum", "government", "health_site"}
    # The splitter finds nearly every hand-made sentence boundary of real web text exactly.
    split = result["splitting"]
    assert split["exact_matches"] >= 0.99 * split["gold_spans"]
    excluded = result["dev_excluded"]
    assert excluded["sentences"] == split["gold_spans"]
    assert set(excluded["by_kind"]) == set(result["kinds"])
    # Far better than guessing among ten topics, even without learning from the set itself.
    assert excluded["topic_accuracy"] > 0.4
    assert 0 < excluded["problem_verdicts"]["precision"] < 1


def test_scores_count_problem_verdicts_together():
    rows = [("dependence", "contradicted", "dependence", "overstated"),
            ("none", None, "none", None),
            ("regulation", "supported", "regulation", "unsupported"),
            ("mechanism", "overstated", "none", None)]
    result = evaluate.scores(rows)
    assert result["topic_accuracy"] == 0.75
    assert result["problem_verdicts"] == {"precision": 0.5, "recall": 0.5, "predicted": 2, "actual": 2}
