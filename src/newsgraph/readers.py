"""Readers: files, directories, globs and stdin in; Articles (or Rejects) out.

Inputs
    A file is read by its extension (case-insensitive): ``.txt``, ``.html``/``.htm``,
    ``.jsonl``, ``.csv``; a named file with any other extension is rejected. A directory is
    searched recursively for files with those extensions, in sorted path order (anything else
    in it, such as a README.md, is skipped). A name with glob characters that is not itself a
    path is expanded (``**`` recurses), matches in sorted order. ``-`` is standard input.

Formats
    ``.txt``   one article. When the first line is a *title line* and a blank line follows
               it, that line (stripped) is the title and ``text`` is everything after the
               blank line; otherwise the whole file is ``text``. A title line is non-blank,
               at most :data:`MAX_TITLE_CHARS` long and does not end with a full stop, so a
               one-line lead paragraph stays in the body. ``text`` is the file's content
               unchanged (line endings and spacing included; only a UTF-8 byte-order mark
               is dropped).
    ``.html``  one article: main text, title, date, site name and URL extracted by
               trafilatura; ``text`` is trafilatura's extracted text less a first line that
               repeats the title. The page's own charset declaration decides its encoding.
    ``.jsonl`` one JSON object per line with fields ``id, text, title, published, url,
               outlet``; only ``text`` is required. Blank lines are skipped.
    ``.csv``   a header row naming the same fields (only ``text`` required), one article a
               row. JSONL and CSV texts are taken unchanged.
    stdin      JSON Lines when its first non-blank line is a JSON object, else one ``.txt``
               article.

Every date is normalized to ``YYYY-MM-DD`` (:func:`normalize_date`); one that does not parse
counts as missing, and a missing date takes the ``published`` default. An article without an
id gets the hash of its normalized text (see :class:`~newsgraph.model.Article`).

Bad input never stops the run: a missing file, a binary file, bytes that are not UTF-8, a
malformed JSONL line, a non-object JSON line, a record without text or with only whitespace,
a text over :data:`MAX_ARTICLE_CHARS` (spaCy's default limit) each give a
:class:`~newsgraph.model.Reject` whose ``origin`` is ``path`` or ``path:line``, and reading
goes on with the next record. No more than :data:`MAX_RECORD_BYTES` of one record is ever
held in memory.
"""

from __future__ import annotations

import csv
import glob
import io
import itertools
import json
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path, PurePosixPath
from typing import IO, Any

from .model import Article, Reject

MAX_ARTICLE_CHARS = 1_000_000
"""Longest text accepted (spaCy's default ``nlp.max_length``)."""
MAX_RECORD_BYTES = 8 * MAX_ARTICLE_CHARS
"""Most bytes read for one record (a txt file, an HTML page, a JSONL line): room for
MAX_ARTICLE_CHARS of UTF-8 text with JSON escapes or HTML markup around it."""
MAX_TITLE_CHARS = 200

TXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl",)
CSV_SUFFIXES = (".csv",)
SUFFIXES = TXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + CSV_SUFFIXES
STDIN = "-"
STDIN_ORIGIN = "<stdin>"

# strptime formats tried after ISO 8601 and RFC 2822
DATE_FORMATS = ("%Y/%m/%d", "%d.%m.%Y", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y")
# first line, its line break, a blank line, its line break; the body is what follows
TITLE_BLOCK = re.compile(r"\A([^\r\n]*)(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)")


class InputError(Exception):
    """Why one record or file cannot become an article; its message is the reject reason."""


def read_inputs(inputs: list[str], published: str | None = None) -> Iterator[Article | Reject]:
    """Every article in ``inputs`` in order; ``published`` fills in a missing date.

    Raises ``ValueError`` at once (not when iterated) when ``published`` is not a date.
    """
    default = normalize_date(published) if published else None
    if published and default is None:
        raise ValueError(f"not a date: {published!r} (expected YYYY-MM-DD)")
    return _read_all(inputs, default)


def _read_all(inputs: Iterable[str], published: str | None) -> Iterator[Article | Reject]:
    for name in inputs:
        if name == STDIN:
            yield from read_stdin(published)
            continue
        for path_or_reject in expand_input(name):
            if isinstance(path_or_reject, Reject):
                yield path_or_reject
            else:
                yield from read_file(path_or_reject, published)


def expand_input(name: str) -> Iterator[Path | Reject]:
    """The files one command-line input names: itself, a directory's files or glob matches."""
    path = Path(name)
    if path.is_dir():
        yield from directory_files(path)
    elif path.exists():
        yield path
    elif glob.has_magic(name):
        matches = sorted(glob.glob(name, recursive=True))
        if not matches:
            yield Reject(origin=name, reason="no files match this pattern")
        for match in matches:
            match_path = Path(match)
            if match_path.is_dir():
                yield from directory_files(match_path)
            else:
                yield match_path
    else:
        yield Reject(origin=name, reason="no such file or directory")


def directory_files(directory: Path) -> list[Path]:
    """Files under ``directory`` (recursively) with a readable extension, sorted."""
    return sorted(p for p in directory.rglob("*")
                  if p.is_file() and p.suffix.lower() in SUFFIXES)


def read_file(path: Path, published: str | None = None) -> Iterator[Article | Reject]:
    """The articles in one file, chosen by its extension."""
    origin = str(path)
    suffix = path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES + CSV_SUFFIXES:
            with path.open("rb") as stream:
                yield from read_records(stream, origin, suffix, published)
            return
        check_suffix(suffix)
        size = path.stat().st_size
        if size > MAX_RECORD_BYTES:
            raise InputError(f"file is {size:,} bytes, over the limit of {MAX_RECORD_BYTES:,}")
        data = path.read_bytes()
    except InputError as error:
        yield Reject(origin=origin, reason=str(error))
        return
    except OSError as error:
        yield Reject(origin=origin, reason=f"cannot read: {error.strerror or error}")
        return
    yield from read_content(data, origin, published)


def read_content(data: bytes, origin: str, published: str | None = None) -> Iterator[Article | Reject]:
    """The articles in the bytes of one file named ``origin``, chosen by its extension as
    :func:`read_file` does: for engines that fetch the files themselves (Spark)."""
    suffix = PurePosixPath(origin).suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES + CSV_SUFFIXES:
            yield from read_records(io.BufferedReader(io.BytesIO(data)), origin, suffix, published)
            return
        check_suffix(suffix)
        if len(data) > MAX_RECORD_BYTES:
            raise InputError(f"file is {len(data):,} bytes, over the limit of {MAX_RECORD_BYTES:,}")
        if suffix in HTML_SUFFIXES:
            yield article_from_html(data, origin, published)
        else:
            yield article_from_txt(data, origin, published)
    except InputError as error:
        yield Reject(origin=origin, reason=str(error))


def read_records(stream: IO[bytes], origin: str, suffix: str,
                 published: str | None) -> Iterator[Article | Reject]:
    """The records of a JSONL or CSV stream (``suffix`` says which); InputError for a
    binary file."""
    reject_binary(stream.peek(8192))
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(iter_lines(stream), origin, published)
    else:
        yield from read_csv(stream, origin, published)


def check_suffix(suffix: str) -> None:
    if suffix not in SUFFIXES:
        raise InputError(f"unsupported file type {suffix or '(none)'!r} "
                         f"(expected one of {', '.join(SUFFIXES)})")


def read_stdin(published: str | None = None) -> Iterator[Article | Reject]:
    """Standard input: JSON Lines when its first non-blank line is a JSON object, else txt."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # a text-only stand-in for stdin (tests, embedding)
        stream = io.BytesIO(sys.stdin.read().encode("utf-8", "surrogateescape"))
    head: list[bytes] = []
    for line in iter(lambda: stream.readline(MAX_RECORD_BYTES + 1), b""):
        head.append(line)
        if line.strip():
            break
    if head and looks_like_json_object(head[-1]):
        yield from read_jsonl(itertools.chain(head, iter_lines(stream)), STDIN_ORIGIN, published)
        return
    buffered = b"".join(head)
    data = buffered + stream.read(max(0, MAX_RECORD_BYTES + 1 - len(buffered)))
    try:
        if len(data) > MAX_RECORD_BYTES:
            raise InputError(f"standard input is over the limit of {MAX_RECORD_BYTES:,} bytes")
        yield article_from_txt(data, STDIN_ORIGIN, published)
    except InputError as error:
        yield Reject(origin=STDIN_ORIGIN, reason=str(error))


def looks_like_json_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


# --- one article per file ------------------------------------------------------------------

def article_from_txt(data: bytes, origin: str, published: str | None) -> Article:
    """A plain-text article; the title rule is in the module docstring."""
    content = decode_utf8(data)
    title, text = split_title(content)
    return make_article(text, origin, published=published, title=title)


def split_title(content: str) -> tuple[str | None, str]:
    """``(title, body)`` by the txt title rule; ``(None, content)`` when there is no title."""
    match = TITLE_BLOCK.match(content)
    if not match:
        return None, content
    first, body = match.group(1).strip(), content[match.end():]
    if not first or len(first) > MAX_TITLE_CHARS or first.endswith(".") or not body.strip():
        return None, content
    return first, body


def article_from_html(data: bytes, origin: str, published: str | None) -> Article:
    """Main text and metadata of a web page, by trafilatura.

    trafilatura's text often repeats the headline as its first line; that line is dropped,
    so that ``text`` is the body, as for the other formats.
    """
    import trafilatura  # slow to import; only HTML input needs it

    reject_binary(data)
    document = trafilatura.bare_extraction(
        data, with_metadata=True, include_comments=False, include_tables=False)
    text = (document.text or "") if document else ""
    title = document.title if document else None
    if title:
        first, newline, rest = text.partition("\n")
        if newline and first.strip() == title.strip():
            text = rest
    if not text.strip():
        raise InputError("no main text found in the HTML page")
    return make_article(
        text, origin,
        published=normalize_date(document.date) or published,
        title=title,
        outlet=document.sitename or document.hostname,
        url=document.url,
    )


# --- many articles per file ----------------------------------------------------------------

def iter_lines(stream: IO[bytes]) -> Iterator[bytes]:
    """Lines of a binary stream, each cut at MAX_RECORD_BYTES + 1 bytes (the rest skipped)."""
    while line := stream.readline(MAX_RECORD_BYTES + 1):
        if len(line) > MAX_RECORD_BYTES and not line.endswith(b"\n"):
            while (rest := stream.readline(MAX_RECORD_BYTES)) and not rest.endswith(b"\n"):
                pass
        yield line


def read_jsonl(lines: Iterable[bytes], origin: str,
               published: str | None) -> Iterator[Article | Reject]:
    """One article per JSON object line; each bad line is one Reject."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        record: Any = None
        try:
            if len(line) > MAX_RECORD_BYTES:
                raise InputError(f"line is over the limit of {MAX_RECORD_BYTES:,} bytes")
            text = decode_utf8(line.removeprefix(b"\xef\xbb\xbf") if number == 1 else line)
            record = parse_json_line(text.rstrip("\r\n"))
            if not isinstance(record, dict):
                raise InputError(f"JSON line is {json_kind(record)}, not an object")
            yield article_from_record(record, where, published)
        except InputError as error:
            yield Reject(origin=where, reason=str(error), id=record_id(record))


def parse_json_line(line: str) -> Any:
    try:
        return json.loads(line)
    except json.JSONDecodeError as error:
        where = "end of line" if error.pos >= len(line) else f"character {error.pos + 1}"
        raise InputError(f"malformed JSON: {error.msg} (at {where})") from None


def read_csv(stream: IO[bytes], origin: str, published: str | None) -> Iterator[Article | Reject]:
    """One article per row under a header row that names a ``text`` column; blank rows skipped."""
    reader = csv.reader(io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape",
                                         newline=""))
    header: list[str] | None = None
    while True:
        where = f"{origin}:{reader.line_num + 1}"
        row: dict[str, str] | None = None
        try:
            try:
                cells = next_csv_row(reader)
            except StopIteration:
                if header is None:
                    yield Reject(origin=origin, reason="empty CSV file (no header row)")
                return
            except csv.Error as error:
                raise InputError(f"malformed CSV row: {error}") from None
            if not cells:
                continue
            if header is None:
                header = [cell.strip() for cell in cells]
                if "text" not in header:
                    yield Reject(origin=origin, reason="CSV header has no 'text' column")
                    return
                continue
            row = dict(zip(header, cells))
            if any(has_undecodable(cell) for cell in cells):
                raise InputError("not UTF-8 text")
            yield article_from_record(row, where, published)
        except InputError as error:
            yield Reject(origin=where, reason=str(error), id=record_id(row))


def next_csv_row(reader) -> list[str]:
    """The reader's next row, with the csv field limit raised to MAX_ARTICLE_CHARS (+1, so
    that a longer text is caught by the length check) for just this call."""
    limit = csv.field_size_limit(MAX_ARTICLE_CHARS + 1)
    try:
        return next(reader)
    finally:
        csv.field_size_limit(limit)


def article_from_record(record: dict[str, Any], origin: str, published: str | None) -> Article:
    """An article from a JSONL object or CSV row (fields ``id, text, title, published, url,
    outlet``)."""
    text = record.get("text")
    if text is None or text == "":
        raise InputError("no text")
    if not isinstance(text, str):
        raise InputError(f"'text' is {json_kind(text)}, not a string")
    return make_article(
        text, origin,
        id=record_id(record) or "",
        published=normalize_date(record.get("published")) or published,
        title=optional_str(record.get("title")),
        outlet=optional_str(record.get("outlet")),
        url=optional_str(record.get("url")),
    )


# --- shared checks -------------------------------------------------------------------------

def make_article(text: str, origin: str, **fields: Any) -> Article:
    """An Article, after the checks every format shares (blank text, length)."""
    if not text.strip():
        raise InputError("empty text (only whitespace)")
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError(f"text is {len(text):,} characters, over the limit of "
                         f"{MAX_ARTICLE_CHARS:,}")
    return Article(text=text, origin=origin, **fields)


def decode_utf8(data: bytes) -> str:
    """UTF-8 text (a leading byte-order mark dropped), or InputError for binary/other bytes."""
    reject_binary(data)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"not UTF-8 text (byte 0x{data[error.start]:02x} at offset "
                         f"{error.start})") from None


def reject_binary(data: bytes) -> None:
    """InputError when ``data`` holds NUL bytes, which no text file does."""
    if b"\x00" in data:
        raise InputError("binary file (contains NUL bytes)")


def has_undecodable(text: str) -> bool:
    """Whether ``text`` holds bytes that 'surrogateescape' decoding could not read as UTF-8."""
    return any("\udc80" <= char <= "\udcff" for char in text)


def record_id(record: Any) -> str | None:
    if isinstance(record, dict) and record.get("id") not in (None, ""):
        return str(record["id"])
    return None


def optional_str(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return str(value)


def json_kind(value: Any) -> str:
    kinds = {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
             int: "a number", float: "a number", type(None): "null"}
    return kinds.get(type(value), type(value).__name__)


def normalize_date(value: Any) -> str | None:
    """``YYYY-MM-DD`` for an ISO 8601 date or datetime, an RFC 2822 date or one of
    :data:`DATE_FORMATS`; ``None`` for anything else."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        return datetime.fromisoformat(value).date().isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    for form in DATE_FORMATS:
        try:
            return datetime.strptime(value, form).date().isoformat()
        except ValueError:
            continue
    return None

