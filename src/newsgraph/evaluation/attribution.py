"""Attribution scores (source / cue / content) against PolNeAR-style gold.

Definitions (``shared/data/attribution/README.md``): spans become token sets (word tokens
they overlap, else their punctuation tokens); gold and predicted attributions are aligned
one-to-one, greedily by cue then content token-Jaccard, among pairs whose cues or contents
share a token. Per role: *exact* (equal token sets, against gold fragments or hull),
*overlap* (sets intersect), *token* (proportional). Sources are scored only where gold has
one. Headline: content overlap F1, cue exact F1, source overlap F1.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .common import char_range, predictions_by_id, prf

TOKEN = re.compile(r"\w+(?:['\u2019\-]\w+)*|[^\w\s]")
ROLES = ("cue", "source", "content")
HEADLINE = ("content_overlap_f1", "cue_exact_f1", "source_overlap_f1")


class TokenIndex:
    """The scorer's tokens of one text, to turn character spans into token sets."""

    def __init__(self, text: str) -> None:
        self.tokens = [(m.start(), m.end(), m.group()[0].isalnum() or m.group()[0] == "_")
                       for m in TOKEN.finditer(text)]
        self.starts = [start for start, _, _ in self.tokens]

    def token_set(self, ranges: list[tuple[int, int]]) -> frozenset[int]:
        words, punctuation = set(), set()
        for start, end in ranges:
            i = max(0, bisect.bisect_right(self.starts, start) - 1)
            while i < len(self.tokens) and self.tokens[i][0] < end:
                if self.tokens[i][1] > start:
                    (words if self.tokens[i][2] else punctuation).add(i)
                i += 1
        return frozenset(words or punctuation)


@dataclass(frozen=True)
class Role:
    """One role of one attribution as token sets: its fragments and its hull."""

    fragments: frozenset[int]
    hull: frozenset[int]


def read_role(attribution: dict, role: str, index: TokenIndex, text_length: int) -> Role | None:
    hull = char_range(attribution.get(role), text_length)
    pieces = [r for r in (char_range(f, text_length) for f in attribution.get(role + "_fragments") or []) if r]
    if hull is None and not pieces:
        return None
    if hull is None:
        hull = (min(s for s, _ in pieces), max(e for _, e in pieces))
    fragments = index.token_set(pieces or [hull])
    if not fragments:
        return None
    return Role(fragments, index.token_set([hull]))


def jaccard(a: Role | None, b: Role | None) -> float:
    if a is None or b is None:
        return 0.0
    return len(a.fragments & b.fragments) / len(a.fragments | b.fragments)


def score(gold: list[dict], predictions: list[dict]) -> dict:
    """All attribution metrics for gold records and article-output predictions."""
    by_id = predictions_by_id(predictions)
    counts = {key: 0 for key in ("gold", "pred", "aligned", "gold_src", "pred_src")}
    for role in ROLES:
        for key in ("exact", "overlap", "tok_shared", "tok_pred", "tok_gold"):
            counts[f"{role}_{key}"] = 0

    for record in gold:
        text = record["text"]
        index = TokenIndex(text)
        predicted = (by_id.get(record["id"]) or {}).get("attributions") or []
        golds = [{r: read_role(a, r, index, len(text)) for r in ROLES} for a in record.get("attributions", [])]
        preds = [{r: read_role(a, r, index, len(text)) for r in ROLES}
                 for a in predicted if isinstance(a, dict)]
        counts["gold"] += len(golds)
        counts["pred"] += len(preds)

        candidates = sorted(
            (-jaccard(g["cue"], p["cue"]), -jaccard(g["content"], p["content"]), gi, pi)
            for gi, g in enumerate(golds) for pi, p in enumerate(preds)
            if jaccard(g["cue"], p["cue"]) > 0 or jaccard(g["content"], p["content"]) > 0
        )
        pairs: dict[int, int] = {}  # predicted index -> gold index
        for _, _, gi, pi in candidates:
            if pi not in pairs and gi not in pairs.values():
                pairs[pi] = gi
        counts["aligned"] += len(pairs)

        for g in golds:
            for role in ROLES:
                if g[role]:
                    counts[f"{role}_tok_gold"] += len(g[role].fragments)
            counts["gold_src"] += bool(g["source"])
        for pi, p in enumerate(preds):
            for role in ROLES:
                if not p[role]:
                    continue
                if role == "source":
                    if pi in pairs and not golds[pairs[pi]]["source"]:
                        continue  # gold has no source here: not scored
                    counts["pred_src"] += 1
                counts[f"{role}_tok_pred"] += len(p[role].fragments)
        for pi, gi in pairs.items():
            for role in ROLES:
                g, p = golds[gi][role], preds[pi][role]
                if not g or not p:
                    continue
                counts[f"{role}_exact"] += p.fragments in (g.fragments, g.hull) or p.hull == g.hull
                counts[f"{role}_overlap"] += bool(p.fragments & g.fragments)
                counts[f"{role}_tok_shared"] += len(p.fragments & g.fragments)

    metrics: dict = {}
    for role in ROLES:
        n_pred = counts["pred_src"] if role == "source" else counts["pred"]
        n_gold = counts["gold_src"] if role == "source" else counts["gold"]
        for kind in ("exact", "overlap"):
            hits = counts[f"{role}_{kind}"]
            _set_prf(metrics, f"{role}_{kind}", prf(hits, n_pred, hits, n_gold))
        shared = counts[f"{role}_tok_shared"]
        _set_prf(metrics, f"{role}_token",
                 prf(shared, counts[f"{role}_tok_pred"], shared, counts[f"{role}_tok_gold"]))
    _set_prf(metrics, "attribution_aligned",
             prf(counts["aligned"], counts["pred"], counts["aligned"], counts["gold"]))
    metrics["counts"] = {
        "gold_docs": len(gold), "gold_attributions": counts["gold"],
        "pred_attributions": counts["pred"], "aligned": counts["aligned"],
        "gold_with_source": counts["gold_src"], "pred_sources_scored": counts["pred_src"],
    }
    metrics["headline"] = {key: metrics[key] for key in HEADLINE}
    return metrics


def _set_prf(metrics: dict, name: str, values: tuple[float, float, float]) -> None:
    metrics[f"{name}_p"], metrics[f"{name}_r"], metrics[f"{name}_f1"] = values


def report(metrics: dict) -> list[str]:
    """The metrics as text lines: one row per role and kind, then the headline."""
    c = metrics["counts"]
    lines = [f"attribution: {c['gold_docs']} gold docs, {c['gold_attributions']} gold / "
             f"{c['pred_attributions']} predicted attributions, {c['aligned']} aligned",
             f"{'role':<8} {'metric':<8} {'P':>7} {'R':>7} {'F1':>7}"]
    for role in ROLES:
        for kind in ("exact", "overlap", "token"):
            p, r, f = (metrics[f"{role}_{kind}_{m}"] for m in ("p", "r", "f1"))
            lines.append(f"{role:<8} {kind:<8} {p:7.4f} {r:7.4f} {f:7.4f}")
    lines.append("headline: " + "  ".join(f"{k}={v:.4f}" for k, v in metrics["headline"].items()))
    return lines
