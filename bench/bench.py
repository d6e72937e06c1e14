#!/usr/bin/env python3
"""friskliv against DuckDB CLI on the same raw exports: median wall time and peak RSS of each, their
ratios, and whether issue 6's targets are met. A benchmark, never a test: the machines are shared and
noisy, so the two tools run alternately, several times, and only medians are compared.

    python3 bench/bench.py                 # 100,000 and 1,000,000 responses, 5 runs each
    RUNS=3 SIZES=10000,100000 python3 bench/bench.py

It builds the release binary and the generator, installs DuckDB CLI (the `duckdb-cli` package from
PyPI) into a virtual environment under ~/.cache/friskliv-bench, writes the exports with
examples/generate_bench_data.rs under $CARGO_TARGET_DIR/bench, and prints a Markdown table. The figures
are recorded in docs/development.md (Performance).
"""
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", Path.home() / ".cache/friskliv-target"))
WORK = TARGET / "bench"
VENV = Path.home() / ".cache/friskliv-bench/venv"
RUNS = int(os.environ.get("RUNS", "5"))
SIZES = [int(s) for s in os.environ.get("SIZES", "100000,1000000").split(",")]
FRISKLIV = TARGET / "release/friskliv"
DUCKDB = VENV / "bin/duckdb"


def sh(*args, **kw):
    subprocess.run(args, check=True, **kw)


def setup():
    env = dict(os.environ, CARGO_TARGET_DIR=str(TARGET))
    sh("cargo", "build", "--release", "--locked", "--bin", "friskliv", "--example", "generate_bench_data", cwd=ROOT, env=env)
    if not DUCKDB.exists():
        sh(sys.executable, "-m", "venv", str(VENV))
        sh(str(VENV / "bin/pip"), "install", "--quiet", "duckdb-cli")
    WORK.mkdir(parents=True, exist_ok=True)


def export(n):
    """The export of n responses (and its friskliv.toml) in a directory of its own."""
    d = WORK / f"n{n}"
    f = d / f"bench-{n}.csv"
    if not f.exists():
        sh(str(TARGET / "release/examples/generate_bench_data"), str(n), str(d))
    return d, f


def measure(cmd, cwd):
    """(wall seconds, peak RSS in MB) of one run of cmd, its output discarded."""
    start = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v", *cmd], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {' '.join(map(str, cmd))}\n{p.stderr[-2000:]}")
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
    return wall, rss_kb / 1024


def compare(name, ours, theirs, cwd, runs=None):
    """Runs both alternately RUNS times (or `runs`); returns the medians."""
    a, b = [], []
    for _ in range(runs or RUNS):
        a.append(measure(ours, cwd))
        if theirs:
            b.append(measure(theirs, cwd))
    med = lambda xs, i: statistics.median(x[i] for x in xs) if xs else None
    row = {"case": name, "wall": med(a, 0), "rss": med(a, 1), "peer_wall": med(b, 0), "peer_rss": med(b, 1)}
    RESULTS.append(row)
    return row


def duck(sql):
    return [str(DUCKDB), "-c", sql]


def answer_columns(path):
    header = path.open(encoding="utf-8").readline().rstrip("\n").split(";")
    return header[6:]


def overview_sql(path):
    """Per year, for every answer column, what friskliv's overview computes: n, and the Ja/ticked count."""
    q = lambda c: '"' + c.replace('"', '""') + '"'
    parts = []
    for c in answer_columns(path):
        parts.append(f"count({q(c)})")
        parts.append(f"count({q(c)}) FILTER (WHERE {q(c)} IN ('Ja','1'))")
    return (f"SELECT \"År\", {', '.join(parts)} FROM read_csv('{path.name}', delim=';', header=true, all_varchar=true) "
            "GROUP BY ALL")


def big_config():
    path = WORK / "centres-100000.toml"
    if not path.exists():
        with path.open("w", encoding="utf-8") as f:
            for i in range(100_000):
                f.write(f'[[centre]]\nname = "Senter {i:06}"\nregion = "Helse Vest"\nyears = [2023, 2025]\n\n')
    return path


RESULTS = []


def main():
    setup()
    ratio = lambda a, b: a / b if a and b else None
    for n in SIZES:
        d, f = export(n)
        # About one number in a thousand is written "ca. 12": DuckDB reads the column as text, so it
        # casts (and skips what does not cast), where friskliv reads 12 with a warning.
        hospitants = next(c for c in answer_columns(f) if c.endswith("Antall personer som har hospitert"))
        compare(f"{n:,} responses: report --by year --measure hospitants",
                [FRISKLIV, "report", f.name, "--by", "year", "--measure", "hospitants", "--format", "csv"],
                duck(f"SELECT \"År\", sum(TRY_CAST(\"{hospitants}\" AS DOUBLE)) "
                     f"FROM read_csv('{f.name}', delim=';', header=true) GROUP BY ALL"), d)
        compare(f"{n:,} responses: report (the overview)", [FRISKLIV, "report", f.name, "--format", "csv"],
                duck(overview_sql(f)), d)
        # The long table has 83 rows per response: one run is a minute or two at 1,000,000, and peak
        # RSS, what this case is for, does not vary from run to run.
        compare(f"{n:,} responses: normalise --format parquet", [FRISKLIV, "normalise", f.name, "-o", str(WORK / "out.parquet")],
                None, d, runs=1)
    compare("config declaring 100,000 centres: schema --part periods",
            [FRISKLIV, "--config", str(big_config()), "schema", "--part", "periods"], None, WORK)
    long_csv = WORK / "long.csv"
    sh(str(FRISKLIV), "normalise", "data/", "-o", str(long_csv), cwd=ROOT, stderr=subprocess.DEVNULL)
    # Tens of milliseconds each: more runs, so that one slow start on a shared machine does not decide.
    compare("data/ (real size): report", [FRISKLIV, "report", "data/", "--format", "csv"],
            duck(f"SELECT year, measure, option, count(value), sum(value) FROM read_csv('{long_csv}') GROUP BY ALL"), ROOT,
            runs=max(RUNS, 15))

    size = lambda n: (WORK / f"n{n}" / f"bench-{n}.csv").stat().st_size / 2**20
    print(f"\nfriskliv {subprocess.run([FRISKLIV, '--version'], capture_output=True, text=True).stdout.strip()}, "
          f"{subprocess.run([DUCKDB, '--version'], capture_output=True, text=True).stdout.strip()}, "
          f"{os.cpu_count()} cores, medians of {RUNS} alternating runs")
    for n in SIZES:
        print(f"- {n:,} responses: export of {size(n):.0f} MB")
    print("\n| case | friskliv wall | friskliv peak RSS | DuckDB wall | DuckDB peak RSS | wall ratio | RSS ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in RESULTS:
        f = lambda v, unit: f"{v:.3f} s" if unit == "s" and v is not None else (f"{v:.0f} MB" if v is not None else "")
        wr, rr = ratio(r["wall"], r["peer_wall"]), ratio(r["rss"], r["peer_rss"])
        print(f"| {r['case']} | {f(r['wall'], 's')} | {f(r['rss'], 'MB')} | {f(r['peer_wall'], 's')} | "
              f"{f(r['peer_rss'], 'MB')} | {'' if wr is None else f'{wr:.2f}×'} | {'' if rr is None else f'{rr:.2f}×'} |")
    targets(size)


def targets(size):
    by = {r["case"]: r for r in RESULTS}
    checks = []
    big, small = max(SIZES), min(SIZES)
    h, o = by[f"{big:,} responses: report --by year --measure hospitants"], by[f"{big:,} responses: report (the overview)"]
    checks.append((f"hospitants at {big:,}: wall ≤ DuckDB's", h["wall"] <= h["peer_wall"]))
    checks.append((f"hospitants at {big:,}: peak RSS ≤ the export's size ({size(big):.0f} MB)", h["rss"] <= size(big)))
    checks.append((f"overview at {big:,}: wall ≤ DuckDB's", o["wall"] <= o["peer_wall"]))
    checks.append((f"overview at {big:,}: peak RSS ≤ the export's size", o["rss"] <= size(big)))
    if big == 10 * small:
        hs = by[f"{small:,} responses: report --by year --measure hospitants"]
        checks.append((f"10× the responses cost ≤ 11× the time (hospitants: {h['wall'] / hs['wall']:.1f}×)",
                       h["wall"] <= 11 * hs["wall"]))
        os_ = by[f"{small:,} responses: report (the overview)"]
        checks.append((f"10× the responses cost ≤ 11× the time (overview: {o['wall'] / os_['wall']:.1f}×)",
                       o["wall"] <= 11 * os_["wall"]))
        nb, ns = by[f"{big:,} responses: normalise --format parquet"], by[f"{small:,} responses: normalise --format parquet"]
        checks.append((f"normalise parquet: peak RSS at {big:,} ≤ 2× at {small:,} ({nb['rss'] / ns['rss']:.2f}×)",
                       nb["rss"] <= 2 * ns["rss"]))
    c = by["config declaring 100,000 centres: schema --part periods"]
    checks.append((f"a config of 100,000 centres loads in ≤ 1 s ({c['wall']:.2f} s)", c["wall"] <= 1.0))
    d = by["data/ (real size): report"]
    checks.append((f"data/: wall ≤ 0.25× DuckDB's ({d['wall'] / d['peer_wall']:.2f}×)", d["wall"] <= 0.25 * d["peer_wall"]))
    print()
    for what, ok in checks:
        print(f"{'met    ' if ok else 'NOT MET'}  {what}")


if __name__ == "__main__":
    main()
