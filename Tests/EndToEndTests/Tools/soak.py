#!/usr/bin/env python3
"""Soak a running backtestd: a bounded driver of uploads, submissions, polling, downloads and deletions.

For --minutes, WORKERS client threads each loop: upload a bars CSV (generated here, a few MB, in a
different shape every time), submit two canonical backtests on it, long-poll them to the end, read the
summary, the fills as CSV and the equity as JSON, a ranged GET of the fills, then delete both backtests
and the dataset. Every answer must have its expected status; anything else is an error and is printed.
The server's resident memory (VmRSS from /proc/PID/status) is sampled every 15 s; the report gives the
series and the growth between the end of warm-up (--warmup-minutes) and the end. A measurement, not a
test: the closing notes and the README quote its output. Only point it at a server on this machine.

Example (release server, durable store in a scratch directory):
    swift build -c release --product backtestd
    .build/release/backtestd --port 18095 --data-dir /tmp/soak-data &
    python3 Tests/EndToEndTests/Tools/soak.py --base http://127.0.0.1:18095 --pid $! --minutes 10
"""
import argparse
import io
import random
import threading
import time

import requests


def bars_csv(rng, assets, bars):
    """Random-walk minute bars with ml_pred and confidence, sorted by (timestamp, asset)."""
    out = io.StringIO()
    out.write("timestamp,asset,open,high,low,close,volume,ml_pred,confidence\n")
    close = [50 + 100 * rng.random() for _ in range(assets)]
    start = 1_704_205_800  # 2024-01-02 14:30 UTC
    for b in range(bars):
        t = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(start + 60 * b))
        for a in range(assets):
            o = close[a]
            close[a] = max(1.0, o * (1 + 0.001 * rng.gauss(0, 1)))
            c = close[a]
            hi, lo = max(o, c) * 1.0005, min(o, c) * 0.9995
            out.write(f"{t},A{a:03d},{o:.2f},{hi:.2f},{lo:.2f},{c:.2f},{rng.randint(100, 10000)},"
                      f"{rng.random():.4f},{rng.random():.4f}\n")
    return out.getvalue().encode()


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", default="http://127.0.0.1:8080")
    ap.add_argument("--pid", type=int, required=True, help="the server's process id, for its memory")
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--warmup-minutes", type=float, default=2)
    ap.add_argument("--workers", type=int, default=3)
    args = ap.parse_args()
    base = args.base
    deadline = time.monotonic() + 60 * args.minutes
    counts = {"rounds": 0, "requests": 0, "errors": 0, "bytes_up": 0, "bytes_down": 0}
    lock = threading.Lock()

    def expect(response, status, what):
        with lock:
            counts["requests"] += 1
            counts["bytes_down"] += len(response.content)
            if response.status_code != status:
                counts["errors"] += 1
                print(f"error: {what}: {response.status_code} (expected {status}): {response.text[:300]}")
        return response

    def worker(seed):
        rng = random.Random(seed)
        session = requests.Session()
        while time.monotonic() < deadline:
            body = bars_csv(rng, rng.randint(5, 40), rng.randint(300, 1500))
            with lock:
                counts["bytes_up"] += len(body)
            r = expect(session.post(f"{base}/v1/datasets", data=body, headers={"Content-Type": "text/csv"}),
                       201, "upload")
            if r.status_code != 201:
                continue
            dataset = r.json()["id"]
            spec = {"dataset": dataset,
                    "strategy": {"template": "threshold",
                                 "params": {"signal": "ml_pred", "entry_above": 0.8, "exit_below": 0.4,
                                            "filters": [{"column": "confidence", "op": ">", "value": 0.7}]}},
                    "execution": {"commission": {"model": "percent", "rate": 0.001}}}
            ids = []
            for _ in range(2):
                r = expect(session.post(f"{base}/v1/backtests", json=spec), 202, "submit")
                if r.status_code == 202:
                    ids.append(r.json()["id"])
            for job in ids:
                status = expect(session.get(f"{base}/v1/backtests/{job}", params={"wait": 60}), 200, "poll")
                if status.status_code == 200 and status.json().get("status") != "succeeded":
                    with lock:
                        counts["errors"] += 1
                    print(f"error: {job} ended {status.json().get('status')}")
                    continue
                expect(session.get(f"{base}/v1/backtests/{job}/fills", headers={"Accept": "text/csv"}), 200, "fills")
                expect(session.get(f"{base}/v1/backtests/{job}/equity"), 200, "equity")
                expect(session.get(f"{base}/v1/backtests/{job}/fills", headers={"Accept": "text/csv",
                                                                                   "Range": "bytes=0-99"}),
                       206, "ranged fills")
            for job in ids:
                expect(session.delete(f"{base}/v1/backtests/{job}"), 204, "delete backtest")
            expect(session.delete(f"{base}/v1/datasets/{dataset}"), 204, "delete dataset")
            with lock:
                counts["rounds"] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(args.workers)]
    started = time.monotonic()
    for t in threads:
        t.start()
    samples = []
    while any(t.is_alive() for t in threads):
        samples.append(((time.monotonic() - started) / 60, rss_kib(args.pid)))
        for t in threads:
            t.join(timeout=15 / len(threads))
    samples.append(((time.monotonic() - started) / 60, rss_kib(args.pid)))
    print(f"{counts['rounds']} rounds, {counts['requests']} requests, {counts['errors']} errors, "
          f"{counts['bytes_up'] / 1e6:.0f} MB up, {counts['bytes_down'] / 1e6:.0f} MB down in "
          f"{(time.monotonic() - started) / 60:.1f} min")
    print("RSS (MiB) by minute: " + ", ".join(f"{m:.1f}:{kib / 1024:.0f}" for m, kib in samples))
    warm = [kib for m, kib in samples if m >= args.warmup_minutes]
    if warm:
        print(f"after warm-up: first {warm[0] / 1024:.0f} MiB, last {warm[-1] / 1024:.0f} MiB, "
              f"max {max(warm) / 1024:.0f} MiB")
    raise SystemExit(1 if counts["errors"] else 0)


if __name__ == "__main__":
    main()
