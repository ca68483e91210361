"""Actors stage: entities, country/sector/IGO coding and in-document person resolution."""

from __future__ import annotations

import re

import pytest

from newsgraph.actors import actor_for_head, annotate_actors
from newsgraph.lexicons import read_tsv
from newsgraph.model import Article
from newsgraph.pipeline import build_pipeline, make_doc

STAGES = ("boilerplate", "actors")


@pytest.fixture(scope="module")
def parse():
    """``parse(text)`` -> spaCy Doc after the boilerplate and actors stages."""
    nlp = build_pipeline(STAGES)
    return lambda text: nlp(make_doc(nlp, Article(text=text)))


def token(doc, word, nth=0):
    """The ``nth`` token whose text is ``word``."""
    return [t for t in doc if t.text == word][nth]


def coded(doc, word, nth=0):
    actor = actor_for_head(token(doc, word, nth))
    return None if actor is None else (actor.name, actor.code, actor.sector)


def span_of(doc, word, nth=0):
    return actor_for_head(token(doc, word, nth)).span.text


# ---------------------------------------------------------------- countries and capitals

def test_country_names_are_country_only_actors(parse):
    doc = parse("Britain and the U.S. condemned the attack, while Syria stayed silent.")
    assert coded(doc, "Britain") == ("United Kingdom", "GBR", None)
    assert coded(doc, "U.S.") == ("United States", "USA", None)
    assert span_of(doc, "U.S.") == "U.S."
    assert coded(doc, "Syria") == ("Syria", "SYR", None)


def test_capital_metonymy_is_the_government(parse):
    doc = parse("Moscow warned that Beijing would respond.")
    assert coded(doc, "Moscow") == ("Moscow", "RUS", "GOV")
    assert coded(doc, "Beijing") == ("Beijing", "CHN", "GOV")


def test_capital_as_a_location_is_not_an_actor(parse):
    doc = parse("The envoys held talks in Moscow.")
    assert coded(doc, "Moscow") is None


def test_conjoined_capitals_after_in_and_datelines_are_places(parse):
    doc = parse("ROME (AP) - The envoy stopped in Lima, Quito and Bogota. Quito protested.")
    assert coded(doc, "ROME") is None
    assert coded(doc, "Quito") is None
    assert coded(doc, "Bogota") is None
    assert coded(doc, "Quito", 1) == ("Quito", "ECU", "GOV")


def test_demonym_with_sector_noun(parse):
    doc = parse("Syrian troops shelled the town and Turkish police detained the suspects.")
    assert coded(doc, "troops") == ("Syrian troops", "SYR", "MIL")
    assert coded(doc, "police") == ("Turkish police", "TUR", "COP")
    assert span_of(doc, "troops") == "Syrian troops"


def test_possessive_and_of_phrase_give_the_country(parse):
    doc = parse("Russia's foreign ministry said the president of France had called.")
    assert coded(doc, "ministry") == ("Russia's foreign ministry", "RUS", "GOV")
    assert coded(doc, "Russia") == ("Russia", "RUS", None)
    assert coded(doc, "president") == ("president of France", "FRA", "GOV")


def test_anti_country_modifier_does_not_give_the_country(parse):
    doc = parse("An anti-Iran journalist was arrested in Baku.")
    assert coded(doc, "journalist")[1:] == (None, "JRN")


# ---------------------------------------------------------------- sectors

@pytest.mark.parametrize("text, word, expected", [
    ("The Egyptian army deployed tanks.", "army", ("Egyptian army", "EGY", "MIL")),
    ("Iraqi security forces raided the house.", "forces", ("Iraqi security forces", "IRQ", "MIL")),
    ("Afghan rebels ambushed a convoy.", "rebels", ("Afghan rebels", "AFG", "REB")),
    ("The Kenyan opposition boycotted the vote.", "opposition", ("Kenyan opposition", "KEN", "OPP")),
    ("A Pakistani court convicted him.", "court", ("Pakistani court", "PAK", "JUD")),
    ("Mexican lawmakers passed the bill.", "lawmakers", ("Mexican lawmakers", "MEX", "LEG")),
    ("A French journalist was expelled.", "journalist", ("French journalist", "FRA", "JRN")),
    ("Iranian protesters blocked the road.", "protesters", ("Iranian protesters", "IRN", "CVL")),
    ("Israeli intelligence intercepted the call.", "intelligence", ("Israeli intelligence", "ISR", "SPY")),
    ("A Chinese company won the contract.", "company", ("Chinese company", "CHN", "BUS")),
    ("Nigerian doctors went on strike.", "doctors", ("Nigerian doctors", "NGA", "MED")),
    ("Somali refugees crossed the border.", "refugees", ("Somali refugees", "SOM", "REF")),
])
def test_sector_nouns(parse, text, word, expected):
    assert coded(parse(text), word) == expected


def test_multi_word_titles(parse):
    doc = parse("A Japanese deputy foreign minister met the Indian prime minister.")
    assert coded(doc, "minister") == ("Japanese deputy foreign minister", "JPN", "GOV")
    assert coded(doc, "minister", 1) == ("Indian prime minister", "IND", "GOV")


def test_generic_role_defers_to_its_organisation(parse):
    doc = parse("An army spokesman and a police official denied it.")
    assert coded(doc, "spokesman")[2] == "MIL"
    assert coded(doc, "official")[2] == "COP"


def test_former_officials_are_elites(parse):
    doc = parse("The former Egyptian president was acquitted.")
    assert coded(doc, "president") == ("former Egyptian president", "EGY", "ELI")


def test_group_without_a_country_has_an_explicit_null(parse):
    doc = parse("Alawite-dominated security forces fired on Kurdish and Turkish crowds, "
                "Iraqi officials said.")
    assert coded(doc, "forces") == ("Alawite-dominated security forces", None, "MIL")


def test_the_only_country_of_the_article_codes_domestic_groups(parse):
    doc = parse("Unrest spread across Ecuador on Monday. Police arrested dozens of protesters.")
    assert coded(doc, "Police") == ("Police", "ECU", "COP")
    assert coded(doc, "protesters") == ("protesters", "ECU", "CVL")


def test_non_actor_phrases_are_none(parse):
    doc = parse("The plan failed. It is likely that the talks will resume.")
    assert coded(doc, "plan") is None
    assert coded(doc, "It") is None
    assert coded(doc, "talks") is None


# ---------------------------------------------------------------- organisations

@pytest.mark.parametrize("text, word, expected", [
    ("The U.N. condemned the shelling.", "U.N.", ("United Nations", "IGO", None)),
    ("NATO moved jets to the border.", "NATO", ("NATO", "IGO", "MIL")),
    ("The European Union froze the assets.", "Union", ("European Union", "IGO", None)),
    ("The Arab League suspended Syria.", "League", ("Arab League", "IGO", None)),
    ("The IMF approved the loan.", "IMF", ("International Monetary Fund", "IGO", None)),
    ("The Red Cross visited the prisoners.", "Cross", ("International Committee of the Red Cross", "NGO", "MED")),
    ("Amnesty International criticised the ruling.", "International", ("Amnesty International", "NGO", None)),
    ("Human Rights Watch urged restraint.", "Watch", ("Human Rights Watch", "NGO", None)),
])
def test_igos_and_ngos(parse, text, word, expected):
    assert coded(parse(text), word) == expected


def test_organisation_inside_a_noun_phrase(parse):
    doc = parse("UN peacekeepers patrolled the buffer zone.")
    assert coded(doc, "peacekeepers") == ("UN peacekeepers", "IGO", "MIL")


def test_acronym_needs_capitals(parse):
    doc = parse("Officials who met the ministers left early.")
    assert all(t._.actor is None or t._.actor.code != "IGO" for t in doc)


def test_named_ministry_and_unknown_org(parse):
    doc = parse("The Syrian Foreign Ministry rejected the claim, Zelnor Holdings said.")
    assert coded(doc, "Ministry") == ("Syrian Foreign Ministry", "SYR", "GOV")
    entities = {e.span.text: e for e in doc._.entities}
    assert entities["Zelnor Holdings"].label == "ORG"
    assert entities["Zelnor Holdings"].actor.code is None
    assert entities["Zelnor Holdings"].actor.name == "Zelnor Holdings"


# ---------------------------------------------------------------- persons and pronouns

def test_person_keeps_the_role_the_article_gives(parse):
    doc = parse("Syrian President Bashar Assad met the envoy on Monday. "
                "Assad said he was ready, and his aides agreed.")
    first = actor_for_head(token(doc, "Assad"))
    assert (first.name, first.code, first.sector) == ("Bashar Assad", "SYR", "GOV")
    assert first.span.text == "Syrian President Bashar Assad"
    assert coded(doc, "Assad", 1) == ("Bashar Assad", "SYR", "GOV")
    assert span_of(doc, "Assad", 1) == "Assad"
    assert coded(doc, "he") == ("Bashar Assad", "SYR", "GOV")
    assert coded(doc, "his") == ("Bashar Assad", "SYR", "GOV")
    assert span_of(doc, "he") == "he"


def test_title_and_name_in_apposition_either_way(parse):
    doc = parse("Sergei Ryabkov, Russia's deputy foreign minister, arrived. "
                "Venezuela's foreign minister, Carla Ruiz, welcomed him.")
    assert coded(doc, "Ryabkov") == ("Sergei Ryabkov", "RUS", "GOV")
    assert coded(doc, "minister") == ("Sergei Ryabkov", "RUS", "GOV")
    assert coded(doc, "minister", 1) == ("Carla Ruiz", "VEN", "GOV")
    assert coded(doc, "him") == ("Sergei Ryabkov", "RUS", "GOV")


def test_short_name_with_honorific(parse):
    doc = parse("Fyodor Lukyanov, a Russian analyst, was cautious. Mr. Lukyanov said he doubted it.")
    assert coded(doc, "Lukyanov", 1) == ("Fyodor Lukyanov", "RUS", "CVL")
    assert span_of(doc, "Lukyanov", 1) == "Mr. Lukyanov"
    assert coded(doc, "he") == ("Fyodor Lukyanov", "RUS", "CVL")


def test_person_without_a_role_has_no_code(parse):
    doc = parse("Maria Delgado wrote the letter.")
    assert coded(doc, "Delgado") == ("Maria Delgado", None, None)


def test_definite_title_refers_to_the_person(parse):
    doc = parse("German Foreign Minister Klaus Weber flew to Cairo. The minister met "
                "Egyptian officials. The official praised the plan.")
    assert coded(doc, "minister") == ("Klaus Weber", "DEU", "GOV")
    assert coded(doc, "official") == ("Klaus Weber", "DEU", "GOV")
    assert coded(doc, "officials") == ("Egyptian officials", "EGY", "GOV")


def test_pronoun_gender_follows_honorifics(parse):
    doc = parse("Ms. Okafor and Mr. Bello met on Friday. She said the talks went well.")
    assert coded(doc, "She")[0] == "Okafor"


def test_it_and_they_refer_to_earlier_groups(parse):
    doc = parse("The Iraqi government said it would respond. Kurdish rebels said they "
                "had withdrawn.")
    assert coded(doc, "it") == ("Iraqi government", "IRQ", "GOV")
    assert coded(doc, "they") == ("Kurdish rebels", None, "REB")


def test_definite_body_refers_to_the_earlier_one(parse):
    doc = parse("The Jordanian interior ministry confirmed the arrests on Sunday, and Egypt "
                "objected. The ministry later released two men.")
    assert coded(doc, "ministry", 1) == ("Jordanian interior ministry", "JOR", "GOV")
    assert span_of(doc, "ministry", 1) == "ministry"


# ---------------------------------------------------------------- entities

def test_entities_exclude_times_and_amounts(parse):
    doc = parse("Turkey paid $3 million to Greece on Monday.")
    assert [(e.span.text, e.label, e.actor.code) for e in doc._.entities] == [
        ("Turkey", "GPE", "TUR"), ("Greece", "GPE", "GRC")]


def test_entity_spans_index_the_text(parse):
    doc = parse("Iranian Foreign Minister Ali Karimi met NATO officials in Brussels.")
    for entity in doc._.entities:
        assert doc.text[entity.span.start: entity.span.end] == entity.span.text
        if entity.actor is not None and entity.actor.span is not None:
            span = entity.actor.span
            assert doc.text[span.start: span.end] == span.text
    labels = {e.span.text: e.actor for e in doc._.entities}
    assert (labels["Ali Karimi"].code, labels["Ali Karimi"].sector) == ("IRN", "GOV")
    assert labels["Brussels"] is None


def test_boilerplate_lines_yield_no_entities(parse):
    doc = parse("Egypt recalled its ambassador.\nRead more: Turkey and Greece sign deal\n")
    assert [e.span.text for e in doc._.entities] == ["Egypt"]
    assert token(doc, "Turkey")._.actor is None
    assert actor_for_head(token(doc, "Turkey")) is None


def test_marked_tokens_are_skipped_whatever_marks_them():
    nlp = build_pipeline(())
    doc = nlp(make_doc(nlp, Article(text="Chile protested.\nFollow Peru News on Facebook")))
    for t in doc[3:]:
        t._.boilerplate = True
    annotate_actors(doc)
    assert [e.span.text for e in doc._.entities] == ["Chile"]


# ---------------------------------------------------------------- lexicon examples

def _term_head(doc, term):
    """The last token of the first occurrence of ``term`` (or its plural) in ``doc``."""
    words = term.lower().split()
    pattern = r"(?<!\w)" + r"[\s-]+".join(map(re.escape, words)) + r"(?:s|es)?(?!\w)"
    match = re.search(pattern, doc.text, flags=re.IGNORECASE)
    assert match, f"{term!r} not in its example {doc.text!r}"
    return next(t for t in doc if t.idx < match.end() <= t.idx + len(t.text) + 2
                and t.idx >= match.start())


@pytest.mark.parametrize("row", read_tsv("sectors.tsv"), ids=lambda row: row["term"])
def test_sector_lexicon_examples(parse, row):
    doc = parse(row["example"])
    head = _term_head(doc, row["term"])
    if row["kind"] == "former":  # the modifier's noun phrase is the sentence subject
        head = next(t for t in doc if t.dep_ in ("nsubj", "nsubjpass"))
    actor = actor_for_head(head)
    assert actor is not None, row
    if row["sector"] or row["kind"] != "role":
        assert actor.sector == row["sector"], (row, actor)


@pytest.mark.parametrize("row", read_tsv("igos.tsv"), ids=lambda row: row["alias"])
def test_igo_lexicon_examples(parse, row):
    doc = parse(row["example"])
    start = doc.text.lower().index(row["alias"].lower())
    end = start + len(row["alias"])
    head = [t for t in doc if start <= t.idx < end][-1]
    actor = actor_for_head(head)
    assert (actor.name, actor.code, actor.sector) == (row["name"], row["code"], row["sector"] or None)


# ---------------------------------------------------------------- towns, residence, context

def test_demonym_with_a_non_sector_noun_is_coded(parse):
    doc = parse("Russian jets bombed the depot.")
    assert coded(doc, "jets") == ("Russian jets", "RUS", None)


def test_town_named_as_a_target_has_its_country(parse):
    doc = parse("Rebels shelled Aleppo.")
    assert coded(doc, "Aleppo") == ("Aleppo", "SYR", None)
    # the town is the article's only country, so the rebels are Syrian
    assert coded(doc, "Rebels") == ("Rebels", "SYR", "REB")


def test_town_after_in_is_a_place_with_a_country(parse):
    from newsgraph.actors import place_country
    doc = parse("The envoy arrived in Homs, then in the capital Kabul.")
    assert coded(doc, "Homs") is None
    assert place_country(token(doc, "Homs")) == "SYR"
    assert place_country(token(doc, "capital")) == "AFG"


def test_ethnic_group_is_coded_by_where_it_lives(parse):
    doc = parse("Ethnic Hungarians in Romania rallied outside the parliament.")
    assert coded(doc, "Hungarians")[1] == "ROU"
    doc = parse("The Albanians of Montenegro voted.")
    assert coded(doc, "Albanians") == ("Albanians of Montenegro", "MNE", None)


def test_titled_person_takes_the_articles_only_country(parse):
    doc = parse("President Jan Novak opened Slovak factories on Monday.")
    assert coded(doc, "Novak") == ("Jan Novak", "SVK", "GOV")


@pytest.mark.parametrize("row", read_tsv("country_aliases.tsv"), ids=lambda row: row["alias"])
def test_country_alias_examples_code_the_alias(parse, row):
    doc = parse(row["example"])
    words = row["alias"].split()
    first = next(t for t in doc if t.text == words[0])
    heads = [first] + [t for t in first.ancestors if t.i - first.i < 4]
    found = {getattr(actor_for_head(t), "code", None) for t in heads} | {
        getattr(first._.actor, "code", None)}
    assert row["iso3"] in found


def test_only_phrases_with_a_name_term_or_capital_word_are_looked_at(parse):
    # may_name_actor lets the stage skip phrase coding for plain nouns; it must let through
    # every phrase that can be an actor: names, sector terms, capitalised and IGO words
    from newsgraph.actors import _coder

    doc = parse("The talks in Geneva failed over the plan. The ministry said Russian jets and "
                "UN convoys hit the town while the minister met Sergei Lavrov.")
    coder = _coder(doc)
    looked_at = {t.text for t in doc if coder.may_name_actor(t)}
    assert {"Geneva", "ministry", "jets", "convoys", "minister", "Lavrov"} <= looked_at
    assert not {"plan", "town"} & looked_at
    assert "talks" in looked_at  # "The talks": a capitalised word at the sentence start
    assert coded(doc, "plan") is None and coded(doc, "town") is None
    assert coded(doc, "jets")[1] == "RUS"
