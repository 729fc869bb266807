#!/usr/bin/env python3
"""Runs requests against a live backtestd and validates each answer against api-spec/openapi.yaml.

For every call: the status is documented for the operation, the media type is documented, a JSON
body is valid against its schema (JSON Schema 2020-12 with the spec's components), and documented
headers are present. Covers every route, happy and error paths, CSV, HEAD, ranges and 304s.
Exits 1 when any answer disagrees with the spec.

Usage: python3 openapi_probe.py http://127.0.0.1:PORT path/to/openapi.yaml
"""
import sys, json, random, re, urllib.request, urllib.error, yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

base = sys.argv[1]
doc = yaml.safe_load(open(sys.argv[2]))
registry = Registry().with_resource("urn:spec", Resource(contents=doc, specification=DRAFT202012))
fails = 0
def resolve(node):
    while isinstance(node, dict) and "$ref" in node:
        cur = doc
        for part in node["$ref"][2:].split("/"): cur = cur[part]
        node = cur
    return node

def operation(method, path):
    for pattern, item in doc["paths"].items():
        rx = "^" + re.sub(r"\{[^}]+\}", "[^/]+", pattern) + "$"
        if re.match(rx, path) and method.lower() in item:
            return pattern, item[method.lower()]
    return None, None

def call(method, url, body=None, headers=None, expect=None, routed=True, response=None):
    """Sends one request and checks the answer; `routed=False` for paths no operation owns, whose
    answer is checked against `components/responses/{response}` when that is given."""
    global fails
    req = urllib.request.Request(base + url, data=body, method=method, headers=headers or {})
    try:
        r = urllib.request.urlopen(req); status, hdrs, data = r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        status, hdrs, data = e.code, e.headers, e.read()
    path = url.split("?")[0]
    pattern, op = operation("HEAD" if method == "HEAD" else method, path) if method != "HEAD" else operation("GET", path)
    if op is None and response is not None:
        pattern, op = "(no route)", {"responses": {str(status): {"$ref": f"#/components/responses/{response}"}}}
    tag = f"{method} {url} -> {status}"
    problems = []
    if expect is not None and status != expect: problems.append(f"expected {expect}")
    if op is None:
        if routed: problems.append("no operation in spec")
    else:
        resp = op["responses"].get(str(status))
        if resp is None: problems.append(f"status {status} not documented for {pattern}")
        else:
            resp = resolve(resp)
            for h, declared in (resp.get("headers") or {}).items():
                if isinstance(declared, dict) and declared.get("required") is False: continue
                if h.lower() in ("etag",) and status == 200 and "backtests/" in path and path.count("/") == 3: continue
                if h.lower() == "content-disposition" and "csv" not in (hdrs.get("Content-Type") or ""): continue
                if hdrs.get(h) is None and method != "HEAD" and h not in ("ETag",): problems.append(f"header {h} missing")
            ctype = (hdrs.get("Content-Type") or "").split(";")[0].strip()
            content = resp.get("content") or {}
            if data and method != "HEAD":
                if ctype not in content: problems.append(f"media type {ctype!r} not in {list(content)}")
                elif ctype.endswith("json") and status != 206:
                    schema = content[ctype]["schema"]
                    schema = json.loads(json.dumps(schema).replace('"$ref": "#/', '"$ref": "urn:spec#/'))
                    v = Draft202012Validator(schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)
                    for e in v.iter_errors(json.loads(data)):
                        problems.append(f"schema: {'/'.join(map(str, e.absolute_path))}: {e.message[:160]}")
    if problems: fails += 1
    print(("FAIL " if problems else "ok   ") + tag, "; ".join(problems))
    return status, hdrs, data

def j(data): return json.loads(data)

# data: 3 assets x 60 days, canonical columns
rnd = random.Random(7)
lines = ["timestamp,asset,open,high,low,close,volume,ml_pred,confidence"]
px = {a: 100.0 for a in ["A000", "A001", "A002"]}
for d in range(60):
    ts = f"2020-{1 + d // 28:02d}-{1 + d % 28:02d}T14:30:00Z"
    for a in px:
        o = px[a]; c = round(o * (1 + rnd.gauss(0, 0.02)), 2); px[a] = c
        lines.append(f"{ts},{a},{o:.2f},{max(o, c) + 0.1:.2f},{min(o, c) - 0.1:.2f},{c:.2f},{rnd.randint(1000, 9000)},{rnd.random():.4f},{rnd.random():.4f}")
bars = ("\n".join(lines[:1] + list(reversed(lines[1:]))) + "\n").encode()
csvh = {"Content-Type": "text/csv"}; jsonh = {"Content-Type": "application/json"}

call("GET", "/healthz", expect=200)
call("GET", "/v1/strategies", expect=200)
s, h, d = call("POST", "/v1/datasets?name=probe", bars, csvh, expect=201); ds = j(d)["id"]
assert h["Location"] == f"/v1/datasets/{ds}"
s, h, d = call("POST", "/v1/datasets?kind=context", b"timestamp,vix\n2020-01-01,12.5\n2020-01-15,20\n", {"Content-Type": "application/csv"}, expect=201); ctx = j(d)["id"]
call("POST", "/v1/datasets", b"timestamp,asset,close\n2020-01-02,A,abc\n2020-01-0x,A,1\n", csvh, expect=400)
call("POST", "/v1/datasets", b"", csvh, expect=400)
call("POST", "/v1/datasets?kind=foo", bars, csvh, expect=400)
call("POST", "/v1/datasets", bars, {"Content-Type": "text/plain"}, expect=415)
# Uploads the way clients send them: octet-stream, multipart (curl -F framing), gzip, and their problems.
import gzip as gz
def form(parts, boundary="------------------------4f1c6a0b4188183a"):
    out = b""
    for field, filename, data in parts:
        disp = f'form-data; name="{field}"' + (f'; filename="{filename}"' if filename else "")
        out += f"--{boundary}\r\nContent-Disposition: {disp}\r\n".encode()
        out += (b"Content-Type: text/csv\r\n" if filename else b"") + b"\r\n" + data + b"\r\n"
    return out + f"--{boundary}--\r\n".encode(), {"Content-Type": f"multipart/form-data; boundary={boundary}"}
call("POST", "/v1/datasets", bars, {"Content-Type": "application/octet-stream"}, expect=201)
body, fh = form([("file", "bars.csv", bars), ("name", None, b"probe form")]); call("POST", "/v1/datasets", body, fh, expect=201)
call("POST", "/v1/datasets", gz.compress(body), {**fh, "Content-Encoding": "gzip"}, expect=201)
call("POST", "/v1/datasets", gz.compress(bars), {**csvh, "Content-Encoding": "gzip"}, expect=201)
call("POST", "/v1/datasets", gz.compress(bars)[:200], {**csvh, "Content-Encoding": "gzip"}, expect=400)
call("POST", "/v1/datasets", bars, {**csvh, "Content-Encoding": "br"}, expect=415)
call("POST", "/v1/datasets", bars.replace(b"\n", b""), csvh, expect=400)
call("POST", "/v1/datasets", form([("a", "a.csv", bars), ("b", "b.csv", bars)])[0], fh, expect=400)
call("POST", "/v1/datasets", form([("kind", None, b"bars")])[0], fh, expect=400)
call("POST", "/v1/datasets", body, {"Content-Type": "multipart/form-data"}, expect=400)
call("POST", "/v1/datasets", body[:-60], fh, expect=400)
call("GET", "/v1/datasets", expect=200)
call("GET", "/v1/datasets?limit=1", expect=200)
call("GET", "/v1/datasets?limit=0", expect=400)
call("GET", "/v1/datasets?cursor=nope", expect=400)
call("GET", f"/v1/datasets/{ds}", expect=200)
call("GET", "/v1/datasets/ds_nope", expect=404)
spec = {"dataset": ds, "context": ctx, "name": "probe", "strategy": {"template": "threshold", "params": {
    "signal": "ml_pred", "entry_above": 0.8, "exit_below": 0.4,
    "filters": [{"column": "confidence", "op": ">", "value": 0.7}, {"column": "vix", "op": "<", "value": 30}]}},
    "execution": {"commission": {"model": "percent", "rate": 0.001}},
    "analytics": {"risk_free_rate": 0.02, "periods_per_year": 252, "session_gap": "2h", "benchmark": {"asset": "A001"}}}
s, h, d = call("POST", "/v1/backtests", json.dumps(spec).encode(), jsonh, expect=202); bt = j(d)["id"]
call("POST", "/v1/backtests", b"{\"dataset\": ", jsonh, expect=400)
call("POST", "/v1/backtests", json.dumps(spec).encode(), {"Content-Type": "text/plain"}, expect=415)
bad = {"dataset": "ds_0000000000000000", "strategy": {"template": "threshold", "params": {"signal": "ml_prd", "entry_abov": 1, "exit_below": 2, "filters": [{"column": "x", "op": "=>", "value": "1"}], "sizing": {"method": "fixed_value"}}}, "execution": {"fill": "next_opn", "commission": {"model": "percent", "minimum": 1}}, "account": {"initial_cash": -5}, "extra": 1}
call("POST", "/v1/backtests", json.dumps(bad).encode(), jsonh, expect=422)
bad2 = {"dataset": ds, "strategy": {"template": "threshold", "params": {"signal": "ml_prd", "entry_above": 0.8, "exit_below": 0.4}}}
call("POST", "/v1/backtests", json.dumps(bad2).encode(), jsonh, expect=422)
call("POST", "/v1/backtests", json.dumps({"dataset": ctx, "strategy": {"template": "thresh"}}).encode(), jsonh, expect=422)
# top_k: the resolved params (every default written out) and its problems validated as real answers.
topk = {"dataset": ds, "strategy": {"template": "top_k", "params": {
    "signal": "ml_pred", "k": 2, "rebalance": "week", "weighting": "inverse_vol", "vol_lookback": 5, "max_weight": 0.4}},
    "execution": {"commission": {"model": "percent", "rate": 0.001}}}
s, h, d = call("POST", "/v1/backtests", json.dumps(topk).encode(), jsonh, expect=202); bt3 = j(d)["id"]
s, h, d = call("GET", f"/v1/backtests/{bt3}?wait=10", expect=200)
assert j(d)["status"] == "succeeded" and j(d)["spec"]["strategy"]["params"]["rebalance_every"] is None, d[:300]
call("GET", f"/v1/backtests/{bt3}/fills?limit=5", expect=200)
bad_topk = {"dataset": ds, "strategy": {"template": "top_k", "params": {"signal": "ml_pred", "k": 0, "rebalance_every": 5, "short_k": 1}}}
s, h, d = call("POST", "/v1/backtests", json.dumps(bad_topk).encode(), jsonh, expect=422)
assert [e["path"] for e in j(d)["errors"]] == ["strategy.params.k", "strategy.params.short_k"], d[:400]
bad_topk["strategy"]["params"]["rebalance"] = "month"
s, h, d = call("POST", "/v1/backtests", json.dumps(bad_topk).encode(), jsonh, expect=422)
assert [e["path"] for e in j(d)["errors"]] == ["strategy.params.rebalance"], d[:400]
s, h, d = call("GET", f"/v1/backtests/{bt}?wait=10", expect=200)
print("   job:", j(d)["status"], j(d)["summary"] and {k: j(d)["summary"][k] for k in ("final_equity", "fills", "trades")})
s, h, d = call("GET", f"/v1/backtests/{bt}", expect=200); etag = h.get("ETag"); print("   etag", etag)
call("GET", f"/v1/backtests/{bt}", headers={"If-None-Match": etag}, expect=304)
call("GET", f"/v1/backtests/{bt}?wait=abc", expect=400)
call("GET", "/v1/backtests/bt_nope", expect=404)
call("GET", "/v1/backtests", expect=200)
call("GET", "/v1/backtests?status=succeeded&limit=5", expect=200)
call("GET", "/v1/backtests?status=done", expect=400)
call("GET", "/v1/backtests?precision=full", expect=200)
call("GET", "/v1/backtests?precision=exact", expect=400)
call("GET", f"/v1/backtests/{bt}?precision=full", expect=200)
call("GET", f"/v1/backtests/{bt}?precision=ful", expect=400)
for t in ["fills", "orders", "trades", "equity", "events"]:
    call("GET", f"/v1/backtests/{bt}/{t}?limit=2", expect=200)
    s, h, d = call("GET", f"/v1/backtests/{bt}/{t}?format=csv", expect=200)
    print("   ", t, "csv header:", d.split(b"\n")[0].decode(), "| len", h["Content-Length"], h.get("Content-Disposition"))
    call("GET", f"/v1/backtests/{bt}/{t}", headers={"Accept": "text/csv", "Range": "bytes=0-3"}, expect=206)
    call("HEAD", f"/v1/backtests/{bt}/{t}?format=csv", expect=200)
    call("GET", f"/v1/backtests/{bt}/{t}?format=csv", headers={"Range": "bytes=99999999-"}, expect=416)
    call("GET", f"/v1/backtests/{bt}/{t}?format=xml", expect=400)
    call("GET", f"/v1/backtests/{bt}/{t}?cursor=-1", expect=400)
    call("GET", f"/v1/backtests/{bt}/{t}?limit=2&precision=full", expect=200)
    s, h, d = call("GET", f"/v1/backtests/{bt}/{t}?format=csv&precision=full", expect=200)
    call("HEAD", f"/v1/backtests/{bt}/{t}?format=csv&precision=full", expect=200)
    call("GET", f"/v1/backtests/{bt}/{t}?format=csv&precision=full", headers={"If-None-Match": h["ETag"]}, expect=304)
    call("GET", f"/v1/backtests/{bt}/{t}?format=csv&precision=rnd", expect=400)
# A margin account trading both sides with rules, tight enough that margin calls fire: the newer
# enum values (short trades, liquidations, rule purposes, events) are validated as real answers.
margin = {"dataset": ds, "strategy": {"template": "threshold", "params": {
    "signal": "ml_pred", "entry_above": 0.8, "exit_below": 0.4, "short_below": 0.2, "cover_above": 0.6,
    "sizing": {"method": "percent_equity", "fraction": 0.99}}},
    "account": {"type": "margin", "initial_margin": 1.0, "maintenance_margin": 1.0, "borrow_rate": 0.02},
    "risk": {"stop_loss": 0.05, "take_profit": 0.05, "max_bars": 20},
    "execution": {"slippage": {"model": "fixed_bps", "bps": 2}, "participation": {"max_fraction": 0.5},
                  "commission": {"model": "sum", "models": [{"model": "per_share", "rate": 0.005, "minimum": 1},
                                                            {"model": "percent", "rate": 0.0001}]}},
    "limits": {"max_positions": 3, "daily_loss": 0.2}}
s, h, d = call("POST", "/v1/backtests", json.dumps(margin).encode(), jsonh, expect=202); bt2 = j(d)["id"]
s, h, d = call("GET", f"/v1/backtests/{bt2}?wait=10", expect=200)
assert j(d)["status"] == "succeeded", d[:300]
for t in ["fills", "orders", "trades", "equity", "events"]:
    s, h, d = call("GET", f"/v1/backtests/{bt2}/{t}?limit=1000", expect=200)
    print("   margin", t, "rows:", len(j(d)["items"]))
s, h, d = call("GET", f"/v1/backtests/{bt2}/events?limit=1", expect=200)
assert j(d)["items"] and j(d)["items"][0]["kind"] == "margin_call", d[:300]
# The analytics views: JSON and CSV, HEAD, ranges, 304, full precision, and their bad queries.
for v in ["attribution", "drawdowns", "monthly-returns", "rolling-sharpe?window=5", "signal-quality?horizons=1,5&quantiles=3"]:
    sep = "&" if "?" in v else "?"
    s, h, d = call("GET", f"/v1/backtests/{bt}/{v}", expect=200)
    print("   ", v, "json:", d[:160])
    call("GET", f"/v1/backtests/{bt}/{v}", headers={"If-None-Match": h["ETag"]}, expect=304)
    call("GET", f"/v1/backtests/{bt}/{v}{sep}precision=full", expect=200)
    s, h, d = call("GET", f"/v1/backtests/{bt}/{v}{sep}format=csv", expect=200)
    print("   ", v, "csv header:", d.split(b"\n")[0].decode()[:120])
    call("HEAD", f"/v1/backtests/{bt}/{v}{sep}format=csv", expect=200)
    call("GET", f"/v1/backtests/{bt}/{v}", headers={"Accept": "text/csv", "Range": "bytes=0-3"}, expect=206)
    call("GET", f"/v1/backtests/{bt}/{v}{sep}format=csv", headers={"Range": "bytes=99999999-"}, expect=416)
    call("GET", f"/v1/backtests/{bt}/{v}{sep}format=xml", expect=400)
    call("GET", f"/v1/backtests/bt_nope/{v}", expect=404)
s, h, d = call("GET", f"/v1/backtests/{bt}", expect=200)
assert j(d)["summary"]["benchmark"]["sessions"] > 0 and j(d)["spec"]["analytics"]["session_gap"] == 7200, d[:300]
for bad in ["rolling-sharpe?window=1", "rolling-sharpe?window=x", "signal-quality?horizons=0", "signal-quality?horizons=1,,2",
            "signal-quality?quantiles=50", "signal-quality?signals=ml_prd", "signal-quality?signals=", "attribution?precision=exact"]:
    s, h, d = call("GET", f"/v1/backtests/{bt}/{bad}", expect=400)
s, h, d = call("GET", f"/v1/backtests/{bt}/signal-quality?signals=ml_prd", expect=400); assert b'Did you mean \\"ml_pred\\"' in d, d
badspec = dict(spec, analytics={"benchmark": {"asset": "A0001"}, "periods_per_year": 0})
s, h, d = call("POST", "/v1/backtests", json.dumps(badspec).encode(), jsonh, expect=422)
assert {e["path"] for e in j(d)["errors"]} == {"analytics.benchmark.asset", "analytics.periods_per_year"}, d
# Signal quality reads the job's data again: once the dataset is gone it answers 409 dataset_missing.
s, h, d = call("POST", "/v1/datasets", bars, csvh, expect=201); ds3 = j(d)["id"]
s, h, d = call("POST", "/v1/backtests", json.dumps(dict(spec, dataset=ds3, context=None, strategy={"template": "threshold", "params": {"signal": "ml_pred", "entry_above": 0.8, "exit_below": 0.4}})).encode(), jsonh, expect=202); bt3 = j(d)["id"]
s, h, d = call("GET", f"/v1/backtests/{bt3}?wait=10", expect=200); assert j(d)["status"] == "succeeded", d[:300]
call("DELETE", f"/v1/datasets/{ds3}", expect=204)
s, h, d = call("GET", f"/v1/backtests/{bt3}/signal-quality", expect=409); assert j(d)["code"] == "dataset_missing", d
call("GET", f"/v1/backtests/{bt3}/attribution", expect=200)
s, h, d = call("GET", f"/v1/backtests/{bt}/fills?format=csv"); call("GET", f"/v1/backtests/{bt}/fills?format=csv", headers={"If-None-Match": h["ETag"]}, expect=304)
s, h, d = call("GET", f"/v1/backtests/{bt}/fills?limit=1", expect=200); print("   page:", d[:300])
# Sweeps: submit (grid and random), long-poll, results as JSON and CSV, sorting, problems, cancel, delete.
sweep = {"name": "probe sweep", "base": {"dataset": ds, "strategy": {"template": "threshold", "params": {
    "signal": "ml_pred", "entry_above": 0.8, "exit_below": 0.4}}},
    "grid": {"strategy.params.entry_above": [0.6, 0.8], "risk.stop_loss": [0.02, 0.05]}}
s, h, d = call("POST", "/v1/sweeps", json.dumps(sweep).encode(), {**jsonh, "Idempotency-Key": "probe-sweep"}, expect=202)
sw = j(d)["id"]
call("POST", "/v1/sweeps", json.dumps(sweep).encode(), {**jsonh, "Idempotency-Key": "probe-sweep"}, expect=202)
s, h, d = call("GET", f"/v1/sweeps/{sw}?wait=30", expect=200)
assert j(d)["status"] == "succeeded" and j(d)["overfitting"] is not None, d[:400]
s, h, d = call("GET", f"/v1/sweeps/{sw}", expect=200); call("GET", f"/v1/sweeps/{sw}", headers={"If-None-Match": h["ETag"]}, expect=304)
call("GET", f"/v1/backtests/{j(d)['children'][0]}", expect=200)
call("GET", f"/v1/sweeps/{sw}/results?sort=sharpe&order=asc&limit=2", expect=200)
s, h, d = call("GET", f"/v1/sweeps/{sw}/results?format=csv&precision=full", expect=200)
call("GET", f"/v1/sweeps/{sw}/results?format=csv&precision=full", headers={"If-None-Match": h["ETag"]}, expect=304)
s, h, d = call("GET", f"/v1/sweeps/{sw}/report?metric=final_equity", expect=200); assert b"heatmap sweep" in d, d[:300]
call("GET", f"/v1/sweeps/{sw}/report?metric=final_equity", headers={"If-None-Match": h["ETag"]}, expect=304)
call("GET", f"/v1/sweeps/{sw}/report?x=risk.stop_los", expect=400)
call("GET", f"/v1/sweeps/{sw}/report?metric=sharp", expect=400)
call("GET", "/v1/sweeps/sw_nope/report", expect=404)
call("GET", f"/v1/sweeps/{sw}/results?sort=sharp", expect=400)
call("GET", f"/v1/sweeps/{sw}/results?order=up", expect=400)
call("GET", f"/v1/sweeps/{sw}?wait=x", expect=400)
call("GET", "/v1/sweeps", expect=200)
call("GET", "/v1/sweeps?cursor=zz", expect=400)
call("GET", "/v1/sweeps/sw_nope", expect=404)
call("GET", "/v1/sweeps/sw_nope/results", expect=404)
call("POST", "/v1/sweeps", b"{", jsonh, expect=400)
call("POST", "/v1/sweeps", json.dumps(sweep).encode(), {"Content-Type": "text/plain"}, expect=415)
call("POST", "/v1/sweeps", json.dumps({**sweep, "grid": {"risk.stop_loss": [2]}}).encode(), jsonh, expect=422)
rand = {"base": sweep["base"], "random": {"n": 3, "seed": 1, "ranges": {"strategy.params.entry_above": {"min": 0.6, "max": 0.9}}},
        "objective": {"metric": "max_drawdown", "goal": "minimize"}}
s, h, d = call("POST", "/v1/sweeps", json.dumps(rand).encode(), jsonh, expect=202); sw2 = j(d)["id"]
s, h, d = call("DELETE", f"/v1/sweeps/{sw2}", expect=202)
s, h, d = call("GET", f"/v1/sweeps/{sw2}?wait=30", expect=200)
call("DELETE", f"/v1/sweeps/{sw}", expect=204)
call("GET", f"/v1/sweeps/{sw}", expect=410)
call("GET", f"/v1/sweeps/{sw}/results", expect=410)
call("DELETE", f"/v1/sweeps/{sw}", expect=410)
call("DELETE", "/v1/sweeps/sw_nope", expect=404)
# Walk-forward: windows over the dataset's bars, a windowed backtest, problems, a plain sweep's 404.
s, h, d = call("GET", f"/v1/datasets/{ds}", expect=200); nbars = j(d)["timestamps"]
wf = {"base": sweep["base"], "grid": {"strategy.params.entry_above": [0.6, 0.8]},
      "walk_forward": {"train_bars": nbars // 2, "test_bars": nbars // 4, "objective": {"metric": "max_drawdown", "goal": "minimize"}}}
s, h, d = call("POST", "/v1/sweeps", json.dumps(wf).encode(), jsonh, expect=202); wfid = j(d)["id"]
s, h, d = call("GET", f"/v1/sweeps/{wfid}?wait=30", expect=200); assert j(d)["walk_forward"]["windows"] >= 2, d[:400]
s, h, d = call("GET", f"/v1/sweeps/{wfid}/walk_forward", expect=200); assert j(d)["out_of_sample"]["bars"] > 0, d[:400]
call("GET", f"/v1/sweeps/{wfid}/walk_forward", headers={"If-None-Match": h["ETag"]}, expect=304)
call("GET", f"/v1/sweeps/{wfid}/results?format=csv", expect=200)
call("GET", f"/v1/sweeps/{wfid}/walk_forward?precision=huge", expect=400)
call("GET", f"/v1/sweeps/{sw2}/walk_forward", expect=404)
call("GET", "/v1/sweeps/sw_nope/walk_forward", expect=404)
call("POST", "/v1/sweeps", json.dumps({**wf, "walk_forward": {"train_bars": nbars, "test_bars": 5}}).encode(), jsonh, expect=422)
s, h, d = call("POST", "/v1/backtests", json.dumps({**sweep["base"], "window": {"start_bar": 5, "end_bar": nbars // 2}}).encode(), jsonh, expect=202)
s, h, d = call("GET", f"/v1/backtests/{j(d)['id']}?wait=30", expect=200); assert j(d)["spec"]["window"]["start_bar"] == 5, d[:400]
call("POST", "/v1/backtests", json.dumps({**sweep["base"], "window": {"start_bar": nbars}}).encode(), jsonh, expect=422)
call("DELETE", f"/v1/sweeps/{wfid}", expect=204)
call("GET", f"/v1/sweeps/{wfid}/walk_forward", expect=410)
s, h, d = call("GET", f"/v1/backtests/{bt}/report", expect=200); assert b"svg class=\"chart equity\"" in d, d[:200]
call("GET", f"/v1/backtests/{bt}/report", headers={"If-None-Match": h["ETag"]}, expect=304)
call("GET", "/v1/backtests/bt_nope/report", expect=404)
call("DELETE", f"/v1/backtests/{bt}", expect=204)
s, h, d = call("GET", f"/v1/backtests/{bt}", expect=410)
assert j(d)["reason"] == "deleted" and j(d)["removed_at"].endswith("Z"), d[:300]
call("GET", f"/v1/backtests/{bt}/fills?format=csv", expect=410)
call("GET", f"/v1/backtests/{bt}/attribution", expect=410)
call("DELETE", f"/v1/backtests/{bt}", expect=410)
call("DELETE", "/v1/backtests/bt_nope", expect=404)
call("GET", "/v1/nothing", expect=404, routed=False)
s, h, d = call("PUT", "/v1/datasets", b"", expect=405, routed=False)
print("   Allow:", h.get("Allow"), d[:200])
call("DELETE", f"/v1/datasets/{ctx}", expect=204)
call("DELETE", f"/v1/datasets/{ctx}", expect=404)
# The self-describing routes, and unknown paths answered with the nearest route.
browser = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
s, h, d = call("GET", "/", headers={"Accept": "application/json"}, expect=200)
assert h["Content-Type"] == "application/json" and j(d)["links"]["docs"] == "/docs", d[:200]
s, h, d = call("GET", "/", headers={"Accept": "*/*"}, expect=200); assert h["Content-Type"] == "application/json"
s, h, d = call("GET", "/", headers=browser, expect=200); assert h["Content-Type"].startswith("text/html"), h
call("GET", "/", headers={**browser, "If-None-Match": h["ETag"]}, expect=304)
call("GET", "/?format=json", headers=browser, expect=200)
call("GET", "/?format=xml", expect=400)
s, h, d = call("GET", "/v1", expect=200); print("   routes:", len(j(d)["items"]))
s, h, d = call("GET", "/openapi.yaml", expect=200); assert d == open(sys.argv[2], "rb").read()
call("GET", "/openapi.yaml", headers={"If-None-Match": h["ETag"]}, expect=304)
s, h, d = call("GET", "/openapi.json", expect=200); assert j(d)["paths"].keys() == doc["paths"].keys()
call("GET", "/openapi.json", headers={"If-None-Match": h["ETag"]}, expect=304)
s, h, d = call("GET", "/docs", expect=200); assert all(p.encode() in d for p in doc["paths"]), "docs miss a path"
call("GET", "/docs", headers={"If-None-Match": h["ETag"]}, expect=304)
call("HEAD", "/docs", expect=200)
for typo, route in [("/v1/strategy", "/v1/strategies"), ("/v1/backtest", "/v1/backtests"),
                    (f"/v1/backtest/{bt}/fill", f"/v1/backtests/{bt}/fills"), ("/openapi.yml", "/openapi.yaml")]:
    s, h, d = call("GET", typo, expect=404, routed=False, response="NotFound")
    if j(d).get("did_you_mean") != route: fails += 1; print("FAIL", typo, "did_you_mean", j(d).get("did_you_mean"))
s, h, d = call("GET", "/v1/" + "x" * 5000, expect=404, routed=False, response="NotFound"); assert len(d) < 400, len(d)
print("FAILURES:", fails)
sys.exit(1 if fails else 0)
