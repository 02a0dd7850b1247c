"""The API's cold start: importing its Lambda handler module against FastAPI and Mangum alone.

    python -m benchmarks.coldstart [--repetitions 9] [--module functions.api.main]

Each import runs in a fresh interpreter (nothing cached in sys.modules), alternating between
the two, several times; the medians are compared as a ratio measured in the same run, so a busy
or slow machine moves both. The target (issue 18) is a ratio of at most 1.6. Time is measured
inside the child, around the import statement only (interpreter start-up excluded). No bytecode
is written (PYTHONDONTWRITEBYTECODE): without a __pycache__ both imports compile their sources
each time, as a Lambda does (its code and layers ship no .pyc, on a read-only file system).
With --profile, the packages that cost most (python -X importtime, self time summed per
top-level package) are printed for one more import of the module, leaving out the modules the
baseline imports too (whichever package happens to import them first would be charged).
"""

from __future__ import annotations

import argparse
import collections
import os
import statistics
import subprocess
import sys

BASELINE = "fastapi, mangum"
TARGET_RATIO = 1.6
_TIMED = "import time; t = time.perf_counter(); import {}; print(time.perf_counter() - t)"


def import_seconds(modules: str) -> float:
    """Seconds to import `modules` in a fresh interpreter (same environment as this one)."""
    result = subprocess.run(  # noqa: S603 - this interpreter, a module name of ours
        [sys.executable, "-c", _TIMED.format(modules)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    return float(result.stdout.strip().splitlines()[-1])


def self_times(modules: str) -> dict[str, int]:
    """Microseconds each module imported by `import modules` took itself (python -X importtime)."""
    result = subprocess.run(  # noqa: S603 - this interpreter, module names of ours
        [sys.executable, "-X", "importtime", "-c", f"import {modules}"],
        capture_output=True,
        text=True,
        check=True,
    )
    times: dict[str, int] = {}
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _, name = line.split(":", 1)[1].split("|")
        times[name.strip()] = int(self_us)
    return times


def heaviest(module: str, top: int = 15) -> list[tuple[str, float]]:
    """Self import time per top-level package (functions.* per subpackage), in seconds, of the
    modules `module` imports beyond the baseline's."""
    shared = set(self_times(BASELINE))
    totals: collections.Counter[str] = collections.Counter()
    for name, self_us in self_times(module).items():
        if name in shared:
            continue
        parts = name.split(".")
        key = ".".join(parts[:2]) if parts[0] == "functions" else parts[0]
        totals[key] += self_us
    return [(name, us / 1e6) for name, us in totals.most_common(top)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repetitions", type=int, default=9)
    parser.add_argument("--module", default="functions.api.main")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    import_seconds(args.module)  # read the files once (OS cache), outside the measurement
    baseline: list[float] = []
    api: list[float] = []
    for _ in range(args.repetitions):
        baseline.append(import_seconds(BASELINE))
        api.append(import_seconds(args.module))
    base_median, api_median = statistics.median(baseline), statistics.median(api)
    ratio = api_median / base_median
    print(f"import {BASELINE}: median {base_median * 1000:.0f} ms ({args.repetitions} runs)")
    print(f"import {args.module}: median {api_median * 1000:.0f} ms ({args.repetitions} runs)")
    verdict = "within" if ratio <= TARGET_RATIO else "ABOVE"
    print(f"ratio {ratio:.2f} ({verdict} the target {TARGET_RATIO})")
    if args.profile:
        print(f"heaviest packages {args.module} adds to {BASELINE} (self time, one run):")
        for name, seconds in heaviest(args.module):
            print(f"  {seconds * 1000:7.1f} ms  {name}")


if __name__ == "__main__":
    main()
