"""The FFmpeg layer: /opt/bin/ffmpeg (on Lambda's PATH), from the pinned imageio-ffmpeg wheel.

The local platform runs FFmpeg from imageio-ffmpeg's wheel for its own machine; this layer takes
the very same version (uv.lock's pin) in its manylinux aarch64 build. The wheel carries no
ffprobe: probing uses `ffmpeg -i` (or PyAV locally). Licence files travel in share/licenses/.
"""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

from layers.platform import (
    ARCH,
    LayerBuildError,
    Pin,
    cached_build,
    fingerprint,
    log,
    runtime_pins,
    wheels,
)

PACKAGE = "imageio-ffmpeg"
BINARY_PREFIX = f"imageio_ffmpeg/binaries/ffmpeg-linux-{ARCH}-"


def pin() -> Pin:
    for candidate in runtime_pins():
        if candidate.name == PACKAGE:
            return candidate
    raise LayerBuildError(f"{PACKAGE} is not pinned in uv.lock's [project].dependencies")


def _extract(wheel: Path, staging: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        binaries = [n for n in archive.namelist() if n.startswith(BINARY_PREFIX)]
        if len(binaries) != 1:
            raise LayerBuildError(f"{wheel.name}: expected one {BINARY_PREFIX}*, got {binaries}")
        binary = staging / "bin" / "ffmpeg"
        binary.parent.mkdir(parents=True)
        binary.write_bytes(archive.read(binaries[0]))
        binary.chmod(binary.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        licenses = staging / "share" / "licenses" / PACKAGE
        for name in archive.namelist():
            if ".dist-info/licenses/" in name or name.endswith(".dist-info/LICENSE"):
                licenses.mkdir(parents=True, exist_ok=True)
                (licenses / Path(name).name).write_bytes(archive.read(name))


def build() -> Path:
    """layers/build/ffmpeg-<hash>/ (the layer's root: bin/ffmpeg)."""
    wanted = pin()

    def extract(staging: Path) -> None:
        log(f"building the FFmpeg layer from {wanted}")
        _extract(wheels([wanted])[wanted], staging)

    return cached_build("ffmpeg", fingerprint(str(wanted), ARCH), extract)
