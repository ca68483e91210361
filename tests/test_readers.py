"""Readers: every format, the txt title rule, inputs of every kind, ids, dates, and rejects."""

from __future__ import annotations

import io
import json
import sys

import pytest

from newsgraph import readers
from newsgraph.model import Article, Reject, article_id_for
from newsgraph.readers import normalize_date, read_inputs, split_title

PAGE = """<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>Ministers meet in Ankara | The Anatolian Ledger</title>
<meta property="og:site_name" content="The Anatolian Ledger">
<meta property="og:title" content="Ministers meet in Ankara">
<meta property="article:published_time" content="2024-02-20T08:00:00Z">
<link rel="canonical" href="https://ledger.example/2024/02/20/ankara">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Ministers meet in Ankara</h1>
<p>The foreign ministers of Turkey and Greece met in Ankara on Tuesday and agreed to hold
regular talks on migration and energy, officials said.</p>
<p>Greece's minister said the two countries would open a new border crossing next year if
both parliaments approved the plan.</p>
</article>
<footer><p>Subscribe to our newsletter</p></footer>
</body></html>
"""


def read(*inputs: str, published: str | None = None) -> list[Article | Reject]:
    return list(read_inputs([str(i) for i in inputs], published=published))


def write(path, content: str | bytes):
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def jsonl(*records) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def kinds(items) -> list[str]:
    return [type(item).__name__ for item in items]


# --- txt -----------------------------------------------------------------------------------

def test_txt_first_line_before_blank_line_is_the_title(tmp_path):
    body = "Iran and Iraq signed a gas deal.\n\n  Second paragraph, indented.\n"
    path = write(tmp_path / "a.txt", "Gas deal signed in Baghdad\n\n" + body)
    [article] = read(path)
    assert article.title == "Gas deal signed in Baghdad"
    assert article.text == body
    assert article.origin == str(path)
    assert article.published is None


def test_txt_without_blank_line_is_all_body(tmp_path):
    content = "Gas deal signed in Baghdad\nIran and Iraq signed a gas deal.\n"
    [article] = read(write(tmp_path / "a.txt", content))
    assert article.title is None
    assert article.text == content


def test_txt_lead_sentence_is_not_a_title(tmp_path):
    content = "Iran and Iraq signed a gas deal in Baghdad on Sunday.\n\nThe deal runs ten years.\n"
    [article] = read(write(tmp_path / "a.txt", content))
    assert article.title is None
    assert article.text == content


def test_txt_title_rule_with_windows_line_endings(tmp_path):
    [article] = read(write(tmp_path / "a.txt", "Talks in Oslo\r\n\r\nThe talks ended.\r\n"))
    assert (article.title, article.text) == ("Talks in Oslo", "The talks ended.\r\n")


@pytest.mark.parametrize(("content", "title", "body"), [
    ("Headline\n\nBody.", "Headline", "Body."),
    ("Headline\n \t\nBody.", "Headline", "Body."),
    ("\n\nBody.", None, "\n\nBody."),
    ("Headline\n\n\n", None, "Headline\n\n\n"),
    ("Headline\nBody.\n\nMore.", None, "Headline\nBody.\n\nMore."),
    ("x" * 201 + "\n\nBody.", None, "x" * 201 + "\n\nBody."),
])
def test_split_title(content, title, body):
    assert split_title(content) == (title, body)


def test_txt_text_is_unchanged_byte_for_byte(tmp_path):
    content = "  Leading spaces,\ttabs,  double  spaces\u00a0and no final newline"
    [article] = read(write(tmp_path / "a.txt", content))
    assert article.text == content


# --- html ----------------------------------------------------------------------------------

def test_html_main_text_and_metadata(tmp_path):
    [article] = read(write(tmp_path / "page.html", PAGE))
    assert article.title == "Ministers meet in Ankara"
    assert article.published == "2024-02-20"
    assert article.outlet == "The Anatolian Ledger"
    assert article.url == "https://ledger.example/2024/02/20/ankara"
    assert article.text.startswith("The foreign ministers of Turkey and Greece met in Ankara")
    assert "both parliaments approved the plan." in article.text
    for furniture in ("Ministers meet in Ankara\n", "Home", "Subscribe"):
        assert furniture not in article.text


def test_html_without_main_text_is_rejected(tmp_path):
    [reject] = read(write(tmp_path / "empty.htm", "<html><body><img src='map.png'></body></html>"))
    assert reject == Reject(origin=str(tmp_path / "empty.htm"),
                            reason="no main text found in the HTML page")


# --- jsonl and csv -------------------------------------------------------------------------

def test_jsonl_fields(tmp_path):
    path = write(tmp_path / "d.jsonl", jsonl(
        {"id": "a1", "text": " Body one. ", "title": "One", "published": "2024-03-01T10:00:00Z",
         "url": "https://x.example/1", "outlet": "Wire"},
        {"text": "Body two.", "id": 17},
    ))
    first, second = read(path)
    assert first == Article(text=" Body one. ", id="a1", title="One", published="2024-03-01",
                            outlet="Wire", url="https://x.example/1", origin=f"{path}:1")
    assert (second.id, second.title, second.origin) == ("17", None, f"{path}:2")


def test_csv_fields_and_multiline_text(tmp_path):
    path = write(tmp_path / "d.csv",
                 'id,title,text,published,outlet,url\n'
                 'c1,First,"Line one,\nline ""two"".",14 March 2024,Desk,https://d.example/1\n'
                 ',,Second body.,,,\n')
    first, second = read(path)
    assert first == Article(text='Line one,\nline "two".', id="c1", title="First",
                            published="2024-03-14", outlet="Desk", url="https://d.example/1",
                            origin=f"{path}:2")
    assert second.id == article_id_for("Second body.")
    assert (second.title, second.outlet, second.url, second.origin) == (None, None, None,
                                                                        f"{path}:4")


def test_csv_without_text_column_is_rejected(tmp_path):
    path = write(tmp_path / "d.csv", "id,body\n1,Hello.\n")
    assert read(path) == [Reject(origin=str(path), reason="CSV header has no 'text' column")]


# --- ids and dates -------------------------------------------------------------------------

def test_missing_id_is_the_hash_of_the_normalized_text(tmp_path):
    path = write(tmp_path / "d.jsonl", jsonl(
        {"text": "Talks  resumed in\nGeneva."},
        {"text": " Talks resumed in Geneva. ", "id": ""},
        {"text": "Talks resumed in Geneva.", "id": "given"},
    ))
    first, second, third = read(path)
    assert first.id == second.id == article_id_for("Talks resumed in Geneva.")
    assert third.id == "given"


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-03-15", "2024-03-15"),
    ("2024-03-15T23:10:00+01:00", "2024-03-15"),
    ("2024-03-15T10:00:00Z", "2024-03-15"),
    ("Fri, 15 Mar 2024 10:00:00 +0000", "2024-03-15"),
    ("March 15, 2024", "2024-03-15"),
    ("15 March 2024", "2024-03-15"),
    ("2024/03/15", "2024-03-15"),
    ("last Tuesday", None),
    ("2024-13-40", None),
    ("", None),
    (20240315, None),
    (None, None),
])
def test_normalize_date(value, expected):
    assert normalize_date(value) == expected


def test_published_default_fills_only_missing_dates(tmp_path):
    path = write(tmp_path / "d.jsonl", jsonl(
        {"text": "A.", "published": "2024-01-02"},
        {"text": "B."},
        {"text": "C.", "published": "sometime in spring"},
    ))
    txt = write(tmp_path / "e.txt", "D.")
    dates = [a.published for a in read(path, txt, published="2024-03-15")]
    assert dates == ["2024-01-02", "2024-03-15", "2024-03-15", "2024-03-15"]


def test_published_default_must_be_a_date():
    with pytest.raises(ValueError, match="not a date"):
        read_inputs(["whatever.txt"], published="yesterday")


# --- directories, globs, stdin -------------------------------------------------------------

def test_directory_is_read_recursively_in_sorted_order_by_extension(tmp_path):
    write(tmp_path / "b.txt", "B.")
    write(tmp_path / "README.md", "not an article")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "c.jsonl", jsonl({"text": "C1."}, {"text": "C2."}))
    write(tmp_path / "a.TXT", "A.")
    write(tmp_path / "sub" / "notes.docx", b"PK\x03\x04")
    assert [a.text for a in read(tmp_path)] == ["A.", "B.", "C1.", "C2."]


def test_glob_is_expanded_in_sorted_order(tmp_path):
    for name in ("y.txt", "x.txt", "z.csv"):
        write(tmp_path / name, "text\nZ.\n" if name.endswith(".csv") else name)
    assert [a.text for a in read(tmp_path / "*.txt")] == ["x.txt", "y.txt"]
    assert [a.text for a in read(tmp_path / "**" / "*")] == ["x.txt", "y.txt", "Z."]


def test_glob_without_matches_is_rejected(tmp_path):
    pattern = str(tmp_path / "*.jsonl")
    assert read(pattern) == [Reject(origin=pattern, reason="no files match this pattern")]


def stdin_of(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_text_is_one_txt_article(monkeypatch):
    stdin_of(monkeypatch, "Summit in Nairobi\n\nLeaders met in Nairobi.\n".encode())
    [article] = read("-")
    assert (article.title, article.text, article.origin) == (
        "Summit in Nairobi", "Leaders met in Nairobi.\n", "<stdin>")


def test_stdin_starting_with_a_json_object_is_jsonl(monkeypatch):
    stdin_of(monkeypatch, ("\n" + jsonl({"id": "s1", "text": "One."}, "[1]",
                                        {"text": "Two."})).encode())
    first, reject, second = read("-")
    assert (first.id, first.origin) == ("s1", "<stdin>:2")
    assert reject == Reject(origin="<stdin>:3", reason="JSON line is an array, not an object")
    assert (second.text, second.origin) == ("Two.", "<stdin>:4")


def test_stdin_json_that_is_not_an_object_is_text(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO('["a list"]\n'))
    [article] = read("-")
    assert article.text == '["a list"]\n'


# --- bad input -----------------------------------------------------------------------------

def test_bad_files_are_rejected_and_reading_goes_on(tmp_path):
    good_a = write(tmp_path / "a.txt", "First good article.")
    paths = [
        good_a,
        write(tmp_path / "empty.txt", ""),
        write(tmp_path / "blank.txt", " \n\t\n"),
        write(tmp_path / "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        write(tmp_path / "latin1.txt", "Caf\u00e9 in Bogot\u00e1.".encode("latin-1")),
        tmp_path / "missing.txt",
        write(tmp_path / "notes.md", "# Notes"),
        write(tmp_path / "z.txt", "Last good article."),
    ]
    items = read(*paths)
    assert kinds(items) == ["Article"] + ["Reject"] * 6 + ["Article"]
    assert [items[0].text, items[-1].text] == ["First good article.", "Last good article."]
    assert [(r.origin, r.reason) for r in items[1:-1]] == [
        (str(paths[1]), "empty text (only whitespace)"),
        (str(paths[2]), "empty text (only whitespace)"),
        (str(paths[3]), "binary file (contains NUL bytes)"),
        (str(paths[4]), "not UTF-8 text (byte 0xe9 at offset 3)"),
        (str(paths[5]), "no such file or directory"),
        (str(paths[6]), "unsupported file type '.md' (expected one of .txt, .html, .htm, "
                        ".jsonl, .csv)"),
    ]


def test_bad_jsonl_lines_are_rejected_and_reading_goes_on(tmp_path):
    lines = [
        json.dumps({"id": "ok1", "text": "Good one."}),
        '{"id": "broken", "text": "no closing brace"',
        '{"id": "comma", "text": "two commas",, "title": "T"}',
        json.dumps("just a string"),
        json.dumps({"id": "no-text", "title": "Headline only"}),
        json.dumps({"id": "blank", "text": "  \n "}),
        json.dumps({"id": "number", "text": 42}),
        "",
        json.dumps({"id": "ok2", "text": "Good two."}),
    ]
    data = "\n".join(lines).encode() + b"\n" + b'{"id": "latin", "text": "Caf\xe9"}\n'
    path = write(tmp_path / "d.jsonl", data)
    items = read(path)
    assert [(type(i).__name__, i.id, i.origin) for i in items] == [
        ("Article", "ok1", f"{path}:1"),
        ("Reject", None, f"{path}:2"),
        ("Reject", None, f"{path}:3"),
        ("Reject", None, f"{path}:4"),
        ("Reject", "no-text", f"{path}:5"),
        ("Reject", "blank", f"{path}:6"),
        ("Reject", "number", f"{path}:7"),
        ("Article", "ok2", f"{path}:9"),
        ("Reject", None, f"{path}:10"),
    ]
    assert [r.reason for r in items if isinstance(r, Reject)] == [
        "malformed JSON: Expecting ',' delimiter (at end of line)",
        "malformed JSON: Expecting property name enclosed in double quotes (at character 38)",
        "JSON line is a string, not an object",
        "no text",
        "empty text (only whitespace)",
        "'text' is a number, not a string",
        "not UTF-8 text (byte 0xe9 at offset 28)",
    ]


def test_bad_csv_rows_are_rejected_and_reading_goes_on(tmp_path):
    data = ("id,text\n"
            "r1,Good one.\n"
            "r2,\n"
            "r3\n"
            "r4,   \n").encode() + b"r5,Caf\xe9\n" + b"r6,Good two.\n"
    path = write(tmp_path / "d.csv", data)
    items = read(path)
    assert [(type(i).__name__, i.id, i.origin) for i in items] == [
        ("Article", "r1", f"{path}:2"),
        ("Reject", "r2", f"{path}:3"),
        ("Reject", "r3", f"{path}:4"),
        ("Reject", "r4", f"{path}:5"),
        ("Reject", "r5", f"{path}:6"),
        ("Article", "r6", f"{path}:7"),
    ]
    assert [r.reason for r in items if isinstance(r, Reject)] == [
        "no text", "no text", "empty text (only whitespace)", "not UTF-8 text"]


def test_binary_jsonl_file_is_rejected_whole(tmp_path):
    path = write(tmp_path / "d.jsonl", b'{"text": "a"}\n\x00\x01\x02')
    assert read(path) == [Reject(origin=str(path), reason="binary file (contains NUL bytes)")]


def test_size_limit_bounds_every_kind_of_record(tmp_path):
    txt = write(tmp_path / "a.txt", "x" * 60)
    huge_txt = write(tmp_path / "b.txt", "x" * 61)
    lines = write(tmp_path / "d.jsonl", jsonl({"text": "y" * 40}, {"text": "z" * 100},
                                              {"text": "ok"}))
    rows = write(tmp_path / "d.csv", "text\n" + "w" * 70 + '\n"multi\n' + "v" * 70 + '"\nfine\n')
    items = list(read_inputs([str(p) for p in (txt, huge_txt, lines, rows)], max_bytes=60))
    limit = "over the size limit of 60 bytes (--max-bytes)"
    assert [getattr(i, "reason", i.__class__.__name__) for i in items] == [
        "Article",
        f"file is 61 bytes, {limit}",
        "Article",
        f"line is {limit}",
        "Article",
        f"row is {limit}",
        f"row is {limit}",
        "Article",
    ]
    assert [i.origin for i in items[3:]] == [f"{lines}:2", f"{lines}:3", f"{rows}:2",
                                             f"{rows}:3", f"{rows}:5"]


def test_size_limit_must_be_positive():
    with pytest.raises(ValueError, match="positive"):
        read_inputs(["whatever.txt"], max_bytes=0)


def test_csv_field_limit_is_restored(tmp_path):
    import csv

    before = csv.field_size_limit()
    read(write(tmp_path / "d.csv", "text\nHello.\n"))
    assert csv.field_size_limit() == before
