"""Projects: named construction and investment undertakings.

Three rules: a name ending in a facility or works head (…电站, …铁路, …工程, …项目)
that carries a place, a company, an amount or a quoted title; the items of a
"A、B、C等项目" list; and "company + amount + what" investments (X集团63亿元…).
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.base import (
    Segmented,
    clause_start,
    left_edge,
    list_members,
    sentence_matches,
    skip_words,
)
from kg.extract.lexicon import (
    CLAUSE_WORDS,
    GENERIC_MODIFIERS,
    NAME_BREAK,
    NAME_VERBS,
    clause_words,
    clause_words_and,
    common_words,
    is_proper,
    pos_tags,
)
from kg.gazetteer import load_gazetteer
from kg.model import EntityType, Mention
from kg.normalize import parse_amount

# Facility heads: the name is a project when it has a proper part before the head.
_FACILITY_HEADS = (
    "抽水蓄能电站", "水电站", "光伏电站", "电站", "城际铁路", "高速铁路", "铁路", "高铁", "高速公路", "高速",
    "国道", "机场", "水库", "水利枢纽", "枢纽", "大桥", "隧道", "港区", "作业区", "码头", "输电通道", "管道",
    "特高压", "博物馆", "遗址公园", "文化公园", "公园", "生产线", "产业园", "示范园", "基地", "中心", "医院",
    "电厂", "新馆", "院区", "北院区", "专线", "班列", "通道", "环线", "西环", "东环", "快速路", "轨道交通", "航道",
    "核电站", "核电", "接收站", "储气库",
)
# Works heads: a project when concrete (place/company/amount), else a campaign (see campaign.py).
_WORKS_HEADS = ("工程", "项目")
# Undertakings named by what is done to a named place or company asset.
_ACTION_HEADS = (
    "升级改造", "改扩建", "迁建", "扩建", "技改", "改造", "扩能", "综合利用", "生态修复", "保护修复", "治理",
    "综合治理", "集中供热",
)
_HEAD_RE = re.compile(
    "|".join(sorted(map(re.escape, _FACILITY_HEADS + _WORKS_HEADS + _ACTION_HEADS), key=len, reverse=True))
)
# A count or a travel time opening a span names no works: *个…项目, 1.1万个…项目, 5条高铁, 1小时高铁.
_COUNT = re.compile(r"[\d.*]+万?(?:个|条|家|座|处|小时)")
_PHASE = re.compile(r"[一二三四五六七八九十\d]+期(?:工程|项目)?")
_FACILITY_RE = re.compile("|".join(sorted(map(re.escape, _FACILITY_HEADS), key=len, reverse=True)))
# The section of a line or park a project covers: 河南段, 阜阳至黄冈段, （河南段）.
_SECTION = re.compile(r"[（(][\u4e00-\u9fff]{2,8}段[）)]|[\u4e00-\u9fff]{2,3}段|[\u4e00-\u9fff]{2,4}至[\u4e00-\u9fff]{2,4}段")
_ZONE_AFTER = re.compile(r"片区|新城|园区|沿线|经济带|走廊|集团|公司")
_FIELD_TAIL = re.compile(r"领域|方面|行业|谋划|实施")
_LIST_TAIL = re.compile(r"等(?:一批|\d+个|[一二三四五六七八九十百]+个|多个|重大|重点)?[^，。；、]{0,16}?项目")
# National and provincial road numbers: G331, S212.
_ROAD = re.compile(r"(?<![A-Za-z0-9])[GS]\d{1,4}(?![0-9A-Za-z])")
# Parks that are protected areas are places (Regions), not undertakings.
_PLACE_PARKS = ("国家公园", "地质公园", "森林公园", "湿地公园", "国家级自然保护区")
_AMOUNT = re.compile(r"\d+(?:\.\d+)?(?:亿|万)元")


def extract_projects(seg: Segmented) -> Iterator[Mention]:
    """Yield Project mentions found by head words, list structure and investment phrases."""
    yield from _by_head(seg)
    yield from _list_items(seg)
    yield from _roads(seg)
    yield from _water_transfers(seg)


# Water transfers are named by their source and destination: 引江济淮, 引大济岷, 南水北调中线工程.
_WATER_TRANSFER = re.compile(
    r"(?:引[\u4e00-\u9fff]{1,2}[济补][\u4e00-\u9fff]{1,2}?|南水北调)(?:[东中西]线)?(?:[一二三四五六七八九十]期)?(?:工程)?"
)


def _water_transfers(seg: Segmented) -> Iterator[Mention]:
    for m in _WATER_TRANSFER.finditer(seg.doc.text):
        if m.start() in seg.boundaries:
            yield seg.mention(EntityType.PROJECT, m.start(), m.end(), "project.water-transfer")


def _roads(seg: Segmented) -> Iterator[Mention]:
    for m in _ROAD.finditer(seg.doc.text):
        end = m.end()
        tail = re.match(r"[\u4e00-\u9fff]{0,10}?(?:项目|工程|改造升级项目|改造|大通道)", seg.doc.text[end : end + 14])
        yield seg.mention(EntityType.PROJECT, m.start(), end + (tail.end() if tail else 0), "project.road")


def is_named(seg: Segmented, start: int, end: int) -> bool:
    """Concrete, or opening with a proper name the lexicon does not know as a common word (长四辽通, 中创新航…)."""
    if is_concrete(seg, start, end):
        return True
    toks = seg.tokens_in(start, end)
    if len(toks) > 1 and all(t.text in NAME_VERBS or pos_tags().get(t.text, "").startswith("v") for t in toks[1:]):
        return False  # 中水利用, 天然林保护: a term and what is done with it is an activity, not a named project
    return bool(toks) and len(toks[0].text) >= 2 and is_proper(toks[0].text) and toks[0].text not in clause_words()


_BROAD = frozenset("流域 经济带 经济圈 都市圈 城市群 走廊".split())


def _broad(region) -> bool:
    """A province or a basin-wide area: too large to be the site of a works (黄河流域…项目工程 is a programme)."""
    return (region.data.get("level") == "province" or region.data.get("head") in _BROAD
            or region.source == "region.grouping")


def is_concrete(seg: Segmented, start: int, end: int, *, site: bool = False) -> bool:
    """Does text[start:end] carry a place, a company, an amount or a quoted title?

    With `site`, the place must be a site, not a province or basin.
    """
    text = seg.doc.text[start:end]
    if _AMOUNT.search(text) or "*" in text.strip("*") or re.search(r"[A-Z]\d", text):
        return True
    if re.search(r"\d+万吨|\d+万千瓦|\d+兆瓦|\d+万", text):
        return True
    from kg.extract.region import regions_of

    inside = [r for r in regions_of(seg) if start <= r.start and r.end <= end and r.text.strip("*")]
    broad = [r for r in inside if _broad(r)]
    if any(not (site and (r in broad or any(b.start <= r.start and r.end <= b.end for b in broad))) for r in inside):
        return True  # 黄河 inside 黄河流域 is no more a site than the basin
    gaz = load_gazetteer()
    for i in range(len(text) - 1):
        for j in range(min(len(text), i + 10), i + 1, -1):
            name = text[i:j]
            # a short form that is also a word of the language (惠民, 新兴, 平安) names no place here
            places = [p for p in gaz.lookup(name) if p.name == name or is_proper(name)]
            if places and _word_aligned(seg, start + i, start + j) and not (site and places[0].level == "province"):
                return True
    from kg.aliases import names_pattern

    # a company named before its head (恒天集团, 灵武电厂), not a bare 电厂超低排放改造
    return bool(names_pattern().search(text)) or bool(
        re.search(r"(?<=[\u4e00-\u9fff*]{2})(?:集团|公司|电厂)", text)
    )


def _word_aligned(seg: Segmented, start: int, end: int) -> bool:
    b = seg.boundaries
    return start in b and end in b


def _by_head(seg: Segmented) -> Iterator[Mention]:
    text = seg.doc.text
    for sent, m in sentence_matches(seg, _HEAD_RE):
        head = m.group()
        end = m.end()
        # 项目/工程 directly after a facility head belongs to the name (…电站项目)
        if head == "工程" and text.startswith(("院", "师", "机械"), end):
            continue  # 中国工程院, 工程师
        if text.endswith(_PLACE_PARKS, sent.start, end):
            continue  # 东北虎豹国家公园 is a Region
        works = head in _WORKS_HEADS or head in _ACTION_HEADS
        # a facility's name holds no verb (建设京藏高速 -> 京藏高速); a works' may (饮用水安全保供工程)
        stop = None if works else clause_words_and(_FACILITY_BREAKS)
        start = left_edge(seg, sent, m.start(), max_chars=24, lists=True, verbs_in_names=works, stop=stop,
                          member_ok=lambda a, b: not _HEAD_RE.search(text, a, b), etc=head != "项目")
        plain = left_edge(seg, sent, m.start(), max_chars=24, verbs_in_names=works, stop=stop)
        if head in _TRANSPORT and m.start() - start < 2:
            start = plain = _abbreviated_line(seg, m.start(), head, start)  # 宜西攀高铁: 攀 is a place, not a verb
        if start < plain and text[plain - 1] != "等" and is_concrete(seg, start, plain - 1) and not _bare_places(
                seg, start, plain):
            start = plain  # A、B…和C项目 lists projects of their own: keep only the last
        # 河南省建设|豫东水资源配置工程: the subject and its verb are no part of the name
        start = _skip_clause_words(seg, _after_predicate(seg, start, m.start()), m.start() - 2)
        core = text[start : m.start()]
        if len(core) < 2 or core in GENERIC_MODIFIERS or core[-1] in "的和与及等、":
            continue
        if re.match(r"[\d.]+[万亿]*元?以上", core):
            continue  # 10亿元以上重大产业项目: a size class, not a project
        if re.search(r"等(?:\d+个|[一二三四五六七八九十]+个|一批)?(?:重大|重点|主要|一批|区域|地区|领域|行业)", core):
            continue  # …等重大水利工程: a category word over listed items (GUIDELINE.md)
        if _only_verbs(seg, start, m.start()) or sum(ch in "一二两三四五六七八九十" for ch in core) >= 2:
            continue  # 新建改扩建项目, 两平台一中心
        if _ZONE_AFTER.match(text, end) or not core.strip("*“”"):
            continue  # 惠安堡高铁片区 is a zone, ***国道 names nothing
        if re.match(r"“[一二两三四五六七八九十]", core) or _COUNT.match(core):
            continue  # “两高”项目 is a category, *个…项目 a count
        if head in _ACTION_HEADS or head in _WORKS_HEADS:
            if not is_concrete(seg, start, m.start(), site=True):
                continue
            if head == "工程" and "“" in core and not _AMOUNT.search(core):
                continue  # “吉林工匠”培育工程: a quoted programme is a Campaign
        elif head not in _WORKS_HEADS and head not in _ACTION_HEADS and _verb_inside(seg, start, m.start()):
            continue  # 建设京藏高速: a facility's name holds no verb
        elif len(core) > 12 and not _AMOUNT.search(core):
            continue  # a facility's own name is short; longer spans are clauses
        elif not is_concrete(seg, start, end) and not _proper_facility(seg, start, m.start(), head) and not (
                head in _TRANSPORT and _proper_lines(seg, start, m.start(), head)):
            continue
        section = _SECTION.match(text, end)
        if section and head not in _ACTION_HEADS:
            end = section.end()  # 雄商高铁河南段, 大运河国家文化公园（河南段）: the section is part of the name
        phase = _PHASE.match(text, end)
        if phase and head not in _ACTION_HEADS:
            end = phase.end()  # 三澳核电二期, 佛渡集装箱码头一期: the phase is part of the name
        amount = _AMOUNT.search(text, start, end)
        data = {"head": head}
        if amount:
            data.update(parse_amount(amount.group()))
        yield seg.mention(EntityType.PROJECT, start, end, "project.head", **data)


def _abbreviated_line(seg: Segmented, head_start: int, head: str, default: int) -> int:
    """The start of a line's name made of place abbreviations the lexicon reads as verbs (宜西攀, 渝昆)."""
    text = seg.doc.text
    for k in (4, 3, 2):
        c = head_start - k
        if c < 0 or c not in seg.boundaries or re.search(r"[^\u4e00-\u9fff]", text[c:head_start]):
            continue
        before = seg.token_ending_at(c)
        opens = c == 0 or text[c - 1] in NAME_BREAK or text[c - 1] in "“”" or (
            before is not None and before.text in clause_words())
        words = [t.text for t in seg.tokens_in(c, head_start)]
        if any(len(w) >= 2 and w in common_words() for w in words) or re.search(r"(.)\1|的", text[c:head_start]):
            continue  # 县县通, 双疏散: ordinary words, not abbreviated places
        if opens and _proper_facility(seg, c, head_start, head):
            return c
    return default


def _bare_places(seg: Segmented, start: int, end: int) -> bool:
    """杭州、宁波、温州机场, 丹江口库区及上游流域…治理: the members before the last are places only, sharing its head.

    A park or zone joins only with 及/和: 景腊大型灌区、南瓜坪大型水库 are two works.
    """
    from kg.extract.region import regions_of

    sources = {(r.start, r.end): r.source for r in regions_of(seg)}
    text = seg.doc.text
    pos = start
    for item in re.split(r"[、和及]", text[start : end - 1]):
        source = sources.get((pos, pos + len(item)))
        if source is None or (source == "region.zone" and text[pos + len(item)] == "、"):
            return False
        pos += len(item) + 1
    return True


def _verb_inside(seg: Segmented, start: int, end: int) -> bool:
    return any(t.text in NAME_VERBS or t.text in _OPENING_VERBS for t in seg.tokens_in(start, end))


_GENERIC_FACILITY = frozenset("中心 公园 基地 产业园 示范园 专线 环线 院区 新馆 医院 航道".split())
_TRANSPORT = frozenset("城际铁路 高速铁路 铁路 高铁 高速公路 高速 机场 水库 专线 快速路 通道 班列".split())


def _proper_facility(seg: Segmented, start: int, end: int, head: str = "") -> bool:
    """沈白高铁, 娄里水库: a short proper name (abbreviated places) right before a facility head.

    Every word of two or more characters in it must be a coined name, not a word of
    the language (区域医疗中心, 国际消费中心 name no place).
    """
    core = seg.doc.text[start:end]
    if not 2 <= len(core) <= 4 or core in clause_words() or core in GENERIC_MODIFIERS:
        return False
    if head in _TRANSPORT:
        return is_proper(core)  # 南信合高铁, 沈白高铁: lines are named by abbreviated places
    if head in _GENERIC_FACILITY:
        return False  # 大数据中心, 小微公园: these heads need a place, a company or an amount
    words = [t.text for t in seg.tokens_in(start, end) if len(t.text) >= 2]
    return is_proper(core) and all(is_proper(w) for w in words)


def _proper_lines(seg: Segmented, start: int, end: int, head: str) -> bool:
    """桑龙、城龙、醴娄等7条高速公路: a list of lines, each named by abbreviated places."""
    text = seg.doc.text
    listed = re.fullmatch(r"(.+)等(?:\d+|[一二三四五六七八九十]+)?[条个]?", text[start:end])
    if not listed:
        return False
    return all(_proper_facility(seg, s, e, head) for s, e in list_members(text, start, start + len(listed.group(1))))


def _only_verbs(seg: Segmented, start: int, end: int) -> bool:
    """新建改扩建, 升级改造: a span made of verbs names nothing."""
    toks = seg.tokens_in(start, end)
    return bool(toks) and all(t.text in NAME_VERBS or t.text in _OPENING_VERBS or t.text in clause_words()
                              or pos_tags().get(t.text, "").startswith("v") for t in toks)


def _list_items(seg: Segmented) -> Iterator[Mention]:
    """Items of "A、B、C等项目": each item before 等 that is concrete is a project."""
    text = seg.doc.text
    for s, e in list_items(seg):
        if e - s >= 4 and is_named(seg, s, e) and e - s <= 24 and not _only_verbs(seg, s, e) and len(
                re.findall(r"[\u4e00-\u9fff]", text[s:e])) >= 2:
            amount = _AMOUNT.search(text, s, e)
            data = parse_amount(amount.group()) if amount else {}
            yield seg.mention(EntityType.PROJECT, s, e, "project.list", **data)


def list_items(seg: Segmented) -> tuple[tuple[int, int], ...]:
    """The item spans of every "A、B、C等项目" list, computed once per document (enterprise.py reads them too)."""
    if "project_list_items" in seg.notes:
        return seg.notes["project_list_items"]
    text = seg.doc.text
    out: list[tuple[int, int]] = []
    for sent, m in sentence_matches(seg, _LIST_TAIL):
        if _FIELD_TAIL.search(m.group()):
            continue  # 新质生产力、新型城镇化等重点领域谋划实施项目: the list names fields, not projects
        # the list runs back to the clause start
        start_of_list = clause_start(text, sent, m.start())
        items = list_members(text, start_of_list, m.start())
        items = [(_skip_clause_words(seg, _after_predicate(seg, s, e) if k == 0 else s, e), e)
                 for k, (s, e) in enumerate(items)]
        merged: list[tuple[int, int]] = []
        for s, e in items:
            # a member without a name of its own shares the previous one's (**热电一期脱硫、脱硝…)
            if merged and not is_named(seg, s, e) and not _FACILITY_RE.search(text, s, e):
                merged[-1] = (merged[-1][0], e)
            else:
                merged.append((s, e))
        out.extend(merged)
    seg.notes["project_list_items"] = tuple(out)
    return seg.notes["project_list_items"]


def _skip_clause_words(seg: Segmented, start: int, end: int) -> int:
    """Drop verbs and adverbs that open the first list item (加快实施…, 新开工建设…)."""
    return skip_words(seg, start, end, clause_words(), _OPENING_VERBS)


def _after_predicate(seg: Segmented, start: int, end: int) -> int:
    """The first item of a list starts after the clause's last verb of work (辽宁省今年要推进|瑞普光子激光器)."""
    for tok in seg.tokens_in(start, end):
        if (tok.start >= start and tok.text in CLAUSE_WORDS and pos_tags().get(tok.text, "").startswith("v")
                and end - tok.end >= 4):
            start = tok.end
    return start


_OPENING_VERBS = frozenset("新 好 建设 开工 开工建设 新开工 续建 新建 改造 谋划 储备 启动".split())
_FACILITY_BREAKS = NAME_VERBS | _OPENING_VERBS  # a facility's name holds no verb
