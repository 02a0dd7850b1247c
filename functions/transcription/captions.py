"""WebVTT captions and the merged transcript of an answer, from timestamped segments."""

from __future__ import annotations

from functions.transcription.ports import Segment, Transcript

MAX_CUE_CHARS = 84  # two lines of about 42 characters, the common caption guideline


def timestamp(seconds: float) -> str:
    millis = round(max(seconds, 0.0) * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def webvtt(segments: list[Segment]) -> str:
    lines = ["WEBVTT", ""]
    for number, segment in enumerate(s for s in segments if s.text.strip()):
        text = segment.text.strip().replace("-->", "->")
        end = max(segment.end, segment.start + 0.2)
        lines += [str(number + 1), f"{timestamp(segment.start)} --> {timestamp(end)}"]
        lines += [*_wrap(text), ""]
    return "\n".join(lines)


def _wrap(text: str) -> list[str]:
    if len(text) <= MAX_CUE_CHARS // 2:
        return [text]
    words = text.split()
    half = len(text) // 2
    first: list[str] = []
    for word in words:
        if len(" ".join([*first, word])) > half and first:
            break
        first.append(word)
    return [" ".join(first), " ".join(words[len(first) :])]


def merge(parts: list[tuple[float, Transcript]]) -> Transcript:
    """Join the transcripts of consecutive audio parts (offset, transcript) into one; the
    language is the one spoken longest."""
    if not parts:
        raise ValueError("nothing to merge")
    segments: list[Segment] = []
    spoken: dict[str, float] = {}
    for offset, part in sorted(parts, key=lambda p: p[0]):
        segments += part.shifted(offset)
        heard = sum(s.end - s.start for s in part.segments) or 0.001
        spoken[part.language] = spoken.get(part.language, 0.0) + heard
    language = max(spoken, key=lambda name: spoken[name])
    first = parts[0][1]
    probabilities = [p.language_probability for _, p in parts if p.language == language]
    known = [p for p in probabilities if p is not None]
    return Transcript(
        language=language,
        language_probability=min(known) if known else None,
        text=" ".join(s.text.strip() for s in segments if s.text.strip()),
        segments=segments,
        duration_seconds=max(o + p.duration_seconds for o, p in parts),
        provider=first.provider,
        model=first.model,
    )
