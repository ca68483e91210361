"""PLOVER event scores against the PLOVER gold-standard records.

Definitions (``shared/data/events/README.md``, ``score_events.py --dataset plover``): per
record, the set of predicted PLOVER types is compared with the gold set; micro P/R/F1 over
(record, type) pairs, macro F1 = mean F1 of every type found in gold or predictions. Actor
(recipient) codes: a gold event with at least one code is hit when a predicted event of its
type has an actor (recipient) whose code equals one of them, case-insensitively. Code
accuracy is over gold events whose type was predicted for the record, code recall over all.
Predicted events of other types are ignored; of two lines for one article the first counts.
Headline: type micro F1, type macro F1, actor and recipient code accuracy.

Beyond the reference scorer, ``by_confidence`` checks that ``confidence`` ranks: for each band
of predicted confidence, the share of predicted events whose type the record's gold has.
"""

from __future__ import annotations

from collections import Counter

from ..model import PLOVER_TYPES
from .common import predictions_by_id, prf

HEADLINE = ("type_micro_f1", "type_macro_f1", "actor_code_acc", "recipient_code_acc")
CONFIDENCE_FLOORS = (0.0, 0.4, 0.6, 0.8)  # bands of predicted confidence, by their lower end
ROLES = {"actors": "actor", "recipients": "recipient"}


def plover_events(prediction: dict | None) -> list[dict]:
    """The predicted events with a PLOVER type."""
    return [event for event in (prediction or {}).get("events") or []
            if isinstance(event, dict) and event.get("type") in PLOVER_TYPES]


def codes(participants) -> set[str]:
    return {(p.get("code") or "").upper() for p in participants or [] if isinstance(p, dict)} - {""}


def confidence_band(event: dict) -> float:
    """The lower end of the confidence band the event falls in."""
    value = event.get("confidence")
    value = value if type(value) in (int, float) else 0.0
    return max((floor for floor in CONFIDENCE_FLOORS if value >= floor), default=0.0)


def score(gold: list[dict], predictions: list[dict]) -> dict:
    """Type and code metrics for gold records and article-output predictions."""
    by_id = predictions_by_id(reversed(predictions))  # reversed: the first line wins
    tp, fp, fn = Counter(), Counter(), Counter()
    code_hits, code_scored, code_all = Counter(), Counter(), Counter()  # by role
    missing = 0
    banded = Counter()  # (band, correct) -> predicted events
    for record in gold:
        prediction = by_id.get(record["id"])
        missing += prediction is None
        events = plover_events(prediction)
        predicted = {event["type"] for event in events}
        expected = {event["type"] for event in record["events"]}
        tp.update(expected & predicted)
        fp.update(predicted - expected)
        fn.update(expected - predicted)
        for event in events:
            banded[(confidence_band(event), event["type"] in expected)] += 1
        for gold_event in record["events"]:
            for role in ROLES:
                gold_codes = codes(gold_event.get(role))
                if not gold_codes:
                    continue
                hit = any(event["type"] == gold_event["type"] and codes(event.get(role)) & gold_codes
                          for event in events)
                code_all[role] += 1
                if gold_event["type"] in predicted:
                    code_scored[role] += 1
                    code_hits[role] += hit

    metrics: dict = {"n_records": len(gold), "n_missing_predictions": missing}
    metrics["type_micro_p"], metrics["type_micro_r"], metrics["type_micro_f1"] = prf(
        sum(tp.values()), sum(tp.values()) + sum(fp.values()),
        sum(tp.values()), sum(tp.values()) + sum(fn.values()))
    per_type = {}
    for kind in PLOVER_TYPES:
        n_pred, n_gold = tp[kind] + fp[kind], tp[kind] + fn[kind]
        if n_pred or n_gold:
            p, r, f1 = prf(tp[kind], n_pred, tp[kind], n_gold)
            per_type[kind] = {"gold": n_gold, "pred": n_pred, "tp": tp[kind], "p": p, "r": r, "f1": f1}
    metrics["type_macro_f1"] = (sum(row["f1"] for row in per_type.values()) / len(per_type)
                                if per_type else 0.0)
    for role, name in ROLES.items():
        hits = code_hits[role]
        metrics[f"{name}_code_acc"] = hits / code_scored[role] if code_scored[role] else 0.0
        metrics[f"{name}_code_n"] = code_scored[role]
        metrics[f"{name}_code_recall"] = hits / code_all[role] if code_all[role] else 0.0
    metrics["per_type"] = per_type
    metrics["by_confidence"] = {}
    for floor, ceiling in zip(CONFIDENCE_FLOORS, CONFIDENCE_FLOORS[1:] + (1.0,)):
        right, wrong = banded[(floor, True)], banded[(floor, False)]
        metrics["by_confidence"][f"{floor:.1f}-{ceiling:.1f}"] = {
            "n": right + wrong, "precision": right / (right + wrong) if right + wrong else None}
    metrics["headline"] = {key: metrics[key] for key in HEADLINE}
    return metrics


def report(metrics: dict) -> list[str]:
    """The metrics as text lines: one row per type, then micro/macro and code figures."""
    lines = [f"events (PLOVER types): {metrics['n_records']} gold records, "
             f"{metrics['n_missing_predictions']} without prediction",
             f"{'type':<10} {'gold':>5} {'pred':>5} {'tp':>5} {'P':>7} {'R':>7} {'F1':>7}"]
    for kind, row in metrics["per_type"].items():
        lines.append(f"{kind:<10} {row['gold']:>5} {row['pred']:>5} {row['tp']:>5} "
                     f"{row['p']:7.4f} {row['r']:7.4f} {row['f1']:7.4f}")
    lines.append(f"micro P/R/F1 {metrics['type_micro_p']:.4f}/{metrics['type_micro_r']:.4f}/"
                 f"{metrics['type_micro_f1']:.4f}  macro F1 {metrics['type_macro_f1']:.4f}")
    lines.append(f"actor code accuracy {metrics['actor_code_acc']:.4f} (n={metrics['actor_code_n']}), "
                 f"recall {metrics['actor_code_recall']:.4f}; recipient code accuracy "
                 f"{metrics['recipient_code_acc']:.4f} (n={metrics['recipient_code_n']}), "
                 f"recall {metrics['recipient_code_recall']:.4f}")
    bands = [f"{band} {row['precision']:.2f} (n={row['n']})"
             for band, row in metrics["by_confidence"].items() if row["n"]]
    if bands:
        lines.append("precision by confidence: " + "  ".join(bands))
    lines.append("headline: " + "  ".join(f"{k}={v:.4f}" for k, v in metrics["headline"].items()))
    return lines
