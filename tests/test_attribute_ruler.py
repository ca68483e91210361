"""The indexed attribute ruler annotates exactly as spaCy's own ruler does."""

from __future__ import annotations

import spacy
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG
from spacy.tokens import Doc

from newsgraph.attribute_ruler import COMPONENT, SPACY_COMPONENT, replace_attribute_ruler
from newsgraph.nlp import load_model

TEXTS = [
    "There were 20 protesters outside the embassy, and there is no sign they'll leave.",
    "Y'all ain't seen nothin' yet, I'm gonna tell 'em, the mayor said.",
    "He could have been arrested;  she wasn't.\n\nPolice have   confirmed it.",
    "I told 'em to go. We'd rather stay, ol' friend.",
    "",
    " ",
]
ANNOTATIONS = [POS, TAG, MORPH, LEMMA, DEP]


def _annotations(doc: Doc):
    return doc.to_array(ANNOTATIONS).tolist(), [str(token.morph) for token in doc]


def test_same_annotations_as_the_models_ruler():
    stock, indexed = load_model(), load_model()
    replace_attribute_ruler(indexed)
    assert COMPONENT in indexed.pipe_names and SPACY_COMPONENT not in indexed.pipe_names
    assert indexed.pipe_names.index(COMPONENT) == stock.pipe_names.index(SPACY_COMPONENT)
    for text in TEXTS:
        assert _annotations(indexed(text)) == _annotations(stock(text)), text
    gonna = indexed("I'm gonna go.")
    assert [t.lemma_ for t in gonna][2:4] == ["go", "to"]   # a two-token exception, both set


def _blank_with_ruler(patterns):
    nlp = spacy.blank("en")
    nlp.add_pipe(SPACY_COMPONENT).add_patterns(patterns)
    return nlp


def test_precedence_regex_and_negative_index_as_spacy():
    # later patterns override earlier ones; every predicate kind the index reads
    patterns = [
        {"patterns": [[{"LOWER": {"IN": ["talks", "met"]}}]], "attrs": {"POS": "NOUN"}},
        {"patterns": [[{"LOWER": "met"}]], "attrs": {"POS": "VERB", "LEMMA": "meet"}},
        {"patterns": [[{"ORTH": {"REGEX": "^[A-Z][a-z]+$"}}]], "attrs": {"POS": "PROPN"}},
        {"patterns": [[{"LOWER": "prime"}, {"LOWER": "minister"}]], "attrs": {"LEMMA": "premier"},
         "index": -1},
        {"patterns": [[{"IS_SPACE": True}]], "attrs": {"POS": "SPACE"}},
        {"patterns": [[{"ORTH": {"NOT_IN": ["Talks", "."]}, "LOWER": "talks"}]],
         "attrs": {"MORPH": "Number=Plur"}},
    ]
    stock, indexed = _blank_with_ruler(patterns), _blank_with_ruler(patterns)
    replace_attribute_ruler(indexed)
    assert COMPONENT in indexed.pipe_names
    text = "Talks began. The prime minister met  talks Leaders."
    assert _annotations(indexed(text)) == _annotations(stock(text))
    doc = indexed(text)
    assert [t.pos_ for t in doc][:2] == ["PROPN", ""]
    assert doc[5].lemma_ == "premier" and doc[6].lemma_ == "meet" and doc[6].pos_ == "VERB"
    assert str(doc[8].morph) == "Number=Plur" and str(doc[0].morph) == ""


def test_patterns_it_cannot_read_leave_spacys_ruler():
    nlp = _blank_with_ruler([{"patterns": [[{"LOWER": "very", "OP": "+"}]], "attrs": {"POS": "ADV"}}])
    replace_attribute_ruler(nlp)
    assert nlp.pipe_names == [SPACY_COMPONENT]
