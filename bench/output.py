"""Where a benchmark's report goes: one JSON file under ``--out``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def write_json(out: Path, name: str, report: dict[str, Any], *, ensure_ascii: bool = False) -> Path:
    """Write ``report`` to ``out/<name>.json`` (the folder made if need be); returns its path."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.json"
    path.write_text(json.dumps(report, ensure_ascii=ensure_ascii, indent=1))
    return path
