"""Joins the offline Whisper model into its cache folder ahead of its first use (e.g. at
install, or when building a Lambda image) and prints that folder:

    python -m functions.transcription.prepare_model [folder]     # default: APP_WHISPER_MODEL_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from functions.settings import get_settings
from functions.transcription.whisper_model import ensure_model


def main(argv: list[str]) -> None:
    target = Path(argv[0]) if argv else get_settings().whisper_model_dir
    print(ensure_model(target))


if __name__ == "__main__":
    main(sys.argv[1:])
