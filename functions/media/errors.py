"""Why a recording cannot be processed. ASL names each class in `ErrorEquals`: these are final
(no retry) and end as a failed answer whose message the recruiter reads and after which the
candidate may record again. Provider errors (transient) live in functions/transcription/errors.py.
`MediaNotMade` is the exception: the derived video or images are missing, the answer is not.
"""

from __future__ import annotations

from functions.domain.errors import UploadRejected


class MediaRejected(UploadRejected):
    """A recording the pipeline cannot turn into an answer; the message says what to do."""


class NotMedia(MediaRejected):
    """The bytes are not an audio or video file FFmpeg recognises."""


class CorruptMedia(MediaRejected):
    """A media container that cannot be decoded to the end."""


class NoAudioTrack(MediaRejected):
    """A video without sound: nothing to transcribe or score."""


class RecordingTooLong(MediaRejected):
    """Longer than the pipeline accepts for one answer."""


class NoSpeech(MediaRejected):
    """Sound, but no speech was recognised in it."""


class MediaNotMade(Exception):
    """The video or the images could not be made from a recording whose audio is fine. Not a
    recording error: the answer is still transcribed and scored, and the issue is reported on
    it (`media_issues`); the candidate is never asked to record again for it."""
