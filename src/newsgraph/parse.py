"""The dependency parse of a document, looked up from tables built once per document.

spaCy works out ``token.children``, ``token.subtree`` and ``token.sent`` anew on every access
(scanning between the token's edges, walking the tree, finding the sentence boundaries),
``doc.ents`` makes a span per entity, and every token it yields is a new ``Token`` object.
The stages ask these of the same documents and tokens again and again, so the first question
about a document builds its tables (``doc.user_data``): its text, tokens, entities and every
token's dependents, in one pass over the heads; subtrees and sentences are kept the first time
they are asked. They hold the same tokens in the same order as spaCy's answers. The parse and
entities must not change afterwards (no stage changes them: they run after spaCy's parser
and NER). The lists returned are shared: copy one before changing it. :func:`release` drops
the tables once the document is analysed.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.attrs import HEAD
from spacy.tokens import Doc, Span, Token

CACHE_PREFIX = "newsgraph."
"""Every per-document cache a stage keeps in ``doc.user_data`` has a key starting with this."""
KEY = CACHE_PREFIX + "parse"
MASK_64 = (1 << 64) - 1
"""``Doc.to_array`` gives the relative head offsets as unsigned 64-bit integers."""


class ParseIndex:
    """One document's tables: built whole on the first question, but for subtrees and
    sentences, kept as they are asked for."""

    __slots__ = ("text", "tokens", "entities", "children", "lefts", "subtrees", "sentences",
                 "sentence_starts")

    def __init__(self, doc: Doc) -> None:
        self.tokens: list[Token] = list(doc)
        self.text: str = "".join([token.text_with_ws for token in self.tokens])  # = doc.text
        self.entities: tuple[Span, ...] = doc.ents
        # every token's dependents, left to right, from one pass over the heads
        self.children: list[list[Token]] = [[] for _ in self.tokens]
        self.lefts: list[list[Token]] = [[] for _ in self.tokens]
        offsets = doc.to_array(HEAD).tolist() if self.tokens else []  # head - token, as uint64
        for token, offset in zip(self.tokens, offsets):
            if offset:
                head = (token.i + offset) & MASK_64
                self.children[head].append(token)
                if token.i < head:
                    self.lefts[head].append(token)
        self.subtrees: dict[int, list[Token]] = {}
        self.sentences: list[Span] | None = None  # on first use: doc.sents needs a parse
        self.sentence_starts: list[int] = []


def index(doc: Doc) -> ParseIndex:
    """The document's :class:`ParseIndex`, made on first use."""
    found = doc.user_data.get(KEY)
    if found is None:
        found = doc.user_data[KEY] = ParseIndex(doc)
    return found


def release(doc: Doc) -> None:
    """Drop the stages' per-document caches once the document is analysed.

    They hold tokens, and a token holds its document: a reference cycle, which only Python's
    cyclic collector would free. Without this every analysed document (its arrays and caches)
    stays in memory until a full collection, and those collections walk the whole heap.
    """
    for key in [key for key in doc.user_data if isinstance(key, str) and key.startswith(CACHE_PREFIX)]:
        del doc.user_data[key]


def text(doc: Doc) -> str:
    """``doc.text``, which spaCy joins from every token's text anew on each access."""
    return index(doc).text


def tokens(doc: Doc) -> list[Token]:
    """``list(doc)``; a slice of it stands for ``list(doc[start:end])``."""
    return index(doc).tokens


def entities(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``."""
    return index(doc).entities


def children(token: Token) -> list[Token]:
    """``list(token.children)``: its dependents, left to right."""
    return index(token.doc).children[token.i]


def lefts(token: Token) -> list[Token]:
    """``list(token.lefts)``: its dependents before it, left to right."""
    return index(token.doc).lefts[token.i]


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
    parse = index(doc)
    if parse.sentences is None:
        parse.sentences = list(doc.sents)
        parse.sentence_starts = [sentence.start for sentence in parse.sentences]
    return parse.sentences


def sentence(token: Token) -> Span:
    """``token.sent``: the sentence holding the token."""
    found = sentences(token.doc)
    return found[bisect_right(index(token.doc).sentence_starts, token.i) - 1]
