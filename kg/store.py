"""The one door to storage: load, serialize and validate graphs.

Everything that touches rdflib's parsers, serializers or pyshacl goes through here, so
that a pyoxigraph store (in memory or on disk) can replace rdflib for large corpora by
changing this module only. Functions return strings and never write files: callers write
them with `kg.files.atomic_write` (STYLE.md pitfall 2: `serialize(destination=...)`
truncates the target when it fails).
"""
from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

from rdflib import ConjunctiveGraph, Dataset, Graph
from rdflib.plugins.parsers.notation3 import BadSyntax

from kg.errors import GraphError, OntologyError
from kg.ns import PREFIXES

# Output formats: our name -> (rdflib plugin name, keeps one named graph per document)
FORMATS: dict[str, tuple[str, bool]] = {
    "turtle": ("turtle", False),
    "nt": ("nt", False),
    "jsonld": ("json-ld", False),
    "trig": ("trig", True),
    "nquads": ("nquads", True),
}

# File suffix -> (rdflib plugin name, name for messages, holds named graphs)
_SUFFIXES: dict[str, tuple[str, str, bool]] = {
    ".ttl": ("turtle", "Turtle", False),
    ".nt": ("nt", "N-Triples", False),
    ".jsonld": ("json-ld", "JSON-LD", False),
    ".trig": ("trig", "TriG", True),
    ".nq": ("nquads", "N-Quads", True),
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind kg.ns.PREFIXES on `graph` (else rdflib invents `ns1:` for kg) and return it."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


def union_graph(ds: Graph) -> Graph:
    """A plain Graph holding every triple of every named graph of `ds`, prefixes bound."""
    union = bind_prefixes(Graph())
    if isinstance(ds, ConjunctiveGraph):
        # quads() walks every named graph whatever `default_union` says
        for s, p, o, _ in ds.quads((None, None, None, None)):
            union.add((s, p, o))
    else:
        for triple in ds:
            union.add(triple)
    return union


def as_dataset(graph: Graph) -> Dataset:
    """`graph` itself if it is a Dataset, else a Dataset with its triples in the default graph."""
    if isinstance(graph, Dataset):
        return graph
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    if isinstance(graph, ConjunctiveGraph):
        for quad in graph.quads((None, None, None, None)):
            ds.add(quad)
    else:
        for triple in graph:
            ds.add(triple)
    return ds


def serialize(ds_or_graph: Graph, fmt: str) -> str:
    """`ds_or_graph` as text in `fmt`: turtle | nt | jsonld (the union) or trig | nquads (per document)."""
    try:
        plugin, quads = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"Unknown format {fmt!r}. Use one of: {', '.join(FORMATS)}") from None
    if quads:
        ds = as_dataset(ds_or_graph)
        bind_prefixes(ds)
        text = ds.serialize(format=plugin)
    else:
        union = union_graph(ds_or_graph)
        if fmt == "jsonld":
            context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
            text = union.serialize(format=plugin, context=context, auto_compact=True)
            return _stable_json(text)
        text = union.serialize(format=plugin)
    if fmt in ("nt", "nquads"):
        # rdflib writes line-based formats in hash order: sort so equal graphs give equal files
        lines = sorted(line for line in text.splitlines() if line.strip())
        return "".join(line + "\n" for line in lines)
    return text


def _stable_json(text: str) -> str:
    """JSON-LD with its (unordered) arrays sorted, so equal graphs give equal files."""

    def sort(value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            return {k: sort(v, k) for k, v in value.items()}
        if isinstance(value, list):
            items = [sort(v) for v in value]
            if key == "@list":  # RDF collections keep their order
                return items
            return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
        return value

    return json.dumps(sort(json.loads(text)), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _parse(path: Path, error: type[GraphError | OntologyError], missing: str) -> Graph:
    """Parse `path` by suffix into a Graph, or a Dataset for formats with named graphs."""
    try:
        plugin, name, quads = _SUFFIXES[path.suffix.lower()]
    except KeyError:
        raise error(f"{path}: unknown graph format {path.suffix!r}. Use one of: {', '.join(_SUFFIXES)}") from None
    if not path.exists():
        raise error(f"{path} does not exist.{missing}")
    graph: Graph = Dataset(default_union=True) if quads else Graph()
    bind_prefixes(graph)
    try:
        graph.parse(path, format=plugin)
    except Exception as e:  # noqa: BLE001  rdflib raises BadSyntax, IndexError, ValueError… (STYLE.md pitfall 6)
        raise error(f"{path}: not valid {name} ({_one_line(e)})") from None
    return graph


def _one_line(e: BaseException) -> str:
    """A parser exception as one short line."""
    if isinstance(e, BadSyntax):
        # its str() repeats the input as Python bytes; line and reason are what a person needs
        return f"line {e.lines + 1}: {getattr(e, '_why', e)}"
    text = re.sub(r"\s+", " ", str(e)).strip()
    if not text or isinstance(e, (IndexError, KeyError, AttributeError, TypeError)):
        # raised from inside the parser, e.g. on a truncated file: the type says more than the text
        return f"{type(e).__name__}: {text}" if text else type(e).__name__
    return text


_BUILD_HINT = " Build it first with: kg build"


def load_dataset(path: Path) -> Dataset:
    """The graph in `path` as a Dataset; .trig/.nq keep their named graphs, others fill the default graph."""
    return as_dataset(_parse(path, GraphError, _BUILD_HINT))


def load_graph(path: Path) -> Graph:
    """The graph in `path` (.ttl .nt .jsonld .trig .nq) as one plain Graph (the union of named graphs)."""
    graph = _parse(path, GraphError, _BUILD_HINT)
    return union_graph(graph) if isinstance(graph, ConjunctiveGraph) else graph


def data_dir(name: str) -> Path:
    """A data folder of the project (ontology, queries): the checkout's, else package data kg/<name>."""
    repo = Path(__file__).resolve().parent.parent / name
    if repo.is_dir():
        return repo
    try:
        packaged = Path(str(resources.files("kg") / name))
    except (ModuleNotFoundError, TypeError, ValueError):  # namespace package or zipped install
        return repo
    return packaged if packaged.is_dir() else repo


def ontology_dir() -> Path:
    """The folder holding kg.ttl and shapes.ttl."""
    return data_dir("ontology")


def _load_turtle(path: Path | None, default: str) -> Graph:
    return _parse(path if path is not None else ontology_dir() / default, OntologyError, "")


def load_ontology(path: Path | None = None) -> Graph:
    """The ontology (default: ontology/kg.ttl); OntologyError naming the file if it does not parse."""
    return _load_turtle(path, "kg.ttl")


def load_shapes(path: Path | None = None) -> Graph:
    """The SHACL shapes (default: ontology/shapes.ttl); OntologyError naming the file if they do not parse."""
    return _load_turtle(path, "shapes.ttl")


def validate(graph: Graph, shapes: Graph | None = None, *, ontology: Graph | None = None) -> tuple[bool, str]:
    """Check `graph` (a Dataset is checked as its union) against the shapes; returns (conforms, report text)."""
    # imported here: pyshacl pulls in owlrl, too heavy for every `kg --help`
    from pyshacl import validate as shacl_validate

    data = union_graph(graph) if isinstance(graph, ConjunctiveGraph) else graph
    conforms, _, report = shacl_validate(
        data,
        shacl_graph=shapes if shapes is not None else load_shapes(),
        ont_graph=ontology if ontology is not None else load_ontology(),
        inference="none",
        advanced=True,  # SHACL-AF SPARQL targets: see the provenance shapes in ontology/shapes.ttl
        abort_on_first=False,
        allow_warnings=False,
    )
    return bool(conforms), str(report)
