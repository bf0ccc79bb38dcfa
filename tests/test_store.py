"""kg.store: union graph, serialization round-trips, loading with clear errors, SHACL validation."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import make_sample_result
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, RDF, SKOS, XSD

from kg import store
from kg.errors import GraphError, OntologyError
from kg.graph import build_graph
from kg.ns import KG, KGR

ROOT = Path(__file__).resolve().parent.parent
TRUNCATED_TURTLE = "@prefix : <urn:x#> . :a :b"


def canonical(graph: Graph) -> Graph:
    """`graph` with xsd:decimal literals in one lexical form, so equal values compare equal.

    kg.graph writes `"6300000000"^^xsd:decimal`; Turtle/TriG print it as `6300000000.0`, which
    parses back as another lexical form of the same value (see test_integral_decimals_round_trip).
    """
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.decimal:
            o = Literal(str(Decimal(str(o)).normalize()), datatype=XSD.decimal)
        out.add((s, p, o))
    return out


def named_graphs(ds: Dataset) -> dict[str, Graph]:
    """Non-empty named graphs of `ds` by IRI (the default graph is left out when empty)."""
    return {str(g.identifier): g for g in ds.graphs() if len(g)}


# ---------------------------------------------------------------- union graph


def test_union_graph_holds_every_triple_of_every_named_graph(sample_graph: Dataset) -> None:
    union = store.union_graph(sample_graph)
    expected = {(s, p, o) for s, p, o, _ in sample_graph.quads((None, None, None, None))}
    assert type(union) is Graph
    assert set(union) == expected
    assert len(union) == len(expected)


def test_union_graph_binds_the_project_prefixes(sample_graph: Dataset) -> None:
    union = store.union_graph(sample_graph)
    bound = dict(union.namespaces())
    assert str(bound["kg"]) == "https://w3id.org/policy-kg/ontology#"
    assert str(bound["kgr"]) == "https://w3id.org/policy-kg/resource/"
    text = store.serialize(union, "turtle")
    assert "@prefix kg: <https://w3id.org/policy-kg/ontology#> ." in text
    assert "ns1:" not in text


def test_union_graph_of_a_plain_graph_is_a_copy() -> None:
    g = Graph()
    g.add((URIRef("urn:a"), URIRef("urn:b"), Literal("c")))
    union = store.union_graph(g)
    union.add((URIRef("urn:a"), URIRef("urn:b"), Literal("d")))
    assert len(g) == 1 and len(union) == 2


# ---------------------------------------------------------------- serialize


@pytest.mark.parametrize("fmt", ["turtle", "nt", "jsonld"])
def test_triple_formats_round_trip_to_the_union(sample_graph: Dataset, fmt: str) -> None:
    text = store.serialize(sample_graph, fmt)
    parsed = Graph().parse(data=text, format={"jsonld": "json-ld"}.get(fmt, fmt))
    assert isomorphic(canonical(parsed), canonical(store.union_graph(sample_graph)))


@pytest.mark.parametrize("fmt", ["turtle", "trig"])
def test_integral_decimals_round_trip(sample_graph: Dataset, fmt: str) -> None:
    parsed = Dataset()
    parsed.parse(data=store.serialize(sample_graph, fmt), format=fmt)
    assert isomorphic(store.union_graph(parsed), store.union_graph(sample_graph))


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_quad_formats_keep_one_named_graph_per_document(sample_graph: Dataset, fmt: str) -> None:
    text = store.serialize(sample_graph, fmt)
    parsed = Dataset()
    parsed.parse(data=text, format=fmt)
    got, expected = named_graphs(parsed), named_graphs(sample_graph)
    # one graph per document, plus the containment the gazetteer adds (kg.graph.add_gazetteer_context)
    assert sorted(got) == sorted(expected) == [f"{KGR}doc/69f29613a1ffb329/graph", f"{KGR}graph/gazetteer"]
    for name, graph in expected.items():
        assert isomorphic(canonical(got[name]), canonical(graph))


@pytest.mark.parametrize("fmt", sorted(store.FORMATS))
def test_serialize_returns_the_same_text_for_the_same_graph(sample_graph: Dataset, fmt: str) -> None:
    # a fresh build of the same input: equal files, so `git diff` of outputs shows real changes only
    again = build_graph([make_sample_result()])
    assert store.serialize(sample_graph, fmt) == store.serialize(again, fmt)


def test_line_formats_are_sorted(sample_graph: Dataset) -> None:
    lines = store.serialize(sample_graph, "nt").splitlines()
    assert lines == sorted(lines)
    assert len(lines) == len(store.union_graph(sample_graph))


def test_jsonld_has_a_context_for_the_prefixes(sample_graph: Dataset) -> None:
    import json

    doc = json.loads(store.serialize(sample_graph, "jsonld"))
    assert doc["@context"]["kg"] == "https://w3id.org/policy-kg/ontology#"
    assert doc["@context"]["skos"] == "http://www.w3.org/2004/02/skos/core#"


def test_a_plain_graph_serializes_to_trig_in_the_default_graph() -> None:
    g = Graph()
    g.add((URIRef("urn:a"), URIRef("urn:b"), Literal("华电")))
    parsed = Dataset()
    parsed.parse(data=store.serialize(g, "trig"), format="trig")
    assert isomorphic(store.union_graph(parsed), g)


def test_serialize_rejects_an_unknown_format(sample_graph: Dataset) -> None:
    with pytest.raises(ValueError) as e:
        store.serialize(sample_graph, "xml")
    assert str(e.value) == "Unknown format 'xml'. Use one of: turtle, nt, jsonld, trig, nquads"


# ---------------------------------------------------------------- load


@pytest.mark.parametrize("fmt,suffix", [("turtle", ".ttl"), ("nt", ".nt"), ("jsonld", ".jsonld"),
                                        ("trig", ".trig"), ("nquads", ".nq")])
def test_load_graph_reads_what_serialize_wrote(sample_graph: Dataset, tmp_path: Path, fmt: str, suffix: str) -> None:
    path = tmp_path / f"graph{suffix}"
    path.write_text(store.serialize(sample_graph, fmt), encoding="utf-8")
    loaded = store.load_graph(path)
    assert type(loaded) is Graph  # named graphs are merged: queries see one graph
    assert isomorphic(canonical(loaded), canonical(store.union_graph(sample_graph)))
    assert str(dict(loaded.namespaces())["kg"]) == "https://w3id.org/policy-kg/ontology#"


@pytest.mark.parametrize("fmt,suffix", [("trig", ".trig"), ("nquads", ".nq")])
def test_load_dataset_keeps_named_graphs(sample_graph: Dataset, tmp_path: Path, fmt: str, suffix: str) -> None:
    path = tmp_path / f"graph{suffix}"
    path.write_text(store.serialize(sample_graph, fmt), encoding="utf-8")
    loaded = store.load_dataset(path)
    assert sorted(named_graphs(loaded)) == sorted(named_graphs(sample_graph))
    assert all(isomorphic(canonical(g), canonical(named_graphs(sample_graph)[name]))
               for name, g in named_graphs(loaded).items())


def test_load_dataset_of_a_turtle_file_fills_the_default_graph(sample_graph: Dataset, tmp_path: Path) -> None:
    path = tmp_path / "graph.ttl"
    path.write_text(store.serialize(sample_graph, "turtle"), encoding="utf-8")
    assert isomorphic(canonical(store.union_graph(store.load_dataset(path))), canonical(store.union_graph(sample_graph)))


# fmt: off
BROKEN_FILES = [
    ("graph.ttl", TRUNCATED_TURTLE, "not valid Turtle (IndexError: string index out of range)"),
    ("graph.ttl", '@prefix : <urn:x#> .\n:a zz:b :c .', 'not valid Turtle (line 2: Prefix "zz:" not bound)'),
    ("graph.trig", "<urn:g> { <urn:a> <urn:b> ", "not valid TriG (line 1: objectList expected)"),
    ("graph.nt", "<urn:a> <urn:b> .", "not valid N-Triples (Invalid line: .)"),
    ("graph.jsonld", "{", ("not valid JSON-LD (Expecting property name enclosed in double quotes: "
                           "line 1 column 2 (char 1))")),
]
# fmt: on


@pytest.mark.parametrize("name,content,message", BROKEN_FILES, ids=[c[0] + str(i) for i, c in enumerate(BROKEN_FILES)])
def test_load_graph_names_the_file_that_does_not_parse(tmp_path: Path, name: str, content: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GraphError) as e:
        store.load_graph(path)
    assert str(e.value) == f"{path}: {message}"


def test_load_graph_of_a_missing_file_says_how_to_make_it(tmp_path: Path) -> None:
    path = tmp_path / "output" / "graph.ttl"
    with pytest.raises(GraphError) as e:
        store.load_graph(path)
    assert str(e.value) == f"{path} does not exist. Build it first with: kg build"


def test_load_graph_of_an_unknown_suffix_lists_the_known_ones(tmp_path: Path) -> None:
    path = tmp_path / "graph.rdf"
    path.write_text("<rdf:RDF/>", encoding="utf-8")
    with pytest.raises(GraphError) as e:
        store.load_graph(path)
    assert str(e.value) == f"{path}: unknown graph format '.rdf'. Use one of: .ttl, .nt, .jsonld, .trig, .nq"


# ---------------------------------------------------------------- ontology and shapes


def test_ontology_dir_is_the_checkouts_ontology_folder() -> None:
    assert store.ontology_dir() == ROOT / "ontology"


def test_default_ontology_and_shapes_parse() -> None:
    onto, shapes = store.load_ontology(), store.load_shapes()
    assert (KG.Region, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in onto
    shapes_ns = "https://w3id.org/policy-kg/shapes#"
    assert (URIRef(shapes_ns + "EntityShape"), RDF.type, URIRef("http://www.w3.org/ns/shacl#NodeShape")) in shapes


@pytest.mark.parametrize("loader", [store.load_ontology, store.load_shapes])
def test_a_broken_ontology_file_is_an_ontology_error_naming_it(tmp_path: Path, loader) -> None:
    path = tmp_path / "kg.ttl"
    path.write_text(TRUNCATED_TURTLE, encoding="utf-8")
    with pytest.raises(OntologyError) as e:
        loader(path)
    assert str(e.value) == f"{path}: not valid Turtle (IndexError: string index out of range)"


def test_a_missing_ontology_file_is_an_ontology_error(tmp_path: Path) -> None:
    with pytest.raises(OntologyError) as e:
        store.load_shapes(tmp_path / "shapes.ttl")
    assert str(e.value) == f"{tmp_path / 'shapes.ttl'} does not exist."


# ---------------------------------------------------------------- validate


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return store.load_shapes()


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return store.load_ontology()


def test_the_sample_graph_conforms(sample_graph: Dataset) -> None:
    conforms, report = store.validate(store.union_graph(sample_graph))
    assert conforms, report
    assert "Conforms: True" in report


def test_a_dataset_is_validated_as_its_union(sample_graph: Dataset) -> None:
    # pyshacl alone would check each named graph apart; the union is what queries see
    assert store.validate(sample_graph)[0]


def test_validate_does_not_change_the_graph(sample_graph: Dataset) -> None:
    union = store.union_graph(sample_graph)
    before = set(union)
    store.validate(union)
    assert set(union) == before  # the ontology is mixed into pyshacl's copy, not into ours


SAMPLE_DOC = KGR["doc/69f29613a1ffb329"]
REGION = KGR["region/640381"]
MENTION = KGR["doc/69f29613a1ffb329/m5"]  # the mention of 青铜峡市
ASSERTION = KGR["doc/69f29613a1ffb329/a4"]  # 华电集团63亿元… locatedIn 青铜峡市
PROJECT = KGR["project/3faa6c5511eeed0f"]
ENTERPRISE = KGR["enterprise/51b0fa6432af72b2"]
TARGET = KGR["target/69f29613a1ffb329-62529530d2f100b2"]

# (case, triples to remove, triples to add, text expected in the report)
# fmt: off
BROKEN_FACTS = [
    ("mention without sentence", [(MENTION, KG.inSentence, None)], [],
     f"Less than 1 values on <{MENTION}>->kg:inSentence"),
    ("region code 12", [(REGION, KG.regionCode, None)], [(REGION, KG.regionCode, Literal("12"))],
     "kg:regionCode must be a six-digit GB/T 2260 code."),
    ("two preferred labels", [], [(REGION, SKOS.prefLabel, Literal("青铜峡", lang="zh"))],
     "An entity needs exactly one skos:prefLabel with a language tag."),
    ("label without language", [(REGION, SKOS.prefLabel, None)], [(REGION, SKOS.prefLabel, Literal("青铜峡市"))],
     "An entity needs exactly one skos:prefLabel with a language tag."),
    ("entity without document", [(REGION, PROV.wasDerivedFrom, None)], [],
     "An entity must be derived from at least one kg:Document (or kg:Source, for gazetteer places)."),
    ("region involves enterprise", [], [(REGION, KG.involves, ENTERPRISE)],
     "Value does not have class kg:Project"),
    ("partOf a region", [], [(PROJECT, KG.partOf, REGION)],
     "Value does not have class kg:Campaign"),
    ("deadline as plain string", [(TARGET, KG.deadline, None)], [(TARGET, KG.deadline, Literal("2026"))],
     "Value is not Literal with datatype xsd:gYear"),
    ("amount as text", [(PROJECT, KG.investmentAmount, None)], [(PROJECT, KG.investmentAmount, Literal("63亿元"))],
     "Value is not Literal with datatype xsd:decimal"),
    ("relation without assertion", [], [(PROJECT, KG.hasTarget, TARGET)],
     f"Relation {KG.hasTarget} to {TARGET} has no kg:Assertion giving its provenance."),
    ("assertion of a missing triple", [(PROJECT, KG.locatedIn, REGION)], [],
     "The assertion states a triple that is not in the graph."),
    ("assertion without sentence", [(ASSERTION, KG.inSentence, None)], [],
     "An assertion needs a kg:inSentence, or kg:inferred true when the gazetteer implies it."),
    ("assertion of another predicate", [(ASSERTION, RDF.predicate, None)], [(ASSERTION, RDF.predicate, RDF.type)],
     "Value rdf:type not in list"),
    ("document without hash", [(SAMPLE_DOC, KG.sha256, None)], [],
     f"Less than 1 values on <{SAMPLE_DOC}>->kg:sha256"),
    ("offset as string", [(MENTION, KG.startOffset, None)], [(MENTION, KG.startOffset, Literal("78"))],
     "Value is not Literal with datatype xsd:integer"),
]
# fmt: on


@pytest.mark.parametrize("case,remove,add,message", BROKEN_FACTS, ids=[c[0] for c in BROKEN_FACTS])
def test_a_broken_fact_does_not_conform(sample_graph: Dataset, shapes: Graph, ontology: Graph,
                                        case: str, remove: list, add: list, message: str) -> None:
    graph = store.union_graph(sample_graph)
    for pattern in remove:
        assert (pattern in graph) if None not in pattern else any(graph.triples(pattern)), case
        graph.remove(pattern)
    for triple in add:
        graph.add(triple)
    conforms, report = store.validate(graph, shapes, ontology=ontology)
    assert not conforms
    assert message in report


def test_an_inferred_assertion_needs_no_sentence(sample_graph: Dataset, shapes: Graph, ontology: Graph) -> None:
    graph = store.union_graph(sample_graph)
    graph.remove((ASSERTION, KG.inSentence, None))
    graph.add((ASSERTION, KG.inferred, Literal(True)))
    conforms, report = store.validate(graph, shapes, ontology=ontology)
    assert conforms, report
