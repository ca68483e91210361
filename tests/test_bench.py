"""`newsgraph bench` on tiny sizes: the structure and sanity of its figures (never timings)."""

import json

from click.testing import CliRunner

from newsgraph import bench
from newsgraph.cli import main
from newsgraph.store import EVENT_ROW_COLUMNS, Store, flatten_analysis


def test_corpus_is_varied_reproducible_and_news_like():
    first = list(bench.generate_corpus(20, seed=3))
    again = list(bench.generate_corpus(20, seed=3))
    assert [a.text for a in first] == [a.text for a in again]
    assert len({a.text for a in first}) == 20
    assert len({a.id for a in first}) == 20
    for article in first:
        assert article.published and len(article.text.split(". ")) >= 4
        assert "{" not in article.text  # every slot filled


def test_throughput_compares_the_same_texts():
    result = bench.bench_throughput(4, batch_size=2)
    assert result["articles"] == 4 and result["batch_size"] == 2
    assert result["tokens"] > 4 * 50
    assert result["events"] > 0
    assert result["ratio"] == result["bare_s"] / result["ours_s"] > 0
    assert result["ours_tokens_per_s"] == result["tokens"] / result["ours_s"]


def test_memory_samples_each_tenth_of_a_streamed_run():
    result = bench.bench_memory(10)
    assert [done for done, _ in result["rss_by_progress"]] == list(range(1, 11))
    assert result["rss_peak_mb"] >= max(mb for _, mb in result["rss_by_progress"]) > 0


def test_ingest_stores_every_article(tmp_path):
    result = bench.bench_ingest(3, tmp_path)
    assert result["stored_articles"] == 3 and result["stored_events"] > 0
    assert result["articles_per_s"] > 0


def test_synthetic_events_fill_the_store_schema(tmp_path):
    with Store.open(tmp_path / "s.duckdb", create=True) as store:
        bench.fill_synthetic_events(store, 95)
        counts = store.counts()
        assert counts["articles"] == 10 and counts["events"] == 95
        assert counts["event_actors"] == 190 and counts["attributions"] == 32
        rows = store.events()
        assert len(rows) == 95
        assert all(r["actor1_code"] in bench.SYNTHETIC_CODES and r["event_type"] in bench.SYNTHETIC_TYPES
                   for r in rows)
        attributed = [r for r in rows if r["attribution"]]
        assert len(attributed) == 32 and all(r["attribution_chain"] for r in attributed)
        derived = lambda row: {column: row[column] for column, _ in EVENT_ROW_COLUMNS}  # noqa: E731
        written = [derived(row) for row in store.rows("events")]  # by article id and position, as flattened
        assert written == [derived(row) for analysis in store.iter_analyses()
                           for row in flatten_analysis(analysis)["events"]]
        assert {(row["sources"] or "").count("\x1f") for row in written} == {0, 2}


def test_queries_count_what_the_store_returns(tmp_path):
    result = bench.bench_queries(500, tmp_path)
    assert set(result["filters"]) == set(bench.query_cases())
    for figures in result["filters"].values():
        assert 0 < figures["matches"] < 500
        assert figures["page_rows"] == min(bench.PAGE, figures["matches"])
    assert result["actor_pairs"] == 20 and result["top_pair"][2] >= 1


def test_bench_command_prints_a_table_and_writes_json(tmp_path):
    out = tmp_path / "bench.json"
    result = CliRunner().invoke(main, ["bench", "--quick", "--skip", "memory", "--skip", "ingest", "--skip", "spark",
                                       "--json", str(out), "--tmp", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "| ratio ours / bare spaCy |" in result.output
    assert "actor-pair aggregation at 10,000" in result.output
    figures = json.loads(out.read_text())
    assert set(figures) == {"taken", "machine", "throughput", "queries"}
    assert figures["queries"]["events"] == 10_000


def _write_corpus(path, n):
    lines = [json.dumps({"id": f"c{i}", "published": "2024-05-0{}".format(i % 9 + 1),
                         "text": f"Officials in Kyiv said on Monday that {i} drones had been shot down. "
                                 "Poland sent aid to Ukraine, the ministry confirmed."})
             for i in range(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_throughput_on_a_corpus_of_real_articles(tmp_path):
    corpus = tmp_path / "news.jsonl"
    _write_corpus(corpus, bench.WARMUP_ARTICLES + 3)
    articles = bench.read_corpus(corpus)
    result = bench.bench_throughput(10, batch_size=2, corpus=articles, corpus_name="news.jsonl")
    # the first articles warm up; only the 3 after them are timed, however many were asked for
    assert result["articles"] == 3 and result["corpus"] == "news.jsonl"
    assert result["tokens"] == sum(len(a.text.split()) + 3 for a in articles[-3:])
    assert result["events"] > 0
    assert "3 news.jsonl articles" in bench.markdown({"throughput": result, "machine": bench.machine(),
                                                     "taken": "now"})


def test_bench_corpus_too_small_is_a_usage_error(tmp_path):
    corpus = tmp_path / "few.jsonl"
    _write_corpus(corpus, bench.WARMUP_ARTICLES)
    outcome = CliRunner().invoke(main, ["bench", "--corpus", str(corpus), "--skip", "memory", "--skip", "ingest",
                                        "--skip", "spark", "--skip", "queries"])
    assert outcome.exit_code == 2
    assert "needs more than 8" in outcome.output
