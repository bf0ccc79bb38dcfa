"""The `kg` command as a user runs it: success paths and every kind of bad input."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from conftest import FIXTURES
from typer.testing import CliRunner

from kg.cli import app

DOCS = FIXTURES / "docs"
runner = CliRunner()


def kg(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = kg("build", str(DOCS), "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


def test_build_writes_every_output(built):
    assert sorted(p.name for p in built.iterdir()) == ["extractions.jsonl", "graph.trig", "graph.ttl", "html"]
    assert (built / "html" / "index.html").is_file()
    record = json.loads((built / "extractions.jsonl").read_text(encoding="utf-8"))
    assert record["document"] == "air"
    assert {"华电集团63亿元智能化集中供热", "“蓝天工程”", "青铜峡市"} <= {e["label"] for e in record["entities"]}


def test_query_by_name_with_binding(built):
    result = kg("query", "projects-involving", "--bind", "enterprise=华电集团", "--graph", str(built / "graph.ttl"))
    assert result.exit_code == 0, result.output
    assert "华电集团63亿元智能化集中供热" in result.stdout
    assert "华电灵武电厂热电联产集中供热工程" in result.stdout


def test_query_string_as_csv(built):
    sparql = "PREFIX kg: <https://w3id.org/policy-kg/ontology#> SELECT (COUNT(?t) AS ?n) WHERE { ?t a kg:Target }"
    result = kg("query", sparql, "--format", "csv", "--graph", str(built / "graph.ttl"))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["n", "2"]


def test_query_list():
    result = kg("query", "--list")
    assert result.exit_code == 0
    assert "projects-involving" in result.stdout and "enterprise" in result.stdout


def test_extract_json_to_stdout():
    result = kg("extract", str(DOCS / "air.txt"), "--format", "json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert set(record) >= {"document", "entities", "relations"}
    for e in record["entities"]:
        assert set(e) >= {"id", "type", "label", "mentions", "spans"}


@pytest.mark.parametrize("fmt,needle", [("turtle", "@prefix"), ("nt", "> ."), ("jsonld", '"@context"'), ("trig", "{")])
def test_export(built, fmt, needle):
    result = kg("export", "--format", fmt, "--out", str(built))
    assert result.exit_code == 0, result.output
    assert needle in result.stdout


def test_gb18030_is_read_and_said(tmp_path):
    doc = tmp_path / "gbk.txt"
    doc.write_bytes("实施“蓝天工程”，整治率达100%。".encode("gb18030"))
    result = kg("extract", str(doc))
    assert result.exit_code == 0
    assert "read it as GB18030" in result.stderr
    assert "“蓝天工程”" in result.stdout


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[list[str], str]]:
    empty = tmp_path / "empty"
    empty.mkdir()
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02\xff" * 100)
    latin = tmp_path / "latin.txt"
    latin.write_bytes(b"\x80\x81\xfe\xff" * 10)
    return {
        "missing path": (["extract", str(tmp_path / "nope")], "does not exist"),
        "empty folder": (["extract", str(empty)], "holds no .txt files"),
        "binary file": (["extract", str(binary)], "binary file"),
        "not text": (["extract", str(latin)], "neither UTF-8 nor GB18030"),
        "unknown query": (["query", "regoins"], "No query named 'regoins'"),
        "syntax error": (["query", "SELECT ?x WHERE { ?x ?y }"], "SPARQL syntax error"),
        "bad bind": (["query", "projects-involving", "--bind", "enterprise"], "--bind 'enterprise'"),
        "missing graph": (["query", "regions", "--graph", str(tmp_path / "g.ttl")], "does not exist"),
    }


@pytest.mark.parametrize("case", ["missing path", "empty folder", "binary file", "not text", "unknown query",
                                  "syntax error", "bad bind", "missing graph"])
def test_bad_input_gets_one_error_line(tmp_path, case):
    args, message = _bad_inputs(tmp_path)[case]
    result = kg(*args)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert message in lines[0]
    assert "Traceback" not in result.output


def test_failed_build_leaves_previous_output(built, tmp_path):
    before = {p: p.read_bytes() for p in built.rglob("*") if p.is_file()}
    bad = tmp_path / "docs"
    bad.mkdir()
    (bad / "a.txt").write_text((DOCS / "air.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (bad / "b.txt").write_bytes(b"\x00binary")
    result = kg("build", str(bad), "--out", str(built))
    assert result.exit_code == 1 and "binary file" in result.stderr
    after = {p: p.read_bytes() for p in built.rglob("*") if p.is_file()}
    assert after == before


def test_every_command_has_help():
    for name, command in typer.main.get_command(app).commands.items():
        assert command.help, name


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (Debian raptor2-utils) is not installed")
def test_graph_ttl_parses_with_a_second_tool(built):
    from rdflib import Graph

    out = subprocess.run(["rapper", "-i", "turtle", "-c", str(built / "graph.ttl")], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    count = int(re.search(r"returned (\d+) triples", out.stderr).group(1))
    assert count == len(Graph().parse(built / "graph.ttl"))


@pytest.mark.parametrize("args,message", [
    (["export", "--format", "xml"], "Error: Invalid value for '--format'"),
    (["query", "regions", "--nope"], "Error: No such option: --nope"),
    (["frob"], "Error: No such command 'frob'."),
])
def test_usage_errors_are_one_line_and_exit_1(args, message):
    out = subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True)
    assert out.returncode == 1
    assert out.stderr.startswith(message) and len(out.stderr.strip().splitlines()) == 1, out.stderr
