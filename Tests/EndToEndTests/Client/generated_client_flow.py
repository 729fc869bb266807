#!/usr/bin/env python3
"""Drives a live backtestd through a client generated from api-spec/openapi.yaml, and only that.

The test generates the client with `openapi-python-client generate --meta none --output-path
DIR/backtest_client`, then runs this script. Through the generated functions it: uploads the CSV as
multipart/form-data (with `name` as a form field), uploads it again gzip-compressed as
application/octet-stream with `Content-Encoding: gzip`, submits the backtest spec, waits for it with
the `wait` query parameter, and reads every page of fills. Prints one JSON line with what it saw.

Usage: python3 generated_client_flow.py BASE_URL CLIENT_PARENT_DIR bars.csv SPEC_JSON
SPEC_JSON names the dataset as "__DATASET__"; the id of the multipart upload replaces it.
"""
import gzip
import io
import json
import sys

base, client_parent, csv_path, spec_text = sys.argv[1:5]
sys.path.insert(0, client_parent)

from backtest_client import Client  # noqa: E402
from backtest_client.api.backtests import create_backtest, get_backtest  # noqa: E402
from backtest_client.api.datasets import create_dataset  # noqa: E402
from backtest_client.api.results import get_backtest_fills  # noqa: E402
from backtest_client.models import BacktestRequest, Dataset, DatasetUploadForm, FillPage, Job  # noqa: E402
from backtest_client.models.create_dataset_content_encoding import CreateDatasetContentEncoding  # noqa: E402
from backtest_client.types import UNSET, File  # noqa: E402
import httpx  # noqa: E402

client = Client(base_url=base, raise_on_unexpected_status=True, timeout=httpx.Timeout(120.0))


def expect(value, kind, what):
    if not isinstance(value, kind):
        sys.exit(f"{what}: expected {kind.__name__}, got {value!r}")
    return value


with open(csv_path, "rb") as f:
    raw = f.read()

form = DatasetUploadForm(file=File(payload=io.BytesIO(raw), file_name="bars.csv", mime_type="text/csv"), name="generated")
dataset = expect(create_dataset.sync(client=client, body=form), Dataset, "multipart upload")

packed = File(payload=io.BytesIO(gzip.compress(raw)), file_name="bars.csv.gz")
zipped = expect(
    create_dataset.sync(client=client, body=packed, content_encoding=CreateDatasetContentEncoding.GZIP),
    Dataset, "gzip octet-stream upload")

spec = BacktestRequest.from_dict(json.loads(spec_text.replace("__DATASET__", dataset.id)))
job = expect(create_backtest.sync(client=client, body=spec), Job, "submit")
while job.status.value in ("queued", "running"):
    job = expect(get_backtest.sync(job.id, client=client, wait=30), Job, "wait")

fills = []
cursor = UNSET
while True:
    page = expect(get_backtest_fills.sync(job.id, client=client, limit=1000, cursor=cursor), FillPage, "fills")
    fills += [
        {"timestamp": f.timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"), "asset": f.asset, "side": f.side.value,
         "quantity": f.quantity, "price": f.price, "commission": f.commission}
        for f in page.items
    ]
    if page.next_cursor is None:
        break
    cursor = page.next_cursor

print(json.dumps({
    "dataset": dataset.id, "dataset_name": dataset.name, "rows": dataset.rows,
    "gzip_rows": zipped.rows, "status": job.status.value, "job": job.id, "fills": fills,
}))
