"""kg serve: the SPARQL endpoint answers like `kg query`, refuses writes, keeps to its limits."""
from __future__ import annotations

import csv
import io
import os
import shutil
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import FIXTURES
from rdflib import Literal, URIRef, Variable
from SPARQLWrapper import CSV, JSON, POST, TSV, XML, SPARQLWrapper
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import GraphError, KgError, QueryError
from kg.oxistore import CACHE_DIR, ensure_store
from kg.query import list_queries, load_query, parse_bindings, run_query
from kg.serve import Limits, bind_query, running_server, start_server
from kg.store import load_dataset, load_graph

TIMEOUT = 1  # seconds a query may run on the test server
MAX_BYTES = 200_000
CROSS4 = "{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"  # every triple x4: some 4 billion rows
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
LOG: list[str] = []


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(app, ["build", str(FIXTURES / "docs"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def server(built):
    limits = Limits(timeout=TIMEOUT, max_result_bytes=MAX_BYTES)
    with running_server(built, host="127.0.0.1", port=0, limits=limits, log=LOG.append) as s:
        yield s


def http(server, path: str, *, data: bytes | None = None, method: str | None = None,
         headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of one request to the test server; errors are answers too."""
    request = urllib.request.Request(server.url.rstrip("/") + path, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def wrapper(server, query: str, fmt: str = JSON) -> SPARQLWrapper:
    w = SPARQLWrapper(server.endpoint)
    w.setQuery(query)
    w.setReturnFormat(fmt)
    w.setTimeout(30)
    return w


def rdflib_term(binding: dict[str, str] | None):
    """A SPARQL JSON results term as the rdflib term run_query gives."""
    if binding is None:
        return None
    if binding["type"] == "uri":
        return URIRef(binding["value"])
    return Literal(binding["value"], lang=binding.get("xml:lang"), datatype=binding.get("datatype"))


def same(term):
    """A term compared by value: oxigraph writes decimals in canonical form (6300000000), rdflib as read (6300000000.0)."""
    if isinstance(term, Literal) and term.datatype is not None:
        return (term.datatype, term.toPython())
    return term


def json_rows(data: dict) -> list[tuple]:
    return [tuple(same(rdflib_term(b.get(v))) for v in data["head"]["vars"]) for b in data["results"]["bindings"]]


def rdflib_rows(result) -> list[tuple]:
    return [tuple(same(row.get(Variable(str(v)))) for v in result.vars or []) for row in result.bindings]


def count_csv(n: int) -> bytes:
    return f"n\r\n{n}\r\n".encode()


def example_bindings(name: str) -> dict:
    """The `e.g.` value of each required parameter of a library query."""
    info = next(i for i in list_queries() if i.name == name)
    items = []
    for param, doc in info.parameters.items():
        if not doc.startswith("(optional)"):
            items.append(f"{param}={doc.split('e.g.')[1].split()[0]}")
    return parse_bindings(items)


# ---------------------------------------------------------------- same answers as kg query


def test_projects_involving_gives_the_rows_of_run_query(server, built):
    sparql, source = load_query("projects-involving")
    bindings = parse_bindings(["enterprise=华电集团"])
    expected = rdflib_rows(run_query(load_graph(built / "graph.trig"), sparql, bindings=bindings))

    w = wrapper(server, bind_query(sparql, bindings, source=source))
    w.setMethod(POST)
    got = json_rows(w.queryAndConvert())

    assert got == expected
    assert "华电集团63亿元智能化集中供热" in {str(row[0]) for row in got}


@pytest.mark.parametrize("name", [info.name for info in list_queries()])
def test_every_library_query_gives_the_rows_of_run_query(server, built, name):
    sparql, source = load_query(name)
    bindings = example_bindings(name)
    result = run_query(load_graph(built / "graph.trig"), sparql, bindings=bindings)

    data = wrapper(server, bind_query(sparql, bindings, source=source)).queryAndConvert()

    assert data["head"]["vars"] == [str(v) for v in result.vars or []]
    assert json_rows(data) == rdflib_rows(result)


def test_named_graphs_are_queried_as_one_graph(server, built):
    """A triple in several documents' graphs counts once, as in kg query (a union of triples, not of quads)."""
    union = load_graph(built / "graph.trig")
    data = wrapper(server, COUNT).queryAndConvert()
    assert int(data["results"]["bindings"][0]["n"]["value"]) == len(union) == server.triples
    per_graph = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    quads = len(list(load_dataset(built / "graph.trig").quads((None, None, None, None))))
    assert wrapper(server, per_graph).queryAndConvert()["results"]["bindings"][0]["n"]["value"] == str(quads)


def test_a_triple_in_two_documents_is_one_row(tmp_path):
    (tmp_path / "graph.trig").write_text(
        "<urn:x:g1> { <urn:x:a> <urn:x:p> <urn:x:b> . }\n"
        "<urn:x:g2> { <urn:x:a> <urn:x:p> <urn:x:b> . <urn:x:c> <urn:x:p> <urn:x:d> . }\n", encoding="utf-8")
    with running_server(tmp_path, port=0, log=LOG.append) as s:
        rows = wrapper(s, "SELECT ?o WHERE { <urn:x:a> <urn:x:p> ?o }").queryAndConvert()["results"]["bindings"]
        assert [r["o"]["value"] for r in rows] == ["urn:x:b"]
        assert s.triples == 2
        graphs = "SELECT ?g WHERE { GRAPH ?g { <urn:x:a> <urn:x:p> <urn:x:b> } } ORDER BY ?g"
        rows = wrapper(s, graphs).queryAndConvert()["results"]["bindings"]
        assert [r["g"]["value"] for r in rows] == ["urn:x:g1", "urn:x:g2"]


# ---------------------------------------------------------------- formats by Accept


REGIONS = """PREFIX kg: <https://w3id.org/policy-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?label WHERE { ?e a kg:Region ; skos:prefLabel ?label } ORDER BY ?label"""


def test_json_xml_csv_tsv_by_accept(server, built):
    labels = [str(row[0]) for row in run_query(load_graph(built / "graph.trig"), REGIONS)]
    assert "青铜峡市" in labels

    as_json = wrapper(server, REGIONS, JSON).queryAndConvert()
    assert [b["label"]["value"] for b in as_json["results"]["bindings"]] == labels

    as_xml = wrapper(server, REGIONS, XML).query()
    assert as_xml.info()["content-type"].startswith("application/sparql-results+xml")
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert [e.text for e in ET.fromstring(as_xml.response.read()).iterfind(".//r:literal", ns)] == labels

    as_csv = wrapper(server, REGIONS, CSV).query()
    assert as_csv.info()["content-type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(as_csv.response.read().decode("utf-8")))) == [["label"], *([x] for x in labels)]

    as_tsv = wrapper(server, REGIONS, TSV).query()
    assert as_tsv.info()["content-type"].startswith("text/tab-separated-values")
    assert as_tsv.response.read().decode("utf-8").splitlines() == ["?label", *(f'"{x}"@zh' for x in labels)]


def test_get_and_post_give_the_same_answer(server):
    n = count_csv(server.triples)
    query = urllib.parse.urlencode({"query": COUNT})
    accept = {"Accept": "text/csv"}
    get = http(server, f"/sparql?{query}", headers=accept)
    form = http(server, "/sparql", data=query.encode(),
                headers={**accept, "Content-Type": "application/x-www-form-urlencoded"})
    direct = http(server, "/sparql", data=COUNT.encode(), headers={**accept, "Content-Type": "application/sparql-query"})
    assert get[0] == form[0] == direct[0] == 200
    assert get[2] == form[2] == direct[2] == n


def test_a_syntax_error_is_a_400_that_says_where(server):
    status, _, body = http(server, "/sparql?" + urllib.parse.urlencode({"query": "SELECT ?x WHERE {"}))
    assert status == 400 and b"error" in body


# ---------------------------------------------------------------- read-only


def test_update_through_sparqlwrapper_is_refused(server):
    w = wrapper(server, "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }")
    w.setMethod(POST)
    with pytest.raises(urllib.error.HTTPError) as e:
        w.query()
    assert e.value.code == 403
    assert b"read-only" in e.value.read()


@pytest.mark.parametrize("method,path,data,content_type,status", [
    ("POST", "/sparql", b"INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }", "application/sparql-update", 403),
    ("GET", "/sparql?update=CLEAR%20ALL", None, None, 403),
    ("POST", "/update", b"update=CLEAR%20ALL", "application/x-www-form-urlencoded", 403),
    ("POST", "/store?default", b"<urn:x:a> <urn:x:b> <urn:x:c> .", "application/n-triples", 403),
    ("PUT", "/sparql", b"<urn:x:a> <urn:x:b> <urn:x:c> .", "application/n-triples", 405),
    ("DELETE", "/store?default", None, None, 405),
])
def test_every_write_is_refused_with_a_message(server, method, path, data, content_type, status):
    headers = {"Content-Type": content_type} if content_type else {}
    got, _, body = http(server, path, data=data, method=method, headers=headers)
    assert got == status
    assert b"read-only" in body
    after = http(server, "/sparql?" + urllib.parse.urlencode({"query": COUNT}), headers={"Accept": "text/csv"})
    assert after[2] == count_csv(server.triples)


def test_an_update_sent_as_a_query_is_a_syntax_error(server):
    status, _, _ = http(server, "/sparql?" + urllib.parse.urlencode({"query": "CLEAR ALL"}))
    assert status == 400


# ---------------------------------------------------------------- limits


def test_a_runaway_query_is_stopped_at_the_time_limit(server):
    engine = server._engine._proc  # the oxigraph process computing the query
    started = time.monotonic()
    status, _, body = http(server, "/sparql?" + urllib.parse.urlencode({"query": f"SELECT (COUNT(*) AS ?n) WHERE {CROSS4}"}))
    elapsed = time.monotonic() - started
    assert status == 503
    assert f"limit of {TIMEOUT} seconds".encode() in body
    assert TIMEOUT <= elapsed < TIMEOUT + 3
    # the next query goes to a fresh process; the one still counting is killed once its queries are past their limit
    assert http(server, "/sparql?" + urllib.parse.urlencode({"query": COUNT}), headers={"Accept": "text/csv"})[0] == 200
    for _ in range(100):
        if engine.poll() is not None:
            break
        time.sleep(0.1)
    assert engine.poll() is not None
    assert server._engine._proc is not engine and server.running()


def test_a_huge_answer_is_stopped_at_the_size_limit(server):
    started = time.monotonic()
    status, _, body = http(server, "/sparql?" + urllib.parse.urlencode({"query": f"SELECT * WHERE {CROSS4}"}),
                           headers={"Accept": "text/csv"})
    assert status == 422
    assert f"limit of {MAX_BYTES} bytes".encode() in body
    assert time.monotonic() - started < TIMEOUT + 3
    # and the server goes on answering
    assert http(server, "/sparql?" + urllib.parse.urlencode({"query": COUNT}), headers={"Accept": "text/csv"})[0] == 200


# ---------------------------------------------------------------- pages


def test_the_html_pages_are_served(server, built):
    for page in sorted((built / "html").glob("*.html")):
        status, headers, body = http(server, f"/html/{page.name}")
        assert status == 200 and headers["Content-Type"].startswith("text/html")
        assert body == page.read_bytes()
    assert http(server, "/html/../graph.trig")[0] == 404
    assert http(server, "/html/%2e%2e/graph.trig")[0] == 404


def test_the_query_page_lists_the_library(server):
    status, headers, body = http(server, "/")
    page = body.decode("utf-8")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    for info in list_queries():
        assert f'data-name="{info.name}"' in page
    assert 'value="华电集团"' in page  # the example of projects-involving's parameter
    assert http(server, "/query")[2] == body


def test_the_query_page_runs_a_library_query_in_a_browser(server):
    """Load projects-involving with its example, run it, see the rows (headless Debian Chromium, if there)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("no Chromium at /usr/bin/chromium")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(server.url)
            page.click('form.example[data-name="projects-involving"] button')
            page.wait_for_function("document.querySelector('#run textarea').value.includes('STR(\"华电集团\")')")
            page.click("#run button")
            page.wait_for_selector("#out table", timeout=10_000)
            assert "华电集团63亿元智能化集中供热" in page.inner_text("#out table")
            assert errors == []
        finally:
            browser.close()


def test_a_library_query_comes_with_its_parameters_bound(server):
    status, _, body = http(server, "/queries/projects-involving.rq?" + urllib.parse.urlencode({"enterprise": "华电集团"}))
    assert status == 200
    assert 'STR("华电集团")' in body.decode("utf-8")
    status, _, body = http(server, "/queries/projects-involving.rq?" + urllib.parse.urlencode({"nope": "x"}))
    assert status == 400 and b"no variable ?nope" in body
    assert http(server, "/queries/..%2Fpyproject.rq")[0] == 404


def test_each_request_is_logged(server):
    marker = "SELECT ?logged WHERE { ?logged ?p ?o } LIMIT 1"
    http(server, "/sparql?" + urllib.parse.urlencode({"query": marker}))
    for _ in range(50):  # the line is written just after the answer is sent
        lines = [line for line in LOG if "?logged" in line]
        if lines:
            break
        time.sleep(0.02)
    assert len(lines) == 1
    assert f'GET /sparql "{marker}" 200 ' in lines[0]


# ---------------------------------------------------------------- bad input


def test_no_built_graph(tmp_path):
    with pytest.raises(GraphError, match=r"^.*/graph\.trig does not exist\. Build it first with: kg build$"):
        start_server(tmp_path, port=0, log=LOG.append)
    cwd = os.getcwd()
    try:
        os.chdir(tmp_path)
        with pytest.raises(KgError) as e:
            start_server(Path("output"), port=0, log=LOG.append)
        assert str(e.value) == "output/graph.trig does not exist. Build it first with: kg build"
    finally:
        os.chdir(cwd)


def test_a_port_in_use(built):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(KgError, match=f"Port {port} on 127.0.0.1 is already in use"):
            start_server(built, port=port, log=LOG.append)


# ---------------------------------------------------------------- the store cache


def test_the_store_is_loaded_once_and_again_when_the_graph_changes(built, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(built, out, ignore=shutil.ignore_patterns(CACHE_DIR))
    first = ensure_store(out)
    again = ensure_store(out)
    assert (first.loaded, again.loaded) == (True, False) and first.path == again.path

    trig = out / "graph.trig"
    trig.write_text(trig.read_text(encoding="utf-8") + "<urn:x:g> { <urn:x:a> <urn:x:b> <urn:x:c> . }\n",
                    encoding="utf-8")
    changed = ensure_store(out)
    assert changed.loaded and changed.path != first.path and changed.triples == first.triples + 1
    assert not first.path.exists()  # the old store is removed
    assert not [p for p in (out / CACHE_DIR).iterdir() if p.name.startswith(".load-")]


def test_a_broken_graph_is_reported_and_not_cached(built, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.trig").write_text("<urn:x:g> { <urn:x:a> <urn:x:b> ", encoding="utf-8")
    with pytest.raises(GraphError, match=r"graph\.trig: not valid TriG"):
        ensure_store(out)
    assert [p.name for p in (out / CACHE_DIR).iterdir()] == []


# ---------------------------------------------------------------- binding parameters


def test_a_bound_value_is_one_term_whatever_it_holds():
    sparql = 'SELECT ?s WHERE { ?s ?p ?name . FILTER (STR(?name) = STR(?q)) }  # ?q in a comment'
    hostile = '华电" ) } ; DROP ALL ; #'
    bound = bind_query(sparql, {"q": Literal(hostile)})
    assert bound == 'SELECT ?s WHERE { ?s ?p ?name . FILTER (STR(?name) = STR("华电\\" ) } ; DROP ALL ; #")) }  # ?q in a comment'


def test_bind_leaves_strings_and_iris_alone_and_knows_both_variable_signs():
    sparql = 'SELECT ?s WHERE { ?s <urn:x:?q> "?q" . FILTER ($q > ?q2) }'
    assert bind_query(sparql, {"q": Literal(2)}) == \
        'SELECT ?s WHERE { ?s <urn:x:?q> "?q" . FILTER ("2"^^<http://www.w3.org/2001/XMLSchema#integer> > ?q2) }'


@pytest.mark.parametrize("sparql,name,message", [
    ("SELECT ?s WHERE { ?s ?p ?o }", "x", "the query has no variable ?x"),
    ("SELECT ?o WHERE { ?s ?p ?o }", "o", "selects, groups by or assigns ?o"),
    ("SELECT ?s WHERE { ?s ?p ?o BIND (1 AS ?n) }", "n", "selects, groups by or assigns ?n"),
])
def test_what_cannot_be_bound(sparql, name, message):
    with pytest.raises(QueryError, match=message.replace("?", r"\?")):
        bind_query(sparql, {name: Literal("v")})
