"""spaCy's rule lemmatizer, asked once per distinct (word, part of speech, morphology).

spaCy's lemmatizer component visits every token as a Python object and looks its lemma up in
a cache keyed by exactly those three values. Reading them for the whole document as arrays
and remembering each answer gives the same lemmas (``tests/test_lemmatizer.py`` compares
them) at a fraction of the cost. The memo grows with the vocabulary, as spaCy's cache does.
"""

from __future__ import annotations

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.tokens import Doc

SPACY_COMPONENT = "lemmatizer"
COMPONENT = "newsgraph_lemmatizer"


class MemoizedLemmatizer:
    """Sets the lemma of every token without one, as ``lemmatizer`` (in rule mode) would."""

    def __init__(self, lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.strings = lemmatizer.vocab.strings
        self.memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()):
            if lemma == 0:  # not set by the attribute ruler's exceptions
                key = (orth, pos, morph)
                lemma = self.memo.get(key)
                if lemma is None:
                    lemma = self.memo[key] = self.strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas.append(lemma)
        doc.from_array([LEMMA], numpy.array(lemmas, dtype=numpy.uint64).reshape(-1, 1))
        return doc


@Language.factory(COMPONENT)
def _make_memoized_lemmatizer(nlp: Language, name: str) -> MemoizedLemmatizer:
    return MemoizedLemmatizer(nlp.get_pipe(SPACY_COMPONENT))


def replace_lemmatizer(nlp: Language) -> None:
    """Put a :class:`MemoizedLemmatizer` in place of ``nlp``'s lemmatizer where that is a rule
    lemmatizer that keeps the lemmas set before it (the English model's)."""
    if SPACY_COMPONENT not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe(SPACY_COMPONENT)
    if getattr(lemmatizer, "mode", None) != "rule" or getattr(lemmatizer, "overwrite", True):
        return
    nlp.add_pipe(COMPONENT, after=SPACY_COMPONENT)
    nlp.remove_pipe(SPACY_COMPONENT)
