"""The factuality stage: predicates, negation, modality, embedding, questions, attribution."""

from __future__ import annotations

import re
import tomllib
from importlib import resources

import pytest

from newsgraph.factuality import Reading, assess, lexicon, reading, score_features, score_model
from newsgraph.model import Article, Factuality
from newsgraph.pipeline import build_pipeline, make_doc

STAGES = ("boilerplate", "actors", "attributions", "factuality")


def expect(certainty="certain", *, cue="", negator="", hypothetical=False, kind="verb") -> Reading:
    return Reading(negated=bool(negator), certainty=certainty, hypothetical=hypothetical,
                   cue=cue, negator=negator, kind=kind)


CERTAIN = expect()
NEGATED = expect(negator="not")
UNKNOWN = Factuality("unknown", "underspecified", False, 0.0)


def possible(cue: str, kind: str = "verb") -> Reading:
    return expect("possible", cue=cue, hypothetical=True, kind=kind)


def agrees(reading: Reading, found: Factuality) -> bool:
    """The labels of a predicate's factuality are its reading's, and its score lies on the
    side of zero its polarity stands for."""
    if reading.questioned:
        return found == UNKNOWN
    return (found.certainty == reading.certainty and found.hypothetical == reading.hypothetical
            and (0 < found.score <= 3 and found.polarity == "positive" if not reading.negated
                 else -3 <= found.score <= 0 and found.polarity == ("negative" if found.score else "positive")))


@pytest.fixture(scope="module")
def parse():
    nlp = build_pipeline(STAGES)
    return lambda text: nlp(make_doc(nlp, Article(text=text)))


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
def readings(parse):
    """``readings(text)`` -> {predicate word: Reading}, each checked to agree with the
    factuality the stage gave its token."""
    def _readings(text: str) -> dict[str, Reading]:
        found = {}
        for token in parse(text):
            if token._.factuality is not None:
                found[token.text] = reading(token)
                assert agrees(found[token.text], token._.factuality), (token.text, token._.factuality)
        return found

    return _readings


def test_plain_past_event_is_certain(readings):
    assert readings("Troops attacked the village on Monday.")["attacked"] == CERTAIN


def test_negated_event(readings):
    found = readings("Troops did not attack the village.")
    assert found["attack"] == NEGATED
    assert "did" not in found  # an auxiliary is no predicate


def test_negated_auxiliary_contraction_and_never(readings):
    assert readings("The minister didn't resign.")["resign"] == NEGATED
    assert readings("The talks never resumed.")["resumed"] == expect(negator="never")


def test_no_subject_negates(readings):
    assert readings("No one was hurt in the blast.")["hurt"] == expect(negator="no")


def test_no_determiner_negates_an_event_noun(readings):
    assert readings("There was no attack on the border.")["attack"] == expect(negator="no", kind="event")


def test_double_negation_under_a_factive(readings):
    found = readings("He has not hidden his support for the rebels.")
    assert found["hidden"] == NEGATED
    assert found["support"] == expect(cue="factive", kind="event")


def test_negative_implicative_and_its_negation(readings):
    assert readings("The minister refused to resign.")["resign"] == expect(negator="neg_implicative")
    found = readings("The company did not fail to pay its workers.")
    assert found["fail"] == NEGATED
    assert found["pay"] == CERTAIN


@pytest.mark.parametrize("modal", ["may", "might", "could"])
def test_possibility_modals(readings, modal):
    assert readings(f"The rebels {modal} attack the town.")["attack"] == expect("possible", cue=modal)


def test_would_and_will(readings):
    assert readings("The deal would end the strike.")["end"] == possible("would")
    assert readings("The ministers will meet in Geneva.")["meet"] == expect(
        "probable", cue="will", hypothetical=True)
    assert readings("The party won't join the coalition.")["join"] == expect(
        "probable", cue="will", negator="not", hypothetical=True)


def test_if_clause_is_hypothetical_and_main_clause_keeps_its_own(readings):
    found = readings("If the talks fail, the union will strike.")
    assert found["fail"] == possible("conditional")
    assert found["strike"] == expect("probable", cue="will", hypothetical=True)


def test_looking_into_the_possibility_in_case(readings):
    found = readings("He is looking into the possibility of seeking asylum in case he loses power.")
    assert found["looking"] == CERTAIN
    assert found["seeking"] == possible("possibility")
    assert found["loses"] == possible("conditional")


@pytest.mark.parametrize("verb", ["plans", "seeks", "threatens", "wants", "hopes"])
def test_intentions_embed_a_hypothetical_event(readings, verb):
    found = readings(f"The army {verb} to attack the town.")
    assert found[verb] == CERTAIN
    attack = found["attack"]  # unrealized by the verb's class, or by its to-infinitive
    assert attack.hypothetical and attack.certainty == "possible" and not attack.negated


def test_feared_clause_is_hypothetical(readings):
    found = readings("Residents fear the dam will collapse.")
    assert found["fear"] == CERTAIN
    assert found["collapse"] == possible("intention")


def test_modal_propagates_into_the_embedded_clause(readings):
    found = readings("He might decide to flee.")
    assert found["decide"] == expect("possible", cue="might")
    assert found["flee"] == possible("intention")


def test_called_for_talks(readings):
    found = readings("The envoy called for talks.")
    assert found["called"] == CERTAIN
    assert found["talks"] == possible("intention", kind="event")


def test_light_verb_object_is_the_event(readings):
    assert readings("The minister held meetings in three capitals.")["meetings"] == expect(kind="event")
    assert readings("The minister did not hold talks with the rebels.")["talks"] == expect(negator="not", kind="event")


def test_question_leaves_the_event_unknown(facts):
    assert facts("Did the troops attack the village?")["attack"] == UNKNOWN


def test_reportedly_is_probable(readings):
    assert readings("The general reportedly fled to the north.")["fled"] == expect(
        "probable", cue="reportedly")


def test_denied_clause_is_negative(readings):
    found = readings("The general denied that troops attacked the village.")
    assert found["denied"] == CERTAIN
    assert found["attacked"] == expect("probable", cue="denial", negator="denial")


def test_denied_report_keeps_the_report_itself(readings):
    assert readings("The palace denied the report.")["report"] == expect(kind="event")


def test_reported_content_stays_factual(readings):
    assert readings("The ministry said the convoy arrived on Monday.")["arrived"] == expect(cue="report")


def test_negated_report_leaves_its_content_underspecified(readings):
    assert readings("The ministry did not say that the convoy arrived.")["arrived"] == expect(
        "underspecified", cue="unsaid")


def test_rejected_claims_deny_their_content(readings):
    found = readings("The army rejected reports that it shelled the school.")
    assert found["reports"] == expect(kind="event")
    assert found["shelled"] == expect("probable", cue="denial", negator="denial")


def test_nor_negates_its_conjunct_once(readings):
    found = readings("The army did not advance, nor did it retreat.")
    assert found["advance"] == NEGATED
    assert found["retreat"] == expect(negator="nor")


def test_indirect_question_under_negation_is_presupposed(readings):
    assert readings("The firm did not explain what prompted the move.")["prompted"] == CERTAIN


def test_conjunct_shares_modality_but_not_negation(readings):
    found = readings("The agency did not name the suspect but said he fled.")
    assert found["name"] == NEGATED
    assert found["said"] == CERTAIN
    assert readings("The rebels may regroup and attack.")["attack"] == expect("possible", cue="may")


def test_token_extension_and_assess_on_any_token(parse):
    doc = parse("Officials said the attack came after talks collapsed.")
    by_text = {t.text: t for t in doc}
    assert by_text["Officials"]._.factuality is None
    for word in ("came", "said"):
        assert agrees(CERTAIN, by_text[word]._.factuality)
    assert assess(by_text["attack"]) == by_text["attack"]._.factuality
    assert [p.lemma for p in doc._.predicates] == ["say", "attack", "come", "talk", "collapse"]


def test_particles_pronouns_and_non_actor_nouns_are_predicates(readings):
    found = readings("The company rolled out a new phone last week, and sales rose ten percent.")
    assert list(found) == ["rolled", "out", "phone", "sales", "rose"]  # not "company", "week"
    assert found["out"] == expect(kind="other")
    found = readings("This comes after a report, which said the firm was profitable.")
    assert list(found) == ["This", "comes", "report", "which", "said", "was", "profitable"]


def test_attributive_adjective_is_no_predicate_but_a_predicative_one_is(readings):
    assert "long" not in readings("A long war ruined the economy.")
    assert readings("Officials said the price was unchanged.")["unchanged"] == expect(cue="report", kind="other")


def test_attributive_participle_is_a_predicate(readings):
    found = readings("Police foiled an alleged plot during the ongoing probe.")
    assert found["alleged"] == found["ongoing"] == expect(kind="other")


def test_new_predicates_event_nouns_named_events_and_adverbial_particles(readings):
    found = readings("Prices came down after the Olympic Games.")
    assert found["down"] == expect(kind="other")
    assert found["Games"] == expect(kind="noun")


def test_prevented_event_nouns_did_not_happen(readings):
    """A prevention verb's object, passive subject or participle modifier, and the object of
    "delay in", name an event that did not happen."""
    prevented = expect(negator="prevention", kind="event")
    assert readings("The ministry cancelled the visit.")["visit"] == prevented
    assert readings("The vote was postponed until May.")["vote"] == prevented
    assert readings("Unions criticized the cancelled deal.")["deal"] == prevented
    assert readings("The agency blamed a delay in the launch of the rocket.")["launch"] == prevented
    assert readings("Police prevented the crowd from entering the square.")["entering"] == expect(
        negator="prevention")


def test_prevention_reaches_neither_other_nouns_nor_other_prepositions(readings):
    assert readings("Engineers blocked the road to the dam.")["road"] == expect(kind="noun")
    found = readings("The flight was delayed by fog after the accident.")
    assert found["flight"] == expect(negator="prevention", kind="event")
    assert found["fog"] == expect(kind="noun")
    assert found["accident"] == expect(kind="event")
    assert readings("The airline did not cancel the visit.")["visit"] == expect(kind="event")


def test_prevented_events_score_below_zero(facts):
    for text, word in (("The ministry cancelled the visit.", "visit"),
                       ("Police thwarted an attack on the embassy.", "attack"),
                       ("Unions criticized the cancelled deal.", "deal")):
        found = facts(text)[word]
        assert found.polarity == "negative" and -3.0 <= found.score < 0, (text, found)
    assert facts("The airline did not cancel the visit.")["visit"].score > 2


def test_content_noun_infinitive_shares_the_nouns_fate(readings):
    """The to-infinitive of a content noun ("a deal to lease"), even where the parser made
    it a relative clause, is the deal's content: planned, or not happening when the deal is
    cancelled or denied."""
    found = readings("There was no deal to lease the jets.")
    assert found["deal"] == expect(negator="no", kind="event")
    assert found["lease"] == expect("possible", cue="intention", negator="no", hypothetical=True)
    assert readings("The cancelled deal to lease the aircraft angered unions.")["lease"] == expect(
        "possible", cue="intention", negator="prevention", hypothetical=True)
    assert readings("He was the first man to land on the moon.")["land"] == possible("infinitive")


def test_adverb_particle_and_named_event_head_are_predicates(readings):
    found = readings("The news sent shares tumbling down ten points.")
    assert found["down"] == expect(kind="other")  # an adverb the parser attached as particle
    found = readings("Delegates met at the Bonn Climate Conference.")
    assert found["Conference"] == expect(kind="noun")  # a named event the NER took for an organization
    assert "Bonn" not in found and "Climate" not in found
    assert "Flight" in readings("Divers searched for Air Atlantic Flight 212.")


def score(facts, text: str, word: str) -> float:
    return facts(text)[word].score


def test_fitted_scores_keep_the_scale_order(facts):
    """A plain past event is (near) certain; a future is likelier than a hedged or
    conditional one; an intended event is unrealized; a negated one is below zero."""
    past = score(facts, "Troops attacked the village.", "attacked")
    future = score(facts, "Troops will attack the village.", "attack")
    possible_ = score(facts, "Troops may attack the village.", "attack")
    conditional = score(facts, "If troops attack the village, residents will flee.", "attack")
    intended = score(facts, "The army plans to attack the village.", "attack")
    negated = score(facts, "Troops did not attack the village.", "attack")
    assert 2.5 <= past <= 3.0
    assert past > future > possible_ > 0
    assert future > conditional > 0
    assert 0 < intended < 2.5
    assert -3.0 <= negated < -1.0


def test_score_is_the_sum_of_the_feature_weights_of_its_polarity(parse):
    doc = parse("Troops did not attack the village, but they may return.")
    for word, polarity in (("attack", "negative"), ("return", "positive")):
        token = next(t for t in doc if t.text == word)
        weights = score_model()[polarity]
        total = sum(weights.get(f, 0.0) for f in score_features(token, reading(token)))
        bounded = max(-3.0, min(0.0, total)) if polarity == "negative" else max(0.0, min(3.0, total))
        assert token._.factuality.score == pytest.approx(bounded)
    back = next(t for t in doc if t.text == "return")
    features = score_features(back, reading(back))
    assert {"bias", "cue=may", "kind=verb", "cue=may&kind=verb", "certainty=possible",
            "subject=actor", "dep=conj"} <= set(features)


def test_model_file_weights_every_cue_it_was_fit_on():
    model = score_model()
    assert set(model) == {"positive", "negative"}
    assert {"bias", "cue=will", "cue=infinitive", "cue=intention", "kind=event"} <= set(model["positive"])
    assert "bias" in model["negative"]


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
    "implicative": lambda f: f.polarity == "positive" and f.certainty == "certain" and f.score > 2,
    "neg_implicative": negative("certain"),
    "prevention": negative("certain"),
    "factive": lambda f: f.polarity == "positive" and f.certainty == "certain" and f.score > 2,
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
    assert {"back", "down", "out"} <= lexicon().adverbial_particles
    assert {"attack", "talk", "visit", "war"} <= lexicon().eventive_nouns
