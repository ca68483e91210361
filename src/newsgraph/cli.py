"""The `newsgraph` command line."""

from __future__ import annotations

import json
import sys

import click

from . import __version__
from .model import Reject

EXIT_REJECTS = 3


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsgraph")
def main() -> None:
    """newsgraph: sourced event data from news reports."""


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--published", metavar="YYYY-MM-DD", help="Reference date for inputs that carry none.")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
              help="Where to write JSON Lines (default: standard output).")
def analyze(inputs: tuple[str, ...], published: str | None, output) -> None:
    """Analyse articles and write one article-output/1 JSON object per line."""
    from .pipeline import analyze_many
    from .readers import read_inputs

    rejects: list[Reject] = []

    def articles():
        for item in read_inputs(list(inputs), published=published):
            if isinstance(item, Reject):
                rejects.append(item)
                click.echo(f"rejected {item.origin}: {item.reason}", err=True)
            else:
                yield item

    for analysis in analyze_many(articles()):
        output.write(json.dumps(analysis.to_dict(), ensure_ascii=False) + "\n")
    if rejects:
        sys.exit(EXIT_REJECTS)
