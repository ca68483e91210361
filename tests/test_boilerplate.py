"""Boilerplate: page furniture lines are marked, whole and exactly; prose never is."""

from __future__ import annotations

import pytest

from newsgraph.boilerplate import boilerplate_ranges, is_furniture_line, load_lexicon
from newsgraph.model import Article, Span
from newsgraph.pipeline import build_pipeline, make_doc

PRINT_LINE = "Print Friendly, PDF & Email"
COOKIE_LINE = ("This website uses cookies to improve your experience. We'll assume you're ok "
               "with this, but you can opt-out if you wish. Accept Read More")
FOOTER_LINE = "© 2024 The Daily Meridian. All rights reserved."
NEWS = (
    "Officials from Peru and Chile held talks in Lima on Monday about a disputed fishing zone.\n"
    "The Chilean foreign minister said that both sides would meet again in Santiago next month.\n"
    "\n"
    f"{PRINT_LINE}\n"
    f"  {COOKIE_LINE}  \n"
    f"{FOOTER_LINE}"
)


def furniture(text: str) -> list[str]:
    return [text[start:end] for start, end in boilerplate_ranges(text)]


@pytest.mark.parametrize(("pattern", "example"), load_lexicon())
def test_every_lexicon_example_is_furniture(pattern, example):
    assert is_furniture_line(example), pattern


def test_ranges_cover_exactly_the_furniture_lines():
    starts = [NEWS.index(line) for line in (PRINT_LINE, COOKIE_LINE, FOOTER_LINE)]
    assert boilerplate_ranges(NEWS) == [
        (starts[0], starts[0] + len(PRINT_LINE)),
        (starts[1], starts[1] + len(COOKIE_LINE)),
        (starts[2], starts[2] + len(FOOTER_LINE)),
    ]


@pytest.mark.parametrize("sentence", [
    "He said he would share the documents with the United Nations.",
    "Share prices in Moscow fell sharply on Tuesday.",
    "The ministry will print new ballots before the vote.",
    "Related talks were held in Geneva last week.",
    "The agency's website uses cookies to track visitors, the regulator said.",
    "Read more about the sanctions in our explainer, the newspaper wrote.",
    "Subscribers to the newspaper received the letter on Friday.",
    "The rebels accused the army of attacking civilians.",
    "All rights reserved for the ceasefire talks were rejected by the committee on Monday.",
    "Tweets by the minister were deleted within an hour.",
    "Advertisements for the rally appeared across Caracas.",
    "Follow-up talks are planned in Beijing.",
    "Print Friendly, PDF & Email buttons appear on many news sites, the study found.",
    "\"Share this with everyone,\" the minister told his supporters in Kyiv.",
])
def test_sentences_are_never_furniture(sentence):
    assert furniture(sentence + "\n") == []


def test_wrapped_prose_is_not_furniture():
    text = ("The foreign minister announced the visit in a video that he posted on\n"
            "Facebook.\n"
            "Supporters were urged by the opposition leader in Minsk to\n"
            "share on Facebook\n")
    assert furniture(text) == []


def test_runs_of_widget_lines_are_all_marked():
    text = ("Germany will send more aid to Ukraine, the minister said.\n"
            "Share this:\nTwitter\nFacebook\nLike this:\nLike Loading...\n"
            "Related\n")
    assert furniture(text) == ["Share this:", "Twitter", "Facebook", "Like this:",
                               "Like Loading...", "Related"]


def test_footer_and_navigation_lines():
    text = ("Home | World | Politics | Business\n"
            "Iran and Iraq signed a gas agreement in Baghdad on Sunday.\n"
            "Tags: Iran, Iraq, gas\n"
            "© 2024 The Daily Meridian. All rights reserved.\n")
    assert furniture(text) == ["Home | World | Politics | Business", "Tags: Iran, Iraq, gas",
                               "© 2024 The Daily Meridian. All rights reserved."]


def test_tokens_inside_ranges_are_flagged():
    nlp = build_pipeline(("boilerplate",))
    doc = nlp(make_doc(nlp, Article(text=NEWS)))
    assert doc._.boilerplate == boilerplate_ranges(NEWS)
    flagged = [token.text for token in doc if token._.boilerplate]
    assert " ".join(flagged).startswith("Print Friendly , PDF & Email This website")
    assert flagged[-8:] == ["The", "Daily", "Meridian", ".", "All", "rights", "reserved", "."]
    prose_end = NEWS.index(PRINT_LINE)
    assert not any(token._.boilerplate for token in doc if token.idx < prose_end)


def test_no_stage_reads_meaning_from_furniture(run):
    analysis = run(NEWS)
    furniture_spans = [Span.of(NEWS, start, end) for start, end in boilerplate_ranges(NEWS)]
    found: list[Span] = [entity.span for entity in analysis.entities]
    found += [predicate.span for predicate in analysis.predicates]
    found += [event.trigger for event in analysis.events]
    found += [time.span for time in analysis.times if time.span]
    found += [place.span for place in analysis.places if place.span]
    for attribution in analysis.attributions:
        found += [span for span in (attribution.source, attribution.cue, attribution.content)
                  if span]
    overlapping = [span for span in found
                   if any(span.overlaps(bad) for bad in furniture_spans)]
    assert overlapping == []
