#!/usr/bin/env python3
"""The table of bench/peers: Fundus over HTTP (wrk) against PostgreSQL (pgbench), medians of reps.

Reads FUNDUS (JSON lines {"workload", "clients", "rep", "wrk": {...}, "load"}), PG (the JSON of
bench/peers_pg.py, or a missing file when PostgreSQL was skipped) and MEMORY (JSON of searchd's
VmRSS/VmHWM), prints one Markdown table with a header (the load averages during the runs) and writes it to --out. Each figure is the
median over the repetitions, taken figure by figure. Standard library only.
"""
import argparse
import json
import os
import statistics
import sys


def median(runs, key):
    return statistics.median(r[key] for r in runs) if runs else None


def fmt(x, digits=2):
    return "—" if x is None else f"{x:,.{digits}f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fundus", required=True)
    ap.add_argument("--pg", required=True)
    ap.add_argument("--pg-status", default="0", help="exit status of bench/peers_pg.py, or off")
    ap.add_argument("--memory", required=True)
    ap.add_argument("--header", required=True, help="first paragraph of the Markdown file")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    fundus = {}
    loads = []
    for line in open(args.fundus, encoding="utf-8"):
        r = json.loads(line)
        loads.append(float(r["load"].split()[0]))
        w = r["wrk"]
        w["rps"] = w["requests"] / (w["duration_us"] / 1e6)
        fundus.setdefault((r["workload"], r["clients"]), []).append(w)
    pg = {}
    if args.pg_status == "0" and os.path.exists(args.pg):
        data = json.load(open(args.pg))
        for r in data["runs"]:
            pg.setdefault(r["clients"], []).append(r)
            loads.append(float(r["load"][0]))
        pg_version = (data["version"].split(" on ")[0].split(" ", 2)[-1] +
                      f"; {data['zero_match_queries']} queries of the log match nothing there")
    else:
        pg_version = {"3": "skipped: PostgreSQL is not installed",
                      "off": "left out (--no-pg)"}.get(args.pg_status,
                                                       "failed, see bench/out/peers_pg.log")
    lines = ["| workload | clients | Fundus req/s | p50 ms | p95 ms | p99 ms | errors "
             "| PostgreSQL tps | p50 ms | p95 ms | p99 ms | Fundus / PostgreSQL (throughput) |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for (workload, clients), runs in fundus.items():
        errors = sum(r["non2xx"] + r["socket_errors"] for r in runs)
        rps = median(runs, "rps")
        cells = [workload, str(clients), fmt(rps, 0), fmt(median(runs, "p50_ms")),
                 fmt(median(runs, "p95_ms")), fmt(median(runs, "p99_ms")), str(errors)]
        p = pg.get(clients) if workload.startswith("search") else None
        if p:
            tps = median(p, "tps")
            cells += [fmt(tps, 0), fmt(median(p, "p50_ms")), fmt(median(p, "p95_ms")),
                      fmt(median(p, "p99_ms")), f"{rps / tps:.2f}"]
        else:
            cells += ["—"] * 5
        lines.append("| " + " | ".join(cells) + " |")
    mem = json.load(open(args.memory))
    lines += ["", "| fundus-searchd memory | MiB |", "| --- | ---: |"]
    for key, label in (("rest_rss_kb", "VmRSS at rest (started, before any request)"),
                       ("after_rss_kb", "VmRSS after the load"),
                       ("after_hwm_kb", "VmHWM (peak resident) after the load")):
        lines.append(f"| {label} | {mem[key] / 1024:,.1f} |")
    table = "\n".join(lines)
    head = (args.header + f" PostgreSQL: {pg_version}. 1-minute load average after each run: "
            f"{min(loads):.2f} to {max(loads):.2f}.")
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(head + "\n\n" + table + "\n")
    print(head + "\n\n" + table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
