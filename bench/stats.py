"""Distributions as the bench reports them (n, p50, p95, p99, mean)."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from .store import percentile


def dist(values: Sequence[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50": round(percentile(values, 50), 2),
        "p95": round(percentile(values, 95), 2),
        "p99": round(percentile(values, 99), 2),
        "mean": round(statistics.fmean(values), 2) if values else float("nan"),
    }
