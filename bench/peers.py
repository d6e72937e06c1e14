#!/usr/bin/env python3
"""The Python polars side of bench/bench.py: the queries a power user would write for friskliv's.

    python bench/peers.py measure FILE COLUMN   # that column as a number, summed by year
    python bench/peers.py overview FILE         # per year, every answer column's count and Ja/ticked count

The export is read as text (no type guessing, as friskliv reads it), with its `;` delimiter.
"""
import sys

import polars as pl

KEYS = 6  # Respondent-ID, E-post, Startet, Fullført, Utviklingssentral, År


def measure(path, column):
    lf = pl.scan_csv(path, separator=";", infer_schema=False)
    out = lf.group_by("År").agg(pl.col(column).cast(pl.Float64, strict=False).sum()).sort("År").collect()
    sys.stdout.write(out.write_csv())


def overview(path):
    lf = pl.scan_csv(path, separator=";", infer_schema=False)
    answers = lf.collect_schema().names()[KEYS:]
    aggs = []
    for i, c in enumerate(answers):
        aggs.append(pl.col(c).count().alias(f"n{i}"))
        aggs.append(pl.col(c).is_in(["Ja", "1"]).sum().alias(f"yes{i}"))
    out = lf.group_by("År").agg(aggs).sort("År").collect()
    sys.stdout.write(out.write_csv())


if __name__ == "__main__":
    {"measure": lambda: measure(sys.argv[2], sys.argv[3]), "overview": lambda: overview(sys.argv[2])}[sys.argv[1]]()
