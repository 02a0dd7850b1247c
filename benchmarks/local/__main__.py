"""`make dev` as data grows: resident memory and one `createInterview`'s time, at 10 interviews
and at --interviews (1,000 by default), and the idle process's CPU.

    python -m benchmarks.local [--interviews 1000] [--sample 10] [--idle-seconds 20]

Starts `python -m functions.local` as a developer does (its own state folder and ports), signs
in as the demo recruiter and creates interviews through the API, each followed by one
`listInterviews`, as the SPA does. The latency at a size is the median of --sample creations
made at that size. The ratio compares the large platform with a fresh one at 10 interviews,
their creations alternating (a busy machine slows both alike). Then measures the idle
process's CPU over --idle-seconds, and how long Ctrl-C takes to stop it. Prints the numbers
and the ratios; the targets (issue 11): RSS under 1.5 GB at 1,000, latency ratio under 1.5,
idle CPU under 5 %, Ctrl-C under 10 s.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from functions.local.aws import free_port
from functions.local.seed import DEMO_PASSWORD, RECRUITER_EMAIL

REPO = Path(__file__).resolve().parents[2]
BASELINE = 10
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


class Platform:
    def __init__(self, state_dir: Path) -> None:
        self.port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("APP_")}
        env.update(
            APP_LOCAL_PORT=str(self.port),
            APP_LOCAL_AWS_PORT=str(free_port()),
            APP_LOCAL_STATE_DIR=str(state_dir),
            PYTHONUNBUFFERED="1",
        )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "functions.local"],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.output: list[str] = []
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        if not self.ready.wait(120):
            self.process.kill()
            raise SystemExit("platform did not start:\n" + "".join(self.output))

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)
            if "Ctrl-C stops" in line:
                self.ready.set()

    @property
    def url(self) -> str:
        return f"http://localhost:{self.port}"

    def rss_mb(self) -> float:
        pages = int(Path(f"/proc/{self.process.pid}/statm").read_text().split()[1])
        return pages * PAGE_SIZE / 1e6

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime

    def interrupt(self, timeout: float = 60) -> float:
        started = time.monotonic()
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return float("inf")
        return time.monotonic() - started


class Recruiter:
    def __init__(self, url: str) -> None:
        self.api = httpx.Client(base_url=url, timeout=120)
        credentials = {"email": RECRUITER_EMAIL, "password": DEMO_PASSWORD}
        # The banner follows the bind (AnnouncingServer); retrying costs nothing meanwhile.
        for _ in range(100):
            try:
                login = self.api.post("/auth/login", json=credentials)
                break
            except httpx.ConnectError:
                time.sleep(0.1)
        else:
            raise SystemExit(f"the API at {url} never accepted a connection")
        login.raise_for_status()
        self.api.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
        self.template_id = self.post(
            "/templates",
            {"name": "Benchmark", "questions": [{"text": "Tell us about a project you led."}]},
        )["id"]
        self.post(f"/templates/{self.template_id}/publish", {})
        self.created = 0

    def post(self, path: str, body: dict[str, Any]) -> Any:
        response = self.api.post(path, json=body)
        response.raise_for_status()
        return response.json()

    def create_interview(self) -> float:
        """Seconds one createInterview took (then lists, as the SPA does)."""
        n = self.created
        candidate = {"name": f"Candidate {n}", "email": f"candidate-{n}@example.com"}
        started = time.perf_counter()
        self.post("/interviews", {"template_id": self.template_id, "candidate": candidate})
        seconds = time.perf_counter() - started
        self.api.get("/interviews").raise_for_status()
        self.created += 1
        return seconds


def measure_at(platform: Platform, recruiter: Recruiter, size: int, sample: int) -> float:
    """Creates interviews up to `size`, then the median time of `sample` more."""
    recent: list[float] = []
    while recruiter.created < size:
        recent = [*recent[-9:], recruiter.create_interview()]
        if recruiter.created % 100 == 0:
            median = statistics.median(recent) * 1000
            print(
                f"  ... {recruiter.created} interviews: {platform.rss_mb():.0f} MB,"
                f" createInterview {median:.0f} ms (median of the last {len(recent)})",
                flush=True,
            )
    return statistics.median(recruiter.create_interview() for _ in range(sample))


def idle_cpu(platform: Platform, seconds: float) -> float:
    """Share of one core the idle process uses."""
    time.sleep(5)  # let the pipeline's and pollers' last work finish
    before, started = platform.cpu_seconds(), time.monotonic()
    time.sleep(seconds)
    return (platform.cpu_seconds() - before) / (time.monotonic() - started)


def interleaved(big: Recruiter, small: Recruiter, sample: int) -> tuple[float, float]:
    """Medians of `sample` creations on each platform, alternating one and the other, so a
    busy machine slows both alike (the ratio is of two measurements taken side by side)."""
    at_big: list[float] = []
    at_small: list[float] = []
    for _ in range(sample):
        at_small.append(small.create_interview())
        at_big.append(big.create_interview())
    return statistics.median(at_big), statistics.median(at_small)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--interviews", type=int, default=1000)
    parser.add_argument("--sample", type=int, default=10)
    parser.add_argument("--idle-seconds", type=float, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-local-") as state:
        platform = Platform(Path(state) / "state")
        try:
            started_rss = platform.rss_mb()
            recruiter = Recruiter(platform.url)
            early = measure_at(platform, recruiter, BASELINE, args.sample)
            small_rss = platform.rss_mb()
            started = time.monotonic()
            measure_at(platform, recruiter, args.interviews, args.sample)
            elapsed = time.monotonic() - started
            # The baseline again, beside the large one: a fresh platform at BASELINE
            # interviews, its creations alternating with the large platform's.
            fresh = Platform(Path(state) / "fresh")
            try:
                newcomer = Recruiter(fresh.url)
                measure_at(fresh, newcomer, BASELINE, 1)
                large, small = interleaved(recruiter, newcomer, args.sample)
            finally:
                fresh.interrupt()
            large_rss = platform.rss_mb()
            cpu = idle_cpu(platform, args.idle_seconds)
        finally:
            stop = platform.interrupt()
    large_n = args.interviews + 2 * args.sample
    growth = (large_rss - small_rss) / max(1, large_n - BASELINE - args.sample)
    first = BASELINE + args.sample
    print(f"local platform: {large_n} interviews, {elapsed:.0f} s for those after the {first}th")
    print(f"  RSS at start            {started_rss:8.0f} MB")
    print(f"  RSS at {BASELINE + args.sample:>5} interviews  {small_rss:8.0f} MB")
    print(f"  RSS at {large_n:>5} interviews  {large_rss:8.0f} MB   (target < 1500 MB)")
    print(f"  growth per interview    {growth * 1000:8.0f} kB")
    early_ms = early * 1000
    print(
        f"  createInterview at {BASELINE:>5}  {early_ms:8.1f} ms (early, median of {args.sample})"
    )
    print(f"  side by side, medians of {args.sample}, alternating:")
    print(f"    a fresh platform      {small * 1000:8.1f} ms (from {BASELINE + 1} interviews)")
    print(f"    this platform         {large * 1000:8.1f} ms (from {large_n - args.sample})")
    print(f"  latency ratio           {large / small:8.2f} x   (target <= 1.5)")
    print(f"  RSS ratio               {large_rss / small_rss:8.2f} x")
    print(f"  idle CPU                {cpu * 100:8.1f} % of one core   (target < 5 %)")
    print(f"  Ctrl-C to exit          {stop:8.1f} s   (target < 10 s)")


if __name__ == "__main__":
    main()
