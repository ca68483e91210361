"""Geoparsing scores (toponym recognition and resolution) against GeoWebNews-style gold.

Definitions (``shared/data/places/README.md``, ``score_places.py``): per document, gold and
predicted places (spans trimmed of surrounding whitespace) are aligned one-to-one, identical
spans first, then by largest character overlap; recognition P = aligned / predicted,
R = aligned / gold. Where gold has groups, the *literal* variant treats associative gold
toponyms as "don't care". Resolution, over gold toponyms with coordinates: the haversine
distance to the aligned prediction (20039 km when it has no coordinates); acc@161 over the
aligned ones and over all; AUC of sorted log(1 + error) (Gritta et al. 2018). Predicted
places without a span are left out. Headline: recog F1, acc@161 matched, acc@161 all, AUC.
"""

from __future__ import annotations

import math

from ..gazetteer import great_circle_km
from .common import align_record, gold_predictions, input_warning, prf

MAX_ERROR_KM = 20039.0  # about half the Earth's circumference
CORRECT_KM = 161.0  # 100 miles
HEADLINE = ("recog_f1", "acc161_matched", "acc161_all", "auc")
COUNTS = ("n_gold", "n_pred", "matched", "unspanned_pred", "missing_docs", "text_mismatch_docs",
          "span_text_mismatch", "bad_span", "pred_docs_not_in_gold", "n_gold_literal", "matched_literal",
          "pred_on_associative", "res_gold", "res_matched", "res_correct", "res_pred_no_coords",
          "gid_gold", "gid_correct")


def finite_number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def coordinates(place: dict) -> tuple[float, float] | None:
    lat, lon = finite_number(place.get("lat")), finite_number(place.get("lon"))
    return None if lat is None or lon is None else (lat, lon)


def same_geonameid(gold_id, predicted_id) -> bool:
    try:
        return predicted_id is not None and int(predicted_id) == int(gold_id)
    except (TypeError, ValueError):
        return False


def auc(errors: list[float]) -> float | None:
    """Area under the sorted ``log(1 + error)`` curve (trapezoids), scaled to [0, 1]; 0 best."""
    if not errors:
        return None
    top = math.log(MAX_ERROR_KM)
    heights = sorted(min(top, math.log(1 + error)) for error in errors)
    if len(heights) == 1:
        return heights[0] / top
    area = sum((left + right) / 2 for left, right in zip(heights, heights[1:]))
    return area / (top * (len(heights) - 1))


def median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered, middle = sorted(values), len(values) // 2
    return ordered[middle] if len(values) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def score(gold: list[dict], predictions: list[dict], require_geonameid: bool = False) -> dict:
    """All place metrics; with ``require_geonameid`` resolution counts only gold toponyms
    that have a GeoNames id (the paper's GeoWebNews setting)."""
    counts = dict.fromkeys(COUNTS, 0)
    by_id = gold_predictions(gold, predictions, counts)
    has_groups = any("group" in place for record in gold for place in record.get("places", []))
    errors: list[float] = []
    by_type: dict = {}  # gold type -> [gold, aligned, resolvable, correct]
    by_group: dict = {}  # gold group -> [resolvable, aligned, correct]
    for record in gold:
        gold_places, _, placed, aligned = align_record(record, by_id.get(record["id"]), "places", counts)
        counts["matched"] += len(aligned)
        for gi, gold_place in enumerate(gold_places):
            if has_groups and gold_place.get("group") == "associative":
                counts["pred_on_associative"] += gi in aligned
            elif has_groups:
                counts["n_gold_literal"] += 1
                counts["matched_literal"] += gi in aligned
            type_tally = by_type.setdefault(gold_place.get("type") or "all", [0, 0, 0, 0])
            type_tally[0] += 1
            type_tally[1] += gi in aligned
            gold_point = coordinates(gold_place)
            if gold_point is None or (require_geonameid and gold_place.get("geonameid") is None):
                continue
            counts["res_gold"] += 1
            type_tally[2] += 1
            group_tally = by_group.setdefault(gold_place.get("group") or "all", [0, 0, 0])
            group_tally[0] += 1
            if gi not in aligned:
                continue
            predicted = placed[aligned[gi]][0]
            counts["res_matched"] += 1
            group_tally[1] += 1
            predicted_point = coordinates(predicted)
            if predicted_point is None:
                counts["res_pred_no_coords"] += 1
                error = MAX_ERROR_KM
            else:
                error = great_circle_km(*gold_point, *predicted_point)
            errors.append(error)
            if error <= CORRECT_KM:
                counts["res_correct"] += 1
                type_tally[3] += 1
                group_tally[2] += 1
            if gold_place.get("geonameid") is not None:
                counts["gid_gold"] += 1
                counts["gid_correct"] += same_geonameid(gold_place["geonameid"], predicted.get("geonameid"))

    metrics: dict = {}
    metrics["recog_p"], metrics["recog_r"], metrics["recog_f1"] = prf(
        counts["matched"], counts["n_pred"], counts["matched"], counts["n_gold"])
    if has_groups:
        metrics["recog_p_literal"], metrics["recog_r_literal"], metrics["recog_f1_literal"] = prf(
            counts["matched_literal"], counts["n_pred"] - counts["pred_on_associative"],
            counts["matched_literal"], counts["n_gold_literal"])
    metrics["acc161_matched"] = _share(counts["res_correct"], counts["res_matched"], 0.0)
    metrics["acc161_all"] = _share(counts["res_correct"], counts["res_gold"], 0.0)
    metrics["mean_error_km"] = sum(errors) / len(errors) if errors else None
    metrics["median_error_km"] = median(errors)
    metrics["auc"] = auc(errors)
    metrics["auc_all"] = auc(errors + [MAX_ERROR_KM] * (counts["res_gold"] - counts["res_matched"]))
    metrics["geonameid_acc"] = _share(counts["gid_correct"], counts["gid_gold"], None)
    metrics["by_gold_type"] = {
        kind: {"n": n, "recog_r": hits / n, "n_resolvable": resolvable,
               "acc161_all": _share(correct, resolvable, None)}
        for kind, (n, hits, resolvable, correct) in sorted(by_type.items())}
    if has_groups:
        metrics["resolution_by_group"] = {
            group: {"n": n, "matched": hits, "acc161_matched": _share(correct, hits, None),
                    "acc161_all": _share(correct, n, None)}
            for group, (n, hits, correct) in sorted(by_group.items())}
    metrics["counts"] = counts
    metrics["n_docs"] = len(gold)
    metrics["require_geonameid"] = require_geonameid
    metrics["headline"] = {key: metrics[key] for key in HEADLINE}
    return metrics


def _share(part: int, whole: int, undefined: float | None) -> float | None:
    return part / whole if whole else undefined


def report(metrics: dict) -> list[str]:
    """The metrics as text lines: recognition, resolution, per group and type, headline."""
    def fmt(value, spec=".4f"):
        return "n/a" if value is None else format(value, spec)

    c = metrics["counts"]
    lines = [f"places: {metrics['n_docs']} gold docs, {c['n_gold']} gold / {c['n_pred']} predicted places "
             f"({c['unspanned_pred']} without a span left out, {c['missing_docs']} docs without prediction)",
             f"{'recognition':<14} {'P':>7} {'R':>7} {'F1':>7}",
             f"{'all toponyms':<14} {metrics['recog_p']:7.4f} {metrics['recog_r']:7.4f} {metrics['recog_f1']:7.4f}"]
    if "recog_f1_literal" in metrics:
        lines.append(f"{'literal only':<14} {metrics['recog_p_literal']:7.4f} {metrics['recog_r_literal']:7.4f} "
                     f"{metrics['recog_f1_literal']:7.4f}")
    lines.append(f"resolution: {c['res_gold']} gold with coordinates, {c['res_matched']} aligned "
                 f"({c['res_pred_no_coords']} predicted without coordinates)"
                 + ("  [GeoNames id required]" if metrics["require_geonameid"] else ""))
    lines.append(f"  acc@161 matched {fmt(metrics['acc161_matched'])}  all {fmt(metrics['acc161_all'])}  "
                 f"AUC {fmt(metrics['auc'])}  AUC all {fmt(metrics['auc_all'])}")
    lines.append(f"  mean error {fmt(metrics['mean_error_km'], '.1f')} km  median "
                 f"{fmt(metrics['median_error_km'], '.1f')} km  GeoNames id accuracy {fmt(metrics['geonameid_acc'])}")
    for group, row in (metrics.get("resolution_by_group") or {}).items():
        lines.append(f"  {group:<12} n={row['n']:>5}  acc@161 matched {fmt(row['acc161_matched'])}  "
                     f"all {fmt(row['acc161_all'])}")
    if len(metrics["by_gold_type"]) > 1:
        for kind, row in metrics["by_gold_type"].items():
            lines.append(f"  gold {kind:<22} n={row['n']:>5}  recog R {row['recog_r']:.4f}  "
                         f"acc@161 all {fmt(row['acc161_all'])}")
    lines += input_warning(c)
    lines.append("headline: " + "  ".join(f"{k}={fmt(v)}" for k, v in metrics["headline"].items()))
    return lines
