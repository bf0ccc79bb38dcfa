"""kg.query: finding, binding, running and printing the named queries, with their exact answers."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import (
    GROUP,
    P_63,
    P_ALU,
    P_HEAT,
    S0,
    S1,
    S2,
    T0,
    T1,
    TARGET_2025,
    TARGET_2026,
    make_regional_result,
    make_sample_result,
)
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.sparql import prepareQuery

from kg import query, store
from kg.errors import QueryError
from kg.graph import build_graph
from kg.ns import PREFIXES

ROOT = Path(__file__).resolve().parent.parent
QUERY_FILES = sorted((ROOT / "queries").glob("*.rq"))
NAMES = ["about", "campaigns-of-region", "campaigns", "entities-by-region", "projects-involving", "projects",
         "regions", "targets-by-deadline"]

# Sentences of the sample document (tests/conftest.py) and of the second document below.

GAZETTEER = "GB/T 2260 administrative divisions (jionlp china_location, Apache-2.0)"  # rdfs:label of its kg:Source


@pytest.fixture(scope="module")
def two_documents() -> Dataset:
    """The sample plus the second document; kg.graph adds 青铜峡市 in 吴忠市 in 宁夏 from the gazetteer (inferred)."""
    return build_graph([make_sample_result(), make_regional_result()])


def test_the_two_document_graph_conforms(two_documents: Dataset) -> None:
    conforms, report = store.validate(two_documents)
    assert conforms, report


def rows(graph: Graph, name: str, *binds: str) -> list[tuple[str, ...]]:
    """Answer of the named query as tuples of printed cells ('' for unbound)."""
    sparql, source = query.load_query(name)
    result = query.run_query(graph, sparql, source=source, bindings=query.parse_bindings(list(binds)))
    return [tuple(query.shorten(row.get(v)) for v in result.vars) for row in result.bindings]


# ---------------------------------------------------------------- answers on the sample graph

# fmt: off
SAMPLE_ANSWERS = [
    # the group by any name of the alias table, with the plant named after it (华电灵武电厂)
    ("projects-involving", ["enterprise=华电集团"], [(P_HEAT, "华电灵武电厂", "sample", S1), (P_63, GROUP, "sample", S2)]),
    ("projects-involving", ["enterprise=华电"], [(P_HEAT, "华电灵武电厂", "sample", S1), (P_63, GROUP, "sample", S2)]),
    ("projects-involving", ["enterprise=华电灵武电厂"], [(P_HEAT, "华电灵武电厂", "sample", S1)]),
    ("projects-involving", ["enterprise=华电灵武"], []),               # exact label or alias, no substring match
    ("projects-involving", ["enterprise=青铜峡市"], []),               # a region is not an enterprise
    ("campaigns-of-region", ["region=青铜峡市"], []),                  # 蓝天工程 is not linked to it in the sample
    ("targets-by-deadline", [], [("2026", TARGET_2026, "市区范围内燃煤锅炉", "全部淘汰", "", P_HEAT, "Project",
                                  "sample", S1)]),
    ("targets-by-deadline", ["year=2026"], [("2026", TARGET_2026, "市区范围内燃煤锅炉", "全部淘汰", "", P_HEAT,
                                             "Project", "sample", S1)]),
    ("targets-by-deadline", ["year=2025"], []),
    ("entities-by-region", ["region=青铜峡市"], [(P_63, "Project", "青铜峡市", "sample", S2)]),
    ("about", ["entity=华电集团"], [
        (GROUP, "Enterprise", "involves", "in", P_63, "Project", "sample", S2),
        (GROUP, "Enterprise", "mention", "", "华电集团", "", "sample", S2),
    ]),
    ("about", ["entity=“蓝天工程”"], [                                   # the alias as written finds it too
        ("蓝天工程", "Campaign", "mention", "", "“蓝天工程”", "", "sample", S0),
        ("蓝天工程", "Campaign", "partOf", "in", P_HEAT, "Project", "sample", S1),
    ]),
    ("regions", [], [("青铜峡市", "640381", "county", "1", "1"),
                     ("吴忠市", "640300", "city", "0", "0"),               # its city and province: gazetteer only
                     ("宁夏回族自治区", "640000", "province", "0", "0")]),
    ("campaigns", [], [("蓝天工程", "1", "0", "1", "1")]),
    ("projects", [], [(P_HEAT, "", "", "1", "1", "1"), (P_63, "6300000000", "CNY", "1", "1", "1")]),
]
# fmt: on


@pytest.mark.parametrize("name,binds,expected", SAMPLE_ANSWERS, ids=[f"{c[0]}{c[1]}" for c in SAMPLE_ANSWERS])
def test_query_answers_on_the_sample(sample_graph: Dataset, name: str, binds: list[str], expected: list) -> None:
    assert rows(sample_graph, name, *binds) == expected


@pytest.mark.parametrize("name,binds,expected", SAMPLE_ANSWERS[:2], ids=["enterprise", "plant"])
def test_the_answer_is_the_same_on_the_union_and_on_a_loaded_file(
        sample_graph: Dataset, tmp_path: Path, name: str, binds: list[str], expected: list) -> None:
    path = tmp_path / "graph.trig"
    path.write_text(store.serialize(sample_graph, "trig"), encoding="utf-8")
    for graph in (store.union_graph(sample_graph), store.load_graph(path)):
        assert rows(graph, name, *binds) == expected


# ---------------------------------------------------------------- answers across two documents

# fmt: off
TWO_DOCUMENT_ANSWERS = [
    ("projects-involving", ["enterprise=华电集团"], [
        (P_HEAT, "华电灵武电厂", "sample", S1),
        (P_63, GROUP, "sample", S2),
        (P_ALU, GROUP, "second", T1),
    ]),
    ("projects-involving", ["enterprise=中国华电集团"], [                 # by alias
        (P_HEAT, "华电灵武电厂", "sample", S1),
        (P_63, GROUP, "sample", S2),
        (P_ALU, GROUP, "second", T1),
    ]),
    ("campaigns-of-region", ["region=青铜峡市"], [
        ("蓝天工程", "青铜峡市", "sameSentence", TARGET_2025, "85", "%", "2025", "second", T0),
        ("蓝天工程", "青铜峡市", "sharedTarget", TARGET_2025, "85", "%", "2025", "second", T0),
    ]),
    ("campaigns-of-region", ["region=吴忠市"], [
        ("蓝天工程", "吴忠市", "sameSentence", TARGET_2025, "85", "%", "2025", "second", T0),
    ]),
    ("targets-by-deadline", [], [
        ("2025", TARGET_2025, "空气质量优良天数比率", "85", "%", "蓝天工程", "Campaign", "second", T0),
        ("2025", TARGET_2025, "空气质量优良天数比率", "85", "%", "青铜峡市", "Region", "second", T0),
        ("2026", TARGET_2026, "市区范围内燃煤锅炉", "全部淘汰", "", P_HEAT, "Project", "sample", S1),
    ]),
    ("targets-by-deadline", ["year=2025"], [
        ("2025", TARGET_2025, "空气质量优良天数比率", "85", "%", "蓝天工程", "Campaign", "second", T0),
        ("2025", TARGET_2025, "空气质量优良天数比率", "85", "%", "青铜峡市", "Region", "second", T0),
    ]),
    ("entities-by-region", ["region=青铜峡市"], [
        ("青铜峡铝业", "Enterprise", "青铜峡市", "second", T1),
        (P_63, "Project", "青铜峡市", "sample", S2),
        (P_ALU, "Project", "青铜峡市", "second", T1),
    ]),
    ("entities-by-region", ["region=吴忠市"], [                          # one level down, via 青铜峡市
        ("青铜峡铝业", "Enterprise", "青铜峡市", "second", T1),
        (P_63, "Project", "青铜峡市", "sample", S2),
        (P_ALU, "Project", "青铜峡市", "second", T1),
    ]),
    ("about", ["entity=青铜峡市"], [
        ("青铜峡市", "Region", "hasTarget", "out", TARGET_2025, "Target", "second", T0),
        ("青铜峡市", "Region", "locatedIn", "in", P_63, "Project", "sample", S2),
        ("青铜峡市", "Region", "locatedIn", "in", P_ALU, "Project", "second", T1),
        ("青铜峡市", "Region", "locatedIn", "in", "青铜峡铝业", "Enterprise", "second", T1),
        ("青铜峡市", "Region", "locatedIn", "out", "吴忠市", "Region", GAZETTEER, ""),  # inferred: no sentence
        ("青铜峡市", "Region", "mention", "", "青铜峡市", "", "sample", S2),
        ("青铜峡市", "Region", "mention", "", "青铜峡市", "", "second", T0),
        ("青铜峡市", "Region", "mention", "", "青铜峡市", "", "second", T1),
    ]),
    ("regions", [], [("青铜峡市", "640381", "county", "3", "2"), ("吴忠市", "640300", "city", "1", "1"),
                     ("宁夏回族自治区", "640000", "province", "0", "0")]),
    ("campaigns", [], [("蓝天工程", "1", "1", "2", "2")]),
    ("projects", [], [
        (P_HEAT, "", "", "1", "1", "1"),
        (P_63, "6300000000", "CNY", "1", "1", "1"),
        (P_ALU, "", "", "2", "1", "1"),
    ]),
]
# fmt: on


@pytest.mark.parametrize("name,binds,expected", TWO_DOCUMENT_ANSWERS,
                         ids=[f"{c[0]}{c[1]}" for c in TWO_DOCUMENT_ANSWERS])
def test_query_answers_across_documents(two_documents: Dataset, name: str, binds: list[str], expected: list) -> None:
    assert rows(two_documents, name, *binds) == expected


def test_a_bound_value_cannot_change_the_query(sample_graph: Dataset) -> None:
    # with string formatting this value would close the FILTER and match every label
    assert rows(sample_graph, "projects-involving", 'enterprise=x") || true || STR("') == []


# ---------------------------------------------------------------- every query file


@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.stem for p in QUERY_FILES])
def test_every_query_file_parses_and_runs_on_the_sample(sample_graph: Dataset, path: Path) -> None:
    sparql = path.read_text(encoding="utf-8")
    description, parameters = query.parse_header(sparql)
    assert description, "first line: a '# ' description"
    assert re.search(r"^ORDER BY ", sparql, re.MULTILINE), "rows print in the query's order: needs ORDER BY"
    prepareQuery(sparql)  # standalone: its own PREFIX lines, no initNs needed
    bindings = {name: Literal("不存在") for name in parameters}
    result = query.run_query(sample_graph, sparql, source=path.name, bindings=bindings)
    assert result.vars


@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.stem for p in QUERY_FILES])
def test_query_prefixes_match_the_project_namespaces(path: Path) -> None:
    declared = re.findall(r"^PREFIX\s+(\w+):\s*<([^>]+)>", path.read_text(encoding="utf-8"), re.MULTILINE)
    assert declared
    for prefix, namespace in declared:
        assert str(PREFIXES[prefix]) == namespace, prefix


# ---------------------------------------------------------------- list and load


def test_list_queries_names_every_file_with_its_parameters() -> None:
    infos = {info.name: info for info in query.list_queries()}
    assert list(infos) == NAMES
    assert {name: list(info.parameters) for name, info in infos.items()} == {
        "about": ["entity"], "campaigns-of-region": ["region"], "campaigns": [], "entities-by-region": ["region"],
        "projects-involving": ["enterprise"], "projects": [], "regions": [], "targets-by-deadline": ["year"],
    }
    assert infos["projects-involving"].description == (
        "Projects an enterprise (or a plant or subsidiary of its group) carries out or finances, with the document "
        "and the sentence that say so.")
    assert infos["targets-by-deadline"].parameters["year"].startswith("(optional)")


# fmt: off
HEADERS = [
    ("# One line.\nSELECT * {}", "One line.", {}),
    ("# First\n# second.\n#\n# not description\n# param: a — the A\n# param: b -- the B\nSELECT * {}",
     "First second.", {"a": "the A", "b": "the B"}),
    ("#\n# After a blank.\n# param: year - (optional) a year\nSELECT * {}", "After a blank.", {"year": "(optional) a year"}),
    ("SELECT * {}\n# param: late — ignored", "", {}),
]
# fmt: on


@pytest.mark.parametrize("text,description,parameters", HEADERS)
def test_parse_header(text: str, description: str, parameters: dict[str, str]) -> None:
    assert query.parse_header(text) == (description, parameters)


@pytest.mark.parametrize("spec", ["projects-involving", "projects-involving.rq", "projects_involving",
                                  "projects_involving.rq"])
def test_load_query_by_name(spec: str) -> None:
    sparql, source = query.load_query(spec)
    assert source == "queries/projects-involving.rq"
    assert sparql == (ROOT / "queries" / "projects-involving.rq").read_text(encoding="utf-8")


def test_load_query_from_a_path(tmp_path: Path) -> None:
    path = tmp_path / "mine.rq"
    path.write_text("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s", encoding="utf-8")
    assert query.load_query(str(path)) == (path.read_text(encoding="utf-8"), str(path))


def test_load_query_takes_sparql_text_as_is() -> None:
    text = "select ?s where { ?s a kg:Region }"
    assert query.load_query(text) == (text, "<query>")


def test_an_unknown_query_name_lists_the_available_ones() -> None:
    with pytest.raises(QueryError) as e:
        query.load_query("regoins")
    assert str(e.value) == f"No query named 'regoins'. Available: {', '.join(NAMES)}"


def test_a_missing_query_file_is_named() -> None:
    with pytest.raises(QueryError) as e:
        query.load_query("nowhere/mine.rq")
    assert str(e.value) == "nowhere/mine.rq does not exist."


# ---------------------------------------------------------------- bindings


# fmt: off
GOOD_BINDINGS = [
    (["enterprise=华电集团"], {"enterprise": Literal("华电集团")}),
    (["year=2025"], {"year": Literal(2025)}),
    (["n=-3"], {"n": Literal("-3", datatype=XSD.integer)}),
    (["x=1.5"], {"x": Literal("1.5")}),                                  # only integers are typed
    (["region=<https://w3id.org/policy-kg/resource/region/640381>"],
     {"region": URIRef("https://w3id.org/policy-kg/resource/region/640381")}),
    (["q=a=b"], {"q": Literal("a=b")}),                                  # split at the first '='
    (["?region=青铜峡市"], {"region": Literal("青铜峡市")}),             # a leading ? is allowed
    (["empty="], {"empty": Literal("")}),
    (["a=1", "b=x"], {"a": Literal(1), "b": Literal("x")}),
]
# fmt: on


@pytest.mark.parametrize("items,expected", GOOD_BINDINGS)
def test_parse_bindings(items: list[str], expected: dict) -> None:
    got = query.parse_bindings(items)
    assert got == expected
    assert all(not isinstance(v, Literal) or v.language is None for v in got.values())


@pytest.mark.parametrize("item", ["enterprise", "=华电集团", "1a=b", "a b=c", "企业 名=x", "a-b=c", ""])
def test_a_malformed_binding_shows_the_expected_form(item: str) -> None:
    with pytest.raises(QueryError) as e:
        query.parse_bindings([item])
    assert str(e.value) == f"--bind {item!r}: expected NAME=VALUE, e.g. --bind enterprise=华电集团"


def test_a_name_bound_twice_is_an_error() -> None:
    with pytest.raises(QueryError) as e:
        query.parse_bindings(["a=1", "a=2"])
    assert str(e.value) == "--bind 'a=2': a is already bound to 1"


# ---------------------------------------------------------------- run errors

# fmt: off
RUN_ERRORS = [
    ("SELECT ?x WHERE { ?x ?y }", {},
     "<query>: SPARQL syntax error at line 1, column 19: Expected SelectQuery"),
    ("SELECT ?x WHERE {\n  ?x ?y ?z .\n  FILTER(\n}", {},
     "<query>: SPARQL syntax error at line 3, column 3: Expected SelectQuery"),
    ("SELECT ?x WHERE { ?x zz:p ?z }", {},
     "<query>: Unknown namespace prefix : zz"),
    ("SELECT ?x WHERE { ?x ?y ?z }", {"regoin": Literal("x")},
     "<query>: cannot bind 'regoin', the query has no variable ?regoin. Variables: x, y, z"),
    ("# d\n# param: region — r\nSELECT ?x WHERE { ?x ?y ?region }", {"regoin": Literal("x")},
     "<query>: cannot bind 'regoin', the query has no variable ?regoin. Parameters: region"),
]
# fmt: on


@pytest.mark.parametrize("sparql,bindings,message", RUN_ERRORS)
def test_run_query_errors_name_the_source(sparql: str, bindings: dict, message: str) -> None:
    with pytest.raises(QueryError) as e:
        query.run_query(Graph(), sparql, bindings=bindings)
    assert str(e.value) == message


def test_a_syntax_error_in_a_named_query_names_its_file(tmp_path: Path) -> None:
    (tmp_path / "broken.rq").write_text("# Broken.\nSELECT ?x WHERE { ?x ?y }\n", encoding="utf-8")
    sparql, source = query.load_query("broken", folder=tmp_path)
    with pytest.raises(QueryError) as e:
        query.run_query(Graph(), sparql, source=source)
    assert str(e.value) == f"{tmp_path.name}/broken.rq: SPARQL syntax error at line 2, column 19: Expected SelectQuery"


# ---------------------------------------------------------------- printing


@pytest.fixture
def regions_result(sample_graph: Dataset):
    sparql, source = query.load_query("entities-by-region")
    return query.run_query(sample_graph, sparql, source=source, bindings={"region": Literal("青铜峡市")})


def test_table_aligns_chinese_as_double_width(regions_result) -> None:
    assert query.format_result(regions_result, "table") == (
        "entityLabel                   type     locatedIn  document  evidence\n"
        "----------------------------  -------  ---------  --------  --------------------------------------------------\n"
        f"{P_63}  Project  青铜峡市   sample    {S2}\n"
    )


def test_csv_and_tsv(regions_result) -> None:
    assert query.format_result(regions_result, "csv") == (
        "entityLabel,type,locatedIn,document,evidence\n"
        f"{P_63},Project,青铜峡市,sample,{S2}\n"
    )
    assert query.format_result(regions_result, "tsv") == (
        "entityLabel\ttype\tlocatedIn\tdocument\tevidence\n"
        f"{P_63}\tProject\t青铜峡市\tsample\t{S2}\n"
    )


def test_json_is_sparql_results_json(regions_result) -> None:
    data = json.loads(query.format_result(regions_result, "json"))
    assert list(data) == ["head", "results"]
    assert data["head"]["vars"] == ["entityLabel", "type", "locatedIn", "document", "evidence"]
    assert data["results"]["bindings"][0]["entityLabel"] == {"type": "literal", "value": P_63, "xml:lang": "zh"}
    assert "华电" in query.format_result(regions_result, "json")  # not \\u-escaped


def test_table_shortens_iris_and_leaves_unbound_cells_empty(sample_graph: Dataset) -> None:
    result = query.run_query(sample_graph, "SELECT ?r ?t WHERE { ?r kg:adminLevel 'county' OPTIONAL { ?r kg:unit ?t } } ORDER BY ?r")
    assert query.format_result(result, "table") == (
        "r                  t\n"
        "-----------------  -\n"
        "kgr:region/640381\n"
    )
    assert query.format_result(result, "csv") == "r,t\nhttps://w3id.org/policy-kg/resource/region/640381,\n"


def test_ask_and_construct_results(sample_graph: Dataset) -> None:
    ask = query.run_query(sample_graph, "ASK { ?r kg:regionCode \"640381\" }")
    assert query.format_result(ask, "table") == "true\n"
    assert json.loads(query.format_result(ask, "json")) == {"head": {}, "boolean": True}
    construct = query.run_query(sample_graph, "CONSTRUCT { ?r skos:prefLabel ?l } WHERE { ?r kg:regionCode '640381' ; skos:prefLabel ?l }")
    assert query.format_result(construct, "csv") == (
        '<https://w3id.org/policy-kg/resource/region/640381> <http://www.w3.org/2004/02/skos/core#prefLabel> "青铜峡市"@zh .\n')


def test_format_result_rejects_an_unknown_format(regions_result) -> None:
    with pytest.raises(ValueError) as e:
        query.format_result(regions_result, "xml")
    assert str(e.value) == "Unknown result format 'xml'. Use one of: table, csv, tsv, json"


@pytest.mark.parametrize("text,width", [("abc", 3), ("华电", 4), ("（一）", 6), ("85%", 3), ("", 0), ("e\u0301", 1)])  # combining accent: no width
def test_text_width(text: str, width: int) -> None:
    assert query.text_width(text) == width
