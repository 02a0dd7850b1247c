"""`python -m layers`: builds (or finds cached) every layer and prints its unzipped size."""

from __future__ import annotations

from layers import deps, ffmpeg
from layers.platform import unzipped_size


def main() -> None:
    builds = (
        ("deps", deps.build),
        ("pyav", deps.build_pyav),
        ("encoder", deps.build_encoder),
        ("reports", deps.build_reports),
        ("ffmpeg", ffmpeg.build),
    )
    for name, build in builds:
        path = build()
        print(f"{name:8} {unzipped_size(path) / 1e6:7.1f} MB  {path}")
    for pin in deps.local_only_pins():
        print(f"local only (not deployed): {pin}")


if __name__ == "__main__":
    main()
