"""The memoized lemmatizer gives exactly the lemmas of spaCy's own."""

from __future__ import annotations

import spacy

from newsgraph.lemmatizer import COMPONENT, SPACY_COMPONENT, replace_lemmatizer
from newsgraph.nlp import load_model

TEXTS = [
    "The ministers were meeting while protesters gathered; they'd been warned, officials said.",
    "Troops fired shells at the villages. The shelling, which has intensified, drew crowds.",
    "I'm gonna tell 'em what we saw: leaves, wolves and mice fleeing the burning woods.",
    "",
]


def test_same_lemmas_as_the_models_lemmatizer():
    stock, memoized = load_model(), load_model()
    replace_lemmatizer(memoized)
    assert COMPONENT in memoized.pipe_names and SPACY_COMPONENT not in memoized.pipe_names
    for text in TEXTS * 2:  # the second round answers from the memo
        assert [t.lemma_ for t in memoized(text)] == [t.lemma_ for t in stock(text)], text
    doc = memoized(TEXTS[1])
    assert [t.lemma_ for t in doc][:5] == ["troop", "fire", "shell", "at", "the"]
    assert doc[-2].lemma_ == "crowd"


def test_lookup_lemmatizers_are_left_alone():
    nlp = spacy.blank("en")
    nlp.add_pipe(SPACY_COMPONENT, config={"mode": "lookup"})
    replace_lemmatizer(nlp)
    assert nlp.pipe_names == [SPACY_COMPONENT]
