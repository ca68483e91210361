"""Fit the learned attribution cue model on PolNeAR *train*.

    .venv/bin/python tools/fit_attribution_cues.py ../shared/data/attribution/polnear-train.jsonl.gz

Runs the pipeline up to the actors stage over the train articles and takes, for every token
the model decides about (:func:`newsgraph.attributions.cue_candidates`: verbs and nouns the
cue lexicon does not list), its features (:func:`newsgraph.attributions.cue_features`) and
whether it lies in a gold cue. It fits an L2-penalised logistic regression (Newton steps,
numpy) on the features that at least ``MIN_COUNT`` candidates have. The threshold is chosen by
``FOLDS``-fold cross-validation over the train articles (article ``n`` in fold ``n % FOLDS``):
for each fold a model fit on the other folds runs the attribution stage on it, and the
threshold with the best headline score (content overlap, cue exact, source overlap F1,
summed) averaged over the folds wins. The model fit on all train articles and that threshold
are written to ``src/newsgraph/lexicons/attribution-cue-model.toml``. Only feature names (word types, tags,
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
FOLDS = 5
THRESHOLDS = tuple(round(0.3 + 0.05 * k, 2) for k in range(13))  # 0.3 ... 0.9
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
             f"# (all articles; the threshold was chosen by {FOLDS}-fold cross-validation on them).",
             "# An unlisted verb or noun is a cue when the logistic of the summed weights of its",
             "# features (attributions.cue_features) reaches the threshold. Features not listed",
             f"# weigh 0; only features of at least {MIN_COUNT} train candidates are fit.",
             "", f"threshold = {threshold}", "", "[weights]"]
    lines += [f"{json.dumps(name, ensure_ascii=False)} = {value:.3f}"
              for name, value in sorted(weights.items()) if abs(value) >= 0.0005]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


def cross_validate(pairs, rows_of: list[list[tuple[list[str], bool]]]) -> dict[float, dict[str, float]]:
    """The headline metrics (with prediction and alignment counts) per threshold, averaged
    over the folds; those of the lexicon alone under ``None``."""
    results: dict = {}
    for fold in range(FOLDS):
        rows = [row for n, doc_rows in enumerate(rows_of) if n % FOLDS != fold for row in doc_rows]
        held_out = [p for n, p in enumerate(pairs) if n % FOLDS == fold]
        weights = fit(rows, PENALTY)
        models = {None: attributions.NO_CUE_MODEL,
                  **{t: attributions.CueModel(t, weights) for t in THRESHOLDS}}
        for threshold, model in models.items():
            results.setdefault(threshold, []).append(headline(held_out, model))
        print(f"fold {fold} done", flush=True)
    return {t: {k: sum(r[k] for r in runs) / len(runs) for k in runs[0]} for t, runs in results.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("train")
    args = parser.parse_args()
    pairs = parse(args.train)
    rows_of = [examples(record, doc) for record, doc in pairs]
    print(f"{sum(map(len, rows_of))} candidates, {sum(label for rows in rows_of for _, label in rows)} in gold cues")
    results = cross_validate(pairs, rows_of)
    for threshold, metrics in results.items():
        print(f"cross-validated, {'lexicon only' if threshold is None else f'threshold {threshold}'}:",
              {k: round(v, 4) for k, v in metrics.items()})
    best = max(THRESHOLDS, key=lambda t: sum(results[t][k] for k in
                                             ("content_overlap_f1", "cue_exact_f1", "source_overlap_f1")))
    print(f"best threshold {best}")
    write(fit([row for rows in rows_of for row in rows], PENALTY), best, args.train)


if __name__ == "__main__":
    main()
