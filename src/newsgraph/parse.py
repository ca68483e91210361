"""The dependency parse of a document, looked up from tables built once per document.

spaCy works out ``token.children``, ``token.subtree`` and ``token.sent`` anew on every access
(scanning between the token's edges, walking the tree, finding the sentence boundaries) and
makes a new ``Token`` object for every token it yields. The stages ask these of the same
tokens again and again, so each answer is kept the first time it is asked, per document
(``doc.user_data``): the same tokens in the same order as spaCy's. The parse must not change
afterwards (no stage changes it: they run after spaCy's parser). The lists returned are
shared: copy one before changing it.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

KEY = "newsgraph.parse"


class ParseIndex:
    """What has been looked up so far in one document's parse."""

    __slots__ = ("children", "subtrees", "sentences", "sentence_starts")

    def __init__(self, doc: Doc) -> None:
        self.children: dict[int, list[Token]] = {}
        self.subtrees: dict[int, list[Token]] = {}
        self.sentences: list[Span] = list(doc.sents)
        self.sentence_starts = [sentence.start for sentence in self.sentences]


def index(doc: Doc) -> ParseIndex:
    """The document's :class:`ParseIndex`, made on first use."""
    found = doc.user_data.get(KEY)
    if found is None:
        found = doc.user_data[KEY] = ParseIndex(doc)
    return found


def children(token: Token) -> list[Token]:
    """``list(token.children)``: its dependents, left to right."""
    table = index(token.doc).children
    found = table.get(token.i)
    if found is None:
        found = table[token.i] = list(token.children)
    return found


def lefts(token: Token) -> list[Token]:
    """``list(token.lefts)``: its dependents before it, left to right."""
    return [child for child in children(token) if child.i < token.i]


def subtree(token: Token) -> list[Token]:
    """``list(token.subtree)``: the token and its descendants, in spaCy's order (each left
    dependent's subtree, the token, each right dependent's subtree)."""
    table = index(token.doc).subtrees
    found = table.get(token.i)
    if found is None:
        found = []
        for child in children(token):
            if child.i > token.i:
                break
            found += subtree(child)
        found.append(token)
        for child in children(token):
            if child.i > token.i:
                found += subtree(child)
        table[token.i] = found
    return found


def sentences(doc: Doc) -> list[Span]:
    """``list(doc.sents)``."""
    return index(doc).sentences


def sentence(token: Token) -> Span:
    """``token.sent``: the sentence holding the token."""
    parse = index(token.doc)
    return parse.sentences[bisect_right(parse.sentence_starts, token.i) - 1]
