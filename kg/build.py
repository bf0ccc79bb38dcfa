"""The main job: documents in, graph + extractions + HTML pages out, all or nothing."""
from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.errors import GraphError
from kg.files import replace_dir, write_text_atomic
from kg.graph import build_graph
from kg.model import DocResult
from kg.pipeline import extract_paths


@dataclass(frozen=True)
class BuildSummary:
    documents: int
    entities: int
    relations: int
    triples: int
    out: Path

    def __str__(self) -> str:
        return (f"Built {self.out / 'graph.ttl'}: {self.documents} documents, {self.entities} entities, "
                f"{self.relations} relations, {self.triples} triples; pages in {self.out / 'html'}")


def extractions_jsonl(results: Sequence[DocResult]) -> str:
    """One JSON object per document per line: the scorer's record plus offsets."""
    return "".join(json.dumps(r.to_json(), ensure_ascii=False) + "\n" for r in results)


def build(paths: Sequence[Path], out: Path, *, progress: Callable[[int, int, Path], None] | None = None,
          warn: Callable[[str], None] | None = None, html: bool = True, date: str | None = None) -> BuildSummary:
    """Extract `paths`, build the graph, check it against the shapes, then write every output.

    Every output is computed as a string first and only then written, each file by
    rename: a failure anywhere before the writes leaves `out` as it was.
    """
    from kg import store

    results = list(extract_paths(paths, progress=progress, warn=warn, date=date))
    ds = build_graph(results)
    union = store.union_graph(ds)
    conforms, report = store.validate(union)
    if not conforms:
        first = "; ".join(line.strip() for line in report.splitlines()[:6] if line.strip())
        raise GraphError(f"the built graph does not conform to ontology/shapes.ttl ({first}). Nothing was written.")
    outputs = {
        "graph.ttl": store.serialize(union, "turtle"),
        "graph.trig": store.serialize(ds, "trig"),
        "extractions.jsonl": extractions_jsonl(results),
    }
    pages: dict[str, str] = {}
    if html:
        from kg.views import render_site

        pages = render_site(union, results)
    out.mkdir(parents=True, exist_ok=True)
    for name, text in outputs.items():
        write_text_atomic(out / name, text)
    if html:
        replace_dir(out / "html", pages)
    return BuildSummary(
        documents=len(results),
        entities=sum(len(r.entities) for r in results),
        relations=sum(len(r.relations) for r in results),
        triples=len(union),
        out=out,
    )
