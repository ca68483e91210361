"""The output contract: schema validity and the offset invariant, on the demo corpus and on
arbitrary text."""

from __future__ import annotations

import json
import tempfile
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.model import Article, Reject
from newsgraph.pipeline import MAX_SENTENCE_TOKENS, analyze, analyze_many
from newsgraph.readers import read_inputs

ROOT = Path(__file__).resolve().parents[1]
SHARED_SCHEMA = ROOT.parent / "shared" / "contract" / "article-output.schema.json"


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(resources.files("newsgraph").joinpath("schema/article-output.schema.json").read_text())
    return jsonschema.Draft202012Validator(schema)


def spans_in(value, path="$"):
    """Every span-shaped object (start, end, text) anywhere in an output object."""
    if isinstance(value, dict):
        if {"start", "end", "text"} <= value.keys() and isinstance(value["start"], int):
            yield path, value
        for key, item in value.items():
            yield from spans_in(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from spans_in(item, f"{path}[{i}]")


def check_output(output: dict, validator) -> None:
    errors = sorted(validator.iter_errors(output), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    text = output["article"]["text"]
    bad = [(path, span) for path, span in spans_in({k: v for k, v in output.items() if k != "article"})
           if text[span["start"]:span["end"]] != span["text"]]
    assert not bad, bad[:5]


@pytest.mark.skipif(not SHARED_SCHEMA.exists(), reason="../shared is not checked out beside the project")
def test_packaged_schema_is_identical_to_the_shared_contract():
    packaged = resources.files("newsgraph").joinpath("schema/article-output.schema.json").read_bytes()
    assert packaged == SHARED_SCHEMA.read_bytes()


def test_demo_corpus_output_is_valid_and_offsets_hold(validator):
    items = list(read_inputs([str(ROOT / "examples")], published="2024-03-15"))
    articles = [item for item in items if not isinstance(item, Reject)]
    assert len(articles) >= 10
    outputs = [a.to_dict() for a in analyze_many(articles)]
    for output in outputs:
        check_output(output, validator)
    assert sum(len(o["events"]) for o in outputs) >= len(outputs)
    assert sum(len(o["attributions"]) for o in outputs) >= len(outputs)


def test_text_is_kept_unchanged_for_jsonl_input(tmp_path, validator):
    text = "  The army said on Monday it had withdrawn.\r\n\r\nPolice  arrested two men.\t"
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"id": "x1", "text": text}) + "\n", encoding="utf-8")
    [article] = list(read_inputs([str(path)]))
    output = analyze(article).to_dict()
    assert output["article"]["text"] == text
    check_output(output, validator)


# Text made of news-ish words, quotes, punctuation and arbitrary Unicode, so that the
# stages see both sentences they understand and noise.
WORDS = st.sampled_from([
    "Moscow", "said", "that", "the", "army", "attacked", "Syria", "on", "Tuesday", "\u201c", "\u201d",
    '"', ",", ".", ":", "according", "to", "Haaretz", "denied", "would", "not", "meet", "in",
    "Caracas", "last", "week", "President", "Assad", "he", "reports", "two", "weeks", "ago", "\n\n",
    "Print Friendly, PDF & Email", "March", "2012",
])
TEXTS = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(WORDS, st.text(min_size=1, max_size=8)), max_size=60).map(" ".join),
)
METADATA = st.fixed_dictionaries({
    "id": st.one_of(st.just(""), st.text(min_size=1, max_size=20)),
    "title": st.one_of(st.none(), st.text(max_size=30)),
    "published": st.one_of(st.none(), st.dates().map(lambda d: d.isoformat())),
    "outlet": st.one_of(st.none(), st.text(max_size=20)),
    "url": st.one_of(st.none(), st.text(max_size=40)),
})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS, meta=METADATA)
def test_any_text_gives_valid_output(text, meta, validator):
    output = analyze(Article(text=text, **meta)).to_dict()
    check_output(output, validator)
    assert output["article"]["text"] == text


# A run-on without sentence ends, longer than the parser may take as one sentence.
RUN_ONS = st.lists(WORDS.filter(lambda w: w not in (".", "\n\n")), min_size=MAX_SENTENCE_TOKENS + 10,
                   max_size=2 * MAX_SENTENCE_TOKENS).map(" ".join)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=RUN_ONS, meta=METADATA)
def test_any_run_on_text_gives_valid_output(text, meta, validator):
    output = analyze(Article(text=text, **meta)).to_dict()
    check_output(output, validator)


# Bytes of every input format: raw noise, and noise made of the characters that matter to
# each format (quotes, commas, braces, line breaks, a byte-order mark, invalid UTF-8).
FORMAT_BYTES = st.one_of(
    st.binary(max_size=300),
    st.lists(st.sampled_from(['"', ",", "\n", "\r\n", "{", "}", ":", "\\", "text", "id", " ",
                              "The army said", "caf\u00e9", "\ufeff", "\x00"]), max_size=40)
    .map(lambda parts: "".join(parts).encode("utf-8")),
    st.lists(st.one_of(st.dictionaries(st.sampled_from(["id", "text", "title", "published"]),
                                       st.one_of(st.text(max_size=30), st.integers(), st.none())),
                       st.text(max_size=30)), max_size=5)
    .map(lambda records: "\n".join(json.dumps(r) for r in records).encode("utf-8")),
    st.text(max_size=200).map(lambda text: text.encode("utf-8", "surrogatepass")),
)


@settings(max_examples=150, deadline=None)
@given(data=FORMAT_BYTES, suffix=st.sampled_from([".txt", ".jsonl", ".csv", ".html"]))
def test_readers_turn_any_bytes_into_articles_or_rejects(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        items = list(read_inputs([str(path)], max_bytes=200))
    for item in items:
        assert isinstance(item, (Article, Reject))
        if isinstance(item, Article):
            assert item.text.strip() and item.id
            item.text.encode("utf-8")  # valid Unicode, storable and printable
        else:
            assert item.reason and "\n" not in item.reason
            item.origin.encode("utf-8")
