"""The PLOVER events scorer: hand-made records, and agreement with shared/eval/score_events.py."""

from __future__ import annotations

import random

import pytest
from reference_scorers import SHARED, differences, needs_shared, reference_metrics

from newsgraph.evaluation import events
from newsgraph.evaluation.common import read_jsonl
from newsgraph.model import PLOVER_TYPES


def event(kind: str, actors: tuple[str, ...] = (), recipients: tuple[str, ...] = ()) -> dict:
    return {"type": kind, "actors": [{"code": code} for code in actors],
            "recipients": [{"code": code} for code in recipients]}


GOLD = [
    {"id": "r1", "text": "Rebels shelled the town and the government condemned the attack.",
     "events": [event("ASSAULT", ("SYR",), ("SYR",)), event("ACCUSE", ("SYR",))]},
    {"id": "r2", "text": "Norwegian and Swedish envoys met in Oslo and agreed on a truce.",
     "events": [event("CONSULT", ("NOR",)), event("AGREE", ("NOR", "SWE"))]},
]


def line(article_id: str, predicted: list[dict]) -> dict:
    return {"article": {"id": article_id}, "events": predicted}


def test_gold_as_prediction_scores_one():
    metrics = events.score(GOLD, [line(r["id"], r["events"]) for r in GOLD])
    assert metrics["headline"] == {"type_micro_f1": 1.0, "type_macro_f1": 1.0,
                                   "actor_code_acc": 1.0, "recipient_code_acc": 1.0}
    assert metrics["actor_code_n"] == 4 and metrics["recipient_code_n"] == 1


def test_partial_prediction():
    # r1: ASSAULT right (actor code in lower case), recipient code wrong, a spurious PROTEST
    # and a non-PLOVER type (ignored); r2: no prediction line at all
    predicted = [event("ASSAULT", ("syr",), ("TUR",)), event("PROTEST", ("SYR",)), event("KILL", ("SYR",))]
    metrics = events.score(GOLD, [line("r1", predicted)])
    assert metrics["n_missing_predictions"] == 1
    assert (metrics["type_micro_p"], metrics["type_micro_r"]) == (0.5, 0.25)
    assert metrics["type_micro_f1"] == pytest.approx(1 / 3)
    assert list(metrics["per_type"]) == ["AGREE", "CONSULT", "ACCUSE", "PROTEST", "ASSAULT"]
    assert metrics["per_type"]["ASSAULT"] == {"gold": 1, "pred": 1, "tp": 1, "p": 1.0, "r": 1.0, "f1": 1.0}
    assert metrics["type_macro_f1"] == pytest.approx(1 / 5)
    # codes: only ASSAULT's type was predicted; ACCUSE's SYR is not found through PROTEST
    assert (metrics["actor_code_acc"], metrics["actor_code_n"], metrics["actor_code_recall"]) == (1.0, 1, 0.25)
    assert (metrics["recipient_code_acc"], metrics["recipient_code_n"], metrics["recipient_code_recall"]) == (0.0, 1, 0.0)


def test_an_empty_event_list_is_a_prediction_and_the_first_line_counts():
    metrics = events.score(GOLD, [line("r1", []), line("r1", GOLD[0]["events"]), line("r2", [])])
    assert metrics["n_missing_predictions"] == 0
    assert metrics["type_micro_r"] == 0.0 and metrics["type_micro_f1"] == 0.0
    assert metrics["actor_code_n"] == 0 and metrics["actor_code_acc"] == 0.0


def test_precision_by_confidence_band():
    sure = {**event("ASSAULT"), "confidence": 0.9}
    unsure = {**event("PROTEST"), "confidence": 0.3}
    right_but_unsure = {**event("CONSULT"), "confidence": 0.4}
    metrics = events.score(GOLD, [line("r1", [sure, unsure]), line("r2", [right_but_unsure])])
    assert metrics["by_confidence"] == {
        "0.0-0.4": {"n": 1, "precision": 0.0}, "0.4-0.6": {"n": 1, "precision": 1.0},
        "0.6-0.8": {"n": 0, "precision": None}, "0.8-1.0": {"n": 1, "precision": 1.0}}


def test_nothing_predicted_scores_zero():
    metrics = events.score(GOLD, [])
    assert metrics["n_missing_predictions"] == 2
    assert all(value == 0.0 for value in metrics["headline"].values())
    assert "macro F1 0.0000" in events.report(metrics)[-3]


@needs_shared
def test_scores_agree_with_the_reference_scorer(tmp_path):
    gold_path = SHARED / "data" / "events" / "plover-gsr-dev.jsonl"
    gold = list(read_jsonl(gold_path))
    rng = random.Random(5)
    predictions = []
    for record in gold:
        if rng.random() < 0.1:
            continue  # no prediction line
        predicted = []
        for gold_event in record["events"]:
            roll = rng.random()
            if roll < 0.2:
                continue
            kind = rng.choice(PLOVER_TYPES) if roll < 0.35 else gold_event["type"]
            actors = [{"code": a["code"].lower() if a.get("code") and rng.random() < 0.3 else
                       (rng.choice(["USA", "RUS", None]) if rng.random() < 0.3 else a.get("code"))}
                      for a in gold_event["actors"]]
            recipients = [{"code": rng.choice(["CHN", a.get("code")])} for a in gold_event["recipients"]]
            predicted.append({"type": kind, "actors": actors, "recipients": recipients})
        if rng.random() < 0.15:
            predicted.append({"type": rng.choice([*PLOVER_TYPES, "UNKNOWN"]), "actors": [], "recipients": []})
        predictions.append(line(record["id"], predicted))
        if rng.random() < 0.05:
            predictions.append(line(record["id"], []))  # a later duplicate: ignored
    ours = events.score(gold, predictions)
    reference = reference_metrics("score_events.py", gold_path, predictions, tmp_path, "--dataset", "plover")
    for key in ("dataset", "warnings"):
        reference.pop(key)
    assert not differences(ours, reference, digits=4)
    assert 0 < ours["type_micro_f1"] < 1 and 0 < ours["actor_code_acc"] < 1
