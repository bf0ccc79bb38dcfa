"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint over the built graph, with its HTML pages.

The SPARQL work is done by the `oxigraph serve-read-only` server (PyPI package `oxigraph`,
a Rust binary), run on a private loopback port over the pyoxigraph store that
`kg.oxistore.ensure_store` loads from `DIR/graph.trig` (the documents' named graphs, and
their union as the default graph, so that a query without GRAPH sees the one graph that
`kg query` sees). In front of it, on `--host`/`--port`, a small threaded http.server does
what oxigraph does not:

- `/sparql` (GET and POST): refuses SPARQL Update and every write (403/405 with a message),
  forwards queries to oxigraph unchanged (oxigraph does the protocol and the Accept header:
  JSON, XML, CSV, TSV; N-Triples, Turtle, RDF/XML for CONSTRUCT), and holds each answer
  until it is complete, sending 503 when the query runs past the time limit and 422 when
  the answer grows past the size limit.
- `/` and `/query`: a page to write and run queries, with the queries/ library as examples;
  `/queries/NAME.rq?param=value` returns a library query with its parameters bound.
- `/html/...`: the pages that `kg build` wrote to DIR/html.
- logs one line per request.

Why the time limit is not oxigraph's `--timeout-s` (oxigraph 0.5.13): it starts a thread per
query that sleeps for the whole timeout, so at R queries/s it holds R x timeout threads,
and at about 16,000 (4 memory maps each, vm.max_map_count = 65530) it answers 500 to every
query; and when it does strike while rows are streaming, the client gets `200 OK` with
"The SPARQL operation has been cancelled" at the end of a truncated body. So the front
keeps the clock: past the limit it drops its connection to oxigraph, which stops a query
that is sending rows at once. A query that computes before it sends anything (COUNT or
ORDER BY over a huge join) would go on, so the front then also starts a fresh oxigraph
process on the same store (about 0.05 s), sends new queries there, and kills the old
process once every query it was still answering is past its own deadline.
"""
from __future__ import annotations

import contextlib
import errno
import functools
import html
import http.client
import ipaddress
import json
import mimetypes
import re
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NoReturn, Self

from rdflib import Literal, URIRef, Variable
from rdflib.term import Node

from kg.errors import GraphError, KgError, QueryError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
Log = Callable[[str], None]

_MAX_REQUEST_BYTES = 1 << 20  # a POSTed query longer than 1 MiB is refused (413)
_STARTUP_SECONDS = 30.0  # how long oxigraph may take to open the store and listen
_ROTATE_SECONDS = 1.0  # at most one fresh oxigraph process a second, however many queries run out of time
_TEXT = "text/plain; charset=utf-8"
_READ_ONLY = "This SPARQL endpoint is read-only: SPARQL Update and other writes are refused."
_FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Limits:
    """What one query may cost: seconds of running time, bytes of answer."""

    timeout: float = 10.0
    max_result_bytes: int = 10_000_000

    def __post_init__(self) -> None:
        if not self.timeout > 0:
            raise ValueError(f"timeout must be positive, not {self.timeout}")
        if self.max_result_bytes < 1:
            raise ValueError(f"max_result_bytes must be positive, not {self.max_result_bytes}")


# ---------------------------------------------------------------- binding parameters


def sparql_term(value: Node) -> str:
    """`value` written as a SPARQL term by pyoxigraph's N-Triples serializer (which escapes it).

    >>> sparql_term(Literal('说 "你好"'))
    '"说 \\\\"你好\\\\""'
    >>> sparql_term(URIRef("https://example.org/a"))
    '<https://example.org/a>'
    """
    import pyoxigraph as ox

    if isinstance(value, URIRef):
        try:
            return str(ox.NamedNode(str(value)))
        except ValueError as e:
            raise QueryError(f"<{value}> is not a valid IRI ({e})") from None
    if isinstance(value, Literal):
        if value.language:
            return str(ox.Literal(str(value), language=value.language))
        if value.datatype:
            return str(ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype))))
        return str(ox.Literal(str(value)))
    raise QueryError(f"cannot bind {value!r}: only IRIs and literals can be bound")


@functools.cache
def _lexer() -> Any:
    """SPARQL tokens that can contain `?name` without being a variable, and variables, from rdflib's grammar."""
    from pyparsing import Regex
    from rdflib.plugins.sparql import parser as p

    comment = Regex(r"#[^\r\n]*")
    return p.IRIREF.copy() | p.String.copy() | comment | (p.VAR1 | p.VAR2)("var")


def _query_variables(sparql: str, source: str) -> set[str]:
    # imported here: rdflib's SPARQL parser takes 0.3 s to import, and only binding needs it
    from rdflib.plugins.sparql.algebra import traverse

    from kg.query import prepare_query

    found: set[str] = set()

    def visit(node: Any) -> None:
        if isinstance(node, Variable):
            found.add(str(node))

    traverse(prepare_query(sparql, source=source).algebra, visitPost=visit)
    return found


def bind_query(sparql: str, bindings: Mapping[str, Node], *, source: str = "<query>") -> str:
    """`sparql` with each bound variable replaced by its value, for an endpoint that takes only query text.

    Gives the rows that `kg.query.run_query(graph, sparql, bindings=bindings)` gives (rdflib's
    initBindings also act as constants, inside nested groups and FILTERs too, which a VALUES
    block at the top of WHERE does not). Variables are found by rdflib's SPARQL tokens, so
    `?name` in a string, an IRI or a comment is left alone, and values are written by
    pyoxigraph's serializer, so a value is always one term. A variable that the query
    selects, groups by or assigns cannot be replaced by a value: that is a QueryError.

    >>> bind_query('SELECT ?p WHERE { ?p ?q "?x" . FILTER(?x = 1) }', {"x": Literal("华电")})
    'SELECT ?p WHERE { ?p ?q "?x" . FILTER("华电" = 1) }'
    """
    if not bindings:
        return sparql
    from kg.query import check_binding_names

    known = _query_variables(sparql, source)
    check_binding_names(sparql, bindings, known, source)
    terms = {name: sparql_term(value) for name, value in bindings.items()}
    pieces: list[str] = []
    last = 0
    for tokens, start, end in _lexer().scan_string(sparql):
        if "var" in tokens and str(tokens["var"]) in terms:
            pieces += [sparql[last:start], terms[str(tokens["var"])]]
            last = end
    bound = "".join([*pieces, sparql[last:]])
    names = ", ".join(f"?{n}" for n in bindings)
    try:
        left = set(bindings) & _query_variables(bound, source)
    except QueryError:
        left = set(bindings)
    if left:
        raise QueryError(f"{source}: cannot bind {names}: the query selects, groups by or assigns "
                         f"{', '.join('?' + n for n in sorted(left))}, where a value cannot stand")
    return bound


# ---------------------------------------------------------------- oxigraph process


@functools.cache
def oxigraph_binary() -> str:
    """Path of the `oxigraph` server (PyPI package `oxigraph`), next to this Python first; checked
    to be the same minor version as pyoxigraph, which writes the store it reads."""
    candidates = [Path(sys.executable).parent / "oxigraph", Path(sysconfig.get_path("scripts")) / "oxigraph"]
    found = next((str(c) for c in candidates if c.is_file()), None) or shutil.which("oxigraph")
    if found is None:
        raise KgError("the oxigraph server is not installed. Install it with: pip install oxigraph")
    import pyoxigraph

    try:
        said = subprocess.run([found, "--version"], check=False, capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError) as e:
        raise KgError(f"{found} does not run ({e}). Reinstall it with: pip install oxigraph") from None
    version = said.split()[-1] if said.split() else "?"
    if version.split(".")[:2] != pyoxigraph.__version__.split(".")[:2]:
        raise KgError(f"{found} is oxigraph {version}, but the store is written by pyoxigraph "
                      f"{pyoxigraph.__version__}. Install the same version: pip install oxigraph=={pyoxigraph.__version__}")
    return found


@functools.cache
def _death_signal() -> Callable[[], None] | None:
    """Linux: a function for Popen(preexec_fn=...) that makes the child get SIGTERM when the thread
    that started it ends, so that no oxigraph outlives a `kg serve` that was killed."""
    if sys.platform != "linux":
        return None
    import ctypes

    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None

    def preexec() -> None:  # pragma: no cover  (runs in the child, between fork and exec)
        prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG; resolved before the fork: no import or lock in the child

    return preexec


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_oxigraph(store: Path, log: Log) -> tuple[subprocess.Popen[bytes], int]:
    """An `oxigraph serve-read-only` process on `store` and the loopback port it listens on."""
    binary = oxigraph_binary()
    output: list[str] = []
    for _attempt in range(3):
        port = _free_port()
        args = [binary, "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{port}"]
        proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                preexec_fn=_death_signal())  # noqa: PLW1509  (one C call, see _death_signal)
        output = []
        threading.Thread(target=_pump, args=(proc, output, log), daemon=True, name="oxigraph-log").start()
        deadline = time.monotonic() + _STARTUP_SECONDS
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                return proc, port
            except OSError:
                time.sleep(0.01)
        _stop(proc)
        if not any("in use" in line for line in output):  # else another program took the port: try another
            break
    said = "; ".join(line for line in output if line and "Listening" not in line)[-500:]
    raise KgError(f"the oxigraph server did not start on {store}" + (f": {said}" if said else "."))


class _Engine:
    """The oxigraph process that answers queries, replaced by a fresh one when a query runs out of time.

    Every oxigraph process is started by one thread (the janitor) that lives as long as the
    engine: on Linux a child gets SIGTERM when the thread that started it ends, so that no
    oxigraph outlives a `kg serve` that was killed.
    """

    def __init__(self, store: Path, limits: Limits, log: Log) -> None:
        self._store = store
        self._limits = limits
        self._log = log
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes]
        self.port = 0  # where the current oxigraph process listens
        self._retired: list[tuple[subprocess.Popen[bytes], float]] = []  # (process, kill it at)
        self._dirty = False
        self._last_start = time.monotonic()
        self._closed = threading.Event()
        self._started = threading.Event()
        self._failure: BaseException | None = None
        self._janitor = threading.Thread(target=self._watch, daemon=True, name="oxigraph-janitor")
        self._janitor.start()
        self._started.wait()
        if self._failure is not None:
            raise self._failure

    def abandoned(self) -> None:
        """The front gave up on a query: the process may still be computing it, so replace it soon."""
        self._dirty = True

    def _watch(self) -> None:
        try:
            self._proc, self.port = _start_oxigraph(self._store, self._log)
        except BaseException as e:  # noqa: BLE001  handed to the thread that waits in __init__
            self._failure = e
            return
        finally:
            self._started.set()
        while not self._closed.wait(0.1):
            with self._lock:
                now = time.monotonic()
                died = self._proc.poll() is not None
                if died and not self._dirty:
                    self._log(f"oxigraph: stopped (exit code {self._proc.returncode}); starting it again")
                    self._dirty = True
                if self._dirty and now - self._last_start >= _ROTATE_SECONDS:
                    self._replace(now)
                for proc, kill_at in list(self._retired):
                    if now >= kill_at or proc.poll() is not None:
                        _stop(proc)
                        self._retired.remove((proc, kill_at))

    def _replace(self, now: float) -> None:
        try:
            proc, port = _start_oxigraph(self._store, self._log)
        except KgError as e:
            self._log(f"oxigraph: {e}")
            self._last_start = now  # try again in a second
            return
        old = self._proc
        self._proc, self.port = proc, port
        self._dirty = False
        self._last_start = now
        # every query the old process still answers was sent before now, so is past its deadline by then
        self._retired.append((old, now + self._limits.timeout + 1.0))

    def running(self) -> bool:
        return not self._closed.is_set()

    def close(self) -> None:
        self._closed.set()
        self._janitor.join(timeout=5)
        with self._lock:
            for proc in [self._proc, *(p for p, _ in self._retired)]:
                _stop(proc)
            self._retired.clear()


def _pump(proc: subprocess.Popen[bytes], output: list[str], log: Log) -> None:
    """Pass oxigraph's own messages to the log (except its private listening address)."""
    assert proc.stdout is not None
    for raw in proc.stdout:
        line = raw.decode("utf-8", "replace").rstrip()
        output.append(line)
        # its own listening address is private; a reset while writing is the front stopping a query
        if line and not line.startswith("Listening for requests") and "error when writing response" not in line:
            log(f"oxigraph: {line}")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


# ---------------------------------------------------------------- the front


class _Front(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], out: Path, limits: Limits, log: Log) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, _Handler)
        self.out = out
        self.limits = limits
        self.log = log
        self.engine: _Engine | None = None
        self.local = threading.local()


class _Answer(Exception):
    """Stop handling a request and send this answer."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


class _Handler(BaseHTTPRequestHandler):
    server: _Front
    protocol_version = "HTTP/1.1"  # keep-alive: clients send many queries on one connection
    disable_nagle_algorithm = True  # else headers and body, written apart, wait 40 ms for a delayed ACK
    server_version = "kg-serve"

    # ---- plumbing

    def _handle(self, method: str) -> None:
        self._started = time.monotonic()
        self._status, self._sent, self._note = 0, 0, ""
        url = urllib.parse.urlsplit(self.path)
        try:
            self._route(method, url.path, url.query)
        except _Answer as a:
            self._send(a.status, (a.message + "\n").encode("utf-8"), _TEXT, a.headers)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        self._log_request()

    def do_GET(self) -> None:
        self._handle("GET")

    def do_HEAD(self) -> None:
        self._handle("HEAD")

    def do_POST(self) -> None:
        self._handle("POST")

    def _refuse_write(self) -> None:
        self._handle(self.command)

    do_PUT = do_DELETE = do_PATCH = _refuse_write

    def _send(self, status: int, body: bytes, content_type: str, headers: Mapping[str, str] | None = None) -> None:
        self._status = status
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
            self._sent = len(body)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass  # one line per request, written by _log_request once the answer is sent

    def log_message(self, format: str, *args: Any) -> None:
        self.server.log(f"{self.address_string()} {format % args}")

    def _log_request(self) -> None:
        ms = (time.monotonic() - self._started) * 1000
        path = self.path if len(self.path) <= 80 else self.path[:79] + "…"
        if self._note:
            path = urllib.parse.urlsplit(self.path).path + " " + self._note
        stamp = time.strftime("%Y-%m-%d %H:%M:%S")
        self.server.log(f"{stamp} {self.client_address[0]} {self.command} {path} {self._status} {self._sent}B {ms:.1f}ms")

    def _body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            raise _Answer(411, "Send the request body with a Content-Length.")
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            raise _Answer(400, "Bad Content-Length.") from None
        if length > _MAX_REQUEST_BYTES:
            self.close_connection = True
            raise _Answer(413, f"The request body is longer than {_MAX_REQUEST_BYTES} bytes.")
        return self.rfile.read(length) if length > 0 else b""

    # ---- routes

    def _route(self, method: str, path: str, query: str) -> None:
        if method not in ("GET", "HEAD", "POST"):
            raise _Answer(405, _READ_ONLY, {"Allow": "GET, HEAD, POST"})
        if path == "/sparql":
            return self._sparql(method, query)
        if method == "POST" or path in ("/update", "/store") or path.startswith("/store/"):
            raise _Answer(403 if method == "POST" else 404, _READ_ONLY if method == "POST" else "Not found.")
        if path in ("/", "/query", "/index.html"):
            return self._send(200, query_page(self.server.out).encode("utf-8"), "text/html; charset=utf-8")
        if path.startswith("/queries/") and path.endswith(".rq"):
            return self._library_query(path.removeprefix("/queries/").removesuffix(".rq"), query)
        if path in ("/html", "/html/"):
            raise _Answer(302, "See /html/index.html", {"Location": "/html/index.html"})
        if path.startswith("/html/"):
            return self._static(urllib.parse.unquote(path.removeprefix("/html/")))
        raise _Answer(404, f"Not found: {path}. The SPARQL endpoint is /sparql; the query page is /.")

    def _library_query(self, name: str, query: str) -> None:
        from kg.query import list_queries, parse_bindings

        infos = {info.name: info for info in list_queries()}
        if name not in infos:
            raise _Answer(404, f"No query named {name!r}. Available: {', '.join(infos)}")
        text = infos[name].path.read_text(encoding="utf-8")
        params = urllib.parse.parse_qsl(query, keep_blank_values=False)
        try:
            text = bind_query(text, parse_bindings(f"{k}={v}" for k, v in params), source=f"queries/{name}.rq")
        except QueryError as e:
            raise _Answer(400, str(e)) from None
        self._send(200, text.encode("utf-8"), "application/sparql-query; charset=utf-8")

    def _static(self, relative: str) -> None:
        root = (self.server.out / "html").resolve()
        if not root.is_dir():
            raise _Answer(404, f"{self.server.out / 'html'} does not exist. Build the pages with: kg build --html")
        target = (root / relative).resolve()
        if not target.is_relative_to(root) or not target.is_file():
            raise _Answer(404, f"Not found: /html/{relative}")
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind.startswith("text/"):
            kind += "; charset=utf-8"
        self._send(200, target.read_bytes(), kind)

    def _sparql(self, method: str, query: str) -> None:
        if method == "HEAD":
            raise _Answer(405, "Send queries with GET or POST.", {"Allow": "GET, POST"})
        if method == "GET":
            params = urllib.parse.parse_qs(query)
            if "update" in params:
                raise _Answer(403, _READ_ONLY)
            if "query" not in params:
                if "text/html" in self.headers.get("Accept", ""):
                    raise _Answer(303, "The query page is /", {"Location": "/"})
                raise _Answer(400, "Missing the query parameter, e.g. /sparql?query=ASK%7B%7D. The query page is /.")
            self._note = _quote_query(params["query"][0])
            return self._forward("GET", query, None, "")
        body = self._body()
        kind = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if kind == "application/sparql-update":
            raise _Answer(403, _READ_ONLY)
        if kind == _FORM:
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
            if "update" in form:
                raise _Answer(403, _READ_ONLY)
            if "query" not in form:
                raise _Answer(400, "Missing the query parameter in the form.")
            self._note = _quote_query(form["query"][0])
        elif kind == "application/sparql-query":
            self._note = _quote_query(body.decode("utf-8", "replace"))
        else:
            raise _Answer(415, "POST a query as application/sparql-query or as a form "
                               f"({_FORM}) with a query parameter.")
        return self._forward("POST", query, body, self.headers["Content-Type"])

    # ---- forwarding to oxigraph

    def _out_of_time(self) -> NoReturn:
        self._drop_upstream()
        assert self.server.engine is not None
        self.server.engine.abandoned()
        raise _Answer(503, f"The query was stopped: it ran longer than the limit of {self.server.limits.timeout:g} "
                           "seconds (kg serve --timeout). Narrow it or add a LIMIT.")

    def _upstream(self) -> http.client.HTTPConnection:
        assert self.server.engine is not None
        port = self.server.engine.port
        conn: http.client.HTTPConnection | None = getattr(self.server.local, "conn", None)
        if conn is not None and conn.port != port:  # the engine was replaced: talk to the new one
            conn.close()
            conn = None
        if conn is None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=self.server.limits.timeout)
            self.server.local.conn = conn
        return conn

    def _drop_upstream(self) -> None:
        conn = getattr(self.server.local, "conn", None)
        if conn is not None:
            conn.close()  # closing the socket makes oxigraph stop the query
            self.server.local.conn = None

    def _forward(self, method: str, query: str, body: bytes | None, content_type: str) -> None:
        limits = self.server.limits
        deadline = time.monotonic() + limits.timeout
        headers = {"Accept": self.headers.get("Accept") or "*/*"}
        if body is not None:
            headers["Content-Type"] = content_type
        target = "/query" + (f"?{query}" if query else "")
        for attempt in (1, 2):
            conn = self._upstream()
            if conn.sock is not None:  # a kept-alive connection still has the last query's read timeout
                conn.sock.settimeout(max(0.001, deadline - time.monotonic()))
            try:
                conn.request(method, target, body=body, headers=headers)
                response = conn.getresponse()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self._drop_upstream()  # a kept-alive connection that oxigraph had closed: once more on a new one
                if attempt == 2:
                    raise _Answer(502, "The SPARQL engine closed the connection.") from None
            except TimeoutError:
                self._out_of_time()
            except OSError as e:
                self._drop_upstream()
                raise _Answer(502, f"The SPARQL engine is not answering ({e.strerror or e}).") from None
        chunks: list[bytes] = []
        size = 0
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError
                if conn.sock is not None:
                    conn.sock.settimeout(left)
                chunk = response.read1(1 << 16)
                if not chunk:
                    break
                size += len(chunk)
                if size > limits.max_result_bytes:
                    self._drop_upstream()
                    raise _Answer(422, f"The answer is larger than the limit of {limits.max_result_bytes} bytes "
                                       "(kg serve --max-result-mb). Add a LIMIT or select fewer columns.")
                chunks.append(chunk)
        except TimeoutError:
            self._out_of_time()
        except (http.client.HTTPException, OSError) as e:
            self._drop_upstream()
            raise _Answer(502, f"The SPARQL engine broke off its answer ({e}).") from None
        data = b"".join(chunks)
        if response.will_close:
            self._drop_upstream()
        extra = {"Vary": "Accept"} if response.status == 200 else {}
        self._send(response.status, data, response.getheader("Content-Type", "application/octet-stream"), extra)




def _quote_query(sparql: str) -> str:
    """A query as one short log field: prefixes dropped, whitespace squeezed."""
    text = re.sub(r"(?im)^\s*#.*$|^\s*PREFIX\s+\S*\s*<[^>]*>", " ", sparql)
    text = re.sub(r"\s+", " ", text).strip()
    return json.dumps(text if len(text) <= 120 else text[:119] + "…", ensure_ascii=False)


# ---------------------------------------------------------------- the query page


_EXAMPLE = re.compile(r"e\.g\.\s*(\S+)")

_PAGE_SCRIPT = """
const form = document.getElementById('run'), out = document.getElementById('out');
document.querySelectorAll('form.example').forEach(f => f.addEventListener('submit', async e => {
  e.preventDefault();
  const params = new URLSearchParams();
  for (const input of f.querySelectorAll('input')) if (input.value) params.append(input.name, input.value);
  const r = await fetch('/queries/' + f.dataset.name + '.rq?' + params);
  const text = await r.text();
  if (r.ok) { form.query.value = text; out.textContent = ''; } else { out.textContent = text; }
}));
form.addEventListener('submit', async e => {
  e.preventDefault();
  const format = form.format.value;
  out.textContent = 'Running…';
  const r = await fetch('/sparql', {method: 'POST', headers: {'Accept': format === 'table' ?
      'application/sparql-results+json, text/turtle;q=0.5' : format,
      'Content-Type': 'application/x-www-form-urlencoded'}, body: new URLSearchParams({query: form.query.value})});
  const text = await r.text();
  if (!r.ok || format !== 'table' || !(r.headers.get('Content-Type') || '').includes('json')) {
    out.textContent = (r.ok ? '' : r.status + ' ') + text; return;
  }
  const data = JSON.parse(text);
  if ('boolean' in data) { out.textContent = String(data.boolean); return; }
  const vars = data.head.vars, rows = data.results.bindings, table = document.createElement('table');
  const row = cells => { const tr = table.insertRow(); cells.forEach(c => tr.insertCell().textContent = c); return tr; };
  row(vars).className = 'head';
  rows.forEach(b => row(vars.map(v => b[v] ? b[v].value : '')));
  out.textContent = rows.length + ' rows'; out.appendChild(table);
});
"""

_PAGE_STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; max-width: 80em; }
textarea { width: 100%; height: 18em; font: 13px monospace; }
#out { white-space: pre-wrap; font-size: 13px; }
form.example { border-top: 1px solid #ddd; padding: .4em 0; }
table { border-collapse: collapse; margin-top: .5em; } td { border: 1px solid #ccc; padding: 2px 6px; }
tr.head td { font-weight: bold; background: #f3f3f3; } code { background: #f3f3f3; }
"""


def query_page(out: Path) -> str:
    """The page at / : a query editor that runs against /sparql, the queries/ library, links to the HTML pages."""
    from kg.query import list_queries

    e = html.escape
    examples = []
    for info in list_queries():
        inputs = "".join(  # a required parameter starts with its example, an optional one empty
            f' <label>{e(name)} <input name="{e(name)}" title="{e(doc)}" '
            f'{"placeholder" if doc.startswith("(optional)") else "value"}="{e(_example(doc))}"></label>'
            for name, doc in info.parameters.items())
        examples.append(f'<form class="example" data-name="{e(info.name)}"><b>{e(info.name)}</b> — '
                        f'{e(info.description)}<br>{inputs} <button>Load</button></form>')
    pages_dir = out / "html"
    pages = sorted(p.name for p in pages_dir.glob("*.html")) if pages_dir.is_dir() else []
    links = " · ".join(f'<a href="/html/{e(urllib.parse.quote(p))}">{e(p.removesuffix(".html"))}</a>' for p in pages)
    formats = "".join(f'<option value="{e(v)}">{e(label)}</option>' for v, label in [
        ("table", "table"), ("application/sparql-results+json", "JSON"), ("application/sparql-results+xml", "XML"),
        ("text/csv", "CSV"), ("text/tab-separated-values", "TSV"), ("text/turtle", "Turtle (CONSTRUCT)")])
    start = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 20"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>policy-kg SPARQL</title><style>{_PAGE_STYLE}</style></head>
<body>
<h1>policy-kg SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 endpoint: <code>/sparql</code> (GET or POST; answers as JSON, XML, CSV or TSV by the
Accept header). All documents' graphs are queried as one graph. Graph: <code>{e(str(out / "graph.trig"))}</code>.
{f"Pages: {links}" if links else ""}</p>
<form id="run"><textarea name="query" spellcheck="false">{e(start)}</textarea><br>
<button>Run</button> <select name="format">{formats}</select></form>
<div id="out"></div>
<h2>Library (queries/)</h2>
{"".join(examples)}
<script>{_PAGE_SCRIPT}</script>
</body></html>
"""


def _example(description: str) -> str:
    m = _EXAMPLE.search(description)
    return m.group(1).rstrip("。.,，;") if m else ""


# ---------------------------------------------------------------- starting and stopping


class SparqlServer:
    """A running `kg serve`: the front on (host, port) and the oxigraph process behind it."""

    def __init__(self, front: _Front, engine: _Engine, triples: int) -> None:
        self._front = front
        self._engine = engine
        self.triples = triples  # in the union of the documents' graphs, the graph queries see
        self._thread = threading.Thread(target=front.serve_forever, kwargs={"poll_interval": 0.1},
                                        daemon=True, name="kg-serve")
        self._thread.start()
        self._closed = False

    @property
    def host(self) -> str:
        return str(self._front.server_address[0])

    @property
    def port(self) -> int:
        return int(self._front.server_address[1])

    @property
    def url(self) -> str:
        """The query page, e.g. http://127.0.0.1:7878/"""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    @property
    def endpoint(self) -> str:
        """The SPARQL endpoint, e.g. http://127.0.0.1:7878/sparql"""
        return self.url + "sparql"

    def running(self) -> bool:
        return not self._closed and self._thread.is_alive() and self._engine.running()

    def close(self) -> None:
        """Stop answering, then stop oxigraph. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        self._front.shutdown()
        self._thread.join(timeout=5)
        self._front.server_close()
        self._engine.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def start_server(out: Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, limits: Limits = Limits(),
                 log: Log = _stderr) -> SparqlServer:
    """Load out/graph.trig into its store if needed and start serving it; returns at once (close() it).

    Raises GraphError if there is no built graph, KgError if the port is taken.
    """
    from kg.oxistore import ensure_store

    out = Path(out)
    if not (out / "graph.trig").is_file():  # before anything else, and before taking the port
        raise GraphError(f"{out / 'graph.trig'} does not exist. Build it first with: kg build")
    try:
        front = _Front((host, port), out, limits, log)
    except socket.gaierror as e:
        raise KgError(f"Cannot listen on {host!r}: unknown host ({e.strerror}).") from None
    except OSError as e:
        if e.errno == errno.EADDRINUSE:
            raise KgError(f"Port {port} on {host} is already in use (another kg serve?). "
                          "Stop that server or choose another port with --port.") from None
        if e.errno == errno.EACCES:
            raise KgError(f"Not allowed to listen on port {port}: ports below 1024 need root. "
                          "Choose another with --port.") from None
        raise KgError(f"Cannot listen on {host}:{port} ({e.strerror or e}).") from None
    if not _is_loopback(host):
        log(f"Note: listening on {host}, not only on this machine: whoever reaches it can read the whole graph.")
    try:
        info = ensure_store(out, log=log)
        front.engine = _Engine(info.path, limits, log)
    except BaseException:
        front.server_close()
        raise
    return SparqlServer(front, front.engine, info.triples)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(out: Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, limits: Limits = Limits(),
          log: Log = _stderr, ready: Callable[[SparqlServer], None] | None = None) -> None:
    """Serve out/graph.trig until Ctrl-C or SIGTERM (the body of `kg serve`)."""
    server = start_server(out, host=host, port=port, limits=limits, log=log)
    stop = threading.Event()
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        if ready is not None:
            ready(server)
        with contextlib.suppress(KeyboardInterrupt):
            while not stop.is_set():
                if not server.running():
                    raise KgError("the server stopped unexpectedly.")
                stop.wait(0.5)
    finally:
        server.close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def running_server(out: Path, **kwargs: Any) -> Iterator[SparqlServer]:
    """`with running_server(out, port=0) as server:` — start_server, closed on leaving the block."""
    server = start_server(out, **kwargs)
    try:
        yield server
    finally:
        server.close()
