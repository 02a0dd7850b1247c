"""Bins kept in the aggregates, so medians and percentiles come from bounded items.

Durations are whole seconds in logarithmic bins, eight per doubling: bin 0 holds 0 s, bin k
(k >= 1) holds [EDGES[k-1], EDGES[k]) with EDGES[k] = ceil(2 ** (k / 8)). A percentile is read
as its bin's geometric middle: within 5 % of the true value from a minute up (half a bin is
2 ** (1/16) - 1 = 4.4 %; the integer edges widen a few bins a little), within 6.1 % or a
second below. The response also gives the bin's bounds, which hold the true value; the edges
are integers, so which bin a duration falls into is exact. Scores are 0-100 in ten 10-point
bins (90-100 the last).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping

from pydantic import BaseModel

BINS_PER_DOUBLING = 8
_TOP = 40 * BINS_PER_DOUBLING  # 2**40 s: far beyond any interview's life
EDGES: tuple[int, ...] = tuple(
    dict.fromkeys(math.ceil(2 ** (k / BINS_PER_DOUBLING)) for k in range(_TOP + 1))
)
RELATIVE_PRECISION = 0.05  # from 60 s up (0.061 below)


def duration_bin(seconds: int) -> int:
    """0 for 0 s, else k with EDGES[k-1] <= seconds < EDGES[k]."""
    if seconds <= 0:
        return 0
    return bisect.bisect_right(EDGES, seconds)


def bin_bounds(index: int) -> tuple[int, int]:
    """[low, high) of a duration bin in seconds."""
    if index == 0:
        return 0, 1
    return EDGES[index - 1], EDGES[index]


def bin_value(index: int) -> float:
    """The bin's representative: its geometric middle (0 for bin 0)."""
    low, high = bin_bounds(index)
    if low == 0:
        return 0.0
    # Integer edges make the first bins one second wide: their low end is the value.
    return float(low) if high - low <= 1 else math.sqrt(low * high)


def score_bin(score: int) -> int:
    """0-9 -> 0, ..., 80-89 -> 8, 90-100 -> 9."""
    return min(max(score, 0) // 10, 9)


class Percentile(BaseModel):
    seconds: float  # the bin's representative
    low_seconds: int  # the bin holding the true value: [low, high)
    high_seconds: int


def percentile(bins: Mapping[int, int], fraction: float) -> Percentile | None:
    """Nearest rank: the ceil(fraction * n)-th smallest value's bin (the lower median for 0.5)."""
    n = sum(bins.values())
    if n == 0:
        return None
    rank = max(1, math.ceil(fraction * n))
    seen = 0
    for index in sorted(bins):
        seen += bins[index]
        if seen >= rank:
            low, high = bin_bounds(index)
            return Percentile(seconds=bin_value(index), low_seconds=low, high_seconds=high)
    raise AssertionError("unreachable: rank <= n")
