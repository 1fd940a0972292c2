#!/usr/bin/env python3
"""The PostgreSQL peer of bench/index_build: bulk load plus GIN index of the same documents.

Creates a throwaway cluster (initdb in a temporary folder as the postgres user when run as root,
unix socket only), runs the server in the foreground under /usr/bin/time -v (so that its peak
memory is measured: the largest resident set among the postmaster and its backends), and times,
each with psql's \\timing:

  COPY   docs(id, title, body) FROM the CSV, into a table whose tsvector column is computed while
         loading: tsv GENERATED ALWAYS AS (to_tsvector('german', title || ' ' || body)) STORED,
         as a PostgreSQL full-text setup keeps it for ranking (ts_rank needs the positions);
  INDEX  CREATE INDEX ... USING gin (tsv).

Settings: fsync on (Fundus fsyncs its commit too), wal_level=minimal so that a COPY into a table
created in the same transaction writes no WAL, maintenance_work_mem=256MB for the GIN build, the
rest PostgreSQL's defaults. Writes a JSON object to --out: copy_s, index_s, total_s, table_bytes
(table + TOAST), index_bytes (GIN), total_bytes, peak_rss_kb, version, settings.

Exit status: 0 done, 3 PostgreSQL is not installed, 1 error. Standard library only.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

from pg_common import find_bindir, private_cluster_dir, timings

NOT_INSTALLED = 3
SETTINGS = {"fsync": "on", "wal_level": "minimal", "max_wal_senders": "0",
            "maintenance_work_mem": "256MB", "listen_addresses": ""}


class Cluster:
    """A throwaway cluster whose server runs in the foreground under /usr/bin/time -v."""

    def __init__(self, bindir, log):
        self.bindir, self.log = bindir, log
        self.tmp, self.as_user = private_cluster_dir("fundus-pg-bench-")
        self.data = os.path.join(self.tmp, "data")
        self.time_file = os.path.join(self.tmp, "server.time")
        self.port = "5441"
        self.server = None

    def start(self):
        subprocess.run(self.as_user + [os.path.join(self.bindir, "initdb"), "-D", self.data, "-U",
                                       "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
                       check=True, stdout=self.log, stderr=self.log)
        opts = []
        for k, v in SETTINGS.items():
            opts += ["-c", f"{k}={v}"]
        self.server = subprocess.Popen(
            self.as_user + ["/usr/bin/time", "-v", "-o", self.time_file,
                            os.path.join(self.bindir, "postgres"), "-D", self.data, "-k", self.tmp,
                            "-p", self.port] + opts, stdout=self.log, stderr=self.log)
        for _ in range(300):
            ready = subprocess.run([os.path.join(self.bindir, "pg_isready"), "-h", self.tmp, "-p",
                                    self.port, "-q"])
            if ready.returncode == 0:
                return
            time.sleep(0.1)
        raise RuntimeError("the PostgreSQL server did not start")

    def psql(self, script):
        cmd = [os.path.join(self.bindir, "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
               "-h", self.tmp, "-p", self.port, "-U", "postgres", "-d", "postgres"]
        return subprocess.run(cmd, input=script, text=True, check=True, capture_output=True).stdout

    def stop(self):
        """Stops the server (smart shutdown: SIGTERM) and returns its peak RSS in kB."""
        peak = None
        try:
            if self.server is not None:
                subprocess.run(self.as_user + [os.path.join(self.bindir, "pg_ctl"), "-D", self.data,
                                               "-m", "fast", "-w", "stop"],
                               stdout=self.log, stderr=self.log)
                self.server.wait(timeout=120)
                with open(self.time_file) as f:
                    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", f.read())
                    peak = int(m.group(1)) if m else None
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)
        return peak


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--csv", required=True, help="id,title,body CSV (bench/index_build_corpus.py)")
    ap.add_argument("--out", required=True, help="JSON result file")
    ap.add_argument("--log", required=True, help="server and tool log")
    args = ap.parse_args()
    bindir = find_bindir(("initdb", "postgres", "psql"))
    if bindir is None:
        print("PostgreSQL is not installed (apt-get install -y postgresql)", file=sys.stderr)
        return NOT_INSTALLED
    csv_path = os.path.abspath(args.csv)
    with open(args.log, "w") as log:
        cluster = Cluster(bindir, log)
        peak = None
        try:
            cluster.start()
            out = cluster.psql(f"""
\\timing on
BEGIN;
CREATE TABLE docs (id text PRIMARY KEY, title text NOT NULL, body text NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (to_tsvector('german', title || ' ' || body)) STORED);
\\copy docs (id, title, body) FROM '{csv_path}' WITH (FORMAT csv)
CREATE INDEX docs_tsv ON docs USING gin (tsv);
COMMIT;
\\timing off
SELECT pg_total_relation_size('docs') - pg_indexes_size('docs'), pg_relation_size('docs_tsv'),
  pg_total_relation_size('docs'), (SELECT count(*) FROM docs), version();
""")
            ms = timings(out)
            # BEGIN, CREATE TABLE, COPY, CREATE INDEX, COMMIT
            if len(ms) < 5:
                raise RuntimeError("unexpected psql output: " + out)
            row = [line for line in out.splitlines() if line.count("|") == 4][-1].split("|")
        finally:
            peak = cluster.stop()
    result = {"copy_s": ms[2] / 1000, "index_s": ms[3] / 1000, "total_s": sum(ms) / 1000,
              "table_bytes": int(row[0]), "index_bytes": int(row[1]), "total_bytes": int(row[2]),
              "documents": int(row[3]), "peak_rss_kb": peak, "version": row[4],
              "settings": SETTINGS}
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (subprocess.CalledProcessError, RuntimeError, OSError, KeyError) as e:
        print(f"index_build_pg.py: {e}", file=sys.stderr)
        sys.exit(1)
