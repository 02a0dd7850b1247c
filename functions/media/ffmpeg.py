"""The media tool: the static FFmpeg binary (the Lambda layer in the cloud, the pinned
imageio-ffmpeg wheel locally) for transcoding, PyAV for probing (the static build has no ffprobe).

Inputs are read straight from a presigned URL, so the original is streamed, never copied to /tmp;
only outputs are written to the invocation's temporary folder, uploaded, then deleted.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

from functions.media.errors import CorruptMedia, NoAudioTrack, NotMedia
from functions.media.ports import MediaInfo
from functions.observability import logger

_STDERR_TAIL = 600


@cache
def bundled_ffmpeg() -> str:
    import imageio_ffmpeg

    return str(imageio_ffmpeg.get_ffmpeg_exe())


class Ffmpeg:
    """`background_nice` and `background_threads`: the niceness and the thread count (0:
    FFmpeg decides) of the runs beside the answer's critical path (video, poster, thumbnails),
    so that where they share a machine's cores with the speech audio, the transcription and
    the score (the local platform), those go first."""

    def __init__(
        self,
        executable: str | None = None,
        timeout_seconds: int = 600,
        background_nice: int = 0,
        background_threads: int = 0,
    ) -> None:
        self._exe = executable or bundled_ffmpeg()
        self._timeout = timeout_seconds
        self._background_nice = background_nice
        # Before the input (its decoder) and before the output (the encoder and filters).
        self._threads = ["-threads", str(background_threads)] if background_threads else []

    # -- probing (PyAV) ----------------------------------------------------------------------

    def probe(self, source: str) -> MediaInfo:
        """Streams, codecs and the duration; demuxes the whole file when the header has no
        duration (browser MediaRecorder WebM), which also finds a truncated container."""
        import av  # PyAV: only the probe needs it (its own layer in the cloud)

        try:
            container = av.open(source, timeout=30)
        except av.error.InvalidDataError as error:
            raise NotMedia(
                "the file is not a recording we can read (no audio or video found in it); "
                "record the answer again"
            ) from error
        except (av.error.FFmpegError, EOFError) as error:
            raise CorruptMedia(
                f"the recording is damaged and cannot be read ({error}); record the answer again"
            ) from error
        try:
            return _describe(container)
        except (av.error.FFmpegError, EOFError) as error:
            raise CorruptMedia(
                f"the recording is damaged and cannot be read ({error}); record the answer again"
            ) from error
        finally:
            container.close()

    def verify_decodes(self, source: str) -> None:
        """Decode the audio to the end: a damaged file fails here, before any work is stored.
        FFmpeg decodes damaged files leniently (exit code 0), so any error it reports counts."""
        problems = self._run(
            ["-i", source, "-map", "0:a:0", "-f", "null", "-"],
            on_error=CorruptMedia,
            what="the recording is damaged and cannot be decoded; record the answer again",
        )
        if problems:
            first = problems.splitlines()[0].split("] ", 1)[-1][:200]
            raise CorruptMedia(f"the recording is damaged ({first}); record the answer again")

    # -- outputs (FFmpeg) --------------------------------------------------------------------

    def to_mp4(self, source: str, target: Path, *, remux: bool, has_video: bool) -> None:
        """H.264/AAC MP4 with the index at the front (plays while downloading); a copy of the
        streams when they already are H.264/AAC."""
        if remux:
            codecs = ["-c", "copy"]
        else:
            video = ["-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p",
                     "-vf", "scale=trunc(iw/2)*2:trunc(ih/2)*2"]  # fmt: skip
            codecs = [*(video if has_video else []), "-c:a", "aac", "-b:a", "128k"]
        maps = ["-map", "0:v:0?", "-map", "0:a:0"]
        self._run([*self._threads, "-i", source, *maps, *codecs, *self._threads,
                   "-movflags", "+faststart", "-y", str(target)],
                  nice=self._background_nice)  # fmt: skip

    def to_speech_audio(self, source: str, target: Path) -> None:
        """16 kHz mono FLAC: what Whisper models listen to, lossless and small."""
        self._run(["-i", source, "-map", "0:a:0", "-vn", "-ac", "1", "-ar", "16000",
                   "-c:a", "flac", "-y", str(target)])  # fmt: skip

    def split_audio(self, source: Path, target_dir: Path, part_seconds: int) -> list[Path]:
        """Cut the speech audio into parts of at most `part_seconds` (under provider limits)."""
        self._run(["-i", str(source), "-f", "segment", "-segment_time", str(part_seconds),
                   "-c:a", "flac", "-reset_timestamps", "1", "-y",
                   str(target_dir / "part-%03d.flac")])  # fmt: skip
        return sorted(target_dir.glob("part-*.flac"))

    def cut_speech_audio(
        self, source: str, target: Path, start_seconds: float, duration_seconds: float
    ) -> None:
        """A stretch of the recording as 16 kHz mono 16-bit WAV (a chunk transcript's fill)."""
        self._run(["-ss", f"{start_seconds:.3f}", "-t", f"{duration_seconds:.3f}", "-i", source,
                   "-map", "0:a:0", "-vn", "-ac", "1", "-ar", "16000", "-c:a", "pcm_s16le",
                   "-y", str(target)])  # fmt: skip

    def clip(self, source: str, target: Path, start_seconds: float, end_seconds: float) -> None:
        """[start, end) re-encoded (frame-accurate cuts; a browser's WebM has few key frames)
        to a faststart H.264/AAC MP4; a recording without video gives an audio-only MP4."""
        video = ["-c:v", "libx264", "-preset", "veryfast", "-crf", "26", "-pix_fmt", "yuv420p",
                 "-vf", "scale=trunc(iw/2)*2:trunc(ih/2)*2"]  # fmt: skip
        self._run(["-ss", f"{start_seconds:.3f}", "-to", f"{end_seconds:.3f}", "-i", source,
                   "-map", "0:v:0?", "-map", "0:a:0", *video, "-c:a", "aac", "-b:a", "96k",
                   "-movflags", "+faststart", "-y", str(target)])  # fmt: skip

    def poster(self, source: str, target: Path, at_seconds: float) -> None:
        self._run([*self._threads, "-i", source, "-ss", f"{at_seconds:.2f}", "-frames:v", "1",
                   "-vf", "scale=-2:360", "-q:v", "4", *self._threads, "-y", str(target)],
                  nice=self._background_nice)  # fmt: skip

    def thumbnail_strip(
        self, source: str, target: Path, duration_seconds: float, count: int
    ) -> None:
        """`count` frames spread over the recording, side by side in one JPEG (a scrub bar)."""
        rate = count / max(duration_seconds, 0.1)
        self._run([*self._threads, "-i", source, "-an",
                   "-vf", f"fps={rate:.6f},scale=160:-2,tile={count}x1",
                   "-frames:v", "1", "-q:v", "5", *self._threads, "-y", str(target)],
                  nice=self._background_nice)  # fmt: skip

    def _run(
        self,
        args: list[str],
        *,
        on_error: type[Exception] = RuntimeError,
        what: str = "FFmpeg failed",
        nice: int = 0,
    ) -> str:
        """Run FFmpeg (at niceness `nice`); its error output (empty when all went well) or
        `on_error`."""
        command = [self._exe, "-hide_banner", "-nostdin", "-loglevel", "error", *args]
        try:
            returncode, stderr = _completed(command, self._timeout, nice)
        except subprocess.TimeoutExpired as error:
            raise on_error(f"{what}: FFmpeg took longer than {self._timeout} s") from error
        if returncode != 0:
            tail = stderr.decode(errors="replace")[-_STDERR_TAIL:].strip()
            logger.warning("ffmpeg failed", extra={"ffmpeg_args": args, "stderr": tail})
            raise on_error(f"{what}: {tail}" if on_error is RuntimeError else what)
        return stderr.decode(errors="replace").strip()


def _completed(command: list[str], timeout: float, nice: int) -> tuple[int, bytes]:
    """The exit code and error output; the process is killed when it outlasts `timeout`.
    The niceness is set on the started process (no preexec_fn: this process has threads)."""
    with subprocess.Popen(  # noqa: S603 - fixed executable, arguments built here
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    ) as process:
        if nice:
            with contextlib.suppress(ProcessLookupError):  # already ended
                os.setpriority(os.PRIO_PROCESS, process.pid, nice)
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise
        return process.returncode, stderr


def _describe(container: Any) -> MediaInfo:
    import av

    video = next(iter(container.streams.video), None)
    audio = next(iter(container.streams.audio), None)
    if video is None and audio is None:
        raise NotMedia("the file has neither audio nor video; record the answer again")
    if audio is None:
        raise NoAudioTrack(
            "the recording has no sound; check that the microphone is allowed and record again"
        )
    duration = container.duration / av.time_base if container.duration else _demuxed(container)
    return MediaInfo(
        format_name=container.format.name,
        duration_seconds=round(duration, 3),
        video_codec=video.codec_context.name if video is not None else None,
        audio_codec=audio.codec_context.name,
        width=video.codec_context.width if video is not None else None,
        height=video.codec_context.height if video is not None else None,
    )


def _demuxed(container: Any) -> float:
    end = 0.0
    for packet in container.demux():
        if packet.pts is None or packet.time_base is None:
            continue
        end = max(end, float((packet.pts + (packet.duration or 0)) * packet.time_base))
    return end
