"""Datelines end before the sentence they open, so the filing place is never a source or actor."""

import pytest

from newsgraph.datelines import dateline_ends


@pytest.mark.parametrize("text, first_word", [
    ("MOSCOW — The ministry said so.", "The"),
    ("KYIV, Ukraine — The army said so.", "The"),
    ("BEIRUT (Reuters) - Lebanon's prime minister resigned.", "Lebanon's"),
    ("LONDON, March 5 (Reuters) - Prices rose.", "Prices"),
    ("Title line\n\nNEW DELHI — Officials met.", "Officials"),
    ("WASHINGTON _ The Pentagon said on Friday.", "The"),
    ("PARIS—Ministers met.", "Ministers"),
])
def test_dateline_ends_before_the_first_word_of_the_sentence(text, first_word):
    [end] = dateline_ends(text)
    assert text[end:].startswith(first_word)


@pytest.mark.parametrize("text", [
    "The army - which had retreated - said so.",  # not in capitals
    "Officials said NATO — the alliance — would meet.",  # not at a paragraph's start
    "UN envoys met in Geneva.",  # no dash
    "US-China talks resumed - officials said.",  # a hyphen inside a word
])
def test_no_dateline(text):
    assert dateline_ends(text) == []


def test_a_dateline_is_not_the_source_of_the_statement_it_opens(run):
    analysis = run("MOSCOW — Russia's foreign ministry said on Tuesday that Russian troops "
                   "attacked Ukrainian positions near Kharkiv.")
    [attribution] = analysis.attributions
    assert attribution.source.text == "Russia's foreign ministry"
    assert attribution.cue.text == "said"
    [event] = analysis.events
    assert event.type == "ASSAULT"
    assert [actor.code for actor in event.actors] == ["RUS"]
    assert "Moscow" in [place.name for place in analysis.places]


def test_a_dateline_with_an_agency_is_not_an_actor(run):
    analysis = run("WASHINGTON (AP) — The Pentagon said on Friday that it would send troops.")
    [attribution] = analysis.attributions
    assert attribution.source.text == "The Pentagon"
