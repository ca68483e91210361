"""The factuality stage: predicates, negation, modality, embedding, questions, attribution."""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from importlib import resources

import pytest

from newsgraph.factuality import Reading, assess, calibration, lexicon
from newsgraph.model import Article, Factuality
from newsgraph.pipeline import build_pipeline, make_doc

STAGES = ("boilerplate", "actors", "attributions", "factuality")

def expect(certainty="certain", *, cue="", negator="", hypothetical=False, kind="verb") -> Factuality:
    """The factuality of a reading: its score is the one calibrated for its cue."""
    return Reading(negated=bool(negator), certainty=certainty, hypothetical=hypothetical,
                   cue=cue, negator=negator, kind=kind).factuality()


CERTAIN = expect()
NEGATED = expect(negator="not")
UNKNOWN = Factuality("unknown", "underspecified", False, 0.0)


def possible(cue: str, kind: str = "verb") -> Factuality:
    return expect("possible", cue=cue, hypothetical=True, kind=kind)


@pytest.fixture(scope="module")
def facts(run):
    """``facts(text)`` -> {predicate word: Factuality}, each span checked against the text."""

    def _facts(text: str) -> dict[str, Factuality]:
        found = {}
        for p in run(text, stages=STAGES).predicates:
            assert text[p.span.start:p.span.end] == p.span.text
            assert p.head == p.span and " " not in p.span.text
            found[p.span.text] = p.factuality
        return found

    return _facts


@pytest.fixture(scope="module")
def parse():
    nlp = build_pipeline(STAGES)
    return lambda text: nlp(make_doc(nlp, Article(text=text)))


def test_plain_past_event_is_certain(facts):
    assert facts("Troops attacked the village on Monday.")["attacked"] == CERTAIN


def test_negated_event(facts):
    found = facts("Troops did not attack the village.")
    assert found["attack"] == NEGATED
    assert "did" not in found  # an auxiliary is no predicate


def test_negated_auxiliary_contraction_and_never(facts):
    assert facts("The minister didn't resign.")["resign"] == NEGATED
    assert facts("The talks never resumed.")["resumed"] == expect(negator="never")


def test_no_subject_negates(facts):
    assert facts("No one was hurt in the blast.")["hurt"] == expect(negator="no")


def test_no_determiner_negates_an_event_noun(facts):
    assert facts("There was no attack on the border.")["attack"] == expect(negator="no", kind="event")


def test_double_negation_under_a_factive(facts):
    found = facts("He has not hidden his support for the rebels.")
    assert found["hidden"] == NEGATED
    assert found["support"] == expect(cue="factive")


def test_negative_implicative_and_its_negation(facts):
    assert facts("The minister refused to resign.")["resign"] == expect(negator="neg_implicative")
    found = facts("The company did not fail to pay its workers.")
    assert found["fail"] == NEGATED
    assert found["pay"] == CERTAIN


@pytest.mark.parametrize("modal", ["may", "might", "could"])
def test_possibility_modals(facts, modal):
    assert facts(f"The rebels {modal} attack the town.")["attack"] == expect("possible", cue=modal)


def test_would_and_will(facts):
    assert facts("The deal would end the strike.")["end"] == possible("would")
    assert facts("The ministers will meet in Geneva.")["meet"] == expect(
        "probable", cue="will", hypothetical=True)
    assert facts("The party won't join the coalition.")["join"] == expect(
        "probable", cue="will", negator="not", hypothetical=True)


def test_if_clause_is_hypothetical_and_main_clause_keeps_its_own(facts):
    found = facts("If the talks fail, the union will strike.")
    assert found["fail"] == possible("conditional")
    assert found["strike"] == expect("probable", cue="will", hypothetical=True)


def test_looking_into_the_possibility_in_case(facts):
    found = facts("He is looking into the possibility of seeking asylum in case he loses power.")
    assert found["looking"] == CERTAIN
    assert found["seeking"] == possible("possibility")
    assert found["loses"] == possible("conditional")


@pytest.mark.parametrize("verb", ["plans", "seeks", "threatens", "wants", "hopes"])
def test_intentions_embed_a_hypothetical_event(facts, verb):
    found = facts(f"The army {verb} to attack the town.")
    assert found[verb] == CERTAIN
    assert unrealized(found["attack"])  # by the verb's class, or by its to-infinitive


def test_feared_clause_is_hypothetical(facts):
    found = facts("Residents fear the dam will collapse.")
    assert found["fear"] == CERTAIN
    assert found["collapse"] == possible("intention")


def test_modal_propagates_into_the_embedded_clause(facts):
    found = facts("He might decide to flee.")
    assert found["decide"] == expect("possible", cue="might")
    assert found["flee"] == possible("intention")


def test_called_for_talks(facts):
    found = facts("The envoy called for talks.")
    assert found["called"] == CERTAIN
    assert found["talks"] == possible("intention", kind="event")


def test_light_verb_object_is_the_event(facts):
    assert facts("The minister held meetings in three capitals.")["meetings"] == CERTAIN
    assert facts("The minister did not hold talks with the rebels.")["talks"] == NEGATED


def test_question_leaves_the_event_unknown(facts):
    assert facts("Did the troops attack the village?")["attack"] == UNKNOWN


def test_reportedly_is_probable(facts):
    assert facts("The general reportedly fled to the north.")["fled"] == expect(
        "probable", cue="reportedly")


def test_denied_clause_is_negative(facts):
    found = facts("The general denied that troops attacked the village.")
    assert found["denied"] == CERTAIN
    assert found["attacked"] == expect("probable", cue="denial", negator="denial")


def test_denied_report_keeps_the_report_itself(facts):
    assert facts("The palace denied the report.")["report"] == CERTAIN


def test_reported_content_stays_factual(facts):
    assert facts("The ministry said the convoy arrived on Monday.")["arrived"] == expect(cue="report")


def test_negated_report_leaves_its_content_underspecified(facts):
    assert facts("The ministry did not say that the convoy arrived.")["arrived"] == expect(
        "underspecified", cue="unsaid")


def test_rejected_claims_deny_their_content(facts):
    found = facts("The army rejected reports that it shelled the school.")
    assert found["reports"] == CERTAIN
    assert found["shelled"] == expect("probable", cue="denial", negator="denial")


def test_nor_negates_its_conjunct_once(facts):
    found = facts("The army did not advance, nor did it retreat.")
    assert found["advance"] == NEGATED
    assert found["retreat"] == expect(negator="nor")


def test_indirect_question_under_negation_is_presupposed(facts):
    assert facts("The firm did not explain what prompted the move.")["prompted"] == CERTAIN


def test_conjunct_shares_modality_but_not_negation(facts):
    found = facts("The agency did not name the suspect but said he fled.")
    assert found["name"] == NEGATED
    assert found["said"] == CERTAIN
    assert facts("The rebels may regroup and attack.")["attack"] == expect("possible", cue="may")


def test_token_extension_and_assess_on_any_token(parse):
    doc = parse("Officials said the attack came after talks collapsed.")
    by_text = {t.text: t for t in doc}
    assert by_text["came"]._.factuality == CERTAIN
    assert by_text["said"]._.factuality == CERTAIN
    assert by_text["Officials"]._.factuality is None
    assert assess(by_text["attack"]) == CERTAIN
    assert [p.lemma for p in doc._.predicates] == ["say", "attack", "come", "talk", "collapse"]


def test_particles_pronouns_and_non_actor_nouns_are_predicates(facts):
    found = facts("The company rolled out a new phone last week, and sales rose ten percent.")
    assert list(found) == ["rolled", "out", "phone", "sales", "rose"]  # not "company", "week"
    assert found["out"] == CERTAIN
    found = facts("This comes after a report, which said the firm was profitable.")
    assert list(found) == ["This", "comes", "report", "which", "said", "was", "profitable"]


def test_attributive_adjective_is_no_predicate_but_a_predicative_one_is(facts):
    assert "long" not in facts("A long war ruined the economy.")
    assert facts("Officials said the price was unchanged.")["unchanged"] == expect(cue="report")


def test_attributive_participle_is_a_predicate(facts):
    found = facts("Police foiled an alleged plot during the ongoing probe.")
    assert found["alleged"] == CERTAIN and found["ongoing"] == CERTAIN


def test_score_is_calibrated_per_word_class_where_fitted():
    """A hypothetical event noun ("called for *talks*") and a hypothetical verb ("plans to
    *attack*") score apart when the fit has both classes."""
    table = calibration()["positive"]
    verb = Reading(certainty="possible", hypothetical=True, cue="intention", kind="verb")
    noun = replace(verb, kind="event")
    assert verb.factuality().score == table["intention", "verb"]
    assert noun.factuality().score == table["intention", "event"]
    assert replace(verb, kind="no such class").factuality().score == table["intention", ""]


def test_scores_are_calibrated_per_cue():
    """The fitted scores keep the scale's order: a plain event is certain, a future more
    likely than a conditional outcome, a negated event below zero."""
    positive = {cue: score for (cue, kind), score in calibration()["positive"].items() if not kind}
    negative = {cue: score for (cue, kind), score in calibration()["negative"].items() if not kind}
    assert positive[""] == 3.0
    assert 3.0 > positive["will"] > positive["would"] > positive["conditional"] > 0
    assert positive["may"] < positive["will"]
    assert -3.0 <= negative["not"] < 0 and -3.0 <= negative["neg_implicative"] < 0


def test_uncalibrated_cue_scores_its_certainty_default():
    assert expect(negator="never").score == -3.0
    assert expect("probable", cue="no such cue").score == 2.5


# --- every lexicon example --------------------------------------------------------------------

def lexicon_examples() -> list:
    raw = tomllib.loads(resources.files("newsgraph.lexicons").joinpath("factuality.toml")
                        .read_text(encoding="utf-8"))
    return [pytest.param(section, entry, id=f"{section}:{entry.get('word') or entry['lemma']}")
            for section in ("negator", "modal", "hedge", "conditional", "embedding")
            for entry in raw[section]]


def unrealized(f: Factuality) -> bool:
    return f.hypothetical and f.polarity == "positive" and f.certainty == "possible" and 0 < f.score < 3


def negative(certainty: str):
    return lambda f: f.polarity == "negative" and f.certainty == certainty and f.score < 0


EXPECTED_BY_CLASS = {
    "intention": unrealized,
    "possibility": unrealized,
    "implicative": lambda f: f == CERTAIN,
    "neg_implicative": negative("certain"),
    "factive": lambda f: f == expect(cue="factive"),
    "counterfactive": negative("certain"),
    "denial": negative("probable"),
    "belief": lambda f: f.polarity == "positive" and f.certainty == "probable",
    "report": lambda f: f.polarity == "positive" and f.certainty == "certain" and f.score > 2,
}


@pytest.mark.parametrize("section,entry", lexicon_examples())
def test_lexicon_example(facts, section, entry):
    """The starred word of each example gets the factuality its cue stands for."""
    example = entry["example"]
    starred = re.search(r"\*(\S+?)\*", example).group(1)
    found = facts(example.replace("*", ""))
    assert starred in found, f"{starred!r} is not a predicate in {example!r}"
    got = found[starred]
    if section == "negator":
        assert got.polarity == "negative" and got.score < 0
    elif section in ("modal", "hedge"):
        assert got.certainty == entry["certainty"]
        assert got.hypothetical == entry.get("hypothetical", False)
    elif section == "conditional":
        assert unrealized(got)
    else:
        assert EXPECTED_BY_CLASS[entry["class"]](got), got


def test_eventive_noun_example_and_list():
    assert {"attack", "talk", "visit", "war"} <= lexicon().eventive_nouns
