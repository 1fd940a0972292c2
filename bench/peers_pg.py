#!/usr/bin/env python3
"""The PostgreSQL peer of bench/peers: the same query log under pgbench, German full-text search.

Creates a throwaway cluster like bench/index_build_pg.py (initdb in a temporary folder as the
postgres user when run as root, unix socket only, PostgreSQL's default settings), loads the
10kGNAD articles (CSV "id,title,body,topic" of bench/peers_corpus.py) into

  docs(id, title, body, topic, tsv GENERATED ALWAYS AS (setweight(to_tsvector('german', title), 'A')
       || setweight(to_tsvector('german', body), 'D')) STORED) with a GIN index on tsv,

and the query log into queries(id, q, topic). One pgbench transaction is one query of the log,
picked with \\set i random(1, N), in two statements: the top 10 of websearch_to_tsquery('german',
q) by ts_rank_cd (with the topic filter when the query has one) with a ts_headline snippet of
each hit, and the facet: the count per topic of all matches (without the query's own topic
filter, as Fundus counts a facet with a selection). pgbench runs CLIENTS clients (threads: at
most 2) for --duration seconds, --reps times each, with a per-transaction log from which the
latency percentiles are taken. Writes to --out {"version", "zero_match_queries" (queries of the
log that match nothing), "load": {"copy_s", "index_s" (the GIN build), "total_bytes"}, "runs": [...]}, each run {"clients", "rep", "tps", "transactions", "failed", "p50_ms", "p95_ms", "p99_ms", "mean_ms"}.

Exit status: 0 done, 3 PostgreSQL is not installed, 1 error. Standard library only.
"""
import argparse
import csv
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from pg_common import find_bindir, private_cluster_dir, timings

NOT_INSTALLED = 3

SCRIPT = """\\set i random(1, {n})
WITH q AS (SELECT websearch_to_tsquery('german', q) AS tq, topic FROM queries WHERE id = :i),
top AS (SELECT d.id, d.title, d.body, ts_rank_cd(d.tsv, q.tq) AS rank FROM docs d, q
        WHERE d.tsv @@ q.tq AND (q.topic IS NULL OR d.topic = q.topic)
        ORDER BY rank DESC, d.id LIMIT 10)
SELECT top.id, top.title, ts_headline('german', top.body, q.tq, 'MaxWords=30, MinWords=15, MaxFragments=1'), top.rank
FROM top, q ORDER BY top.rank DESC, top.id;
SELECT d.topic, count(*) FROM docs d
WHERE d.tsv @@ (SELECT websearch_to_tsquery('german', q) FROM queries WHERE id = :i)
GROUP BY d.topic ORDER BY count(*) DESC, d.topic;
"""


class Cluster:
    """A throwaway cluster in a temporary folder, reached through a unix socket only."""

    def __init__(self, bindir, log, workdir):
        self.bindir, self.log = bindir, log
        self.tmp, self.as_user = private_cluster_dir("fundus-pg-peers-", workdir)
        self.data = os.path.join(self.tmp, "data")
        self.port = "5442"
        self.server = None

    def tool(self, name):
        return os.path.join(self.bindir, name)

    def start(self):
        subprocess.run(self.as_user + [self.tool("initdb"), "-D", self.data, "-U", "postgres",
                                       "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
                       check=True, stdout=self.log, stderr=self.log)
        self.server = subprocess.Popen(
            self.as_user + [self.tool("postgres"), "-D", self.data, "-k", self.tmp, "-p", self.port,
                            "-c", "listen_addresses="], stdout=self.log, stderr=self.log)
        for _ in range(300):
            if self.server.poll() is not None:
                raise RuntimeError("the PostgreSQL server exited at start, see the log")
            ready = subprocess.run([self.tool("pg_isready"), "-h", self.tmp, "-p", self.port, "-q"])
            if ready.returncode == 0:
                return
            time.sleep(0.1)
        raise RuntimeError("the PostgreSQL server did not start")

    def conn(self):
        return ["-h", self.tmp, "-p", self.port, "-U", "postgres"]

    def psql(self, script):
        cmd = [self.tool("psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"] + self.conn() + \
              ["-d", "postgres"]
        return subprocess.run(cmd, input=script, text=True, check=True, capture_output=True).stdout

    def stop(self):
        try:
            if self.server is not None and self.server.poll() is None:
                subprocess.run(self.as_user + [self.tool("pg_ctl"), "-D", self.data, "-m", "fast",
                                               "-w", "stop"], stdout=self.log, stderr=self.log)
                self.server.wait(timeout=120)
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)


def percentile(values, share):
    values = sorted(values)
    if not values:
        return 0.0
    rank = max(1, math.ceil(share * len(values)))
    return values[min(len(values), rank) - 1]


def load(cluster, corpus_csv, queries_file, tmp):
    rows = []
    with open(queries_file, encoding="utf-8") as f:
        for n, line in enumerate((l.rstrip("\n") for l in f if l.strip()), start=1):
            query, _, filters = line.partition("\t")
            topic = dict(p.split("=", 1) for p in filters.split("&") if "=" in p).get("topic", "")
            rows.append([n, query, topic])
    qcsv = os.path.join(tmp, "queries.csv")
    with open(qcsv, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    os.chmod(qcsv, 0o644)
    out = cluster.psql(f"""
\\timing on
CREATE TABLE docs (id text PRIMARY KEY, title text NOT NULL, body text NOT NULL, topic text NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (setweight(to_tsvector('german', title), 'A') ||
                                    setweight(to_tsvector('german', body), 'D')) STORED);
\\copy docs (id, title, body, topic) FROM '{os.path.abspath(corpus_csv)}' WITH (FORMAT csv, FORCE_NOT_NULL (title, body))
CREATE INDEX docs_tsv ON docs USING gin (tsv);
\\timing off
CREATE TABLE queries (id int PRIMARY KEY, q text NOT NULL, topic text);
\\copy queries FROM '{qcsv}' WITH (FORMAT csv)
UPDATE queries SET topic = NULL WHERE topic = '';
VACUUM ANALYZE;
SELECT count(*) FROM queries q WHERE NOT EXISTS
  (SELECT 1 FROM docs d WHERE d.tsv @@ websearch_to_tsquery('german', q.q)
   AND (q.topic IS NULL OR d.topic = q.topic));
SELECT pg_total_relation_size('docs');
SELECT (SELECT count(*) FROM docs) || ' ' || (SELECT count(*) FROM queries) || ' ' || version();
""")
    ms = timings(out)  # CREATE TABLE, COPY, CREATE INDEX
    lines = [line for line in out.strip().splitlines() if not line.startswith("Time: ")]
    built = {"copy_s": ms[1] / 1000, "index_s": ms[2] / 1000, "total_bytes": int(lines[-2])}
    return lines[-1], len(rows), int(lines[-3]), built


def bench(cluster, script, clients, duration, rep, tmp):
    logdir = tempfile.mkdtemp(prefix="log-", dir=tmp)
    os.chmod(logdir, 0o777)
    cmd = [cluster.tool("pgbench"), "-n", "-M", "prepared", "-f", script, "-c", str(clients),
           "-j", str(min(clients, 2)), "-T", str(duration), "-l",
           "--log-prefix", os.path.join(logdir, "tx")] + cluster.conn() + ["postgres"]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        raise RuntimeError("pgbench failed: " + res.stderr[-2000:])
    tps = float(re.search(r"tps = ([\d.]+)", res.stdout).group(1))
    failed = re.search(r"number of failed transactions: (\d+)", res.stdout)
    lat = []
    for name in os.listdir(logdir):
        with open(os.path.join(logdir, name)) as f:
            lat += [int(line.split()[2]) / 1000 for line in f if line.strip()]
    shutil.rmtree(logdir, ignore_errors=True)
    return {"clients": clients, "rep": rep, "tps": tps, "transactions": len(lat),
            "failed": int(failed.group(1)) if failed else 0,
            "p50_ms": percentile(lat, 0.50), "p95_ms": percentile(lat, 0.95),
            "p99_ms": percentile(lat, 0.99), "mean_ms": sum(lat) / max(1, len(lat))}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--csv", required=True, help="id,title,body,topic CSV (bench/peers_corpus.py)")
    ap.add_argument("--queries", required=True, help="the query log")
    ap.add_argument("--clients", default="1,2,8")
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--work", required=True, help="a folder for the cluster (removed after)")
    ap.add_argument("--out", required=True, help="JSON result file")
    ap.add_argument("--log", required=True, help="server and tool log")
    args = ap.parse_args()
    bindir = find_bindir(("initdb", "postgres", "psql", "pg_ctl", "pgbench"))
    if bindir is None:
        print("PostgreSQL is not installed (apt-get install -y postgresql)", file=sys.stderr)
        return NOT_INSTALLED
    runs = []
    with open(args.log, "w") as log:
        cluster = Cluster(bindir, log, args.work)
        try:
            cluster.start()
            info, n, zero, built = load(cluster, args.csv, args.queries, cluster.tmp)
            print(f"peers_pg.py: loaded {info} (COPY {built['copy_s']:.1f} s, GIN "
                  f"{built['index_s']:.1f} s); {zero} queries match nothing", file=sys.stderr)
            script = os.path.join(cluster.tmp, "peers.sql")
            with open(script, "w") as f:
                f.write(SCRIPT.format(n=n))
            os.chmod(script, 0o644)
            bench(cluster, script, 1, 2, 0, cluster.tmp)  # warm-up: caches, prepared plans
            for clients in map(int, args.clients.split(",")):
                for rep in range(1, args.reps + 1):
                    r = bench(cluster, script, clients, args.duration, rep, cluster.tmp)
                    r["load"] = open("/proc/loadavg").read().split()[:3]
                    print(f"peers_pg.py: {clients} clients, rep {rep}: {r['tps']:.0f} tps, "
                          f"p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms", file=sys.stderr)
                    runs.append(r)
        finally:
            cluster.stop()
    with open(args.out, "w") as f:
        json.dump({"version": info, "zero_match_queries": zero, "load": built, "runs": runs}, f, indent=2)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (subprocess.CalledProcessError, RuntimeError, OSError) as e:
        detail = getattr(e, "stderr", None)
        print(f"peers_pg.py: {e}" + (f": {detail}" if detail else ""), file=sys.stderr)
        sys.exit(1)
