#!/usr/bin/env python3
"""Read a CSV result URL the way the README tells users to: with polars and with pandas.

polars 2.x probes the URL with HEAD and ranged GETs (the server must send Content-Length and honour
Range); pandas does one plain GET. Prints one JSON line: the row counts, the columns each client
saw, and the sum of one numeric column, so the Swift test can compare them with the server's JSON.

Example:
    python3 read_url.py http://127.0.0.1:8080/v1/backtests/bt_x/fills?format=csv quantity
"""
import argparse
import json

import pandas as pd
import polars as pl


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("url")
    ap.add_argument("column", help="numeric column to sum")
    args = ap.parse_args()
    p = pl.read_csv(args.url)
    d = pd.read_csv(args.url)
    print(json.dumps({
        "polars_rows": p.height, "polars_columns": p.columns, "polars_sum": float(p[args.column].sum()),
        "pandas_rows": len(d), "pandas_columns": list(d.columns), "pandas_sum": float(d[args.column].sum()),
    }))


if __name__ == "__main__":
    main()
