"""Gazetteers: country lookups (names, demonyms, capitals) and place readings with coordinates."""

from __future__ import annotations

import pytest

from newsgraph.gazetteer import (
    central_point, countries, great_circle_km, lookup_key, mainland_centre, places)


@pytest.mark.parametrize(("text", "iso3"), [
    ("France", "FRA"), ("the U.S.", "USA"), ("Britain", "GBR"), ("Ivory Coast", "CIV"),
])
def test_country_by_name(text, iso3):
    assert countries().by_name(text).iso3 == iso3


@pytest.mark.parametrize(("text", "iso3"), [("Syrian", "SYR"), ("Americans", "USA"), ("Chinese", "CHN")])
def test_country_by_demonym(text, iso3):
    assert countries().by_demonym(text).iso3 == iso3


@pytest.mark.parametrize(("text", "iso3"), [("Moscow", "RUS"), ("Kyiv", "UKR"), ("Washington", "USA")])
def test_country_by_capital(text, iso3):
    assert countries().by_capital(text).iso3 == iso3


def test_lower_case_words_are_not_countries():
    assert countries().by_name("chad") is None
    assert countries().by_name("us") is None
    assert places().readings("nice") == []


def test_lookup_key_normalises_dots_case_and_article():
    assert lookup_key("the U.S.") == "us"
    assert lookup_key("Guinea-Bissau") == "guinea bissau"


def square(lon, lat, side):
    return [[lon, lat], [lon + side, lat], [lon + side, lat + side], [lon, lat + side]]


def outline(*rings):
    return {"features": [{"geometry": {"type": "MultiPolygon", "coordinates": [[ring] for ring in rings]}}]}


def test_mainland_centre_is_the_centroid_of_the_largest_polygon():
    # a 4-degree island and a 1-degree islet far away: the islet does not pull the centre
    assert mainland_centre(outline(square(10, 40, 4), square(60, 0, 1))) == pytest.approx((42.0, 12.0))
    assert mainland_centre(None) is None


def test_central_point_keeps_the_given_point_where_the_estimates_agree():
    info = {"latlng": [41, 11], "geoJSON": outline(square(10, 40, 4))}
    assert central_point(info) == (41.0, 11.0)


def test_central_point_is_the_midpoint_where_the_estimates_disagree():
    info = {"latlng": [38, 14], "geoJSON": outline(square(10, 40, 4))}
    assert central_point(info) == pytest.approx((40.0, 13.0))
    assert central_point({"latlng": [38, 14]}) == (38.0, 14.0)


def test_united_states_point_is_near_the_centre_of_the_contiguous_states():
    usa = countries().by_iso3["USA"]
    # the geographic centre of the contiguous United States, near Lebanon, Kansas
    assert great_circle_km(usa.lat, usa.lon, 39.83, -98.58) < 161


def test_great_circle_km_one_degree_of_latitude():
    assert great_circle_km(10, 20, 11, 20) == pytest.approx(111.19, abs=0.01)


def best(text):
    return places().readings(text)[0][0]


@pytest.mark.parametrize(("text", "name", "feature", "iso3", "lat", "lon"), [
    ("Venezuela", "Venezuela", "country", "VEN", 8.0, -66.0),
    ("Caracas", "Caracas", "city", "VEN", 10.49, -66.88),
    ("Moscow", "Moscow", "city", "RUS", 55.75, 37.62),
    ("Texas", "Texas", "admin1", "USA", 31.0, -100.0),
    ("Europe", "Europe", "continent", None, 48.7, 9.1),
])
def test_best_reading(text, name, feature, iso3, lat, lon):
    location = best(text)
    assert (location.name, location.feature, location.country) == (name, feature, iso3)
    assert location.lat == pytest.approx(lat, abs=1.5)
    assert location.lon == pytest.approx(lon, abs=1.5)
    assert location.geonameid is not None


def test_capital_is_preferred_to_its_namesakes():
    paris = best("Paris")
    assert (paris.country, paris.capital) == ("FRA", True)
    # the US capital, not Washington state
    assert (best("Washington").feature, best("Washington").lat) == ("city", pytest.approx(38.9, abs=0.1))


def test_every_reading_of_an_ambiguous_name_is_offered():
    readings = places().readings("Tripoli")
    assert {location.country for location, _ in readings} >= {"LBY", "LBN"}
    assert [score for _, score in readings] == sorted((score for _, score in readings), reverse=True)


def test_country_names_use_the_country_aliases():
    location = best("Britain")
    assert (location.name, location.feature, location.country) == ("United Kingdom", "country", "GBR")


def test_alternate_names_can_be_left_out():
    with_alternates = {location.name for location, _ in places().readings("Victoria")}
    own_names = {location.name for location, _ in places().readings("Victoria", alternates=False)}
    assert "Hong Kong" in with_alternates
    assert "Hong Kong" not in own_names and "Victoria" in own_names


def test_towns_of_five_thousand_people_are_in_the_gazetteer():
    lerwick = best("Lerwick")
    assert (lerwick.country, lerwick.feature) == ("GBR", "city")
    assert lerwick.lat == pytest.approx(60.15, abs=0.1)


def test_saint_spelt_out_in_place_names():
    assert lookup_key("St. Petersburg") == lookup_key("Saint Petersburg") == "saint petersburg"
    assert best("St. Petersburg").country == "RUS"
    assert lookup_key("Stockton") == "stockton"


def test_ap_state_abbreviations_read_exactly():
    assert best("Calif.").name == "California"
    assert best("N.J.").name == "New Jersey"
    assert places().readings("Miss") == [] or best("Miss").name != "Mississippi"
    assert places().is_abbreviation("Wash.") and not places().is_abbreviation("Wash")


def test_divisions_of_other_countries():
    assert (best("Karnataka").feature, best("Karnataka").country) == ("admin1", "IND")
    assert (best("Benue").name, best("Benue").country) == ("Benue State", "NGA")
    assert (best("Cuyahoga County").feature, best("Cuyahoga County").admin1) == ("admin2", "OH")


def test_country_alias_that_names_a_division_is_the_division():
    england = best("England")
    assert (england.feature, england.country) == ("admin1", "GBR")
    assert countries().by_name("England").iso3 == "GBR"


def test_divisions_can_be_left_out():
    assert places().readings("Karnataka", divisions=False) == []
