"""Turn extraction results into RDF: one named graph per document, every fact with provenance."""
from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

from kg import aliases, iri
from kg.model import DocResult, EntityType
from kg.ns import KG, KGR, PREFIXES

_CLASS = {
    EntityType.REGION: KG.Region,
    EntityType.ENTERPRISE: KG.Enterprise,
    EntityType.PROJECT: KG.Project,
    EntityType.CAMPAIGN: KG.Campaign,
    EntityType.TARGET: KG.Target,
}
_PREDICATE = {
    "involves": KG.involves,
    "locatedIn": KG.locatedIn,
    "partOf": KG.partOf,
    "hasTarget": KG.hasTarget,
}


def new_dataset() -> Dataset:
    """An empty dataset whose default graph is the union of the named graphs."""
    ds = Dataset(default_union=True)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    return ds


def build_graph(results: Iterable[DocResult]) -> Dataset:
    """All documents' facts, each document in its own named graph."""
    ds = new_dataset()
    for result in results:
        add_document(ds, result)
    return ds


def zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def add_document(ds: Dataset, result: DocResult) -> URIRef:
    """Add one document's named graph to `ds`; returns the document IRI."""
    doc = result.document
    doc_iri = iri.document_iri(doc.sha256)
    g = ds.graph(iri.graph_iri(doc_iri))
    g.add((doc_iri, RDF.type, KG.Document))
    g.add((doc_iri, DCTERMS.identifier, Literal(doc.id)))
    g.add((doc_iri, KG.sha256, Literal(doc.sha256)))
    g.add((doc_iri, RDFS.label, Literal(doc.title or doc.id)))
    if doc.title:
        g.add((doc_iri, DCTERMS.title, zh(doc.title)))
    if doc.date:
        g.add((doc_iri, DCTERMS.date, Literal(doc.date, datatype=XSD.date if len(doc.date) == 10 else XSD.gYear)))
    elif doc.year:
        g.add((doc_iri, DCTERMS.date, Literal(str(doc.year), datatype=XSD.gYear)))
    if doc.speaker:
        g.add((doc_iri, DCTERMS.creator, zh(f"{doc.speaker[0]}（{doc.speaker[1]}）")))
    if result.region:
        g.add((doc_iri, DCTERMS.spatial, KGR[f"region/{result.region['code']}"]))

    used_sentences: set[int] = set()

    def sentence(index: int) -> URIRef:
        node = iri.sentence_iri(doc_iri, index)
        if index not in used_sentences:
            used_sentences.add(index)
            s = doc.sentences[index]
            g.add((node, RDF.type, KG.Sentence))
            g.add((node, DCTERMS.isPartOf, doc_iri))
            g.add((node, KG.sentenceIndex, Literal(index)))
            g.add((node, KG.text, zh(s.text)))
            g.add((node, KG.startOffset, Literal(s.start)))
            g.add((node, KG.endOffset, Literal(s.end)))
        return node

    extractors: set[str] = set()

    def extractor(name: str) -> URIRef:
        node = iri.extractor_iri(name)
        if name not in extractors:
            extractors.add(name)
            g.add((node, RDF.type, KG.Extractor))
            g.add((node, RDFS.label, Literal(name)))
        return node

    entity_node: dict[str, URIRef] = {}
    n_mention = 0
    for e in result.entities:
        label = iri.display_label(e.label)
        if e.data.get("code"):
            label = _official_name(e.data["code"]) or label  # one name per coded region across documents
        if e.type is EntityType.ENTERPRISE:
            label = aliases.canonical_name(label) or label  # one IRI per group across documents
        node = iri.entity_iri(doc.sha256, e.type, label, code=e.data.get("code", ""))
        entity_node[e.id] = node
        g.add((node, RDF.type, _CLASS[e.type]))
        g.add((node, SKOS.prefLabel, zh(label)))
        g.add((node, RDFS.label, zh(label)))
        for alias in dict.fromkeys([e.label, *e.aliases]):
            if alias != label:
                g.add((node, SKOS.altLabel, zh(alias)))
        g.add((node, PROV.wasDerivedFrom, doc_iri))
        for reason in _merge_reasons(e, label):
            g.add((node, KG.mergeReason, Literal(reason)))
        _add_data(g, node, e.type, e.data)
        if e.type is EntityType.ENTERPRISE:
            _add_group(g, node, label, doc_iri)
        for m in e.mentions:
            mnode = iri.mention_iri(doc_iri, n_mention)
            n_mention += 1
            g.add((mnode, RDF.type, KG.Mention))
            g.add((mnode, KG.mentionOf, node))
            g.add((mnode, KG.text, zh(m.text)))
            g.add((mnode, KG.inSentence, sentence(m.sentence)))
            g.add((mnode, KG.startOffset, Literal(m.start)))
            g.add((mnode, KG.endOffset, Literal(m.end)))
            g.add((mnode, PROV.wasDerivedFrom, doc_iri))
            g.add((mnode, PROV.wasAttributedTo, extractor(m.source)))

    add_gazetteer_context(ds, [(e.data["code"], entity_node[e.id]) for e in result.entities
                               if e.type is EntityType.REGION and e.data.get("code")])

    for n, r in enumerate(result.relations):
        head, tail, pred = entity_node[r.head], entity_node[r.tail], _PREDICATE[str(r.type)]
        g.add((head, pred, tail))
        a = iri.assertion_iri(doc_iri, n)
        g.add((a, RDF.type, KG.Assertion))
        g.add((a, RDF.subject, head))
        g.add((a, RDF.predicate, pred))
        g.add((a, RDF.object, tail))
        g.add((a, KG.inSentence, sentence(r.sentence)))
        if r.heading is not None and r.heading != r.sentence:
            g.add((a, KG.viaHeading, sentence(r.heading)))
        g.add((a, KG.startOffset, Literal(r.start)))
        g.add((a, KG.endOffset, Literal(r.end)))
        g.add((a, PROV.wasDerivedFrom, doc_iri))
        g.add((a, PROV.wasAttributedTo, extractor(r.source)))
    return doc_iri


def _merge_reasons(e, label: str) -> list[str]:
    """Why the names of `e` are one entity, within its document and across documents."""
    reasons = list(e.merges)
    names = sorted({m.text for m in e.mentions} - {label})
    if e.type is EntityType.REGION and e.data.get("code") and names:
        reasons.append(f"{'、'.join(names)} = {label}: same GB/T 2260 code {e.data['code']} (gazetteer)")
    if e.type is EntityType.ENTERPRISE and aliases.canonical_name(iri.display_label(e.label)):
        reasons.append(f"{e.label} = {label}: alias table {aliases.SOURCE}")
    return sorted(set(reasons))


def _official_name(code: str) -> str | None:
    from kg.gazetteer import load_gazetteer

    place = load_gazetteer().by_code(code)
    return place.name if place else None


GAZETTEER_SOURCE = KGR["source/gazetteer"]
GAZETTEER_GRAPH = KGR["graph/gazetteer"]


def add_gazetteer_context(ds: Dataset, regions: list[tuple[str, URIRef]]) -> None:
    """Containment that only the gazetteer knows (利通区 in 吴忠市 in 宁夏), as marked inferences.

    They live in their own named graph with the gazetteer as their source and
    `kg:inferred true`, so a query can include or leave them out; `kg extract`
    never reports them.
    """
    if not regions:
        return
    from kg.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    g = ds.graph(GAZETTEER_GRAPH)
    g.add((GAZETTEER_SOURCE, RDF.type, KG.Source))
    g.add((GAZETTEER_SOURCE, RDFS.label, Literal("GB/T 2260 administrative divisions (jionlp china_location, Apache-2.0)")))
    seen: set[str] = set()
    todo = [code for code, _ in regions]
    while todo:
        code = todo.pop()
        if code in seen:
            continue
        seen.add(code)
        place = gaz.by_code(code)
        parent = gaz.parent_of(place) if place else None
        if place is None or parent is None or not parent.code:
            continue
        child, up = KGR[f"region/{code}"], KGR[f"region/{parent.code}"]
        for node, p in ((child, place), (up, parent)):
            g.add((node, RDF.type, KG.Region))
            g.add((node, KG.regionCode, Literal(p.code)))
            g.add((node, KG.adminLevel, Literal(p.level)))
            g.add((node, PROV.wasDerivedFrom, GAZETTEER_SOURCE))
        g.add((up, SKOS.prefLabel, zh(parent.name)))
        g.add((up, RDFS.label, zh(parent.name)))
        g.add((child, KG.locatedIn, up))
        a = KGR[f"gazetteer/{code}-in-{parent.code}"]
        g.add((a, RDF.type, KG.Assertion))
        g.add((a, RDF.subject, child))
        g.add((a, RDF.predicate, KG.locatedIn))
        g.add((a, RDF.object, up))
        g.add((a, KG.inferred, Literal(True)))
        g.add((a, PROV.wasDerivedFrom, GAZETTEER_SOURCE))
        todo.append(parent.code)


def decimal_literal(value: object) -> Literal:
    """An xsd:decimal in canonical form (6300000000.0), so that it survives a Turtle round trip unchanged."""
    text = format(Decimal(str(value)).normalize(), "f")
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


def _add_group(g: Graph, node: URIRef, label: str, doc_iri: URIRef) -> None:
    """Link a plant or subsidiary named after a known group (华电灵武电厂) to the group, and name the group."""
    canonical = aliases.canonical_name(label)
    group = aliases.parent_group(label)
    for name in filter(None, (canonical, group)):
        gnode = iri.entity_iri("", EntityType.ENTERPRISE, name)
        if gnode != node:
            g.add((node, ORG.subOrganizationOf, gnode))
        g.add((gnode, RDF.type, KG.Enterprise))
        g.add((gnode, SKOS.prefLabel, zh(name)))
        g.add((gnode, RDFS.label, zh(name)))
        for alias in aliases.names_of(name)[1:]:
            g.add((gnode, SKOS.altLabel, zh(alias)))
        g.add((gnode, PROV.wasDerivedFrom, doc_iri))
        g.add((gnode, DCTERMS.source, Literal(aliases.SOURCE)))


def _add_data(g: Graph, node: URIRef, type: EntityType, data: dict) -> None:
    """Typed data properties read off the text (codes, amounts, target values, deadlines)."""
    if type is EntityType.REGION:
        if data.get("code"):
            g.add((node, KG.regionCode, Literal(data["code"])))
        if data.get("level"):
            g.add((node, KG.adminLevel, Literal(data["level"])))
    if type is EntityType.PROJECT and data.get("amount") is not None:
        g.add((node, KG.investmentAmount, decimal_literal(data["amount"])))
        g.add((node, KG.investmentUnit, Literal(data.get("currency", "CNY"))))
    if type is EntityType.TARGET:
        for key, prop in (("metric", KG.metric), ("comparator", KG.comparator), ("value", KG.valueText)):
            if data.get(key):
                g.add((node, prop, zh(str(data[key]))))
        if data.get("unit"):
            g.add((node, KG.unit, Literal(data["unit"])))
        if data.get("number") is not None:
            g.add((node, KG.targetValue, decimal_literal(data["number"])))
        if data.get("deadline"):
            g.add((node, KG.deadlineText, zh(str(data["deadline"]))))
        if data.get("year"):
            g.add((node, KG.deadline, Literal(str(data["year"]), datatype=XSD.gYear)))

