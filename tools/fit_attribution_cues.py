"""Fit the learned attribution cue model on PolNeAR *train*.

    .venv/bin/python tools/fit_attribution_cues.py ../shared/data/attribution/polnear-train.jsonl.gz

Runs the pipeline up to the actors stage over the train articles and takes, for every token
the model decides about (:func:`newsgraph.attributions.cue_candidates`: verbs and nouns the
cue lexicon does not list), its features (:func:`newsgraph.attributions.cue_features`) and
whether it lies in a gold cue. It fits an L2-penalised logistic regression (Newton steps,
numpy) on the features that at least ``MIN_COUNT`` candidates have, over the articles outside
a held-out slice (every ``HELD_OUT``-th article), then picks the threshold that gives the best
mean headline score (content overlap, cue exact, source overlap F1) of the attribution stage
on the held-out slice, and writes weights and threshold to
``src/newsgraph/lexicons/attribution-cue-model.toml``. Only feature names (word types, tags,
dependency labels) and numbers are written: no gold text. Use train only; dev stays for
evaluation.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import numpy as np

from newsgraph import attributions
from newsgraph.evaluation.attribution import score
from newsgraph.evaluation.common import read_jsonl
from newsgraph.model import Article
from newsgraph.pipeline import build_pipeline, make_doc

STAGES = ("boilerplate", "actors")
MIN_COUNT = 5
PENALTY = 1.0
STEPS, RATE = 600, 0.05  # Adam steps and learning rate
HELD_OUT = 5  # every 5th article: a 20% slice
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
OUT = Path(__file__).resolve().parents[1] / "src/newsgraph/lexicons/attribution-cue-model.toml"


def parse(path: str):
    """(gold record, parsed doc) of every train article."""
    nlp = build_pipeline(STAGES)
    records = list(read_jsonl(path))
    docs = nlp.pipe(make_doc(nlp, Article(id=r["id"], text=r["text"], published=r.get("published")))
                    for r in records)
    return list(zip(records, docs))


def examples(record: dict, doc) -> list[tuple[list[str], bool]]:
    """Features and gold label (inside a gold cue fragment) of the doc's candidate tokens."""
    cue_chars = {i for a in record["attributions"] for f in a["cue_fragments"]
                 for i in range(f["start"], f["end"])}
    return [(attributions.cue_features(t), t.idx in cue_chars) for t in attributions.cue_candidates(doc)]


def fit(rows: list[tuple[list[str], bool]], penalty: float) -> dict[str, float]:
    """Logistic regression weights (bias unpenalised) by full-batch Adam over the sparse
    indicator matrix (its cells as row and column index arrays)."""
    counts = Counter(f for features, _ in rows for f in set(features))
    names = sorted(f for f, n in counts.items() if n >= MIN_COUNT or f == "bias")
    index = {name: i for i, name in enumerate(names)}
    cells = [(r, index[f]) for r, (features, _) in enumerate(rows) for f in set(features) if f in index]
    row_of, column_of = (np.array(a) for a in zip(*cells))
    n, d = len(rows), len(names)
    y = np.array([label for _, label in rows], dtype=np.float64)
    ridge = np.full(d, penalty)
    ridge[index["bias"]] = 0.0
    w, m, v = np.zeros(d), np.zeros(d), np.zeros(d)
    for step in range(1, STEPS + 1):
        p = 1.0 / (1.0 + np.exp(-np.bincount(row_of, weights=w[column_of], minlength=n)))
        gradient = np.bincount(column_of, weights=(p - y)[row_of], minlength=d) + ridge * w
        m = 0.9 * m + 0.1 * gradient
        v = 0.999 * v + 0.001 * gradient ** 2
        w -= RATE * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
    return {name: float(value) for name, value in zip(names, w)}


def headline(pairs, model: attributions.CueModel) -> dict[str, float]:
    """The attribution headline over (record, doc) pairs with ``model``'s learned cues."""
    predictions = []
    for record, doc in pairs:
        for token in doc:
            token._.attribution = None
        attributions.annotate_attributions(doc, model)
        predictions.append({"id": record["id"], "attributions": [
            {role: _span(getattr(a, role)) for role in ("source", "cue", "content")}
            for a in doc._.attributions]})
    metrics = score([record for record, _ in pairs], predictions)
    return {**metrics["headline"], **{k: metrics["counts"][k] for k in ("pred_attributions", "aligned")}}


def _span(span):
    return None if span is None else {"start": span.start, "end": span.end}


def write(weights: dict[str, float], threshold: float, path: str) -> None:
    lines = [f"# Learned attribution cue model, fit by tools/fit_attribution_cues.py on {Path(path).name}",
             "# (all but every 5th article; the threshold was chosen on those).",
             "# An unlisted verb or noun is a cue when the logistic of the summed weights of its",
             "# features (attributions.cue_features) reaches the threshold. Features not listed",
             f"# weigh 0; only features of at least {MIN_COUNT} train candidates are fit.",
             "", f"threshold = {threshold}", "", "[weights]"]
    lines += [f"{json.dumps(name, ensure_ascii=False)} = {value:.3f}"
              for name, value in sorted(weights.items()) if abs(value) >= 0.0005]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("train")
    args = parser.parse_args()
    pairs = parse(args.train)
    fitting = [p for n, p in enumerate(pairs) if n % HELD_OUT]
    held_out = [p for n, p in enumerate(pairs) if not n % HELD_OUT]
    rows = [row for record, doc in fitting for row in examples(record, doc)]
    print(f"{len(rows)} candidates, {sum(label for _, label in rows)} in gold cues")
    weights = fit(rows, PENALTY)
    print("held-out, lexicon only:", headline(held_out, attributions.NO_CUE_MODEL))
    results = {}
    for threshold in THRESHOLDS:
        results[threshold] = headline(held_out, attributions.CueModel(threshold, weights))
        print(f"held-out, threshold {threshold}:", results[threshold])
    best = max(THRESHOLDS, key=lambda t: sum(results[t][k] for k in
                                             ("content_overlap_f1", "cue_exact_f1", "source_overlap_f1")))
    print(f"best threshold {best}")
    write(weights, best, args.train)


if __name__ == "__main__":
    main()
