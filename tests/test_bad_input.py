"""Hostile input: a corpus of bad records is ingested in one run; each bad record is rejected
with its reason (in the ``rejects`` table and the summary), every good record is stored, and
the exit code says that some were rejected. The rules are in README, "Reliability"."""

from __future__ import annotations

import io
import json
import tracemalloc

import pytest
from click.testing import CliRunner

from newsgraph.cli import EXIT_REJECTS, main
from newsgraph.model import Article, Reject
from newsgraph.pipeline import MAX_SENTENCE_TOKENS, analyze, build_pipeline
from newsgraph.readers import DEFAULT_MAX_BYTES, read_inputs
from newsgraph.store import Store

# our own short reports in other languages (the same news, roughly)
FOREIGN = {
    "es": "El gobierno de España anunció el martes que enviará ayuda humanitaria a la región "
          "afectada por las inundaciones, según informó el ministerio de Asuntos Exteriores en "
          "un comunicado. El presidente dijo que la situación es grave y que se reunirá con los "
          "líderes regionales la próxima semana.",
    "de": "Die Bundesregierung hat am Dienstag angekündigt, dass sie humanitäre Hilfe in die von "
          "den Überschwemmungen betroffene Region schicken wird. Der Außenminister sagte, die "
          "Lage sei ernst und er werde sich in der kommenden Woche mit den Regierungschefs der "
          "Länder treffen.",
    "ru": "Правительство России во вторник объявило, что направит гуманитарную помощь в "
          "пострадавший от наводнения регион, говорится в заявлении министерства.",
    "zh": "中国政府周二宣布，将向受洪灾影响的地区提供人道主义援助。外交部发言人表示，局势严重。",
}
GOOD = "The foreign minister met his Turkish counterpart in Ankara on Tuesday, officials said."
LONG_WORDS = ("internationally", "representatives", "negotiations", "administration",
              "comprehensive", "infrastructure", "reconstruction", "humanitarian")
# a single sentence of 100,000 characters: long words keep the token count (and the test) small
RUN_ON = " ".join(f"the {LONG_WORDS[i % 8]} {LONG_WORDS[(i + 3) % 8]}" for i in range(4000))
RUN_ON = RUN_ON[:99_990].rsplit(" ", 1)[0] + " talks."
NO_PUNCTUATION = " ".join(["officials said the army attacked rebel positions near the border"
                           " and the government denied it"] * 30)
PAGE = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Talks in Ankara</title>
<script>var tracking = "{'x' * 50_000}"; document.write("<p>injected by script</p>");</script>
<style>body {{ background: url(data:image/png;base64,{'QUJD' * 50_000}); }}</style>
</head><body><iframe src="https://ads.example/frame"><p>iframe fallback text</p></iframe>
<article><h1>Talks in Ankara</h1>
<p>The foreign ministers of Turkey and Greece met in Ankara on Tuesday and agreed to hold
regular talks on migration and energy, officials said.</p>
<p><img src="data:image/png;base64,{'QUJD' * 50_000}" alt="ministers"></p>
<p>Greece's minister said the two countries would open a new border crossing next year.</p>
</article><script>alert("second script")</script></body></html>"""


def jsonl(*records) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def hostile_corpus(folder) -> dict[str, tuple[str, str | None]]:
    """Write the corpus; file name -> (content kind, expected reject reason or None)."""
    def put(name, content):
        path = folder / name
        (path.write_bytes if isinstance(content, bytes) else path.write_text)(content)
        return path

    put("empty.txt", "")
    put("blank.txt", " \n\t\u00a0\n")
    put("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    put("latin1.txt", "Caf\u00e9 talks in Bogot\u00e1.".encode("latin-1"))
    put("mixed.txt", "Officials met in Zürich. ".encode() + "Then in Malmö.".encode("cp1252"))
    with (folder / "huge.txt").open("wb") as stream:  # 50 MB, sparse: cheap to make
        stream.truncate(50 * 2**20)
    put("run-on.txt", RUN_ON)
    put("no-punctuation.txt", NO_PUNCTUATION)
    for language, text in FOREIGN.items():
        put(f"foreign-{language}.txt", text)
    put("page.html", PAGE)
    put("lines.jsonl", jsonl({"id": "j1", "text": GOOD}, '{"id": "j2", "text": "cut off',
                             {"id": "j3", "text": "Police arrested two men in Lagos."},
                             {"id": "j4", "text": "A lone \ud800 surrogate."}))
    put("rows.csv", 'id,text\nc1,Police arrested two men in Lagos.\n'
                    'c2,"The quote is never closed\nc3,Rebels shelled the town overnight.\n'
                    'c4,"Troops withdrew, the ministry said."\n')
    put("same-id.jsonl", jsonl({"id": "dup", "text": "Iran and Iraq signed a trade deal."},
                               {"id": "dup", "text": "Iran and Iraq postponed a trade deal."}))


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    hostile_corpus(folder)
    db = folder / "ng.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(db)])
    with Store.open(db) as store:
        rejects = {r["origin"].removeprefix(str(folder) + "/"): r for r in store.rows("rejects")}
        articles = {a["origin"].removeprefix(str(folder) + "/"): a for a in store.rows("articles")}
    return result, rejects, articles


def test_the_run_goes_on_and_exits_3(ingested):
    result, rejects, articles = ingested
    assert result.exit_code == EXIT_REJECTS, result.output
    assert f"rejected: {len(rejects)}" in result.stdout
    assert "stored 10 articles" in result.stdout and "(9 new, 0 unchanged, 1 replaced)" in result.stdout


@pytest.mark.parametrize("origin, reason", [
    ("empty.txt", "empty text (only whitespace)"),
    ("blank.txt", "empty text (only whitespace)"),
    ("binary.txt", "binary file (contains NUL bytes)"),
    ("latin1.txt", "not UTF-8 text (byte 0xe9 at offset 3)"),
    ("mixed.txt", "not UTF-8 text (byte 0xf6 at offset 38)"),
    ("huge.txt", "file is 52,428,800 bytes, over the size limit of 1,000,000 bytes (--max-bytes)"),
    ("foreign-es.txt", "not English: 2% of its 47 words are English function words "
                       "(at least 12% expected)"),
    ("foreign-de.txt", "not English: 8% of its 40 words are English function words "
                       "(at least 12% expected)"),
    ("foreign-ru.txt", "not English: 127 of 127 letters are not Latin (mostly CYRILLIC)"),
    ("foreign-zh.txt", "not English: 38 of 38 letters are not Latin (mostly CJK)"),
    ("lines.jsonl:2", "malformed JSON: Unterminated string starting at (at character 22)"),
    ("lines.jsonl:4", "not Unicode text: 'text' holds a lone surrogate \\ud800 at character 7"),
    ("rows.csv:3", "malformed CSV row: ',' expected after '\"'"),
])
def test_each_bad_record_is_rejected_with_its_reason(ingested, origin, reason):
    result, rejects, _ = ingested
    assert rejects[origin]["reason"] == reason
    assert rejects[origin]["at"] is not None


def test_summary_names_the_rejects(ingested):
    result, rejects, _ = ingested
    assert "empty.txt: empty text (only whitespace)" in result.stdout
    assert len(rejects) == 13
    assert "... and 3 more (SELECT * FROM rejects in the store)" in result.stdout


def test_good_records_around_bad_ones_go_in(ingested):
    _, _, articles = ingested
    assert {origin: a["id"] for origin, a in articles.items() if ":" in origin} == {
        "lines.jsonl:1": "j1", "lines.jsonl:3": "j3",
        "rows.csv:2": "c1", "rows.csv:4": "c3", "rows.csv:5": "c4",
        "same-id.jsonl:2": "dup",
    }
    assert articles["rows.csv:5"]["text"] == "Troops withdrew, the ministry said."


def test_the_same_id_twice_keeps_the_later_text_and_says_so(ingested):
    result, _, articles = ingested
    assert articles["same-id.jsonl:2"]["text"] == "Iran and Iraq postponed a trade deal."
    assert "same-id.jsonl:1" not in articles
    assert "replaced (same id, different text): dup" in result.stdout


def test_html_keeps_the_article_text_and_drops_scripts_frames_and_inline_data(ingested):
    _, _, articles = ingested
    text = articles["page.html"]["text"]
    assert text.startswith("The foreign ministers of Turkey and Greece met in Ankara")
    assert "new border crossing next year" in text
    for junk in ("injected", "alert", "iframe", "QUJD", "xxxx", "tracking"):
        assert junk not in text


def test_pathological_texts_are_analysed_whole(ingested):
    _, _, articles = ingested
    assert articles["run-on.txt"]["text"] == RUN_ON
    assert articles["no-punctuation.txt"]["text"] == NO_PUNCTUATION


def test_long_runs_without_sentence_ends_are_cut_before_parsing():
    doc = build_pipeline(())(NO_PUNCTUATION)
    lengths = [len(sentence) for sentence in doc.sents]
    assert max(lengths) <= MAX_SENTENCE_TOKENS
    assert sum(lengths) == len(doc) > 2 * MAX_SENTENCE_TOKENS


def test_a_run_on_sentence_gives_valid_offsets():
    analysis = analyze(Article(text=NO_PUNCTUATION, published="2024-03-15")).to_dict()
    assert analysis["events"]
    for event in analysis["events"]:
        for span in (event["trigger"], event["sentence"]):
            assert NO_PUNCTUATION[span["start"]:span["end"]] == span["text"]


def test_an_oversized_line_is_never_read_whole(tmp_path):
    path = tmp_path / "big.jsonl"
    with path.open("w") as stream:
        stream.write(json.dumps({"id": "big", "text": "word " * 10_000_000}) + "\n")
        stream.write(json.dumps({"id": "after", "text": GOOD}) + "\n")
    tracemalloc.start()
    try:
        items = list(read_inputs([str(path)]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [(type(i).__name__, i.id) for i in items] == [("Reject", None), ("Article", "after")]
    assert items[0].reason == "line is over the size limit of 1,000,000 bytes (--max-bytes)"
    assert peak < 8 * DEFAULT_MAX_BYTES  # the line is 50 MB


def test_the_size_limit_is_an_option(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(GOOD)
    result = CliRunner().invoke(main, ["analyze", str(path), "--max-bytes", "40"])
    assert result.exit_code == EXIT_REJECTS
    assert "over the size limit of 40 bytes (--max-bytes)" in result.stderr
    assert CliRunner().invoke(main, ["analyze", str(path), "--max-bytes", "100"]).exit_code == 0


@pytest.mark.parametrize("text", [
    GOOD,
    "BRUSSELS, March 4 (Reuters) - EU ministers agreed new sanctions on Russian banks, "
    "energy firms and shipping companies on Monday, diplomats said, after talks ran late.",
    "Putin, Xi, Modi, Erdogan, Lula, Macron, Scholz",  # too few words to judge
    "Reuters/AP — UN: 12 killed, 40 hurt (official toll)",
])
def test_english_and_short_texts_pass_the_language_rule(text, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    [item] = read_inputs(["-"])
    assert isinstance(item, Article)
