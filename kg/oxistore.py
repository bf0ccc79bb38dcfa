"""The built graph as a pyoxigraph on-disk store, for the SPARQL server (`kg serve`).

`ensure_store(out)` loads `out/graph.trig` (one named graph per document) into a RocksDB
store under `out/.oxigraph/`, once: the store's folder is named after a hash of the file
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
from dataclasses import dataclass
from pathlib import Path

from kg.errors import GraphError, KgError
from kg.files import write_text_atomic

CACHE_DIR = ".oxigraph"  # under the build's output folder
_STAMP = "stamp.json"  # size + mtime of the graph.trig last hashed, so an unchanged file is not hashed again
_STALE_LOAD_SECONDS = 24 * 3600  # a .load-* folder this old was left by a crashed load


@dataclass(frozen=True)
class StoreInfo:
    """A loaded store: where it is, which file it holds, how many quads."""

    path: Path
    source: Path
    quads: int
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


def ensure_store(out: Path) -> StoreInfo:
    """The store for `out/graph.trig`, loading it first if the cache has none for this file.

    Raises GraphError if graph.trig is missing or is not valid TriG.
    """
    trig = out / "graph.trig"
    if not trig.is_file():
        raise GraphError(f"{trig} does not exist. Build it first with: kg build")
    ox = _pyoxigraph()
    cache = out / CACHE_DIR
    stat = trig.stat()
    stamp = _read_stamp(cache)
    fingerprint = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "inode": stat.st_ino}
    key = str(stamp.get("key", ""))
    if not key or any(stamp.get(k) != v for k, v in fingerprint.items()):
        key = f"{ox.__version__}-{_file_hash(trig)[:20]}"
    store_dir = cache / key
    if store_dir.is_dir() and stamp.get("key") == key and isinstance(stamp.get("quads"), int):
        _write_stamp(cache, fingerprint, key, stamp["quads"])  # type: ignore[arg-type]
        return StoreInfo(store_dir, trig, stamp["quads"], loaded=False)  # type: ignore[arg-type]

    cache.mkdir(parents=True, exist_ok=True)
    loaded = False
    if store_dir.is_dir():
        quads = _count(ox, store_dir)
    else:
        quads = _load(ox, trig, cache, store_dir)
        loaded = True
    if trig.stat().st_mtime_ns != stat.st_mtime_ns:
        # rewritten while we were loading it (a build finished meanwhile): the store may hold either version
        shutil.rmtree(store_dir, ignore_errors=True)
        raise GraphError(f"{trig} changed while it was being loaded. Run the command again.")
    _write_stamp(cache, fingerprint, key, quads)
    _prune(cache, keep=key)
    return StoreInfo(store_dir, trig, quads, loaded=loaded)


def _write_stamp(cache: Path, fingerprint: dict[str, int], key: str, quads: int) -> None:
    write_text_atomic(cache / _STAMP, json.dumps({**fingerprint, "key": key, "quads": quads}) + "\n")


def _load(ox, trig: Path, cache: Path, store_dir: Path) -> int:  # type: ignore[no-untyped-def]
    """Bulk-load `trig` into a new store in a temp folder, then rename it to `store_dir`."""
    tmp = Path(tempfile.mkdtemp(dir=cache, prefix=".load-"))
    try:
        store = ox.Store(str(tmp))
        try:
            store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
        except SyntaxError as e:
            raise GraphError(f"{trig}: not valid TriG ({e})") from None
        store.flush()
        quads = len(store)
        del store
        gc.collect()  # RocksDB closes when the Store is freed; it must be closed before the rename
        try:
            os.rename(tmp, store_dir)
        except OSError:
            if not store_dir.is_dir():  # else another process loaded the same file first: use theirs
                raise
            shutil.rmtree(tmp, ignore_errors=True)
        return quads
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _count(ox, store_dir: Path) -> int:  # type: ignore[no-untyped-def]
    store = ox.Store.read_only(str(store_dir))
    try:
        return len(store)
    finally:
        del store
        gc.collect()


def _prune(cache: Path, *, keep: str) -> None:
    """Remove stores of earlier graph.trig files and loads that crashed long ago."""
    now = time.time()
    for child in cache.iterdir():
        if not child.is_dir() or child.name == keep:
            continue
        if child.name.startswith(".load-"):
            try:
                old = now - child.stat().st_mtime > _STALE_LOAD_SECONDS
            except OSError:
                continue
            if not old:
                continue  # maybe another process loading right now
        shutil.rmtree(child, ignore_errors=True)
