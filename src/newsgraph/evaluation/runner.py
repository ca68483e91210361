"""Run the pipeline over a gold file's texts and score the output (``newsgraph eval``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from ..model import Article
from . import attribution, events, factuality, places, times
from .common import read_jsonl


@dataclass(frozen=True)
class Task:
    scorer: ModuleType
    stages: tuple[str, ...]  # the pipeline prefix the task's output needs


TASKS: dict[str, Task] = {
    "attribution": Task(attribution, ("boilerplate", "actors", "attributions")),
    "factuality": Task(factuality, ("boilerplate", "actors", "attributions", "factuality")),
    "events": Task(events, ("boilerplate", "actors", "attributions", "factuality", "events")),
    # times read only the boilerplate marks; places also the actors (a surname is no town)
    "time": Task(times, ("boilerplate", "times")),
    "places": Task(places, ("boilerplate", "actors", "places")),
}


def predict(gold: list[dict], stages: tuple[str, ...]) -> list[dict]:
    """Article-output objects for the gold records' texts (the gold annotations unseen)."""
    from ..pipeline import analyze_many

    articles = (Article(id=r["id"], text=r["text"], published=r.get("published")) for r in gold)
    return [analysis.to_dict() for analysis in analyze_many(articles, stages=stages)]


def evaluate(task: str, gold_path: str | Path, predictions_path: str | Path | None = None,
             limit: int | None = None, save_predictions: str | Path | None = None) -> dict:
    """Score ``task`` on ``gold_path``: against a prediction file when given, else against
    a fresh run of the pipeline over the gold texts (optionally saved as JSON Lines)."""
    spec = TASKS[task]
    gold = list(read_jsonl(gold_path))[:limit]
    if predictions_path is not None:
        predictions = list(read_jsonl(predictions_path))
    else:
        predictions = predict(gold, spec.stages)
        if save_predictions is not None:
            with open(save_predictions, "w", encoding="utf-8") as out:
                for obj in predictions:
                    out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    return spec.scorer.score(gold, predictions)


def report(task: str, metrics: dict) -> list[str]:
    return TASKS[task].scorer.report(metrics)
