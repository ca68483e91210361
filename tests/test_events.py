"""Events stage: PLOVER events from trigger patterns over the parse (our own sentences)."""

from __future__ import annotations

import pytest

from newsgraph import events
from newsgraph.model import PLOVER_TYPES, QUAD_CLASSES


def only(analysis, type_=None):
    """The single event (of ``type_``) of an analysis."""
    found = [e for e in analysis.events if type_ is None or e.type == type_]
    assert len(found) == 1, [(e.type, e.trigger.text) for e in analysis.events]
    return found[0]


def codes(actors):
    return [a.code for a in actors]


# --- the lexicons --------------------------------------------------------------------------

def test_every_type_has_patterns_and_crosswalk():
    rules = events.type_rules()
    assert set(rules) == set(PLOVER_TYPES)
    assert {p.type for p in events.patterns()} == set(PLOVER_TYPES)
    assert all(r.quad_class in QUAD_CLASSES for r in rules.values())
    assert rules["CONCEDE"].quad_class == "verbal_cooperation"
    assert rules["SANCTION"].quad_class == "material_conflict"
    assert rules["ACCUSE"].cameo("investigate") == "09"
    assert rules["ACCUSE"].cameo("disapprove") == "11"


@pytest.mark.parametrize("pattern", events.patterns(),
                         ids=lambda p: f"{p.type}-{p.lemmas[0]}-{p.example_trigger}")
def test_pattern_example_fires(run, pattern):
    analysis = run(pattern.example)
    assert any(e.type == pattern.type and e.trigger.text == pattern.example_trigger
               for e in analysis.events), [(e.type, e.trigger.text) for e in analysis.events]


# --- verbal triggers, arguments ------------------------------------------------------------

@pytest.mark.parametrize("text, type_, trigger, actor, recipient", [
    ("The Iraqi prime minister met the Iranian president in Baghdad.",
     "CONSULT", "met", "IRQ", "IRN"),
    ("Russia bombed Damascus on Sunday.", "ASSAULT", "bombed", "RUS", "SYR"),
    ("Germany condemned Russia for the attack.", "ACCUSE", "condemned", "DEU", "RUS"),
    ("Ethiopia accused Egypt of sabotage.", "ACCUSE", "accused", "ETH", "EGY"),
    ("Israeli police arrested two Palestinian activists.", "COERCE", "arrested", "ISR", "PSE"),
    ("Japan sent humanitarian aid to Turkey.", "AID", "sent humanitarian aid", "JPN", "TUR"),
    ("Canada backed Ukraine at the summit.", "SUPPORT", "backed", "CAN", "UKR"),
    ("Venezuela rejected the Colombian proposal.", "REJECT", "rejected", "VEN", None),
    ("Hungary threatened Poland with a veto.", "THREATEN", "threatened", "HUN", "POL"),
    ("The United States sanctioned Iran.", "SANCTION", "sanctioned", "USA", "IRN"),
    ("China deployed troops against India.", "MOBILIZE", "deployed", "CHN", "IND"),
    ("Serbia cooperated with Croatia on the investigation.", "COOPERATE", "cooperated",
     "SRB", "HRV"),
    ("Armenian forces withdrew from Azerbaijan.", "RETREAT", "withdrew", "ARM", "AZE"),
    ("Kenya demanded that Somalia withdraw its troops.", "REQUEST", "demanded", "KEN", "SOM"),
])
def test_verbal_event(run, text, type_, trigger, actor, recipient):
    event = only(run(text), type_)
    assert event.trigger.text == trigger
    assert actor in codes(event.actors)
    if recipient:
        assert recipient in codes(event.recipients)
    assert event.quad_class == events.type_rules()[type_].quad_class
    assert event.sentence.text == text
    assert 0.0 <= event.confidence <= 1.0


def test_light_verb_talks_take_the_subject_and_the_with_phrase(run):
    event = only(run("France held talks with Algeria on Monday."))
    assert (event.type, event.trigger.text) == ("CONSULT", "held talks")
    assert codes(event.actors) == ["FRA"]
    assert codes(event.recipients) == ["DZA"]


def test_light_verb_offensive_is_an_assault(run):
    event = only(run("Sudanese rebels launched an offensive on El Fasher."))
    assert (event.type, event.trigger.text) == ("ASSAULT", "launched an offensive")
    assert codes(event.actors) == ["SDN"]


def test_passive_with_agent(run):
    event = only(run("Kyiv was shelled by Russian troops."))
    assert (event.type, event.mode, event.trigger.text) == ("ASSAULT", "heavy-weapons", "shelled")
    assert codes(event.actors) == ["RUS"]
    assert codes(event.recipients) == ["UKR"]


def test_passive_without_agent_has_no_actor(run):
    event = only(run("Three Kenyan journalists were detained in Kampala."))
    assert (event.type, event.mode) == ("COERCE", "arrest")
    assert event.actors == []
    assert codes(event.recipients) == ["KEN"]


def test_conjoined_actors_and_recipients(run):
    event = only(run("Jordan and Egypt agreed to resume gas exports."))
    assert event.type == "AGREE"
    assert codes(event.actors) == ["JOR", "EGY"]
    event = only(run("Britain sanctioned Belarus and Iran."))
    assert codes(event.recipients) == ["BLR", "IRN"]


def test_uncoded_argument_is_kept_with_a_null_code(run):
    event = only(run("Gunmen attacked the convoy near the border."))
    assert event.type == "ASSAULT"
    assert [a.name for a in event.actors] == ["Gunmen"]
    assert event.recipients[0].span.text == "the convoy"
    assert event.recipients[0].code is None


# --- nominal triggers ----------------------------------------------------------------------

@pytest.mark.parametrize("text, type_, trigger, recipient", [
    ("The Israeli attack on Gaza drew criticism.", "ASSAULT", "attack", "PSE"),
    ("Talks with Qatar continued in Doha.", "CONSULT", "Talks", "QAT"),
    ("The Indian prime minister's visit to Moscow lasted two days.", "CONSULT", "visit", "RUS"),
    ("New sanctions against Syria took effect.", "SANCTION", "sanctions", "SYR"),
])
def test_nominal_event(run, text, type_, trigger, recipient):
    event = only(run(text), type_)
    assert event.trigger.text == trigger
    assert recipient in codes(event.recipients)


def test_nominal_actor_from_demonym(run):
    event = only(run("The Israeli attack on Gaza drew criticism."), "ASSAULT")
    assert codes(event.actors) == ["ISR"]


def test_protests_in_a_place(run):
    event = only(run("Protests in Tbilisi continued for a week."))
    assert (event.type, event.mode, event.trigger.text) == ("PROTEST", "demo", "Protests")


def test_noun_event_merges_into_the_verb_it_is_an_argument_of(run):
    event = only(run("Four soldiers were killed in a Turkish airstrike."))
    assert (event.type, event.trigger.text, event.mode) == ("ASSAULT", "killed", "aerial")
    assert codes(event.actors) == ["TUR"]
    assert event.cameo_root == "19"


# --- several events, absorption, future -----------------------------------------------------

def test_several_events_in_one_sentence_in_text_order(run):
    analysis = run("Police arrested the mayor and troops shelled the rebel camp.")
    assert [(e.id, e.type, e.trigger.text) for e in analysis.events] == [
        ("e1", "COERCE", "arrested"), ("e2", "ASSAULT", "shelled")]


def test_events_across_sentences_get_running_ids(run):
    analysis = run("Turkey expelled the Dutch ambassador. The Netherlands condemned Turkey.")
    assert [(e.id, e.type) for e in analysis.events] == [("e1", "SANCTION"), ("e2", "ACCUSE")]


def test_agreed_to_meet_is_one_agree_event(run):
    event = only(run("Seoul agreed to meet Pyongyang next month."))
    assert event.type == "AGREE"
    assert codes(event.actors) == ["KOR"]
    assert codes(event.recipients) == ["PRK"]


def test_threat_content_gives_recipient_and_mode(run):
    event = only(run("Iran threatened to bomb Israel."))
    assert (event.type, event.mode) == ("THREATEN", "violence")
    assert codes(event.actors) == ["IRN"]
    assert codes(event.recipients) == ["ISR"]


def test_accusation_content_is_not_a_second_event(run):
    event = only(run("Kyiv accused Moscow of shelling the power plant."))
    assert event.type == "ACCUSE"
    assert codes(event.recipients) == ["RUS"]


def test_future_cooperation_is_agree(run):
    event = only(run("Portugal will send medical aid to Mozambique."))
    assert (event.type, event.trigger.text) == ("AGREE", "send medical aid")
    assert codes(event.recipients) == ["MOZ"]
    event = only(run("The Brazilian president plans to visit China in May."))
    assert event.type == "AGREE"


def test_future_retreat_is_concede(run):
    event = only(run("Russia will withdraw its forces from the Georgian border."))
    assert event.type == "CONCEDE"


def test_signing_is_support(run):
    event = only(run("Kenya and Ethiopia signed a security treaty."))
    assert (event.type, event.cameo_root) == ("SUPPORT", "05")
    assert codes(event.actors) == ["KEN", "ETH"]


# --- factuality and attribution ------------------------------------------------------------

def test_negated_event_is_emitted_with_negative_polarity(run):
    event = only(run("Egypt did not attack Libya."))
    assert event.type == "ASSAULT"
    assert event.factuality.polarity == "negative"
    positive = only(run("Egypt attacked Libya."))
    assert event.confidence < positive.confidence


def test_hypothetical_event_is_emitted_and_marked(run):
    event = only(run("If talks fail, Ethiopia may attack Eritrea."), "ASSAULT")
    assert event.factuality.certainty in ("possible", "probable") or event.factuality.hypothetical


def test_reported_event_links_its_attribution(run):
    analysis = run("Syrian troops shelled Idlib, the monitoring group said.")
    event = only(analysis)
    assert event.type == "ASSAULT"
    assert event.attribution is not None
    attribution = next(a for a in analysis.attributions if a.id == event.attribution)
    assert attribution.content.contains(event.trigger)


def test_reporting_verbs_are_not_events(run):
    assert run("The Lebanese minister said the border was calm.").events == []
    assert run("Officials told reporters the border was calm, a report said.").events == []


def test_boilerplate_sentences_yield_nothing(run):
    text = "Police arrested the mayor.\nRead more: Troops attacked the rebel base near Goma\n"
    analysis = run(text)
    assert [e.trigger.text for e in analysis.events] == ["arrested"]


# --- silence on non-political text ---------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The team attacked the goal in the second half.",
    "Liverpool beat their rivals 3-1 on Saturday.",
    "The storm hit the coast on Tuesday night.",
    "The hurricane destroyed hundreds of homes.",
    "Shares of the company hit a record high.",
    "The striker shot the ball into the net.",
    "The company released its quarterly results.",
    "Firefighters fought the blaze for hours.",
    "The union and the company struck a deal on wages.",
    "He suffered a heart attack last year.",
    "The striker was released by Chelsea.",
    "Manchester United fought back to draw 2-2.",
    "Floods killed 30 people in Bangladesh.",
    "A car crash killed three teenagers.",
])
def test_non_political_sentences_yield_no_events(run, text):
    assert run(text).events == []


# --- coding conventions of the PLOVER manual ------------------------------------------------

def test_announced_coercion_is_a_threat(run):
    event = only(run("The junta will impose a curfew in Yangon."))
    assert (event.type, event.mode) == ("THREATEN", "restrict")


def test_protest_topic_is_not_a_separate_request(run):
    event = only(run("Thousands of Kurds demonstrated in Kirkuk to demand independence from Iraq."))
    assert (event.type, event.mode) == ("PROTEST", "demo")
    assert codes(event.recipients) == ["IRQ"]


def test_background_noun_event_in_a_temporal_adjunct_is_not_coded(run):
    event = only(run("The army imposed a curfew in Cizre after the protests."))
    assert (event.type, event.trigger.text) == ("COERCE", "imposed a curfew")


def test_rejected_proposal_codes_its_proposer(run):
    event = only(run("Bangladesh rejected an Indian proposal on transit."))
    assert event.type == "REJECT"
    assert codes(event.recipients) == ["IND"]


def test_threat_recipient_from_its_infinitive_content(run):
    event = only(run("Iran threatened to cut off gas supplies to Turkey."))
    assert event.type == "THREATEN"
    assert codes(event.recipients) == ["TUR"]


def test_date_words_are_never_triggers_or_arguments(run):
    analysis = run("Ten people were killed in riots in Serbia last March.")
    assert [e.trigger.text for e in analysis.events if "March" in e.trigger.text] == []


# --- PLOVER participant conventions --------------------------------------------------------

def test_place_of_the_event_codes_uncoded_participants_and_the_recipient(run):
    event = only(run("Protesters rioted at a prison in Basra."))
    assert event.type == "PROTEST"
    assert codes(event.actors) == ["IRQ"]
    assert codes(event.recipients) == ["IRQ"]
    assert event.recipients[0].span.text == "Basra"


def test_uncoded_target_in_a_town_takes_its_country(run):
    event = only(run("Gunmen attacked a checkpoint in Mosul."))
    assert event.recipients[0].span.text == "a checkpoint"
    assert event.recipients[0].code == "IRQ"


def test_recipient_from_a_party_named_in_the_object(run):
    event = only(run("The rebels agreed to Norwegian mediation."), "AGREE")
    assert codes(event.recipients) == ["NOR"]


def test_coded_recipient_is_not_replaced_by_the_place(run):
    event = only(run("Syrian troops attacked Turkish soldiers in Idlib."), "ASSAULT")
    assert codes(event.recipients) == ["TUR"]


def test_place_of_an_uncoded_actor_codes_it(run):
    event = only(run("A roadside bomb near the town of Kandahar killed two soldiers."), "ASSAULT")
    assert codes(event.actors) == ["AFG"]


def test_uncoded_recipient_takes_the_place_country_without_the_place_as_a_second_recipient(run):
    analysis = run("Gunmen killed an opposition organizer in Maracaibo on Monday.")
    [event] = analysis.events
    assert [(r.name, r.code) for r in event.recipients] == [("an opposition organizer", "VEN")]


def test_one_mention_is_never_both_actor_and_recipient(run):
    [event] = [e for e in run("The systems would protect cities from Russian missile attacks.").events
               if e.type == "ASSAULT"]
    actor_spans = {a.span for a in event.actors}
    assert [a.code for a in event.actors] == ["RUS"]
    assert not any(r.span in actor_spans for r in event.recipients)
