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


# What the reports print: Latin (with its extensions, Vietnamese included), Greek, Cyrillic,
# punctuation, currency, arrows and a few symbols. Parsing the whole font (about 6,000
# glyphs) took 60 % of a report's time; a subset of these ranges is made once per process.
UNICODE_RANGES = (
    (0x0020, 0x024F), (0x0250, 0x02FF), (0x0300, 0x036F), (0x0370, 0x03FF), (0x0400, 0x052F),
    (0x1E00, 0x1EFF), (0x2000, 0x206F), (0x20A0, 0x20CF), (0x2100, 0x215F), (0x2190, 0x21FF),
    (0x2212, 0x2212), (0x25A0, 0x25FF),
)  # fmt: skip


@cache
def subset(style: str) -> Path:
    """The style's font ("" regular, "B" bold) cut to UNICODE_RANGES, in the temp folder."""
    import logging
    import tempfile

    from fontTools import subset as cutter

    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # "FFTM NOT subset" etc.

    source = bold() if style == "B" else regular()
    target = Path(tempfile.mkdtemp(prefix="report-fonts-")) / source.name
    options = cutter.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = cutter.load_font(str(source), options)
    worker = cutter.Subsetter(options)
    worker.populate(unicodes=[u for low, high in UNICODE_RANGES for u in range(low, high + 1)])
    worker.subset(font)
    cutter.save_font(font, str(target), options)
    return target
