"""One toolchain, declared once: .python-version and .nvmrc. Everything else that names a
version (pyproject, the web app's engines, CI's workflows, the README) agrees with them, and the
Makefile refuses an older Python or Node before it installs anything."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
PYTHON = (REPO / ".python-version").read_text().strip()
NODE = (REPO / ".nvmrc").read_text().strip()
MAKE = shutil.which("make") or "make"


def engines_floor() -> str:
    engines = json_field(REPO / "frontend" / "package.json", "engines")["node"]
    match = re.fullmatch(r"\^(\d+\.\d+\.\d+)", engines)
    assert match, f"engines.node {engines!r}: one major line (^x.y.z), as .nvmrc names one"
    return match[1]


def json_field(path: Path, name: str) -> dict[str, str]:
    value: dict[str, str] = json.loads(path.read_text())[name]
    return value


def test_versions_are_single_lines_of_one_release() -> None:
    assert re.fullmatch(r"3\.\d+", PYTHON)
    assert re.fullmatch(r"\d+", NODE)


def test_the_web_app_engines_are_on_the_nvmrc_line() -> None:
    assert engines_floor().split(".")[0] == NODE


def test_pyproject_targets_the_pinned_python() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert project["project"]["requires-python"].startswith(f">={PYTHON},")
    assert project["tool"]["ruff"]["target-version"] == "py" + PYTHON.replace(".", "")
    assert project["tool"]["mypy"]["python_version"] == PYTHON


def setup_steps(action: str) -> list[dict[str, str]]:
    steps = []
    for workflow in (REPO / ".github" / "workflows").glob("*.yml"):
        for job in yaml.safe_load(workflow.read_text())["jobs"].values():
            steps += [
                s.get("with", {}) for s in job["steps"] if s.get("uses", "").startswith(action)
            ]
    return steps


def test_workflows_read_the_version_files() -> None:
    pythons, nodes = setup_steps("actions/setup-python"), setup_steps("actions/setup-node")
    assert pythons
    assert nodes
    assert all(s == {"python-version-file": ".python-version"} for s in pythons)
    assert all(s.get("node-version-file") == ".nvmrc" and "node-version" not in s for s in nodes)


def test_readme_states_the_same_versions() -> None:
    readme = (REPO / "README.md").read_text()
    lambda_runtime = re.search(
        r"Runtime\.PYTHON_(\d+)_(\d+)", (REPO / "cdk" / "constructs" / "layers.py").read_text()
    )
    assert lambda_runtime
    assert f"Python {PYTHON} (`.python-version`)" in readme
    assert f"Node {NODE}, from {'.'.join(engines_floor().split('.')[:2])} (`.nvmrc`" in readme
    assert f"Lambda functions\nrun on Python {lambda_runtime[1]}.{lambda_runtime[2]}" in readme


def fake_tool(folder: Path, name: str, version: str) -> Path:
    """A stand-in `python`/`node` that reports `version`, whatever it is asked."""
    tool = folder / name
    tool.write_text(f"#!/bin/sh\necho {version}\n")
    tool.chmod(0o755)
    return tool


def make_dry_run(tmp_path: Path, python: str, node: str) -> subprocess.CompletedProcess[str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake_python = fake_tool(bin_dir, "python", python)
    fake_tool(bin_dir, "node", f"v{node}")
    return subprocess.run(  # noqa: S603 - make, dry run, on our own Makefile
        [MAKE, "-n", "unit", f"PYTHON={fake_python}"],
        cwd=REPO,
        env={**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("python", ["3.10.14", "2.7.18"])
def test_the_makefile_refuses_an_older_python(tmp_path: Path, python: str) -> None:
    run = make_dry_run(tmp_path, python, engines_floor())
    assert run.returncode != 0
    assert f"Python {PYTHON} or newer is required (.python-version)" in run.stderr
    assert f"is {python}" in run.stderr


def test_the_makefile_refuses_an_older_node(tmp_path: Path) -> None:
    major, minor, _ = engines_floor().split(".")
    older = f"{major}.{int(minor) - 1}.0" if int(minor) else f"{int(major) - 1}.0.0"
    run = make_dry_run(tmp_path, f"{PYTHON}.0", older)
    assert run.returncode != 0
    assert f"but node is {older}: run nvm install (it reads .nvmrc)" in run.stderr


def test_the_makefile_accepts_the_pinned_versions(tmp_path: Path) -> None:
    run = make_dry_run(tmp_path, f"{PYTHON}.0", engines_floor())
    assert run.returncode == 0, run.stderr
    assert "pytest" in run.stdout
