"""The built graph as a pyoxigraph on-disk store, for the SPARQL server (`kg serve`).

`ensure_store(out)` loads `out/graph.trig` (one named graph per document) into a RocksDB
store under `out/.oxigraph/`, with the union of all its graphs as the default graph, once: the store's folder is named after a hash of the file
and the pyoxigraph version, so a new build (or a new pyoxigraph) gets a new store and an
unchanged file reuses the old one. A store is written into a temporary folder and renamed
into place only when complete, so a failed or interrupted load leaves nothing that looks
finished, and two processes loading at once do not see each other's half-written store.
"""
from __future__ import annotations

import gc
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg.errors import GraphError, KgError
from kg.files import write_text_atomic

CACHE_DIR = ".oxigraph"  # under the build's output folder
_STAMP = "stamp.json"  # size + mtime of the graph.trig last hashed, so an unchanged file is not hashed again
_LAYOUT = "u1"  # what a store holds (named graphs + their union as the default graph); change it to rebuild all
_STALE_LOAD_SECONDS = 24 * 3600  # a .load-* folder this old was left by a crashed load


@dataclass(frozen=True)
class StoreInfo:
    """A loaded store: where it is, which file it holds, how many triples its default graph (the union) has."""

    path: Path
    source: Path
    triples: int
    loaded: bool  # True if this call loaded it, False if it came from the cache


def _pyoxigraph():  # type: ignore[no-untyped-def]
    try:
        import pyoxigraph
    except ImportError:
        raise KgError("pyoxigraph is not installed. Install it with: pip install pyoxigraph") from None
    return pyoxigraph


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _read_stamp(cache: Path) -> dict[str, object]:
    try:
        data = json.loads((cache / _STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def ensure_store(out: Path, *, log: Callable[[str], None] | None = None) -> StoreInfo:
    """The store for `out/graph.trig`, loading it first if the cache has none for this file.

    `log` hears about a load (a minute or so for a few million triples). Raises GraphError if
    graph.trig is missing or is not valid TriG.
    """
    trig = out / "graph.trig"
    if not trig.is_file():
        raise GraphError(f"{trig} does not exist. Build it first with: kg build")
    ox = _pyoxigraph()
    cache = out / CACHE_DIR
    stat = trig.stat()
    stamp = _read_stamp(cache)
    fingerprint = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "inode": stat.st_ino}
    key, triples = stamp.get("key"), stamp.get("triples")
    if (all(stamp.get(k) == v for k, v in fingerprint.items()) and isinstance(key, str)
            and isinstance(triples, int) and key.startswith(f"{_LAYOUT}-{ox.__version__}-") and (cache / key).is_dir()):
        return StoreInfo(cache / key, trig, triples, loaded=False)

    key = f"{_LAYOUT}-{ox.__version__}-{_file_hash(trig)[:20]}"
    store_dir = cache / key
    cache.mkdir(parents=True, exist_ok=True)
    loaded = not store_dir.is_dir()  # same content under a new mtime (e.g. touched): reuse the store
    if loaded and log is not None:
        log(f"Loading {trig} ({stat.st_size / 1e6:.1f} MB) into the SPARQL store {store_dir} (once per build)…")
    triples = _load(ox, trig, cache, store_dir) if loaded else _count(ox, store_dir)
    if trig.stat().st_mtime_ns != stat.st_mtime_ns:
        # rewritten while we were loading it (a build finished meanwhile): the store may hold either version
        shutil.rmtree(store_dir, ignore_errors=True)
        raise GraphError(f"{trig} changed while it was being loaded. Run the command again.")
    _write_stamp(cache, fingerprint, key, triples)
    _prune(cache, keep=key)
    return StoreInfo(store_dir, trig, triples, loaded=loaded)


def _write_stamp(cache: Path, fingerprint: dict[str, int], key: str, triples: int) -> None:
    write_text_atomic(cache / _STAMP, json.dumps({**fingerprint, "key": key, "triples": triples}) + "\n")


def _load(ox, trig: Path, cache: Path, store_dir: Path) -> int:  # type: ignore[no-untyped-def]
    """Load `trig` into a new store in a temp folder, then rename it to `store_dir`; returns the union's size.

    The named graphs go in as they are, and the set union of their triples goes into the
    default graph. oxigraph's own `--union-default-graph` is a union of quads, not of
    triples: a triple stated in several documents' graphs (an entity's type and label)
    would match once per graph, so a query without DISTINCT would repeat rows and COUNT
    would count too many, where `kg query` (rdflib, on the union graph) counts each once.
    """
    tmp = Path(tempfile.mkdtemp(dir=cache, prefix=".load-"))
    union = tmp.with_name(tmp.name + ".nt")
    try:
        store = ox.Store(str(tmp / "store"))
        try:
            store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
        except SyntaxError as e:
            raise GraphError(f"{trig}: not valid TriG ({e})") from None
        with union.open("wb") as f:  # every triple of every graph, read again: the store dedupes them
            triples = (ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(path=str(trig), format=ox.RdfFormat.TRIG))
            ox.serialize(triples, f, ox.RdfFormat.N_TRIPLES)
        store.bulk_load(path=str(union), format=ox.RdfFormat.N_TRIPLES, lenient=True)  # written by pyoxigraph itself
        store.flush()
        triples_in_union = _union_size(store)
        del store
        gc.collect()  # RocksDB closes when the Store is freed; it must be closed before the rename
        try:
            os.rename(tmp / "store", store_dir)
        except OSError:
            if not store_dir.is_dir():  # else another process loaded the same file first: use theirs
                raise
        return triples_in_union
    finally:
        union.unlink(missing_ok=True)
        shutil.rmtree(tmp, ignore_errors=True)


def _union_size(store) -> int:  # type: ignore[no-untyped-def]
    solution = next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))
    return int(solution["n"].value)


def _count(ox, store_dir: Path) -> int:  # type: ignore[no-untyped-def]
    store = ox.Store.read_only(str(store_dir))
    try:
        return _union_size(store)
    finally:
        del store
        gc.collect()


def _prune(cache: Path, *, keep: str) -> None:
    """Remove stores of earlier graph.trig files, and what loads that crashed long ago left."""
    now = time.time()
    for child in cache.iterdir():
        if child.name in (keep, _STAMP) or child.name.startswith(f".{_STAMP}."):
            continue
        if child.name.startswith(".load-"):
            try:
                if now - child.stat().st_mtime < _STALE_LOAD_SECONDS:
                    continue  # maybe another process loading right now
            except OSError:
                continue
        if child.is_dir():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
