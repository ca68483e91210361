"""The factuality stage: predicates, negation, modality, embedding, questions, attribution."""

from __future__ import annotations

import re
import tomllib
from importlib import resources

import pytest

from newsgraph.factuality import assess, lexicon
from newsgraph.model import Article, Factuality
from newsgraph.pipeline import build_pipeline, make_doc

STAGES = ("boilerplate", "actors", "attributions", "factuality")

CERTAIN = Factuality("positive", "certain", False, 3.0)
NEGATED = Factuality("negative", "certain", False, -3.0)
POSSIBLE = Factuality("positive", "possible", False, 1.5)
HYPOTHETICAL = Factuality("positive", "possible", True, 1.5)
FUTURE = Factuality("positive", "probable", True, 2.5)
PROBABLE = Factuality("positive", "probable", False, 2.5)
DENIED = Factuality("negative", "probable", False, -2.5)
UNKNOWN = Factuality("unknown", "underspecified", False, 0.0)


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
    assert facts("The talks never resumed.")["resumed"] == NEGATED


def test_no_subject_negates(facts):
    assert facts("No one was hurt in the blast.")["hurt"] == NEGATED


def test_no_determiner_negates_an_event_noun(facts):
    assert facts("There was no attack on the border.")["attack"] == NEGATED


def test_double_negation_under_a_factive(facts):
    found = facts("He has not hidden his support for the rebels.")
    assert found["hidden"] == NEGATED
    assert found["support"] == CERTAIN


def test_negative_implicative_and_its_negation(facts):
    assert facts("The minister refused to resign.")["resign"] == NEGATED
    found = facts("The company did not fail to pay its workers.")
    assert found["fail"] == NEGATED
    assert found["pay"] == CERTAIN


@pytest.mark.parametrize("modal", ["may", "might", "could"])
def test_possibility_modals(facts, modal):
    assert facts(f"The rebels {modal} attack the town.")["attack"] == POSSIBLE


def test_would_and_will(facts):
    assert facts("The deal would end the strike.")["end"] == HYPOTHETICAL
    assert facts("The ministers will meet in Geneva.")["meet"] == FUTURE
    assert facts("The party won't join the coalition.")["join"] == Factuality(
        "negative", "probable", True, -2.5)


def test_if_clause_is_hypothetical_and_main_clause_keeps_its_own(facts):
    found = facts("If the talks fail, the union will strike.")
    assert found["fail"] == HYPOTHETICAL
    assert found["strike"] == FUTURE


def test_looking_into_the_possibility_in_case(facts):
    found = facts("He is looking into the possibility of seeking asylum in case he loses power.")
    assert found["looking"] == CERTAIN
    assert found["seeking"] == HYPOTHETICAL
    assert found["loses"] == HYPOTHETICAL


@pytest.mark.parametrize("verb", ["plans", "seeks", "threatens", "wants", "hopes"])
def test_intentions_embed_a_hypothetical_event(facts, verb):
    found = facts(f"The army {verb} to attack the town.")
    assert found[verb] == CERTAIN
    assert found["attack"] == HYPOTHETICAL


def test_feared_clause_is_hypothetical(facts):
    found = facts("Residents fear the dam will collapse.")
    assert found["fear"] == CERTAIN
    assert found["collapse"] == HYPOTHETICAL


def test_modal_propagates_into_the_embedded_clause(facts):
    found = facts("He might decide to flee.")
    assert found["decide"] == POSSIBLE
    assert found["flee"] == HYPOTHETICAL


def test_called_for_talks(facts):
    found = facts("The envoy called for talks.")
    assert found["called"] == CERTAIN
    assert found["talks"] == HYPOTHETICAL


def test_light_verb_object_is_the_event(facts):
    assert facts("The minister held meetings in three capitals.")["meetings"] == CERTAIN
    assert facts("The minister did not hold talks with the rebels.")["talks"] == NEGATED


def test_question_leaves_the_event_unknown(facts):
    assert facts("Did the troops attack the village?")["attack"] == UNKNOWN


def test_reportedly_is_probable(facts):
    assert facts("The general reportedly fled to the north.")["fled"] == PROBABLE


def test_denied_clause_is_negative(facts):
    found = facts("The general denied that troops attacked the village.")
    assert found["denied"] == CERTAIN
    assert found["attacked"] == DENIED


def test_denied_report_keeps_the_report_itself(facts):
    assert facts("The palace denied the report.")["report"] == CERTAIN


def test_reported_content_stays_factual(facts):
    assert facts("The ministry said the convoy arrived on Monday.")["arrived"] == CERTAIN


def test_negated_report_leaves_its_content_underspecified(facts):
    assert facts("The ministry did not say that the convoy arrived.")["arrived"] == Factuality(
        "positive", "underspecified", False, 0.0)


def test_rejected_claims_deny_their_content(facts):
    found = facts("The army rejected reports that it shelled the school.")
    assert found["reports"] == CERTAIN
    assert found["shelled"] == DENIED


def test_nor_negates_its_conjunct_once(facts):
    found = facts("The army did not advance, nor did it retreat.")
    assert found["advance"] == NEGATED
    assert found["retreat"] == NEGATED


def test_indirect_question_under_negation_is_presupposed(facts):
    assert facts("The firm did not explain what prompted the move.")["prompted"] == CERTAIN


def test_conjunct_shares_modality_but_not_negation(facts):
    found = facts("The agency did not name the suspect but said he fled.")
    assert found["name"] == NEGATED
    assert found["said"] == CERTAIN
    assert facts("The rebels may regroup and attack.")["attack"] == POSSIBLE


def test_token_extension_and_assess_on_any_token(parse):
    doc = parse("Officials said the attack came after talks collapsed.")
    by_text = {t.text: t for t in doc}
    assert by_text["came"]._.factuality == CERTAIN
    assert by_text["said"]._.factuality == CERTAIN
    assert by_text["Officials"]._.factuality is None
    assert assess(by_text["attack"]) == CERTAIN
    assert [p.lemma for p in doc._.predicates] == ["say", "attack", "come", "talk", "collapse"]


# --- every lexicon example --------------------------------------------------------------------

def lexicon_examples() -> list:
    raw = tomllib.loads(resources.files("newsgraph.lexicons").joinpath("factuality.toml")
                        .read_text(encoding="utf-8"))
    return [pytest.param(section, entry, id=f"{section}:{entry.get('word') or entry['lemma']}")
            for section in ("negator", "modal", "hedge", "conditional", "embedding")
            for entry in raw[section]]


EXPECTED_BY_CLASS = {
    "intention": lambda f: f.hypothetical and f.polarity == "positive" and f.score == 1.5,
    "possibility": lambda f: f.hypothetical and f.polarity == "positive" and f.score == 1.5,
    "implicative": lambda f: f == CERTAIN,
    "neg_implicative": lambda f: f == NEGATED,
    "factive": lambda f: f == CERTAIN,
    "counterfactive": lambda f: f == NEGATED,
    "denial": lambda f: f == DENIED,
    "belief": lambda f: f.polarity == "positive" and f.certainty == "probable",
    "report": lambda f: f == CERTAIN,
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
        assert got.hypothetical and got.score == 1.5
    else:
        assert EXPECTED_BY_CLASS[entry["class"]](got), got


def test_eventive_noun_example_and_list():
    assert {"attack", "talk", "visit", "war"} <= lexicon().eventive_nouns
