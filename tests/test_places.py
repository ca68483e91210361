"""Places: toponyms recognised, resolved to coordinates, and attached to events as their location."""

from __future__ import annotations

import pytest

from newsgraph.model import Article, Event, Span
from newsgraph.pipeline import STAGE_NAMES, build_pipeline, make_doc
from newsgraph.places import annotate_places, is_well_known_place

BEFORE_PLACES = STAGE_NAMES[:STAGE_NAMES.index("places")]


@pytest.fixture(scope="module")
def places_of(run):
    def _places(text):
        return {place.span.text: place for place in run(text).places}
    return _places


def assert_place(place, name, country, feature, lat, lon, tolerance=1.0):
    assert (place.name, place.country, place.feature) == (name, country, feature)
    assert place.lat == pytest.approx(lat, abs=tolerance)
    assert place.lon == pytest.approx(lon, abs=tolerance)
    assert place.geonameid is not None


def test_country_capital_and_city(places_of):
    found = places_of("Venezuela recalled its envoy from Moscow, and protests spread to Maracaibo.")
    assert set(found) == {"Venezuela", "Moscow", "Maracaibo"}
    assert_place(found["Venezuela"], "Venezuela", "VEN", "country", 8.0, -66.0)
    assert_place(found["Moscow"], "Moscow", "RUS", "city", 55.75, 37.62, 0.1)
    assert_place(found["Maracaibo"], "Maracaibo", "VEN", "city", 10.63, -71.64, 0.1)


def test_spans_index_the_text_and_leave_out_the_article_and_possessive(run):
    text = "Officials in the United States' capital said troops remained in northern Syria."
    analysis = run(text)
    assert [place.span.text for place in analysis.places] == ["United States", "Syria"]
    for place in analysis.places:
        assert text[place.span.start:place.span.end] == place.span.text


def test_us_state(places_of):
    found = places_of("Wildfires forced thousands to flee their homes in California on Sunday.")
    assert_place(found["California"], "California", "USA", "admin1", 37.2, -119.5)


def test_city_named_with_its_state(places_of):
    found = places_of("A tornado damaged the courthouse in Paris, Texas, on Tuesday night.")
    assert_place(found["Paris"], "Paris", "USA", "city", 33.66, -95.56, 0.1)
    assert_place(found["Texas"], "Texas", "USA", "admin1", 31.25, -99.25)


def test_unqualified_paris_is_the_french_capital(places_of):
    found = places_of("The minister flew to Paris for the summit.")
    assert_place(found["Paris"], "Paris", "FRA", "city", 48.85, 2.35, 0.1)


def test_city_named_with_its_country(places_of):
    found = places_of("A bomb exploded in Tripoli, Lebanon, killing two people.")
    assert_place(found["Tripoli"], "Tripoli", "LBN", "city", 34.43, 35.84, 0.1)


def test_ambiguity_resolved_by_the_rest_of_the_article(places_of):
    found = places_of("Lebanon's army deployed more troops on Friday. "
                      "Clashes in Tripoli left four dead, the army said.")
    assert found["Tripoli"].country == "LBN"
    without_context = places_of("Clashes in Tripoli left four dead, officials said.")
    assert without_context["Tripoli"].country == "LBY"


def test_demonyms_are_not_places(places_of):
    found = places_of("Syrian forces and Russian advisers met Iranian officials. Syrians fled.")
    assert found == {}


def test_organisations_named_after_places_are_not_places(places_of):
    found = places_of("The Syrian Foreign Ministry told the New York Times that the Bank of England "
                      "had frozen the accounts.")
    assert found == {}


def test_boilerplate_yields_no_places(run):
    analysis = run("Troops entered Kharkiv on Friday.\nPrint Friendly, PDF & Email\n")
    assert [place.span.text for place in analysis.places] == ["Kharkiv"]


def doc_with_event(text, trigger):
    """A parsed doc, all stages before places run, holding one event on ``trigger``."""
    nlp = build_pipeline(BEFORE_PLACES)
    doc = nlp(make_doc(nlp, Article(text=text)))
    start = text.index(trigger)
    sentence = Span.of(text, 0, len(text))
    doc._.events = [Event(id="e1", type="ASSAULT", mode=None, quad_class="material_conflict",
                          cameo_root=None, trigger=Span.of(text, start, start + len(trigger)),
                          sentence=sentence)]
    annotate_places(doc)
    return doc._.events[0]


def test_event_location_from_a_locative_preposition():
    event = doc_with_event("Government troops clashed with protesters in Caracas on Monday.", "clashed")
    assert event.location.name == "Caracas"
    assert event.location.span.text == "Caracas"


def test_event_location_in_a_region_of_a_country():
    event = doc_with_event("Turkish jets bombed villages in northern Syria overnight.", "bombed")
    assert (event.location.name, event.location.feature) == ("Syria", "country")


def test_target_of_the_event_is_not_its_location():
    event = doc_with_event("Russia attacked Ukraine on Thursday.", "attacked")
    assert event.location is None


def test_place_from_another_clause_is_not_the_location():
    event = doc_with_event("The minister, who lives in Madrid, criticised the decision.", "criticised")
    assert event.location is None


def test_event_location_through_the_pipeline(run):
    analysis = run("Security forces arrested twelve protesters in Caracas on Monday.")
    arrests = [event for event in analysis.events if event.trigger.text == "arrested"]
    if not arrests:
        pytest.skip("the events stage found no event on 'arrested'")
    assert arrests[0].location is not None and arrests[0].location.name == "Caracas"


def test_a_facility_is_not_resolved_through_an_alternate_name(run):
    analysis = run("Officials at the White House declined to comment on the report.")
    assert all(place.country != "MAR" for place in analysis.places)


def test_surname_of_a_person_named_earlier_is_not_a_town(run):
    analysis = run("The envoy, Carlos Ibarra, met officials in Caracas. Ibarra said the talks went well.")
    assert [p.span.text for p in analysis.places] == ["Caracas"]


def test_city_named_with_an_ap_state_abbreviation(places_of):
    found = places_of("A chemical plant exploded in Pasadena, Texas, and a dam failed near Stockton, Calif.")
    assert_place(found["Stockton"], "Stockton", "USA", "city", 37.96, -121.29, 0.1)
    assert (found["Calif."].name, found["Calif."].feature) == ("California", "admin1")


def test_abbreviation_without_a_preceding_comma_is_not_a_place(run):
    analysis = run("Miss. Grey and Wash. Lee spoke at length about the plan.")
    assert [place.span.text for place in analysis.places] == []


def test_dateline_in_capitals(places_of):
    found = places_of("SAN ANTONIO Firefighters battled a warehouse blaze for six hours on Sunday.")
    assert_place(found["SAN ANTONIO"], "San Antonio", "USA", "city", 29.42, -98.49, 0.1)


def test_a_sea_is_not_a_small_town_of_the_same_name(run):
    analysis = run("The storm strengthened over the Atlantic before it reached the coast.")
    assert all(place.feature != "city" for place in analysis.places)


def test_state_of_another_country_resolves_to_its_division(places_of):
    found = places_of("Heavy rain flooded villages in Kerala, and the army was sent to Karnataka.")
    assert (found["Kerala"].country, found["Kerala"].feature) == ("IND", "admin1")
    assert found["Kerala"].lat == pytest.approx(10.4, abs=1.0)
    assert (found["Karnataka"].country, found["Karnataka"].feature) == ("IND", "admin1")


def test_english_county_is_preferred_to_a_small_namesake_city(places_of):
    found = places_of("The storm brought down trees across Kent overnight.")
    assert (found["Kent"].country, found["Kent"].feature) == ("GBR", "admin2")
    assert found["Kent"].lon == pytest.approx(0.7, abs=1.0)


def test_division_of_several_words_untagged_by_spacy_is_found(places_of):
    found = places_of("Schools in Tamil Nadu reopened after the cyclone.")
    assert (found["Tamil Nadu"].country, found["Tamil Nadu"].feature) == ("IND", "admin1")


def test_one_word_division_name_is_not_well_known_enough_alone():
    # "Centre" names divisions of France and Cameroon, and is an ordinary word too
    assert not is_well_known_place("Centre")
    assert is_well_known_place("Tamil Nadu")
    assert is_well_known_place("Karnataka") is False


def test_state_after_a_city_is_the_state_holding_it(places_of):
    found = places_of("A ferry from Tacoma, Washington, ran aground on Monday.")
    assert (found["Washington"].feature, found["Tacoma"].country) == ("admin1", "USA")
    assert found["Washington"].lon < -115


def test_state_the_article_names_settles_a_town_name(places_of):
    found = places_of("Lawmakers in Illinois passed the budget. The governor will sign it in Springfield on Monday.")
    assert found["Springfield"].lat == pytest.approx(39.8, abs=0.3)
    assert found["Springfield"].lon == pytest.approx(-89.6, abs=0.3)


def test_one_mention_of_a_country_does_not_outweigh_a_bigger_namesake(places_of):
    found = places_of("Ministers from France, Germany and Italy met, a US diplomat said. "
                      "The talks were held in Birmingham.")
    assert found["Birmingham"].country == "GBR"


def test_facility_named_after_a_city_lies_in_that_city(places_of):
    found = places_of("Visitors queued at the Lisbon Oceanarium on Sunday.")
    oceanarium = found["Lisbon Oceanarium"]
    assert (oceanarium.name, oceanarium.country, oceanarium.feature, oceanarium.geonameid) == (
        "Lisbon Oceanarium", "PRT", None, None)
    assert (oceanarium.lat, oceanarium.lon) == pytest.approx((38.7, -9.1), abs=0.2)


def test_street_the_gazetteer_lacks_lies_in_the_city_the_article_names_most(places_of):
    found = places_of("A new bakery opened on Bloor Street in Toronto. Toronto residents lined up for bread.")
    avenue, city = found["Bloor Street"], found["Toronto"]
    assert (avenue.name, avenue.country, avenue.feature) == ("Bloor Street", "CAN", None)
    assert (avenue.lat, avenue.lon) == (city.lat, city.lon)


def test_unknown_region_gets_no_city_coordinates(places_of):
    found = places_of("Tensions rose across the Middle East, and ships were diverted in Cairo.")
    assert (found["Middle East"].lat, found["Middle East"].country) == (None, None)


@pytest.mark.parametrize(("text", "name", "iso3"), [
    ("My aunt grew up in Dewsbury and later moved away.", "Dewsbury", "GBR"),  # spaCy: ORG
    ("Prices rose in Tunis last year.", "Tunis", "TUN"),  # spaCy: NORP
    ("The trains stop in Hilversum and Almelo before Berlin.", "Almelo", "NLD"),  # spaCy: PERSON
])
def test_town_after_a_locative_preposition_is_a_place_whatever_its_label(places_of, text, name, iso3):
    assert places_of(text)[name].country == iso3


def test_acronym_after_a_locative_preposition_is_no_place(places_of):
    assert places_of("Ministers met at NATO on Friday.") == {}




def places_with_entities(text, entities):
    """Place names found when spaCy's entities are ``entities`` ((words, label) pairs in
    text order), whatever the small model would have tagged."""
    from newsgraph.actors import annotate_actors
    from newsgraph.boilerplate import mark_boilerplate

    nlp = build_pipeline(())
    doc = nlp(make_doc(nlp, Article(text=text)))
    ents, end = [], 0
    for words, label in entities:
        start = text.index(words, end)
        end = start + len(words)
        ents.append(doc.char_span(start, end, label=label))
    doc.ents = ents
    mark_boilerplate(doc)
    annotate_actors(doc)
    annotate_places(doc)
    return [place.span.text for place in doc._.places]


def test_a_surname_the_model_tags_as_a_place_is_the_person_named_earlier():
    """The small model tags a repeated surname GPE now and then ("Modi" after "Narendra
    Modi"); the actors stage knows it is that person, so it is no place."""
    text = "Prime Minister Narendra Okafor opened the plant. Later Okafor flew to Lagos."
    entities = [("Narendra Okafor", "PERSON"), ("Okafor", "GPE"), ("Lagos", "GPE")]
    assert places_with_entities(text, entities) == ["Lagos"]


def test_a_street_or_building_the_model_tags_org_or_person_is_a_facility():
    text = ("Protesters marched down Royal Street to the Barclays Center. Police sealed off "
            "Harare's Third Street, and The Mozart Estate was quiet. The Centre said nothing.")
    entities = [("Royal Street", "PERSON"), ("Barclays Center", "ORG"), ("Harare's Third Street", "ORG"),
                ("The Mozart Estate", "ORG"), ("Centre", "ORG")]
    assert places_with_entities(text, entities) == [
        "Royal Street", "Barclays Center", "Harare", "Third Street", "Mozart Estate"]
