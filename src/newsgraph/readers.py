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

Bad input never stops the run: each of these gives a :class:`~newsgraph.model.Reject`
whose ``origin`` is ``path`` or ``path:line`` and reading goes on with the next record — a
missing file, a binary file (NUL bytes), bytes that are not UTF-8, a malformed JSONL line or
a non-object JSON line, a CSV row that does not parse (an unbalanced quote, text after a
closing quote, more fields than the header), a record without text or with only whitespace,
a JSON string with a lone surrogate escape (``"\\ud800"``, which UTF-8 cannot hold), a
record over the size limit, and a text that is not English (:func:`check_english`).

Size limit
    ``max_bytes`` (``--max-bytes``, default :data:`DEFAULT_MAX_BYTES`) bounds one record: a
    txt or HTML file, standard input, a JSONL line, a CSV row. A file over it is rejected by
    its size before it is opened; a line or row over it is rejected after reading at most
    ``max_bytes`` + 1 bytes of it, and the rest is skipped in chunks, never held whole. A
    text is never longer in characters than its record in bytes, so the limit bounds what
    the parser gets too.

CSV rows
    A row ends at a line break outside double quotes. A row that does not parse is rejected
    on its first line, and reading resumes on the line after that one, so an unbalanced
    quote costs its own row and no good row after it.
"""

from __future__ import annotations

import csv
import glob
import io
import itertools
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import IO, Any

from .model import Article, Reject

DEFAULT_MAX_BYTES = 1_000_000
"""Default size limit of one record: spaCy's default ``nlp.max_length`` (its guard on the
parser's memory) in bytes; a news article is rarely over 50 kB."""
MAX_TITLE_CHARS = 200

# the language rule (check_english): judged on texts of at least ENGLISH_MIN_WORDS words
ENGLISH_MIN_WORDS = 20
ENGLISH_MIN_STOP_SHARE = 0.12  # English news: 0.2-0.45 of words are stop words; es/de/fr < 0.08
WORD = re.compile(r"[^\W\d_]+")
SURROGATE = re.compile("[\ud800-\udfff]")  # JSON can escape one ("\\ud800"); UTF-8 cannot hold it

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


def read_inputs(inputs: list[str], published: str | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Reject]:
    """Every article in ``inputs`` in order; ``published`` fills in a missing date;
    ``max_bytes`` is the size limit of one record (see the module docstring).

    Raises ``ValueError`` at once (not when iterated) when ``published`` is not a date.
    """
    default = normalize_date(published) if published else None
    if published and default is None:
        raise ValueError(f"not a date: {published!r} (expected YYYY-MM-DD)")
    if max_bytes < 1:
        raise ValueError(f"the size limit must be a positive number of bytes, not {max_bytes}")
    return _read_all(inputs, default, max_bytes)


def _read_all(inputs: Iterable[str], published: str | None,
              max_bytes: int) -> Iterator[Article | Reject]:
    for name in inputs:
        if name == STDIN:
            yield from read_stdin(published, max_bytes)
            continue
        for path_or_reject in expand_input(name):
            if isinstance(path_or_reject, Reject):
                yield path_or_reject
            else:
                yield from read_file(path_or_reject, published, max_bytes)


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
            yield Reject(origin=printable(name), reason="no files match this pattern")
        for match in matches:
            match_path = Path(match)
            if match_path.is_dir():
                yield from directory_files(match_path)
            else:
                yield match_path
    else:
        yield Reject(origin=printable(name), reason="no such file or directory")


def directory_files(directory: Path) -> list[Path]:
    """Files under ``directory`` (recursively) with a readable extension, sorted."""
    return sorted(p for p in directory.rglob("*")
                  if p.is_file() and p.suffix.lower() in SUFFIXES)


def read_file(path: Path, published: str | None = None,
              max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Reject]:
    """The articles in one file, chosen by its extension."""
    origin = printable(str(path))
    suffix = path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES + CSV_SUFFIXES:
            with path.open("rb") as stream:
                reject_binary(stream.peek(8192))
                if suffix in JSONL_SUFFIXES:
                    yield from read_jsonl(iter_lines(stream, max_bytes), origin, published,
                                          max_bytes)
                else:
                    yield from read_csv(stream, origin, published, max_bytes)
            return
        if suffix not in SUFFIXES:
            raise InputError(f"unsupported file type {suffix or '(none)'!r} "
                             f"(expected one of {', '.join(SUFFIXES)})")
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"file is {size:,} bytes, {over_limit(max_bytes)}")
        with path.open("rb") as stream:  # read no more than the limit, whatever stat said
            data = stream.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise InputError(f"file is {over_limit(max_bytes)}")
        if suffix in HTML_SUFFIXES:
            yield article_from_html(data, origin, published)
        else:
            yield article_from_txt(data, origin, published)
    except InputError as error:
        yield Reject(origin=origin, reason=str(error))
    except OSError as error:
        yield Reject(origin=origin, reason=f"cannot read: {error.strerror or error}")


def read_stdin(published: str | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Reject]:
    """Standard input: JSON Lines when its first non-blank line is a JSON object, else txt."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # a text-only stand-in for stdin (tests, embedding)
        stream = io.BytesIO(sys.stdin.read().encode("utf-8", "surrogateescape"))
    head: list[bytes] = []
    size = 0
    for line in iter(lambda: stream.readline(max_bytes + 1), b""):
        head.append(line)
        size += len(line)
        if line.strip() or size > max_bytes:
            break
    if head and looks_like_json_object(head[-1]):
        yield from read_jsonl(itertools.chain(head, iter_lines(stream, max_bytes)), STDIN_ORIGIN,
                              published, max_bytes)
        return
    buffered = b"".join(head)
    data = buffered + stream.read(max(0, max_bytes + 1 - len(buffered)))
    try:
        if len(data) > max_bytes:
            raise InputError(f"standard input is {over_limit(max_bytes)}")
        yield article_from_txt(data, STDIN_ORIGIN, published)
    except InputError as error:
        yield Reject(origin=STDIN_ORIGIN, reason=str(error))


def over_limit(max_bytes: int) -> str:
    """The end of every size-limit reason."""
    return f"over the size limit of {max_bytes:,} bytes (--max-bytes)"


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

def iter_lines(stream: IO[bytes], max_bytes: int) -> Iterator[bytes]:
    """Lines of a binary stream, each cut at ``max_bytes`` + 1 bytes (the rest skipped)."""
    while line := stream.readline(max_bytes + 1):
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while (rest := stream.readline(max_bytes)) and not rest.endswith(b"\n"):
                pass
        yield line


def read_jsonl(lines: Iterable[bytes], origin: str, published: str | None,
               max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Reject]:
    """One article per JSON object line; each bad line is one Reject."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        record: Any = None
        try:
            if len(line) > max_bytes:
                raise InputError(f"line is {over_limit(max_bytes)}")
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


def read_csv(stream: IO[bytes], origin: str, published: str | None,
             max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Reject]:
    """One article per row under a header row that names a ``text`` column; blank rows
    skipped. ``stream`` must be seekable: a row that does not parse is read again from its
    second line (see "CSV rows" in the module docstring)."""
    header: list[str] | None = None
    lines_done = 0
    while True:
        start = stream.tell()
        first_line = lines_done + 1
        row = CsvRow()
        while not row.complete and (chunk := stream.readline(max_bytes + 1)):
            row.add(chunk, max_bytes)
            lines_done += chunk.endswith(b"\n")
        if not row.size:
            if header is None:
                yield Reject(origin=origin, reason="empty CSV file (no header row)")
            return
        cells: list[str] = []
        try:
            try:
                if row.size > max_bytes and row.state != row.QUOTED:
                    raise InputError(f"row is {over_limit(max_bytes)}")
                cells = row.cells(with_bom=start == 0)
            except MalformedRow:
                if row.first_line_bytes < row.size:  # read on from the row's second line
                    stream.seek(start + row.first_line_bytes)
                    lines_done = first_line
                raise
            if not cells:
                continue
            if header is None:
                header = [cell.strip() for cell in cells]
                if "text" not in header:
                    yield Reject(origin=origin, reason="CSV header has no 'text' column")
                    return
                continue
            if any(has_undecodable(cell) for cell in cells):
                raise InputError("not UTF-8 text")
            if len(cells) > len(header):
                raise InputError(f"row has {len(cells)} fields, the header {len(header)} "
                                 "(a comma outside quotes?)")
            yield article_from_record(dict(zip(header, cells)), f"{origin}:{first_line}",
                                      published)
        except InputError as error:
            if header is None:
                yield Reject(origin=origin, reason=f"bad CSV header: {error}")
                return
            yield Reject(origin=f"{origin}:{first_line}", reason=str(error),
                         id=record_id(dict(zip(header, cells))))


class MalformedRow(InputError):
    """A CSV row whose quotes or delimiters do not parse."""


class CsvRow:
    """The lines of one CSV row, read up to the line break that ends it outside quotes.

    Quotes are tracked as the csv module reads them: a double quote opens a quoted field only
    at the start of a field, and ``""`` inside one is an escaped quote. Past the size limit
    the lines are scanned but not kept.
    """

    START, PLAIN, QUOTED = "start", "plain", "quoted"  # where the next byte falls
    COMMA_OR_BREAK = re.compile(rb"[,\n]")

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.size = 0
        self.first_line_bytes = 0
        self.lines = 0
        self.state = self.START
        self.complete = False

    def add(self, chunk: bytes, max_bytes: int) -> None:
        if not self.lines:
            self.first_line_bytes += len(chunk)
        self.lines += chunk.endswith(b"\n")
        self.size += len(chunk)
        if self.size <= max_bytes:
            self.chunks.append(chunk)
        self.state = self._scan(chunk, self.state)
        self.complete = chunk.endswith(b"\n") and self.state != self.QUOTED

    @classmethod
    def _scan(cls, chunk: bytes, state: str) -> str:
        pos = 0
        while pos < len(chunk):
            if state == cls.QUOTED:
                quote = chunk.find(b'"', pos)
                if quote < 0:
                    return state
                if chunk[quote + 1:quote + 2] == b'"':
                    pos = quote + 2
                else:
                    state, pos = cls.PLAIN, quote + 1
            elif state == cls.START and chunk[pos:pos + 1] == b'"':
                state, pos = cls.QUOTED, pos + 1
            else:
                end = cls.COMMA_OR_BREAK.search(chunk, pos)
                if end is None:
                    return cls.PLAIN
                state, pos = cls.START, end.end()
        return state

    def cells(self, with_bom: bool) -> list[str]:
        """The row's fields, bytes that are not UTF-8 kept as surrogate escapes
        (:func:`has_undecodable`); MalformedRow when it is not well-formed CSV."""
        if self.state == self.QUOTED:
            raise MalformedRow("malformed CSV row: a quote is never closed")
        data = b"".join(self.chunks)
        text = (data.removeprefix(b"\xef\xbb\xbf") if with_bom else data).decode(
            "utf-8", "surrogateescape")
        limit = csv.field_size_limit(len(text) + 1)
        try:
            return next(csv.reader([text], strict=True), [])
        except csv.Error as error:
            raise MalformedRow(f"malformed CSV row: {error}") from None
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
    """An Article, after the checks every format shares (blank text, language)."""
    if not text.strip():
        raise InputError("empty text (only whitespace)")
    for name, value in {"text": text, **fields}.items():
        if isinstance(value, str) and (surrogate := SURROGATE.search(value)):
            raise InputError(f"not Unicode text: {name!r} holds a lone surrogate "
                             f"\\u{ord(surrogate.group()):04x} at character {surrogate.start()}")
    check_english(text)
    return Article(text=text, origin=origin, **fields)


def check_english(text: str) -> None:
    """InputError when ``text`` is plainly not English (newsgraph's parser and lexicons are
    English only): when most of its letters are not Latin, or when it has at least
    :data:`ENGLISH_MIN_WORDS` words of which fewer than :data:`ENGLISH_MIN_STOP_SHARE` are
    English stop words ("the", "of", "said"...; spaCy's list). Shorter texts pass."""
    letters = [char for char in text if char.isalpha()]
    other = [char for char in letters
             if not char.isascii() and not unicodedata.name(char, "").startswith("LATIN")]
    if len(letters) >= ENGLISH_MIN_WORDS and len(other) * 2 > len(letters):
        scripts = Counter(unicodedata.name(char, "?").split()[0] for char in other)
        raise InputError(f"not English: {len(other)} of {len(letters)} letters are not Latin "
                         f"(mostly {scripts.most_common(1)[0][0]})")
    words = [word.lower() for word in WORD.findall(text)]
    if len(words) < ENGLISH_MIN_WORDS:
        return
    from spacy.lang.en.stop_words import STOP_WORDS  # imports spaCy; only needed here

    share = sum(word in STOP_WORDS for word in words) / len(words)
    if share < ENGLISH_MIN_STOP_SHARE:
        raise InputError(f"not English: {share:.0%} of its {len(words)} words are English "
                         f"function words (at least {ENGLISH_MIN_STOP_SHARE:.0%} expected)")


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
    """A record's ``id`` as a printable string; ``None`` when it has none."""
    if isinstance(record, dict) and record.get("id") not in (None, ""):
        return printable(str(record["id"]))
    return None


def printable(name: str) -> str:
    """``name`` with lone surrogates (undecodable bytes of a file name, a JSON escape) written
    as ``\\udcxx``, so that it can be stored and printed in a Reject."""
    return name.encode("utf-8", "backslashreplace").decode("utf-8")


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

