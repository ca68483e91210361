"""The extension attributes: the fast reader gives what ``token._`` gives, for every token."""

from __future__ import annotations

from newsgraph.extensions import TOKEN_EXTENSIONS, token_value
from newsgraph.model import Article
from newsgraph.pipeline import build_pipeline, make_doc

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
