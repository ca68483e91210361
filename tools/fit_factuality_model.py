"""Fit the factuality score model on factuality *train* data.

    .venv/bin/python tools/fit_factuality_model.py \\
        ../shared/data/factuality/uw-train.jsonl ../shared/data/factuality/meantime-train.jsonl

Runs the pipeline up to the factuality stage over the gold sentences and, for every gold
predicate token the stage reads (questions aside), takes its features
(:func:`newsgraph.factuality.score_features`) and gold score. Per polarity (readings that are
negated or not) it fits a linear model on the indicator features that at least ``MIN_COUNT``
predicates have, by least absolute deviations (the error the scale is scored by) with a ridge
penalty on every weight but the bias, and writes the weights to
``src/newsgraph/lexicons/factuality-model.toml``. ``--cv`` instead reports MAE and Pearson's r
of 5-fold cross-validation over train sentences for a few penalties and corpus balances (how
far the small corpus's predicates are weighed up, :func:`corpus_weights`). ``BALANCE`` stays
0: weighing MEANTIME up lowers its cross-validated MAE but not its r, and costs UW. Only
numbers are written: no gold text. Use train files only; dev stays for evaluation.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import numpy as np

from newsgraph import factuality
from newsgraph.evaluation.common import read_jsonl
from newsgraph.model import Article
from newsgraph.pipeline import build_pipeline, make_doc

STAGES = ("boilerplate", "actors", "attributions", "factuality")
MIN_COUNT = 8
PENALTY = 2.0
BALANCE = 0.0
POLARITIES = ("positive", "negative")
OUT = Path(__file__).resolve().parents[1] / "src/newsgraph/lexicons/factuality-model.toml"


def examples(paths: list[str]) -> list[tuple[str, str, list[str], float]]:
    """(sentence id, polarity, features, gold score) of every gold predicate the stage reads."""
    nlp = build_pipeline(STAGES)
    found = []
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
                    polarity = "negative" if reading.negated else "positive"
                    found.append((record["id"], polarity, factuality.score_features(token, reading),
                                  gold["score"]))
    return found


def fit(rows: list[tuple[list[str], float, float]], penalty: float) -> dict[str, float]:
    """Weights minimising sum weight * |gold - prediction| + penalty * sum w^2 (bias
    unpenalised), by iteratively reweighted least squares from the ridge solution."""
    counts = Counter(f for features, *_ in rows for f in set(features))
    names = sorted(f for f, n in counts.items() if n >= MIN_COUNT or f == "bias")
    index = {name: i for i, name in enumerate(names)}
    x = np.zeros((len(rows), len(names)))
    for r, (features, *_) in enumerate(rows):
        for f in features:
            if f in index:
                x[r, index[f]] = 1.0
    y = np.array([gold for _, gold, _ in rows])
    corpus_weight = np.array([weight for *_, weight in rows])
    ridge = penalty * np.eye(len(names))
    ridge[index["bias"], index["bias"]] = 0.0
    sample_weight = corpus_weight.copy()
    for _ in range(50):
        weighted = x * sample_weight[:, None]
        w = np.linalg.solve(x.T @ weighted + ridge, weighted.T @ y)
        sample_weight = corpus_weight / np.maximum(np.abs(y - x @ w), 0.01)
        sample_weight *= corpus_weight.sum() / sample_weight.sum()
    return {name: float(value) for name, value in zip(names, w)}


def predict(weights: dict[str, float], polarity: str, features: list[str]) -> float:
    score = sum(weights.get(f, 0.0) for f in features)
    return max(-3.0, min(0.0, score)) if polarity == "negative" else max(0.0, min(3.0, score))


def corpus_weights(data, balance: float) -> dict[str, float]:
    """Per corpus, the weight of one of its predicates: 1 everywhere at ``balance`` 0; at 1,
    each corpus weighs as much as the largest one in all (so the small corpus's conventions
    count as much as the large one's); in between, the geometric interpolation."""
    sizes = Counter(sid.split("-")[0] for sid, *_ in data)
    largest = max(sizes.values())
    return {corpus: (largest / n) ** balance for corpus, n in sizes.items()}


def fit_all(data, penalty: float, balance: float = 0.0) -> dict[str, dict[str, float]]:
    weight = corpus_weights(data, balance)
    return {polarity: fit([(f, g, weight[sid.split("-")[0]]) for sid, p, f, g in data if p == polarity],
                          penalty)
            for polarity in POLARITIES}


def cross_validate(data, settings: list[tuple[float, float]], folds: int = 5) -> None:
    """MAE and Pearson's r per corpus of ``folds``-fold cross-validation over train
    sentences, for each (penalty, balance)."""
    sentences = sorted({sid for sid, *_ in data})
    fold_of = {sid: i % folds for i, sid in enumerate(np.random.default_rng(0).permutation(sentences))}
    for penalty, balance in settings:
        gold, predicted, corpus = [], [], []
        for k in range(folds):
            model = fit_all([row for row in data if fold_of[row[0]] != k], penalty, balance)
            for sid, polarity, features, score in data:
                if fold_of[sid] == k:
                    gold.append(score)
                    predicted.append(predict(model[polarity], polarity, features))
                    corpus.append(sid.split("-")[0])
        gold, predicted, corpus = np.array(gold), np.array(predicted), np.array(corpus)
        for name in ("uw", "meantime"):
            g, p = gold[corpus == name], predicted[corpus == name]
            print(f"penalty {penalty:4} balance {balance:4}: {name:9} n={len(g)} mae={np.abs(g - p).mean():.4f} "
                  f"r={np.corrcoef(g, p)[0, 1]:.4f}")


def write(model: dict[str, dict[str, float]], paths: list[str]) -> None:
    lines = ["# Factuality score model, fit by tools/fit_factuality_model.py on",
             "# " + ", ".join(Path(p).name for p in paths) + ".",
             "# A predicate's score is the sum of the weights of its features",
             "# (factuality.score_features) in the table of its reading's polarity, bounded to",
             "# [0, 3] (positive) or [-3, 0] (negative). Features not listed weigh 0."]
    for polarity in POLARITIES:
        lines += ["", f"[{polarity}]"]
        lines += [f'"{name}" = {value:.3f}' for name, value in sorted(model[polarity].items())
                  if abs(value) >= 0.0005]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("train", nargs="+")
    parser.add_argument("--cv", action="store_true", help="cross-validate instead of writing")
    args = parser.parse_args()
    data = examples(args.train)
    if args.cv:
        cross_validate(data, [(penalty, balance) for penalty in (0.5, PENALTY, 8.0)
                              for balance in (0.0, 0.5, 1.0)])
    else:
        write(fit_all(data, PENALTY, BALANCE), args.train)


if __name__ == "__main__":
    main()
