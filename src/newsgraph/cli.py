"""The `newsgraph` command line.

Exit codes: 0 when every record went through, 3 (:data:`EXIT_REJECTS`) when some were
rejected (each with a one-line reason), 1 on a missing store or unknown article id, 2 on a
malformed option (click's usage error).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click

from . import __version__
from .evaluation.runner import TASKS
from .evaluation.runner import evaluate as run_evaluation
from .evaluation.runner import report as evaluation_report
from .clusters import ACCOUNTS
from .labels import actor_label, attribution_chain, date_label, factuality_label, place_label
from .model import PLOVER_TYPES, QUAD_CLASSES, Analysis, Article, Reject
from .readers import DEFAULT_MAX_BYTES
from .store import (CLUSTER_SORTS, DEFAULT_DB, ArticleNotFound, ClusterQuery, EventQuery, Store, StoreError,
                    iso_date)

EXIT_REJECTS = 3
SUMMARY_REJECTS = 10  # reject lines shown in the ingest summary; the rest are counted


class IsoDate(click.ParamType):
    """A YYYY-MM-DD calendar date."""

    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return iso_date(value)
        except ValueError as error:
            self.fail(str(error), param, ctx)


ISO_DATE = IsoDate()

db_option = click.option(
    "--db", metavar="PATH", default=DEFAULT_DB, show_default=True,
    help="The store file (an embedded DuckDB database).")
parquet_option = click.option(
    "--parquet", metavar="DIR", type=click.Path(file_okay=False),
    help="Query the Parquet dataset DIR (written by `ingest --engine spark`) instead of --db.")
published_option = click.option(
    "--published", type=ISO_DATE,
    help="Publication date for inputs that carry none: the reference date of relative times.")
max_bytes_option = click.option(
    "--max-bytes", type=click.IntRange(min=1), metavar="N", default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Size limit of one record (a file, a JSONL line, a CSV row): a bigger one is rejected unread.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsgraph")
def main() -> None:
    """newsgraph: sourced event data from news reports.

    `analyze` writes one JSON object per article; `ingest` stores articles in an embedded
    DuckDB file, which `events`, `show` and `export` query.
    """


# --- analysing: shared by analyze and ingest ----------------------------------------------

def analyses_or_rejects(items: Iterable[Article | Reject],
                        batch_size: int | None = None) -> Iterator[Analysis | Reject]:
    """Each article's analysis, or a Reject when the pipeline fails on it (the run goes on).

    Articles go to the pipeline in batches; when a batch fails, its remaining articles are
    analysed one by one, so only the article that fails is rejected. Readers' rejects pass
    through. ``batch_size`` defaults to the pipeline's.
    """
    from . import pipeline

    batch_size = batch_size or pipeline.BATCH_SIZE
    batch: list[Article] = []
    for item in items:
        if isinstance(item, Reject):
            yield item
            continue
        batch.append(item)
        if len(batch) >= batch_size:
            yield from _analyse_batch(batch, batch_size)
            batch = []
    if batch:
        yield from _analyse_batch(batch, batch_size)


def _analyse_batch(batch: list[Article], batch_size: int) -> Iterator[Analysis | Reject]:
    from . import pipeline

    done = 0
    try:
        for analysis in pipeline.analyze_many(batch, batch_size=batch_size):
            done += 1
            yield analysis
    except Exception:
        for article in batch[done:]:
            try:
                yield pipeline.analyze(article)
            except Exception as error:
                yield Reject(origin=article.origin or article.id, id=article.id,
                             reason=f"pipeline error: {type(error).__name__}: {error}")


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@published_option
@max_bytes_option
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
              help="Where to write JSON Lines (default: standard output).")
def analyze(inputs: tuple[str, ...], published: dt.date | None, max_bytes: int, output) -> None:
    """Analyse articles and write one article-output/1 JSON object per line.

    INPUTS are files (.txt, .html, .jsonl, .csv), directories, globs, or - for standard input.
    A record that cannot be read or analysed is reported on standard error and the run goes
    on; the exit code is then 3. See "Reliability" in the README for the rules.
    """
    from .readers import read_inputs

    rejected = False
    items = read_inputs(list(inputs), published=published.isoformat() if published else None,
                        max_bytes=max_bytes)
    for outcome in analyses_or_rejects(items):
        if isinstance(outcome, Reject):
            rejected = True
            click.echo(f"rejected {outcome.origin}: {outcome.reason}", err=True)
        else:
            output.write(json.dumps(outcome.to_dict(), ensure_ascii=False) + "\n")
    if rejected:
        sys.exit(EXIT_REJECTS)


# --- ingest -------------------------------------------------------------------------------

PIPED_WIDTH = 200  # columns of a table written to a file or pipe


def _console():
    """A rich console. Piped output is not wrapped and tables get room, so lines stay
    whole for other tools."""
    from rich.console import Console

    console = Console(highlight=False)
    if not console.is_terminal:
        console.soft_wrap = True
        console.width = PIPED_WIDTH
    return console


def _open_store(db: str, create: bool = False, parquet: str | None = None) -> Store:
    """The store a command reads or writes: the Parquet dataset ``parquet`` when given
    (read-only), else the DuckDB file ``db``."""
    try:
        return Store.open_parquet(parquet) if parquet else Store.open(db, create=create)
    except StoreError as error:
        raise click.ClickException(str(error)) from error


def _progress(console):
    """Articles done, articles/s and elapsed time; no ETA, since the number of articles in
    the inputs is only known once they are read. Off when the output is not a terminal."""
    from rich.progress import BarColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn
    from rich.text import Text

    class ArticleRate(ProgressColumn):
        def render(self, task) -> Text:
            return Text(f"{task.speed:.1f} articles/s" if task.speed else "")

    return Progress(TextColumn("ingesting"), BarColumn(), TextColumn("{task.completed} articles"),
                    ArticleRate(), TimeElapsedColumn(), console=console,
                    disable=not console.is_terminal)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@db_option
@published_option
@max_bytes_option
@click.option("--batch-size", type=click.IntRange(min=1), metavar="N",
              help="Articles parsed together (default: the pipeline's; larger is faster, uses more memory).")
@click.option("--engine", type=click.Choice(("embedded", "spark")), default="embedded", show_default=True,
              help="embedded: this process, into the DuckDB file --db; spark: Apache Spark, into the "
                   "Parquet dataset --out.")
@click.option("--master", metavar="URL",
              help="Spark master (local[*], local[2], spark://host:7077, yarn...); default: the one "
                   "spark-submit gives, else local[*].")
@click.option("--out", metavar="DIR", help="Where the spark engine writes its Parquet dataset (one folder per table).")
@click.option("--partitions", type=click.IntRange(min=1), metavar="N",
              help="Spark partitions the articles are spread over (default: Spark's parallelism).")
def ingest(inputs: tuple[str, ...], db: str, published: dt.date | None, max_bytes: int, batch_size: int | None,
           engine: str, master: str | None, out: str | None, partitions: int | None) -> None:
    """Analyse articles and store them in the DuckDB file --db (created if missing).

    INPUTS are as for `analyze`. Each article is stored in one transaction, replacing what
    the store held under its id, so ingesting the same input again changes nothing; an
    article with a known id but a different text replaces the earlier one (the summary
    lists them). A record that cannot be read, analysed or stored goes to the `rejects`
    table with its reason and the run goes on; the exit code is then 3. An ingest that is
    killed keeps every article stored before it; run it again to finish the job. See
    "Reliability" in the README.

    With --engine spark the same pipeline runs on Apache Spark (`pip install
    'newsgraph[spark]'`, Java 17) and writes the tables as a Parquet dataset --out DIR,
    which the query commands read with --parquet DIR (see docs/spark.md).
    """
    from .readers import read_inputs

    if engine == "spark":
        if not out:
            raise click.UsageError("--engine spark needs --out DIR")
        _spark_ingest(inputs, out, master, published, batch_size, partitions, max_bytes)
        return
    if out or master or partitions:
        raise click.UsageError("--out, --master and --partitions are options of --engine spark")

    console = _console()
    statuses: Counter[str] = Counter()
    event_types: Counter[str] = Counter()
    replaced: list[str] = []
    rejects: list[Reject] = []
    items = read_inputs(list(inputs), published=published.isoformat() if published else None,
                        max_bytes=max_bytes)
    with _open_store(db, create=True) as store, _progress(console) as progress:
        task = progress.add_task("ingest", total=None)
        for outcome in analyses_or_rejects(items, batch_size):
            if isinstance(outcome, Analysis):
                try:
                    status = store.save(outcome)
                except Exception as error:
                    article = outcome.article
                    outcome = Reject(origin=article.origin or article.id, id=article.id,
                                     reason=f"not stored: {type(error).__name__}: {error}")
                else:
                    statuses[status] += 1
                    event_types.update(event.type for event in outcome.events)
                    if status == "replaced":
                        replaced.append(outcome.article.id)
            if isinstance(outcome, Reject):
                store.add_reject(outcome)
                rejects.append(outcome)
            progress.advance(task)
        clustered = store.update_clusters()
    _print_ingest_summary(console, db, statuses, event_types, replaced, rejects, clustered)
    if rejects:
        sys.exit(EXIT_REJECTS)


def _spark_ingest(inputs: tuple[str, ...], out: str, master: str | None, published: dt.date | None,
                  batch_size: int | None, partitions: int | None, max_bytes: int) -> None:
    from rich.text import Text

    try:
        from . import spark as engine
    except ImportError as error:
        raise click.ClickException(f"the spark engine needs PySpark: pip install 'newsgraph[spark]' ({error})")
    session = engine.spark_session(master or None)
    try:
        result = engine.ingest(session, list(inputs), out, published=published.isoformat() if published else None,
                               partitions=partitions, batch_size=batch_size, max_bytes=max_bytes,
                               show_rejects=SUMMARY_REJECTS)
    finally:
        session.stop()
    console = _console()
    console.print(Text(f"wrote {result.counts['articles']} articles, {result.counts['events']} events "
                       f"to the Parquet dataset {out}"))
    if "clustered" in result.counts:
        console.print(Text(f"clustered: {result.counts['clustered']} events"))
    console.print(Text(f"rejected: {result.counts['rejects']}"))
    for reject in result.rejects:
        console.print(Text(f"  {reject.origin}: {reject.reason}"))
    if result.counts["rejects"] > len(result.rejects):
        console.print(Text(f"  ... and {result.counts['rejects'] - len(result.rejects)} more ({out}/rejects)"))
    if result.counts["rejects"]:
        sys.exit(EXIT_REJECTS)


def _print_ingest_summary(console, db: str, statuses: Counter, event_types: Counter,
                          replaced: list[str], rejects: list[Reject], clustered: dict[str, int]) -> None:
    from rich.text import Text

    stored = sum(statuses.values())
    console.print(Text(f"stored {stored} article{'s' * (stored != 1)} in {db} "
                       f"({statuses['new']} new, {statuses['unchanged']} unchanged, "
                       f"{statuses['replaced']} replaced)"))
    by_type = ", ".join(f"{kind} {n}" for kind, n in sorted(event_types.items(), key=lambda kv: (-kv[1], kv[0])))
    console.print(Text(f"events: {sum(event_types.values())}" + (f" ({by_type})" if by_type else "")))
    console.print(Text(f"clustered: {clustered['events']} new events ({clustered['joined']} joined "
                       f"existing clusters); near-duplicate copies: {clustered['duplicates']}"))
    if replaced:
        console.print(Text("replaced (same id, different text): " + ", ".join(replaced)))
    console.print(Text(f"rejected: {len(rejects)}"))
    for reject in rejects[:SUMMARY_REJECTS]:
        console.print(Text(f"  {reject.origin}: {reject.reason}"))
    if len(rejects) > SUMMARY_REJECTS:
        console.print(Text(f"  ... and {len(rejects) - SUMMARY_REJECTS} more "
                           "(SELECT * FROM rejects in the store)"))


# --- events -------------------------------------------------------------------------------

def _event_table(rows: list[dict[str, Any]]):
    from rich.table import Table

    table = Table(title=f"{len(rows)} event{'s' * (len(rows) != 1)}", title_justify="left")
    table.add_column("date", no_wrap=True, min_width=10)
    table.add_column("type", no_wrap=True)
    for column in ("actor", "recipient", "trigger", "factuality", "source", "article"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            row["date"].isoformat() if row["date"] else "",
            row["event_type"] + (f"/{row['event_mode']}" if row["event_mode"] else ""),
            row["actors"] or "",
            row["recipients"] or "",
            row["trigger"],
            factuality_label(row["polarity"], row["certainty"], row["hypothetical"], row["factuality_score"]),
            row["attribution_chain"] or "—",
            " / ".join(filter(None, (row["outlet"], row["article_id"]))),
        )
    return table


@main.command()
@db_option
@parquet_option
@click.option("--actor", metavar="CODE", help="An actor's code, e.g. RUS, VEN, IGO.")
@click.option("--recipient", metavar="CODE", help="A recipient's code.")
@click.option("--type", "event_type", type=click.Choice(PLOVER_TYPES, case_sensitive=False),
              metavar="TYPE", help=f"PLOVER event type: {', '.join(PLOVER_TYPES)}.")
@click.option("--since", type=ISO_DATE, help="Events whose date reaches this day or later.")
@click.option("--until", type=ISO_DATE, help="Events whose date begins on this day or earlier.")
@click.option("--hypothetical", is_flag=True, help="Only hypothetical events (planned, feared, conditional).")
@click.option("--factual", is_flag=True, help="Only events said to have happened (positive, not hypothetical).")
@click.option("--source", metavar="TEXT",
              help="Events attributed to a source containing TEXT (case-insensitive), anywhere in the chain.")
@click.option("--cluster", metavar="ID", help="The events of one event cluster (see `newsgraph clusters`).")
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="At most N events.")
@click.option("--format", "output_format", type=click.Choice(("table", "json", "csv")), default="table",
              show_default=True,
              help="table: for reading; json: an array of rows with every column; csv: GDELT-like columns.")
def events(db: str, parquet: str | None, actor: str | None, recipient: str | None, event_type: str | None,
           since: dt.date | None, until: dt.date | None, hypothetical: bool, factual: bool,
           source: str | None, cluster: str | None, limit: int | None, output_format: str) -> None:
    """The sourced event table: who did what to whom, when, how sure, and who says so.

    One row per event, ordered by date: date, type, actor(s) and recipient(s) as CODE name,
    trigger, factuality ("+3 certain", "hypothetical", "negated"), the attribution chain of
    sources ("Haaretz > a source in Caracas"; "—" when the article asserts it) and the
    outlet / article id. Dates are the event's date, else the article's publication date;
    --since and --until keep events whose days overlap the range. `newsgraph export --help`
    lists the csv columns.
    """
    from .export import write_event_csv, write_json

    if hypothetical and factual:
        raise click.UsageError("--hypothetical and --factual exclude each other")
    if since and until and since > until:
        raise click.BadParameter(f"{since} is after --until {until}", param_hint="--since")
    query = EventQuery(actor=actor, recipient=recipient, type=event_type, since=since, until=until,
                       factuality="hypothetical" if hypothetical else "factual" if factual else None,
                       source=source, cluster=cluster, limit=limit)
    with _open_store(db, parquet=parquet) as store:
        rows = store.events(query)
    out = sys.stdout
    if output_format == "json":
        write_json(rows, out)
    elif output_format == "csv":
        write_event_csv(rows, out)
    else:
        _console().print(_event_table(rows))


# --- clusters and actor -------------------------------------------------------------------

CLUSTER_CSV_COLUMNS = (
    "id", "first_date", "last_date", "type", "quad_class", "actor", "actor_name", "recipient",
    "recipient_name", "country", "independent_outlets", "independent_articles", "article_count",
    "event_count", "happened", "denied", "hypothetical", "uncertain", "contested", "articles", "outlets",
)
ACTOR_CSV_COLUMNS = ("code", "partner", "period", "quad_class", "events", "clusters")


def _days_label(first: str | None, last: str | None) -> str:
    if first is None:
        return ""
    return first if last in (None, first) else f"{first}..{last}"


def _party_label(code: str | None, name: str | None) -> str:
    return " ".join(filter(None, (code, name))) or "—"


def accounts_label(row: dict[str, Any]) -> str:
    """The reports by account, e.g. "2 happened, 1 denied"."""
    return ", ".join(f"{row[name]} {name}" for name in ACCOUNTS if row[name])


def _cluster_table(rows: list[dict[str, Any]]):
    from rich.table import Table

    table = Table(title=f"{len(rows)} event cluster{'s' * (len(rows) != 1)}", title_justify="left")
    table.add_column("dates", no_wrap=True, min_width=10)
    table.add_column("type", no_wrap=True)
    for column in ("actor", "recipient", "country"):
        table.add_column(column)
    table.add_column("outlets", justify="right")
    table.add_column("articles", justify="right")
    for column in ("reports say", "contested", "id"):
        table.add_column(column, no_wrap=column == "id")
    for row in rows:
        articles = str(row["article_count"])
        if row["independent_articles"] != row["article_count"]:
            articles += f" ({row['independent_articles']} independent)"
        table.add_row(
            _days_label(row["first_date"], row["last_date"]), row["type"],
            _party_label(row["actor"], row["actor_name"]), _party_label(row["recipient"], row["recipient_name"]),
            row["country"] or "", str(row["independent_outlets"]), articles, accounts_label(row),
            "contested" if row["contested"] else "", row["id"],
        )
    return table


format_option = click.option(
    "--format", "output_format", type=click.Choice(("table", "json", "csv")), default="table",
    show_default=True, help="table: for reading; json: every field; csv: one row per line.")


@main.command()
@db_option
@parquet_option
@click.option("--type", "event_type", type=click.Choice(PLOVER_TYPES, case_sensitive=False),
              metavar="TYPE", help=f"PLOVER event type: {', '.join(PLOVER_TYPES)}.")
@click.option("--actor", metavar="CODE", help="The cluster's actor code.")
@click.option("--recipient", metavar="CODE", help="The cluster's recipient code.")
@click.option("--party", metavar="CODE", help="The cluster's actor or recipient code.")
@click.option("--article", metavar="ID", help="Clusters with a report from this article.")
@click.option("--contested/--uncontested", default=None,
              help="Only clusters whose reports disagree / only those whose reports agree.")
@click.option("--min-outlets", type=click.IntRange(min=1), metavar="N",
              help="Clusters reported by at least N independent outlets.")
@click.option("--since", type=ISO_DATE, help="Clusters whose days reach this day or later.")
@click.option("--until", type=ISO_DATE, help="Clusters whose days begin on this day or earlier.")
@click.option("--sort", type=click.Choice(sorted(CLUSTER_SORTS)), default="date", show_default=True,
              help="date: earliest first; outlets: most independent outlets first; recent: latest first.")
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="At most N clusters.")
@click.option("--offset", type=click.IntRange(min=0), default=0, metavar="N", help="Skip the first N clusters.")
@format_option
def clusters(db: str, parquet: str | None, event_type: str | None, actor: str | None, recipient: str | None,
             party: str | None, article: str | None, contested: bool | None, min_outlets: int | None,
             since: dt.date | None, until: dt.date | None, sort: str, limit: int | None,
             offset: int, output_format: str) -> None:
    """Event clusters: the same happening as several reports tell it.

    Events of different articles join one cluster when they have the same type, compatible
    actors and recipients (the same code, or one unknown; at least one code in common; for
    meetings, agreements and cooperation either way round), dates within 3 days and
    compatible places (the same country, or one unknown). Per cluster: its days, type,
    actor and recipient, the independent outlets and articles that report it
    (near-duplicate copies count once), what the reports say (happened, denied,
    hypothetical, uncertain) and whether they disagree (contested). csv columns:

    \b
    id, first_date, last_date, type, quad_class, actor, actor_name, recipient,
    recipient_name, country, independent_outlets, independent_articles, article_count,
    event_count, happened, denied, hypothetical, uncertain, contested, articles, outlets

    `newsgraph events --cluster ID` lists one cluster's reports with their sources.
    """
    from .export import write_csv, write_json

    if since and until and since > until:
        raise click.BadParameter(f"{since} is after --until {until}", param_hint="--since")
    query = ClusterQuery(type=event_type, actor=actor, recipient=recipient, party=party, article=article,
                         contested=contested, min_outlets=min_outlets, since=since, until=until,
                         sort=sort, limit=limit, offset=offset)
    with _open_store(db, parquet=parquet) as store:
        rows = store.clusters(query)
    if output_format == "json":
        write_json(rows, sys.stdout)
    elif output_format == "csv":
        write_csv(rows, CLUSTER_CSV_COLUMNS, sys.stdout)
    else:
        _console().print(_cluster_table(rows))


def _actor_csv_rows(figures: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for partner in [None, *figures["partners"]]:
        for cell in (partner or figures)["timeline"]:
            yield {"code": figures["code"], "partner": partner["code"] if partner else None, **cell}


def _actor_tables(figures: dict[str, Any]):
    from rich.table import Table

    short = {"verbal_cooperation": "verbal coop.", "material_cooperation": "material coop.",
             "verbal_conflict": "verbal conflict", "material_conflict": "material conflict"}
    timeline = Table(title="by period: events (clusters)", title_justify="left")
    timeline.add_column("period", no_wrap=True)
    cells: dict[str | None, dict[str, str]] = {}
    for cell in figures["timeline"]:
        cells.setdefault(cell["period"], {})[cell["quad_class"]] = f"{cell['events']} ({cell['clusters']})"
    for quad_class in QUAD_CLASSES:
        timeline.add_column(short[quad_class], justify="right")
    for period, by_class in cells.items():
        timeline.add_row(period or "undated", *(by_class.get(q, "") for q in QUAD_CLASSES))
    partners = Table(title=f"{len(figures['partners'])} partner{'s' * (len(figures['partners']) != 1)}: events",
                     title_justify="left")
    for column in ("partner", "events", "clusters", "as actor", "as recipient"):
        partners.add_column(column, justify="left" if column == "partner" else "right")
    for quad_class in QUAD_CLASSES:
        partners.add_column(short[quad_class], justify="right")
    for partner in figures["partners"]:
        partners.add_row(partner["code"], *(str(partner[k]) for k in ("event_count", "cluster_count", "as_actor",
                                                                      "as_recipient")),
                         *(str(partner["quad_classes"].get(q, 0)) for q in QUAD_CLASSES))
    return timeline, partners


@main.command()
@click.argument("code", metavar="CODE")
@db_option
@parquet_option
@click.option("--period", type=click.Choice(("month", "year")), default="month", show_default=True,
              help="The time step of the counts.")
@format_option
def actor(code: str, db: str, parquet: str | None, period: str, output_format: str) -> None:
    """One actor's network: its events by quad class over time, and per partner (the coded
    parties on the other side of its events) the events and clusters by quad class.

    CODE is an actor code (RUS, VEN, IGO...). Events count reports; clusters count
    happenings (an event cluster told by several reports counts once). csv: one row per
    (partner, period, quad class) with columns code, partner, period, quad_class, events,
    clusters; rows with an empty partner are all of CODE's events.
    """
    from rich.text import Text

    from .export import write_csv, write_json

    with _open_store(db, parquet=parquet) as store:
        figures = store.actor(code, period=period)
    if not figures["event_count"]:
        raise click.ClickException(f"no events with actor code {figures['code']!r} in {parquet or db}")
    if output_format == "json":
        write_json(figures, sys.stdout)
    elif output_format == "csv":
        write_csv(_actor_csv_rows(figures), ACTOR_CSV_COLUMNS, sys.stdout)
    else:
        console = _console()
        console.print(Text(f"{figures['code']} ({', '.join(figures['names'])}): {figures['event_count']} "
                           f"events in {figures['cluster_count']} clusters", style="bold"))
        for table in _actor_tables(figures):
            console.print(table)


# --- show ---------------------------------------------------------------------------------

SPAN_STYLES = {"trigger": "bold magenta", "source": "cyan", "cue": "green underline"}


def _highlighted_text(analysis: dict[str, Any]):
    """The article text with triggers, sources and cues styled. A rich Text, never parsed
    as markup, so brackets in the article print as they are."""
    from rich.text import Text

    text = Text(analysis["article"]["text"])
    for attribution in analysis["attributions"]:
        if attribution["source"]:
            text.stylize(SPAN_STYLES["source"], attribution["source"]["start"], attribution["source"]["end"])
        text.stylize(SPAN_STYLES["cue"], attribution["cue"]["start"], attribution["cue"]["end"])
    for event in analysis["events"]:
        text.stylize(SPAN_STYLES["trigger"], event["trigger"]["start"], event["trigger"]["end"])
    return text


@main.command()
@click.argument("article_id", metavar="ID")
@db_option
@parquet_option
def show(article_id: str, db: str, parquet: str | None) -> None:
    """One stored article with its evidence: the text with event triggers, sources and
    reporting cues highlighted, then each event with its actors, recipients, date, place,
    factuality and attribution chain (source —cue [stance]→ ...)."""
    from rich.text import Text

    with _open_store(db, parquet=parquet) as store:
        try:
            analysis = store.load_analysis(article_id)
        except ArticleNotFound:
            raise click.ClickException(f"no article {article_id!r} in {parquet or db}") from None
    article = analysis["article"]
    console = _console()
    console.print(Text(article["title"] or "(untitled)", style="bold"))
    console.print(Text(" · ".join(filter(None, (article["outlet"], article["published"], article["url"])))))
    console.print(Text(f"id: {article['id']}"))
    console.print(Text.assemble("highlighted: ", ("event trigger", SPAN_STYLES["trigger"]), ", ",
                                ("source", SPAN_STYLES["source"]), ", ", ("reporting cue", SPAN_STYLES["cue"])))
    console.print()
    console.print(_highlighted_text(analysis))
    console.print()
    attributions = {a["id"]: a for a in analysis["attributions"]}
    console.print(Text(f"{len(analysis['events'])} event{'s' * (len(analysis['events']) != 1)}", style="bold"))
    for event in analysis["events"]:
        heading = f"{event['id']} {event['type']}" + (f"/{event['mode']}" if event["mode"] else "")
        console.print()
        console.print(Text.assemble((heading, "bold"), f"  {event['quad_class']}, CAMEO {event['cameo_root'] or '—'}"
                                    f", confidence {event.get('confidence', 0):.2f}"))
        factuality = event["factuality"]
        for label, value in (
            ("trigger", f"“{event['trigger']['text']}”"),
            ("actors", "; ".join(map(actor_label, event["actors"])) or "—"),
            ("recipients", "; ".join(map(actor_label, event["recipients"])) or "—"),
            ("date", date_label(event["date"])),
            ("place", place_label(event["location"])),
            ("factuality", factuality_label(**factuality) + f" (score {factuality['score']:+g}, "
                           f"{factuality['polarity']}, {factuality['certainty']})"),
            ("source", attribution_chain(attributions, event["attribution"])),
        ):
            console.print(Text.assemble(f"  {label:<11}", value))


# --- export -------------------------------------------------------------------------------

@main.command()
@db_option
@parquet_option
@click.option("--format", "output_format", type=click.Choice(("jsonl", "parquet", "csv")), required=True,
              help="jsonl: article-output/1 objects; parquet: one flat row per event; csv: GDELT-like.")
@click.option("-o", "--output", metavar="FILE",
              help="Where to write (default: standard output; required for parquet).")
def export(db: str, parquet: str | None, output_format: str, output: str | None) -> None:
    """Write the store out.

    \b
    jsonl    one article-output/1 object per article (the `analyze` output; validates
             against schema/article-output.schema.json)
    parquet  one flat row per event: the event, its first actor and recipient (actor1_*,
             actor2_*) and all of them (actors, recipients), date, place, factuality,
             attribution chain and the article's outlet, url, title and publication date
    csv      one row per event, GDELT-like columns, then ours:
             date, actor1_code, actor1_name, event_type, event_mode, cameo_root,
             quad_class, actor2_code, actor2_name, location_name, country, lat, lon,
             outlet, url, polarity, certainty, hypothetical, factuality_score,
             attribution_chain (sources, outermost first, "A > B"), attribution_stance,
             article_id, event_id, trigger
    """
    from .export import write_event_csv, write_jsonl, write_parquet

    if output_format == "parquet" and not output:
        raise click.UsageError("--format parquet needs -o FILE")
    with _open_store(db, parquet=parquet) as store:
        if output_format == "parquet":
            count = write_parquet(store, output)
        else:
            with click.open_file(output or "-", "w", encoding="utf-8") as out:
                if output_format == "jsonl":
                    count = write_jsonl(store, out)
                else:
                    count = write_event_csv(store.events(), out)
    if output:
        noun = "articles" if output_format == "jsonl" else "events"
        click.echo(f"wrote {count} {noun} to {output}", err=True)


# --- serve --------------------------------------------------------------------------------

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@main.command()
@db_option
@parquet_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default serves this machine only.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
def serve(db: str, parquet: str | None, host: str, port: int) -> None:
    """Serve the web UI and JSON API over the store (read-only).

    \b
    pages   /events (filter, sort, page), /articles/ID (the text with its evidence),
            /actors/CODE, /map
    API     /api/events, /api/articles/ID, /api/places; described at /openapi.json

    The store is opened read-only for each request, so an ingest can write it between
    requests; while an ingest holds the file, requests get 503 (retry when it is done).
    """
    import uvicorn

    from .web import create_app, store_opener

    opener = (lambda: Store.open_parquet(parquet)) if parquet else store_opener(db)
    _open_store(db, parquet=parquet).close()  # fail now, not at the first request, on a missing or foreign store
    if host not in LOCAL_HOSTS:
        click.echo(f"warning: serving on {host}: other machines can read the whole store", err=True)
    click.echo(f"newsgraph serving {parquet or db} at http://{host}:{port}/ (Ctrl+C stops)", err=True)
    uvicorn.run(create_app(opener), host=host, port=port, log_level="warning")


@main.command(name="eval")
@click.argument("task", type=click.Choice(sorted(TASKS)))
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--pred", "predictions", type=click.Path(exists=True, dir_okay=False), metavar="FILE",
              help="Score this article-output JSONL instead of running the pipeline.")
@click.option("--save-predictions", type=click.Path(dir_okay=False, writable=True), metavar="FILE",
              help="Keep the pipeline's output, e.g. to score it with a reference scorer too.")
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="Only the first N gold records.")
@click.option("--json", "as_json", is_flag=True, help="Also print all metrics as one JSON object.")
def evaluate(task: str, gold: str, predictions: str | None, save_predictions: str | None,
             limit: int | None, as_json: bool) -> None:
    """Score newsgraph against a gold-standard file.

    Runs the pipeline over the texts of GOLD (the gold annotations unseen) and prints the
    metrics defined for TASK, with the command line that reproduces them:

    \b
    attribution  PolNeAR: cue / source / content, exact, overlap and token P/R/F1
    factuality   UW / MEANTIME: MAE, Pearson r, coverage (per corpus)
    events       PLOVER: type micro/macro F1, actor and recipient code accuracy
    time         TempEval-3: strict / relaxed / value / type P/R/F1
    places       GeoWebNews: recognition P/R/F1, accuracy within 161 km, AUC

    The metric definitions are those of the gold data's READMEs; the figures equal
    those of the reference scorers on the same predictions (see --save-predictions).
    """
    metrics = run_evaluation(task, gold, predictions_path=predictions, limit=limit,
                             save_predictions=save_predictions)
    for line in evaluation_report(task, metrics):
        click.echo(line)
    command = ["newsgraph", "eval", task, gold]
    command += ["--pred", predictions] if predictions else []
    command += ["--limit", str(limit)] if limit else []
    click.echo("reproduce: " + " ".join(command))
    if as_json:
        click.echo(json.dumps(metrics, sort_keys=True))


# --- bench --------------------------------------------------------------------------------

QUICK_SIZES = {"articles": 16, "memory_articles": 40, "ingest_articles": 8, "events": 10_000,
               "spark_articles": 8}


@main.command()
@click.option("--articles", type=click.IntRange(min=1), default=500, show_default=True, metavar="N",
              help="Articles timed for throughput (ours and bare spaCy on the same texts).")
@click.option("--memory-articles", type=click.IntRange(min=1), default=10_000, show_default=True,
              metavar="N", help="Articles in the streamed run whose peak memory is sampled.")
@click.option("--ingest-articles", type=click.IntRange(min=1), default=200, show_default=True,
              metavar="N", help="Articles analysed and stored for the ingest rate.")
@click.option("--events", "n_events", type=click.IntRange(min=1), default=1_000_000, show_default=True,
              metavar="N", help="Synthetic events for query latency (the issue's scale: 10000000).")
@click.option("--spark-articles", type=click.IntRange(min=1), default=200, show_default=True, metavar="N",
              help="Articles ingested by the Spark engine under each --spark-master.")
@click.option("--spark-master", "spark_masters", multiple=True, default=("local[1]", "local[2]"),
              show_default=True, metavar="URL", help="A Spark master to time (repeatable).")
@click.option("--skip", multiple=True, type=click.Choice(("throughput", "memory", "ingest", "spark", "queries")),
              help="Leave a part out (repeatable).")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, writable=True), metavar="FILE",
              help="Also write every figure as JSON.")
@click.option("--quick", is_flag=True, help="Tiny sizes: a seconds-long smoke run (overrides the sizes).")
@click.option("--corpus", type=click.Path(exists=True, path_type=Path), metavar="PATH",
              help="Time throughput on these articles (a file or directory `analyze` reads) instead of "
                   "generated ones; the first 8 warm up, the next --articles are timed.")
@click.option("--tmp", type=click.Path(file_okay=False, exists=True), metavar="DIR",
              help="Where the temporary store files go (default: the system's temporary folder).")
def bench(articles: int, memory_articles: int, ingest_articles: int, n_events: int,
          spark_articles: int, spark_masters: tuple[str, ...], skip: tuple[str, ...], json_path: str | None,
          quick: bool, corpus: Path | None, tmp: str | None) -> None:
    """Measure newsgraph: throughput against bare spaCy, peak memory of a streamed run, ingest
    rate, Spark scaling (local[1] vs local[2]) and query latency over synthetic events.
    Prints a markdown table; nothing passes or fails. The corpus is generated (news-style
    articles from templates, dense in actors and events), the same every run; --corpus times
    throughput on real articles instead.

    \b
    newsgraph bench                          # the default sizes (several minutes)
    newsgraph bench --events 10000000        # query latency at the issue's scale
    newsgraph bench --corpus news.jsonl --articles 200 --skip memory --skip ingest
    newsgraph bench --quick --json bench.json
    """
    from .bench import markdown, read_corpus, run_benchmarks

    sizes = dict(articles=articles, memory_articles=memory_articles,
                 ingest_articles=ingest_articles, events=n_events, spark_articles=spark_articles)
    if quick:
        sizes = dict(QUICK_SIZES)
    texts = None
    if corpus is not None and "throughput" not in skip:
        try:
            texts = read_corpus(corpus)
        except ValueError as error:
            raise click.UsageError(str(error)) from None
    result = run_benchmarks(**sizes, spark_masters=spark_masters, skip=skip,
                            directory=Path(tmp) if tmp else None, corpus=texts,
                            corpus_name=corpus.name if texts else "generated",
                            progress=lambda part: click.echo(f"running {part} ...", err=True))
    click.echo(markdown(result))
    machine = result["machine"]
    click.echo(f"\nmachine: {machine['cpus']} CPUs, {machine['memory_gb']} GB, {machine['processor']}, "
               f"Python {machine['python']}, {machine['system']}; taken {result['taken']}")
    if json_path:
        Path(json_path).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        click.echo(f"wrote {json_path}", err=True)
