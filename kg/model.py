"""The records extraction produces: mentions, entities, relations, one result per document."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any


class EntityType(StrEnum):
    REGION = "Region"
    ENTERPRISE = "Enterprise"
    PROJECT = "Project"
    CAMPAIGN = "Campaign"
    TARGET = "Target"


class RelationType(StrEnum):
    INVOLVES = "involves"
    LOCATED_IN = "locatedIn"
    PART_OF = "partOf"
    HAS_TARGET = "hasTarget"


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of the document text that names an entity, like a spaCy Span."""

    type: EntityType
    text: str
    start: int  # offsets into Document.text
    end: int
    sentence: int  # index into Document.sentences
    source: str  # name of the rule that found it
    # normalised facts the rule read off the span (region code, amount, target value…)
    data: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(slots=True)
class Entity:
    """One thing the document talks about, with every mention of it."""

    id: str
    type: EntityType
    label: str
    mentions: list[Mention]
    data: dict[str, Any] = field(default_factory=dict)
    merges: list[str] = field(default_factory=list)  # why mentions were merged into this entity

    @property
    def aliases(self) -> list[str]:
        """Surface forms other than the label, in order of first use."""
        seen: dict[str, None] = {}
        for m in self.mentions:
            if m.text != self.label:
                seen.setdefault(m.text)
        return list(seen)


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed edge between two entities, with the span of text that states it."""

    type: RelationType
    head: str  # entity ids
    tail: str
    sentence: int
    start: int  # evidence span in Document.text
    end: int
    source: str
    heading: int | None = None  # index of the heading sentence the relation rests on, if any


@dataclass(slots=True)
class DocResult:
    """Everything extracted from one document: a pure function of its text."""

    document: Any  # kg.text.Document (kept untyped here to avoid an import cycle)
    entities: list[Entity]
    relations: list[Relation]
    region: dict[str, str] | None = None  # the place the document speaks for: {"code", "name"}

    def to_json(self, *, offsets: bool = True) -> dict[str, Any]:
        """The record `score.py` reads (GUIDELINE.md), plus offsets and provenance."""
        doc = self.document
        ents = []
        for e in self.entities:
            rec: dict[str, Any] = {
                "id": e.id,
                "type": str(e.type),
                "label": e.label,
                "mentions": list(dict.fromkeys(m.text for m in e.mentions)),
            }
            rec.update({k: _plain(v) for k, v in e.data.items() if not k.startswith("_")})
            if offsets:
                rec["spans"] = [
                    {"start": m.start, "end": m.end, "sentence": m.sentence, "extractor": m.source}
                    for m in e.mentions
                ]
            ents.append(rec)
        rels = []
        for r in self.relations:
            rec = {"type": str(r.type), "head": r.head, "tail": r.tail}
            if offsets:
                rec.update(
                    {"sentence": r.sentence, "start": r.start, "end": r.end, "extractor": r.source}
                )
                if r.heading is not None:
                    rec["heading"] = r.heading
            rels.append(rec)
        meta = doc.metadata()
        if self.region:
            meta["region"] = self.region
        return {"document": doc.id, **meta, "entities": ents, "relations": rels}


def _plain(value: Any) -> Any:
    """JSON-safe form of a value: decimals become int or float."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
