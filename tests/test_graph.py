"""The RDF graph: a small golden graph compared by isomorphism, provenance from every edge, the ontology in sync."""
from __future__ import annotations

from conftest import FIXTURES, ROOT
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.ns import KG, ONTOLOGY_IRI
from kg.store import union_graph

GOLDEN = FIXTURES / "sample" / "expected.ttl"


def test_graph_matches_golden(sample_graph, request):
    got = union_graph(sample_graph)
    if request.config.getoption("--update-golden"):
        GOLDEN.write_text(got.serialize(format="turtle"), encoding="utf-8")
    expected = Graph().parse(GOLDEN)
    if not isomorphic(got, expected):
        _, only_got, only_expected = graph_diff(to_isomorphic(got), to_isomorphic(expected))
        raise AssertionError(
            "graph differs from golden:\n+ " + "\n+ ".join(sorted(" ".join(x.n3() for x in t) for t in only_got))
            + "\n- " + "\n- ".join(sorted(" ".join(x.n3() for x in t) for t in only_expected))
        )


EVIDENCE = """
PREFIX kg: <https://w3id.org/policy-kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?s ?p ?o ?text ?inferred WHERE {
  ?s ?p ?o . FILTER (?p IN (kg:involves, kg:locatedIn, kg:partOf, kg:hasTarget))
  ?a rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  OPTIONAL { ?a kg:inSentence/kg:text ?text }
  BIND (EXISTS { ?a kg:inferred true } AS ?inferred)
}"""


def test_every_edge_leads_to_its_sentence_or_is_marked_inferred(sample_graph):
    rows = list(union_graph(sample_graph).query(EVIDENCE))
    rows = [r.asdict() for r in rows]
    stated = [r for r in rows if not r["inferred"].toPython()]
    inferred = [r for r in rows if r["inferred"].toPython()]
    assert len(stated) == 5
    assert all(len(str(r.get("text", ""))) > 5 for r in stated)
    # 青铜峡市 in 吴忠市 in 宁夏: from the gazetteer, with no sentence
    assert len(inferred) == 2 and all("text" not in r for r in inferred)


def test_enterprise_group_from_alias_table(sample_graph):
    g = union_graph(sample_graph)
    q = """PREFIX org: <http://www.w3.org/ns/org#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    SELECT ?plant WHERE { ?p org:subOrganizationOf ?g . ?p skos:prefLabel ?plant .
                          ?g skos:altLabel "华电集团"@zh }"""
    assert sorted(str(r.plant) for r in g.query(q)) == ["华电灵武电厂"]


def test_ontology_declares_exactly_the_kg_terms():
    onto = Graph().parse(ROOT / "ontology" / "kg.ttl")
    declared = {str(s)[len(ONTOLOGY_IRI):] for s in onto.subjects() if str(s).startswith(ONTOLOGY_IRI) and str(s) != ONTOLOGY_IRI}
    assert declared == set(KG.__annotations__)


def test_misspelt_term_is_an_error():
    import pytest

    with pytest.raises(AttributeError):
        KG.Regoin  # noqa: B018
