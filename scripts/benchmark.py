"""Speed and memory of the main job on a corpus: prints figures, asserts nothing.

Usage: python scripts/benchmark.py [FOLDER]   (default ../shared/corpus/gwr2026)
"""
from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared/corpus/gwr2026")
    from kg import store
    from kg.graph import build_graph
    from kg.pipeline import extract_paths, find_documents
    from kg.segment import get_segmenter

    files = find_documents([folder])
    chars = sum(len(f.read_text(encoding="utf-8")) for f in files)
    t0 = time.perf_counter()
    get_segmenter()
    t_load = time.perf_counter() - t0

    t0 = time.perf_counter()
    results = list(extract_paths([folder]))
    t_extract = time.perf_counter() - t0

    t0 = time.perf_counter()
    ds = build_graph(results)
    union = store.union_graph(ds)
    t_graph = time.perf_counter() - t0

    t0 = time.perf_counter()
    conforms, _ = store.validate(union)
    t_validate = time.perf_counter() - t0

    t0 = time.perf_counter()
    ttl = store.serialize(union, "turtle")
    t_serialize = time.perf_counter() - t0

    t0 = time.perf_counter()
    from kg.views import render_site

    pages = render_site(union, results)
    t_html = time.perf_counter() - t0

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "g.ttl").write_text(ttl, encoding="utf-8")
        t0 = time.perf_counter()
        g = store.load_graph(Path(tmp) / "g.ttl")
        t_parse = time.perf_counter() - t0
        from kg import query

        sparql, source = query.load_query("projects-involving")
        t0 = time.perf_counter()
        rows = len(query.run_query(g, sparql, source=source,
                                   bindings=query.parse_bindings(["enterprise=华电集团"])).bindings)
        t_query = time.perf_counter() - t0

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ents = sum(len(r.entities) for r in results)
    rels = sum(len(r.relations) for r in results)
    print(f"corpus              {len(files)} documents, {chars} characters")
    print(f"segmenter load      {t_load:.1f} s")
    print(f"extraction          {t_extract:.1f} s  ({chars / t_extract:,.0f} chars/s; {ents} entities, {rels} relations)")
    print(f"graph               {t_graph:.1f} s  ({len(union):,} triples)")
    print(f"SHACL validation    {t_validate:.1f} s  (conforms: {conforms})")
    print(f"Turtle serialise    {t_serialize:.1f} s  ({len(ttl) / 1e6:.1f} MB)")
    print(f"HTML pages          {t_html:.1f} s  ({len(pages)} files, {sum(map(len, pages.values())) / 1e6:.1f} MB)")
    print(f"Turtle parse        {t_parse:.1f} s")
    print(f"query               {t_query * 1000:.0f} ms  (projects-involving 华电集团: {rows} rows)")
    print(f"peak memory         {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
