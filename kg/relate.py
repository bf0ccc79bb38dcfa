"""Relations between entities: from name nesting, sentence structure and headings (GUIDELINE.md)."""
from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.base import clause_start
from kg.extract.target import review_sentences
from kg.model import Entity, EntityType, Mention, Relation, RelationType
from kg.normalize import chinese_int
from kg.text import Document, Sentence

T = EntityType
R = RelationType
# A lead or heading names a campaign as the thing carried out: 实施/开展/打好… X
_CARRY_OUT = re.compile(
    r"^(?:\d{1,2}[.．、]|[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|[一二三四五六七八九十]+是|[一二三四五六七八九十]+要)?"
    r"(?:要|我们要|全市|全区|全省|持续|深入|全面|继续|坚决|扎实|大力|加快|着力|重点|切实)*"
    r"(?:实施好?|开展好?|打好|打赢|推进|建设|推行|深化|落实|启动|抓好|办好|做好|深入推进|深入实施|扎实推进|持续推进|全面推进|深入开展)"
)
_NOT_LEAD = re.compile(r"^(?:坚持|融入|服务|对接|助力|围绕|聚焦)")
# A programme only served or joined is not the one carried out (融入和服务全国统一大市场).
_JOINED = re.compile(r"融入|服务于?|对接|助力|衔接|配合|参与|在推进")
_CLOSING = re.compile(r"^(?:我们将|下一步|总之|总的来看)")
_HEADLINE_TARGETS = re.compile(r"主要预期目标|主要目标(?:是|为|包括|：)|预期目标(?:是|为)")
_CLAUSE = re.compile(r"[，；：]")


def relate(doc: Document, entities: list[Entity], home: str | None = None) -> list[Relation]:
    """All relations the text states, each once, in document order.

    `home` is the code of the region the document speaks for: its goals are the
    whole report's, so a sentence naming it does not make it their holder.
    """
    by_mention: dict[tuple[int, int, EntityType], Entity] = {}
    mentions: list[Mention] = []
    for e in entities:
        for m in e.mentions:
            by_mention[(m.start, m.end, m.type)] = e
            mentions.append(m)
    mentions.sort(key=lambda m: (m.start, m.end))
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)

    def ent(m: Mention) -> Entity:
        return by_mention[(m.start, m.end, m.type)]

    out: dict[tuple, Relation] = {}

    def add(rtype: RelationType, head: Mention, tail: Mention, sent: Sentence, source: str,
            heading: Sentence | None = None) -> None:
        h, t = ent(head), ent(tail)
        if h.id == t.id:
            return
        key = (rtype, h.id, t.id)
        if key not in out:
            start = heading.start if heading is not None else sent.start
            out[key] = Relation(rtype, h.id, t.id, sent.index, start, sent.end, source,
                                heading.index if heading is not None else None)

    for sent in doc.sentences:
        ms = by_sentence.get(sent.index, [])
        for rtype, head, tail, source in _nested(ms):
            add(rtype, head, tail, sent, source)
        for head, tail in _adjacent_regions(ms):
            add(R.LOCATED_IN, head, tail, sent, "relate.adjacent")
        for head, tail in _bundle_members(ms):
            add(R.PART_OF, head, tail, sent, "relate.bundle")
        for head, tail in _listed_before_bundle(doc.text, ms):
            add(R.PART_OF, head, tail, sent, "relate.bundle")

    # partOf and hasTarget: nearest campaign first (sentence, then paragraph lead, then heading)
    part_done: set[tuple[int, int]] = set()
    for sent, lead, heading in _scopes(doc, by_sentence):
        ms = by_sentence.get(sent.index, [])
        opener = _opening_campaign(sent, ms)
        for m in ms:
            if m.type not in (T.PROJECT, T.CAMPAIGN) or (m.start, m.end) in part_done:
                continue
            if m.source in ("campaign.member", "campaign.national"):
                continue  # a fixed national programme (乡村振兴, 碳达峰) is no part of a local one
            for cand, scope, source in ((opener, None, "relate.sentence"), (lead, lead and lead[1], "relate.lead"),
                                        (heading, heading and heading[1], "relate.heading")):
                if cand is None:
                    continue
                camp = cand if isinstance(cand, Mention) else cand[0]
                if camp is m or _overlaps(camp, m) or camp.start > m.start and scope is None:
                    continue
                add(R.PART_OF, m, camp, sent, source, scope)
                part_done.add((m.start, m.end))
                break
        headline = bool(_HEADLINE_TARGETS.search(sent.text))
        for m in ms:
            if m.type is not T.TARGET:
                continue
            holders = _target_holders(doc, sent, ms, m, opener, headline, home)
            for holder in holders:
                add(R.HAS_TARGET, holder, m, sent, "relate.target")
            if holders:
                continue
            for cand in (lead, heading):
                if cand is not None:
                    add(R.HAS_TARGET, cand[0], m, sent, "relate.target-heading", cand[1])
                    break
    return list(out.values())


def _overlaps(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


def _nested(ms: list[Mention]) -> Iterator[tuple[RelationType, Mention, Mention, str]]:
    """A company or place inside a project's or park's own name."""
    for outer in ms:
        if outer.type not in (T.PROJECT, T.REGION, T.CAMPAIGN):
            continue
        for inner in ms:
            if inner is outer or not (outer.start <= inner.start and inner.end <= outer.end):
                continue
            if outer.type is T.PROJECT and inner.type is T.ENTERPRISE:
                yield R.INVOLVES, outer, inner, "relate.nested"
            elif inner.type is T.REGION and outer.type in (T.PROJECT, T.REGION) and inner.text != outer.text:
                if any(e.type is T.ENTERPRISE and e.start <= inner.start and inner.end <= e.end for e in ms):
                    continue  # a place in a company's name gives no locatedIn
                if outer.type is T.REGION and not _zone_holds(outer, inner):
                    continue
                yield R.LOCATED_IN, outer, inner, "relate.nested"


# Zones named after the place that holds them (青铜峡工业园区, 天祝…遗址); natural areas
# and groupings named after a river or mountain (黄河流域, 长江经济带) are not inside it.
_HOLDING_HEADS = frozenset(
    """经济技术开发区 高新技术产业开发区 经济开发区 工业园区 产业园区 开发区 高新区 经开区 综合保税区 保税区
    自由贸易试验区 自贸试验区 自贸区 新区 经济区 集中区 片区 新城 口岸 国际陆港 陆港 港 园区 遗址 古城 故城
    文化带 旅游带 综保区 农高区 新开区 景区 旅游区""".split()
)
_LEVEL_RANK = {"province": 0, "city": 1, "county": 2, "town": 3}


def _zone_holds(zone: Mention, place: Mention) -> bool:
    if zone.data.get("head") not in _HOLDING_HEADS:
        return False
    # 青铜峡工业园区, 赣江新区, 川东北经济区, 查干湖景区: the place a zone is named after holds it
    return place.source in ("region.gazetteer", "region.masked", "region.nature", "region.province-part",
                            "region.listed")


def _adjacent_regions(ms: list[Mention]) -> Iterator[tuple[Mention, Mention]]:
    """陕西西安, 内蒙古上海庙经济开发区: a place written right after a larger one lies in it."""
    regions = [m for m in ms if m.type is T.REGION]
    for a in regions:
        for b in regions:
            if b.start != a.end or "masked" in (a.source + b.source):
                continue
            ra = _LEVEL_RANK.get(a.data.get("level", ""), 9)
            rb = _LEVEL_RANK.get(b.data.get("level", ""), 9)
            if ra < rb:
                yield b, a


def _bundle_members(ms: list[Mention]) -> Iterator[tuple[Mention, Mention]]:
    """A、B、C“四大工程”: each member is part of the bundle that follows."""
    for i, m in enumerate(ms):
        if m.source != "campaign.member":
            continue
        for later in ms[i + 1 :]:
            if later.source == "campaign.bundle":
                yield m, later
                break


def _listed_before_bundle(text: str, ms: list[Mention]) -> Iterator[tuple[Mention, Mention]]:
    """成渝世界级机场群、宜西攀高铁…等“十大工程”: works and programmes listed right before a bundle are its parts."""
    ends = {m.end: m for m in ms if m.type in (T.PROJECT, T.CAMPAIGN) and m.source != "campaign.bundle"}
    for b in ms:
        if b.source != "campaign.bundle":
            continue
        cursor = b.start - 1 if text[b.start - 1 : b.start] == "等" else b.start
        while (m := ends.get(cursor)) is not None:
            yield m, b
            if text[m.start - 1 : m.start] != "、":
                break
            cursor = m.start - 1


def _opening_campaign(sent: Sentence, ms: list[Mention]) -> Mention | None:
    """A campaign that opens the sentence (开展X行动，…推动…) and so heads the clauses after it.

    It must close the first clause, right after a verb of carrying out, and more
    clauses must follow.
    """
    first = _CLAUSE.search(sent.text)
    if not first:
        return None
    clause_end = sent.start + first.start()
    for m in ms:
        if m.type is T.CAMPAIGN and m.source != "campaign.member" and m.end <= clause_end:
            before = _clause_before(sent, m)
            if clause_end - m.end <= 1 and _CARRY_OUT.match(before + "X") and not _JOINED.search(before):
                return m
    return None


def _scopes(doc: Document, by_sentence: dict[int, list[Mention]]):
    """Yield (sentence, paragraph lead, heading) where lead/heading are (campaign mention, sentence) or None."""
    heading: tuple[Mention, Sentence] | None = None
    heading_level = 0
    lead: tuple[Mention, Sentence] | None = None
    listing = _Listing(review_sentences(doc))
    for sent in doc.sentences:
        if sent.index:
            before = doc.sentences[sent.index - 1]
            listing.announce(before, by_sentence.get(before.index, []))
        if sent.heading_level and (heading is None or sent.heading_level <= heading_level):
            heading = None
        if sent.first_in_paragraph:
            listing.enter(sent)
            lead = None
            camp = _lead_campaign(sent, by_sentence.get(sent.index, []))
            if sent.heading_level and camp is not None:
                heading, heading_level = (camp, sent), sent.heading_level
            elif camp is not None:
                lead = (camp, sent)
            if camp is not None:
                yield sent, None, None
                continue
        elif _MARKER.match(sent.text):
            # 一是…, 二是… inside a paragraph: each opens a sub-topic that runs to the next one
            camp = _lead_campaign(sent, by_sentence.get(sent.index, []), marker=True)
            lead = (camp, sent) if camp is not None else None
            if camp is not None:
                yield sent, None, None
                continue
        if _CLOSING.match(sent.text):
            yield sent, None, None
            continue
        yield sent, lead, listing.scope or heading


# 办好十方面民生实事 / 办好30项民生实事: a campaign announced with a count of items that the numbered
# paragraphs after it list (1.医疗卫生方面。…), each item's goals being the campaign's.
_COUNTED = re.compile(r"(\d+|[一二三四五六七八九十百]+)(?:方面|件|项|类)$")


class _Listing:
    """The campaign whose numbered items the paragraphs after an announcement list, while they last."""

    def __init__(self, review: frozenset[int]) -> None:
        self.review = review  # 每年办好十件民生实事 in the review of past years announces nothing to come
        self.scope: tuple[Mention, Sentence] | None = None
        self.level = 0
        self.left = 0

    def announce(self, sent: Sentence, ms: list[Mention]) -> None:
        if sent.index in self.review:
            return
        for m in ms:
            before = _clause_before(sent, m)
            count = _COUNTED.search(before)
            if m.type is T.CAMPAIGN and count and _LEAD_VERB.search(before) and not _JOINED.search(before):
                n = count.group(1)
                self.scope, self.level = (m, sent), 0
                self.left = int(n) if n.isdigit() else (chinese_int(n) or 0)
                return

    def enter(self, sent: Sentence) -> None:
        """A new paragraph: a numbered item of the list, the body of one, or the end of the list."""
        if self.scope is None:
            return
        if sent.heading_level and (not self.level or sent.heading_level == self.level) and self.left > 0:
            self.level, self.left = sent.heading_level, self.left - 1
        elif not self.level or sent.heading_level:
            self.scope = None  # no numbered item follows, or the list's count is done


_MARKER = re.compile(r"^(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[，,、]|首先|其次|再次)")


_LEAD_VERB = re.compile(
    r"实施|开展|打好|打赢|推进|建设|推行|深化|落实|启动|抓好|办好|做好|加快|加速|推动|强化|打造|促进|创建|巩固|提升|完善|"
    r"深入|全面|纵深"
)
_NUMBERING = re.compile(r"^(?:\d{1,2}[.．、]|[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|[一二三四五六七八九十]+[是要])")


def _lead_campaign(sent: Sentence, ms: list[Mention], marker: bool = False) -> Mention | None:
    """The campaign a heading or a paragraph's lead sentence names as the thing carried out.

    A lead (加快制造强省建设。/ 实施“蓝天工程”，…) names it in its first clause, at the
    clause's end, after a verb of carrying out; a numbered heading may name it in any
    clause, when it names one campaign only. Principles and links to outside
    programmes (坚持…, 融入…) are not leads.
    """
    body = _NUMBERING.sub("", sent.text)
    offset = len(sent.text) - len(body)
    marker = marker or bool(_MARKER.match(sent.text))
    if _NOT_LEAD.match(body) and not marker:  # 一是聚焦X，打好Y: the marker's topic is Y
        return None
    campaigns = [x for x in ms if x.type is T.CAMPAIGN and x.source != "campaign.member"]
    first = _CLAUSE.search(body)
    clause_end = sent.start + offset + (first.start() if first else len(body))
    if marker:
        carried = [x for x in campaigns if _LEAD_VERB.search(_clause_before(sent, x))
                   and not _JOINED.search(_clause_before(sent, x))]
        return carried[0] if len({x.text for x in carried}) == 1 else None
    if sent.heading_level:
        # a heading's topic is its first clause (（一）全力办好国家大事，纵深推进X: two topics, unsure: no link)
        carried = [x for x in campaigns if x.end <= clause_end and _LEAD_VERB.search(_clause_before(sent, x))
                   and not _JOINED.search(_clause_before(sent, x))]
        if len({x.text for x in carried}) != 1:
            return None
        after = sent.text[carried[0].end - sent.start : carried[0].end - sent.start + 1]
        return None if after in ("和", "与", "及", "、") else carried[0]  # A和B: two topics, unsure: no link
    for x in campaigns:
        if (x.end <= clause_end and clause_end - x.end <= 4 and _LEAD_VERB.search(_clause_before(sent, x))
                and not _JOINED.search(_clause_before(sent, x))):
            return x
    return None


def _clause_before(sent: Sentence, m: Mention) -> str:
    """The text of m's clause before m."""
    before = sent.text[: m.start - sent.start]
    cut = max(before.rfind(ch) for ch in "，；：")
    return before[cut + 1 :]


def _target_holders(doc: Document, sent: Sentence, ms: list[Mention], target: Mention,
                    opener: Mention | None, headline: bool, home: str | None = None) -> list[Mention]:
    """The nearest project, campaign or region(s) for a target (GUIDELINE.md order).

    Places named side by side (青铜峡、利通区) are joint holders and each gets the target.
    """
    text = doc.text
    start_of_clause = clause_start(text, sent, target.start, "，；：")
    ce = [text.find(ch, target.end, sent.end) for ch in "，；："]
    clause_end = min([c for c in ce if c >= 0], default=sent.end)
    in_clause = [m for m in ms if m is not target and start_of_clause <= m.start and m.end <= clause_end
                 and not (target.start <= m.start and m.end <= target.end)]
    for t in (T.PROJECT, T.CAMPAIGN):
        cands = [m for m in in_clause if m.type is t]
        if cands:
            return [cands[-1]]
    if opener is not None and opener.start < target.start:
        return [opener]
    if headline:
        return []  # the report's headline goals belong to no campaign or place named beside them
    campaigns = [m for m in ms if m.type is T.CAMPAIGN and m.end <= target.start]
    if len(campaigns) == 1:
        return campaigns
    regions = [m for m in ms if m.type is T.REGION and (home is None or m.data.get("code") != home)
               and not any(o is not m and o.type is T.REGION and o.start <= m.start and m.end <= o.end for o in ms)
               # a place inside the goal counts only as its subject (到2026年，**市GDP…), not deep inside it
               and not (target.start <= m.start < target.end and (
                   m.start - target.start > 8 or "等" in target.text
                   or m.source not in ("region.gazetteer", "region.masked")))]
    if regions and _side_by_side(text, regions):
        return regions
    return []


def _side_by_side(text: str, regions: list[Mention]) -> bool:
    """All the places stand in one list (A、B和C), or there is only one."""
    ordered = sorted(regions, key=lambda m: m.start)
    return all(text[a.end : b.start] in ("、", "和", "与", "及") for a, b in zip(ordered, ordered[1:]))
