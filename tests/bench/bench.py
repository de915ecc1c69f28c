#!/usr/bin/env python3
"""socgauge benchmark: the release binary at 100k, 1M and 10M alerts against the references:
the scan limit and floor of tests/bench/floor.rs (the same DuckDB), the bare DuckDB script and the
pandas peer of ../shared/bench (floor_contract.py, peer_pandas.py, on the canonical files of its
gen_canonical.py, October 2026 measured). Prints a table: size, step, median wall time, rows/s,
peak RSS, and the ratio to the bare script and to the scan. Timings are figures to read, never
pass/fail. Steps run alternately (one run of each step, then the next round).

    python3 tests/bench/bench.py                 # 100k and 1M alerts, 3 runs each
    python3 tests/bench/bench.py --sizes 100k,1m,10m --runs 3
    python3 tests/bench/bench.py --threads 2 --memory-limit 2GB
    python3 tests/bench/bench.py --shared ../shared/bench   # where the references are

Builds with `cargo build --release --bin socgauge --example bench-floor` (CARGO_TARGET_DIR
respected) and keeps generated data in --work (default: $CARGO_TARGET_DIR/bench). Without the
shared references (or Python's duckdb and pandas), the data comes from `socgauge sample` and
their rows are left out, said so on the first line.
"""
import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

SIZES = {"100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}
DAYS = 31  # October 2026: the month before --end-month 2026-11
PERIOD = ("2026-10-01", "2026-11-01")


def target_dir(repo):
    return os.environ.get("CARGO_TARGET_DIR") or os.path.join(os.path.expanduser("~"), ".cache", "socgauge-target")


def run(cmd, env=None):
    """Runs cmd; returns (wall seconds, peak RSS in MB). Fails loudly on a non-zero exit."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"command failed ({code}): {' '.join(cmd)}\n{stderr}")
    return wall, usage.ru_maxrss / 1024.0


def rows_in(folder):
    total = 0
    for name in ("incidents.csv", "alerts.csv", "automation.csv"):
        with open(os.path.join(folder, name), "rb") as f:
            total += sum(1 for _ in f) - 1
    return total


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100k,1m", help="comma list of 100k, 1m, 10m")
    ap.add_argument("--runs", type=int, default=3, help="runs per step (median reported)")
    ap.add_argument("--threads", help="passed to socgauge --threads")
    ap.add_argument("--memory-limit", help="passed to socgauge --memory-limit, e.g. 2GB")
    ap.add_argument("--work", help="folder for generated data and databases")
    ap.add_argument("--shared", help="folder of the reference scripts (default: ../shared/bench beside the repo)")
    args = ap.parse_args()

    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    shared = args.shared or os.path.join(os.path.dirname(repo), "shared", "bench")
    references = all(os.path.exists(os.path.join(shared, f))
                     for f in ("gen_canonical.py", "floor_contract.py", "peer_pandas.py"))
    if references:
        probe = subprocess.run([sys.executable, "-c", "import duckdb, pandas"], capture_output=True)
        references = probe.returncode == 0
    tdir = target_dir(repo)
    env = dict(os.environ, CARGO_TARGET_DIR=tdir)
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "socgauge", "--example", "bench-floor"],
                   cwd=repo, env=env, check=True)
    socgauge = os.path.join(tdir, "release", "socgauge")
    floor = os.path.join(tdir, "release", "examples", "bench-floor")
    work = args.work or os.path.join(tdir, "bench")
    os.makedirs(work, exist_ok=True)
    engine = []
    if args.threads:
        engine += ["--threads", args.threads]
    if args.memory_limit:
        engine += ["--memory-limit", args.memory_limit]

    print(f"machine: {platform.node()} · {os.cpu_count()} cores · "
          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB · {platform.platform()}")
    print(f"runs per step: {args.runs} (median, steps alternated)")
    if not references:
        print(f"references of {shared} not found (or Python's duckdb/pandas missing): "
              "data from socgauge sample, no bare-script or pandas rows")
    print()
    base = "bare script" if references else "floor"
    header = (f"{'size':>5}  {'step':<30}{'wall s':>9}{'rows/s':>13}{'peak RSS MB':>13}"
              f"{'× ' + base:>15}{'× scan':>8}")
    print(header)
    print("-" * len(header))
    measured = {}
    for size in [s.strip().lower() for s in args.sizes.split(",") if s.strip()]:
        if size not in SIZES:
            sys.exit(f"unknown size {size}: use 100k, 1m or 10m")
        alerts = SIZES[size]
        if references:
            data = os.path.join(work, f"canonical-{size}")
            if not os.path.exists(os.path.join(data, "automation.csv")):
                run([sys.executable, os.path.join(shared, "gen_canonical.py"), data, str(alerts)])
        else:
            data = os.path.join(work, f"data-{size}-r10")
            if not os.path.exists(os.path.join(data, "automation.csv")):
                per_day = str(-(-alerts // DAYS))
                run([socgauge, "sample", "--out", data, "--stage", "signal-driven", "--incidents-per-alert", "0.1",
                     "--months", "1", "--end-month", "2026-11", "--alerts-per-day", per_day, "--seed", "1"])
        rows = rows_in(data)
        db = os.path.join(work, f"{size}-{'canonical' if references else 'r10'}.db")
        html = os.path.join(work, f"{size}.html")
        month = ["--month", "2026-10"]

        def fresh_ingest():
            for p in (db, db + ".wal"):
                if os.path.exists(p):
                    os.remove(p)
            return run([socgauge, "ingest", *engine, "--db", db, data])

        # The lake of the same rows (export --parquet of a database loaded from the files),
        # written afresh before the steps and not timed: what a run reads when its input is a
        # lake rather than the exports themselves.
        lake = os.path.join(work, f"{size}-lake")
        fresh_ingest()
        run([socgauge, "export", "--parquet", lake, "--db", db, "--force"])

        # A year of history in a lake: the same rows six times, each copy 61 days earlier than
        # the last (the canonical data spans two months), written once and kept; up to 1M only
        # (10M would be 60M alerts). Its October read with --month reads the incidents and the
        # months it reaches; without --month (the same October, the data's last month) every file.
        year_lake = os.path.join(work, f"{size}-year-lake")
        if references and SIZES[size] <= 1_000_000 and not year_lake_current(year_lake):
            write_year_lake(socgauge, data, os.path.join(work, f"{size}-year"), year_lake)
        with_year = os.path.exists(year_lake)

        steps = [
            ("scan limit (DuckDB)", lambda: run([floor, "scan", data])),
            ("floor (DuckDB + queries)", lambda: run([floor, "floor", data])),
        ]
        if references:
            steps += [
                ("bare script (floor_contract)",
                 lambda: run([sys.executable, os.path.join(shared, "floor_contract.py"), data, *PERIOD])),
                ("pandas (peer_pandas)",
                 lambda: run([sys.executable, os.path.join(shared, "peer_pandas.py"), data, *PERIOD])),
            ]
        steps += [
            ("ingest → new db", fresh_ingest),
            ("metrics json on db", lambda: run([socgauge, "metrics", *engine, *month, "--db", db, "--format", "json", "-o", os.devnull])),
            ("report on db", lambda: run([socgauge, "report", *engine, *month, "--db", db, "-o", html])),
            ("metrics json from CSV", lambda: run([socgauge, "metrics", *engine, *month, data, "--format", "json", "-o", os.devnull])),
            ("report from CSV", lambda: run([socgauge, "report", *engine, *month, data, "-o", html])),
            ("metrics json from lake", lambda: run([socgauge, "metrics", *engine, *month, lake, "--format", "json", "-o", os.devnull])),
        ]
        if with_year:
            steps += [
                (YEAR_MONTH, lambda: run([socgauge, "metrics", *engine, *month, year_lake, "--format", "json", "-o", os.devnull])),
                (YEAR_WHOLE, lambda: run([socgauge, "metrics", *engine, year_lake, "--format", "json", "-o", os.devnull])),
            ]
        samples = {name: ([], []) for name, _ in steps}
        # Alternated: one run of every step per round, so that a slow spell of the machine
        # does not fall on one step only.
        for _ in range(args.runs):
            for name, step in steps:
                w, r = step()
                samples[name][0].append(w)
                samples[name][1].append(r)
        results = {name: (statistics.median(w), max(r)) for name, (w, r) in samples.items()}
        scan = results["scan limit (DuckDB)"][0]
        base_t = results["bare script (floor_contract)" if references else "floor (DuckDB + queries)"][0]
        for name, (wall, rss) in results.items():
            print(f"{size:>5}  {name:<30}{wall:>9.2f}{rows / wall:>13,.0f}{rss:>13,.0f}"
                  f"{wall / base_t:>15.2f}{wall / scan:>8.2f}")
        print(f"{'':>5}  ({rows:,} rows: {alerts:,} alerts with their incidents and automation)\n")
        measured[size] = results
    print_targets(measured, references, flags=bool(engine))


YEAR_MONTH = "year lake: metrics --month"
YEAR_WHOLE = "year lake: metrics, every file"


def year_lake_current(lake):
    """Whether the year lake exists and its manifest links the months of every kind (a lake
    written by an earlier socgauge links alerts and automation only, and its incidents are read
    whole): an older one is written again."""
    try:
        with open(os.path.join(lake, "_socgauge_lake.json")) as f:
            return "incidents" in json.load(f).get("month_links_kinds", [])
    except (OSError, ValueError):
        return False


def write_year_lake(socgauge, data, folder, lake):
    """The lake of a year of history (see main): six copies of the canonical files, each shifted
    61 days earlier than the last with its ids prefixed, loaded into a database and exported."""
    import duckdb
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    ids = {"incident_id", "alert_id", "run_id", "redirected_to"}
    copies = []
    for k in range(6):
        out = os.path.join(folder, f"h{k}")
        os.makedirs(out, exist_ok=True)
        for kind in ("incidents", "alerts", "automation"):
            src = os.path.join(data, f"{kind}.csv")
            cols = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM read_csv('{src}', all_varchar = true)").fetchall()]
            exprs = []
            for c in cols:
                if c.endswith("_at"):
                    exprs.append(f"CASE WHEN \"{c}\" IS NULL THEN NULL ELSE strftime(CAST(\"{c}\" AS TIMESTAMPTZ) - INTERVAL {61 * k} DAY, '%Y-%m-%dT%H:%M:%SZ') END AS \"{c}\"")
                elif c in ids:
                    exprs.append(f"CASE WHEN \"{c}\" IS NULL THEN NULL ELSE 'h{k}-' || \"{c}\" END AS \"{c}\"")
                else:
                    exprs.append(f"\"{c}\"")
            con.execute(f"COPY (SELECT {', '.join(exprs)} FROM read_csv('{src}', all_varchar = true)) "
                        f"TO '{os.path.join(out, kind + '.csv')}' (HEADER)")
        copies.append(out)
    db = os.path.join(folder, "year.db")
    for p in (db, db + ".wal"):
        if os.path.exists(p):
            os.remove(p)
    run([socgauge, "ingest", "--db", db, *copies])
    run([socgauge, "export", "--parquet", lake, "--db", db, "--force"])
    shutil.rmtree(folder)


BARE = "bare script (floor_contract)"
PANDAS = "pandas (peer_pandas)"
OURS = ("ingest → new db", "metrics json on db", "report on db", "metrics json from CSV", "report from CSV",
        "metrics json from lake")


def print_targets(measured, references, flags):
    """The performance targets (issue 19), each with what this run measured and whether it is
    met. A target this run cannot judge (a size not run, references missing, flags given) says
    why instead of a verdict."""
    def verdict(ok):
        return "met" if ok else "NOT MET"

    lines = []
    sizes = [s for s in SIZES if s in measured]
    for size in sizes:
        r = measured[size]
        if references:
            bare = r[BARE][0]
            for step, limit in (("metrics json from CSV", 1.25), ("report from CSV", 1.25), ("ingest → new db", 1.5)):
                ratio = r[step][0] / bare
                lines.append((f"{step} ≤ {limit}× bare script", size, f"{ratio:.2f}×", verdict(ratio <= limit)))
            pandas = r[PANDAS][0]
            for step in OURS[1:]:
                ratio = r[step][0] / pandas
                lines.append((f"{step} faster than pandas", size, f"{ratio:.2f}× pandas", verdict(ratio < 1.0)))
        peak = max(r[step][1] for step in OURS)
        if flags:
            lines.append(("peak RSS ≤ 2 GB without flags", size, f"{peak:,.0f} MB", "not judged: flags given"))
        else:
            lines.append(("peak RSS ≤ 2 GB without flags", size, f"{peak:,.0f} MB", verdict(peak <= 2048)))
    if "10m" in measured:
        r = measured["10m"]
        for step, limit in (("metrics json on db", 1.0), ("report on db", 1.5)):
            wall = r[step][0]
            lines.append((f"a month on the 10M db: {step.split()[0]} ≤ {limit} s", "10m", f"{wall:.2f} s",
                          verdict(wall <= limit)))
    else:
        lines.append(("a month on the 10M db: metrics ≤ 1 s, report ≤ 1.5 s", "10m", "—", "not judged: 10m not run"))
    for small, large in zip(sizes, sizes[1:]):
        scale = SIZES[large] / SIZES[small]
        for step in OURS:
            ratio = measured[large][step][0] / measured[small][step][0]
            lines.append((f"{scale:.0f}× the data ≤ {scale:.0f}× the time: {step}", f"{small}→{large}",
                          f"{ratio:.1f}×", verdict(ratio <= scale)))
    if len(sizes) < 2:
        lines.append(("10× the data ≤ 10× the time", "—", "—", "not judged: one size run"))
    year_sizes = [size for size in sizes if YEAR_MONTH in measured[size]]
    for size in year_sizes:
        r = measured[size]
        ratio = r[YEAR_MONTH][0] / r["metrics json from lake"][0]
        lines.append(("a month over 12 months of a lake ≤ 1.5× one month", size, f"{ratio:.2f}×",
                      verdict(ratio <= 1.5)))
    if not year_sizes:
        lines.append(("a month over 12 months of a lake ≤ 1.5× one month", "—", "—",
                      "not judged: the year lake is built at 100k and 1m only, with the references"))
    print("targets (issue 19; gaps explained in README, Performance)")
    width = max(len(t) for t, *_ in lines)
    for target, size, value, status in lines:
        print(f"  {target:<{width}}  {size:>8}  {value:>14}  {status}")


if __name__ == "__main__":
    main()
