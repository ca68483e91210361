"""Temporal-expression scores (TempEval-3 style) against TIMEX3 gold.

Definitions (``shared/data/time/README.md``, ``score_time.py``): per document, gold and
predicted times (spans trimmed of surrounding whitespace) are aligned one-to-one, identical
spans first, then by largest character overlap. *Strict*: aligned with identical spans;
*relaxed*: aligned; *value* / *type*: aligned and agreeing (values compared stripped and
upper-cased). P = hits / predicted, R = hits / gold. Predicted times without a span are left
out. Headline: relaxed F1, strict F1, value F1.
"""

from __future__ import annotations

from .common import align_record, gold_predictions, input_warning, prf

KINDS = ("strict", "relaxed", "value", "type")
HEADLINE = ("relaxed_f1", "strict_f1", "value_f1")
COUNTS = ("n_gold", "n_pred", *KINDS, "unspanned_pred", "missing_docs", "text_mismatch_docs",
          "span_text_mismatch", "bad_span", "pred_docs_not_in_gold")


def normal_value(value) -> str | None:
    return None if value is None else str(value).strip().upper()


def normal_type(time: dict) -> str:
    return str(time.get("type", "")).upper()


def score(gold: list[dict], predictions: list[dict]) -> dict:
    """All time metrics for gold records and article-output predictions."""
    counts = dict.fromkeys(COUNTS, 0)
    by_id = gold_predictions(gold, predictions, counts)
    by_gold_type: dict = {}  # gold type -> [gold, aligned, aligned with the value]
    for record in gold:
        gold_times, gold_spans, placed, aligned = align_record(record, by_id.get(record["id"]), "times", counts)
        for gi, gold_time in enumerate(gold_times):
            tally = by_gold_type.setdefault(gold_time.get("type"), [0, 0, 0])
            tally[0] += 1
            if gi not in aligned:
                continue
            predicted, span = placed[aligned[gi]]
            same_value = normal_value(gold_time.get("value")) == normal_value(predicted.get("value"))
            counts["relaxed"] += 1
            counts["strict"] += span == gold_spans[gi]
            counts["value"] += same_value
            counts["type"] += normal_type(gold_time) == normal_type(predicted)
            tally[1] += 1
            tally[2] += same_value

    metrics: dict = {}
    for kind in KINDS:
        metrics[f"{kind}_p"], metrics[f"{kind}_r"], metrics[f"{kind}_f1"] = prf(
            counts[kind], counts["n_pred"], counts[kind], counts["n_gold"])
    relaxed = counts["relaxed"]
    metrics["value_acc"] = counts["value"] / relaxed if relaxed else 0.0
    metrics["type_acc"] = counts["type"] / relaxed if relaxed else 0.0
    metrics["recall_by_gold_type"] = {
        kind: {"n": n, "relaxed_r": hits / n, "value_r": values / n}
        for kind, (n, hits, values) in sorted(by_gold_type.items(), key=lambda item: str(item[0]))}
    metrics["counts"] = counts
    metrics["n_docs"] = len(gold)
    metrics["headline"] = {key: metrics[key] for key in HEADLINE}
    return metrics


def report(metrics: dict) -> list[str]:
    """The metrics as text lines: P/R/F1 per kind, accuracies, recall per gold type, headline."""
    c = metrics["counts"]
    lines = [f"time: {metrics['n_docs']} gold docs, {c['n_gold']} gold / {c['n_pred']} predicted times "
             f"({c['unspanned_pred']} without a span left out, {c['missing_docs']} docs without prediction)",
             f"{'match':<8} {'P':>7} {'R':>7} {'F1':>7}"]
    for kind in KINDS:
        p, r, f = (metrics[f"{kind}_{m}"] for m in ("p", "r", "f1"))
        lines.append(f"{kind:<8} {p:7.4f} {r:7.4f} {f:7.4f}")
    lines.append(f"on relaxed matches: type accuracy {metrics['type_acc']:.4f}, "
                 f"value accuracy {metrics['value_acc']:.4f}")
    for kind, row in metrics["recall_by_gold_type"].items():
        lines.append(f"  gold {str(kind):<9} n={row['n']:>5}  relaxed R {row['relaxed_r']:.4f}  "
                     f"value R {row['value_r']:.4f}")
    lines += input_warning(c)
    lines.append("headline: " + "  ".join(f"{k}={v:.4f}" for k, v in metrics["headline"].items()))
    return lines
