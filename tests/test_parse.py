"""parse.py's per-document tables answer exactly what spaCy's own properties answer."""

from __future__ import annotations

from newsgraph import parse
from newsgraph.pipeline import build_pipeline

TEXTS = [
    "The deputy foreign minister, who arrived on Tuesday, held talks in Caracas, Havana and "
    "Managua before flying home.",
    "\"We will not leave,\" the mayor said. Police, however, said that the crowd had dispersed "
    "by noon and that nobody was hurt.",
]


def test_tables_equal_spacy_properties():
    nlp = build_pipeline(())
    for text in TEXTS:
        doc = nlp(text)
        assert parse.text(doc) == doc.text
        assert [t.i for t in parse.tokens(doc)] == [t.i for t in doc]
        assert [(e.start, e.end, e.label_) for e in parse.entities(doc)] == \
            [(e.start, e.end, e.label_) for e in doc.ents]
        for token in doc:
            assert [t.i for t in parse.children(token)] == [t.i for t in token.children]
            assert [t.i for t in parse.lefts(token)] == [t.i for t in token.lefts]
            assert [t.i for t in parse.subtree(token)] == [t.i for t in token.subtree]
            assert parse.sentence(token).start == token.sent.start
        # the tables are the document's own tokens, not copies: lookups need no new objects
        assert parse.children(doc[0].head)[0] is parse.tokens(doc)[parse.children(doc[0].head)[0].i]
