"""The one place that mints IRIs: what counts as the same thing across documents lives here."""
from __future__ import annotations

import hashlib
import unicodedata

from rdflib import URIRef

from kg.model import EntityType
from kg.ns import KGR

# Quotes and brackets that do not change what a name refers to (as the scorer treats them).
_DROP = set("“”‘’「」『』《》〈〉\"'")


# Chinese punctuation that stays as printed in labels (NFKC would turn ， into ,).
_KEEP = set("，。、：；？！（）《》【】")


def label_key(label: str) -> str:
    """Normalised form of a name: full-width letters, digits and signs folded, quotes and spaces removed.

    The same function gives the printed label (without the space removal), so that
    every label minted for one IRI is the same string.

    >>> label_key("“蓝天工程”") == label_key("蓝天工程"), label_key("管委会＋公司")
    (True, '管委会+公司')
    """
    return "".join(ch for ch in display_label(label) if not ch.isspace())


def display_label(label: str) -> str:
    """The name as printed, without the quotation marks that do not belong to it (“蓝天工程” -> 蓝天工程)."""
    folded = (ch if ch in _KEEP else unicodedata.normalize("NFKC", ch) for ch in label)
    return "".join(ch for ch in "".join(folded) if ch not in _DROP).strip()


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def is_masked(label: str) -> bool:
    """Names with `*` stand for different things in different documents (GUIDELINE.md)."""
    return "*" in label


def document_iri(sha256: str) -> URIRef:
    """Documents are named by their content, so the same text is the same document."""
    return KGR[f"doc/{sha256[:16]}"]


def graph_iri(doc: URIRef) -> URIRef:
    """The named graph holding one document's facts."""
    return URIRef(f"{doc}/graph")


def sentence_iri(doc: URIRef, index: int) -> URIRef:
    return URIRef(f"{doc}/s{index}")


def mention_iri(doc: URIRef, index: int) -> URIRef:
    return URIRef(f"{doc}/m{index}")


def assertion_iri(doc: URIRef, index: int) -> URIRef:
    return URIRef(f"{doc}/a{index}")


def extractor_iri(name: str) -> URIRef:
    return KGR[f"extractor/{name}"]


def entity_iri(doc_sha256: str, type: EntityType, label: str, *, code: str = "") -> URIRef:
    """One IRI per real thing.

    Regions with a gazetteer code are named by the code; targets and masked names
    belong to their document; everything else is named by its normalised label.
    """
    kind = type.value.lower()
    if type is EntityType.REGION and code:
        return KGR[f"{kind}/{code}"]
    key = label_key(label)
    if type is EntityType.TARGET or is_masked(label):
        return KGR[f"{kind}/{doc_sha256[:16]}-{_digest(key)}"]
    return KGR[f"{kind}/{_digest(key)}"]
