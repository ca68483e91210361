"""Factuality scores (MAE, Pearson's r, coverage) against UW / MEANTIME gold.

Definitions (``shared/data/factuality/README.md``): per sentence, gold predicate tokens and
predicted predicates are aligned one-to-one among overlapping pairs, preferring the same
head word, then the shorter predicted span, then the nearer start. An unaligned gold
predicate counts as predicted 0; predicted scores are clamped to [-3, 3]. MAE and r are over
all gold predicates; coverage is the aligned share.
"""

from __future__ import annotations

import math
import re

from .common import char_range, pearson, predictions_by_id

WORD = re.compile(r"\w+(?:['\u2019\-]\w+)*")
HEADLINE = ("mae", "pearson_r", "coverage")


def predicted_score(predicate: dict) -> float:
    factuality = predicate.get("factuality")
    value = factuality.get("score") if isinstance(factuality, dict) else predicate.get("score")
    if type(value) not in (int, float) or not math.isfinite(value):
        return 0.0
    return max(-3.0, min(3.0, float(value)))


def aligned_scores(record: dict, prediction: dict | None) -> list[tuple[float, float, bool]]:
    """``(gold, predicted, aligned)`` for each gold predicate of one sentence."""
    text = record["text"]
    predicted = []
    for item in (prediction or {}).get("predicates") or []:
        if not isinstance(item, dict):
            continue
        span = char_range(item.get("span", item), len(text))
        if span is None:
            continue
        head = char_range(item.get("head"), len(text))
        if head is None:
            words = [(span[0] + m.start(), span[0] + m.end()) for m in WORD.finditer(text[span[0]:span[1]])]
            head = words[-1] if words else span
        predicted.append((span, head, predicted_score(item)))
    gold = record.get("predicates", [])
    candidates = sorted(
        (0 if head[0] < g["end"] and g["start"] < head[1] else 1, span[1] - span[0],
         abs(span[0] - g["start"]), gi, pi)
        for gi, g in enumerate(gold)
        for pi, (span, head, _) in enumerate(predicted)
        if span[0] < g["end"] and g["start"] < span[1]
    )
    gold_to_pred: dict[int, int] = {}
    used: set[int] = set()
    for *_, gi, pi in candidates:
        if gi not in gold_to_pred and pi not in used:
            gold_to_pred[gi] = pi
            used.add(pi)
    return [(float(g["score"]), predicted[gold_to_pred[gi]][2] if gi in gold_to_pred else 0.0,
             gi in gold_to_pred) for gi, g in enumerate(gold)]


def sign_class(value: float) -> int:
    return 1 if value > 0.5 else -1 if value < -0.5 else 0


def summarize(rows: list[tuple[float, float, bool]]) -> dict:
    if not rows:
        return {"n": 0, "mae": None, "pearson_r": 0.0, "coverage": 0.0, "acc3": 0.0,
                "n_matched": 0, "mae_matched": None, "pearson_r_matched": 0.0}
    gold = [g for g, _, _ in rows]
    pred = [p for _, p, _ in rows]
    matched = [(g, p) for g, p, ok in rows if ok]
    return {
        "n": len(rows),
        "mae": sum(abs(g - p) for g, p in zip(gold, pred)) / len(rows),
        "pearson_r": pearson(gold, pred),
        "coverage": len(matched) / len(rows),
        "acc3": sum(sign_class(g) == sign_class(p) for g, p in zip(gold, pred)) / len(rows),
        "n_matched": len(matched),
        "mae_matched": sum(abs(g - p) for g, p in matched) / len(matched) if matched else None,
        "pearson_r_matched": pearson([g for g, _ in matched], [p for _, p in matched]),
        "mae_all_factual_baseline": sum(abs(g - 3.0) for g in gold) / len(rows),
    }


def score(gold: list[dict], predictions: list[dict]) -> dict:
    by_id = predictions_by_id(predictions)
    rows_by_corpus: dict[str, list] = {}
    for record in gold:
        rows_by_corpus.setdefault(record.get("corpus") or "all", []).extend(
            aligned_scores(record, by_id.get(record["id"])))
    metrics = summarize([row for rows in rows_by_corpus.values() for row in rows])
    if len(rows_by_corpus) > 1:
        metrics["by_corpus"] = {c: summarize(rows) for c, rows in sorted(rows_by_corpus.items())}
    metrics["gold_docs"] = len(gold)
    metrics["headline"] = {key: metrics[key] for key in HEADLINE}
    return metrics


def report(metrics: dict) -> list[str]:
    def fmt(value):
        return "   n/a" if value is None else f"{value:6.4f}"

    lines = [f"factuality: {metrics['gold_docs']} gold sentences, {metrics['n']} gold predicates, "
             f"{metrics['n_matched']} aligned",
             f"{'subset':<10} {'n':>6} {'mae':>6} {'r':>6} {'cover':>6} {'acc3':>6}"]
    for name, m in [("all", metrics), *sorted((metrics.get("by_corpus") or {}).items())]:
        lines.append(f"{name:<10} {m['n']:>6} {fmt(m['mae'])} {fmt(m['pearson_r'])} "
                     f"{fmt(m['coverage'])} {fmt(m['acc3'])}")
    lines.append("headline: " + "  ".join(f"{k}={fmt(metrics[k]).strip()}" for k in HEADLINE))
    return lines
