#!/usr/bin/env python3
# Golden values of GoldenRunTests from a peer's output folder (fills.csv, equity.csv, summary.json)
# and the bars CSV. Usage: python3 derive_golden.py BARS.csv OUT_DIR ALLOC
# Trades are the fills that close a position or turn it around; orders decided on the last bar (they
# expire) are the summary's n_unfilled_last when the peer reports it (top_k), else the canonical
# strategy's decisions on the last bar (ALLOC is read only then).
import csv, datetime as dt, json, math, struct, sys
bars, out, alloc = sys.argv[1], sys.argv[2], float(sys.argv[3])
rows = list(csv.DictReader(open(bars)))
assets = sorted({r["asset"] for r in rows}, key=str.encode)
epoch = lambda s: int(dt.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp())
fills = list(csv.DictReader(open(f"{out}/fills.csv")))
h, pos, trades = 0xcbf29ce484222325, {a: 0 for a in assets}, 0
for f in fills:
    price, qty = float(f["price"]), int(f["quantity"])
    before = pos[f["asset"]]
    pos[f["asset"]] += qty if f["side"] == "buy" else -qty
    trades += before != 0 and (pos[f["asset"]] == 0 or (before > 0) != (pos[f["asset"]] > 0))
    micros = math.floor(float(f["commission"]) * 1e6 + 0.5)
    line = (f'{epoch(f["timestamp"])},{assets.index(f["asset"])},{f["side"]},{qty},'
            f'{struct.unpack("<Q", struct.pack("<d", price))[0]:016x},{micros}\n')
    for b in line.encode():
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
equity = [(epoch(r["timestamp"]), float(r["equity"])) for r in csv.DictReader(open(f"{out}/equity.csv"))]
peak, mdd = 1e6, 0.0
for _, e in equity:
    peak = max(peak, e); mdd = max(mdd, 1 - e / peak)
daily = {}
for ts, e in equity:
    daily[ts // 86400] = e
closes = [daily[k] for k in sorted(daily)]
rets = [e / p - 1 for p, e in zip([1e6] + closes[:-1], closes)]
m = sum(rets) / len(rets)
sd = math.sqrt(sum((r - m) ** 2 for r in rets) / (len(rets) - 1))
sharpe = m / sd * math.sqrt(252) if sd > 0 else 0.0
summary = json.load(open(f"{out}/summary.json"))
last = [r for r in rows if r["timestamp"] == max(r["timestamp"] for r in rows)]
allocation = alloc * 1e6 / len(assets)
expired = summary.get("n_unfilled_last")
if expired is None:
    expired = sum(1 for r in last if (pos[r["asset"]] == 0 and float(r["ml_pred"]) > 0.8 and float(r["confidence"]) > 0.7
                  and math.floor(allocation / float(r["close"])) >= 1) or (pos[r["asset"]] > 0 and float(r["ml_pred"]) < 0.4))
rejected = summary["n_rejected"]
print(json.dumps({"fills": len(fills), "orders": len(fills) + rejected + expired, "rejections": rejected,
                  "trades": trades, "open_positions": sum(p != 0 for p in pos.values()),
                  "final_equity": repr(equity[-1][1]), "max_drawdown": repr(mdd), "sharpe": repr(sharpe),
                  "total_commission": repr(sum(float(f["commission"]) for f in fills)), "fills_hash": f"0x{h:016x}"}))
