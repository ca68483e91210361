"""Writing what the store holds: article-output/1 JSON Lines, Parquet, CSV and JSON rows
(events, and the clusters and actor figures of `newsgraph clusters` / `newsgraph actor`).

The flat event row (one per event, from :meth:`Store.events`) is the unit of the Parquet,
CSV and JSON outputs. The CSV keeps GDELT-like columns first, then ours:

``date``                first day of the event's date (else the article's publication date)
``actor1_code``, ``actor1_name``   the first actor (PLOVER actor / CAMEO source)
``event_type``, ``event_mode``     PLOVER type and mode
``cameo_root``, ``quad_class``     CAMEO root code (01..20) and quad class
``actor2_code``, ``actor2_name``   the first recipient (PLOVER recipient / CAMEO target)
``location_name``, ``country``, ``lat``, ``lon``   where (``country`` is ISO3)
``outlet``, ``url``                the article's source outlet and address
``polarity``, ``certainty``, ``hypothetical``, ``factuality_score``   the trigger's factuality
                                   (score on the −3..+3 scale)
``attribution_chain``   who says so, outermost first, e.g. ``Haaretz > a source in Caracas``;
                        empty when the article itself asserts it
``attribution_stance``  the stances along that chain, e.g. ``reports > claims``
``article_id``, ``event_id``, ``trigger``   where the evidence is
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from .store import Store

CSV_COLUMNS = (
    "date", "actor1_code", "actor1_name", "event_type", "event_mode", "cameo_root", "quad_class",
    "actor2_code", "actor2_name", "location_name", "country", "lat", "lon", "outlet", "url",
    "polarity", "certainty", "hypothetical", "factuality_score",
    "attribution_chain", "attribution_stance", "article_id", "event_id", "trigger",
)


def json_value(value: Any) -> Any:
    """A row value as JSON: dates as YYYY-MM-DD."""
    return value.isoformat() if isinstance(value, dt.date) else value


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(map(_csv_cell, value))
    return str(json_value(value))


def write_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str], out: IO[str]) -> int:
    """Rows as CSV with a header of ``columns`` (lists joined by "; "); returns the number
    of rows."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([_csv_cell(row[column]) for column in columns])
        count += 1
    return count


def write_event_csv(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """Event rows as CSV with :data:`CSV_COLUMNS`; returns the number of rows."""
    return write_csv(rows, CSV_COLUMNS, out)


def write_json(rows: list[dict[str, Any]] | dict[str, Any], out: IO[str]) -> int:
    """Rows (event rows with every column, clusters...) or one object as JSON; returns the
    number of rows."""
    if isinstance(rows, dict):
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 1
    json.dump([{k: json_value(v) for k, v in row.items()} for row in rows], out,
              ensure_ascii=False, indent=2)
    out.write("\n")
    return len(rows)


def write_jsonl(store: Store, out: IO[str]) -> int:
    """Every stored article as an article-output/1 object per line; returns the count."""
    count = 0
    for analysis in store.iter_analyses():
        out.write(json.dumps(analysis, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_parquet(store: Store, path: str | Path) -> int:
    """Every event's flat row (all columns of :meth:`Store.events`) as one Parquet table."""
    store.export_events_parquet(path)
    return store.counts()["events"]
