"""`make hooks` in a fresh clone installs Git hooks that stop a commit with a formatting error or
an API change whose docs/openapi.json was not regenerated, and let the fixed commit through.

The clone borrows this checkout's .venv (a symlink) instead of installing its own, so the test
stays offline and fast; `make hooks`' own prerequisites (`install`: uv sync, `frontend-deps`:
npm ci) are the ordinary set-up and are taken as done (make -o), which also leaves the shared
.venv untouched."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GIT = shutil.which("git") or "git"
MAKE = shutil.which("make") or "make"
API_CHANGE = """

@app.get("/hook-probe", operation_id="hookProbe")
def hook_probe() -> dict[str, str]:
    return {}
"""

pytestmark = pytest.mark.skipif(
    not (REPO / ".git").exists() or not (REPO / ".venv" / "bin" / "pre-commit").exists(),
    reason="needs a Git checkout with its .venv (make install)",
)


class Clone:
    def __init__(self, path: Path, home: Path) -> None:
        self.path = path
        # No GIT_* of an enclosing hook or shell: this clone is its own repository.
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        self.env.update(
            PRE_COMMIT_HOME=str(home / "pre-commit"),
            GIT_AUTHOR_NAME="Hook Test",
            GIT_AUTHOR_EMAIL="hooks@example.com",
            GIT_COMMITTER_NAME="Hook Test",
            GIT_COMMITTER_EMAIL="hooks@example.com",
            GIT_CONFIG_GLOBAL=os.devnull,
        )

    def run(
        self, *command: str, check: bool = True, skip: str = ""
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - git, make and our own tools, fixed arguments
            command,
            cwd=self.path,
            env={**self.env, "SKIP": skip},  # pre-commit's list of hook ids not to run
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,  # pre-commit reports on either, depending on the terminal
            text=True,
            check=check,
        )

    def head(self) -> str:
        return self.run(GIT, "rev-parse", "HEAD").stdout.strip()

    def commit(self, *paths: str, skip: str = "") -> subprocess.CompletedProcess[str]:
        self.run(GIT, "add", *paths)
        return self.run(GIT, "commit", "-m", "probe", check=False, skip=skip)


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Clone:
    root = tmp_path_factory.mktemp("hooks")
    path = root / "repo"
    subprocess.run([GIT, "clone", "--quiet", str(REPO), str(path)], check=True)  # noqa: S603
    (path / ".venv").symlink_to((REPO / ".venv").resolve(), target_is_directory=True)
    repo = Clone(path, root)
    installed = repo.run(MAKE, "-o", "install", "-o", "frontend-deps", "hooks")
    assert "pre-commit installed at .git/hooks/pre-commit" in installed.stdout
    return repo


def test_a_badly_formatted_file_is_refused_and_the_formatted_one_committed(clone: Clone) -> None:
    before = clone.head()
    (clone.path / "tests" / "hook_probe.py").write_text('VALUE = {  "a":1 }\n')
    refused = clone.commit("tests/hook_probe.py")
    assert refused.returncode != 0
    assert "ruff format" in refused.stdout
    assert "files were modified by this hook" in refused.stdout
    assert clone.head() == before
    # The hook formatted the file; staged again, the commit goes through.
    assert (clone.path / "tests" / "hook_probe.py").read_text() == 'VALUE = {"a": 1}\n'
    committed = clone.commit("tests/hook_probe.py")
    assert committed.returncode == 0, committed.stdout
    assert clone.head() != before


def test_an_api_change_without_regenerated_openapi_is_refused(clone: Clone) -> None:
    main = clone.path / "functions" / "api" / "main.py"
    main.write_text(main.read_text() + API_CHANGE)
    before = clone.head()
    # mypy on the changed module would type-check the whole app from a cold cache: slow, and
    # not what this test is about.
    refused = clone.commit("functions/api/main.py", skip="mypy")
    assert refused.returncode != 0
    assert "run `make openapi`" in refused.stdout
    assert clone.head() == before
    # Regenerated, the same change commits.
    clone.run(MAKE, "-o", "install", "openapi")
    assert '"hookProbe"' in (clone.path / "docs" / "openapi.json").read_text()
    # `make openapi` writes the web app's generated types too; the web checks they would start
    # need the frontend's packages, which `make test` installs after the unit tests.
    generated = ("docs/openapi.json", "frontend/src/api-types.ts")
    skipped = "mypy,web-typecheck,web-lint"
    committed = clone.commit("functions/api/main.py", *generated, skip=skipped)
    assert committed.returncode == 0, committed.stdout
    assert clone.head() != before
