"""Readers: files, directories, globs and stdin in; Articles (or Rejects) out.
(Skeleton: the readers' owner replaces this with the real readers.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .model import Article, Reject


def read_inputs(inputs: list[str], published: str | None = None) -> Iterator[Article | Reject]:
    """Every article in ``inputs`` in order; ``published`` fills in a missing date."""
    for name in inputs:
        text = Path(name).read_text(encoding="utf-8")
        yield Article(text=text, published=published, origin=name)
