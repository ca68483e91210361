"""The extension attributes: the fast reader gives what ``token._`` gives, for every token;
the per-document caches go once a document is analysed."""

from __future__ import annotations

from newsgraph.extensions import TOKEN_EXTENSIONS, token_value
from newsgraph.model import Article
from newsgraph.pipeline import build_pipeline, make_doc, to_analysis

TEXT = ("Egypt's foreign minister said on Monday that he had met his Turkish counterpart in "
        "Ankara.\n\nPrint Friendly, PDF & Email")


def test_token_value_reads_what_underscore_reads():
    nlp = build_pipeline()
    doc = nlp(make_doc(nlp, Article(text=TEXT, published="2024-03-15")))
    for name in TOKEN_EXTENSIONS:
        assert [token_value(t, name) for t in doc] == [getattr(t._, name) for t in doc]
    # every extension is set somewhere here, so the comparison is not one of defaults
    assert {name for name in TOKEN_EXTENSIONS
            if any(token_value(t, name) != TOKEN_EXTENSIONS[name] for t in doc)} == set(TOKEN_EXTENSIONS)


def test_an_analysed_document_keeps_no_stage_caches():
    """The caches hold tokens, which hold the document: left in place, every document would
    wait for the cyclic collector to be freed."""
    nlp = build_pipeline()
    doc = nlp(make_doc(nlp, Article(text=TEXT, published="2024-03-15")))
    cached = {key for key in doc.user_data if isinstance(key, str)}
    assert {"newsgraph.parse", "newsgraph.actors"} <= cached
    analysis = to_analysis(doc)
    assert not {key for key in doc.user_data if isinstance(key, str)}
    assert [e.span.text for e in analysis.entities] == ["Egypt", "Turkish", "Ankara"]
    # the token extensions (the stages' results) stay readable
    assert token_value(doc[0], "actor").code == "EGY"
