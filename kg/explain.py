"""A readable trace of one document's extraction: which rule produced each entity and relation."""
from __future__ import annotations

from kg.model import DocResult


def _clip(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def explain(result: DocResult) -> str:
    """Entities with every mention's rule, offsets and sentence; relations with their rule and evidence."""
    doc = result.document
    lines = [f"== {doc.id}" + (f"  {doc.title}" if doc.title else "")]
    meta = {k: v for k, v in result.to_json(offsets=False).items() if k not in ("entities", "relations", "document")}
    lines.append("   " + "  ".join(f"{k}={v}" for k, v in meta.items()))
    label = {e.id: e.label for e in result.entities}
    for e in result.entities:
        lines.append(f"{e.id:>5} {e.type.value:<10} {e.label}")
        for m in e.mentions:
            sentence = doc.sentences[m.sentence].text
            lines.append(f"        {m.source:<20} [{m.start}:{m.end}] s{m.sentence}  {_clip(sentence)}")
        for reason in e.merges:
            lines.append(f"        merged: {reason}")
    for r in result.relations:
        lines.append(f"  {r.type.value:<10} {label[r.head]} -> {label[r.tail]}   by {r.source}")
        if r.heading is not None:
            lines.append(f"        heading s{r.heading}: {_clip(doc.sentences[r.heading].text)}")
        lines.append(f"        s{r.sentence}: {_clip(doc.sentences[r.sentence].text)}")
    return "\n".join(lines) + "\n"
