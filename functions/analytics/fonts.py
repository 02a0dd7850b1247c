"""DejaVu Sans (Latin, Cyrillic, and more) for the PDF reports, from the pinned
rinoh-typeface-dejavusans wheel. Only its TTF files are read: the package's own module imports
rinohtype, which is not installed, so it is located without being imported."""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

PACKAGE = "rinoh_typeface_dejavusans"


@cache
def font_dir() -> Path:
    spec = importlib.util.find_spec(PACKAGE)  # finds the package without running it
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"{PACKAGE} is not installed (pyproject.toml pins it)")
    return Path(next(iter(spec.submodule_search_locations)))


def regular() -> Path:
    return font_dir() / "DejaVuSans.ttf"


def bold() -> Path:
    return font_dir() / "DejaVuSans-Bold.ttf"
