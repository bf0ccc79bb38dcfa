"""What the HTML site shows, read from the graph in one pass: entities, relations, documents, evidence.

Everything here is plain data (frozen dataclasses, sorted tuples), so the pages built
from it are byte-identical between runs. Page file names are decided here too, from
the entity IRI (:func:`page_names`), because every page links to every other.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS

from kg import iri as iris
from kg.model import DocResult, EntityType
from kg.ns import KG, PREFIXES

# ---------------------------------------------------------------- vocabulary

CLASS_TYPE: dict[URIRef, EntityType] = {
    KG.Region: EntityType.REGION,
    KG.Enterprise: EntityType.ENTERPRISE,
    KG.Project: EntityType.PROJECT,
    KG.Campaign: EntityType.CAMPAIGN,
    KG.Target: EntityType.TARGET,
}
TYPE_ORDER = {t: i for i, t in enumerate(EntityType)}


@dataclass(frozen=True, slots=True)
class RelationInfo:
    predicate: URIRef
    name: str  # Chinese, read "head <name> tail"
    inverse: str  # Chinese, read "tail <inverse> head"
    up: bool  # the tail contains the head (used to place entities in regions)


RELATIONS: dict[str, RelationInfo] = {
    "locatedIn": RelationInfo(KG.locatedIn, "位于", "包含", True),
    "partOf": RelationInfo(KG.partOf, "属于", "包括", True),
    "involves": RelationInfo(KG.involves, "涉及", "参与", False),
    "hasTarget": RelationInfo(KG.hasTarget, "目标", "目标属于", False),
    "subOrganizationOf": RelationInfo(ORG.subOrganizationOf, "隶属于", "下设", False),
}
_PREDICATE_KEY = {info.predicate: key for key, info in RELATIONS.items()}

ADMIN_LEVELS = {"province": "省级", "city": "地级", "county": "县级", "town": "乡镇"}

# Data properties shown in an entity's fact table, in this order, with their Chinese names.
_FACT_PROPERTIES: dict[URIRef, str] = {
    KG.regionCode: "地区代码",
    KG.adminLevel: "行政级别",
    KG.investmentAmount: "投资额",
    KG.metric: "指标",
    KG.comparator: "比较",
    KG.valueText: "目标值",
    KG.targetValue: "目标数值",
    KG.unit: "单位",
    KG.deadlineText: "期限",
    KG.deadline: "期限年份",
    KG.inferred: "推断",
    KG.mergeReason: "合并依据",
    DCTERMS.source: "来源",
}
# Shown elsewhere on the page (title, aliases, documents, relations) or folded into another row.
_NOT_FACTS = {RDF.type, SKOS.prefLabel, SKOS.altLabel, RDFS.label, PROV.wasDerivedFrom, KG.investmentUnit,
              *(info.predicate for info in RELATIONS.values())}

# ---------------------------------------------------------------- records


@dataclass(frozen=True, slots=True, order=True)
class SentenceRef:
    """One sentence of one document."""

    doc: str  # document key: the IRI of the kg:Document
    index: int  # kg:sentenceIndex, -1 when the graph does not say
    text: str
    start: int | None = None  # offset of the sentence in the document text, if known


@dataclass(frozen=True, slots=True, order=True)
class MentionRef:
    """One mention of an entity; offsets are into the document text (None when unknown)."""

    doc: str
    sentence: int
    start: int | None
    end: int | None
    text: str
    entity: str


@dataclass(frozen=True, slots=True, order=True)
class Support:
    """Why a sentence is evidence for an entity: a mention of it, or a relation it takes part in."""

    relation: str  # "" for a mention, else a key of RELATIONS
    outgoing: bool = True  # the entity is the head of the relation
    other: str = ""  # the mention's surface text, or the IRI of the other entity


@dataclass(frozen=True, slots=True, order=True)
class Evidence:
    sentence: SentenceRef
    supports: tuple[Support, ...]


@dataclass(frozen=True, slots=True)
class Fact:
    """A row of an entity's fact table; `entities` are IRIs the value names (linked on the page)."""

    name: str
    value: str
    entities: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Edge:
    head: str
    relation: str  # key of RELATIONS
    tail: str
    assertions: int  # kg:Assertion nodes stating it
    evidence: tuple[SentenceRef, ...]


@dataclass(frozen=True, slots=True)
class Entity:
    iri: str
    type: EntityType
    label: str
    aliases: tuple[str, ...]
    path: str  # page, relative to the site root
    facts: tuple[Fact, ...]
    mentions: tuple[MentionRef, ...]
    evidence: tuple[Evidence, ...]
    documents: tuple[str, ...]  # document keys
    regions: tuple[str, ...]  # IRIs of the regions it lies in (a region lies in itself)


@dataclass(frozen=True, slots=True, order=True)
class Mark:
    """A highlighted span of a document page's text (offsets into Document.text)."""

    start: int
    end: int
    type: EntityType
    entity: str | None  # IRI; None when the mention is not in the graph


@dataclass(frozen=True, slots=True)
class Document:
    key: str
    id: str
    title: str
    path: str
    facts: tuple[Fact, ...]
    text: str  # the whole text, or (`full` False) the graph's sentences one per line
    full: bool
    sentences: tuple[tuple[int, int, int], ...]  # (index, start, end) into `text`
    gaps: tuple[tuple[int, int], ...]  # (start, end) of "sentences left out" notes in `text`
    marks: tuple[Mark, ...]


@dataclass(frozen=True)
class SiteData:
    entities: dict[str, Entity]  # by IRI, in page order (type, label)
    edges: tuple[Edge, ...]
    documents: dict[str, Document]  # by key, sorted by id
    regions: tuple[str, ...] = field(default=())  # region IRIs that contain something, in filter order

    def label(self, iri: str) -> str:
        e = self.entities.get(iri)
        return e.label if e else _local_name(iri)


# ---------------------------------------------------------------- file names

_SAFE_SEGMENT = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
# Windows refuses these as file names whatever the extension (CON.html too).
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def _hash(text: str, n: int = 16) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


def safe_name(segment: str, fallback: str) -> str:
    """`segment` lower-cased if it is a safe file name on every file system, else a hash of `fallback`.

    >>> safe_name("640381", "x"), safe_name("A-b_1", "x"), safe_name("青铜峡", "kgr:region/青铜峡")
    ('640381', 'a-b_1', 'e3eb43397ee12daa')
    >>> safe_name("con", "x") == safe_name("../etc", "x") == safe_name("", "x")
    True
    """
    name = segment.lower()
    if _SAFE_SEGMENT.fullmatch(name) and name not in _RESERVED:
        return name
    return _hash(fallback)


def page_names(items: Iterable[tuple[str, str, str]], folder: str) -> dict[str, str]:
    """Key -> ``folder/<prefix><safe name>.html`` for (key, prefix, name) items, unique on case-insensitive file systems.

    A name taken by several keys gets a hash of the key appended for all of them, so the
    name a key gets does not depend on which other keys happen to come first.
    """
    wanted = {key: prefix + safe_name(name, key) for key, prefix, name in items}
    count: dict[str, int] = defaultdict(int)
    for name in wanted.values():
        count[name] += 1
    out = {}
    for key, name in wanted.items():
        if count[name] > 1:
            name = f"{name}-{_hash(key, 8)}"
        out[key] = f"{folder}/{name}.html"
    if len(set(out.values())) != len(out):  # only if a suffixed name equals another plain one
        out = {key: f"{folder}/{wanted[key][:1]}{_hash(key, 40)}.html" for key in wanted}
    return out


def entity_pages(types: Mapping[str, EntityType]) -> dict[str, str]:
    """IRI -> ``entity/<type>-<last IRI segment>.html``."""
    return page_names(((i, f"{t.value.lower()}-", _local_name(i)) for i, t in types.items()), "entity")


def _local_name(iri: str) -> str:
    return re.split(r"[/#:]", iri.rstrip("/#"))[-1]


def search_key(*texts: str) -> str:
    """The text the index's search box matches against (NFKC, lower case), as the page's script does."""
    return " ".join(unicodedata.normalize("NFKC", t).lower() for t in texts)


# ---------------------------------------------------------------- reading the graph


def _single(graph: Graph, predicate: URIRef) -> dict:
    """subject -> object for a predicate; with several objects the smallest wins (deterministic)."""
    out: dict = {}
    for s, _, o in graph.triples((None, predicate, None)):
        if s not in out or str(o) < str(out[s]):
            out[s] = o
    return out


def _int(node) -> int | None:
    if isinstance(node, Literal):
        try:
            return int(node.toPython())
        except (TypeError, ValueError):
            return None
    return None


def entity_types(graph: Graph) -> dict[str, EntityType]:
    """Every entity of the five types; an IRI with two types gets the first in EntityType order."""
    types: dict[str, EntityType] = {}
    for cls, type_ in CLASS_TYPE.items():
        for s in graph.subjects(RDF.type, cls):
            if isinstance(s, URIRef):
                types.setdefault(str(s), type_)
    return types


class _Reader:
    """Lookups over the graph, each built by one pass over one predicate."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.types = entity_types(graph)
        self.doc_of = _single(graph, PROV.wasDerivedFrom)
        self.part_of = _single(graph, DCTERMS.isPartOf)
        self.in_sentence = _single(graph, KG.inSentence)
        self.heading = _single(graph, KG.viaHeading)
        self.text = _single(graph, KG.text)
        self.start = _single(graph, KG.startOffset)
        self.end = _single(graph, KG.endOffset)
        self.index = _single(graph, KG.sentenceIndex)
        self._sentences: dict = {}

    def sentence(self, node, doc=None) -> SentenceRef | None:
        if node in self._sentences:
            return self._sentences[node]
        doc = self.part_of.get(node, doc)
        ref = None
        if doc is not None:
            index = _int(self.index.get(node))
            ref = SentenceRef(str(doc), -1 if index is None else index, str(self.text.get(node, "")),
                              _int(self.start.get(node)))
        self._sentences[node] = ref
        return ref

    def fact_doc(self, fact) -> str | None:
        """The document a mention or assertion comes from."""
        doc = self.doc_of.get(fact)
        if doc is None:
            s = self.in_sentence.get(fact)
            doc = self.part_of.get(s) if s is not None else None
        return str(doc) if doc is not None else None


def read_site(graph: Graph, documents: Sequence[DocResult] | None = None) -> SiteData:
    """Everything the pages show, from `graph` and (for full document texts) `documents`."""
    r = _Reader(graph)
    types = r.types
    pages = entity_pages(types)

    # labels
    pref: dict[str, set[str]] = defaultdict(set)
    alt: dict[str, set[str]] = defaultdict(set)
    for p, store in ((SKOS.prefLabel, pref), (SKOS.altLabel, alt), (RDFS.label, alt)):
        for subj, _, o in graph.triples((None, p, None)):
            if str(subj) in types and isinstance(o, Literal):
                store[str(subj)].add(str(o))
    labels = {i: min(pref[i] or alt[i] or {_local_name(i)}) for i in types}

    # mentions
    mentions: dict[str, list[MentionRef]] = defaultdict(list)
    evidence: dict[str, dict[SentenceRef, set[Support]]] = defaultdict(lambda: defaultdict(set))
    entity_docs: dict[str, set[str]] = defaultdict(set)
    for m, _, target in graph.triples((None, KG.mentionOf, None)):
        e = str(target)
        doc = r.fact_doc(m)
        if e not in types or doc is None:
            continue
        sentence_node = r.in_sentence.get(m)
        s = r.sentence(sentence_node, doc) if sentence_node is not None else None
        text = str(r.text.get(m, ""))
        ref = MentionRef(doc, s.index if s else -1, _int(r.start.get(m)), _int(r.end.get(m)), text, e)
        mentions[e].append(ref)
        entity_docs[e].add(doc)
        if s is not None:
            evidence[e][s].add(Support("", True, text or labels[e]))

    # relations: direct triples, and kg:Assertion nodes for their evidence
    facts: dict[tuple[str, str, str], list[SentenceRef]] = {}
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    for key, info in RELATIONS.items():
        for hn, tn in graph.subject_objects(info.predicate):
            if str(hn) in types and str(tn) in types:
                facts.setdefault((str(hn), key, str(tn)), [])
    subject, predicate, object_ = _single(graph, RDF.subject), _single(graph, RDF.predicate), _single(graph, RDF.object)
    for a in sorted(set(graph.subjects(RDF.type, KG.Assertion)), key=str):
        pred = predicate.get(a)
        rel = _PREDICATE_KEY.get(pred) if isinstance(pred, URIRef) else None
        h, t = str(subject.get(a, "")), str(object_.get(a, ""))
        if rel is None or h not in types or t not in types:
            continue
        counts[(h, rel, t)] += 1
        refs = facts.setdefault((h, rel, t), [])
        adoc = r.fact_doc(a)
        for node in (r.heading.get(a), r.in_sentence.get(a)):
            ref_s = r.sentence(node, adoc) if node is not None else None
            if ref_s is not None:
                refs.append(ref_s)
                evidence[h][ref_s].add(Support(rel, True, t))
                evidence[t][ref_s].add(Support(rel, False, h))
        if adoc is not None:
            entity_docs[h].add(adoc)
            entity_docs[t].add(adoc)
    edges = tuple(sorted(
        (Edge(h, k, t, counts[(h, k, t)], tuple(sorted(set(refs)))) for (h, k, t), refs in facts.items()),
        key=lambda e: (e.head, e.relation, e.tail)))
    for e, doc in r.doc_of.items():
        if str(e) in types:
            entity_docs[str(e)].add(str(doc))

    docs = _read_documents(graph, r, documents or (), types, labels)
    regions_of = _regions(graph, types, edges)
    order = sorted(types, key=lambda i: (TYPE_ORDER[types[i]], labels[i], i))
    entities = {
        i: Entity(
            iri=i, type=types[i], label=labels[i],
            aliases=tuple(sorted((pref[i] | alt[i]) - {labels[i]})),
            path=pages[i],
            facts=_facts(graph, URIRef(i), types),
            mentions=tuple(sorted(mentions[i])),
            evidence=tuple(sorted(Evidence(s, tuple(sorted(sup))) for s, sup in evidence[i].items())),
            documents=tuple(sorted(d for d in entity_docs[i] if d in docs)),
            regions=regions_of.get(i, ()),
        )
        for i in order
    }
    used = {reg for e in entities.values() for reg in e.regions if reg != e.iri}
    region_order = tuple(i for i in order if types[i] is EntityType.REGION and i in used)
    return SiteData(entities, edges, docs, region_order)


def _facts(graph: Graph, node: URIRef, types: Mapping[str, EntityType]) -> tuple[Fact, ...]:
    values: dict[URIRef, list] = defaultdict(list)
    for p, o in graph.predicate_objects(node):
        if isinstance(p, URIRef) and p not in _NOT_FACTS and isinstance(o, Literal):
            values[p].append(o)
    rows: list[Fact] = []
    for p in [*_FACT_PROPERTIES, *sorted(set(values) - set(_FACT_PROPERTIES))]:
        objs = sorted(values.get(p, ()), key=str)
        if not objs:
            continue
        name = _FACT_PROPERTIES.get(p) or _qname(p)
        if p == KG.investmentAmount:
            unit = graph.value(node, KG.investmentUnit)
            text = "；".join(format_amount(o, str(unit) if unit else "CNY") for o in objs)
        elif p == KG.adminLevel:
            text = "；".join(f"{ADMIN_LEVELS.get(str(o), str(o))}（{o}）" for o in objs)
        else:
            text = "；".join(str(o) for o in objs)
        rows.append(Fact(name, text))
    groups = sorted(str(o) for o in graph.objects(node, ORG.subOrganizationOf) if str(o) in types)
    if groups:
        rows.append(Fact("上级集团", "", tuple(groups)))
    members = sorted(str(s) for s in graph.subjects(ORG.subOrganizationOf, node) if str(s) in types)
    if members:
        rows.append(Fact("下属企业", "", tuple(members)))
    return tuple(rows)


def _qname(p: URIRef) -> str:
    for prefix, ns in sorted(PREFIXES.items()):
        if str(p).startswith(str(ns)):
            return f"{prefix}:{str(p)[len(str(ns)):]}"
    return str(p)


def format_amount(value: Literal, unit: str) -> str:
    """An investment amount as read in Chinese: 6300000000 CNY -> '63 亿元（6,300,000,000 元）'.

    >>> from rdflib import Literal
    >>> format_amount(Literal("6300000000.0"), "CNY"), format_amount(Literal("25000"), "CNY")
    ('63 亿元（6,300,000,000 元）', '2.5 万元（25,000 元）')
    >>> format_amount(Literal("12.5"), "USD")
    '12.5 USD'
    """
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return f"{value} {unit}"
    if unit != "CNY":
        return f"{_plain(amount)} {unit}"
    whole = f"{amount:,f}".rstrip("0").rstrip(".") if "." in f"{amount:f}" else f"{amount:,f}"
    for size, name in ((Decimal(10) ** 8, "亿元"), (Decimal(10) ** 4, "万元")):
        if abs(amount) >= size:
            return f"{_plain(amount / size)} {name}（{whole} 元）"
    return f"{whole} 元"


def _plain(d: Decimal) -> str:
    text = format(d.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _regions(graph: Graph, types: Mapping[str, EntityType], edges: Sequence[Edge]) -> dict[str, tuple[str, ...]]:
    """Entity -> the regions it lies in: along locatedIn/partOf, from a target to what has it,
    from a region to the regions whose code contains its code (640381 in 640300 in 640000)."""
    up: dict[str, set[str]] = defaultdict(set)
    for e in edges:
        if RELATIONS[e.relation].up:
            up[e.head].add(e.tail)
        elif e.relation == "hasTarget":
            up[e.tail].add(e.head)
    by_code: dict[str, list[str]] = defaultdict(list)
    code_of = {}
    for s, o in graph.subject_objects(KG.regionCode):
        if types.get(str(s)) is EntityType.REGION:
            by_code[str(o)].append(str(s))
            code_of[str(s)] = str(o)
    for region, code in code_of.items():
        if len(code) == 6 and code.isdigit():
            for parent in (code[:4] + "00", code[:2] + "0000"):
                if parent != code:
                    up[region].update(by_code.get(parent, ()))
    out = {}
    for start in types:
        seen, todo = {start}, [start]
        while todo:
            node = todo.pop()
            for nxt in up.get(node, ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        found = sorted(n for n in seen if types.get(n) is EntityType.REGION)
        if found:
            out[start] = tuple(found)
    return out


# ---------------------------------------------------------------- documents


class _GraphMark(NamedTuple):
    start: int  # -1 when unknown
    end: int
    type: EntityType
    entity: str
    text: str  # the mention's text, else the entity's label
    sentence: SentenceRef | None


def _read_documents(graph: Graph, r: _Reader, results: Sequence[DocResult],
                    types: Mapping[str, EntityType], labels: Mapping[str, str]) -> dict[str, Document]:
    keys: set[str] = {str(d) for d in graph.subjects(RDF.type, KG.Document)}
    keys |= {str(d) for s, d in r.part_of.items() if s in r.index or s in r.text}
    sentences: dict[str, dict[int, SentenceRef]] = defaultdict(dict)
    for node, doc in r.part_of.items():
        s = r.sentence(node)
        if s is not None and (s.index >= 0 or s.text):
            sentences[str(doc)].setdefault(s.index, s)
    # the graph's mentions by document, with offsets where it has them
    graph_marks: dict[str, list[_GraphMark]] = defaultdict(list)
    for m, _, e in graph.triples((None, KG.mentionOf, None)):
        doc = r.fact_doc(m)
        if str(e) not in types or doc is None:
            continue
        keys.add(doc)
        start, end = _int(r.start.get(m)), _int(r.end.get(m))
        s = r.in_sentence.get(m)
        graph_marks[doc].append(_GraphMark(
            -1 if start is None else start, -1 if end is None else end, types[str(e)], str(e),
            str(r.text.get(m, "")) or labels[str(e)], r.sentence(s, doc) if s is not None else None))
    by_key = {str(iris.document_iri(res.document.sha256)): res for res in results}
    keys |= set(by_key)

    meta = {k: _graph_doc_meta(graph, URIRef(k)) for k in keys}
    ids = {k: meta[k].get("id") or (by_key[k].document.id if k in by_key else _local_name(k)) for k in keys}
    paths = page_names(((k, "", ids[k]) for k in sorted(keys)), "document")
    out: dict[str, Document] = {}
    for k in sorted(keys, key=lambda k: (ids[k], k)):
        if k in by_key:
            out[k] = _full_document(k, by_key[k], graph_marks.get(k, []), paths[k], meta[k])
        else:
            out[k] = _graph_document(k, ids[k], sentences.get(k, {}), graph_marks.get(k, []), paths[k], meta[k])
    return out


def _graph_doc_meta(graph: Graph, doc: URIRef) -> dict[str, str]:
    out = {}
    for key, p in (("id", DCTERMS.identifier), ("title", DCTERMS.title), ("date", DCTERMS.date),
                   ("sha256", KG.sha256), ("label", RDFS.label)):
        values = sorted(str(o) for o in graph.objects(doc, p))
        if values:
            out[key] = values[0]
    return out


def _doc_facts(items: Iterable[tuple[str, object]]) -> tuple[Fact, ...]:
    return tuple(Fact(name, str(value)) for name, value in items if value not in (None, ""))


def _full_document(key: str, result: DocResult, graph_marks: Sequence[_GraphMark], path: str, meta: Mapping[str, str]) -> Document:
    """A document page from the whole text; marks from the result, linked through the graph's mentions."""
    doc = result.document
    text: str = doc.text
    link: dict[tuple[int, int, EntityType], str] = {}
    for g in sorted(graph_marks, key=lambda g: (g.start, g.end, TYPE_ORDER[g.type], g.entity)):
        link.setdefault((g.start, g.end, g.type), g.entity)
    marks: set[Mark] = set()
    for e in result.entities:
        for m in e.mentions:
            if 0 <= m.start < m.end <= len(text):
                marks.add(Mark(m.start, m.end, e.type, link.get((m.start, m.end, e.type))))
    covered = {(m.start, m.end, m.type) for m in marks}
    for g in graph_marks:  # in the graph but not in the result
        if (g.start, g.end, g.type) not in covered and 0 <= g.start < g.end <= len(text) \
                and text[g.start:g.end] == g.text:
            marks.add(Mark(g.start, g.end, g.type, g.entity))
    facts = _doc_facts([
        ("标识", doc.id), ("标题", doc.title), ("年份", doc.year or meta.get("date")),
        ("文件", str(doc.path).replace("\\", "/").rsplit("/", 1)[-1] if doc.path else ""),
        ("编码", doc.encoding if doc.path else ""), ("字数", len(text)), ("句子", len(doc.sentences)),
        ("SHA-256", doc.sha256),
    ])
    return Document(key, doc.id, doc.title, path, facts, text, True,
                    tuple((s.index, s.start, s.end) for s in doc.sentences), (), tuple(sorted(marks)))


def _graph_document(key: str, doc_id: str, sentences: Mapping[int, SentenceRef], graph_marks: Sequence[_GraphMark], path: str,
                    meta: Mapping[str, str]) -> Document:
    """A document page from the sentences the graph keeps (those with evidence), one per line."""
    parts: list[str] = []
    spans: list[tuple[int, int, int]] = []
    gaps: list[tuple[int, int]] = []
    pos, previous = 0, -1
    for index in sorted(sentences):
        s = sentences[index]
        if index >= 0 and index > previous + 1:
            note = f"（略去 {index - previous - 1} 句）" if previous >= 0 or index > 0 else ""
            if note:
                gaps.append((pos, pos + len(note)))
                parts.append(note + "\n")
                pos += len(note) + 1
        spans.append((index, pos, pos + len(s.text)))
        parts.append(s.text + "\n")
        pos += len(s.text) + 1
        previous = index
    text = "".join(parts)
    offset = {i: start for i, start, _ in spans}
    marks: set[Mark] = set()
    for g in graph_marks:
        gs = g.sentence
        if gs is None or gs.index not in offset:
            continue
        base = offset[gs.index]
        if gs.start is not None and gs.start <= g.start < g.end <= gs.start + len(gs.text):
            a, b = base + g.start - gs.start, base + g.end - gs.start
            if text[a:b] == g.text:
                marks.add(Mark(a, b, g.type, g.entity))
                continue
        # no usable offsets: mark where the mention's text occurs in the sentence
        found = gs.text.find(g.text) if g.text else -1
        if found >= 0:
            marks.add(Mark(base + found, base + found + len(g.text), g.type, g.entity))
    facts = _doc_facts([("标识", doc_id), ("标题", meta.get("title")), ("日期", meta.get("date")),
                        ("SHA-256", meta.get("sha256")), ("收录句子", len(spans))])
    return Document(key, doc_id, meta.get("title", ""), path, facts, text, False, tuple(spans), tuple(gaps),
                    tuple(sorted(marks)))
