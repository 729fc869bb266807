#!/usr/bin/env python3
"""Measure how a running backtestd answers while its engine workers are busy.

Uploads a bars CSV, submits JOBS canonical backtests, opens POLLS concurrent long-polls on them,
and while any job runs keeps timing `GET /healthz` and `GET /v1/backtests/{id}` one after the other.
Prints the latency median, p95 and max of each, and how the long-polls ended. A measurement, not a
test: the README quotes its output. Only point it at a server on this machine.

Example (release server with 4 workers, 100 assets x 20,000 minute bars):
    swift build -c release --product backtestd && .build/release/backtestd --port 18090 --workers 4 &
    python3 Tests/EndToEndTests/Peers/generate_data.py --assets 100 --bars 20000 --freq minute --seed 5 --out big.csv
    python3 Tests/EndToEndTests/Tools/responsiveness.py --base http://127.0.0.1:18090 --data big.csv --jobs 80
"""
import argparse
import statistics
import threading
import time

import requests


def percentile(values, q):
    """The q-quantile (0..1) of values, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", default="http://127.0.0.1:8080")
    ap.add_argument("--data", required=True, help="bars CSV with ml_pred and confidence columns")
    ap.add_argument("--jobs", type=int, default=40)
    ap.add_argument("--polls", type=int, default=200)
    args = ap.parse_args()
    base = args.base

    started = time.perf_counter()
    with open(args.data, "rb") as f:
        r = requests.post(f"{base}/v1/datasets", data=f, headers={"Content-Type": "text/csv"})
    r.raise_for_status()
    dataset = r.json()
    print(f"upload: {dataset['rows']} rows in {time.perf_counter() - started:.2f} s")
    spec = {"dataset": dataset["id"],
            "strategy": {"template": "threshold",
                         "params": {"signal": "ml_pred", "entry_above": 0.8, "exit_below": 0.4,
                                    "filters": [{"column": "confidence", "op": ">", "value": 0.7}]}},
            "execution": {"commission": {"model": "percent", "rate": 0.001}}}
    ids = [requests.post(f"{base}/v1/backtests", json=spec).json()["id"] for _ in range(args.jobs)]

    outcomes = []
    lock = threading.Lock()

    def long_poll(i):
        status = requests.get(f"{base}/v1/backtests/{ids[i % len(ids)]}", params={"wait": 120}).json()["status"]
        with lock:
            outcomes.append(status)

    threads = [threading.Thread(target=long_poll, args=(i,)) for i in range(args.polls)]
    for t in threads:
        t.start()
    health, job = [], []
    session = requests.Session()
    while True:
        a = time.perf_counter()
        session.get(f"{base}/healthz").raise_for_status()
        health.append((time.perf_counter() - a) * 1000)
        a = time.perf_counter()
        session.get(f"{base}/v1/backtests/{ids[-1]}").raise_for_status()
        job.append((time.perf_counter() - a) * 1000)
        running = session.get(f"{base}/v1/backtests", params={"status": "running"}).json()["items"]
        if not running:
            break
        time.sleep(0.01)
    for t in threads:
        t.join()
    print(f"samples while jobs ran: {len(health)}")
    for name, values in (("GET /healthz", health), ("GET /v1/backtests/{id}", job)):
        print(f"{name}: median {statistics.median(values):.2f} ms, p95 {percentile(values, 0.95):.2f} ms, "
              f"max {max(values):.2f} ms")
    print(f"long-polls answered: {len(outcomes)} of {args.polls}: "
          + ", ".join(f"{s} {outcomes.count(s)}" for s in sorted(set(outcomes))))


if __name__ == "__main__":
    main()
