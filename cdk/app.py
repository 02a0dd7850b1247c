"""CDK entry point.

`cdk synth -c stage=prod` runs `python cdk/app.py` from the repo root (cdk.json). Run directly
(`python cdk/app.py [stage=prod ...]`, as `make synth` does) it applies cdk.json's context itself
and writes ./cdk.out, so both ways synthesize the same templates.
"""

import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
# Python put this script's folder (cdk/) first on sys.path, where cdk/constructs would shadow
# the `constructs` library: replace it by the repo root, so `cdk.*` and `functions.*` import.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != REPO_ROOT / "cdk"]
sys.path.insert(0, str(REPO_ROOT))

from aws_cdk import App  # noqa: E402

from cdk.platform import build, cdk_json_context  # noqa: E402


def main(argv: list[str]) -> None:
    if "CDK_CONTEXT_JSON" in os.environ or "CDK_OUTDIR" in os.environ:  # launched by the CLI
        app = App()
    else:
        overrides = dict(arg.split("=", 1) for arg in argv)
        app = App(context={**cdk_json_context(), **overrides}, outdir=str(REPO_ROOT / "cdk.out"))
    build(app)
    app.synth()


if __name__ == "__main__":
    main(sys.argv[1:])
