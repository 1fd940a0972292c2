#!/usr/bin/env python3
"""The tables of bench/peers: Fundus over HTTP (wrk), in-process and PostgreSQL, medians of reps.

index: reads the work folder of one corpus (index.time of /usr/bin/time -v, index-report.json of
fundus-index, index.load with the load averages before and after, corpus.jsonl, index/) and
writes the build's figures as JSON to --out.

table: reads FUNDUS (JSON lines {"workload", "clients", "rep", "wrk": {...}, "load"}), PASS and
INPROCESS (JSON lines of bench/peers_pass.py and bench/inprocess_search; may be missing), PG (the JSON of bench/peers_pg.py, or a
missing file when PostgreSQL was skipped), MEMORY (searchd's VmRSS at rest, under load, after)
and INDEX (the JSON of `index`), prints Markdown tables with a header (the load averages during
the runs) and writes them to --out. Each figure is the median over the repetitions, taken figure
by figure. PASS (bench/peers_pass.py) and INPROCESS are whole passes over the search log, HTTP
and in-process; their table gives HTTP's queries/s over each in-process system's at the same
concurrency.

growth: one row per corpus with raw figures in --dir (bench/out): how the figures grow from
10kGNAD to 100k to 1M documents. Standard library only.
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


def ratio(a, b):
    return "—" if a is None or not b else f"{a / b:.2f}"


def time_v(text, label):
    """A field of /usr/bin/time -v's report, as a number (the wall clock in seconds)."""
    line = next(l for l in text.splitlines() if l.strip().startswith(label))
    value = line.rsplit(": ", 1)[1]
    parts = [float(p) for p in value.split(":")]
    return sum(p * 60 ** (len(parts) - 1 - i) for i, p in enumerate(parts))


def index_figures(args):
    work = args.work
    t = open(os.path.join(work, "index.time")).read()
    report = json.load(open(os.path.join(work, "index-report.json")))
    text = sum(len(r["title"].encode()) + len(r["body"].encode())
               for r in map(json.loads, open(os.path.join(work, "corpus.jsonl"), encoding="utf-8")))
    size = sum(os.path.getsize(os.path.join(d, f))
               for d, _, files in os.walk(os.path.join(work, "index")) for f in files)
    loads = open(os.path.join(work, "index.load")).read().split("\n")
    res = {"documents": report["documents"], "text_bytes": text,
           "wall_s": time_v(t, "Elapsed (wall clock) time"),
           "cpu_s": time_v(t, "User time") + time_v(t, "System time"),
           "peak_rss_kb": int(time_v(t, "Maximum resident set size")), "index_bytes": size,
           "load_before": loads[0].strip(), "load_after": loads[1].strip() if len(loads) > 1 else ""}
    with open(args.out, "w") as f:
        json.dump(res, f, indent=2)
    return 0


def read_jsonl(path):
    if not path or not os.path.exists(path):
        return []
    return [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]


def main_table(fundus, pg):
    lines = ["| workload | clients | Fundus req/s | p50 ms | p95 ms | p99 ms | errors "
             "| PostgreSQL tps | p50 ms | p95 ms | p99 ms | Fundus / PostgreSQL |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for (workload, clients), runs in fundus.items():
        errors = sum(r["non2xx"] + r["socket_errors"] for r in runs)
        rps = median(runs, "rps")
        cells = [workload, str(clients), fmt(rps, 0), fmt(median(runs, "p50_ms")),
                 fmt(median(runs, "p95_ms")), fmt(median(runs, "p99_ms")), str(errors)]
        p = pg.get(clients) if workload == "search" else None
        if p:
            tps = median(p, "tps")
            cells += [fmt(tps, 0), fmt(median(p, "p50_ms")), fmt(median(p, "p95_ms")),
                      fmt(median(p, "p99_ms")), ratio(rps, tps)]
        else:
            cells += ["—"] * 5
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def pass_table(passes, inprocess):
    """Whole passes over the search log: HTTP (bench/peers_pass.py) and in-process, with ratios."""
    if not passes and not inprocess:
        return []
    lines = ["", "| whole passes over the search log | threads / clients | queries/s | p50 ms "
             "| p95 ms | p99 ms | queries that find nothing | HTTP / this |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    names = {"http": "fundus-searchd over HTTP (Python client, keep-alive)",
             "xapian": "raw Xapian in-process (QueryParser, 5 facet spies, top 10 data)",
             "fundus": "Fundus SearchService in-process (no HTTP, no JSON)",
             "fundus+json": "Fundus SearchService + JSON in-process (no HTTP)",
             "xapian-nofacets": "raw Xapian in-process, no facets",
             "fundus-nofacets": "Fundus SearchService in-process, facets=false"}
    rows = {("http", c): runs for c, runs in passes.items()}
    rows.update(inprocess)
    for (system, threads), runs in rows.items():
        http = median(passes.get(threads, []), "qps")
        empty = f"{runs[0]['empty_queries']} of {runs[0]['log_queries']}" if "empty_queries" in runs[0] else ""
        lines.append(f"| {names.get(system, system)} | {threads} | {fmt(median(runs, 'qps'), 0)} | "
                     f"{fmt(median(runs, 'p50_ms'))} | {fmt(median(runs, 'p95_ms'))} | "
                     f"{fmt(median(runs, 'p99_ms'))} | {empty} | "
                     f"{'' if system == 'http' else ratio(http, median(runs, 'qps'))} |")
    return lines


def build_table(index, pg_load):
    mb = index["text_bytes"] / 1e6
    lines = ["", "| index build | Fundus (fundus-index build) | PostgreSQL (COPY + GIN, in bench/peers_pg.py) |",
             "| --- | ---: | ---: |"]
    pg_wall = pg_load["copy_s"] + pg_load["index_s"] if pg_load else None
    rows = [("documents", f"{index['documents']:,}", ""),
            ("text", f"{mb:,.0f} MB", ""),
            ("wall time", f"{index['wall_s']:,.1f} s",
             f"{pg_wall:,.1f} s (COPY {pg_load['copy_s']:,.1f} + GIN {pg_load['index_s']:,.1f})" if pg_load else "—"),
            ("documents/s", f"{index['documents'] / index['wall_s']:,.0f}",
             f"{index['documents'] / pg_wall:,.0f}" if pg_load else "—"),
            ("text MB/s", f"{mb / index['wall_s']:,.2f}", f"{mb / pg_wall:,.2f}" if pg_load else "—"),
            ("CPU time (user + sys)", f"{index['cpu_s']:,.1f} s", ""),
            ("peak memory (max RSS)", f"{index['peak_rss_kb'] / 1024:,.0f} MiB", ""),
            ("size on disk", f"{index['index_bytes'] / 1e6:,.0f} MB",
             f"{pg_load['total_bytes'] / 1e6:,.0f} MB (table + GIN)" if pg_load else "—"),
            ("1-minute load before / after", f"{index['load_before'].split()[0]} / "
             f"{(index['load_after'] or '?').split()[0]}", "")]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return lines


def table(args):
    fundus, loads = {}, []
    for r in read_jsonl(args.fundus):
        loads.append(float(r["load"].split()[0]))
        w = r["wrk"]
        w["rps"] = w["requests"] / (w["duration_us"] / 1e6)
        fundus.setdefault((r["workload"], r["clients"]), []).append(w)
    passes = {}
    for r in read_jsonl(args.passes):
        loads.append(float(r["load"][0]))
        passes.setdefault(r["clients"], []).append(r)
    inprocess = {}
    for r in read_jsonl(args.inprocess):
        loads.append(float(r["load"].split()[0]))
        inprocess.setdefault((r["system"], r["threads"]), []).append(r)
    pg, pg_load = {}, None
    if args.pg_status == "0" and os.path.exists(args.pg):
        data = json.load(open(args.pg))
        for r in data["runs"]:
            pg.setdefault(r["clients"], []).append(r)
            loads.append(float(r["load"][0]))
        pg_load = data.get("load")
        pg_version = (data["version"].split(" on ")[0].split(" ", 2)[-1] +
                      f"; {data['zero_match_queries']} queries of the log match nothing there")
    else:
        pg_version = {"3": "skipped: PostgreSQL is not installed",
                      "off": "left out (--no-pg)"}.get(args.pg_status,
                                                       "failed, see bench/out/peers-*-pg.log")
    lines = main_table(fundus, pg) + pass_table(passes, inprocess)
    mem = json.load(open(args.memory))
    lines += ["", "| fundus-searchd memory | MiB |", "| --- | ---: |"]
    for key, label in (("rest_rss_kb", "VmRSS at rest (started, before any request)"),
                       ("load_rss_kb", "VmRSS under load (largest sample, half way through each run)"),
                       ("after_rss_kb", "VmRSS after the load"),
                       ("after_hwm_kb", "VmHWM (peak resident) after the load")):
        if key in mem:
            lines.append(f"| {label} | {mem[key] / 1024:,.1f} |")
    lines += build_table(json.load(open(args.index)), pg_load)
    text = "\n".join(lines)
    head = (args.header + f" PostgreSQL: {pg_version}. 1-minute load average after each run: "
            f"{min(loads):.2f} to {max(loads):.2f}.")
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(head + "\n\n" + text + "\n")
    print(head + "\n\n" + text)
    return 0


def growth(args):
    """One row per corpus that has raw figures in --dir: how the figures grow with the corpus."""
    lines = ["| corpus | documents | build docs/s | build peak MiB | index MB | search req/s c=1 "
             "| c=2 | search p99 ms c=2 | PostgreSQL tps c=2 | Fundus / PostgreSQL c=2 "
             "| HTTP / in-process c=2 | suggest p99 ms c=2 | related p99 ms c=2 "
             "| searchd MiB at rest | under load |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
             "| ---: | ---: | ---: |"]
    for corpus in ("10kgnad", "gesetze-100k", "gesetze-1m"):
        raw = os.path.join(args.dir, "peers-" + corpus)
        if not os.path.exists(raw + "-fundus.jsonl"):
            continue
        wrk = {}
        for r in read_jsonl(raw + "-fundus.jsonl"):
            w = r["wrk"]
            w["rps"] = w["requests"] / (w["duration_us"] / 1e6)
            wrk.setdefault((r["workload"], r["clients"]), []).append(w)
        inproc = [r for r in read_jsonl(raw + "-inprocess.jsonl")
                  if r["system"] == "fundus" and r["threads"] == 2]
        http_pass = [r for r in read_jsonl(raw + "-pass.jsonl") if r["clients"] == 2]
        pg = json.load(open(raw + "-pg.json"))["runs"] if os.path.exists(raw + "-pg.json") else []
        pg2 = median([r for r in pg if r["clients"] == 2], "tps")
        index = json.load(open(raw + "-index.json"))
        mem = json.load(open(raw + "-memory.json"))
        search2 = median(wrk.get(("search", 2), []), "rps")
        cells = [corpus, f"{index['documents']:,}", fmt(index["documents"] / index["wall_s"], 0),
                 fmt(index["peak_rss_kb"] / 1024, 0), fmt(index["index_bytes"] / 1e6, 0),
                 fmt(median(wrk.get(("search", 1), []), "rps"), 0), fmt(search2, 0),
                 fmt(median(wrk.get(("search", 2), []), "p99_ms")), fmt(pg2, 0), ratio(search2, pg2),
                 ratio(median(http_pass, "qps"), median(inproc, "qps")),
                 fmt(median(wrk.get(("suggest", 2), []), "p99_ms")),
                 fmt(median(wrk.get(("related", 2), []), "p99_ms")),
                 fmt(mem["rest_rss_kb"] / 1024, 0), fmt(mem.get("load_rss_kb", 0) / 1024, 0)]
        lines.append("| " + " | ".join(cells) + " |")
    text = "\n".join(lines)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text + "\n")
    print(text)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    ix = sub.add_parser("index", help="the index build's figures as JSON")
    ix.add_argument("--work", required=True)
    ix.add_argument("--out", required=True)
    tb = sub.add_parser("table", help="the Markdown tables")
    tb.add_argument("--fundus", required=True)
    tb.add_argument("--pass", dest="passes", help="JSON lines of bench/peers_pass.py")
    tb.add_argument("--inprocess", help="JSON lines of bench/inprocess_search")
    tb.add_argument("--pg", required=True)
    tb.add_argument("--pg-status", default="0", help="exit status of bench/peers_pg.py, or off")
    tb.add_argument("--memory", required=True)
    tb.add_argument("--index", required=True, help="the JSON of `peers_report.py index`")
    tb.add_argument("--header", required=True, help="first paragraph of the Markdown file")
    tb.add_argument("--out", required=True)
    gr = sub.add_parser("growth", help="one row per corpus measured: how the figures grow")
    gr.add_argument("--dir", required=True, help="bench/out")
    gr.add_argument("--out", required=True)
    args = ap.parse_args()
    return {"index": index_figures, "table": table, "growth": growth}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
