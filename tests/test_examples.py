"""The demo corpus reads cleanly and keeps covering the constructions it is there to show."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsgraph.boilerplate import boilerplate_ranges
from newsgraph.model import Article, Reject
from newsgraph.readers import read_inputs

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TITLED_TXT = {
    "caracas-asylum.txt": "Venezuelan envoy tours three capitals as talk of asylum grows",
    "damascus-talks.txt": "Assad receives Russian envoy in Damascus, Moscow pledges wheat",
    "minsk-sanctions.txt": "EU agrees new sanctions on Belarus over detained journalists",
    "beijing-visit.txt": "Brazil's president to visit Beijing next month as trade grows",
}
UNTITLED_TXT = ("border-clash.txt",)
# (what the corpus must show, a pattern that finds it in some article's text)
CONSTRUCTIONS = [
    ("nested attribution", r"Haaretz reported that a source in Caracas said that"),
    ("X said that", r"\b\w+ said that\b"),
    ("according to X", r"\b[Aa]ccording to\b"),
    ("X confirmed", r"\bconfirmed\b"),
    ("X denied", r"\bdenied\b"),
    ("quote, then speaker", r",\" (?:\w+ ){1,6}said\b"),
    ("outlet reports:", r"Haaretz reports: "),
    ("claim", r"claimed to know nothing"),
    ("meet", r"\bmet\b"),
    ("hold talks", r"\bheld talks\b"),
    ("held meetings", r"\bheld meetings\b"),
    ("visit", r"\bvisit(?:ed)?\b"),
    ("attack", r"\battacked\b"),
    ("kill", r"\bkill(?:ing|ed)\b"),
    ("send aid", r"\bsen[dt] [\w ,]*aid\b"),
    ("support", r"\bsupports?\b"),
    ("accuse", r"\baccus(?:ed|ing)\b"),
    ("demand", r"\bdemanded\b"),
    ("protest", r"\bprotested\b"),
    ("sanction", r"\bsanction(?:ed)?\b"),
    ("negation", r"\bdid not attack\b"),
    ("if", r"\bif\b"),
    ("in case", r"\bin case\b"),
    ("would", r"\bwould\b"),
    ("may", r"\bmay\b"),
    ("asylum in case", r"looking into the possibility of asylum in case he must flee"),
    ("explicit date", r"\bon March 3, 2024\b"),
    ("weekday", r"\bon Tuesday\b"),
    ("last weekday", r"\blast Wednesday\b"),
    ("last week", r"\blast week\b"),
    ("weeks ago", r"\btwo weeks ago\b"),
    ("month last year", r"\bMarch last year\b"),
    ("title, name, surname, pronoun", r"Syrian President Bashar Assad .*\n\nAssad .*\. He "),
]


@pytest.fixture(scope="module")
def corpus() -> list[Article | Reject]:
    return list(read_inputs([str(EXAMPLES)]))


def by_origin(corpus, name: str) -> list[Article]:
    return [a for a in corpus if a.origin.split(":")[0] == str(EXAMPLES / name)]


def test_every_example_reads_without_rejects(corpus):
    assert [item for item in corpus if isinstance(item, Reject)] == []
    assert 10 <= len(corpus) <= 15
    for path in EXAMPLES.iterdir():
        if path.name != "README.md":
            assert by_origin(corpus, path.name), path.name


def test_examples_are_short(corpus):
    for article in corpus:
        assert 80 <= len(article.text.split()) <= 250, article.origin


def test_readme_lists_every_example_file():
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for path in EXAMPLES.iterdir():
        if path.name != "README.md":
            assert f"`{path.name}`" in readme, path.name


@pytest.mark.parametrize(("name", "title"), sorted(TITLED_TXT.items()))
def test_txt_title_line_and_unchanged_body(corpus, name, title):
    [article] = by_origin(corpus, name)
    content = (EXAMPLES / name).read_text(encoding="utf-8")
    assert article.title == title
    assert content == f"{title}\n\n{article.text}"


@pytest.mark.parametrize("name", UNTITLED_TXT)
def test_txt_without_title_is_the_whole_file(corpus, name):
    [article] = by_origin(corpus, name)
    assert article.title is None
    assert article.text == (EXAMPLES / name).read_text(encoding="utf-8")


def test_every_txt_example_is_covered():
    assert sorted(p.name for p in EXAMPLES.glob("*.txt")) == sorted([*TITLED_TXT, *UNTITLED_TXT])


def test_html_extraction(corpus):
    [article] = by_origin(corpus, "delhi-moscow-visit.html")
    assert article.title == "Indian foreign minister visits Moscow, holds talks on trade and energy"
    assert article.published == "2024-03-12"
    assert article.outlet == "The Daily Meridian"
    assert article.url == "https://www.dailymeridian.example/world/2024/03/12/india-russia-talks-moscow"
    assert article.text.startswith("India's foreign minister arrived in Moscow on Monday")
    assert article.text.rstrip().endswith("The minister is due to travel on to Tashkent on Wednesday.")
    for furniture in ("cookies", "Home", "Share", "Tweet", "Print Friendly", "Related articles",
                      "OPEC+", "Subscribe", "Sign up", "All rights reserved", "Privacy policy"):
        assert furniture not in article.text
    assert boilerplate_ranges(article.text) == []


def test_records_carry_their_metadata(corpus):
    records = by_origin(corpus, "wire.jsonl") + by_origin(corpus, "briefs.csv")
    assert [a.published for a in records] == ["2024-03-11", "2024-03-13", "2024-03-14",
                                              "2024-03-15", "2024-03-12", "2024-03-14"]
    for article in records:
        assert article.id.startswith(("wire-", "brief-"))
        assert article.title and article.outlet and article.url.startswith("https://")


def test_typical_input_ends_with_print_friendly_line(corpus):
    [article] = by_origin(corpus, "caracas-asylum.txt")
    text = article.text
    assert [text[start:end] for start, end in boilerplate_ranges(text)] == [
        "Print Friendly, PDF & Email"]
    assert text.rstrip().endswith("Print Friendly, PDF & Email")


@pytest.mark.parametrize(("construction", "pattern"), CONSTRUCTIONS,
                         ids=[name for name, _ in CONSTRUCTIONS])
def test_corpus_covers_construction(corpus, construction, pattern):
    assert any(re.search(pattern, article.text) for article in corpus), construction
