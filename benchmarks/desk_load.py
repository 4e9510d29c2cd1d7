"""The front desk under load: eight people printing two handouts each at once.

Starts `cdbooklet serve` on a free port of 127.0.0.1 (nothing else is contacted), waits until it
answers, then sends ROUNDS rounds of CLIENTS simultaneous requests, each for a two-handout
print with a note, and prints the p50 and p95 of the time each took, end to end, with the
server's own render times from its log for comparison. The server is stopped (Ctrl-C, then
harder) however the run ends.

    python benchmarks/desk_load.py                  # tests/fixtures/complete, 8 clients
    python benchmarks/desk_load.py --clients 8 --rounds 10 --content content
"""

from __future__ import annotations

import argparse
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAIRS = [
    ("acupuncture", "biofeedback"),
    ("physical-therapy", "massage-therapy"),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--content", type=Path, default=ROOT / "tests" / "fixtures" / "complete")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    proc = subprocess.Popen(
        [sys.executable, "-m", "cdbooklet", "serve", "--content", str(args.content), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        match = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
        if not match:
            print(f"the desk did not start: {line!r}", file=sys.stderr)
            return 1
        url = match.group(1)
        times = run(url, args.clients, args.rounds)
    finally:
        for send in (lambda: proc.send_signal(signal.SIGINT), proc.terminate, proc.kill):
            if proc.poll() is None:
                send()
            try:
                _out, err = proc.communicate(timeout=10)
                break
            except subprocess.TimeoutExpired:
                continue
        else:
            err = ""
    renders = [float(ms) for ms in re.findall(r"rendered in (\d+) ms", err or "")]
    print(f"{len(times)} prints, {args.clients} at once, two handouts each")
    print(f"end to end: p50 {_pct(times, 50):.0f} ms, p95 {_pct(times, 95):.0f} ms")
    if renders:
        print(
            f"render alone (server log): p50 {_pct(renders, 50):.0f} ms, "
            f"p95 {_pct(renders, 95):.0f} ms"
        )
    return 0


def run(url: str, clients: int, rounds: int) -> list[float]:
    def post(pair: tuple[str, str], out: list[float]) -> None:
        data = urllib.parse.urlencode(
            {"therapy": list(pair), "note": "Bring your list of medicines."}, doseq=True
        ).encode()
        request = urllib.request.Request(url + "handouts", data=data, method="POST")
        start = time.perf_counter()
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
        out.append((time.perf_counter() - start) * 1000)

    post(PAIRS[0], [])  # a first request, as a desk would have had
    times: list[float] = []
    for _ in range(rounds):
        barrier_out: list[float] = []
        threads = [
            threading.Thread(target=post, args=(PAIRS[i % len(PAIRS)], barrier_out))
            for i in range(clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        times += barrier_out
    return times


def _pct(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[pct - 1]


if __name__ == "__main__":
    raise SystemExit(main())
