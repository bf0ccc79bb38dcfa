"""Everything known about one entity, for a person: names, why they are one, facts and evidence."""
from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS

from kg.errors import KgError
from kg.ns import KG

_TYPES = {KG.Region: "Region", KG.Enterprise: "Enterprise", KG.Project: "Project", KG.Campaign: "Campaign",
          KG.Target: "Target"}
_RELATIONS = (KG.involves, KG.locatedIn, KG.partOf, KG.hasTarget)
_DATA = (KG.regionCode, KG.adminLevel, KG.investmentAmount, KG.investmentUnit, KG.metric, KG.comparator,
         KG.targetValue, KG.valueText, KG.unit, KG.deadline, KG.deadlineText)


@dataclass
class Fact:
    relation: str
    direction: str  # "out": entity -> other, "in": other -> entity
    other: str
    other_type: str
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (document, sentence or "(gazetteer)")


@dataclass
class EntityReport:
    iri: str
    type: str
    label: str
    aliases: list[str]
    data: dict[str, str]
    merge_reasons: list[str]
    groups: list[str]
    members: list[str]
    facts: list[Fact]
    mentions: list[tuple[str, str, str]]  # (document, text as written, sentence)


def find_entities(graph: Graph, name: str) -> list[URIRef]:
    """Entities whose label or alias is `name` (exact, any language tag); else those whose label contains it."""
    exact, partial = set(), set()
    for prop in (SKOS.prefLabel, SKOS.altLabel):
        for s, o in graph.subject_objects(prop):
            if not any(graph.triples((s, RDF.type, t)) for t in _TYPES):
                continue
            if str(o) == name:
                exact.add(s)
            elif name in str(o):
                partial.add(s)
    return sorted(exact or partial)


def _label(graph: Graph, node: URIRef) -> str:
    return str(graph.value(node, SKOS.prefLabel) or node)


def _type(graph: Graph, node: URIRef) -> str:
    return next((name for t, name in _TYPES.items() if (node, RDF.type, t) in graph), "")


def _doc_id(graph: Graph, doc: URIRef | None) -> str:
    return str(graph.value(doc, DCTERMS.identifier) or "") if doc is not None else ""


_SUB_ORGANIZATION_OF = URIRef("http://www.w3.org/ns/org#subOrganizationOf")


def describe(graph: Graph, node: URIRef) -> EntityReport:
    """Collect the report for one entity IRI (a group's report includes its plants' facts)."""
    facts: dict[tuple, Fact] = {}
    members = {m: _label(graph, m) for m in graph.subjects(_SUB_ORGANIZATION_OF, node)}
    for a in graph.subjects(RDF.type, KG.Assertion):
        s, p, o = graph.value(a, RDF.subject), graph.value(a, RDF.predicate), graph.value(a, RDF.object)
        if p not in _RELATIONS or not ({s, o} & ({node} | set(members))):
            continue
        own = node in (s, o)
        me = node if own else (s if s in members else o)
        other, direction = (o, "out") if s == me else (s, "in")
        key = (str(p), direction, other, me)
        via = "" if own else f" (via {members[me]})"
        fact = facts.setdefault(key, Fact(str(p).split("#")[-1], direction, _label(graph, other) + via,
                                          _type(graph, other)))
        sentence = graph.value(a, KG.inSentence)
        if sentence is not None:
            fact.evidence.append((_doc_id(graph, graph.value(a, PROV.wasDerivedFrom)), str(graph.value(sentence, KG.text))))
        else:
            fact.evidence.append(("", "(inferred from the gazetteer)"))
    mentions = []
    for m in graph.subjects(KG.mentionOf, node):
        sentence = graph.value(m, KG.inSentence)
        mentions.append((_doc_id(graph, graph.value(m, PROV.wasDerivedFrom)), str(graph.value(m, KG.text)),
                         str(graph.value(sentence, KG.text)) if sentence is not None else ""))
    data = {}
    for prop in _DATA:
        values = sorted({str(v) for v in graph.objects(node, prop)})
        if values:
            data[str(prop).split("#")[-1]] = "; ".join(values)
    return EntityReport(
        iri=str(node), type=_type(graph, node), label=_label(graph, node),
        aliases=sorted({str(v) for v in graph.objects(node, SKOS.altLabel)}),
        data=data,
        merge_reasons=sorted({str(v) for v in graph.objects(node, KG.mergeReason)}),
        groups=sorted(_label(graph, g) for g in graph.objects(node, _SUB_ORGANIZATION_OF)),
        members=sorted(members.values()),
        facts=sorted(facts.values(), key=lambda f: (f.relation, f.direction, f.other)),
        mentions=sorted(set(mentions)),
    )


def show(graph: Graph, name: str) -> list[EntityReport]:
    """Reports for the entities called `name`; an unknown name is an error that says how to look names up."""
    nodes = find_entities(graph, name)
    if not nodes:
        raise KgError(f"no entity is called {name!r}. List names with: kg query regions (or campaigns, projects)")
    return [describe(graph, n) for n in nodes]


def format_report(r: EntityReport) -> str:
    """The report as text for a terminal."""
    lines = [f"{r.label}  [{r.type}]  {r.iri}"]
    if r.aliases:
        lines.append("  aliases: " + "、".join(r.aliases))
    for k, v in r.data.items():
        lines.append(f"  {k}: {v}")
    if r.groups:
        lines.append("  part of group: " + "、".join(r.groups))
    if r.members:
        lines.append("  plants and subsidiaries: " + "、".join(r.members))
    if r.merge_reasons:
        lines.append("  why these names are one entity:")
        lines.extend(f"    - {reason}" for reason in r.merge_reasons)
    if r.facts:
        lines.append("  facts:")
        for f in r.facts:
            arrow = f"{f.relation} -> {f.other}" if f.direction == "out" else f"<- {f.relation} {f.other}"
            lines.append(f"    {arrow}  [{f.other_type}]")
            for doc, sentence in f.evidence:
                lines.append(f"        {doc}: {sentence}" if doc else f"        {sentence}")
    if r.mentions:
        lines.append("  mentions:")
        for doc, text, sentence in r.mentions:
            lines.append(f"    {doc} 「{text}」 {sentence}")
    return "\n".join(lines) + "\n"


__all__ = ["show", "describe", "find_entities", "format_report", "EntityReport", "Fact"]
