"""Generates the committed reference of every APP_ setting from the settings classes: the root
`.env.example` and the configuration table in README.md (between its two markers).

    python -m functions.settings_documents        # rewrite both (`make env-example`)

Meanings are the fields' descriptions in functions/settings.py; a unit test fails when either
file differs from what this produces. The local platform's own knobs (APP_LOCAL_*, in
functions/local/settings.py) are listed too, their meanings kept in LOCAL_MEANINGS below.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from functions.local.settings import LocalPlatformSettings
from functions.settings import Settings

REPO = Path(__file__).resolve().parents[1]
ENV_EXAMPLE = REPO / ".env.example"
README = REPO / "README.md"
TABLE_START = "<!-- settings table: generated from functions/settings.py by `make env-example` -->"
TABLE_END = "<!-- end of the generated settings table -->"
# The local platform's settings class has no descriptions of its own (yet); a test checks this
# names every one of its fields.
LOCAL_MEANINGS = {
    "host": "address the local platform (make dev) listens on",
    "port": "port of the local platform's API and web app",
    "aws_port": "port of the embedded AWS (moto)",
    "state_dir": "where the local platform keeps its state across restarts",
    "save_every_seconds": "how often the local platform saves its state",
    "frontend_dist": "the built web app the local platform serves",
}
HEADER = """\
# Every APP_ setting of the platform: its default and what it means. Generated from
# functions/settings.py by `make env-example` (do not edit; a unit test fails when they
# disagree); the README's configuration table says the same.
# Nothing needs setting locally; in the cloud the CDK app sets them on each function.
# To change some for `make dev`: cp .env.example .env, uncomment and edit those lines, then
#   set -a; . ./.env; set +a; make dev
# An empty default means "not set": leave such a line commented unless you give it a value.
"""
_PLAIN = re.compile(r"[A-Za-z0-9_./:@+-]*")


@dataclass(frozen=True)
class Setting:
    variable: str
    default: str  # as written in an env file; "" when unset
    meaning: str


def settings() -> list[Setting]:
    """Every setting, in the classes' order: the platform's, then the local platform's."""
    rows = [_setting(Settings, name, f.description) for name, f in Settings.model_fields.items()]
    local = LocalPlatformSettings.model_fields
    return rows + [
        _setting(LocalPlatformSettings, name, LOCAL_MEANINGS.get(name)) for name in local
    ]


def env_prefix(cls: type[BaseModel]) -> str:
    """The variables' prefix: `ENV_PREFIX` (EnvironmentSettings) or pydantic-settings' own."""
    prefix = getattr(cls, "ENV_PREFIX", None) or cls.model_config.get("env_prefix", "")
    return str(prefix)


def _setting(cls: type[BaseModel], name: str, meaning: str | None) -> Setting:
    if not meaning or "\n" in meaning:
        raise ValueError(f"{cls.__name__}.{name} needs a one-line description")
    field = cls.model_fields[name]
    default = field.get_default(call_default_factory=True, validated_data={})
    variable = f"{env_prefix(cls)}{name}".upper()
    return Setting(variable, env_value(default), meaning)


def env_value(value: object) -> str:
    """`value` as an environment variable holds it: JSON for lists, lowercase booleans, paths
    relative to the repository or to the temporary folder (not this machine's)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return json.dumps(value, separators=(",", ":"))
    if isinstance(value, Path):
        return _portable_path(value)
    return str(value)


def _portable_path(path: Path) -> str:
    if path.is_relative_to(REPO):
        return path.relative_to(REPO).as_posix()
    temp = Path(tempfile.gettempdir())
    if path.is_relative_to(temp):
        return "${TMPDIR:-/tmp}/" + path.relative_to(temp).as_posix()
    return path.as_posix()


def quoted(value: str) -> str:
    """Quoted for both a POSIX shell and dotenv readers: double quotes where `${...}` must
    expand, single quotes where there is anything else a shell would read."""
    if _PLAIN.fullmatch(value):
        return value
    if value.startswith("${"):
        return f'"{value}"'
    return "'" + value.replace("'", "'\\''") + "'"


def render_env_example() -> str:
    blocks = [HEADER]
    blocks += [f"# {s.meaning}\n# {s.variable}={quoted(s.default)}\n" for s in settings()]
    return "\n".join(blocks)


def render_table() -> str:
    lines = ["| variable | default | meaning |", "|---|---|---|"]
    for s in settings():
        default = f"`{s.default}`" if s.default else "—"
        lines.append(f"| `{s.variable}` | {_cell(default)} | {_cell(s.meaning)} |")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def readme_with_table(readme: str) -> str:
    """README.md with the generated table between its markers."""
    head, start, rest = readme.partition(TABLE_START)
    _, end, tail = rest.partition(TABLE_END)
    if not start or not end:
        raise ValueError(f"README.md lacks the markers {TABLE_START!r} ... {TABLE_END!r}")
    return f"{head}{TABLE_START}\n\n{render_table()}\n\n{TABLE_END}{tail}"


def expected_files() -> dict[Path, str]:
    return {
        ENV_EXAMPLE: render_env_example(),
        README: readme_with_table(README.read_text(encoding="utf-8")),
    }


def main() -> None:
    for path, text in expected_files().items():
        path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
