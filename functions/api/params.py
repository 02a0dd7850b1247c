"""Path parameters every router shares."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

from functions.domain.text import SINGLE_LINE_PATTERN

# An id in a path becomes part of a DynamoDB key (sort keys hold at most 1,024 bytes): bounded,
# one line, so a made-up id is a 422 naming it or a 404, never a refused key.
ResourceId = Annotated[str, Path(min_length=1, max_length=128, pattern=SINGLE_LINE_PATTERN)]
