"""The path from files to results: read, segment, extract, resolve, relate."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from kg.errors import InputError
from kg.extract import DEFAULT_PIPELINE, Segmented, get_extractor
from kg.model import DocResult, Entity, Mention
from kg.relate import relate
from kg.resolve import group_entities, select_mentions
from kg.text import Document


def find_documents(paths: Sequence[Path]) -> list[Path]:
    """Expand folders to their .txt files (sorted); refuse missing paths and empty folders."""
    files: list[Path] = []
    for p in paths:
        if not p.exists():
            raise InputError(f"{p} does not exist. Give a .txt file or a folder of .txt files.")
        if p.is_dir():
            found = sorted(x for x in p.iterdir() if x.suffix == ".txt" and x.is_file())
            if not found:
                raise InputError(f"{p} holds no .txt files. Put UTF-8 .txt documents in it.")
            files.extend(found)
        else:
            files.append(p)
    seen: dict[str, Path] = {}
    for f in files:
        if f.stem in seen and seen[f.stem].resolve() != f.resolve():
            raise InputError(f"{f} and {seen[f.stem]} have the same name {f.stem!r}; document ids must be unique.")
        seen[f.stem] = f
    return list(dict.fromkeys(files))


def segment_document(doc: Document) -> Segmented:
    """Tokenise once; every extractor reads the same tokens."""
    from kg.segment import segment

    return Segmented(doc, tuple(segment(doc.text)))


def extract_document(doc: Document, names: Iterable[str] = DEFAULT_PIPELINE) -> DocResult:
    """Everything extracted from one document: a pure function of its text."""
    seg = segment_document(doc)
    mentions: list[Mention] = []
    for name in names:
        for m in get_extractor(name)(seg):
            if not isinstance(m, Mention):
                raise TypeError(f"extractor {name!r} yielded {type(m).__name__}, not Mention")
            assert doc.text[m.start : m.end] == m.text, (name, m)
            mentions.append(m)
    mentions.extend(repeated_names(seg, mentions))
    entities = group_entities(select_mentions(mentions))
    region = document_region(doc, entities)
    return DocResult(doc, entities, relate(doc, entities, region["code"] if region else None), region)


def repeated_names(seg: Segmented, mentions: list[Mention]) -> list[Mention]:
    """Every other occurrence of an enterprise name the document uses somewhere (中州时代 in 中州时代电池三期).

    A company named once in a list of companies is the same company where the
    text names it again inside a project's name; the segmenter's word boundaries
    keep 华电 from matching inside 华电子.
    """
    from kg.model import EntityType

    names = {m.text for m in mentions if m.type is EntityType.ENTERPRISE and len(m.text) >= 2 and "*" not in m.text}
    taken = {(m.start, m.end) for m in mentions if m.type is EntityType.ENTERPRISE}
    text = seg.doc.text
    found = []
    for name in sorted(names, key=len, reverse=True):
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if (start, end) not in taken and start in seg.boundaries:
                found.append(seg.mention(EntityType.ENTERPRISE, start, end, "enterprise.repeat"))
                taken.add((start, end))
            start = text.find(name, end)
    return found


def document_region(doc: Document, entities: list[Entity]) -> dict[str, str] | None:
    """The province or city the document speaks for: the one its title, signature or file name names."""
    from kg.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    heads = [doc.title, doc.speaker[1] if doc.speaker else "", doc.id]
    for head in heads:
        for e in entities:
            code = e.data.get("code")
            place = gaz.by_code(code) if code else None
            if place and place.level in ("province", "city") and any(
                    n in head for n in {place.name, place.short.split("/")[0], *(m.text for m in e.mentions)} if len(n) >= 2):
                return {"code": place.code, "name": place.name}
    return None


def extract_paths(paths: Sequence[Path], *, progress: Callable[[int, int, Path], None] | None = None,
                  warn: Callable[[str], None] | None = None, date: str | None = None) -> Iterator[DocResult]:
    """Read and extract each document in turn (one in memory at a time); `date` overrides the documents' own."""
    files = find_documents(paths)
    for i, f in enumerate(files):
        if progress:
            progress(i, len(files), f)
        doc = Document.from_file(f, **({"date": date} if date else {}))
        if doc.encoding != "utf-8" and warn:
            warn(f"Note: {f} is not UTF-8; read it as {doc.encoding.upper()}.")
        yield extract_document(doc)
