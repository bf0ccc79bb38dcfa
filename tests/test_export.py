"""kg.export: every format read back by a real consumer (rdflib, networkx, igraph, csv as neo4j-admin reads it)."""
from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import networkx as nx
import pytest
from conftest import FIXTURES, make_sample_result
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS

from kg import export, store
from kg.errors import KgError
from kg.graph import build_graph
from kg.model import EntityType
from kg.ns import KG, KGR

R = "https://w3id.org/policy-kg/resource/"


XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")  # not rdflib's XSD: pytest's collection warns on it


def canonical(graph: Graph) -> Graph:
    """`graph` with xsd:decimal literals in one lexical form (Turtle prints 6300000000 as 6300000000.0)."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD_DECIMAL:
            o = Literal(str(Decimal(str(o)).normalize()), datatype=XSD_DECIMAL)
        out.add((s, p, o))
    return out


@pytest.fixture(scope="module")
def docs_graph() -> Dataset:
    """tests/fixtures/docs (air.txt) through the real pipeline, plus the hand-made sample: two documents."""
    from kg.pipeline import extract_paths

    return build_graph([*extract_paths([FIXTURES / "docs"]), make_sample_result()])


@pytest.fixture(params=["sample", "docs"])
def any_graph(request, sample_graph, docs_graph) -> Dataset:
    return sample_graph if request.param == "sample" else docs_graph


def tricky_graph() -> Graph:
    """A plain Graph with values that break naive CSV/XML writers: quotes, commas, newlines, `;`, `<&`, a control char."""
    g = store.bind_prefixes(Graph())
    doc, region, project = KGR["doc/x"], KGR["region/x"], KGR["project/x"]
    g.add((doc, RDF.type, KG.Document))
    g.add((doc, DCTERMS.identifier, Literal("报告,2024")))
    g.add((region, RDF.type, KG.Region))
    g.add((region, SKOS.prefLabel, Literal('“青铜峡”,"市"<&>\x0b', lang="zh")))
    g.add((region, SKOS.altLabel, Literal("青铜峡;峡市", lang="zh")))
    g.add((region, PROV.wasDerivedFrom, doc))
    g.add((project, RDF.type, KG.Project))
    g.add((project, SKOS.prefLabel, Literal("黄河\n堤防工程", lang="zh")))
    g.add((project, PROV.wasDerivedFrom, doc))
    g.add((project, KG.locatedIn, region))
    a, s = KGR["doc/x/a0"], KGR["doc/x/s0"]
    for triple in [(a, RDF.type, KG.Assertion), (a, RDF.subject, project), (a, RDF.predicate, KG.locatedIn),
                   (a, RDF.object, region), (a, KG.inSentence, s), (a, PROV.wasDerivedFrom, doc),
                   (s, RDF.type, KG.Sentence), (s, KG.sentenceIndex, Literal(0)),
                   (s, KG.text, Literal('在"青铜峡",建设黄河\n堤防；a;b</data>', lang="zh"))]:
        g.add(triple)
    return g


# ---------------------------------------------------------------- RDF formats (rdflib reads them back)


@pytest.mark.parametrize("fmt,plugin", [("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_rdf_formats_round_trip_to_the_same_graph(any_graph, fmt, plugin):
    text = export.export_text(any_graph, fmt)
    back = Graph().parse(data=text, format=plugin)
    assert len(back) == len(store.union_graph(any_graph))
    assert isomorphic(canonical(back), canonical(store.union_graph(any_graph)))


def test_jsonld_has_a_context_with_our_prefixes(sample_graph):
    import json

    doc = json.loads(export.export_text(sample_graph, "jsonld"))
    assert doc["@context"]["kg"] == "https://w3id.org/policy-kg/ontology#"
    assert doc["@context"]["skos"] == str(SKOS)
    assert "@graph" in doc


@pytest.mark.parametrize("fmt,plugin", [("trig", "trig"), ("nquads", "nquads")])
def test_quad_formats_keep_one_named_graph_per_document(docs_graph, fmt, plugin):
    back = Dataset(default_union=True)
    back.parse(data=export.export_text(docs_graph, fmt), format=plugin)
    source = {str(g.identifier): g for g in docs_graph.graphs() if len(g)}
    loaded = {str(g.identifier): g for g in back.graphs() if len(g)}
    assert sorted(loaded) == sorted(source)
    documents = 0
    for name, g in loaded.items():
        assert isomorphic(canonical(g), canonical(source[name])), name
        assertions = set(g.subjects(RDF.type, KG.Assertion))
        assert assertions
        docs = list(g.subjects(RDF.type, KG.Document))
        if not docs:  # reference data (the gazetteer's graph): its own source, every assertion marked inferred
            (src,) = g.subjects(RDF.type, KG.Source)
            assert all(g.value(a, KG.inferred) == Literal(True) and g.value(a, PROV.wasDerivedFrom) == src
                       for a in assertions)
            continue
        # provenance survives: each graph is one document, and its assertions and sentences are its own
        documents += 1
        (doc,) = docs
        assert name == f"{doc}/graph"
        for a in assertions:
            assert g.value(a, PROV.wasDerivedFrom) == doc
            sentence = g.value(a, KG.inSentence)
            assert sentence is not None and g.value(sentence, KG.text) is not None
            assert g.value(sentence, DCTERMS.isPartOf) == doc
    assert documents == 2
    assert {str(back.value(d, DCTERMS.identifier)) for d in back.subjects(RDF.type, KG.Document)} == {"air", "sample"}


@pytest.mark.parametrize("fmt", export.TEXT_FORMATS)
def test_chinese_is_written_as_characters(sample_graph, fmt):
    text = export.export_text(sample_graph, fmt)
    assert "青铜峡市" in text
    assert "加快华电灵武电厂热电联产集中供热工程建设" in text  # an evidence sentence
    assert "&#" not in text and "\\u9752" not in text


def test_unknown_and_folder_formats_are_refused(sample_graph):
    with pytest.raises(ValueError, match="export_neo4j"):
        export.export_text(sample_graph, "neo4j")
    with pytest.raises(ValueError, match="graphml"):
        export.export_text(sample_graph, "dot")


# ---------------------------------------------------------------- the property graph


def test_property_graph_is_the_entity_layer(sample_graph):
    g = export.to_property_graph(sample_graph)
    # the entities the document names (the gazetteer may add the regions around them, with no mention)
    types = {d["label"]: d["type"] for _, d in g.nodes(data=True) if d["mentions"]}
    assert types == {
        "蓝天工程": "Campaign",
        "华电灵武电厂热电联产集中供热工程": "Project",
        "华电集团63亿元智能化集中供热": "Project",
        "中国华电集团有限公司": "Enterprise",  # the group's canonical name, from the alias table
        "华电灵武电厂": "Enterprise",
        "2026年淘汰市区范围内全部燃煤锅炉": "Target",
        "青铜峡市": "Region",
    }
    assert all(n.startswith(R) and "/doc/" not in n for n in g)  # no mention/sentence/assertion/document nodes
    edges = {(g.nodes[h]["label"], k, g.nodes[t]["label"]) for h, t, k, d in g.edges(keys=True, data=True)
             if d["evidence"] or k == "subOrganizationOf"}
    assert edges == {
        ("华电集团63亿元智能化集中供热", "involves", "中国华电集团有限公司"),
        ("华电灵武电厂热电联产集中供热工程", "involves", "华电灵武电厂"),
        ("华电灵武电厂热电联产集中供热工程", "partOf", "蓝天工程"),
        ("华电灵武电厂热电联产集中供热工程", "hasTarget", "2026年淘汰市区范围内全部燃煤锅炉"),
        ("华电集团63亿元智能化集中供热", "locatedIn", "青铜峡市"),
        ("华电灵武电厂", "subOrganizationOf", "中国华电集团有限公司"),
    }


def test_property_graph_attributes(sample_graph):
    g = export.to_property_graph(sample_graph)
    node = {d["label"]: d for _, d in g.nodes(data=True)}
    assert node["青铜峡市"] == {"type": "Region", "label": "青铜峡市", "aliases": "", "mentions": 1,
                                "documents": "sample", "code": "640381", "level": "county"}
    assert node["蓝天工程"]["aliases"] == "“蓝天工程”"
    assert node["华电集团63亿元智能化集中供热"]["amount"] == 6_300_000_000.0
    assert node["华电集团63亿元智能化集中供热"]["currency"] == "CNY"
    target = node["2026年淘汰市区范围内全部燃煤锅炉"]
    assert (target["metric"], target["value"], target["deadline"], target["deadline_text"]) == (
        "市区范围内燃煤锅炉", "全部淘汰", 2026, "2026年")
    assert node["中国华电集团有限公司"]["mentions"] == 1
    assert node["中国华电集团有限公司"]["aliases"] == "中国华电;华电;华电集团"

    by_key = {(g.nodes[h]["label"], k): d for h, _, k, d in g.edges(keys=True, data=True)}
    part_of = by_key[("华电灵武电厂热电联产集中供热工程", "partOf")]
    # the heading sentence comes first, then the sentence itself
    assert part_of["evidence"] == ("1.实施“蓝天工程”，让天常蓝。;"
                                   "加快华电灵武电厂热电联产集中供热工程建设，力争2026年淘汰市区范围内全部燃煤锅炉。")
    assert part_of | {"evidence": ""} == {"type": "partOf", "label": "partOf", "documents": "sample",
                                          "evidence": "", "inferred": False}
    group = by_key[("华电灵武电厂", "subOrganizationOf")]
    assert group == {"type": "subOrganizationOf", "label": "subOrganizationOf", "documents": "sample",
                     "evidence": "", "inferred": True}


def test_inferred_edges_have_no_sentence_and_stated_ones_do(docs_graph):
    g = export.to_property_graph(docs_graph)
    for h, t, k, d in g.edges(keys=True, data=True):
        assert bool(d["evidence"]) is not d["inferred"], (g.nodes[h]["label"], k, g.nodes[t]["label"])
        if not d["inferred"]:
            assert d["documents"]
    for _, d in g.nodes(data=True):
        assert d["documents"] or not d["mentions"]  # a mentioned entity names its documents


def test_gazetteer_context_is_inferred_and_documentless(sample_graph):
    g = export.to_property_graph(sample_graph)
    gazetteer = [(h, t, d) for h, t, k, d in g.edges(keys=True, data=True) if k == "locatedIn" and d["inferred"]]
    if not gazetteer:
        pytest.skip("kg.graph adds no gazetteer context")
    assert all(d["documents"] == "" and d["evidence"] == "" for *_, d in gazetteer)
    (region,) = [n for n, d in g.nodes(data=True) if d["label"] == "青铜峡市"]
    assert any(h == region for h, _, _ in gazetteer)  # 青铜峡市 locatedIn its city, says the gazetteer


def test_entities_of_several_documents_are_one_node(docs_graph):
    g = export.to_property_graph(docs_graph)
    (group,) = [d for _, d in g.nodes(data=True) if d["label"] == "中国华电集团有限公司"]
    assert group["documents"] == "air;sample"
    (edge,) = [d for h, t, k, d in g.edges(keys=True, data=True)
               if k == "involves" and g.nodes[t]["label"] == "中国华电集团有限公司"]
    assert edge["documents"] == "air;sample"
    assert edge["evidence"].count("华电集团63亿元智能化集中供热等项目在青铜峡市落地") == 2  # the two sentences differ


def test_a_plain_graph_gives_the_same_property_graph(docs_graph):
    from_dataset = export.to_property_graph(docs_graph)
    from_turtle = export.to_property_graph(Graph().parse(data=export.export_text(docs_graph, "turtle")))
    assert list(from_turtle.nodes(data=True)) == list(from_dataset.nodes(data=True))
    assert list(from_turtle.edges(keys=True, data=True)) == list(from_dataset.edges(keys=True, data=True))


def test_tricky_values_are_cleaned_and_joinable():
    g = export.to_property_graph(tricky_graph())
    region = g.nodes[R + "region/x"]
    assert region["label"] == '“青铜峡”,"市"<&>'  # the XML-illegal \x0b is dropped
    assert region["aliases"] == "青铜峡；峡市"  # one alias: its ASCII ; became ；
    assert region["documents"] == "报告,2024"
    (edge,) = g.edges(data=True)
    assert edge[2]["evidence"] == '在"青铜峡",建设黄河\n堤防；a；b</data>'


# ---------------------------------------------------------------- GraphML and GEXF (networkx, igraph)


def _as_dicts(g: nx.MultiDiGraph):
    return dict(g.nodes(data=True)), {(h, t, k): d for h, t, k, d in g.edges(keys=True, data=True)}


@pytest.mark.parametrize("source", ["sample", "docs", "tricky"])
def test_graphml_reads_back_in_networkx(source, sample_graph, docs_graph):
    graph = {"sample": sample_graph, "docs": docs_graph, "tricky": tricky_graph()}[source]
    expected = export.to_property_graph(graph)
    text = export.export_text(graph, "graphml")
    back = nx.read_graphml(io.BytesIO(text.encode("utf-8")), force_multigraph=True, edge_key_type=str)
    assert isinstance(back, nx.MultiDiGraph)
    assert back.number_of_nodes() == expected.number_of_nodes() > 0
    assert back.number_of_edges() == expected.number_of_edges() > 0
    # every attribute, with its type (int, float, bool, str), comes back as it was
    assert _as_dicts(back) == _as_dicts(expected)
    assert ">True<" not in text and ">False<" not in text  # XML Schema booleans: true/false


@pytest.mark.parametrize("source", ["sample", "docs", "tricky"])
def test_gexf_reads_back_in_networkx(source, sample_graph, docs_graph):
    graph = {"sample": sample_graph, "docs": docs_graph, "tricky": tricky_graph()}[source]
    expected = export.to_property_graph(graph)
    text = export.export_text(graph, "gexf")
    back = nx.read_gexf(io.BytesIO(text.encode("utf-8")))
    assert back.number_of_nodes() == expected.number_of_nodes() > 0
    assert back.number_of_edges() == expected.number_of_edges() > 0
    assert dict(back.nodes(data=True)) == dict(expected.nodes(data=True))
    # read_gexf gives a DiGraph when no two edges share their ends: key the edges by `relation`
    back_edges = {(h, t, d["relation"]): dict(d) for h, t, d in back.edges(data=True)}
    assert len(back_edges) == back.number_of_edges()
    for h, t, k, d in expected.edges(keys=True, data=True):
        got = back_edges[(h, t, k)]
        got.pop("id")  # GEXF numbers its edges
        # GEXF's own edge `type` is the direction: the relation is the edge label and `relation`
        assert got == {**{a: v for a, v in d.items() if a != "type"}, "relation": d["type"]}
        assert got["label"] == k


def test_graphml_reads_back_in_igraph(docs_graph, tmp_path):
    igraph = pytest.importorskip("igraph")
    expected = export.to_property_graph(docs_graph)
    path = tmp_path / "graph.graphml"
    path.write_text(export.export_text(docs_graph, "graphml"), encoding="utf-8")
    g = igraph.Graph.Read_GraphML(str(path))
    assert g.is_directed()
    assert (g.vcount(), g.ecount()) == (expected.number_of_nodes(), expected.number_of_edges())
    assert g.vs["id"] == list(expected.nodes)
    assert g.vs["type"] == [d["type"] for _, d in expected.nodes(data=True)]
    assert g.vs["label"] == [d["label"] for _, d in expected.nodes(data=True)]
    assert g.es["type"] == [d["type"] for *_, d in expected.edges(data=True)]
    assert g.es["inferred"] == [d["inferred"] for *_, d in expected.edges(data=True)]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_files_are_byte_stable(docs_graph, fmt):
    assert export.export_text(docs_graph, fmt) == export.export_text(docs_graph, fmt)


# ---------------------------------------------------------------- Neo4j bulk import (csv, as neo4j-admin reads it)

_HEADER_FIELD = re.compile(r"(?P<name>\w*)(?::(?P<type>ID|LABEL|START_ID|END_ID|TYPE|string|int|double|boolean)"
                           r"(?P<array>\[\])?)?")


def _read_neo4j(files: dict[str, str]):
    """Parse the CSVs as neo4j-admin does (typed headers, `;` arrays); returns nodes by id and relationships."""
    nodes: dict[str, dict] = {}
    rels: list[dict] = []
    for name, text in files.items():
        if not name.endswith(".csv"):
            continue
        rows = list(csv.reader(io.StringIO(text, newline="")))
        header, body = rows[0], rows[1:]
        assert body, name
        fields = []
        for h in header:
            m = _HEADER_FIELD.fullmatch(h)
            assert m, (name, h)
            fields.append((m["name"], m["type"] or "string", bool(m["array"])))
        for row in body:
            assert len(row) == len(header), (name, row)
            record: dict = {}
            for (field, type_, array), raw in zip(fields, row):
                if raw == "":
                    continue  # an empty field sets no property
                values = raw.split(";") if array or type_ == "LABEL" else [raw]
                conv = {"int": int, "double": float, "boolean": {"true": True, "false": False}.__getitem__}
                values = [conv.get(type_, str)(v) for v in values]
                record[field or ":" + type_] = values if array or type_ == "LABEL" else values[0]
            if name.startswith("nodes_"):
                assert header[0] == "id:ID" and header[-1] == ":LABEL"
                assert record["id"] not in nodes, "node ids are one global ID space"
                nodes[record["id"]] = record
            else:
                assert header == export.NEO4J_RELATIONSHIP_HEADER
                rels.append(record)
    return nodes, rels


def test_neo4j_files_and_headers(docs_graph):
    files = export.export_neo4j(docs_graph)
    assert set(files) == {"nodes_Region.csv", "nodes_Enterprise.csv", "nodes_Project.csv", "nodes_Campaign.csv",
                          "nodes_Target.csv", "relationships_involves.csv", "relationships_locatedIn.csv",
                          "relationships_partOf.csv", "relationships_hasTarget.csv",
                          "relationships_subOrganizationOf.csv", "import.sh", "README.md"}
    first = {name: text.split("\n", 1)[0] for name, text in files.items() if name.endswith(".csv")}
    assert first["nodes_Region.csv"] == "id:ID,label,aliases:string[],mentions:int,documents:string[],code,level,:LABEL"
    assert first["nodes_Project.csv"] == ("id:ID,label,aliases:string[],mentions:int,documents:string[],"
                                          "amount:double,currency,:LABEL")
    assert first["nodes_Target.csv"] == ("id:ID,label,aliases:string[],mentions:int,documents:string[],metric,"
                                         "comparator,value,target_value:double,unit,deadline:int,deadline_text,:LABEL")
    assert first["relationships_involves.csv"] == ":START_ID,:END_ID,:TYPE,documents:string[],evidence:string[],inferred:boolean"
    assert all(not text.startswith("\ufeff") and "\r" not in text.replace('"\r', "") for text in files.values())


def test_neo4j_csv_reads_back_with_the_same_graph(docs_graph):
    expected = export.to_property_graph(docs_graph)
    nodes, rels = _read_neo4j(export.export_neo4j(docs_graph))
    assert len(nodes) == expected.number_of_nodes()
    assert len(rels) == expected.number_of_edges()
    for r in rels:
        assert r[":START_ID"] in nodes and r[":END_ID"] in nodes
    for iri, d in expected.nodes(data=True):
        got = nodes[iri]
        assert got[":LABEL"] == ["PolicyEntity", d["type"]]
        assert got["label"] == d["label"] and got["mentions"] == d["mentions"]
        assert ";".join(got.get("aliases", [])) == d["aliases"]
        assert ";".join(got.get("documents", [])) == d["documents"]  # an empty array is no property
        for a in export.DATA_ATTRIBUTES[EntityType(d["type"])]:
            assert got.get(a.name) == d.get(a.name), (iri, a.name)
    types = {(r[":START_ID"], r[":TYPE"], r[":END_ID"]) for r in rels}
    assert types == {(h, export.RELATIONS[_predicate(k)][1], t) for h, t, k in expected.edges(keys=True)}
    (group,) = [r for r in rels if r[":TYPE"] == "SUB_ORGANIZATION_OF"]
    assert group["inferred"] is True and "evidence" not in group
    amounts = {n["label"]: n.get("amount") for n in nodes.values() if ":LABEL" in n and "Project" in n[":LABEL"]}
    assert amounts["华电集团63亿元智能化集中供热"] == 6.3e9


def _predicate(name: str) -> URIRef:
    return next(p for p, (n, _) in export.RELATIONS.items() if n == name)


def test_neo4j_csv_quotes_tricky_values():
    nodes, rels = _read_neo4j(export.export_neo4j(tricky_graph()))
    assert nodes[R + "region/x"]["label"] == '“青铜峡”,"市"<&>'
    assert nodes[R + "region/x"]["aliases"] == ["青铜峡；峡市"]
    assert nodes[R + "project/x"]["label"] == "黄河\n堤防工程"  # a multi-line field: --multiline-fields=true
    assert nodes[R + "project/x"]["documents"] == ["报告,2024"]
    (r,) = rels
    assert r["evidence"] == ['在"青铜峡",建设黄河\n堤防；a；b</data>']


def test_neo4j_import_script_names_every_csv(sample_graph):
    files = export.export_neo4j(sample_graph)
    csvs = sorted(n for n in files if n.endswith(".csv"))
    script = files["import.sh"]
    assert script.startswith("#!/bin/sh\n")
    assert "neo4j-admin database import full --array-delimiter=';' --multiline-fields=true" in script
    named = sorted(re.findall(r"--(?:nodes|relationships)=(\S+)", script))
    assert named == csvs
    assert export.neo4j_import_command(files, database="neo4j") in files["README.md"]


def test_neo4j_output_is_byte_stable(docs_graph):
    assert export.export_neo4j(docs_graph) == export.export_neo4j(docs_graph)


def test_neo4j_folder_check(tmp_path, sample_graph):
    export.check_neo4j_folder(tmp_path / "new")  # missing: fine
    (tmp_path / "empty").mkdir()
    export.check_neo4j_folder(tmp_path / "empty")
    previous = tmp_path / "previous"
    previous.mkdir()
    for name, text in export.export_neo4j(sample_graph).items():
        (previous / name).write_text(text, encoding="utf-8")
    export.check_neo4j_folder(previous)  # an earlier export may be replaced
    (previous / "graph.ttl").write_text("", encoding="utf-8")
    with pytest.raises(KgError, match="graph.ttl"):
        export.check_neo4j_folder(previous)  # `-o output` must not delete a build
    (tmp_path / "file.csv").write_text("", encoding="utf-8")
    with pytest.raises(KgError, match="is a file"):
        export.check_neo4j_folder(tmp_path / "file.csv")
