"""Regions: administrative divisions from the gazetteer, masked places, zones, parks and natural areas."""
from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.base import (
    Segmented,
    drop_particles,
    left_edge,
    list_members,
    sentence_matches,
)
from kg.extract.lexicon import (
    NAME_VERBS,
    clause_words,
    clause_words_and,
    is_proper,
    pos_tags,
)
from kg.gazetteer import load_gazetteer
from kg.model import EntityType, Mention

# What follows a place name when the place only names a government body, meeting or organisation.
_BODY_AFTER = re.compile(
    r"(?:人民政府|政府|省委|市委|县委|区委|党委|人大|政协|委员会|日报|电视台|广播|大学|学院|医院|研究院|"
    r"代表团|代表|籍|人民|考察|会议|省长|市长|书记|调研|视察|(?:时的)?重要(?:讲话|指示))"
)
# Established regional groupings and countries: fixed names of the genre, not of any document.
GROUPINGS = (
    "京津冀", "长三角", "珠三角", "粤港澳大湾区", "长江经济带", "长江三角洲", "成渝地区双城经济圈", "成渝",
    "东北亚", "东南亚", "中亚", "西部陆海新通道", "黄河流域", "长江流域", "淮河流域", "珠江流域",
    "关中平原城市群", "中原城市群", "北部湾", "海峡西岸", "环渤海", "东北地区", "西北地区",
    "新加坡", "美国", "日本", "韩国", "德国", "法国", "英国", "俄罗斯", "卢森堡", "哈萨克斯坦", "蒙古国",
    "老挝", "越南", "泰国", "柬埔寨", "缅甸", "马来西亚", "印度尼西亚", "巴基斯坦", "东盟", "欧盟", "非洲",
    "欧洲", "中东", "拉美", "澳大利亚", "新西兰", "意大利", "西班牙", "荷兰", "比利时", "瑞士", "以色列",
)
_GROUPINGS_RE = re.compile("|".join(sorted(map(re.escape, GROUPINGS), key=len, reverse=True)))
# Heads of zone and park names: a name ending in one of these is a place.
_ZONE_HEADS = (
    "经济技术开发区", "高新技术产业开发区", "经济开发区", "工业园区", "产业园区", "开发区", "高新区", "经开区",
    "综合保税区", "保税区", "自由贸易试验区", "自贸试验区", "自贸区", "自贸港", "新区", "经济区", "集中区",
    "集中连片区", "片区", "新城", "国家公园", "自然保护区", "保护区", "景区", "旅游区", "都市圈", "城市群",
    "经济带", "经济圈", "流域", "库区", "灌区", "口岸", "国际陆港", "陆港", "港", "林场", "园区",
    "走廊", "文化带", "旅游带", "综保区", "农高区", "新开区", "遗址", "古城", "故城", "国家森林公园", "地质公园", "风景名胜区", "沙漠",
    "科学城", "科技城", "科创城", "文化产业带", "盆地", "平原",
)
_ZONE_RE = re.compile("|".join(sorted(_ZONE_HEADS, key=len, reverse=True)))
# Natural areas: a single word ending in one of these (黄河, 贺兰山), optionally with a slope (东麓).
_NATURE_RE = re.compile(r"(?:[山河湖江海湾峡岭沟泊淀]|平原|草原|盆地|高原|半岛)(?:[东西南北]麓)?")
_NOT_NATURE = frozenset(
    """河湖 江河 山河 河山 江山 青山 冰山 靠山 上山 下山 江湖 湖泊 山水 山区 河道 河流 江海 四海 沿海 近海 海湾 峡谷
    山岭 沟渠 黑臭水体 滨河 滨湖 滨江 滨海 临河 沿河 大江 大河 内河 外海 远海 深海 高山 深山 名山 荒山 矿山 火山 金山 银山 靠海 出海 入海 跨海 航海 海 山 河 湖 江
    排水沟 龙须沟 干沟 沟 渠 河长 湖长 林长 山川 临海 滨海 环湖 沿江 沿河 沿湖 沿山 沿黄 湖区 湖面 河段
    """.split()
)
# Natural-area words that open with a quality are epithets (幸福河, 美丽湖), not names.
_ADJECTIVE_PREFIX = ("大", "小", "幸福", "美丽", "生态", "绿色", "母亲", "万里", "千里", "名", "新", "老", "清")
_PERSON_AFTER = re.compile(r"(?:中国工程院|中国科学院)?副?(?:院士|同志|书记|市长|省长|区长|县长|主任|先生|教授|主席|部长|局长|代表)")
_MASK = re.compile(r"\*{2,}[市县区旗镇乡村]?")
_MASK_NOT_PLACE = re.compile(r"[\d％%亿万元年个项家名人天倍号条段]|热电|集团|公司|同志|书记|市长|区长|县长|国道|省道|公里")


def regions_of(seg: Segmented) -> list[Mention]:
    """The document's region mentions, computed once and shared with other extractors."""
    if "regions" not in seg.notes:
        seg.notes["regions"] = list(_find_regions(seg))
    return seg.notes["regions"]


def extract_regions(seg: Segmented) -> Iterator[Mention]:
    """Yield Region mentions: gazetteer names, groupings, masked places, zones and natural areas."""
    yield from regions_of(seg)


def _find_regions(seg: Segmented) -> Iterator[Mention]:
    yield from _gazetteer_places(seg)
    yield from _groupings(seg)
    yield from _masked(seg)
    yield from _zones(seg)
    yield from _natural_areas(seg)
    yield from _listed_sites(seg)
    yield from _province_parts(seg)


# 赣南, 川东北, 皖北, 豫东: a province's one-character abbreviation and a direction name a part of it.
# One-character abbreviations of provinces (the common characters 新, 青, 云, 贵 left out).
_PROVINCE_ABBREVIATIONS = frozenset("京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤琼川蜀黔滇陕秦甘陇宁藏桂蒙")
_PROVINCE_PART = re.compile(
    "[" + "".join(sorted(_PROVINCE_ABBREVIATIONS)) + "](?:东北|西北|东南|西南|东|西|南|北|中)(?![部方面向])"
)


def _province_parts(seg: Segmented) -> Iterator[Mention]:
    b = seg.boundaries
    for sent, m in sentence_matches(seg, _PROVINCE_PART):
        nxt = seg.token_at(m.end())
        if m.start() in b and m.end() in b and not (m.group()[-1] == "中" and nxt is not None and nxt.text in clause_words()):
            yield seg.mention(EntityType.REGION, m.start(), m.end(), "region.province-part")  # not 京津中|加快


# A list of names closed by 等 and a kind of place: 赵口、陆浑、渠村等灌区; each member is such a place.
_LISTED_SITES = re.compile(
    r"((?:[\u4e00-\u9fff]{2,5}、)+[\u4e00-\u9fff]{2,5})等(?:\d+|[一二三四五六七八九十]+)?[个处座条家]?"
    r"(?:重点|大型|中型|国家级|省级)?(?:灌区|景区|口岸|港口|园区|开发区|高新区|遗址|保护区|湿地|林场|古镇|古村落|湖泊)"
)


def _listed_sites(seg: Segmented) -> Iterator[Mention]:
    text = seg.doc.text
    for sent, m in sentence_matches(seg, _LISTED_SITES):
        first = left_edge(seg, sent, m.start(1) + m.group(1).index("、"), max_chars=5,
                          stop=clause_words_and(NAME_VERBS))
        for s, e in list_members(text, first, m.end(1)):
            if 2 <= e - s <= 5 and s in seg.boundaries and _coined(seg, s, e):
                yield seg.mention(EntityType.REGION, s, e, "region.listed")


def _coined(seg: Segmented, start: int, end: int) -> bool:
    """Made of words the lexicon tags as places or does not know: a name, not a description."""
    toks = seg.tokens_in(start, end)
    return all(is_proper(t.text) or len(t.text) == 1 for t in toks) and not all(len(t.text) == 1 for t in toks)


def _gazetteer_places(seg: Segmented) -> Iterator[Mention]:
    """Gazetteer names; short forms of counties and towns only inside the document's own provinces.

    A county's short form is often an everyday word (振兴, 惠民, 南部 are counties
    far away); a document names its own area in full somewhere, which tells the
    provinces whose short forms it may use.
    """
    candidates = list(_gazetteer_candidates(seg))
    home = {p.code[:2] for _, _, p, full in candidates if full and p.code}
    home |= {p.code[:2] for _, _, p, full in candidates if p.level == "province" and p.code}
    for start, end, place, full in candidates:
        code = place.code or place.parent
        if not full and code[:2] not in home and (
                place.level in ("county", "town") or seg.doc.text[start:end] in clause_words()):
            continue
        if not full and place.level in ("county", "town") and pos_tags().get(seg.doc.text[start:end]) in _QUALITY_TAGS:
            continue  # 共同富裕: a county's short form that is an adjective or a verb is that word, even at home
        yield seg.mention(
            EntityType.REGION, start, end, "region.gazetteer",
            code=place.code, level=place.level, parent=place.parent,
        )


# jieba's tags of adjectives, adverbs and verbs.
_QUALITY_TAGS = frozenset({"a", "ad", "ag", "an", "d", "v", "vd"})


def _gazetteer_candidates(seg: Segmented):
    gaz = load_gazetteer()
    text = seg.doc.text
    max_len = gaz.max_name_length
    for sent in seg.doc.sentences:
        i = sent.start
        while i < sent.end:
            hit = None
            for n in range(min(max_len, sent.end - i), 1, -1):
                name = text[i : i + n]
                places = gaz.lookup(name)
                if places and _plausible_place(seg, i, i + n, places):
                    hit = (n, places)
                    break
            if hit is None:
                i += 1
                continue
            n, places = hit
            place = places[0]
            if len(places) > 1 and places[1].level == place.level:
                place = _replace_code(place)  # same name, same level, two places: no code
            if not _BODY_AFTER.match(text, i + n):
                yield i, i + n, place, any(p.name == text[i : i + n] for p in places)
            i += n


def _replace_code(place):
    from dataclasses import replace

    return replace(place, code="", parent="")


def _plausible_place(seg: Segmented, start: int, end: int, places) -> bool:
    """A short form (青铜峡, 吴忠) must stand as its own word; full names (…市/县/区) always count."""
    name = seg.doc.text[start:end]
    full = any(p.name == name for p in places)
    if full and places[0].level != "town" and (len(name) > 2 or start in seg.boundaries):
        return True  # a two-character full name (范县, 和县) inside a word (示范县) is not one
    # short forms and towns: both edges on token boundaries, and not a clause word (a city's short form
    # may be one, 开封, 保定: _gazetteer_places keeps those only inside the document's own provinces)
    if name in clause_words() and places[0].level != "city":
        return False
    b = seg.boundaries
    if start in b and _ZONE_RE.match(seg.doc.text, end):
        return True  # 唐山港, 新郑综保区: the segmenter may glue a place to the zone head
    return start in b and end in b


def _groupings(seg: Segmented) -> Iterator[Mention]:
    for m in _GROUPINGS_RE.finditer(seg.doc.text):
        yield seg.mention(EntityType.REGION, m.start(), m.end(), "region.grouping")


def _masked(seg: Segmented) -> Iterator[Mention]:
    text = seg.doc.text
    for m in _MASK.finditer(text):
        if m.group()[-1] == "*" and _MASK_NOT_PLACE.match(text, m.end()):
            continue
        if m.start() > 0 and text[m.start() - 1] == "*":
            continue
        yield seg.mention(EntityType.REGION, m.start(), m.end(), "region.masked")


def _zones(seg: Segmented) -> Iterator[Mention]:
    text = seg.doc.text
    for sent, m in sentence_matches(seg, _ZONE_RE):
        head = m.group()
        start = left_edge(seg, sent, m.start(), max_chars=10, stop=clause_words_and(NAME_VERBS))
        start = drop_particles(seg, start, m.start() - 2, "强好要将把对在为让使抓建")  # 强|长春现代化都市圈
        inner = _ZONE_RE.search(text, start, m.start())
        if inner and inner.group() not in ("盆地", "平原"):  # 成都平原经济区 is named after its plain
            start = inner.end()  # 工业园区创建国家高新区: a zone name holds no other zone head
        start = _after_province(text, start, m.start())
        core = text[start : m.start()]
        if len(core) < 2 or core[-1] in "的和与及等、" or core[0].isdigit():  # 6个遗址: a count, not a name
            continue
        first = seg.token_at(start)
        if first is not None and first.text in clause_words() and len(core) <= 3:
            continue  # 建强产业园区, 在园区: a verb or particle, not a name
        if not _has_proper_core(seg, start, m.start()) and (
                len(core) <= 3 and not is_proper(core) or _only_words(seg, start, m.start())):
            continue  # 特色产业园区, 大中型灌区, 饮用水源保护区: a kind of zone, not a name
        if head == "流域" and core.endswith("小"):
            continue  # 小流域 is a kind of watershed
        if head in ("港", "园区", "片区", "新城", "走廊", "流域", "湿地", "盆地", "平原") and not _has_proper_core(
                seg, start, m.start()):
            continue
        # single-character heads need the whole name to be one word or a known place before them
        yield seg.mention(EntityType.REGION, start, m.end(), "region.zone", head=head)


def _after_province(text: str, start: int, end: int) -> int:
    """内蒙古上海庙经济开发区: a province written before a zone's own name is not part of it."""
    gaz = load_gazetteer()
    for n in range(min(8, end - start - 2), 1, -1):
        places = gaz.lookup(text[start : start + n])
        if places and places[0].level == "province":
            return start + n
    return start


def _only_words(seg: Segmented, start: int, end: int) -> bool:
    """Made only of words of the language that name no place (饮用水源, 特色产业)."""
    toks = seg.tokens_in(start, end)
    return bool(toks) and all(not is_proper(t.text) for t in toks)


def _has_proper_core(seg: Segmented, start: int, end: int) -> bool:
    """The part before a weak head is a known place, a masked name or a quoted name."""
    core = seg.doc.text[start:end]
    if "*" in core or "“" in core or _GROUPINGS_RE.match(core):
        return True
    first = seg.token_at(start)
    if core[0] in _PROVINCE_ABBREVIATIONS and first is not None and first.start == start and 2 <= len(first.text) <= 3:
        return True  # 滇中城市群, 江淮生态经济区, 川渝…: named by a province's one-character abbreviation
    if any(pos_tags().get(t.text) == "ns" or (t.text[-1] in "河江湖山" and is_proper(t.text))
           for t in seg.tokens_in(start, end) if len(t.text) >= 2):
        return True  # 辽河流域, 汭河流域: a named river or mountain
    gaz = load_gazetteer()
    return any(gaz.lookup(core[i:j]) for i in range(len(core)) for j in range(i + 2, len(core) + 1))


def _natural_areas(seg: Segmented) -> Iterator[Mention]:
    text = seg.doc.text
    for tok in seg.tokens:
        word = tok.text
        if len(word) < 2 or word in _NOT_NATURE:
            continue
        m = _NATURE_RE.search(word, 1)  # from the second character: 海河 ends in 河, 海 is its name
        if not m or m.end() != len(word):
            continue
        if any(ch in word for ch in "，。、的和与及是了在*") or len(word) > 4:
            continue
        named = pos_tags().get(word) in ("ns", "nz")  # the lexicon knows it as a place or a proper name: 长江, 大运河
        if not named and (word.startswith(_ADJECTIVE_PREFIX) or "青山" in word or "绿水" in word):
            continue
        if len(word) == 2 and pos_tags().get(word) != "ns":
            continue  # 入河, 面山, 滨河: two characters make a place only when the lexicon says so
        if pos_tags().get(word) in ("n", "v", "vn", "a"):
            continue  # a common word
        if _PERSON_AFTER.match(text, tok.end) or (tok.start > 0 and text[tok.start - 1] in "一二三四五六七八九十水林"):
            continue  # 马玉山院士, 七十二连湖, 山水林田湖
        end = tok.end
        # a slope or basin written as the next token: 贺兰山 + 东麓, 黄河 + 流域
        nxt = seg.token_at(end)
        if nxt is not None and nxt.text in ("东麓", "西麓", "南麓", "北麓"):
            end = nxt.end
        yield seg.mention(EntityType.REGION, tok.start, end, "region.nature")
