"""What the scorers share: reading records, span checks, P/R/F1 and Pearson's r."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from pathlib import Path


def read_jsonl(path: str | Path) -> Iterator[dict]:
    """JSON objects of a JSON Lines file (``.gz`` too); blank and non-JSON lines are skipped."""
    import gzip

    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            line = line.strip()
            if not line:
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(obj, dict):
                yield obj


def predictions_by_id(predictions: Iterable[dict]) -> dict[str, dict]:
    """Article-output objects keyed by ``article.id`` (a later line wins)."""
    return {(p.get("article") or {}).get("id", p.get("id")): p for p in predictions}


def char_range(obj, text_length: int) -> tuple[int, int] | None:
    """``(start, end)`` of a span object, or None when it is missing or out of range."""
    if not isinstance(obj, dict):
        return None
    start, end = obj.get("start"), obj.get("end")
    if type(start) is not int or type(end) is not int:
        return None
    return (start, end) if 0 <= start < end <= text_length else None


def prf(hits_p: int, n_pred: int, hits_r: int, n_gold: int) -> tuple[float, float, float]:
    p = hits_p / n_pred if n_pred else 0.0
    r = hits_r / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def pearson(xs: list[float], ys: list[float]) -> float:
    """Pearson's r; 0.0 where it is undefined (fewer than two points, or a constant side)."""
    n = len(xs)
    if n < 2:
        return 0.0
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    var_x = sum((x - mean_x) ** 2 for x in xs)
    var_y = sum((y - mean_y) ** 2 for y in ys)
    if var_x <= 0 or var_y <= 0:
        return 0.0
    cov = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys))
    return cov / math.sqrt(var_x * var_y)


def trim_whitespace(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` clamped to ``text`` and less the whitespace around it."""
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def match_spans(gold: list[tuple[int, int]], predicted: list[tuple[int, int]]) -> dict[int, int]:
    """A one-to-one alignment, gold index -> predicted index.

    Identical spans first (each gold span, in order, takes the earliest free identical
    prediction), then among the rest the pairs with the largest character overlap (ties:
    earlier gold, then earlier prediction).
    """
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for gi, span in enumerate(gold):
        pi = next((pi for pi, other in enumerate(predicted) if other == span and pi not in taken), None)
        if pi is not None:
            pairs[gi] = pi
            taken.add(pi)
    overlapping = sorted(
        (-(min(g_end, p_end) - max(g_start, p_start)), gi, pi)
        for gi, (g_start, g_end) in enumerate(gold) if gi not in pairs
        for pi, (p_start, p_end) in enumerate(predicted) if pi not in taken
        if min(g_end, p_end) > max(g_start, p_start)
    )
    for _, gi, pi in overlapping:
        if gi not in pairs and pi not in taken:
            pairs[gi] = pi
            taken.add(pi)
    return pairs


UNPLACED = (-1, -1)  # an out-of-range predicted span: it overlaps nothing


def placed_predictions(record: dict, prediction: dict | None, key: str,
                       counts: dict[str, int]) -> list[tuple[dict, tuple[int, int]]]:
    """``(item, trimmed span)`` for the items under ``key`` of one article's prediction.

    Items without a span cannot be placed and are left out; items whose span lies outside
    the text are kept at :data:`UNPLACED`, so that they still count against precision.
    Tallies ``missing_docs``, ``text_mismatch_docs``, ``unspanned_pred``, ``bad_span`` and
    ``span_text_mismatch`` in ``counts``.
    """
    text = record["text"]
    if prediction is None:
        counts["missing_docs"] += 1
        return []
    if (prediction.get("article") or {}).get("text") not in (None, text):
        counts["text_mismatch_docs"] += 1
    placed = []
    for item in prediction.get(key) or []:
        span = item.get("span") if isinstance(item, dict) else None
        if not isinstance(span, dict) or span.get("start") is None or span.get("end") is None:
            counts["unspanned_pred"] += 1
            continue
        start, end = int(span["start"]), int(span["end"])
        if not 0 <= start < end <= len(text):
            counts["bad_span"] += 1
            placed.append((item, UNPLACED))
            continue
        if span.get("text") is not None and span["text"] != text[start:end]:
            counts["span_text_mismatch"] += 1
        placed.append((item, trim_whitespace(text, start, end)))
    return placed


def gold_predictions(gold: list[dict], predictions: Iterable[dict], counts: dict[str, int]) -> dict[str, dict]:
    """Article-output objects by ``article.id``, for gold ids only (a later line wins);
    lines for other ids are tallied as ``pred_docs_not_in_gold``, lines without one skipped."""
    gold_ids = {record["id"] for record in gold}
    by_id = {}
    for prediction in predictions:
        article_id = (prediction.get("article") or {}).get("id")
        if article_id is None:
            continue
        if article_id in gold_ids:
            by_id[article_id] = prediction
        else:
            counts["pred_docs_not_in_gold"] += 1
    return by_id


def input_warning(counts: dict[str, int]) -> list[str]:
    """A line about predictions that do not fit the gold texts (none when all fit)."""
    if not (counts["text_mismatch_docs"] or counts["span_text_mismatch"] or counts["bad_span"]
            or counts["pred_docs_not_in_gold"]):
        return []
    return [f"warning: article text differs in {counts['text_mismatch_docs']} docs, "
            f"{counts['span_text_mismatch']} span texts differ, {counts['bad_span']} spans out of range, "
            f"{counts['pred_docs_not_in_gold']} predicted docs not in gold"]


def align_record(record: dict, prediction: dict | None, key: str, counts: dict[str, int]):
    """One gold record's ``key`` items (times, places) with their trimmed spans, the
    predictions that have a span, and their one-to-one alignment (gold index → prediction
    index); tallies ``n_gold`` and ``n_pred``."""
    gold_items = record.get(key, [])
    gold_spans = [trim_whitespace(record["text"], item["start"], item["end"]) for item in gold_items]
    placed = placed_predictions(record, prediction, key, counts)
    counts["n_gold"] += len(gold_items)
    counts["n_pred"] += len(placed)
    return gold_items, gold_spans, placed, match_spans(gold_spans, [span for _, span in placed])
