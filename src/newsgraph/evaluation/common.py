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
