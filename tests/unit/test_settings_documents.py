""".env.example and the README's configuration table are generated from the settings classes
(`make env-example`): they list every APP_ setting with its default and meaning, agree with each
other, and their defaults read back as the classes' own."""

from __future__ import annotations

import itertools
import os
import re
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from pydantic import BaseModel

from functions.local.settings import LocalPlatformSettings
from functions.settings import Settings
from functions.settings_documents import (
    ENV_EXAMPLE,
    LOCAL_MEANINGS,
    README,
    TABLE_END,
    TABLE_START,
    env_prefix,
    expected_files,
)

CLASSES: list[type[BaseModel]] = [Settings, LocalPlatformSettings]
ASSIGNMENT = re.compile(r"# (APP_[A-Z0-9_]+)=(.*)")


@pytest.fixture(autouse=True)
def _no_app_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("APP_"):
            monkeypatch.delenv(name)


def env_example_rows() -> dict[str, tuple[str, str]]:
    """variable -> (default, meaning) as .env.example writes them: the meaning on the comment
    line before each commented-out assignment."""
    lines = ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
    rows = {}
    for previous, line in itertools.pairwise(lines):
        if match := ASSIGNMENT.fullmatch(line):
            value = shlex.split(match[2])[0] if match[2] else ""
            rows[match[1]] = (value, previous.removeprefix("# "))
    return rows


def readme_rows() -> dict[str, tuple[str, str]]:
    table = README.read_text(encoding="utf-8").split(TABLE_START)[1].split(TABLE_END)[0]
    rows = {}
    for line in table.strip().splitlines()[2:]:
        variable, default, meaning = (c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1])
        rows[variable.strip("`")] = ("" if default == "—" else default.strip("`"), meaning)
    return rows


def class_variables() -> set[str]:
    return {f"{env_prefix(cls)}{name}".upper() for cls in CLASSES for name in cls.model_fields}


def test_committed_files_are_regenerated() -> None:
    stale = [
        path.name
        for path, text in expected_files().items()
        if path.read_text(encoding="utf-8") != text
    ]
    assert not stale, f"the settings changed: run `make env-example` and commit {stale}"


def test_env_example_lists_every_setting_of_the_classes() -> None:
    assert set(env_example_rows()) == class_variables()


def test_readme_table_says_what_env_example_says() -> None:
    assert readme_rows() == env_example_rows()


def test_every_setting_has_a_one_line_meaning() -> None:
    for name, field in Settings.model_fields.items():
        assert field.description, f"Settings.{name} has no Field(description=...)"
        assert "\n" not in field.description
    assert set(LOCAL_MEANINGS) == set(LocalPlatformSettings.model_fields)


def test_the_listed_defaults_read_back_as_the_defaults(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The documented use: uncomment lines of a copy and source it in a shell.
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "".join(
            line.removeprefix("# ") + "\n"
            for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
            if (m := ASSIGNMENT.fullmatch(line)) and m[2]  # an empty default means unset
        )
    )
    sourced = subprocess.run(  # noqa: S603 - bash on a fixed script
        [shutil.which("bash") or "/bin/bash", "-c", "set -a; . ./.env; env -0"],
        cwd=tmp_path,
        env={"PATH": os.environ["PATH"], "TMPDIR": tempfile.gettempdir()},
        capture_output=True,
        check=True,
    ).stdout.decode()
    values = dict(item.split("=", 1) for item in sourced.split("\0") if item.startswith("APP_"))
    assert len(values) > 30
    defaults = [cls().model_dump() for cls in CLASSES]
    repo = Path(__file__).resolve().parents[2]
    monkeypatch.chdir(repo)  # relative paths are the repository's, as under make dev
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    read_back = [cls().model_dump() for cls in CLASSES]
    absolute = {"state_dir", "frontend_dist"}  # written relative to the repository
    for dump in read_back[1:]:
        for key in absolute:
            dump[key] = repo / dump[key]
    assert read_back == defaults
