"""Our linguistic knowledge as data files, and the one way to read them."""

from __future__ import annotations

import csv
import tomllib
from importlib import resources


def lexicon_file(*parts: str):
    """A file (or folder) of this package, e.g. ``lexicon_file("events", "agree.toml")``."""
    return resources.files(__name__).joinpath(*parts)


def read_tsv(filename: str) -> list[dict[str, str]]:
    """The rows of a tab-separated lexicon (header line first)."""
    return list(csv.DictReader(lexicon_file(filename).read_text("utf-8").splitlines(), delimiter="\t"))


def read_toml(*parts: str) -> dict:
    """A TOML lexicon, parsed."""
    return tomllib.loads(lexicon_file(*parts).read_text("utf-8"))
