"""The attributions stage: cues, sources, contents, quotes, nesting and stance."""

from __future__ import annotations

import pytest

from newsgraph.attributions import CueModel, annotate_attributions, cue_lexicon, cue_model, find_quotes
from newsgraph.lexicons import read_tsv
from newsgraph.model import Article
from newsgraph.pipeline import build_pipeline, make_doc

STAGES = ("boilerplate", "actors", "attributions")


@pytest.fixture(scope="module")
def attributions(run):
    """``attributions(text)`` -> the stage's attributions, each checked against the text."""

    def _attributions(text: str):
        found = run(text, stages=STAGES).attributions
        for a in found:
            for span in (a.source, a.cue, a.content):
                assert span is None or text[span.start:span.end] == span.text
        return found

    return _attributions


def parts(a):
    """(source, cue, content) texts of an attribution."""
    return (a.source.text if a.source else None, a.cue.text, a.content.text)


def test_said_that_keeps_that_and_the_full_subject(attributions):
    [a] = attributions("Deputy Interior Minister Lena Ortiz said that the convoy would leave at dawn.")
    assert parts(a) == ("Deputy Interior Minister Lena Ortiz", "said",
                        "that the convoy would leave at dawn")
    assert (a.id, a.parent, a.stance, a.quote) == ("a1", None, "asserts", False)


def test_told_reporters_attributes_the_clause_not_the_addressee(attributions):
    [a] = attributions("The mayor told reporters the bridge was closed.")
    assert parts(a) == ("The mayor", "told", "the bridge was closed")


def test_according_to(attributions):
    [a] = attributions("According to the coast guard, two fishing boats sank near the harbour.")
    assert parts(a) == ("the coast guard", "According to", "two fishing boats sank near the harbour")


def test_confirmed_with_a_nominal_object(attributions):
    [a] = attributions("The foreign ministry confirmed the letter.")
    assert parts(a) == ("The foreign ministry", "confirmed", "the letter")
    assert a.stance == "confirms"


def test_denied_clause_and_denied_report(attributions):
    first, second = attributions("The army denied that civilians were hurt. "
                                 "The palace denied the report.")
    assert parts(first) == ("The army", "denied", "that civilians were hurt")
    assert parts(second) == ("The palace", "denied", "the report")
    assert first.stance == second.stance == "denies"


def test_claimed_to_know_takes_the_xcomp(attributions):
    [a] = attributions("The ambassador claimed to know nothing about the shipment.")
    assert parts(a) == ("The ambassador", "claimed", "to know nothing about the shipment")
    assert a.stance == "claims"


def test_prepositional_cue_attributes_its_object(attributions):
    [a] = attributions("The opposition called for a recount of the votes.")
    assert parts(a) == ("The opposition", "called for", "a recount of the votes")


def test_colon_after_the_cue(attributions):
    [a] = attributions("The Daily Ledger reports: the dam burst after heavy rain.")
    assert parts(a) == ("The Daily Ledger", "reports", "the dam burst after heavy rain")
    assert a.stance == "reports"


def test_post_posed_quote(attributions):
    [a] = attributions('"We will not retreat," the commander said.')
    assert parts(a) == ("the commander", "said", "We will not retreat")
    assert a.quote


def test_inverted_said_x_with_curly_quotes(attributions):
    [a] = attributions("“The harvest failed,” said Tomas Berg, a farmer from the valley.")
    assert parts(a) == ("Tomas Berg, a farmer from the valley", "said", "The harvest failed")
    assert a.quote


def test_quote_spanning_sentences(attributions):
    [a] = attributions('"The river is rising. We have moved the children," the mayor said on Sunday.')
    assert parts(a) == ("the mayor", "said", "The river is rising. We have moved the children")
    assert a.quote


def test_quote_going_on_after_the_cue_joins_the_content(run):
    text = '"Prices will fall," the minister said. "Not this year, but soon."'
    nlp = build_pipeline(STAGES)
    doc = nlp(make_doc(nlp, Article(text=text)))
    [a] = doc._.attributions
    assert a.content.text == 'Prices will fall," the minister said. "Not this year, but soon.'
    inside = {t.text for t in doc if t._.attribution == "a1"}
    assert {"Prices", "soon", "year"} <= inside
    assert not inside & {"minister", "said"}


def test_unbalanced_quote_marks_do_not_crash(attributions):
    found = attributions('He said "the vote was "free. Then “nothing” happened” and “ ended\n\n" there')
    assert [a.cue.text for a in found] == ["said"]


def test_find_quotes_pairs_marks_and_drops_stray_ones(run):
    nlp = build_pipeline(STAGES)
    doc = nlp(make_doc(nlp, Article(text='“One.\n\n“Two,” she said. " Stray')))
    assert [doc[q.open:q.close + 1].text for q in find_quotes(doc)] == ["“One.\n\n", "“Two,”"]


def test_nested_chain_links_parents_and_innermost_tokens(run):
    text = ("The agency reported that the minister said that an analyst described "
            "the shooting as a warning.")
    nlp = build_pipeline(STAGES)
    doc = nlp(make_doc(nlp, Article(text=text)))
    a1, a2, a3 = doc._.attributions
    assert [(a.id, a.cue.text, a.parent) for a in (a1, a2, a3)] == [
        ("a1", "reported", None), ("a2", "said", "a1"), ("a3", "described", "a2")]
    assert a1.content.text == ("that the minister said that an analyst described "
                               "the shooting as a warning")
    assert a3.content.text == "the shooting as a warning"
    assert a1.stance == "reports"
    owner = {t.text: t._.attribution for t in doc}
    assert (owner["minister"], owner["analyst"], owner["shooting"]) == ("a1", "a2", "a3")
    assert owner["agency"] is None


def test_did_not_confirm_is_unknown(attributions):
    [a] = attributions("The police did not confirm that the suspect had been arrested.")
    assert a.stance == "unknown"
    # PolNeAR's cues keep their auxiliaries and negation
    assert parts(a) == ("The police", "did not confirm", "that the suspect had been arrested")


def test_was_not_able_to_say_is_unknown_and_keeps_its_source(attributions):
    [a] = attributions("The spokesman was not able to say whether the talks would resume.")
    # the governing predicate belongs to the cue, as PolNeAR marks it
    assert parts(a) == ("The spokesman", "was not able to say", "whether the talks would resume")
    assert a.stance == "unknown"


@pytest.mark.parametrize(("text", "expected"), [
    ("The senator went on to say that the deal was dead.",
     ("The senator", "went on to say", "that the deal was dead", "asserts")),
    ("Rural voters tended to support the levy.",
     ("Rural voters", "tended to support", "the levy", "claims")),
    ("The mayor began by saying that the budget was balanced.",
     ("The mayor", "began by saying", "that the budget was balanced", "asserts")),
    ("The minister took to the radio to say that the border would stay open.",
     ("The minister", "took to the radio to say", "that the border would stay open", "asserts")),
])
def test_a_cue_governed_through_a_shared_subject_spans_its_governors(attributions, text, expected):
    [a] = attributions(text)
    assert (*parts(a), a.stance) == expected


def test_an_object_controlled_cue_keeps_neither_governor_nor_its_subject(attributions):
    found = attributions("The rules required delegates to support the winner.")
    assert [(a.source, a.cue.text) for a in found if a.cue.text.endswith("support")] == [(None, "to support")]


def test_declined_and_did_not_deny_are_unknown_but_denied_stays(attributions):
    refusal, declined, not_denied, denied = attributions(
        "The embassy declined to say whether the envoy had left. "
        "The union did not deny that the strike was planned. "
        "The company denied that it had closed the plant.")
    assert [a.stance for a in (declined, not_denied, denied)] == ["unknown", "unknown", "denies"]
    # declining is itself a cue (PolNeAR marks "declined to comment"), the saying nested in it
    assert parts(refusal) == ("The embassy", "declined", "to say whether the envoy had left")
    assert (refusal.stance, declined.parent) == ("denies", refusal.id)


def test_passive_report_has_no_source(attributions):
    first, second = attributions("It was reported that troops crossed the border. "
                                 "The envoy is reported to have met the rebels.")
    assert parts(first) == (None, "was reported", "that troops crossed the border")
    # PolNeAR: the subject raised out of the reported clause is content, not source
    assert parts(second) == (None, "is reported", "The envoy is reported to have met the rebels")


def test_parenthetical_sources_say(attributions):
    [a] = attributions("The minister resigned on Monday, sources say.")
    assert parts(a) == ("sources", "say", "The minister resigned on Monday")


def test_noun_cue_with_a_that_clause_inside_a_rejection(attributions):
    rejected, claims = attributions("Moscow rejected claims that its jets had bombed the market.")
    assert parts(rejected) == ("Moscow", "rejected", "claims that its jets had bombed the market")
    assert parts(claims) == (None, "claims", "that its jets had bombed the market")
    assert (rejected.stance, claims.stance, claims.parent) == ("denies", "claims", rejected.id)


def test_plain_factual_sentence_has_no_attribution(attributions):
    assert attributions("Heavy rain flooded three villages in the north on Tuesday.") == []


def test_pronoun_source_keeps_its_own_words(attributions):
    found = attributions("Maria Lopez, the health minister, visited the clinic. "
                         "She said that the outbreak was under control.")
    [said] = [a for a in found if a.cue.text == "said"]
    assert said.source.text == "She"
    assert said.source_actor is not None and said.source_actor.name == "Maria Lopez"


def test_source_actor_of_a_titled_name(attributions):
    [a] = attributions("Russian Deputy Foreign Minister Sergei Ryabkov said that talks would go on.")
    assert (a.source_actor.name, a.source_actor.code) == ("Sergei Ryabkov", "RUS")


def test_boilerplate_lines_yield_no_attribution(attributions):
    found = attributions("Read more: Officials say the port will shut\n\n"
                         "The governor said the bridge would reopen.")
    assert [a.cue.text for a in found] == ["said"]


LEXICON = cue_lexicon()


@pytest.mark.parametrize("entry", [*LEXICON.verbs.values(), *(e for group in LEXICON.nouns.values() for e in group.values()),
                                   *LEXICON.adjectives.values(),
                                   *(e for group in LEXICON.phrases.values() for e in group.values())], ids=lambda e: f"{e.kind}:{e.cue}")
def test_every_cue_example_is_found(run, entry):
    """Each lexicon row's example yields an attribution on that very cue, with its stance."""
    nlp = build_pipeline(STAGES)
    doc = nlp(make_doc(nlp, Article(text=entry.example)))
    words = "text" if entry.kind in ("phrase", "adjective") else "lemma_"
    found = {(" ".join(getattr(t, words).lower() for t in doc.char_span(a.cue.start, a.cue.end)),
              a.stance) for a in doc._.attributions}
    # a noun cue takes in its support verb ("issued a statement"), an adjective its verb
    # and preposition ("has been critical of")
    assert any((cue.endswith(entry.cue.lower()) or entry.kind == "adjective" and entry.cue in cue.split())
               and stance == entry.stance for cue, stance in found)


@pytest.mark.parametrize("row", read_tsv("cue_support_verbs.tsv"), ids=lambda r: r["verb"])
def test_every_support_verb_example_joins_its_noun_cue(run, row):
    """Each support verb's example yields one attribution whose cue runs from the verb to a
    noun cue, its source being the verb's subject."""
    text = row["example"]
    [a] = run(text, stages=STAGES).attributions
    the, noun, verb = text.split()[:3]  # "The mayor expressed"
    assert (a.source.text, a.cue.text.split()[0]) == (f"{the} {noun}", verb)
    assert a.cue.end < a.content.start


def test_support_verb_and_noun_cue_make_one_attribution(attributions):
    [a] = attributions("The mayor expressed concern that the dam would fail.")
    assert parts(a) == ("The mayor", "expressed concern", "that the dam would fail")


@pytest.mark.parametrize(("text", "expected"), [
    ("After suggesting that the vote was rigged, the senator left the hall.",
     ("the senator", "suggesting", "that the vote was rigged")),
    ("Having announced that he would resign, the minister thanked his staff.",
     ("the minister", "Having announced", "that he would resign")),
])
def test_a_fronted_participle_cue_takes_the_main_clause_subject(attributions, text, expected):
    assert parts(attributions(text)[0]) == expected


def test_cue_keeps_auxiliaries_negation_and_adjacent_adverbs(attributions):
    [a] = attributions("The senator has also said that the tax would fall.")
    assert parts(a) == ("The senator", "has also said", "that the tax would fall")


def test_raising_verb_puts_its_subject_in_the_content(attributions):
    [a] = attributions("The ceasefire appears to be holding.")
    assert parts(a) == (None, "appears", "The ceasefire appears to be holding")
    assert a.stance == "speculates"


def test_passive_cue_with_an_infinitive_raises_its_subject(attributions):
    [a] = attributions("The central bank is expected to raise rates.")
    assert parts(a) == (None, "is expected", "The central bank is expected to raise rates")


def test_addressee_of_a_passive_cue_stays_out_of_the_content(attributions):
    [a] = attributions("The workers were urged to return to the plant.")
    assert parts(a) == (None, "were urged", "to return to the plant")


def test_evaluative_cue_takes_its_object_and_predicate(attributions):
    praised, called = attributions("The coach praised the young goalkeeper. "
                                   "The senator called the tax plan a disaster.")
    assert parts(praised) == ("The coach", "praised", "the young goalkeeper")
    assert parts(called) == ("The senator", "called", "the tax plan a disaster")
    assert praised.stance == called.stance == "claims"


def test_called_without_a_predicate_is_no_attribution(attributions):
    assert attributions("The mayor called the fire brigade.") == []


def test_intention_with_an_object_subject(attributions):
    [a] = attributions("Farmers want the government to lower fuel taxes.")
    assert parts(a) == ("Farmers", "want", "the government to lower fuel taxes")
    assert a.stance == "speculates"


def test_no_attribution_inside_a_quotation(attributions):
    [a] = attributions('"I think the bridge is safe," the engineer said.')
    assert parts(a) == ("the engineer", "said", "I think the bridge is safe")


def test_first_person_source_outside_quotes_is_not_reported(attributions):
    assert attributions("I think the bridge is safe.") == []


def test_relative_pronoun_is_the_source_and_its_noun_the_actor(attributions):
    [a] = attributions("Maria Lopez, who said that the clinic would close, resigned.")
    assert parts(a) == ("who", "said", "that the clinic would close")
    assert a.source_actor is not None and a.source_actor.name == "Maria Lopez"


def test_source_leaves_out_its_relative_clause(attributions):
    [a] = attributions("Maria Lopez, who ran twice, said that the clinic would close.")
    assert parts(a) == ("Maria Lopez", "said", "that the clinic would close")


def test_speaker_colon_line(attributions):
    found = attributions("Senator Kelli Ward: the new law must go\n\nIowa: Tim Albrecht, Bonnie Campbell")
    [a] = found
    assert parts(a) == ("Senator Kelli Ward", ":", "the new law must go")
    assert a.stance == "asserts"


def test_regular_verb_form_the_lemmatizer_misreads(attributions):
    [a] = attributions("Governor Hale hopes the new bridge will open in May.")
    assert parts(a) == ("Governor Hale", "hopes", "the new bridge will open in May")
    assert a.stance == "speculates"


def test_quote_only_verb_reports_a_quotation_but_not_a_clause(attributions):
    [a] = attributions("“We will rebuild the school,” the mayor continued.")
    assert parts(a) == ("the mayor", "continued", "We will rebuild the school")
    assert a.quote
    assert attributions("Bread prices continued to rise in the spring.") == []


def test_asked_if_attributes_the_question(attributions):
    [a] = attributions("Asked if the border would reopen, the minister shrugged.")
    assert parts(a) == (None, "Asked", "if the border would reopen")
    assert a.stance == "questions"


def test_when_asked_leaves_when_out_of_the_cue(attributions):
    [a] = attributions("When asked, the mayor said the plan was dead.")
    assert parts(a) == ("the mayor", "said", "the plan was dead")
    found = attributions("The mayor, when asked whether the plan was dead, smiled.")
    assert [p[1] for p in map(parts, found)] == ["asked"]


def test_in_a_poll_frames_its_findings(attributions):
    [a] = attributions("In a poll released Monday, most farmers chose the new levy.")
    assert parts(a) == ("a poll released Monday", "In", "most farmers chose the new levy")
    assert (a.stance, a.parent) == ("reports", None)


def test_in_a_poll_gives_way_to_a_cue_verb_of_its_own(attributions):
    [a] = attributions("In a poll released Monday, most farmers said the levy was fair.")
    assert parts(a) == ("most farmers", "said", "the levy was fair")


def test_cue_model_loads_with_a_threshold_and_weights():
    model = cue_model()
    assert 0.0 < model.threshold < 1.0
    assert len(model.weights) > 100 and "bias" in model.weights


def test_learned_cue_verb_with_a_that_clause(attributions):
    [a] = attributions("The senator sensed that the new levy was unfair to farmers.")
    assert parts(a) == ("The senator", "sensed", "that the new levy was unfair to farmers")
    assert (a.stance, a.parent) == ("asserts", None)


def test_learned_cue_leaves_a_non_reporting_verb_with_an_object(attributions):
    assert attributions("The engineers built a new bridge over the river.") == []


def test_a_quotation_signed_with_a_dash_and_a_name(attributions):
    [a] = attributions("“We need jobs in this town. Nobody listens to us.” ― Ana Ruiz\n")
    assert parts(a) == ("Ana Ruiz", "―", "We need jobs in this town. Nobody listens to us.")
    assert (a.stance, a.quote) == ("asserts", True)


def test_a_dash_after_a_quotation_without_a_name_is_no_cue(attributions):
    assert attributions("“We need jobs,” — and nobody listens.\n") == []


def test_a_headline_colon_after_a_short_name_used_in_the_article(attributions):
    # the parser takes the lone "Lopez" for a common noun; the article's "Lena Lopez" names it
    found = attributions("Lopez: Clinton Email Story Has Moved\n\nSenator Lena Lopez spoke in Iowa.")
    assert parts(found[0]) == ("Lopez", ":", "Clinton Email Story Has Moved")
    assert attributions("Update: Clinton Email Story Has Moved\n\nSenator Lena Lopez spoke.") == []


def test_an_attitude_inside_reported_content_is_part_of_it(attributions):
    """A belief or intention the source reports ("she plans", "he thinks") is content, as
    PolNeAR marks it; on its own it is still an attribution."""
    [said] = attributions("The coach said she plans to retire after the final.")
    assert parts(said) == ("The coach", "said", "she plans to retire after the final")
    [plans] = attributions("The coach plans to retire after the final.")
    assert parts(plans) == ("The coach", "plans", "to retire after the final")


def test_a_speech_act_inside_reported_content_stays_nested(attributions):
    reported, said = attributions("The radio reported that the mayor said the port would close.")
    assert parts(said) == ("the mayor", "said", "the port would close")
    assert said.parent == reported.id


def test_every_cue_names_an_act_of_speech_or_an_attitude():
    assert {row["act"] for row in read_tsv("cues.tsv")} == {"speech", "attitude"}


@pytest.mark.parametrize(("text", "expected"), [
    ("The farmers complained about the new water tax.",
     ("The farmers", "complained about", "the new water tax")),
    ("The bishop railed against the death penalty.",
     ("The bishop", "railed against", "the death penalty")),
])
def test_a_verb_cue_without_a_clause_takes_its_topic_with_the_preposition(attributions, text, expected):
    found = attributions(text)
    assert parts(found[0]) == expected


def test_a_learned_noun_cue_takes_its_topic_with_the_preposition(run):
    text = "Their criticism of the budget grew louder."
    nlp = build_pipeline(("boilerplate", "actors"))
    doc = nlp(make_doc(nlp, Article(text=text)))
    annotate_attributions(doc, CueModel(threshold=0.5, weights={"lemma=criticism": 5.0}))
    [a] = doc._.attributions
    assert parts(a) == ("Their", "criticism of", "the budget")


def test_the_speakers_of_a_quoted_transcript_are_cues(attributions):
    host, guest = attributions('A partial transcript follows.\n\n"HOST: Welcome back to the show.\n\n'
                               '"MORALES: Thank you for having me."\n')
    assert parts(host) == ("HOST", ":", "Welcome back to the show")
    assert parts(guest) == ("MORALES", ":", "Thank you for having me")


def test_a_colon_later_in_a_quotation_is_no_speaker_cue(attributions):
    [a] = attributions('“We have one goal in this town: jobs,” the mayor said.')
    assert parts(a) == ("the mayor", "said", "We have one goal in this town: jobs")


def test_a_source_of_findings_before_a_line_opening_colon(attributions):
    [a] = attributions("New survey: most farmers back the levy.\n\nThe vote is on Monday.")
    assert parts(a) == ("New survey", ":", "most farmers back the levy")


@pytest.mark.parametrize(("text", "expected"), [
    ("The growers are worried that the frost will return.",
     ("The growers", "are worried", "that the frost will return")),
    ("The auditor has been critical of the new contract.",
     ("The auditor", "has been critical of", "the new contract")),
    ("The pilot was not sure that the runway was clear.",
     ("The pilot", "was not sure", "that the runway was clear")),
])
def test_a_predicative_adjective_cue_spans_its_verb(attributions, text, expected):
    [a] = attributions(text)
    assert parts(a) == expected


def test_an_adjective_cue_without_a_clause_or_topic_is_no_attribution(attributions):
    assert attributions("The growers are worried.") == []


def test_a_reported_object_outside_quotations_is_the_content_not_the_quotation_beside_it(attributions):
    [a] = attributions('The mayor praised the rescue crews: "They are the heroes of this city."')
    assert parts(a) == ("The mayor", "praised", "the rescue crews")
    assert not a.quote
    [told] = attributions('The mayor told reporters: "We will rebuild."')
    assert parts(told) == ("The mayor", "told", "We will rebuild.")


def test_a_speech_verb_conjoined_to_the_clause_is_a_second_attribution(attributions):
    # the parser hangs "warned" on "was", inside what "said" reports
    first, second = attributions("The mayor said the bridge was safe and warned that the road would close.")
    assert parts(first) == ("The mayor", "said", "the bridge was safe")
    assert parts(second) == ("The mayor", "warned", "that the road would close")
    assert (first.parent, second.parent) == (None, None)


def test_an_attitude_verb_conjoined_to_the_clause_stays_reported(attributions):
    [a] = attributions("The coach says he is proud of the team and expects to win the cup.")
    assert parts(a) == ("The coach", "says", "he is proud of the team and expects to win the cup")


def test_a_topic_of_respond_to_is_its_content(attributions):
    [a] = attributions("The ministry responded to questions about the budget.")
    assert parts(a) == ("The ministry", "responded to", "questions about the budget")


def test_a_noun_cue_row_with_its_preposition_takes_that_prepositions_object(attributions):
    [a] = attributions("The miners' support for the strike never wavered.")
    assert parts(a) == ("The miners", "support for", "the strike")
    assert attributions("The miners' support of the strike never wavered.") == []


def test_an_answer_word_is_what_a_speech_verb_reports(attributions):
    [a] = attributions("Most of the farmers said yes.")
    assert parts(a) == ("Most of the farmers", "said", "yes")
    [a] = attributions("Half of the voters said so in the spring.")
    assert parts(a) == ("Half of the voters", "said", "so")


def test_a_headline_speaker_before_an_addressee(attributions):
    [a] = attributions("Lopez to the farm lobby: the levy will go\n\nSenator Lena Lopez spoke in Iowa.")
    assert parts(a) == ("Lopez", ":", "the levy will go")


def test_a_transcript_speaker_in_capitals_named_in_the_article(attributions):
    # the tagger takes "TAPPER" for a common noun; the article's "Ann Tapper" names it
    found = attributions("Ann Tapper hosted the show.\n\nTAPPER: Welcome back to the program.\n")
    assert [parts(a) for a in found] == [("TAPPER", ":", "Welcome back to the program")]


def test_call_for_with_an_infinitive_clause(attributions):
    # the parser makes "for" the mark of the clause, not a preposition of "calling"
    [a] = attributions("The former minister is calling for the country to step up its efforts.")
    assert parts(a) == ("The former minister", "is calling for", "the country to step up its efforts")


@pytest.mark.parametrize(("text", "expected"), [
    ("The ministry said in a statement that the border would stay shut.",
     ("The ministry", "said in a statement", "that the border would stay shut")),
    ("The ministry said in a statement released at noon that the border would stay shut.",
     ("The ministry", "said", "that the border would stay shut")),
    ("The ministry said in an interview that the border would stay shut.",
     ("The ministry", "said", "that the border would stay shut")),
])
def test_a_plain_in_a_statement_right_after_the_verb_joins_the_cue(attributions, text, expected):
    [a] = attributions(text)
    assert parts(a) == expected


def test_a_line_of_a_name_a_colon_and_a_number_is_no_attribution(attributions):
    assert attributions("Delegates so far.\nMaria Ruiz: 1,204.\nTom Ward: 988.\n") == []


def test_leading_in_the_polls_is_no_frame_but_one_poll_is(attributions):
    assert attributions("The mayor has a wide lead in the polls before the vote.") == []
    found = attributions("In a poll released Monday, most voters were unhappy with the mayor.")
    assert [parts(a) for a in found] == [
        ("a poll released Monday", "In", "most voters were unhappy with the mayor")]
