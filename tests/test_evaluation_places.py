"""The places scorer: hand-made examples, and agreement with shared/eval/score_places.py."""

from __future__ import annotations

import math
import random

import pytest
from reference_scorers import SHARED, differences, needs_shared, reference_metrics

from newsgraph.evaluation import places
from newsgraph.evaluation.common import read_jsonl

TEXT = "Floods hit Paris and Lyon on Sunday, French officials said."
PARIS = (48.85341, 2.3488)
LYON = (45.74846, 4.84671)


def at(fragment: str) -> dict:
    start = TEXT.index(fragment)
    return {"start": start, "end": start + len(fragment), "text": fragment}


GOLD = {"id": "p1", "text": TEXT, "places": [
    {**at("Paris"), "lat": PARIS[0], "lon": PARIS[1], "geonameid": 2988507, "type": "Literal", "group": "literal"},
    {**at("Lyon"), "lat": LYON[0], "lon": LYON[1], "geonameid": 2996944, "type": "Literal", "group": "literal"},
    {**at("French"), "lat": 46.0, "lon": 2.0, "geonameid": None, "type": "Demonym", "group": "associative"},
]}


def prediction(predicted: list[dict]) -> dict:
    return {"article": {"id": "p1", "text": TEXT}, "places": predicted}


def test_haversine_distance():
    one_degree = 6371.009 * math.pi / 180
    assert places.great_circle_km(0, 0, 0, 1) == pytest.approx(one_degree)
    assert places.great_circle_km(10, 20, 11, 20) == pytest.approx(one_degree)
    assert places.great_circle_km(0, 0, 0, 180) == pytest.approx(6371.009 * math.pi)
    # the spherical law of cosines gives the same distance (about 393 km) by another formula
    (lat1, lon1), (lat2, lon2) = (map(math.radians, point) for point in (PARIS, LYON))
    angle = math.acos(math.sin(lat1) * math.sin(lat2) + math.cos(lat1) * math.cos(lat2) * math.cos(lon2 - lon1))
    assert places.great_circle_km(*PARIS, *LYON) == pytest.approx(6371.009 * angle)
    assert places.great_circle_km(*PARIS, *LYON) == pytest.approx(393.24, abs=0.01)


def test_auc_of_log_errors():
    top = math.log(20039)
    assert places.auc([]) is None
    assert places.auc([0.0]) == 0.0 and places.auc([1e9]) == 1.0  # capped at the maximum error
    assert places.auc([0.0, math.e - 1, math.e ** 2 - 1]) == pytest.approx((0.5 + 1.5) / (2 * top))


def test_gold_as_prediction_scores_one():
    predicted = [{"span": at(p["text"]), "lat": p["lat"], "lon": p["lon"], "geonameid": p["geonameid"]}
                 for p in GOLD["places"]]
    metrics = places.score([GOLD], [prediction(predicted)])
    assert metrics["headline"] == {"recog_f1": 1.0, "acc161_matched": 1.0, "acc161_all": 1.0, "auc": 0.0}
    assert metrics["geonameid_acc"] == 1.0 and metrics["median_error_km"] == 0.0


def test_partial_prediction():
    predicted = [
        {"span": at("Paris"), "lat": PARIS[0], "lon": PARIS[1], "geonameid": "2988507"},
        {"span": at("Lyon on"), "lat": PARIS[0], "lon": PARIS[1], "geonameid": 2988507},  # 392 km off
        {"span": at("officials"), "lat": 0.0, "lon": 0.0},  # no gold toponym there
        {"span": None, "lat": 1.0, "lon": 1.0},  # cannot be placed: left out
    ]
    metrics = places.score([GOLD], [prediction(predicted)])
    lyon_error = places.great_circle_km(*PARIS, *LYON)
    assert metrics["counts"]["n_pred"] == 3 and metrics["counts"]["unspanned_pred"] == 1
    assert metrics["recog_p"] == pytest.approx(2 / 3) and metrics["recog_r"] == pytest.approx(2 / 3)
    # the associative "French" is "don't care" for the literal variant
    assert metrics["recog_p_literal"] == pytest.approx(2 / 3) and metrics["recog_r_literal"] == 1.0
    assert metrics["acc161_matched"] == 0.5 and metrics["acc161_all"] == pytest.approx(1 / 3)
    assert metrics["mean_error_km"] == pytest.approx(lyon_error / 2)
    assert metrics["auc"] == pytest.approx(math.log(1 + lyon_error) / 2 / math.log(20039))
    assert metrics["auc_all"] == pytest.approx(
        (math.log(1 + lyon_error) / 2 + (math.log(1 + lyon_error) + math.log(20039)) / 2) / (2 * math.log(20039)))
    assert metrics["geonameid_acc"] == 0.5
    assert metrics["resolution_by_group"]["associative"] == {
        "n": 1, "matched": 0, "acc161_matched": None, "acc161_all": 0.0}
    assert metrics["by_gold_type"]["Literal"]["acc161_all"] == 0.5


def test_prediction_without_coordinates_gets_the_maximum_error():
    predicted = [{"span": at("Lyon"), "lat": None, "lon": 4.8}, {"span": at("French"), "lat": "nan", "lon": 2}]
    metrics = places.score([GOLD], [prediction(predicted)])
    assert metrics["counts"]["res_pred_no_coords"] == 2
    assert metrics["mean_error_km"] == 20039.0 and metrics["auc"] == 1.0
    assert metrics["recog_p_literal"] == 1.0  # the prediction on "French" is neither TP nor FP


def test_require_geonameid_restricts_resolution():
    predicted = [{"span": at("French"), "lat": 46.0, "lon": 2.0}]
    assert places.score([GOLD], [prediction(predicted)])["acc161_matched"] == 1.0
    strict = places.score([GOLD], [prediction(predicted)], require_geonameid=True)
    assert strict["counts"]["res_gold"] == 2 and strict["counts"]["res_matched"] == 0
    assert strict["acc161_matched"] == 0.0 and strict["auc"] is None and strict["geonameid_acc"] is None


def test_missing_prediction_scores_zero():
    metrics = places.score([GOLD], [])
    assert metrics["counts"]["missing_docs"] == 1
    assert metrics["headline"] == {"recog_f1": 0.0, "acc161_matched": 0.0, "acc161_all": 0.0, "auc": None}
    assert places.report(metrics)[-1].endswith("auc=n/a")


@needs_shared
@pytest.mark.parametrize("options", [(), ("--require-geonameid",)])
def test_scores_agree_with_the_reference_scorer(options, tmp_path):
    gold_path = SHARED / "data" / "places" / "geowebnews.jsonl"
    gold = list(read_jsonl(gold_path))
    rng = random.Random(13)
    predictions = []
    for record in gold:
        if rng.random() < 0.05:
            continue
        text, predicted = record["text"], []
        for p in record["places"]:
            roll = rng.random()
            if roll < 0.15:
                continue
            start, end = p["start"], p["end"]
            if roll < 0.3:
                start, end = max(0, start - rng.choice([0, 1, 5])), min(len(text), end + rng.choice([-1, 0, 4]))
            span = None if roll > 0.96 else {"start": start, "end": end, "text": text[start:end]}
            lat, lon = p["lat"], p["lon"]
            if lat is not None and rng.random() < 0.4:  # near (< 161 km) or far off
                lat, lon = lat + rng.choice([0.5, -1.2, 8.0]), lon + rng.choice([0.3, 30.0, -100.0])
            if rng.random() < 0.1:
                lat, lon = None, None
            geonameid = p["geonameid"] if rng.random() < 0.7 else rng.choice([None, 1, str(p["geonameid"])])
            predicted.append({"span": span, "lat": lat, "lon": lon, "geonameid": geonameid})
        if rng.random() < 0.3:
            start = rng.randrange(len(text) - 6)
            predicted.append({"span": {"start": start, "end": start + 5, "text": text[start:start + 5]},
                              "lat": 0.0, "lon": 0.0})
        predictions.append({"article": {"id": record["id"], "text": text}, "places": predicted})
    ours = places.score(gold, predictions, require_geonameid=bool(options))
    reference = reference_metrics("score_places.py", gold_path, predictions, tmp_path, *options)
    assert not differences(ours, reference)
    assert 0 < ours["acc161_matched"] < 1 and 0 < ours["geonameid_acc"] < 1
