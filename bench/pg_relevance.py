#!/usr/bin/env python3
"""The PostgreSQL peer of bench/relevance: german full-text search over the XQuAD paragraphs.

Creates a throwaway cluster (initdb in a temporary folder, unix socket only, no TCP), loads the
240 paragraphs with COPY, runs the 1,190 questions twice -- websearch_to_tsquery('german', q),
which ANDs the words, and an OR of the question's lexemes -- both ranked with ts_rank_cd (ties
by paragraph number), and writes each question's top 10 paragraph numbers as
"QUESTION<TAB>DOC DOC ..." to OUT_DIR/websearch.tsv and OUT_DIR/or.tsv. The cluster is stopped
and removed at the end, also on errors. Standard library only; talks to the server with psql.

Exit status: 0 done, 3 PostgreSQL is not installed (the caller reports it as skipped), 1 error.
"""
import argparse
import csv
import json
import os
import shutil
import subprocess
import sys

from pg_common import find_bindir, private_cluster_dir

NOT_INSTALLED = 3

# Ranked lists for every question in one statement; QUERY_EXPR is the tsquery of qs.q.
RANKING_SQL = """
\\copy (WITH tq AS (SELECT id, {query} AS query FROM qs), \
hits AS (SELECT tq.id AS qid, d.id AS doc, row_number() OVER (PARTITION BY tq.id \
ORDER BY ts_rank_cd(d.tsv, tq.query) DESC, d.id) AS rn FROM tq JOIN docs d ON d.tsv @@ tq.query) \
SELECT tq.id, coalesce(string_agg(h.doc::text, ' ' ORDER BY h.rn), '') FROM tq \
LEFT JOIN hits h ON h.qid = tq.id AND h.rn <= 10 GROUP BY tq.id ORDER BY tq.id) TO '{out}'
"""

WEBSEARCH = "websearch_to_tsquery('german', q)"
# The question's lexemes (as to_tsvector('german') makes them: stemmed, stop words removed),
# each quoted as a tsquery operand, joined with |.
LEXEME_OR = ("(SELECT string_agg('''' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') "
             "|| '''', ' | ') FROM unnest(to_tsvector('german', q)))::tsquery")


class Cluster:
    """A throwaway PostgreSQL cluster in a temporary folder, reached through a unix socket."""

    def __init__(self, bindir, log):
        self.bindir = bindir
        self.log = log
        self.tmp, self.as_user = private_cluster_dir("fundus-pg-")
        self.data = os.path.join(self.tmp, "data")
        self.port = "5439"
        self.started = False

    def run(self, args, **kw):
        cmd = self.as_user + [os.path.join(self.bindir, args[0])] + args[1:]
        subprocess.run(cmd, check=True, stdout=self.log, stderr=self.log, **kw)

    def start(self):
        self.run(["initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync"])
        opts = f"-c listen_addresses='' -k {self.tmp} -p {self.port} -c fsync=off"
        self.run(["pg_ctl", "-D", self.data, "-o", opts, "-l", os.path.join(self.tmp, "server.log"),
                  "-w", "start"])
        self.started = True

    def psql(self, script):
        cmd = [os.path.join(self.bindir, "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", self.tmp,
               "-p", self.port, "-U", "postgres", "-d", "postgres"]
        subprocess.run(cmd, input=script, text=True, check=True, stdout=self.log, stderr=self.log)

    def stop(self):
        try:
            if self.started:
                self.run(["pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop"])
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)


def load_xquad(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)["data"]
    docs, questions = [], []
    for article in data:
        for paragraph in article["paragraphs"]:
            docs.append((article.get("title", ""), paragraph["context"]))
            for qa in paragraph["qas"]:
                questions.append(qa["question"])
    return docs, questions


def write_csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--xquad", required=True, help="xquad.de.json")
    ap.add_argument("--out-dir", required=True)
    ap.add_argument("--with-titles", action="store_true", help="index the article slug too")
    args = ap.parse_args()

    bindir = find_bindir(("initdb", "pg_ctl", "psql"))
    if bindir is None:
        print("PostgreSQL is not installed (apt-get install -y postgresql)", file=sys.stderr)
        return NOT_INSTALLED
    os.makedirs(args.out_dir, exist_ok=True)
    out_dir = os.path.abspath(args.out_dir)
    docs, questions = load_xquad(args.xquad)
    with open(os.path.join(out_dir, "pg.log"), "w") as log:
        cluster = Cluster(bindir, log)
        try:
            cluster.start()
            docs_csv = os.path.join(cluster.tmp, "docs.csv")
            qs_csv = os.path.join(cluster.tmp, "questions.csv")
            write_csv(docs_csv, [(i, (t.replace("_", " ") + "\n" if args.with_titles else "") + text)
                                 for i, (t, text) in enumerate(docs)])
            write_csv(qs_csv, enumerate(questions))
            # The result files are written by psql (client side), as this user.
            script = f"""
CREATE TABLE docs (id int PRIMARY KEY, body text NOT NULL);
CREATE TABLE qs (id int PRIMARY KEY, q text NOT NULL);
\\copy docs FROM '{docs_csv}' WITH (FORMAT csv)
\\copy qs FROM '{qs_csv}' WITH (FORMAT csv)
ALTER TABLE docs ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('german', body)) STORED;
CREATE INDEX docs_tsv ON docs USING gin (tsv);
ANALYZE docs;
"""
            script += RANKING_SQL.format(query=WEBSEARCH, out=os.path.join(out_dir, "websearch.tsv"))
            script += RANKING_SQL.format(query=LEXEME_OR, out=os.path.join(out_dir, "or.tsv"))
            cluster.psql(script)
        finally:
            cluster.stop()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (subprocess.CalledProcessError, RuntimeError, OSError) as e:
        print(f"pg_relevance.py: {e}", file=sys.stderr)
        sys.exit(1)
