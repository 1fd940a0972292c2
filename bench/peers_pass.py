#!/usr/bin/env python3
"""Whole passes over the search log against fundus-searchd, for bench/peers' HTTP / in-process ratio.

wrk cycles through the log for a fixed time; on a large corpus a run of a few seconds covers only
the head of the log, and queries differ a hundredfold in cost, so its throughput depends on which
queries fit in. This sends every query of the log exactly once per pass (/api/search with the
line's filters, as bench/peers.lua builds it), from CLIENTS threads sharing the log, over
keep-alive connections, and prints one JSON line per pass: {"clients", "rep", "queries",
"seconds", "qps", "p50_ms", "p95_ms", "p99_ms", "load"}; bench/inprocess_search does the same
passes in-process. The client is Python: it spends about a tenth of a millisecond per request
of the same two cores. Standard library only.
"""
import argparse
import http.client
import itertools
import json
import sys
import threading
import time
import urllib.parse

from peers_pg import percentile


def paths(log):
    out = []
    for line in open(log, encoding="utf-8"):
        q, _, filters = line.rstrip("\n").partition("\t")
        if q:
            out.append("/api/search?q=" + urllib.parse.quote(q, safe="") +
                       ("&" + filters if filters else ""))
    return out


def one_pass(host, port, requests, clients):
    """Every path once, spread over `clients` threads; returns (seconds, latencies in ms)."""
    queue = iter(requests)
    lock = threading.Lock()
    latencies, errors = [], []

    def client():
        conn = http.client.HTTPConnection(host, port)
        while True:
            with lock:
                path = next(queue, None)
            if path is None:
                return
            start = time.perf_counter()
            conn.request("GET", path)
            resp = conn.getresponse()
            resp.read()
            ms = (time.perf_counter() - start) * 1000
            with lock:
                latencies.append(ms)
                if resp.status != 200:
                    errors.append(resp.status)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise RuntimeError(f"{len(errors)} requests failed, e.g. status {errors[0]}")
    return time.perf_counter() - start, latencies


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", required=True, help="http://127.0.0.1:PORT")
    ap.add_argument("--queries", required=True, help="the query log")
    ap.add_argument("--clients", default="1,2")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--warm-up", action="store_true", help="one pass with one client, no output")
    args = ap.parse_args()
    url = urllib.parse.urlparse(args.url)
    requests = paths(args.queries)
    if args.warm_up:
        one_pass(url.hostname, url.port, requests, 1)
        return 0
    for clients, rep in itertools.product(map(int, args.clients.split(",")), range(1, args.reps + 1)):
        seconds, lat = one_pass(url.hostname, url.port, requests, clients)
        print(json.dumps({"clients": clients, "rep": rep, "queries": len(lat), "seconds": seconds,
                          "qps": len(lat) / seconds, "p50_ms": percentile(lat, 0.50),
                          "p95_ms": percentile(lat, 0.95), "p99_ms": percentile(lat, 0.99),
                          "load": open("/proc/loadavg").read().split()[:3]}), flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (OSError, RuntimeError, http.client.HTTPException) as e:
        print(f"peers_pass.py: {e}", file=sys.stderr)
        sys.exit(1)
