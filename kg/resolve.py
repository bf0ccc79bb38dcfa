"""From overlapping mentions to entities: one entity per thing within a document."""
from __future__ import annotations

import re
from collections.abc import Iterable

from kg.iri import label_key
from kg.model import Entity, EntityType, Mention

T = EntityType
# When two mentions of different types cover the same span, the first type wins.
_SAME_SPAN_PRIORITY = (T.ENTERPRISE, T.PROJECT, T.CAMPAIGN, T.REGION, T.TARGET)
# Types whose mentions may nest inside a longer mention of the same type.
_NESTABLE = {T.REGION}
# Names of natural areas and groupings: the river or mountain inside them is not a Region of its own.
_NATURAL_HEADS = frozenset("流域 经济带 经济圈 都市圈 城市群 库区 保护区 自然保护区 国家公园 湿地 灌区 盆地 平原".split())


def select_mentions(mentions: Iterable[Mention]) -> list[Mention]:
    """Drop duplicates and same-type overlaps (the longer mention wins), and places inside company names."""
    unique: dict[tuple, Mention] = {}
    for m in mentions:
        unique.setdefault((m.type, m.start, m.end), m)
    ms = sorted(unique.values(), key=lambda m: (m.start, -(m.end - m.start)))
    # same span, different types: keep the type with priority
    by_span: dict[tuple[int, int], Mention] = {}
    for m in ms:
        key = (m.start, m.end)
        if m.type is T.TARGET:
            continue
        old = by_span.get(key)
        if old is None or _SAME_SPAN_PRIORITY.index(m.type) < _SAME_SPAN_PRIORITY.index(old.type):
            by_span[key] = m
    kept_spans = {(m.type, m.start, m.end) for m in by_span.values()}
    ms = [m for m in ms if m.type is T.TARGET or (m.type, m.start, m.end) in kept_spans]
    out: list[Mention] = []
    for m in ms:
        if any(_covers(o, m) and o.type is m.type and (m.type not in _NESTABLE or _partial(o, m)) for o in ms if o is not m):
            continue
        if any(_crosses(o, m) and o.type is m.type and len(o.text) > len(m.text) for o in ms):
            continue
        if m.type is T.REGION and any(o.type is T.ENTERPRISE and _covers(o, m) for o in ms):
            continue  # 上海 in 上海电气 is part of a name, not a place (GUIDELINE.md)
        if m.type is T.REGION and any(o.type is T.REGION and _covers(o, m) and (
                o.data.get("head") in _NATURAL_HEADS or o.source == "region.grouping") for o in ms):
            continue  # 黄河 in 黄河流域, 长江 in 长江经济带: not annotated (GUIDELINE.md)
        out.append(m)
    return sorted(out, key=lambda m: (m.start, m.end))


def _covers(outer: Mention, inner: Mention) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end and (outer.end - outer.start) > (inner.end - inner.start)


def _crosses(a: Mention, b: Mention) -> bool:
    return a.start < b.start < a.end < b.end or b.start < a.start < b.end < a.end


def _partial(outer: Mention, inner: Mention) -> bool:
    """A nested region that is not a place of its own kind (a gazetteer name nests; a zone inside a zone does not)."""
    return inner.source != "region.gazetteer" and inner.source != "region.masked" and inner.source != "region.nature"


def group_entities(mentions: list[Mention]) -> list[Entity]:
    """Mentions with the same normalised name (or the same region code) are one entity."""
    entities: list[Entity] = []
    index: dict[tuple, Entity] = {}
    for m in mentions:
        key = _key(m)
        e = index.get(key)
        if e is None:
            e = Entity(f"e{len(entities) + 1}", m.type, m.text, [m], dict(_entity_data(m)))
            entities.append(e)
            index[key] = e
            continue
        e.mentions.append(m)
        if m.text != e.label:
            if key[1] == "code":
                rule = f"same GB/T 2260 code {m.data.get('code')} (gazetteer)"
                if len(m.text) > len(e.label):
                    e.label, m_text = m.text, e.label  # the full name (青铜峡市) labels the entity
                else:
                    m_text = m.text
            else:
                m_text = m.text
                rule = ("same name without quotes or spaces" if label_key(m.text) == label_key(e.label)
                        else "one national programme (table of programme names)" if m.data.get("programme")
                        else "same programme with or without 战略/建设/创建/行动")
            reason = f"{m_text} = {e.label}: {rule}"
            if reason not in e.merges:
                e.merges.append(reason)
        if m.type is T.TARGET:
            _join_deadline(e, m)
    return _merge_abbreviations(entities)


def _merge_abbreviations(entities: list[Entity]) -> list[Entity]:
    """A campaign named by a shortened form of a longer campaign's name in the same document is that campaign.

    Chinese abbreviations keep the name's characters in order (生态文明建设示范市创建 -> 生态示范市创建,
    生态市创建): same first two characters, same head word, characters in order.
    """
    campaigns = sorted((e for e in entities if e.type is T.CAMPAIGN), key=lambda e: -len(label_key(e.label)))
    gone: set[str] = set()
    for i, long in enumerate(campaigns):
        if long.id in gone or re.search(r"[和与及、]", long.label):
            continue  # a joined list (A和B创建) is no one programme to absorb shorter names
        for short in campaigns[i + 1 :]:
            if short.id in gone or not _abbreviates(label_key(short.label), label_key(long.label)):
                continue
            if any(q not in long.label for q in re.findall(r"“[^“”]+”", short.label)):
                continue  # a quoted name is kept whole: “人工智能+”行动 is not “人工智能+文化”行动
            long.mentions.extend(short.mentions)
            long.merges.append(f"{short.label} = {long.label}: a shortened form (same first two characters and head"
                               " word, characters in order)")
            long.merges.extend(short.merges)
            long.mentions.sort(key=lambda m: (m.start, m.end))
            gone.add(short.id)
    kept = [e for e in entities if e.id not in gone]
    for n, e in enumerate(kept, 1):
        e.id = f"e{n}"  # ids stay in order of first mention
    return kept


def _abbreviates(short: str, long: str) -> bool:
    """Same first two characters and head word, the short form's characters in order in the long one."""
    if len(short) < 5 or len(short) >= len(long) or short[:2] != long[:2] or short[-2:] != long[-2:]:
        return False  # 国家试点 names no programme of its own: too short to abbreviate one
    it = iter(long)
    return all(ch in it for ch in short)


_CAMPAIGN_SUFFIX = re.compile(r"(?:战略|建设|创建|行动)$")


def _key(m: Mention) -> tuple:
    if m.type is T.REGION and m.data.get("code"):
        return (m.type, "code", m.data["code"])
    key = label_key(m.data.get("programme") or m.text)
    if m.type is T.CAMPAIGN:
        # 乡村振兴战略 / 乡村振兴, “X”建设 / X: one programme (GUIDELINE.md)
        stripped = _CAMPAIGN_SUFFIX.sub("", key)
        if len(stripped) >= 2:
            key = stripped
    return (m.type, key)


_DATA_KEYS = {
    T.REGION: ("code", "level", "parent"),
    T.ENTERPRISE: ("canonical",),
    T.PROJECT: ("amount", "currency", "amount_text"),
    T.CAMPAIGN: (),
    T.TARGET: ("metric", "comparator", "value", "unit", "number", "deadline", "year", "value_is_text"),
}


def _entity_data(m: Mention) -> dict:
    return {k: m.data[k] for k in _DATA_KEYS[m.type] if m.data.get(k) not in (None, "")}


def _join_deadline(e: Entity, m: Mention) -> None:
    """The same target in two places is one entity; its deadlines are joined (GUIDELINE.md)."""
    new = m.data.get("deadline")
    if new and new not in str(e.data.get("deadline", "")).split("; "):
        e.data["deadline"] = "; ".join(filter(None, [e.data.get("deadline"), new]))
