"""The Lambda layers of one stack, each a LayerVersion of a cached build under layers/build/.

A stack asks for the layers its functions need (`layers.get("ffmpeg")`); each is built (or found
in the cache) and declared the first time it is asked for, so a stack without transcoding
functions neither builds nor deploys FFmpeg. Two stacks asking for the same layer share its
asset (same content hash, uploaded once) and each declare their own LayerVersion.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from aws_cdk import AssetHashType
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from layers import deps, ffmpeg

LayerName = Literal["deps", "pyav", "encoder", "reports", "ffmpeg"]

RUNTIME = lambda_.Runtime.PYTHON_3_12
ARCHITECTURE = lambda_.Architecture.ARM_64

BUILDERS: dict[LayerName, tuple[Callable[[], Path], str]] = {
    "deps": (deps.build, "[project].dependencies from uv.lock (local-only packages excluded)"),
    "pyav": (deps.build_pyav, "PyAV with its FFmpeg libraries, for probing uploads"),
    "encoder": (deps.build_encoder, "USE multilingual v3 sentence encoder and numpy, for scoring"),
    "reports": (deps.build_reports, "fpdf2, Pillow, fontTools and DejaVu Sans, for PDF reports"),
    "ffmpeg": (ffmpeg.build, "static FFmpeg at /opt/bin/ffmpeg from the pinned imageio-ffmpeg"),
}
LICENSES: dict[LayerName, str] = {
    "ffmpeg": "GPL-3.0-or-later",
    "pyav": "BSD-3-Clause",
    "encoder": "Apache-2.0 AND BSD-3-Clause",
    "reports": "LGPL-3.0-only AND MIT AND MIT-CMU AND PSF-2.0 AND Bitstream-Vera",
}


def build_path(name: LayerName) -> Path:
    """The layer's build folder (built now if the cache has none for the current pins)."""
    builder, _ = BUILDERS[name]
    return builder()


class PlatformLayers(Construct):
    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        self._layers: dict[LayerName, lambda_.LayerVersion] = {}

    def get(self, name: LayerName) -> lambda_.ILayerVersion:
        if name not in self._layers:
            _, description = BUILDERS[name]
            path = build_path(name)
            self._layers[name] = lambda_.LayerVersion(
                self,
                name,
                # The build folder's name already carries the hash of what it was built from:
                # CDK need not hash 100+ MB again on every synth.
                code=lambda_.Code.from_asset(
                    str(path), asset_hash_type=AssetHashType.CUSTOM, asset_hash=path.name
                ),
                compatible_runtimes=[RUNTIME],
                compatible_architectures=[ARCHITECTURE],
                description=description,
                license=LICENSES.get(name),
            )
        return self._layers[name]
