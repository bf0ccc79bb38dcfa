"""Time `kg serve`: store load, startup, and requests/s for a simple query from N loopback clients.

    python scripts/bench_serve.py --out output [--clients 8] [--seconds 5] [--fresh]

Prints, for the graph in OUT/graph.trig: the time to load the pyoxigraph store (only when
there is no cached store for this file, or with --fresh), the time from start_server() to
the first answer, and requests/s through the front (/sparql) and straight to the oxigraph
process behind it, each client a separate process with a kept-alive connection, for a
bounded number of seconds. Not a test: numbers depend on the machine.
"""
from __future__ import annotations

import argparse
import http.client
import multiprocessing as mp
import os
import shutil
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.oxistore import CACHE_DIR, ensure_store
from kg.serve import Limits, start_server

SIMPLE = """PREFIX kg: <https://w3id.org/policy-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?label WHERE { ?e a kg:Region ; skos:prefLabel ?label } LIMIT 10"""


def _client(port: int, path: str, seconds: float, max_requests: int, results: mp.Queue) -> None:  # type: ignore[type-arg]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    done = errors = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and done + errors < max_requests:
        try:
            conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
            response = conn.getresponse()
            response.read()
        except (http.client.HTTPException, OSError):
            errors += 1  # dropped connection: count it and go on with a new one
            conn.close()
            continue
        if response.status == 200:
            done += 1
        else:
            errors += 1
    conn.close()
    results.put((done, errors))


def rate(port: int, target: str, query: str, clients: int, seconds: float) -> tuple[float, int]:
    """(requests/s, errors) of `clients` processes sending `query` to http://127.0.0.1:port/target."""
    path = f"/{target}?" + urllib.parse.urlencode({"query": query})
    results: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    procs = [mp.Process(target=_client, args=(port, path, seconds, 1_000_000, results)) for _ in range(clients)]
    started = time.monotonic()
    for p in procs:
        p.start()
    counts = [results.get(timeout=seconds + 60) for _ in procs]
    elapsed = time.monotonic() - started
    for p in procs:
        p.join(timeout=10)
    return sum(c[0] for c in counts) / elapsed, sum(c[1] for c in counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("output"))
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--query", default=SIMPLE)
    parser.add_argument("--fresh", action="store_true", help="drop the cached store first, to time the load")
    args = parser.parse_args()

    if args.fresh:
        shutil.rmtree(args.out / CACHE_DIR, ignore_errors=True)
    t = time.perf_counter()
    info = ensure_store(args.out)
    took = time.perf_counter() - t
    print(f"graph: {info.source} ({os.path.getsize(info.source) / 1e6:.1f} MB), {info.triples} triples in the union")
    print(f"store: {'loaded' if info.loaded else 'from cache'} in {took:.2f} s ({info.path})")

    quiet: list[str] = []
    t = time.perf_counter()
    server = start_server(args.out, port=0, limits=Limits(timeout=10), log=quiet.append)
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"}))
    assert conn.getresponse().read() is not None
    print(f"startup: {time.perf_counter() - t:.2f} s from start_server() to the first answer")
    try:
        upstream = server._engine.port  # the oxigraph process itself, for comparison
        for name, port, target in [("front /sparql", server.port, "sparql"), ("oxigraph direct", upstream, "query")]:
            per_second, errors = rate(port, target, args.query, args.clients, args.seconds)
            print(f"{name:<16} {per_second:8.0f} requests/s  ({args.clients} clients, {args.seconds:g} s, {errors} errors)")
    finally:
        server.close()
        for line in quiet:
            if "oxigraph" in line:
                print(line)


if __name__ == "__main__":
    main()
