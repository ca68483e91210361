"""`newsgraph bench`: throughput, memory, ingest rate and query latency. Nothing here passes
or fails; each part returns a dict of figures, which :func:`markdown` lays out as a table.

- **throughput**: our pipeline against the bare spaCy pipeline (``nlp.pipe`` of the same
  model) on the same texts, same batch size, warm-up excluded; ``ratio`` = ours / bare in
  articles per second (the issue's target: ≥ 0.85).
- **memory**: peak resident memory over a streamed run (articles generated one by one, never
  held in a list), sampled in a thread, with the RSS at each tenth of the run to show that it
  stays flat.
- **ingest**: articles per second through the pipeline *and* :meth:`Store.save`.
- **spark**: ``ingest --engine spark`` of the same generated articles (a JSONL file) to a
  Parquet dataset under each Spark master (``local[1]``, ``local[2]``): the scaling with
  cores. A run's time includes starting its Python workers and loading the model in each.
- **queries**: synthetic events in the store's own tables (written with DuckDB SQL, not the
  pipeline), then the :class:`EventQuery` filters and an actor-pair aggregation, each timed.

The corpus comes from :func:`generate_corpus`: news-style articles composed from the
templates below (our own sentences, no gold text), varied by a seeded random generator. Every
sentence of them names actors and most report an event, so our stages have more to do per
token than on real news: the throughput part can time real articles instead (``corpus``).
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import random
import resource
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from .model import Article
from .store import ITEM_SEPARATOR, TABLES, EventQuery, Store

PARTS = ("throughput", "memory", "ingest", "spark", "queries")
SPARK_MASTERS = ("local[1]", "local[2]")
WARMUP_ARTICLES = 8
RSS_SAMPLE_S = 0.05
QUERY_REPEATS = 3  # each query's latency is the best of these runs

# --- the synthetic corpus ---------------------------------------------------------------------

COUNTRIES = [  # (country, demonym, capital)
    ("Russia", "Russian", "Moscow"), ("China", "Chinese", "Beijing"), ("France", "French", "Paris"),
    ("Germany", "German", "Berlin"), ("India", "Indian", "New Delhi"), ("Brazil", "Brazilian", "Brasilia"),
    ("Turkey", "Turkish", "Ankara"), ("Egypt", "Egyptian", "Cairo"), ("Japan", "Japanese", "Tokyo"),
    ("Kenya", "Kenyan", "Nairobi"), ("Mexico", "Mexican", "Mexico City"), ("Poland", "Polish", "Warsaw"),
    ("Nigeria", "Nigerian", "Abuja"), ("Iran", "Iranian", "Tehran"), ("Syria", "Syrian", "Damascus"),
    ("Venezuela", "Venezuelan", "Caracas"), ("Ukraine", "Ukrainian", "Kyiv"), ("Spain", "Spanish", "Madrid"),
]
GIVEN = ["Anna", "Marek", "Leila", "Tomas", "Yusuf", "Ines", "Pavel", "Chiara", "Omar", "Sofia",
         "Daniel", "Mina", "Rafael", "Elena", "Kofi", "Hana"]
FAMILY = ["Varga", "Okafor", "Lindqvist", "Haddad", "Moreau", "Castellano", "Novak", "Tanaka",
          "Brenner", "Sokolov", "Mensah", "Duarte", "Kowalczyk", "Rahimi", "Esposito", "Adeyemi"]
TITLES = ["Foreign Minister", "Defence Minister", "President", "Prime Minister", "Interior Minister",
          "deputy foreign minister", "army chief", "opposition leader"]
OUTLETS = ["the Daily Ledger", "Radio Meridian", "the Harbour Times", "Northern Wire"]
WHEN = ["last Wednesday", "on Monday", "on March 3", "earlier this month", "in January",
        "two days ago", "last year", "on Friday evening", "this week"]

SENTENCES = [  # slots: {a} {b} actor phrases, {A}/{B} countries, {cap} capital, {when}, {who}, {outlet}
    "{a} met {b} in {cap} {when} to discuss trade and security.",
    "{a} accused {b} of violating the ceasefire along the border {when}.",
    "{A} and {B} signed an agreement on energy cooperation in {cap} {when}.",
    "{who} said that {a} had rejected the proposal {when}.",
    "According to {outlet}, {a} may impose new sanctions on {B} if the talks fail.",
    "{a} denied reports that troops had crossed into {B}.",
    "Police in {cap} arrested dozens of protesters {when}, {who} said.",
    "{a} is considering a visit to {cap} in case the negotiations resume.",
    "{outlet} reported that {who} had confirmed the letter from {a}.",
    "{a} did not condemn the attack, {who} told reporters in {cap}.",
    "An analyst quoted by {outlet} speculated that {b} could withdraw its ambassador.",
    "Thousands marched through {cap} {when} demanding the release of political prisoners.",
    "{a} promised humanitarian aid to {B} after the floods {when}.",
    "{a} claimed that {b} knew nothing about the shipment.",
    "Talks between {A} and {B} will continue in {cap} next week, officials said.",
    "{a} threatened to expel diplomats from {B} over the spying allegations.",
]
BOILERPLATE = ["Print Friendly, PDF & Email", "Share this article: Facebook Twitter Email",
               "We use cookies to improve your experience. Accept all cookies"]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


def _actor_phrase(rng: random.Random, country: tuple[str, str, str]) -> str:
    name, demonym, _ = country
    return rng.choice([
        f"{demonym} {rng.choice(TITLES)} {_person(rng)}",
        f"{name}'s {rng.choice(TITLES).lower()}",
        f"the {demonym} government",
        f"{name}",
        f"{_person(rng)}, {name}'s {rng.choice(TITLES).lower()},",
    ])


def generate_article(rng: random.Random, number: int) -> Article:
    """One news-style article of 5–12 sentences about two countries, sometimes ending in a
    page-boilerplate line."""
    first, second = rng.sample(COUNTRIES, 2)
    slots = lambda: {  # noqa: E731 - fresh choices per sentence
        "a": _actor_phrase(rng, first), "b": _actor_phrase(rng, second),
        "A": first[0], "B": second[0], "cap": rng.choice((first[2], second[2])),
        "when": rng.choice(WHEN), "who": rng.choice(
            [f"a spokesman for {first[0]}'s foreign ministry", f"{rng.choice(TITLES)} {_person(rng)}",
             "officials", f"a source close to {_person(rng)}"]),
        "outlet": rng.choice(OUTLETS)}
    sentences = []
    for _ in range(rng.randint(5, 12)):
        sentence = rng.choice(SENTENCES).format(**slots())
        sentences.append(sentence[0].upper() + sentence[1:])
    paragraphs = [" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]
    if rng.random() < 0.3:
        paragraphs.append(rng.choice(BOILERPLATE))
    published = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(366))
    return Article(text="\n\n".join(paragraphs), id=f"bench-{number}", title=None,
                   published=published.isoformat(), outlet=rng.choice(OUTLETS).removeprefix("the ").title())


def generate_corpus(n: int, seed: int = 0) -> Iterator[Article]:
    """``n`` synthetic articles, one at a time (the same ``seed`` gives the same corpus)."""
    rng = random.Random(seed)
    for number in range(n):
        yield generate_article(rng, number)


# --- measuring --------------------------------------------------------------------------------

def machine() -> dict[str, Any]:
    """What the figures were taken on."""
    memory_kb = None
    try:
        with open("/proc/meminfo") as meminfo:
            memory_kb = int(meminfo.readline().split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return {"cpus": os.cpu_count(), "memory_gb": round(memory_kb / 2**20, 1) if memory_kb else None,
            "processor": platform.processor() or platform.machine(), "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}"}


def rss_mb() -> float:
    """This process's resident memory now (Linux /proc; else the peak so far)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class RssSampler:
    """Samples :func:`rss_mb` in a thread while the ``with`` block runs; keeps the peak."""

    def __init__(self, every_s: float = RSS_SAMPLE_S) -> None:
        self.every_s, self.peak_mb = every_s, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> float:
        """The RSS now, counted in the peak."""
        now = rss_mb()
        self.peak_mb = max(self.peak_mb, now)
        return now

    def _run(self) -> None:
        while not self._stop.wait(self.every_s):
            self.sample()

    def __enter__(self) -> "RssSampler":
        self.peak_mb = rss_mb()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()


def _timed(run: Callable[[], Any]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def read_corpus(path: Path) -> list[Article]:
    """The articles of a file or directory, as ``analyze`` reads them (rejected inputs left
    out), for timing throughput on real text instead of the generated corpus."""
    from .readers import read_inputs

    articles = [item for item in read_inputs([str(path)]) if isinstance(item, Article)]
    if len(articles) <= WARMUP_ARTICLES:
        raise ValueError(f"{path}: {len(articles)} articles; the throughput run needs more than "
                         f"{WARMUP_ARTICLES} (the first {WARMUP_ARTICLES} warm up)")
    return articles


def bench_throughput(n: int, batch_size: int | None = None, seed: int = 0,
                     corpus: list[Article] | None = None, corpus_name: str = "generated") -> dict[str, Any]:
    """Ours vs bare ``nlp.pipe`` on the same ``n`` texts (after a warm-up of each): generated
    ones, or the first ``n`` of ``corpus`` after its first :data:`WARMUP_ARTICLES`."""
    from . import pipeline
    from .nlp import load_model

    batch_size = batch_size or pipeline.BATCH_SIZE
    articles = corpus[:n + WARMUP_ARTICLES] if corpus else list(generate_corpus(n + WARMUP_ARTICLES, seed))
    warmup, articles = articles[:WARMUP_ARTICLES], articles[WARMUP_ARTICLES:]
    n = len(articles)
    texts = [a.text for a in articles]
    bare = load_model()
    pipeline.build_pipeline()
    for _ in pipeline.analyze_many(warmup, batch_size=batch_size):
        pass
    for _ in bare.pipe((a.text for a in warmup), batch_size=batch_size):
        pass
    tokens = 0

    def run_bare() -> None:
        nonlocal tokens
        tokens = sum(len(doc) for doc in bare.pipe(texts, batch_size=batch_size))

    bare_s = _timed(run_bare)
    events = 0

    def run_ours() -> None:
        nonlocal events
        events = sum(len(a.events) for a in pipeline.analyze_many(articles, batch_size=batch_size))

    ours_s = _timed(run_ours)
    return {"corpus": corpus_name, "articles": n, "tokens": tokens, "events": events, "batch_size": batch_size,
            "ours_s": ours_s, "bare_s": bare_s,
            "ours_articles_per_s": n / ours_s, "bare_articles_per_s": n / bare_s,
            "ours_tokens_per_s": tokens / ours_s, "bare_tokens_per_s": tokens / bare_s,
            "ratio": bare_s / ours_s}


def bench_memory(n: int, seed: int = 1) -> dict[str, Any]:
    """Peak RSS over a streamed run of ``n`` articles, and the RSS at each tenth of it."""
    from . import pipeline

    pipeline.build_pipeline()
    checkpoints = {max(1, round(n * k / 10)) for k in range(1, 11)}
    by_progress: list[tuple[int, float]] = []
    with RssSampler() as sampler:
        start_mb = rss_mb()
        for done, _ in enumerate(pipeline.analyze_many(generate_corpus(n, seed)), 1):
            if done in checkpoints:
                by_progress.append((done, sampler.sample()))
    first = by_progress[0][1] if by_progress else start_mb
    return {"articles": n, "rss_start_mb": start_mb, "rss_peak_mb": sampler.peak_mb,
            "rss_end_mb": by_progress[-1][1] if by_progress else start_mb,
            "growth_after_first_tenth_mb": (by_progress[-1][1] - first) if by_progress else 0.0,
            "rss_by_progress": by_progress}


def bench_ingest(n: int, directory: Path, seed: int = 2) -> dict[str, Any]:
    """Articles per second through the pipeline and the store, into a fresh store file."""
    from . import pipeline

    pipeline.build_pipeline()
    path = directory / "ingest.duckdb"
    with Store.open(path, create=True) as store:
        def run() -> None:
            for analysis in pipeline.analyze_many(generate_corpus(n, seed)):
                store.save(analysis)

        seconds = _timed(run)
        counts = store.counts()
    return {"articles": n, "seconds": seconds, "articles_per_s": n / seconds,
            "stored_articles": counts["articles"], "stored_events": counts["events"]}


def bench_spark(n: int, directory: Path, masters: tuple[str, ...] = SPARK_MASTERS,
                seed: int = 3) -> dict[str, Any]:
    """Articles per second of the Spark engine under each master, on one JSONL file of
    ``n`` generated articles; ``speedup`` is each rate over the first master's."""
    import json

    from . import spark

    source = directory / "spark-input.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for article in generate_corpus(n, seed):
            out.write(json.dumps(article.to_dict()) + "\n")
    runs: dict[str, Any] = {}
    for master in masters:
        start = time.perf_counter()
        session = spark.spark_session(master, app_name="newsgraph-bench")
        try:
            started_s = time.perf_counter() - start
            cores = session.sparkContext.defaultParallelism
            seconds = _timed(lambda: spark.ingest(session, [str(source)], str(directory / f"spark-{cores}")))
        finally:
            session.stop()
        runs[master] = {"cores": cores, "session_start_s": started_s, "seconds": seconds,
                        "articles_per_s": n / seconds}
    first = runs[masters[0]]["articles_per_s"]
    for run in runs.values():
        run["speedup"] = run["articles_per_s"] / first
    return {"articles": n, "runs": runs}


# --- synthetic events at scale ------------------------------------------------------------------

EVENTS_PER_ARTICLE = 10
SYNTHETIC_TYPES = ("CONSULT", "ACCUSE", "AGREE", "REQUEST", "THREATEN", "PROTEST", "AID", "ASSAULT")
SYNTHETIC_CODES = ("RUS", "CHN", "FRA", "DEU", "IND", "BRA", "TUR", "EGY", "JPN", "KEN", "MEX",
                   "POL", "NGA", "IRN", "SYR", "VEN", "UKR", "ESP", "IGO", "USA")


def _pick(values: tuple[str, ...], seed_expr: str) -> str:
    """SQL choosing one of ``values`` by a hash of ``seed_expr`` (deterministic, spread)."""
    listed = ", ".join(f"'{v}'" for v in values)
    return f"([{listed}])[(1 + hash({seed_expr}) % {len(values)})::BIGINT]"


def _insert_select(store: Store, table: str, source: str, values: dict[str, str]) -> None:
    """INSERT INTO ``table`` one row per row of ``source``: the given column expressions,
    NULL for every other column of the table."""
    columns = [name for name, _ in TABLES[table]]
    exprs = [values.get(name, "NULL") for name in columns]
    quoted = ", ".join(f'"{name}"' for name in columns)
    store.con.execute(f"INSERT INTO {table} ({quoted}) SELECT {', '.join(exprs)} FROM {source}")


def fill_synthetic_events(store: Store, n_events: int) -> None:
    """``n_events`` events (10 per article) with an actor and a recipient each, a date, a
    factuality, and an attribution on one event in three, written with SQL into ``store``,
    with the derived columns of ``events`` that :func:`store.event_row_columns` gives them."""
    n_articles = max(1, -(-n_events // EVENTS_PER_ARTICLE))
    articles = f"range({n_articles}) t(a)"
    events = f"range({n_events}) t(e)"
    article_of = f"'s-' || (e // {EVENTS_PER_ARTICLE})"
    attributed = "e % 3 = 0"
    source = _pick(("officials", "Radio Meridian", "a spokesman", "witnesses"), "e + 7")
    day = "DATE '2020-01-01' + (hash(e + 3) % 1826)::INTEGER"
    item = f"chr({ord(ITEM_SEPARATOR)})"
    parties = {role: (f"'{role} ' || e % 97", _pick(SYNTHETIC_CODES, f"{salt} * 31"))  # (name, code)
               for role, salt in (("actor", "e"), ("recipient", "e + 1"))}
    store.con.begin()
    _insert_select(store, "articles", articles, {
        "id": "'s-' || a", "published": "DATE '2020-01-01' + (a % 1826)::INTEGER",
        "outlet": _pick(("Northern Wire", "Radio Meridian", "Harbour Times"), "a"),
        "text": "'synthetic article ' || a", "text_hash": "'h' || a", "ingested_at": "now()::TIMESTAMP"})
    _insert_select(store, "attributions", f"{events} WHERE {attributed}", {
        "article_id": article_of, "position": f"(e % {EVENTS_PER_ARTICLE})", "id": "'a' || e",
        "source_start": "0", "source_end": "4", "source_text": source,
        "cue_start": "5", "cue_end": "9", "cue_text": "'said'", "stance": "'reports'", "quote": "false"})
    row_columns = {"first_day": day, "last_day": day,
                   "attribution_chain": f"CASE WHEN {attributed} THEN {source} END",
                   "attribution_stance": f"CASE WHEN {attributed} THEN 'reports' END",
                   "sources": f"CASE WHEN {attributed} THEN {item} || lower({source}) || {item} END"}
    for number, (role, (name, code)) in enumerate(parties.items(), 1):
        row_columns |= {f"actor{number}_code": code, f"actor{number}_name": name, f"actor{number}_sector": "'GOV'",
                        f"{role}s": f"{code} || ' ' || {name}", f"{role}_codes": f"{item} || {code} || {item}"}
    _insert_select(store, "events", events, {
        "article_id": article_of, "position": f"(e % {EVENTS_PER_ARTICLE})", "id": "'e' || e",
        "type": _pick(SYNTHETIC_TYPES, "e"), "quad_class": "'VERBCOOP'",
        "trigger_start": "0", "trigger_end": "3", "trigger_text": "'met'",
        "sentence_start": "0", "sentence_end": "20", "sentence_text": "'A met B in a capital.'",
        "date_type": "'DATE'", "date_value": f"strftime({day}, '%Y-%m-%d')", "date_basis": "'text'",
        "factuality_polarity": "CASE WHEN e % 11 = 0 THEN 'negative' ELSE 'positive' END",
        "factuality_certainty": "'certain'", "factuality_hypothetical": "e % 7 = 0",
        "factuality_score": "3.0", "attribution": f"CASE WHEN {attributed} THEN 'a' || e END",
        "confidence": "0.8", **row_columns})
    for role, (name, code) in parties.items():
        _insert_select(store, "event_actors", events, {
            "article_id": article_of, "event_id": "'e' || e", "role": f"'{role}'", "position": "0",
            "name": name, "code": code, "sector": "'GOV'"})
    store.con.commit()


# events by (first actor, first recipient) code, from the derived columns of ``events``
ACTOR_PAIRS_SQL = """
SELECT actor1_code AS actor, actor2_code AS recipient, count(*) AS events
FROM events WHERE actors IS NOT NULL AND recipients IS NOT NULL
GROUP BY ALL ORDER BY events DESC, actor, recipient LIMIT 20
"""
PAGE = 100  # rows fetched by a filtered query, as a table page would


def query_cases() -> dict[str, EventQuery]:
    """The `newsgraph events` filters, one case each."""
    return {
        "--actor RUS": EventQuery(actor="RUS"),
        "--recipient CHN": EventQuery(recipient="CHN"),
        "--type ACCUSE": EventQuery(type="ACCUSE"),
        "--since/--until (one month)": EventQuery(since=dt.date(2022, 3, 1), until=dt.date(2022, 3, 31)),
        "--hypothetical": EventQuery(factuality="hypothetical"),
        "--source Meridian": EventQuery(source="Meridian"),
        "--actor RUS --type CONSULT --factual": EventQuery(actor="RUS", type="CONSULT", factuality="factual"),
    }


def _best_of(run: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(QUERY_REPEATS):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def bench_queries(n_events: int, directory: Path) -> dict[str, Any]:
    """Latency of each events filter (matching rows counted, and a first page of 100 fetched
    as `newsgraph events --limit 100` does) and of the actor-pair aggregation."""
    path = directory / f"events-{n_events}.duckdb"
    with Store.open(path, create=True) as store:
        fill_s = _timed(lambda: fill_synthetic_events(store, n_events))
        results: dict[str, Any] = {}
        for name, query in query_cases().items():
            count_s, matches = _best_of(lambda: store.count_events(query))
            page = replace(query, limit=PAGE)
            page_s, rows = _best_of(lambda: store.events(page))
            results[name] = {"matches": matches, "count_s": count_s, "page_s": page_s,
                             "page_rows": len(rows)}
        pairs_s, pairs = _best_of(lambda: store.con.execute(ACTOR_PAIRS_SQL).fetchall())
    return {"events": n_events, "fill_s": fill_s, "filters": results,
            "actor_pairs_s": pairs_s, "actor_pairs": len(pairs),
            "top_pair": list(pairs[0]) if pairs else None}


# --- the whole suite --------------------------------------------------------------------------

def run_benchmarks(articles: int = 500, memory_articles: int = 10_000, ingest_articles: int = 200,
                   events: int = 1_000_000, spark_articles: int = 200,
                   spark_masters: tuple[str, ...] = SPARK_MASTERS, skip: tuple[str, ...] = (),
                   directory: Path | None = None, corpus: list[Article] | None = None,
                   corpus_name: str = "generated",
                   progress: Callable[[str], None] = lambda _: None) -> dict[str, Any]:
    """Every part not in ``skip``; store files go to ``directory`` (a temporary one by default).
    ``corpus`` (articles read by :func:`read_corpus` from ``corpus_name``) replaces the
    generated texts of the throughput part."""
    unknown = set(skip) - set(PARTS)
    if unknown:
        raise ValueError(f"unknown benchmark parts: {', '.join(sorted(unknown))}")
    result: dict[str, Any] = {"taken": dt.datetime.now().isoformat(timespec="seconds"),
                              "machine": machine()}
    with tempfile.TemporaryDirectory(prefix="newsgraph-bench-", dir=directory) as tmp:
        for part, run in (
            ("throughput", lambda: bench_throughput(articles, corpus=corpus, corpus_name=corpus_name)),
            ("memory", lambda: bench_memory(memory_articles)),
            ("ingest", lambda: bench_ingest(ingest_articles, Path(tmp))),
            ("spark", lambda: bench_spark(spark_articles, Path(tmp), spark_masters)),
            ("queries", lambda: bench_queries(events, Path(tmp))),
        ):
            if part in skip:
                continue
            progress(part)
            result[part] = run()
    return result


def markdown(result: dict[str, Any]) -> str:
    """The figures as one markdown table (metric, value, target)."""
    rows: list[tuple[str, str, str]] = []
    if "throughput" in result:
        t = result["throughput"]
        rows += [
            (f"pipeline throughput ({t['articles']} {t['corpus']} articles, {t['tokens']:,} tokens, "
             f"batch {t['batch_size']})",
             f"{t['ours_articles_per_s']:.1f} articles/s, {t['ours_tokens_per_s']:,.0f} tokens/s", ""),
            ("bare spaCy `nlp.pipe`, same texts",
             f"{t['bare_articles_per_s']:.1f} articles/s, {t['bare_tokens_per_s']:,.0f} tokens/s", ""),
            ("ratio ours / bare spaCy", f"{t['ratio']:.2f}", "≥ 0.85"),
        ]
    if "memory" in result:
        m = result["memory"]
        rows.append((f"peak RSS, streamed run of {m['articles']:,} articles",
                     f"{m['rss_peak_mb']:,.0f} MB (start {m['rss_start_mb']:,.0f}, growth after "
                     f"first tenth {m['growth_after_first_tenth_mb']:+,.0f})", "< 1,500 MB, flat"))
    if "ingest" in result:
        i = result["ingest"]
        rows.append((f"ingest into DuckDB ({i['articles']} articles)",
                     f"{i['articles_per_s']:.1f} articles/s", ""))
    if "spark" in result:
        sp = result["spark"]
        for master, run in sp["runs"].items():
            rows.append((f"`ingest --engine spark --master {master}` ({sp['articles']} articles to Parquet)",
                         f"{run['articles_per_s']:.1f} articles/s ({run['seconds']:.1f} s; "
                         f"speedup {run['speedup']:.2f}; session start {run['session_start_s']:.1f} s)", ""))
    if "queries" in result:
        q = result["queries"]
        n = f"{q['events']:,}"
        rows.append((f"synthetic events written ({n})", f"{q['fill_s']:.1f} s", ""))
        for name, f in q["filters"].items():
            rows.append((f"`events {name}` at {n} ({f['matches']:,} matches)",
                         f"count {f['count_s']:.3f} s, first {PAGE} rows {f['page_s']:.3f} s", "< 1 s"))
        rows.append((f"actor-pair aggregation at {n}", f"{q['actor_pairs_s']:.3f} s", "< 1 s"))
    lines = ["| metric | value | target |", "|---|---|---|"]
    lines += [f"| {metric} | {value} | {target} |" for metric, value, target in rows]
    return "\n".join(lines)
