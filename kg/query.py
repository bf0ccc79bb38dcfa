"""Named SPARQL queries: find them, bind their parameters, run them, print the results.

A query is a `.rq` file in the repo's `queries/` folder, named by its file stem
(`kg query projects-involving`). Its leading comment block documents it::

    # Projects that an enterprise carries out or finances, with the sentence that says so.
    # More description lines may follow; a blank `#` line or the first param line ends it.
    #
    # param: enterprise — label or alias of the enterprise, e.g. 华电集团
    # param: year — (optional) only targets due by this year, e.g. 2025

- the description is the first `# ` lines, joined with spaces;
- each `# param: NAME — DESCRIPTION` line (separator `—`, `--` or `-`) declares a variable
  `?NAME` that callers bind with `--bind NAME=VALUE`; a description starting with
  `(optional)` marks a parameter the query also answers without.

Bound values go through rdflib's `initBindings`, never into the query text, so a value
cannot change what the query does. A plain string binds as a plain literal: queries compare
labels with `STR(?label) = STR(?param)` so that it matches `"华电集团"@zh` too. Every query ends
with an ORDER BY over all its columns, so results print in a stable order.

Fast on rdflib. rdflib fixes the order of a block's triple patterns before it runs, by
counting variables, without knowing which ones earlier parts have bound; and it passes an
earlier part's bindings into the next block only when neither contains a further join
(OPTIONAL always receives them). Written naively, the queries here took 20–220 s on a
24-document corpus (146k triples); written as below, 0.05–3 s:

1. resolve the parameter in a group of its own, first:
   `{ ?place a kg:Region ; skos:prefLabel|skos:altLabel ?name . FILTER (STR(?name) = STR(?region)) }`;
2. start each later block (UNION branch, OPTIONAL) with the bound node's type, `?place a kg:Region`:
   as the block's only pattern with one variable it runs first, so the block walks out from
   the node. Any other one-variable pattern (`?c a kg:Campaign`, `rdf:predicate kg:locatedIn`)
   runs alongside it as a cross product: test those with a variable and a FILTER instead;
3. after a UNION, look things up in OPTIONAL blocks and make them required with a FILTER on
   what they bind: a plain pattern there is evaluated on its own over the whole graph;
4. count several things per row in one UNION branch each, so that rows add up instead of
   multiplying (queries/campaigns.rq).
"""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from pyparsing import ParseBaseException
from rdflib import XSD, BNode, Graph, Literal, URIRef, Variable
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.algebra import traverse
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.term import Identifier, Node

from kg.errors import QueryError
from kg.ns import PREFIXES

RESULT_FORMATS: tuple[str, ...] = ("table", "csv", "tsv", "json")

_PARAM = re.compile(r"^#\s*param:\s*(\S+?)\s*(?:—|--|-|:)\s*(.*?)\s*$")
_VARNAME = re.compile(r"^[^\W\d]\w*$")  # SPARQL VARNAME, near enough: letters, digits, _
_INTEGER = re.compile(r"^[+-]?\d+$")
_QUERY_FORM = re.compile(r"\b(?:SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_BIND_EXAMPLE = "expected NAME=VALUE, e.g. --bind enterprise=华电集团"


def query_dir() -> Path:
    """The folder of named queries: the checkout's queries/, else package data kg/queries."""
    from kg.store import data_dir

    return data_dir("queries")


QUERY_DIR: Path = query_dir()


@dataclass(frozen=True)
class QueryInfo:
    """A named query: where it is, what it answers, which variables it expects bound."""

    name: str
    path: Path
    description: str
    parameters: dict[str, str] = field(default_factory=dict)  # name -> description


def parse_header(sparql: str) -> tuple[str, dict[str, str]]:
    """Description and `# param:` declarations from the leading comment block of a query."""
    description: list[str] = []
    parameters: dict[str, str] = {}
    in_description = True
    for raw in sparql.splitlines():
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("#"):
            break
        m = _PARAM.match(line)
        if m:
            parameters[m.group(1)] = m.group(2)
            in_description = False
        elif line.strip("# ") == "":
            in_description = in_description and not description
        elif in_description:
            description.append(line.lstrip("#").strip())
    return " ".join(description), parameters


def list_queries(folder: Path | None = None) -> list[QueryInfo]:
    """Every `.rq` file in `folder` (default: queries/), sorted by name."""
    folder = folder if folder is not None else QUERY_DIR
    infos = []
    for path in sorted(folder.glob("*.rq")):
        description, parameters = parse_header(_read(path))
        infos.append(QueryInfo(path.stem, path, description, parameters))
    return infos


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise QueryError(f"{path}: is not UTF-8 (byte 0x{e.object[e.start]:02x} at offset {e.start}).") from None
    except OSError as e:
        raise QueryError(f"{path}: cannot be read ({e.strerror}).") from None


def _find_named(name: str, folder: Path) -> Path | None:
    """The query file for `name`, also accepting a `.rq` suffix and `_` for `-` (and back)."""
    stem = name.removesuffix(".rq")
    for candidate in dict.fromkeys([stem, stem.replace("_", "-"), stem.replace("-", "_")]):
        path = folder / f"{candidate}.rq"
        if candidate and "/" not in candidate and path.is_file():
            return path
    return None


def load_query(spec: str, *, folder: Path | None = None) -> tuple[str, str]:
    """(SPARQL text, source for messages) for a query name in queries/, a .rq path, or SPARQL text."""
    folder = folder if folder is not None else QUERY_DIR
    if re.search(r"\s", spec.strip()) and _QUERY_FORM.search(spec):
        return spec, "<query>"
    path = Path(spec)
    if (path.suffix == ".rq" or "/" in spec) and path.is_file():
        return _read(path), spec
    named = _find_named(spec, folder)
    if named is not None:
        return _read(named), f"{folder.name}/{named.name}"
    if "/" in spec:
        raise QueryError(f"{spec} does not exist.")
    available = ", ".join(info.name for info in list_queries(folder))
    raise QueryError(f"No query named {spec!r}. Available: {available}")


def parse_bindings(items: Iterable[str]) -> dict[str, Node]:
    """`NAME=VALUE` strings as initBindings: `<iri>` -> URIRef, digits -> xsd:integer, else plain literal."""
    bindings: dict[str, Node] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not _VARNAME.match(name):
            raise QueryError(f"--bind {item!r}: {_BIND_EXAMPLE}")
        if name in bindings:
            raise QueryError(f"--bind {item!r}: {name} is already bound to {bindings[name]}")
        bindings[name] = parse_value(value)
    return bindings


def parse_value(value: str) -> Node:
    """One bound value: `<iri>` -> URIRef, an integer -> xsd:integer, anything else a plain string."""
    if value.startswith("<") and value.endswith(">") and len(value) > 2:
        return URIRef(value[1:-1])
    if _INTEGER.match(value):
        return Literal(int(value))
    return Literal(value)


def _variables(query: Query) -> set[str]:
    """Names of the variables a prepared query mentions anywhere (patterns, filters, projections)."""
    found: set[str] = set()

    def visit(node: Any) -> None:
        if isinstance(node, Variable):
            found.add(str(node))

    traverse(query.algebra, visitPost=visit)
    return found


def prepare_query(sparql: str, *, source: str = "<query>") -> Query:
    """Parse `sparql` with the project's prefixes; a syntax error is a QueryError naming `source`."""
    try:
        return prepareQuery(sparql, initNs=PREFIXES)
    except ParseBaseException as e:  # pyparsing, via rdflib's SPARQL grammar
        raise QueryError(f"{source}: SPARQL syntax error at line {e.lineno}, column {e.col}: {e.msg}") from None
    except Exception as e:  # noqa: BLE001  rdflib raises bare Exception, e.g. "Unknown namespace prefix : zz"
        raise QueryError(f"{source}: {e}") from None


def check_binding_names(sparql: str, bindings: Mapping[str, Node], known: set[str], source: str) -> None:
    """Refuse a binding for a variable the query lacks: it would be ignored and the query answer as if unbound."""
    for name in bindings:
        if name not in known:
            declared = list(parse_header(sparql)[1])
            hint = (f"Parameters: {', '.join(declared)}" if declared else
                    f"Variables: {', '.join(sorted(v for v in known if not v.startswith('_'))) or '(none)'}")
            raise QueryError(f"{source}: cannot bind {name!r}, the query has no variable ?{name}. {hint}")


def run_query(
    graph: Graph,
    sparql: str,
    *,
    source: str = "<query>",
    bindings: Mapping[str, Node] | None = None,
) -> Result:
    """Run `sparql` on `graph` with `bindings` as initBindings; any failure is a QueryError naming `source`."""
    prepared = prepare_query(sparql, source=source)
    bindings = dict(bindings or {})
    check_binding_names(sparql, bindings, _variables(prepared), source)
    try:
        result = graph.query(prepared, initBindings=cast("dict[str, Identifier]", bindings))
        if result.type == "SELECT":
            _ = result.bindings  # rdflib evaluates lazily: fail here, not half-way through printing
    except Exception as e:  # noqa: BLE001  evaluation errors of a user's query are the user's to fix
        raise QueryError(f"{source}: {e}") from None
    return result


# ---------------------------------------------------------------- printing


def shorten(term: Node | None) -> str:
    """A term as a person reads it: literals by their lexical value, IRIs with a prefix."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        for prefix, ns in _BY_LENGTH:
            if term.startswith(ns) and len(term) > len(ns):
                return f"{prefix}:{term[len(ns):]}"
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return _lexical(term)


def _lexical(term: Node) -> str:
    """Literals as written, but decimals without a trailing .0 (6300000000.0 reads as 6300000000)."""
    if isinstance(term, Literal) and term.datatype == XSD.decimal:
        text = str(term)
        return text.removesuffix(".0")
    return str(term)


# longest namespace first, so kgr:… wins over any shorter namespace that prefixes it
_BY_LENGTH: list[tuple[str, str]] = sorted(((p, str(ns)) for p, ns in PREFIXES.items()), key=lambda x: -len(x[1]))


def _plain(term: Node | None) -> str:
    """A term as a data cell: full IRIs, literals by their lexical value (SPARQL CSV results)."""
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return _lexical(term)


def text_width(text: str) -> int:
    """Columns `text` takes in a terminal: wide and full-width characters count 2.

    >>> text_width("华电集团 ok")
    11
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def _one_line(text: str) -> str:
    return re.sub(r"[\t\r\n]+", " ", text)


TABLE_CELL_WIDTH = 60  # display columns; longer cells (evidence sentences) end in …; csv/tsv/json keep them whole


def _clip(text: str, width: int = TABLE_CELL_WIDTH) -> str:
    if text_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = text_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def format_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Rows as aligned columns under a header and a rule, in the order given; long cells are clipped."""
    cells = [[_clip(_one_line(c)) for c in row] for row in [header, *rows]]
    widths = [max(text_width(row[i]) for row in cells) for i in range(len(header))]

    def line(row: Sequence[str]) -> str:
        padded = (c + " " * (w - text_width(c)) for c, w in zip(row, widths))
        return "  ".join(padded).rstrip() + "\n"

    rule = ["-" * w for w in widths]
    return line(cells[0]) + line(rule) + "".join(line(row) for row in cells[1:])


def format_result(result: Result, fmt: str) -> str:
    """`result` as text: table (aligned, for people), csv, tsv or json (SPARQL 1.1 JSON results)."""
    if fmt not in RESULT_FORMATS:
        raise ValueError(f"Unknown result format {fmt!r}. Use one of: {', '.join(RESULT_FORMATS)}")
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        from kg.store import serialize

        assert result.graph is not None
        return serialize(result.graph, {"table": "turtle", "json": "jsonld"}.get(fmt, "nt"))
    if fmt == "json":
        raw = result.serialize(format="json")
        assert raw is not None
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        data = json.loads(text)
        ordered = {"head": data.pop("head", {}), **data}  # rdflib writes "results" first; the spec shows head first
        return json.dumps(ordered, ensure_ascii=False, indent=2) + "\n"
    if result.type == "ASK":
        return ("true" if result.askAnswer else "false") + "\n"
    header = [str(v) for v in result.vars or []]
    # rows stay in the query's order: every query in queries/ has an ORDER BY over all columns
    rows = [[row.get(Variable(v)) for v in header] for row in result.bindings]
    if fmt == "table":
        return format_table(header, [[shorten(t) for t in row] for row in rows])
    out = io.StringIO()
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")  # rdflib's own CSV uses \r\n (STYLE.md pitfall 7)
        writer.writerow(header)
        writer.writerows([_plain(t) for t in row] for row in rows)
    else:
        # same cells as csv, tab separated: easier to cut/awk than SPARQL TSV's N-Triples terms
        out.write("\t".join(header) + "\n")
        out.writelines("\t".join(_one_line(_plain(t)) for t in row) + "\n" for row in rows)
    return out.getvalue()
