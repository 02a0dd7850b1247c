"""What the media steps need from the outside: a media tool (FFmpeg) and a blob store (S3)."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from pydantic import BaseModel


class MediaInfo(BaseModel):
    """What a probe finds in a recording."""

    format_name: str
    duration_seconds: float
    video_codec: str | None
    audio_codec: str | None
    width: int | None = None
    height: int | None = None

    @property
    def has_video(self) -> bool:
        return self.video_codec is not None

    @property
    def remuxable(self) -> bool:
        """H.264 video with AAC audio can be copied into MP4 without re-encoding."""
        return self.video_codec in (None, "h264") and self.audio_codec == "aac"


class AudioPart(BaseModel):
    key: str
    offset_seconds: float
    duration_seconds: float


class MediaTool(Protocol):
    def probe(self, source: str) -> MediaInfo: ...

    def verify_decodes(self, source: str) -> None: ...

    def to_mp4(self, source: str, target: Path, *, remux: bool, has_video: bool) -> None: ...

    def to_speech_audio(self, source: str, target: Path) -> None: ...

    def split_audio(self, source: Path, target_dir: Path, part_seconds: int) -> list[Path]: ...

    def cut_speech_audio(
        self, source: str, target: Path, start_seconds: float, duration_seconds: float
    ) -> None: ...

    def poster(self, source: str, target: Path, at_seconds: float) -> None: ...

    def clip(self, source: str, target: Path, start_seconds: float, end_seconds: float) -> None:
        """[start, end) of the recording as an H.264/AAC MP4 (a live answer's clip)."""
        ...

    def thumbnail_strip(
        self, source: str, target: Path, duration_seconds: float, count: int
    ) -> None: ...


class BlobStore(Protocol):
    def url_for_reading(self, key: str) -> str: ...

    def upload_file(self, path: Path, key: str, content_type: str) -> None: ...

    def put_bytes(self, key: str, data: bytes, content_type: str) -> None: ...

    def get_bytes(self, key: str) -> bytes: ...

    def download(self, key: str, path: Path) -> None: ...

    def list_keys(self, prefix: str) -> list[str]: ...
