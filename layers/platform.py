"""The Lambda platform the layers target and the shared build machinery (wheelhouse, hashing)."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename

REPO_ROOT = Path(__file__).resolve().parents[1]
BUILD_DIR = REPO_ROOT / "layers" / "build"
WHEELHOUSE = BUILD_DIR / "wheelhouse"

# Lambda's python3.12 runtime: Amazon Linux 2023 (glibc 2.34) on Graviton (arm64).
PYTHON_VERSION = "3.12"
ARCH = "aarch64"
GLIBC_MINOR = 34
# pip does not widen `--platform manylinux_2_34_aarch64` to older manylinux tags, so every tag
# the runtime accepts is listed: manylinux_2_34 ... manylinux_2_17 and the manylinux2014 alias.
PLATFORM_TAGS = (
    *(f"manylinux_2_{minor}_{ARCH}" for minor in range(GLIBC_MINOR, 16, -1)),
    f"manylinux2014_{ARCH}",
)
# The environment markers of that runtime (uv export emits markers for every platform).
MARKER_ENVIRONMENT = {
    "python_version": PYTHON_VERSION,
    "python_full_version": f"{PYTHON_VERSION}.0",
    "implementation_name": "cpython",
    "implementation_version": f"{PYTHON_VERSION}.0",
    "platform_python_implementation": "CPython",
    "sys_platform": "linux",
    "platform_system": "Linux",
    "platform_machine": ARCH,
    "os_name": "posix",
    "platform_release": "",
    "platform_version": "",
    "extra": "",
}

# Lambda's quota: a function's code plus all its layers, unzipped.
LAMBDA_UNZIPPED_LIMIT_BYTES = 250 * 1024 * 1024


class LayerBuildError(RuntimeError):
    pass


@dataclass(frozen=True)
class Pin:
    name: str  # canonical
    version: str

    def __str__(self) -> str:
        return f"{self.name}=={self.version}"


def tool(name: str) -> str:
    """uv / pip: from the environment, else the Makefile's tools venv, else PATH."""
    override = os.environ.get(f"LAYERS_{name.upper()}")
    candidates = [override] if override else []
    candidates += [str(REPO_ROOT / ".local" / "tools" / "bin" / name), shutil.which(name) or ""]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return candidate
    raise LayerBuildError(f"{name} not found (set LAYERS_{name.upper()} or run `make install`)")


def run(*args: str) -> str:
    result = subprocess.run(args, capture_output=True, text=True, check=False, cwd=REPO_ROOT)  # noqa: S603
    if result.returncode != 0:
        raise LayerBuildError(f"{' '.join(args[:3])} ... failed:\n{result.stderr[-4000:]}")
    return result.stdout


def runtime_pins(prune: Iterable[str] = ()) -> list[Pin]:
    """`[project].dependencies` as uv.lock pins them, for the Lambda runtime's markers."""
    args = ["export", "--frozen", "--no-hashes", "--no-default-groups", "--no-emit-project"]
    args += ["--no-header", "--no-annotate"]
    for name in prune:
        args += ["--prune", name]
    pins = []
    for line in run(tool("uv"), *args).splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        requirement = Requirement(line)
        if requirement.marker and not requirement.marker.evaluate(MARKER_ENVIRONMENT):
            continue
        (spec,) = requirement.specifier
        pins.append(Pin(canonicalize_name(requirement.name), spec.version))
    return sorted(pins, key=lambda pin: pin.name)


def _wheels_on_hand() -> dict[Pin, Path]:
    found: dict[Pin, Path] = {}
    for wheel in WHEELHOUSE.glob("*.whl"):
        name, version, _, _ = parse_wheel_filename(wheel.name)
        found[Pin(canonicalize_name(name), str(version))] = wheel
    return found


def platform_args() -> list[str]:
    args = ["--only-binary=:all:", "--python-version", PYTHON_VERSION, "--implementation", "cp"]
    for tag in PLATFORM_TAGS:
        args += ["--platform", tag]
    return args


def wheels(pins: Iterable[Pin]) -> dict[Pin, Path]:
    """The Lambda-platform wheel of each pin, downloading only those not in the wheelhouse."""
    pins = list(pins)
    WHEELHOUSE.mkdir(parents=True, exist_ok=True)
    missing = [str(pin) for pin in pins if pin not in _wheels_on_hand()]
    if missing:
        pip = tool("pip")
        run(pip, "download", "--no-deps", "--disable-pip-version-check", "--quiet",
            "--dest", str(WHEELHOUSE), *platform_args(), *missing)  # fmt: skip
    on_hand = _wheels_on_hand()
    absent = [str(pin) for pin in pins if pin not in on_hand]
    if absent:
        raise LayerBuildError(f"no {ARCH} wheel for: {', '.join(absent)}")
    return {pin: on_hand[pin] for pin in pins}


def _sources() -> list[Path]:
    """This package's Python files, not the builds' (layers/build holds the layers' installed
    packages: hashing them changed the key once a layer was built, so every synthesis built
    the layers again, and walking it while another process built one failed)."""
    package = Path(__file__).parent
    found = list(package.glob("*.py"))
    for folder in package.iterdir():
        if folder.is_dir() and folder != BUILD_DIR:
            found += folder.rglob("*.py")
    return sorted(found)


def fingerprint(*parts: str) -> str:
    """Hash of what a build depends on: its inputs and this package's source."""
    digest = hashlib.sha256()
    for source in _sources():
        digest.update(source.read_bytes())
    for part in parts:
        digest.update(part.encode())
    return digest.hexdigest()[:16]


def cached_build(layer: str, key: str, build: Callable[[Path], None]) -> Path:
    """layers/build/<layer>-<key>: built once (atomically), older builds of the layer removed."""
    target = BUILD_DIR / f"{layer}-{key}"
    if target.is_dir():
        return target
    BUILD_DIR.mkdir(parents=True, exist_ok=True)
    # One builder at a time per layer (the infra suite's processes synthesize at once): the
    # others wait, then find the build done.
    with (BUILD_DIR / f".{layer}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if target.is_dir():
            return target
        staging = Path(tempfile.mkdtemp(prefix=f".{layer}-", dir=BUILD_DIR))
        try:
            build(staging)
            staging.rename(target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        for stale in BUILD_DIR.glob(f"{layer}-*"):
            if stale != target and stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
    return target


def unzipped_size(path: Path) -> int:
    """Bytes of every file under path: what Lambda counts against its 250 MB."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def log(message: str) -> None:
    print(f"layers: {message}", file=sys.stderr)
