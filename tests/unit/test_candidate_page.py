"""The candidate page (/i/<token>): its shell adapters and its Content-Security-Policy."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from functions.candidates.shells import SiteBucketShell, SiteFolderShell
from functions.candidates.use_cases import candidate_page
from functions.domain.errors import NotFound


class NoSuchKey(Exception):
    pass


class FakeS3:
    """get_object on one bucket, counting reads."""

    class exceptions:  # noqa: N801 - boto3's spelling
        NoSuchKey = NoSuchKey

    def __init__(self) -> None:
        self.objects: dict[tuple[str, str], bytes] = {}
        self.reads = 0

    def get_object(self, *, Bucket: str, Key: str) -> dict[str, Any]:  # noqa: N803
        self.reads += 1
        if (Bucket, Key) not in self.objects:
            raise NoSuchKey(Key)
        return {"Body": io.BytesIO(self.objects[Bucket, Key])}


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Shell:
    def __init__(self, html: str | None) -> None:
        self._html = html

    def html(self) -> str | None:
        return self._html


class NoInterviews:
    def by_token_hash(self, token_hash: str) -> None:
        return None


def test_the_bucket_s_index_is_read_at_most_every_few_minutes() -> None:
    s3, clock = FakeS3(), Clock()
    shell = SiteBucketShell(s3, "site", max_age=300, clock=clock)  # type: ignore[arg-type]
    assert shell.html() is None  # not deployed yet
    s3.objects["site", "index.html"] = b"<p>first"
    clock.now = 299
    assert shell.html() is None and s3.reads == 1  # the absence is cached too
    clock.now = 300
    assert shell.html() == "<p>first"
    s3.objects["site", "index.html"] = "<p>second ✓".encode()
    clock.now = 599
    assert shell.html() == "<p>first" and s3.reads == 2
    clock.now = 600
    assert shell.html() == "<p>second ✓" and s3.reads == 3


def test_the_folder_s_index_is_read_each_time(tmp_path: Path) -> None:
    shell = SiteFolderShell(tmp_path)
    assert shell.html() is None
    (tmp_path / "index.html").write_text("<p>built")
    assert shell.html() == "<p>built"
    assert SiteFolderShell(None).html() is None


def _page(base_csp: str, html: str | None = "<p>app") -> Any:
    return candidate_page(Shell(html), NoInterviews(), None, "unknown", base_csp)  # type: ignore[arg-type]


def test_frame_ancestors_join_the_base_policy_and_replace_any_there() -> None:
    assert _page("").content_security_policy == "frame-ancestors 'self'"
    assert _page("default-src 'self'; ").content_security_policy == (
        "default-src 'self'; frame-ancestors 'self'"
    )
    base = "default-src 'self'; Frame-Ancestors https://anyone.test; object-src 'none'"
    assert _page(base).content_security_policy == (
        "default-src 'self'; object-src 'none'; frame-ancestors 'self'"
    )


def test_no_shell_is_not_found_with_what_to_do() -> None:
    with pytest.raises(NotFound, match="make frontend"):
        _page("", html=None)
