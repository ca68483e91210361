"""The scorers behind `newsgraph eval`: hand-made examples, and agreement with the reference
scorers on the shared dev files where ../shared is checked out."""

from __future__ import annotations

import random

import pytest
from reference_scorers import SHARED, differences, needs_shared, reference_metrics

from newsgraph.evaluation import attribution, factuality
from newsgraph.evaluation.common import read_jsonl


def span(text: str, fragment: str, occurrence: int = 0) -> dict:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(fragment, start + 1)
    return {"start": start, "end": start + len(fragment), "text": fragment}


TEXT = 'The minister said that talks would resume. "We are ready," an aide told reporters.'


def gold_record() -> dict:
    return {"id": "d1", "text": TEXT, "attributions": [
        {"source": span(TEXT, "The minister"), "cue": span(TEXT, "said"),
         "content": span(TEXT, "that talks would resume")},
        {"source": span(TEXT, "an aide"), "cue": span(TEXT, "told"),
         "content": span(TEXT, "We are ready,")},
    ]}


def prediction(attributions: list[dict]) -> dict:
    return {"article": {"id": "d1", "text": TEXT}, "attributions": attributions}


def test_attribution_perfect_prediction_scores_one():
    gold = gold_record()
    metrics = attribution.score([gold], [prediction(gold["attributions"])])
    assert metrics["headline"] == {"content_overlap_f1": 1.0, "cue_exact_f1": 1.0, "source_overlap_f1": 1.0}


def test_attribution_partial_prediction():
    # one attribution found with a shorter content and no source; the quote missed
    predicted = [{"source": None, "cue": span(TEXT, "said"), "content": span(TEXT, "talks would resume")}]
    metrics = attribution.score([gold_record()], [prediction(predicted)])
    assert metrics["counts"]["aligned"] == 1
    assert metrics["cue_exact_p"] == 1.0 and metrics["cue_exact_r"] == 0.5
    assert metrics["content_exact_f1"] == 0.0  # "that" is missing
    assert metrics["content_overlap_f1"] == pytest.approx(2 / 3)
    # gold has 4 content tokens, predicted 3, all shared
    assert metrics["content_token_p"] == 1.0 and metrics["content_token_r"] == pytest.approx(3 / 7)
    assert metrics["source_overlap_r"] == 0.0 and metrics["counts"]["pred_sources_scored"] == 0


def test_attribution_punctuation_cue_counts():
    text = "Haaretz reports: the talks failed."
    gold = {"id": "d2", "text": text, "attributions": [
        {"source": span(text, "Haaretz"), "cue": span(text, ":"), "content": span(text, "the talks failed")}]}
    pred = {"article": {"id": "d2"}, "attributions": [
        {"source": span(text, "Haaretz"), "cue": span(text, ": "), "content": span(text, "the talks failed.")}]}
    metrics = attribution.score([gold], [pred])
    assert metrics["cue_exact_f1"] == 1.0
    # edge punctuation is ignored where a span has words: "failed." equals "failed"
    assert metrics["content_exact_f1"] == 1.0


def test_attribution_missing_prediction_scores_zero():
    metrics = attribution.score([gold_record()], [])
    assert metrics["counts"]["pred_attributions"] == 0
    assert all(value == 0.0 for value in metrics["headline"].values())


def test_factuality_alignment_prefers_the_head_and_counts_misses_as_zero():
    text = "Troops did not attack the town ."
    gold = {"id": "s1", "text": text, "predicates": [
        {**span(text, "attack"), "score": -3.0}, {**span(text, "town"), "score": 3.0}]}
    pred = {"article": {"id": "s1"}, "predicates": [
        {"span": span(text, "did not attack"), "factuality": {"score": -2.5}},
        {"span": span(text, "attack"), "factuality": {"score": -3.0}}]}
    metrics = factuality.score([gold], [pred])
    # the one-word span wins the alignment (same head, shorter); "town" is unmatched -> 0
    assert metrics["coverage"] == 0.5
    assert metrics["mae"] == pytest.approx((0.0 + 3.0) / 2)
    assert metrics["n_matched"] == 1 and metrics["mae_matched"] == 0.0


def test_factuality_clamps_and_defines_r_only_with_variance():
    text = "He left and she stayed ."
    gold = {"id": "s2", "text": text, "predicates": [
        {**span(text, "left"), "score": 3.0}, {**span(text, "stayed"), "score": 1.0}]}
    pred = {"article": {"id": "s2"}, "predicates": [
        {"span": span(text, "left"), "factuality": {"score": 9}},
        {"span": span(text, "stayed"), "factuality": {"score": 3}}]}
    metrics = factuality.score([gold], [pred])
    assert metrics["mae"] == pytest.approx(1.0)
    assert metrics["pearson_r"] == 0.0  # predictions constant after clamping


def _figures(reference: dict) -> dict:
    """The reference's figures, less its input warnings and definedness flags (not figures)."""
    if not isinstance(reference, dict):
        return reference
    return {k: _figures(v) for k, v in reference.items() if k not in ("warnings", "pearson_r_defined")}


@needs_shared
def test_attribution_scores_agree_with_the_reference_scorer(tmp_path):
    gold_path = SHARED / "data" / "attribution" / "polnear-dev.jsonl"
    gold = list(read_jsonl(gold_path))
    rng = random.Random(7)
    predictions = []
    for record in gold:  # gold hulls, some dropped, trimmed or without source, plus noise
        if rng.random() < 0.1:
            continue
        attributions = []
        for a in record["attributions"]:
            roll = rng.random()
            if roll < 0.2:
                continue
            content = a["content"]
            if roll < 0.4 and content["end"] - content["start"] > 10:
                content = {"start": content["start"] + 5, "end": content["end"],
                           "text": record["text"][content["start"] + 5:content["end"]]}
            attributions.append({"source": None if roll > 0.9 else a["source"], "cue": a["cue"], "content": content})
        predictions.append({"article": {"id": record["id"], "text": record["text"]}, "attributions": attributions})
    ours = attribution.score(gold, predictions)
    reference = reference_metrics("score_attribution.py", gold_path, predictions, tmp_path)
    assert not differences(ours, _figures(reference))


@needs_shared
@pytest.mark.parametrize("name", ["uw-dev", "meantime-dev"])
def test_factuality_scores_agree_with_the_reference_scorer(name, tmp_path):
    gold_path = SHARED / "data" / "factuality" / f"{name}.jsonl"
    gold = list(read_jsonl(gold_path))
    rng = random.Random(11)
    predictions = [{"article": {"id": r["id"], "text": r["text"]}, "predicates": [
        {"span": {k: p[k] for k in ("start", "end", "text")},
         "factuality": {"score": p["score"] + rng.choice([-1.5, 0, 0, 2])}}
        for p in r["predicates"] if rng.random() > 0.2]} for r in gold]
    ours = factuality.score(gold, predictions)
    reference = reference_metrics("score_factuality.py", gold_path, predictions, tmp_path)
    assert not differences(ours, _figures(reference))


SCORED = {"attribution": "attributions", "factuality": "predicates", "time": "times", "places": "places"}


@pytest.mark.parametrize("task", sorted(SCORED))
def test_eval_scores_what_the_full_pipeline_outputs(task):
    """A task runs only the stages it needs, but what it scores must be what `analyze` gives:
    a stage the task leaves out may not change the scored part."""
    from newsgraph.evaluation.runner import TASKS
    from newsgraph.model import Article
    from newsgraph.pipeline import analyze

    article = Article(id="a1", published="2024-03-15", text=(
        "LAGOS (AP) - The envoy, Carlos Ibarra, met the governors in Abuja on Tuesday. Ibarra "
        "told reporters the talks would continue next week, a spokesman said. Officials did "
        "not confirm that troops had left Kano."))
    key = SCORED[task]
    assert analyze(article, stages=TASKS[task].stages).to_dict()[key] == analyze(article).to_dict()[key]
