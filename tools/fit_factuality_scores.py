"""Fit the factuality score of each cue on factuality *train* data.

    .venv/bin/python tools/fit_factuality_scores.py \\
        ../shared/data/factuality/uw-train.jsonl ../shared/data/factuality/meantime-train.jsonl

Runs the pipeline up to the factuality stage over the gold sentences, reads the rule-based
reading of every gold predicate token, and writes, per (polarity, cue), the median gold score
(the value that minimises absolute error) to ``src/newsgraph/lexicons/factuality-scores.toml``.
A cue seen fewer than ``MIN_COUNT`` times keeps its certainty's default score. Only numbers
are written: no gold text. Use train files only; dev stays for evaluation.
"""

from __future__ import annotations

import statistics
import sys
from collections import defaultdict
from pathlib import Path

from newsgraph import factuality
from newsgraph.evaluation.common import read_jsonl
from newsgraph.model import Article
from newsgraph.pipeline import build_pipeline, make_doc

STAGES = ("boilerplate", "actors", "attributions", "factuality")
MIN_COUNT = 8
OUT = Path(__file__).resolve().parents[1] / "src/newsgraph/lexicons/factuality-scores.toml"


def gold_by_key(paths: list[str]) -> dict[tuple[str, str, str], list[float]]:
    """Gold scores per (polarity, cue, word class), each also under word class "" (any)."""
    nlp = build_pipeline(STAGES)
    found: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    for path in paths:
        records = list(read_jsonl(path))
        docs = nlp.pipe(make_doc(nlp, Article(id=r["id"], text=r["text"])) for r in records)
        for record, doc in zip(records, docs):
            starts = {token.idx: token for token in doc}
            for gold in record["predicates"]:
                token = starts.get(gold["start"])
                if token is None or not factuality.is_predicate(token):
                    continue
                reading = factuality.reading(token)
                if not reading.questioned:
                    polarity, cue = factuality.calibration_key(reading)
                    for kind in ("", reading.kind):
                        found[polarity, cue, kind].append(gold["score"])
    return found


def main(paths: list[str]) -> None:
    found = gold_by_key(paths)
    lines = ["# Factuality score per cue, fit by tools/fit_factuality_scores.py on",
             "# " + ", ".join(Path(p).name for p in paths) + ": the median gold score of the",
             "# train predicates whose reading carries the cue (n of them), over all word",
             "# classes and per class (kind). cue \"\" = no cue.",
             "# A cue not listed scores its certainty's default (factuality.SCORE_OF_CERTAINTY)."]
    for polarity in ("positive", "negative"):
        for (pol, cue, kind), scores in sorted(found.items(), key=lambda kv: kv[0][1:]):
            if pol != polarity or len(scores) < MIN_COUNT:
                continue
            median = round(statistics.median(scores), 1)
            lines += ["", f"[[{polarity}]]", f'cue = "{cue}"'] + ([f'kind = "{kind}"'] if kind else [])
            lines.append(f"score = {median}  # n = {len(scores)}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
