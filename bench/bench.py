#!/usr/bin/env python3
"""friskliv against its peers on the same raw exports: DuckDB CLI, Python polars (bench/peers.py) and
`wc -l` (one pass over the bytes, the floor). Median wall time and peak RSS of each, their ratios, and
whether issue 22's targets are met. A benchmark, never a test: the machines are shared and noisy, so
the tools run alternately, several times, and only medians are compared.

    python3 bench/bench.py                 # 100,000 and 1,000,000 responses, 5 runs each
    RUNS=3 SIZES=10000,100000 python3 bench/bench.py

It builds the release binary and the generator, installs DuckDB CLI (the `duckdb-cli` package from
PyPI) and Python polars (`polars`) into a virtual environment under ~/.cache/friskliv-bench, writes the exports with
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
PYTHON = VENV / "bin/python"
PEERS = ROOT / "bench/peers.py"


def sh(*args, **kw):
    subprocess.run(args, check=True, **kw)


def setup():
    env = dict(os.environ, CARGO_TARGET_DIR=str(TARGET))
    sh("cargo", "build", "--release", "--locked", "--bin", "friskliv", "--example", "generate_bench_data", cwd=ROOT, env=env)
    if not DUCKDB.exists():
        sh(sys.executable, "-m", "venv", str(VENV))
        sh(str(VENV / "bin/pip"), "install", "--quiet", "duckdb-cli")
    if subprocess.run([str(PYTHON), "-c", "import polars"], capture_output=True).returncode != 0:
        sh(str(VENV / "bin/pip"), "install", "--quiet", "polars")
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


def compare(name, ours, peers, cwd, runs=None):
    """Runs friskliv and each peer (name → command) alternately RUNS times (or `runs`); keeps the
    medians of each."""
    times = {"friskliv": []}
    times.update({p: [] for p in peers})
    for _ in range(runs or RUNS):
        times["friskliv"].append(measure(ours, cwd))
        for p, cmd in peers.items():
            times[p].append(measure(cmd, cwd))
    row = {"case": name}
    for tool, xs in times.items():
        row[tool] = (statistics.median(x[0] for x in xs), statistics.median(x[1] for x in xs))
    RESULTS.append(row)
    return row


def duck(sql):
    return [str(DUCKDB), "-c", sql]


def polars(*args):
    return [str(PYTHON), str(PEERS), *args]


def unpivot_sql(path, out):
    """DuckDB's bare unpivot of every answer column into Parquet: all as text, no typing or mapping."""
    q = lambda c: '"' + c.replace('"', '""') + '"'
    header = path.open(encoding="utf-8").readline().rstrip("\n").split(";")
    keys = ", ".join(q(c) for c in header[:6])
    return (f"COPY (UNPIVOT (SELECT * FROM read_csv('{path.name}', delim=';', header=true, all_varchar=true)) "
            f"ON COLUMNS(* EXCLUDE ({keys})) INTO NAME col VALUE raw) TO '{out}' (FORMAT parquet)")


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
PEER_NAMES = ["DuckDB", "polars", "wc -l"]


def main():
    setup()
    for n in SIZES:
        d, f = export(n)
        # About one number in a thousand is written "ca. 12": the peers read the column as text and
        # cast (skipping what does not cast), where friskliv reads 12 with a warning.
        hospitants = next(c for c in answer_columns(f) if c.endswith("Antall personer som har hospitert"))
        compare(f"{n:,} responses: report --by year --measure hospitants",
                [FRISKLIV, "report", f.name, "--by", "year", "--measure", "hospitants", "--format", "csv"],
                {"DuckDB": duck(f"SELECT \"År\", sum(TRY_CAST(\"{hospitants}\" AS DOUBLE)) "
                                f"FROM read_csv('{f.name}', delim=';', header=true) GROUP BY ALL"),
                 "polars": polars("measure", f.name, hospitants),
                 "wc -l": ["wc", "-l", f.name]}, d)
        compare(f"{n:,} responses: report (the overview)", [FRISKLIV, "report", f.name, "--format", "csv"],
                {"DuckDB": duck(overview_sql(f)), "polars": polars("overview", f.name)}, d)
        # The long table has 83 rows per response: at 1,000,000 one run is a minute or more, and
        # peak RSS, what that size is for here, does not vary from run to run.
        out = WORK / "out.parquet"
        compare(f"{n:,} responses: normalise -o long.parquet", [FRISKLIV, "normalise", f.name, "-o", str(out)],
                {"DuckDB": duck(unpivot_sql(f, WORK / "unpivot.parquet"))}, d, runs=None if n <= 100_000 else 1)
    compare("config declaring 100,000 centres: schema --part periods",
            [FRISKLIV, "--config", str(big_config()), "schema", "--part", "periods"], {}, WORK)
    long_csv = WORK / "long.csv"
    sh(str(FRISKLIV), "normalise", "data/", "-o", str(long_csv), cwd=ROOT, stderr=subprocess.DEVNULL)
    # Tens of milliseconds each: more runs, so that one slow start on a shared machine does not decide.
    compare("data/ (real size): report", [FRISKLIV, "report", "data/", "--format", "csv"],
            {"DuckDB": duck(f"SELECT year, measure, option, count(value), sum(value) FROM read_csv('{long_csv}') GROUP BY ALL")},
            ROOT, runs=max(RUNS, 15))
    report()


def report():
    size = lambda n: (WORK / f"n{n}" / f"bench-{n}.csv").stat().st_size / 2**20
    version = lambda cmd: subprocess.run(cmd, capture_output=True, text=True).stdout.strip()
    print(f"\nfriskliv {version([FRISKLIV, '--version'])}, DuckDB {version([DUCKDB, '--version'])}, "
          f"Python polars {version([PYTHON, '-c', 'import polars; print(polars.__version__)'])}, "
          f"{os.cpu_count()} cores, medians of {RUNS} alternating runs")
    for n in SIZES:
        print(f"- {n:,} responses: export of {size(n):.0f} MiB")
    print("\n| case | tool | wall | peak RSS | friskliv's wall ÷ this |")
    print("|---|---|---:|---:|---:|")
    for r in RESULTS:
        ours = r["friskliv"][0]
        for tool in ["friskliv", *PEER_NAMES]:
            if tool in r:
                wall, rss = r[tool]
                print(f"| {r['case'] if tool == 'friskliv' else ''} | {tool} | {wall:.3f} s | {rss:.0f} MiB | "
                      f"{'' if tool == 'friskliv' else f'{ours / wall:.2f}×'} |")
    targets(size)


def targets(size):
    by = {r["case"]: r for r in RESULTS}
    checks = []
    big, small = max(SIZES), min(SIZES)
    wall = lambda case, tool="friskliv": by[case][tool][0]
    rss = lambda case: by[case]["friskliv"][1]
    h, o = f"{big:,} responses: report --by year --measure hospitants", f"{big:,} responses: report (the overview)"
    checks.append((f"hospitants at {big:,}: wall ≤ Python polars's ({wall(h) / wall(h, 'polars'):.2f}×)",
                   wall(h) <= wall(h, "polars")))
    checks.append((f"hospitants at {big:,}: wall ≤ 10× wc -l ({wall(h) / wall(h, 'wc -l'):.1f}×)",
                   wall(h) <= 10 * wall(h, "wc -l")))
    checks.append((f"overview at {big:,}: wall ≤ Python polars's ({wall(o) / wall(o, 'polars'):.2f}×)",
                   wall(o) <= wall(o, "polars")))
    for case in (h, o):
        checks.append((f"{case.split(': ')[1]} at {big:,}: peak RSS ≤ 0.75× the export ({rss(case) / size(big):.2f}×)",
                       rss(case) <= 0.75 * size(big)))
    ns = f"{small:,} responses: normalise -o long.parquet"
    checks.append((f"normalise -o long.parquet at {small:,}: wall ≤ DuckDB's unpivot ({wall(ns) / wall(ns, 'DuckDB'):.2f}×)",
                   wall(ns) <= wall(ns, "DuckDB")))
    if big == 10 * small:
        for case in ("report --by year --measure hospitants", "report (the overview)"):
            ratio = wall(f"{big:,} responses: {case}") / wall(f"{small:,} responses: {case}")
            checks.append((f"10× the responses cost ≤ 10.5× the time ({case}: {ratio:.1f}×)", ratio <= 10.5))
        nb = f"{big:,} responses: normalise -o long.parquet"
        checks.append((f"normalise parquet: peak RSS at {big:,} ≤ 2× at {small:,} ({rss(nb) / rss(ns):.2f}×)",
                       rss(nb) <= 2 * rss(ns)))
    c = "config declaring 100,000 centres: schema --part periods"
    checks.append((f"a config of 100,000 centres loads in ≤ 1 s ({wall(c):.2f} s)", wall(c) <= 1.0))
    d = "data/ (real size): report"
    checks.append((f"data/: wall ≤ 0.2× DuckDB's ({wall(d) / wall(d, 'DuckDB'):.2f}×)", wall(d) <= 0.2 * wall(d, "DuckDB")))
    print()
    for what, ok in checks:
        print(f"{'met    ' if ok else 'NOT MET'}  {what}")


if __name__ == "__main__":
    main()
