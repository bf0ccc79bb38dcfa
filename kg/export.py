"""The graph for other tools: RDF files, GraphML and GEXF (Gephi, Cytoscape), Neo4j bulk-import CSV.

The RDF formats are the whole graph, written by :func:`kg.store.serialize` (TriG and
N-Quads keep one named graph per document, so every fact keeps its provenance).

The property-graph formats carry the *entity layer* only (:func:`to_property_graph`):
one node per entity IRI, one edge per distinct (head, relation, tail); mentions,
sentences, assertions and documents become node and edge attributes, not nodes.
Multi-valued attributes (aliases, documents, evidence) are joined with
:data:`ARRAY_DELIMITER` (``;``, the default array delimiter of ``neo4j-admin import``);
an ASCII ``;`` inside a value is written as the full-width ``；`` so that splitting on
``;`` always gives the values back.

Nothing here writes files: functions return text (or file name -> text for the
Neo4j folder) for the caller to write atomically (STYLE.md pitfall 2).
"""
from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import ConjunctiveGraph, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS

from kg import store
from kg.errors import KgError
from kg.model import EntityType
from kg.ns import KG

if TYPE_CHECKING:  # networkx is imported when used: keep `kg --help` fast
    import networkx as nx

RDF_FORMATS: tuple[str, ...] = tuple(store.FORMATS)  # turtle nt jsonld trig nquads
GRAPH_FORMATS: tuple[str, ...] = ("graphml", "gexf")
TEXT_FORMATS: tuple[str, ...] = RDF_FORMATS + GRAPH_FORMATS
FOLDER_FORMATS: tuple[str, ...] = ("neo4j",)
FORMATS: tuple[str, ...] = TEXT_FORMATS + FOLDER_FORMATS

ARRAY_DELIMITER = ";"

_CLASS_TYPE: dict[URIRef, EntityType] = {
    KG.Region: EntityType.REGION,
    KG.Enterprise: EntityType.ENTERPRISE,
    KG.Project: EntityType.PROJECT,
    KG.Campaign: EntityType.CAMPAIGN,
    KG.Target: EntityType.TARGET,
}
_TYPE_ORDER = {t: i for i, t in enumerate(EntityType)}

# Entity-to-entity predicates -> relation name (edge `type`) and Neo4j relationship type.
RELATIONS: dict[URIRef, tuple[str, str]] = {
    KG.involves: ("involves", "INVOLVES"),
    KG.locatedIn: ("locatedIn", "LOCATED_IN"),
    KG.partOf: ("partOf", "PART_OF"),
    KG.hasTarget: ("hasTarget", "HAS_TARGET"),
    ORG.subOrganizationOf: ("subOrganizationOf", "SUB_ORGANIZATION_OF"),  # plant -> group, from the alias table
}
_RELATION_ORDER = {name: i for i, (name, _) in enumerate(RELATIONS.values())}


@dataclass(frozen=True, slots=True)
class DataAttribute:
    """A typed data property of an entity, as a node attribute."""

    name: str
    predicate: URIRef
    kind: type  # str, float or int


def _attrs(*spec: tuple[str, URIRef, type]) -> tuple[DataAttribute, ...]:
    return tuple(DataAttribute(*s) for s in spec)


# Per entity type, in column order. Every type also has type, label, aliases, mentions, documents.
DATA_ATTRIBUTES: dict[EntityType, tuple[DataAttribute, ...]] = {
    EntityType.REGION: _attrs(("code", KG.regionCode, str), ("level", KG.adminLevel, str)),
    EntityType.ENTERPRISE: (),
    EntityType.PROJECT: _attrs(("amount", KG.investmentAmount, float), ("currency", KG.investmentUnit, str)),
    EntityType.CAMPAIGN: (),
    EntityType.TARGET: _attrs(
        ("metric", KG.metric, str),
        ("comparator", KG.comparator, str),
        ("value", KG.valueText, str),
        ("target_value", KG.targetValue, float),
        ("unit", KG.unit, str),
        ("deadline", KG.deadline, int),
        ("deadline_text", KG.deadlineText, str),
    ),
}

# Characters XML 1.0 cannot hold at all (GraphML and GEXF are XML): dropped from every text value.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(text: str) -> str:
    """`text` without the control characters that XML 1.0 cannot hold.

    >>> clean_text("青铜峡\\x0b市")
    '青铜峡市'
    """
    return _XML_ILLEGAL.sub("", text)


def join_values(values: Iterable[str]) -> str:
    """Values joined with ``;``; an ASCII ``;`` inside a value becomes ``；`` so the join can be split.

    >>> join_values(["蓝天工程", "a;b"])
    '蓝天工程;a；b'
    """
    return ARRAY_DELIMITER.join(clean_text(v).replace(ARRAY_DELIMITER, "；") for v in values)


# ---------------------------------------------------------------- RDF -> property graph


class _Lookups:
    """One pass per predicate over the union graph; several objects -> the sorted set."""

    def __init__(self, union: Graph) -> None:
        self.union = union
        self._cache: dict[URIRef, dict[Any, list[Any]]] = {}
        self._documents: set[Any] | None = None

    def all(self, predicate: URIRef) -> dict[Any, list[Any]]:
        if predicate not in self._cache:
            table: dict[Any, set[Any]] = defaultdict(set)
            for s, _, o in self.union.triples((None, predicate, None)):
                table[s].add(o)
            self._cache[predicate] = {s: sorted(os, key=str) for s, os in table.items()}
        return self._cache[predicate]

    def one(self, predicate: URIRef, subject: Any) -> Any:
        values = self.all(predicate).get(subject)
        return values[0] if values else None

    def document_id(self, doc: Any) -> str | None:
        """dcterms:identifier of a kg:Document (its file name), else its IRI; None for a kg:Source (the gazetteer)."""
        if self._documents is None:
            self._documents = set(self.union.subjects(RDF.type, KG.Document))
        if doc not in self._documents:
            return None
        ident = self.one(DCTERMS.identifier, doc)
        return str(ident) if ident is not None else str(doc)


def entity_types(union: Graph) -> dict[URIRef, EntityType]:
    """Every entity of the five types; an IRI with two types gets the first in EntityType order."""
    types: dict[URIRef, EntityType] = {}
    for cls, type_ in _CLASS_TYPE.items():
        for s in union.subjects(RDF.type, cls):
            if isinstance(s, URIRef):
                types.setdefault(s, type_)
    return types


def _value(lit: Any, kind: type) -> Any:
    """A literal as str / float / int (an xsd:gYear "2026" -> 2026); None if it does not convert."""
    text = str(lit)
    try:
        if kind is float:
            return float(text)
        if kind is int:
            return int(text[:4]) if re.fullmatch(r"-?\d{4}.*", text) else int(text)
    except ValueError:
        return None
    return clean_text(text)


def _triple_documents(graph: Graph, lookups: _Lookups) -> dict[tuple[Any, Any, Any], set[str]]:
    """(s, p, o) of an entity relation -> ids of the documents whose named graph holds it (Datasets only)."""
    if not isinstance(graph, ConjunctiveGraph):
        return {}

    def ident(c: Any) -> Any:
        return c.identifier if isinstance(c, Graph) else c

    docs_in: dict[Any, set[str]] = defaultdict(set)
    for doc, _, _, c in graph.quads((None, RDF.type, KG.Document, None)):
        doc_id = lookups.document_id(doc)
        if doc_id is not None:
            docs_in[ident(c)].add(doc_id)
    out: dict[tuple[Any, Any, Any], set[str]] = defaultdict(set)
    for predicate in RELATIONS:
        for s, p, o, c in graph.quads((None, predicate, None, None)):
            out[(s, p, o)] |= docs_in.get(ident(c), set())
    return out


def to_property_graph(graph: Graph) -> nx.MultiDiGraph:
    """The entity layer of `graph` (a Dataset or a plain Graph) as a networkx MultiDiGraph.

    Nodes are entity IRIs with ``type``, ``label``, ``aliases``, ``mentions`` (count),
    ``documents`` and the typed data of their type (:data:`DATA_ATTRIBUTES`). Edges are
    keyed by relation name, with ``type`` and ``label`` (the relation name),
    ``documents`` (kg:Document identifiers only, not a kg:Source such as the gazetteer),
    ``evidence`` (sentence texts, ordered by document and position) and ``inferred``
    (no sentence states it: the gazetteer or the alias table does).
    Nodes and edges are added in a stable order, so equal graphs give equal files. A data
    property with several values (none in the seeds today) keeps the first in string order.
    """
    import networkx as nx

    union = store.union_graph(graph)
    look = _Lookups(union)
    types = entity_types(union)
    g = nx.MultiDiGraph()
    g.add_nodes_from(_entity_nodes(look, types))
    for head, tail, key, attrs in _relation_edges(graph, look, types):
        g.add_edge(head, tail, key=key, **attrs)
    return g


def _documents_of(look: _Lookups, subject: Any) -> set[str]:
    ids = (look.document_id(d) for d in look.all(PROV.wasDerivedFrom).get(subject, []))
    return {i for i in ids if i is not None}


def _entity_nodes(look: _Lookups, types: Mapping[URIRef, EntityType]) -> list[tuple[str, dict[str, Any]]]:
    """(IRI, attributes) of every entity, sorted by type, label and IRI."""
    mentions: dict[Any, int] = defaultdict(int)
    for _, _, entity in look.union.triples((None, KG.mentionOf, None)):
        mentions[entity] += 1
    nodes = []
    for node, type_ in types.items():
        pref = [str(x) for x in look.all(SKOS.prefLabel).get(node, [])]
        alt = [str(x) for x in look.all(SKOS.altLabel).get(node, [])]
        names = pref or [str(x) for x in look.all(RDFS.label).get(node, [])] or alt or [_local_name(node)]
        label = min(names)
        attrs: dict[str, Any] = {
            "type": type_.value,
            "label": clean_text(label),
            "aliases": join_values(sorted(set(pref + alt) - {label})),
            "mentions": mentions.get(node, 0),
            "documents": join_values(sorted(_documents_of(look, node))),
        }
        for data in DATA_ATTRIBUTES[type_]:
            lit = look.one(data.predicate, node)
            value = _value(lit, data.kind) if lit is not None else None
            if value is not None:
                attrs[data.name] = value
        nodes.append((str(node), attrs))
    nodes.sort(key=lambda n: (_TYPE_ORDER[EntityType(n[1]["type"])], n[1]["label"], n[0]))
    return nodes


def _relation_edges(graph: Graph, look: _Lookups,
                    types: Mapping[URIRef, EntityType]) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(head, tail, relation, attributes) of every distinct relation between entities, sorted."""
    # the direct triples, plus the kg:Assertion nodes that state them
    facts: dict[tuple[Any, Any, Any], set[Any]] = {}
    for predicate in RELATIONS:
        for h, t in look.union.subject_objects(predicate):
            if h in types and t in types:
                facts.setdefault((h, predicate, t), set())
    for a in set(look.union.subjects(RDF.type, KG.Assertion)):
        fact = (look.one(RDF.subject, a), look.one(RDF.predicate, a), look.one(RDF.object, a))
        if fact[1] in RELATIONS and fact[0] in types and fact[2] in types:
            facts.setdefault(fact, set()).add(a)
    in_graphs = _triple_documents(graph, look)

    edges = []
    for (h, p, t), assertions in facts.items():
        docs: set[str] = set(in_graphs.get((h, p, t), set()))
        evidence: set[tuple[str, int, str]] = set()
        stated = False
        for a in assertions:
            doc = look.one(PROV.wasDerivedFrom, a)
            doc_id = look.document_id(doc) if doc is not None else None
            if doc_id is not None:
                docs.add(doc_id)
            inferred = look.one(KG.inferred, a)
            if not (isinstance(inferred, Literal) and inferred.toPython() is True):
                stated = True
            for sentence in (look.one(KG.viaHeading, a), look.one(KG.inSentence, a)):
                text = look.one(KG.text, sentence) if sentence is not None else None
                if text is not None:
                    index = look.one(KG.sentenceIndex, sentence)
                    evidence.add((doc_id or "", int(index) if index is not None else -1, str(text)))
        if not docs and not assertions:  # a plain Graph and no assertion: the documents both ends come from
            docs = _documents_of(look, h) & _documents_of(look, t)
        name = RELATIONS[p][0]
        texts = list(dict.fromkeys(text for _, _, text in sorted(evidence)))
        edges.append((str(h), str(t), name, {
            "type": name,
            "label": name,
            "documents": join_values(sorted(docs)),
            "evidence": join_values(texts),
            "inferred": not stated,
        }))
    edges.sort(key=lambda e: (e[0], _RELATION_ORDER[e[2]], e[1]))
    return edges


def _local_name(iri: URIRef) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


# ---------------------------------------------------------------- single-file formats


def export_text(graph: Graph, fmt: str) -> str:
    """`graph` as one file in `fmt`: turtle | nt | jsonld | trig | nquads | graphml | gexf."""
    if fmt in RDF_FORMATS:
        return store.serialize(graph, fmt)
    if fmt == "graphml":
        return to_graphml(to_property_graph(graph))
    if fmt == "gexf":
        return to_gexf(to_property_graph(graph))
    if fmt in FOLDER_FORMATS:
        raise ValueError(f"Format {fmt!r} writes a folder: use export_neo4j().")
    raise ValueError(f"Unknown format {fmt!r}. Use one of: {', '.join(FORMATS)}")


_GRAPHML_BOOL_KEY = re.compile(r'<key id="([^"]+)" for="[^"]+" attr\.name="[^"]*" attr\.type="boolean"')


def to_graphml(g: nx.MultiDiGraph) -> str:
    """GraphML (UTF-8, Chinese as characters) of a property graph, for Gephi, Cytoscape, yEd, igraph."""
    import networkx as nx

    buf = io.BytesIO()
    # encoding="utf-8" on a stream: generate_graphml() would write every Chinese character as &#NNNNN;
    nx.write_graphml(g, buf, encoding="utf-8", prettyprint=True)
    text = buf.getvalue().decode("utf-8")
    # networkx writes booleans as Python's True/False; GraphML (XML Schema) says true/false
    for key in _GRAPHML_BOOL_KEY.findall(text):
        text = re.sub(rf'(<data key="{re.escape(key)}">)(True|False)(</data>)',
                      lambda m: m.group(1) + m.group(2).lower() + m.group(3), text)
    return text


def to_gexf(g: nx.MultiDiGraph) -> str:
    """GEXF 1.2 (UTF-8) of a property graph, for Gephi.

    GEXF reserves the edge attribute ``type`` for the direction (directed/undirected),
    so the relation name is written as the edge label and as the attribute ``relation``.
    """
    import networkx as nx

    h = g.copy()
    for _, _, attrs in h.edges(data=True):
        attrs["relation"] = attrs.pop("type")
    buf = io.BytesIO()
    nx.write_gexf(h, buf, encoding="utf-8", prettyprint=True)
    text = buf.getvalue().decode("utf-8")
    # networkx stamps today's date: drop it so equal graphs give equal files (the attribute is optional)
    return re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1)


# ---------------------------------------------------------------- Neo4j bulk import

NEO4J_LABEL = "PolicyEntity"  # every node also has this label (ontology/kg.ttl's superclass)
_NEO4J_TYPE = {str: "", float: ":double", int: ":int"}
_NEO4J_FILE = re.compile(r"(nodes_\w+|relationships_\w+)\.csv|import\.sh|README\.md")


def neo4j_node_header(type_: EntityType) -> list[str]:
    """The typed header of nodes_<Type>.csv."""
    data = [f"{a.name}{_NEO4J_TYPE[a.kind]}" for a in DATA_ATTRIBUTES[type_]]
    return ["id:ID", "label", "aliases:string[]", "mentions:int", "documents:string[]", *data, ":LABEL"]


NEO4J_RELATIONSHIP_HEADER = [":START_ID", ":END_ID", ":TYPE", "documents:string[]", "evidence:string[]",
                             "inferred:boolean"]


def _csv(rows: Iterable[list[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")  # QUOTE_MINIMAL: "" for a quote, as neo4j-admin reads it
    for row in rows:
        writer.writerow(["" if v is None else ("true" if v is True else "false" if v is False else v) for v in row])
    return buf.getvalue()


def export_neo4j(graph: Graph) -> dict[str, str]:
    """CSV files for ``neo4j-admin database import full`` (file name -> text), plus import.sh and README.md.

    One nodes_<Type>.csv per entity type and one relationships_<relation>.csv per
    relation present, each with its own typed header; arrays are ``;``-separated.
    Write them into one folder (e.g. with kg.files.replace_dir) and run ``sh import.sh``.
    """
    g = to_property_graph(graph)
    files: dict[str, str] = {}
    for type_ in EntityType:
        header = neo4j_node_header(type_)
        rows = [
            [node, a["label"], a["aliases"], a["mentions"], a["documents"],
             *(a.get(d.name) for d in DATA_ATTRIBUTES[type_]), f"{NEO4J_LABEL};{type_.value}"]
            for node, a in g.nodes(data=True) if a["type"] == type_.value
        ]
        if rows:
            files[f"nodes_{type_.value}.csv"] = _csv([header, *rows])
    for name, neo_type in RELATIONS.values():
        rows = [[h, t, neo_type, a["documents"], a["evidence"], a["inferred"]]
                for h, t, k, a in g.edges(keys=True, data=True) if k == name]
        if rows:
            files[f"relationships_{name}.csv"] = _csv([NEO4J_RELATIONSHIP_HEADER, *rows])
    command = neo4j_import_command(files)
    files["import.sh"] = (
        "#!/bin/sh\n"
        "# Load this folder into a new, stopped Neo4j 5 database (default: neo4j): sh import.sh [DATABASE]\n"
        "# Add --overwrite-destination to replace an existing database.\n"
        "set -e\n"
        'cd "$(dirname "$0")"\n'
        f"{command}\n"
    )
    files["README.md"] = (
        "# policy-kg for Neo4j\n\n"
        "Entities and relations of the policy graph in the CSV layout of Neo4j's bulk importer "
        "(UTF-8, `,` between fields, `\"` quotes, `;` inside arrays). Load them into a new, stopped database "
        "(Neo4j 5) from this folder with `sh import.sh`, which runs:\n\n"
        f"```sh\n{neo4j_import_command(files, database='neo4j')}\n```\n\n"
        "Then, in Cypher: `CREATE CONSTRAINT entity_id FOR (n:PolicyEntity) REQUIRE n.id IS UNIQUE;`\n"
        "Every node has the label `PolicyEntity` and its type (`Region`, `Enterprise`, `Project`, "
        "`Campaign`, `Target`); `id` is the entity IRI of the RDF graph.\n"
    )
    return files


def neo4j_import_command(files: Iterable[str], database: str = '"${1:-neo4j}"') -> str:
    """The neo4j-admin command line that loads the CSV files named in `files` (one option per line)."""
    names = sorted(files)
    lines = ["neo4j-admin database import full --array-delimiter=';' --multiline-fields=true"]
    lines += [f"  --nodes={n}" for n in names if n.startswith("nodes_")]
    lines += [f"  --relationships={n}" for n in names if n.startswith("relationships_")]
    lines.append(f"  {database}")
    return " \\\n".join(lines)


def check_neo4j_folder(path: Path) -> None:
    """Refuse to replace `path` unless it is missing, empty or an earlier Neo4j export.

    The caller replaces the whole folder (kg.files.replace_dir): `-o output` or `-o .`
    must not delete a build or a working directory.
    """
    if not path.exists():
        return
    if not path.is_dir():
        raise KgError(f"{path} is a file; --format neo4j writes a folder. Give a new folder with -o.")
    other = sorted(p.name for p in path.iterdir() if not _NEO4J_FILE.fullmatch(p.name))
    if other:
        shown = ", ".join(other[:3]) + (", …" if len(other) > 3 else "")
        raise KgError(f"{path} holds files that are not a Neo4j export ({shown}); "
                      "give a new or empty folder with -o, it is replaced as a whole.")

