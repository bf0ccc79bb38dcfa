"""Ontology terms (closed) and the namespaces of the graph."""
from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import (
    DCTERMS,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SKOS,
    XSD,
    DefinedNamespace,
)

ONTOLOGY_IRI = "https://w3id.org/policy-kg/ontology#"


class KG(DefinedNamespace):
    """Terms of ontology/kg.ttl. A typo here is an AttributeError, not a new IRI."""

    _fail = True
    _NS = Namespace(ONTOLOGY_IRI)

    PolicyEntity: URIRef
    Region: URIRef
    Enterprise: URIRef
    Project: URIRef
    Campaign: URIRef
    Target: URIRef
    Document: URIRef
    Sentence: URIRef
    Mention: URIRef
    Assertion: URIRef
    Source: URIRef
    Extractor: URIRef

    involves: URIRef
    locatedIn: URIRef
    partOf: URIRef
    hasTarget: URIRef

    regionCode: URIRef
    adminLevel: URIRef
    investmentAmount: URIRef
    investmentUnit: URIRef
    metric: URIRef
    comparator: URIRef
    targetValue: URIRef
    valueText: URIRef
    unit: URIRef
    deadline: URIRef
    deadlineText: URIRef
    sha256: URIRef
    text: URIRef
    startOffset: URIRef
    endOffset: URIRef
    sentenceIndex: URIRef
    inSentence: URIRef
    viaHeading: URIRef
    mentionOf: URIRef
    inferred: URIRef
    mergeReason: URIRef


KGR = Namespace("https://w3id.org/policy-kg/resource/")

# Prefixes bound in every graph and available to every query.
PREFIXES: dict[str, Namespace] = {
    "kg": Namespace(ONTOLOGY_IRI),
    "kgr": KGR,
    "skos": Namespace(str(SKOS)),
    "prov": Namespace(str(PROV)),
    "dcterms": Namespace(str(DCTERMS)),
    "org": Namespace(str(ORG)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
    "owl": Namespace(str(OWL)),
}
