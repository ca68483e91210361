"""Running the reference scorers of ../shared/eval and comparing their figures with ours,
for the agreement tests of the events, time and places scorers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
needs_shared = pytest.mark.skipif(not (SHARED / "eval").exists(), reason="../shared is not checked out")


def reference_metrics(scorer: str, gold_path: Path, predictions: list[dict], tmp_path: Path,
                      *options: str) -> dict:
    """The JSON metrics line of ``shared/eval/<scorer>`` run on ``predictions``."""
    pred_path = tmp_path / "pred.jsonl"
    pred_path.write_text("".join(json.dumps(p) + "\n" for p in predictions), encoding="utf-8")
    out = subprocess.run([sys.executable, str(SHARED / "eval" / scorer), str(gold_path), str(pred_path),
                          "--json", *options], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def differences(ours, reference, digits: int | None = None, path: str = "") -> list[str]:
    """Where ``ours`` disagrees with every figure of ``reference`` (recursively): numbers
    equal (floats after rounding to ``digits`` when the reference rounds), the rest identical.
    Dict keys are compared as JSON writes them."""
    if isinstance(reference, dict):
        if not isinstance(ours, dict):
            return [path]
        ours = {str(key) if key is not None else "null": value for key, value in ours.items()}
        return [d for key, value in reference.items()
                for d in differences(ours.get(key, KeyError), value, digits, f"{path}/{key}")]
    if isinstance(reference, float) and isinstance(ours, (int, float)) and not isinstance(ours, bool):
        ours = round(ours, digits) if digits is not None else ours
        return [] if ours == pytest.approx(reference, abs=1e-12) else [f"{path}: {ours} != {reference}"]
    return [] if ours == reference else [f"{path}: {ours!r} != {reference!r}"]
