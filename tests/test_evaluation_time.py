"""The time scorer and the span alignment it shares with the places scorer: hand-made
examples, and agreement with shared/eval/score_time.py."""

from __future__ import annotations

import random

import pytest
from reference_scorers import SHARED, differences, needs_shared, reference_metrics

from newsgraph.evaluation import times
from newsgraph.evaluation.common import match_spans, read_jsonl, trim_whitespace

TEXT = "On Monday the talks lasted three hours. Last year prices rose."


def at(fragment: str, text: str = TEXT) -> dict:
    start = text.index(fragment)
    return {"start": start, "end": start + len(fragment), "text": fragment}


GOLD = {"id": "t1", "text": TEXT, "times": [
    {**at("Monday"), "type": "DATE", "value": "2024-03-11"},
    {**at("three hours"), "type": "DURATION", "value": "PT3H"},
    {**at("Last year"), "type": "DATE", "value": "2023"},
]}


def prediction(predicted: list[dict]) -> dict:
    return {"article": {"id": "t1", "text": TEXT}, "times": predicted}


def test_identical_spans_are_aligned_before_larger_overlaps():
    # by overlap alone the prediction would go to the earlier, longer gold span
    assert match_spans([(0, 10), (0, 4)], [(0, 4)]) == {1: 0}
    assert match_spans([(0, 4), (0, 4)], [(0, 4), (0, 4)]) == {0: 0, 1: 1}


def test_overlap_ties_go_to_the_earlier_gold_then_the_earlier_prediction():
    assert match_spans([(0, 5), (6, 11)], [(3, 9)]) == {1: 0}  # 3 characters beat 2
    assert match_spans([(0, 5), (6, 11)], [(3, 8)]) == {0: 0}  # 2 and 2: earlier gold
    assert match_spans([(2, 6)], [(0, 4), (4, 8)]) == {0: 0}  # 2 and 2: earlier prediction
    assert match_spans([(0, 3)], [(3, 6)]) == {}  # touching is not overlapping


def test_trimming_clamps_and_drops_surrounding_whitespace():
    assert trim_whitespace(" a b \n", -2, 40) == (1, 4)
    assert trim_whitespace("   ", 0, 3) == (3, 3)


def test_gold_as_prediction_scores_one():
    predicted = [{"span": at(t["text"]), "type": t["type"], "value": t["value"]} for t in GOLD["times"]]
    metrics = times.score([GOLD], [prediction(predicted)])
    assert metrics["headline"] == {"relaxed_f1": 1.0, "strict_f1": 1.0, "value_f1": 1.0}
    assert metrics["type_acc"] == 1.0


def test_partial_prediction():
    padded = {"start": TEXT.index("Monday") - 1, "end": TEXT.index("Monday") + 6, "text": " Monday"}
    predicted = [
        {"span": padded, "type": "date", "value": " 2024-03-11 "},  # strict after trimming
        {"span": at("hours"), "type": "DURATION", "value": "pt3h"},  # relaxed, right value
        {"span": at("Last year prices"), "type": "DATE", "value": "2022"},  # relaxed, wrong value
        {"span": None, "type": "DATE", "value": "2024"},  # cannot be placed: left out
    ]
    metrics = times.score([GOLD], [prediction(predicted)])
    assert metrics["counts"]["unspanned_pred"] == 1 and metrics["counts"]["n_pred"] == 3
    assert metrics["relaxed_f1"] == 1.0
    assert metrics["strict_p"] == pytest.approx(1 / 3) and metrics["strict_r"] == pytest.approx(1 / 3)
    assert metrics["value_f1"] == pytest.approx(2 / 3) and metrics["value_acc"] == pytest.approx(2 / 3)
    assert metrics["type_acc"] == 1.0
    assert metrics["recall_by_gold_type"] == {
        "DATE": {"n": 2, "relaxed_r": 1.0, "value_r": 0.5},
        "DURATION": {"n": 1, "relaxed_r": 1.0, "value_r": 1.0}}


def test_out_of_range_spans_count_against_precision():
    predicted = [{"span": at("Monday"), "type": "DATE", "value": "2024-03-11"},
                 {"span": {"start": 50, "end": 500, "text": "?"}, "type": "DATE", "value": "2024"}]
    metrics = times.score([GOLD], [prediction(predicted), {"article": {"id": "elsewhere"}, "times": []}])
    assert metrics["counts"]["bad_span"] == 1 and metrics["counts"]["pred_docs_not_in_gold"] == 1
    assert (metrics["relaxed_p"], metrics["relaxed_r"]) == (0.5, pytest.approx(1 / 3))


def test_missing_prediction_scores_zero():
    metrics = times.score([GOLD], [])
    assert metrics["counts"]["missing_docs"] == 1 and metrics["counts"]["n_gold"] == 3
    assert all(value == 0.0 for value in metrics["headline"].values())
    assert times.report(metrics)[-1] == "headline: relaxed_f1=0.0000  strict_f1=0.0000  value_f1=0.0000"


@needs_shared
def test_scores_agree_with_the_reference_scorer(tmp_path):
    gold_path = SHARED / "data" / "time" / "tbaq.jsonl"
    gold = list(read_jsonl(gold_path))
    rng = random.Random(3)
    predictions = []
    for record in gold:
        if rng.random() < 0.05:
            continue
        text, predicted = record["text"], []
        for t in record["times"]:
            roll = rng.random()
            if roll < 0.15:
                continue
            start, end = t["start"], t["end"]
            if roll < 0.35:  # shifted: a word more or a few characters less
                start, end = max(0, start - rng.choice([0, 1, 4])), min(len(text), end + rng.choice([-2, 0, 3]))
            span = None if roll > 0.95 else {"start": start, "end": end, "text": text[start:end]}
            if 0.9 < roll <= 0.92:
                span = {"start": len(text) - 1, "end": len(text) + 9, "text": "x"}
            value = t["value"].lower() if rng.random() < 0.3 else t["value"]
            predicted.append({"span": span, "type": rng.choice(["DATE", t["type"]]),
                              "value": rng.choice(["2000", value, value, value])})
        if rng.random() < 0.3:
            start = rng.randrange(len(text) - 6)
            predicted.append({"span": {"start": start, "end": start + 5, "text": text[start:start + 5]},
                              "type": "DATE", "value": "PRESENT_REF"})
        predictions.append({"article": {"id": record["id"], "text": text}, "times": predicted})
    ours = times.score(gold, predictions)
    reference = reference_metrics("score_time.py", gold_path, predictions, tmp_path)
    assert not differences(ours, reference)
    assert 0 < ours["strict_f1"] < ours["relaxed_f1"] < 1 and ours["counts"]["bad_span"] > 0
