"""Where the candidate page's HTML comes from: the built web app's index.html."""

from __future__ import annotations

from typing import Protocol


class PageShell(Protocol):
    def html(self) -> str | None:
        """The web app's index.html, or None when there is none (the app is not built)."""
        ...
