"""Enterprises: company-name morphology (…集团, …公司, …电厂, …药业) and a table of large groups."""
from __future__ import annotations

import re
from collections.abc import Iterator

from kg.aliases import alias_table, names_pattern
from kg.extract.base import (
    Segmented,
    clause_start,
    left_edge,
    list_members,
    sentence_matches,
    skip_words,
)
from kg.extract.lexicon import clause_words, is_proper
from kg.model import EntityType, Mention

# Heads that make a company name. Longest first so 有限公司 wins over 公司.
_HEADS = (
    "股份有限公司", "有限责任公司", "有限公司", "集团公司", "集团", "公司", "热电厂", "发电厂", "电厂", "热电",
    "药业", "制药", "化纤", "化工", "石化", "钢铁", "银行", "农商行", "农商银行", "煤矿", "矿业", "林场",
    "农场", "牧场", "重科", "重工", "味精", "乳业", "酒业", "生物", "电气", "汽车",
)
# 热电联产 (combined heat and power) and 生物医药 are technologies and sectors, not company names.
_HEAD_RE = re.compile("(?:" + "|".join(sorted(_HEADS, key=len, reverse=True)) + r")(?!联产|医药|技术|制造|工程|产业)")
# Heads that are also ordinary words (生物, 汽车): need a known name or a one-word name before them.
_WEAK_HEADS = frozenset({"生物", "电气", "汽车", "化工", "石化", "钢铁", "林场", "农场", "牧场", "煤矿", "矿业", "热电"})
_GENERIC_CORE = frozenset(
    """龙头 重点 骨干 国有 民营 中小 小微 外资 外贸 平台 上市 链主 领军 头部 科技型 专精特新 僵尸 新能源 高新技术
    规上 规模以上 优质 潜力 战略投资 投资 大型 本地 地方 省属 市属 县属 国有企业 城投 融资 村镇 商业 政策性 开发性
    新材料 生物医药 新型 传统 绿色 智能 数字 现代 农村 城市 化学 有机 无机 精细 煤 石油 天然气 汽车 电动
    能源 煤炭 医药 食品 纺织 建材 冶金 有色 电子 信息 机械 装备 材料 轻工 盐 光伏 风电 储能 氢能
    生物 金控 资产 跨国 义务教育 教育 子公司 三级子公司 二级子公司 医疗 养老 文旅 旅游 物流 担保 保险 证券 基金
    管理 运营 服务 建设 开发 发展 控股 集团 母公司 各类 相关 外国 境外 国内 省级 市级 县级 项目 平台 合资 独资""".split()
)


_LIST_TAIL = re.compile(r"等(?:一批|\d+家|[一二三四五六七八九十百]+家|多家)?[\u4e00-\u9fff]{0,6}?企业")
_NOT_ITEM_END = ("企业", "产业", "行业", "领域", "集群", "产品", "项目", "平台", "园区", "基地", "中心")


def extract_enterprises(seg: Segmented) -> Iterator[Mention]:
    """Yield Enterprise mentions: names with a company head, names from the alias table, items of 企业 lists."""
    yield from _by_head(seg)
    yield from _by_table(seg)
    yield from _list_items(seg)
    yield from _project_owners(seg)


def _list_items(seg: Segmented) -> Iterator[Mention]:
    """牧原、宇通、华兰等一批龙头企业: the items before 等…企业 are enterprises."""
    text = seg.doc.text
    for sent, m in sentence_matches(seg, _LIST_TAIL):
        start = clause_start(text, sent, m.start(), "，；：。（(")
        for k, (s, e) in enumerate(list_members(text, start, m.start())):
            if k == 0:
                s = skip_words(seg, s, e, clause_words())  # 培育了超聚变 -> 超聚变
            item = text[s:e]
            if not 2 <= len(item) <= 8 or item.endswith(_NOT_ITEM_END) or item in _GENERIC_CORE:
                continue
            words = [t.text for t in seg.tokens_in(s, e)]
            if re.search(r"[\d％%的和与及]", item) or item in clause_words() or not words:
                continue
            head_word = words[0] if len(words[0]) >= 2 else item
            if not is_proper(head_word) and item not in alias_table() and "*" not in item:
                continue  # 城市更新, 能源发展: a list of fields, not of companies
            yield seg.mention(EntityType.ENTERPRISE, s, e, "enterprise.list")


def _by_head(seg: Segmented) -> Iterator[Mention]:
    text = seg.doc.text
    for sent, m in sentence_matches(seg, _HEAD_RE):
        head = m.group()
        start = left_edge(seg, sent, m.start(), max_chars=8, allow_quotes=False)
        core = text[start : m.start()]
        if len(core) < 2 or core in _GENERIC_CORE or any(core.endswith(g) for g in _GENERIC_CORE if len(g) > 1):
            continue
        if re.search(r"[\d０-９]|亿|万|等|各|家", core):
            continue
        if head in _WEAK_HEADS and not _known_prefix(core) and not (
            _one_word(seg, start, m.start()) and is_proper(core)
        ):
            continue
        if core in clause_words() or re.match(r"园区|基地|产业", text[m.end() : m.end() + 2]):
            continue  # 松原石化园区 is a park
        yield seg.mention(EntityType.ENTERPRISE, start, m.end(), "enterprise.head", head=head)


def _known_prefix(core: str) -> bool:
    table = alias_table()
    return any(core.startswith(n) for n in table if len(n) >= 2) or "*" in core


def _one_word(seg: Segmented, start: int, end: int) -> bool:
    toks = seg.tokens_in(start, end)
    return len(toks) == 1 and toks[0].start == start and toks[0].end == end and len(toks[0].text) >= 2


def _by_table(seg: Segmented) -> Iterator[Mention]:
    b = seg.boundaries
    for m in names_pattern().finditer(seg.doc.text):
        # a short form must stand as a word of its own (华电, not 华电子)
        if m.start() not in b:
            continue
        yield seg.mention(EntityType.ENTERPRISE, m.start(), m.end(), "enterprise.table",
                          canonical=alias_table()[m.group()])


# What follows a brand in a company's short name (仕佳光子, 众擎机器人, 中州时代): company-name morphology.
_BRAND_SUFFIX = frozenset(
    "科技 光子 光电 时代 机器人 智能 生物 电子 半导体 新能源 动力 股份 智造 航天 航空 微电子 新材料 材料 医药 化学 芯片 数科".split()
)
_CAPACITY = re.compile(r"\d+(?:\.\d+)?(?:万吨|万千瓦|亿元|万辆|万台|万套|吉瓦|GW|兆瓦|亿片|万片)")


def _project_owners(seg: Segmented) -> Iterator[Mention]:
    """The company a listed project is named after: 天楹辽源 (company + site), 天兵科技…60万吨… (company +
    capacity), 仕佳光子通信芯片 (brand + company-name suffix + product)."""
    from kg.extract.project import list_items
    from kg.extract.region import regions_of

    text = seg.doc.text
    regions = regions_of(seg)
    for s, e in list_items(seg):
        cuts = [r.start for r in regions if r.end == e and r.start > s]  # …辽源: the site closes the item
        q = _CAPACITY.search(text, s, e)
        if q:
            cuts.append(q.start())
        toks = seg.tokens_in(s, e)
        if len(toks) >= 3 and toks[1].text in _BRAND_SUFFIX:
            cuts.append(toks[1].end)
        for cut in cuts:
            if 2 <= cut - s <= 6 and cut < e and cut in seg.boundaries and _brand(seg, s, cut, regions):
                yield seg.mention(EntityType.ENTERPRISE, s, cut, "enterprise.owner")
                break


def _brand(seg: Segmented, start: int, end: int, regions) -> bool:
    """Opens with a coined word (not a place, not a word of the language) or a name of the alias table."""
    name = seg.doc.text[start:end]
    if name in alias_table():
        return True
    toks = seg.tokens_in(start, end)
    if not toks or any(t.text in clause_words() or t.text in _GENERIC_CORE for t in toks):
        return False
    first = toks[0]
    placed = any(r.start <= first.start and first.end <= r.end for r in regions)
    return len(first.text) >= 2 and is_proper(first.text) and not placed and not re.search(r"[\d、]", name)
