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
are written to ``src/newsgraph/lexicons/attribution-cue-model.toml``.

Then, with that cue model, it fits the keep model the same way on the attributions found
in train (:func:`newsgraph.attributions.keep_features`, labelled by whether their cue
overlaps a gold cue), its threshold (0 keeps all) chosen by the same cross-validation, and
writes ``attribution-keep-model.toml``; ``--keep-only`` refits just that one. Only feature
names (word types, tags, dependency labels) and numbers are written: no gold text. Use
train only; dev stays for evaluation.
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
KEEP_THRESHOLDS = (0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)  # 0: keep all
LEXICONS = Path(__file__).resolve().parents[1] / "src/newsgraph/lexicons"
CUE_OUT, KEEP_OUT = LEXICONS / "attribution-cue-model.toml", LEXICONS / "attribution-keep-model.toml"


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


def keep_examples(record: dict, doc, model: attributions.CueModel) -> list[tuple[list[str], bool]]:
    """Features and gold label (its cue overlaps a gold cue fragment) of the attributions
    found in the doc with ``model``'s learned cues that the keep model decides about."""
    cue_chars = {i for a in record["attributions"] for f in a["cue_fragments"]
                 for i in range(f["start"], f["end"])}
    found = attributions.found_attributions(doc, model)
    return [(features, any(i in cue_chars for t in f.cue for i in range(t.idx, t.idx + len(t))))
            for f, features in zip(found, attributions.keep_features(found)) if features is not None]


def headline(pairs, model: attributions.CueModel,
             keep: attributions.CueModel = attributions.KEEP_ALL) -> dict[str, float]:
    """The attribution headline over (record, doc) pairs with ``model``'s learned cues and
    the attributions ``keep`` keeps."""
    predictions = []
    for record, doc in pairs:
        for token in doc:
            token._.attribution = None
        attributions.annotate_attributions(doc, model, keep)
        predictions.append({"id": record["id"], "attributions": [
            {role: _span(getattr(a, role)) for role in ("source", "cue", "content")}
            for a in doc._.attributions]})
    metrics = score([record for record, _ in pairs], predictions)
    return {**metrics["headline"], **{k: metrics["counts"][k] for k in ("pred_attributions", "aligned")}}


def _span(span):
    return None if span is None else {"start": span.start, "end": span.end}


def write(out: Path, note: list[str], weights: dict[str, float], threshold: float, path: str) -> None:
    """Write a model: ``note`` (comment lines saying what it decides), the threshold and
    the weights."""
    lines = [f"# Learned attribution {out.stem.split('-')[1]} model, fit by tools/fit_attribution_cues.py "
             f"on {Path(path).name}",
             f"# (all articles; the threshold was chosen by {FOLDS}-fold cross-validation on them).",
             *(f"# {line}" for line in note),
             f"# Features not listed weigh 0; only features of at least {MIN_COUNT} train examples are fit.",
             "", f"threshold = {threshold}", "", "[weights]"]
    lines += [f"{json.dumps(name, ensure_ascii=False)} = {value:.3f}"
              for name, value in sorted(weights.items()) if abs(value) >= 0.0005]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out}")


def cross_validate(pairs, rows_of: list[list[tuple[list[str], bool]]], models_of) -> dict:
    """The headline metrics (with prediction and alignment counts) per label of
    ``models_of(weights)`` (a dict of label -> (cue model, keep model)), weights fit on the
    other folds, averaged over the folds."""
    results: dict = {}
    for fold in range(FOLDS):
        rows = [row for n, doc_rows in enumerate(rows_of) if n % FOLDS != fold for row in doc_rows]
        held_out = [p for n, p in enumerate(pairs) if n % FOLDS == fold]
        for label, (model, keep) in models_of(fit(rows, PENALTY)).items():
            results.setdefault(label, []).append(headline(held_out, model, keep))
        print(f"fold {fold} done", flush=True)
    results = {t: {k: sum(r[k] for r in runs) / len(runs) for k in runs[0]} for t, runs in results.items()}
    for label, metrics in results.items():
        print(f"cross-validated, {label}:", {k: round(v, 4) for k, v in metrics.items()})
    return results


def best(results: dict, labels) -> float:
    """The label of ``labels`` with the best summed headline."""
    return max(labels, key=lambda t: sum(results[t][k] for k in
                                         ("content_overlap_f1", "cue_exact_f1", "source_overlap_f1")))


def fit_cue_model(pairs, path: str) -> None:
    """Fit the cue model of unlisted verbs and nouns and choose its threshold."""
    rows_of = [examples(record, doc) for record, doc in pairs]
    print(f"{sum(map(len, rows_of))} candidates, {sum(label for rows in rows_of for _, label in rows)} in gold cues")
    results = cross_validate(pairs, rows_of, lambda weights: {
        "lexicon only": (attributions.NO_CUE_MODEL, attributions.KEEP_ALL),
        **{t: (attributions.CueModel(t, weights), attributions.KEEP_ALL) for t in THRESHOLDS}})
    threshold = best(results, THRESHOLDS)
    print(f"best cue threshold {threshold}")
    write(CUE_OUT, ["An unlisted verb or noun is a cue when the logistic of the summed weights of its",
                    "features (attributions.cue_features) reaches the threshold."],
          fit([row for rows in rows_of for row in rows], PENALTY), threshold, path)


def fit_keep_model(pairs, path: str) -> None:
    """Fit the keep model of found attributions, with the cue model as written, and choose
    its threshold (0 keeps all). The cue model was fit on every fold, held-out ones too."""
    attributions.cue_model.cache_clear()
    cue = attributions.cue_model()
    rows_of = [keep_examples(record, doc, cue) for record, doc in pairs]
    print(f"{sum(map(len, rows_of))} found, {sum(label for rows in rows_of for _, label in rows)} at gold cues")
    results = cross_validate(pairs, rows_of, lambda weights: {
        t: (cue, attributions.CueModel(t, weights)) for t in KEEP_THRESHOLDS})
    threshold = best(results, KEEP_THRESHOLDS)
    print(f"best keep threshold {threshold}")
    write(KEEP_OUT, ["A found attribution is kept when the logistic of the summed weights of its",
                     "features (attributions.attribution_features) reaches the threshold."],
          fit([row for rows in rows_of for row in rows], PENALTY), threshold, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("train")
    parser.add_argument("--keep-only", action="store_true", help="refit only the keep model")
    args = parser.parse_args()
    pairs = parse(args.train)
    if not args.keep_only:
        fit_cue_model(pairs, args.train)
    fit_keep_model(pairs, args.train)


if __name__ == "__main__":
    main()
