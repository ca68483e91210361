"""Shared fixtures. The spaCy pipeline is loaded once per test session."""

from __future__ import annotations

import pytest

from newsgraph.model import Article
from newsgraph.pipeline import STAGE_NAMES, analyze


@pytest.fixture(scope="session")
def run():
    """``run(text, published=None, stages=...)`` -> Analysis, for stage tests."""

    def _run(text: str, published: str | None = "2024-03-15", stages=STAGE_NAMES, **meta):
        return analyze(Article(text=text, published=published, **meta), stages=tuple(stages))

    return _run


# --- the web UI's store: four small articles of ours, one hostile, two disagreeing ------------------

WEB_ARTICLES = [
    dict(id="wire-kharkiv", title="Russian troops attack near Kharkiv", outlet="Test Wire",
         url="https://news.example.org/kharkiv", published="2024-03-15",
         text="MOSCOW — Russia's foreign ministry said on Tuesday that Russian troops attacked "
              "Ukrainian positions near Kharkiv. The Ukrainian army claimed it had repelled the "
              "assault.\n\nPresident Zelensky met Polish leaders in Warsaw last Wednesday, "
              "according to Reuters."),
    dict(id="desk-caracas", title="Asylum talk in Caracas", outlet="Andes Desk",
         url="https://desk.example.org/caracas", published="2024-02-10",
         text="The newspaper El Diario reported that an analyst speculated the government might "
              "arrest opposition leaders next month. Venezuela's president is looking into asylum "
              "in Russia in case he must flee, a diplomat said.\n\nBrazil sent aid to Venezuela "
              "in January."),
    dict(id="hostile-<script>", title='<script>alert("title")</script> Talks', outlet="<b>Evil</b> Outlet",
         url="javascript:alert('url')", published="2024-03-01",
         text="Officials said <script>alert('text')</script> that Germany would send aid to "
              "Ukraine. <img src=x onerror=alert('img')> The Berlin government confirmed "
              "that Germany met Ukrainian officials in Kyiv on Monday."),
    dict(id="denial-kyiv", title="Berlin denies Kyiv meeting", outlet="Second Wire",
         url="https://second.example.org/kyiv", published="2024-02-27",
         text="A German government spokesman denied that Germany met Ukrainian officials in Kyiv on Monday."),
]


@pytest.fixture(scope="session")
def web_store(tmp_path_factory, run):
    """A store file holding the analyses of :data:`WEB_ARTICLES` (for the web UI's tests)."""
    from newsgraph.store import Store

    path = tmp_path_factory.mktemp("web") / "web.duckdb"
    with Store.open(path, create=True) as store:
        for meta in WEB_ARTICLES:
            store.save(run(**meta))
        store.update_clusters()
    return path
