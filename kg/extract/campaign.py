"""Campaigns: named programmes, actions, battles, strategies, pilots, reforms and titles pursued.

Rules: a name ending in a campaign head (…行动, …攻坚战, …战略, …试点, …改革,
…示范区 when pursued, …工程 without a site); numbered bundles (三大保卫战,
“四大工程”) and the members listed before them; quoted programme names after a
campaign verb; and the fixed names of national programmes.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.base import (
    Segmented,
    clause_start,
    drop_particles,
    left_edge,
    list_members,
    quote_spans,
    sentence_matches,
)
from kg.extract.lexicon import GENERIC_MODIFIERS, clause_words, clause_words_and
from kg.extract.project import is_concrete
from kg.model import EntityType, Mention

_HEADS = (
    "专项行动", "三年行动计划", "三年行动", "五年行动", "行动计划", "提升行动", "攻坚行动", "行动", "攻坚战",
    "保卫战", "持久战", "提升战", "升级战", "攻坚战役", "战役", "会战", "战略", "工程", "计划", "试点", "改革",
    "革命", "活动", "创建", "先行区", "先行市", "示范区", "示范市", "示范县", "样板市", "样板区", "试验区",
    "先导区", "长制", "专项", "机制", "运动", "学习教育", "一件事", "攻坚", "整治提升", "集中整治", "督察",
    "建设", "都市圈建设", "中心城市建设", "体系建设", "示范区建设", "先行区建设", "新区建设", "医共体建设",
)
_HEAD_RE = re.compile("|".join(sorted(_HEADS, key=len, reverse=True)))
# Heads that also close ordinary phrases (教育, 机制, 专项, 计划): only with a quote or bundle before them.
_WEAK_HEADS = frozenset({"专项", "计划", "运动", "活动", "一件事", "改革", "工程", "攻坚", "整治提升", "集中整治", "督察"})
# Heads that close a name only inside quotes (“链长+链主”机制).
_QUOTED_ONLY_HEADS = frozenset({"机制", "建设"})
_MANNER = frozenset("高水平 高标准 精心 全力 大力 加快 扎实 深入 实施好 推进 建设 有力 保障 指导 推广".split())
_TITLE_ENDS = ("市", "城市", "县", "区", "村", "镇", "乡", "园区", "社区", "学校", "单位", "家庭", "景区", "基地", "机关",
               "企业", "商超", "餐饮", "示范", "样板", "先行区", "高新区")
_BUILD_VERBS = frozenset("建设 打造 建成 加快 创建 推进".split())
_HELD_BEFORE = re.compile(r"(?:入选|获批|获评|入列|评为|荣获)(?!创建)[^，。；]{0,2}$")
_NOT_AFTER_HEAD = {"工程": ("院", "师", "机械", "技术", "造价", "咨询", "化"), "计划": ("单列",),
                   "专项": ("债", "资金", "转移", "补助", "贷款", "基金", "额度", "附加"), "改革": ("委", "办"),
                   "行动": ("指南", "纲领", "自觉"), "战略": ("格局", "使命", "性", "合作", "投资", "新兴", "支点", "腹地", "通道", "资源", "储备", "意义", "定力", "机遇", "科技", "人才", "地位", "高度", "布局", "性新兴")}
_PLAIN_PLAN = ("教学", "工作", "年度", "投资", "采购", "生产", "用地", "发展", "财务", "招生", "培训")
# Titles a place pursues, named after 创建/申建/争创 (创建国家高新区).
_TITLE_AFTER_VERB = re.compile(
    r"(?:创建|申建|争创|获批创建|创成|申报)([\u4e00-\u9fff“”]{2,18}?(?:示范区|先行区|试验区|高新区|经开区|示范市|示范城市|"
    r"示范县|样板市|文明城市|森林城市|卫生城市|园林城市|示范基地|试点城市|试点|示范园区|示范村|零碳园区))"
)
_GENERIC_CORE = GENERIC_MODIFIERS | frozenset(
    """具体 实际 一系列 系列 这一 联合 集中 统一 共同 各项工作 有力 务实 实质 一项 两项 多项 十大 各级 各类 专门 相应
    长期 短期 重要 重点工程 形象 面子 政绩 民心 这场 一场 这次 整体 全局 生态 环境 环保 治理 建设 发展 工作 项目
    系统性 结构性 永久性 长期性 体制 机制 制度 深层次 关键 基础性 重大 重点领域 配套 综合 全方位 多层次 一体化 高地""".split()
)
_BUNDLE = re.compile(
    r"[“‘]?[一二两三四五六七八九十]+大(?:[\u4e00-\u9fff]{0,4}?)(?:工程|行动|改造|保卫战|战役|攻坚战|攻坚|革命|提升行动|"
    r"行动计划|专项行动|会战|计划|提升)[”’]?"
)
_CAMPAIGN_VERBS = re.compile(
    r"(?:实施|开展|推进|推行|深化|落实|打好|打赢|打响|用好|开展好|实施好|深入推进|持续推进|扎实推进|深入实施|"
    r"扎实开展|深入开展|持续开展|全面推行|全面实施|推动|坚持)$"
)
# Fixed names of national programmes: they count without a head word (GUIDELINE.md).
NATIONAL_PROGRAMMES = (
    "碳达峰、碳中和", "乡村振兴", "乡村全面振兴", "全民阅读", "法治政府建设", "全国统一大市场", "碳达峰碳中和", "碳达峰", "碳中和",
    "一带一路", "京津冀协同发展", "长江经济带发展", "黄河流域生态保护和高质量发展", "西部大开发", "东北全面振兴",
    "中部地区崛起", "新型城镇化", "新型工业化", "制造强国", "质量强国", "网络强国", "数字中国", "健康中国",
    "美丽中国", "平安中国", "法治中国", "文化强国", "教育强国", "科技强国", "体育强国", "交通强国", "海洋强国",
    "创新驱动发展战略", "创新驱动发展", "河长制", "湖长制", "林长制", "田长制", "退耕还林", "退耕还林还草", "三北防护林", "天然林保护",
    "厕所革命", "脱贫攻坚", "以旧换新", "放管服", "一网通办", "最多跑一次", "扫黑除恶", "主题教育",
    "党史学习教育", "党纪学习教育", "民生实事", "城市更新", "美丽乡村", "和美乡村", "千万工程", "双碳",
    "一件事一次办", "高效办成一件事", "全面从严治党", "巩固拓展脱贫攻坚成果同乡村振兴有效衔接",
    "巩固拓展脱贫攻坚成果",
)
# Wordings of one national programme (the plan's current name and its earlier or short ones).
PROGRAMME_VARIANTS = {
    "乡村全面振兴": "乡村振兴", "碳达峰、碳中和": "碳达峰碳中和", "双碳": "碳达峰碳中和",
    "创新驱动发展战略": "创新驱动发展", "退耕还林还草": "退耕还林",
}
_NATIONAL_RE = re.compile("|".join(sorted(map(re.escape, NATIONAL_PROGRAMMES), key=len, reverse=True)))


def extract_campaigns(seg: Segmented) -> Iterator[Mention]:
    """Yield Campaign mentions."""
    yield from _by_head(seg)
    yield from _bundles(seg)
    yield from _quoted(seg)
    yield from _national(seg)
    yield from _titles(seg)
    yield from _place_programmes(seg)
    yield from _strong_province(seg)
    yield from _listed_programmes(seg)


# 村庄基础设施建设、农村人居环境整治提升等工程: the items of a list closed by 等 and a programme word.
_PROGRAMME_LIST = re.compile(
    r"等(?:[一二三四五六七八九十\d]+[个项大])?(?:重大|重点|专项)?[\u4e00-\u9fff]{0,4}?(?:工程|行动|示范工程|工程和行动)(?![\u4e00-\u9fff])"
)
# Action words that end a programme's name when no head word does (农村环境综合整治, 天然林资源保护).
_ACTION_ENDS = ("整治提升", "综合整治", "整治", "改造", "保护", "治理", "修复", "提升", "攻坚", "试点")


def _listed_programmes(seg: Segmented) -> Iterator[Mention]:
    text = seg.doc.text
    for sent, m in sentence_matches(seg, _PROGRAMME_LIST):
        for k, (s, e) in enumerate(list_members(text, clause_start(text, sent, m.start()), m.start())):
            if k == 0:
                s = left_edge(seg, sent, e, max_chars=e - s, verbs_in_names=True)
            core = text[s:e]
            if not 4 <= len(core) <= 16 or not core.endswith(_ACTION_ENDS) or s not in seg.boundaries:
                continue
            if re.search(r"[\d的和与及等]", core) or is_concrete(seg, s, e, site=True):
                continue  # a works at a site is a Project (project.py)
            yield seg.mention(EntityType.CAMPAIGN, s, e, "campaign.listed")


# 平安河北, 法治吉林, 美丽河北建设, 数字浙江: a quality plus the place's own name is a provincial programme.
_QUALITY = "平安|法治|美丽|数字|健康|创新型|智慧|幸福|清廉|书香|文明|生态|绿色|开放|人文|活力"
# 强县/强区 are ranks a county or district holds (工业强县), not programmes.
_STRONG = re.compile(r"(?:强省|强市|强国)(?:建设)?")


def _place_programmes(seg: Segmented) -> Iterator[Mention]:
    from kg.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    text = seg.doc.text
    for m in re.finditer(f"(?:{_QUALITY})", text):
        for n in range(4, 1, -1):
            name = text[m.end() : m.end() + n]
            places = gaz.lookup(name)
            if places and places[0].level in ("province", "city") and not re.match(r"[市省]", text[m.end() + n : m.end() + n + 1]):
                end = m.end() + n
                if text.startswith("建设", end):
                    end += 2
                yield seg.mention(EntityType.CAMPAIGN, m.start(), end, "campaign.place-programme")
                break


def _strong_province(seg: Segmented) -> Iterator[Mention]:
    """文化强省, 制造强省建设, 临港产业强省: a field made strong, as a programme."""
    text = seg.doc.text
    for sent, m in sentence_matches(seg, _STRONG):
        start = left_edge(seg, sent, m.start(), max_chars=6, stop=clause_words_and(_BUILD_VERBS))
        core = text[start : m.start()]
        if 2 <= len(core) <= 6 and core not in _GENERIC_CORE and not re.search(r"[的和与及、]", core):
            yield seg.mention(EntityType.CAMPAIGN, start, m.end(), "campaign.strong")


def _titles(seg: Segmented) -> Iterator[Mention]:
    text = seg.doc.text
    for m in _TITLE_AFTER_VERB.finditer(text):
        yield seg.mention(EntityType.CAMPAIGN, m.start(1), m.end(1), "campaign.title")


def _by_head(seg: Segmented) -> Iterator[Mention]:
    text = seg.doc.text
    for sent, m in sentence_matches(seg, _HEAD_RE):
        head = m.group()
        end = m.end()
        if text.startswith(_NOT_AFTER_HEAD.get(head, ()), m.end()):
            continue  # 工程院, 计划单列, 战略性
        if head == "创建" and text[m.end() : m.end() + 1] not in "，。；、）" and not text.startswith(("活动", "工作"), m.end()):
            continue  # 创建 followed by its object is the verb, not a name's end
        head_start = m.start()
        if head_start > sent.start and text[head_start - 1] in "“‘" and text[end : end + 1] in "”’":
            head_start -= 1  # 生态质量“提升战”: the head is quoted, the name runs on to the left
            end += 1
        if _BUNDLE.search(text, max(sent.start, head_start - 8), end):
            continue  # numbered bundles and their members: see _bundles
        start = left_edge(seg, sent, head_start, max_chars=20, lists=True, verbs_in_names=True,
                          member_ok=lambda a, b: not _HEAD_RE.search(text, a, b))
        if _HELD_BEFORE.search(text, max(sent.start, start - 6), start):
            continue  # 入选…试点, 获评…示范市: a title held, not pursued (GUIDELINE.md)
        start = drop_particles(seg, start, head_start)  # 打好污染防治攻坚战: the verb's complement is no part of the name
        for tok in seg.tokens_in(start, head_start):
            if tok.start == start and tok.end < head_start and (
                    tok.text in _BUILD_VERBS or tok.text in _MANNER or tok.text in clause_words()):
                start = tok.end  # 高水平建设X示范区, 精心实施好X工程: the manner and the verb are not the name
        holder = re.match(r"\*+[市县区]?", text[start:head_start])
        verb = seg.token_at(start + holder.end()) if holder else None
        if holder and verb is not None and verb.start == start + holder.end() and verb.text in _BUILD_VERBS:
            start = verb.end  # **市建设绿色发展先行市: the subject and its verb are not the name
        core = text[start:head_start].strip("“”‘’")
        if head_start != m.start() and len(core) < 2:
            core = text[m.start() : m.end()]  # “三年行动计划” on its own
        if len(core) < 2 or core in _GENERIC_CORE or core[-1] in "的和与及等、之" or (
                core[-1] == "地" and "”" not in text[start:head_start]):
            continue  # 扎实地…, 之地: a particle; a quoted name may end in 地 (“科创飞地”建设)
        if core.startswith(("重大", "综合", "重点", "各类", "各项", "一批", "国家重大")) or re.match(r"\d|\*+\d*[个项家条]", core):
            continue
        quoted = "“" in text[start:end] or "”" in text[start:end]
        if head in _QUOTED_ONLY_HEADS and not quoted:
            continue
        if head in _WEAK_HEADS and not quoted and not _strong_core(core) and head != "工程":
            continue
        if head in ("工程", "项目") and is_concrete(seg, start, m.start(), site=True):
            continue  # a works with a site is a Project
        if head == "长制" and len(re.sub(r"（[^）]*）", "", core)) > 3:
            continue
        if head == "创建" and not core.endswith(_TITLE_ENDS):
            continue  # what is 创建 is a title a place can hold (…示范市创建, 文明城市创建)
        if head == "计划" and not quoted and core.endswith(_PLAIN_PLAN):
            continue
        if head == "活动" and not quoted and not core.endswith("创建"):
            continue
        quoted_run = _QUOTED_RUN.fullmatch(text, start, head_start)
        if quoted_run:
            yield from _run_members(seg, start, head_start, end, head)
            continue
        if text[end : end + 1] in "”’" and start > 0 and text[start - 1] in "“‘":
            start, end = start - 1, end + 1  # “蓝天工程”: the quotes belong to the name
        name = text[start:end]
        if name.startswith("”"):
            continue
        yield seg.mention(EntityType.CAMPAIGN, start, end, "campaign.head", head=head)


_QUOTED_RUN = re.compile(r"(?:“[^“”]+”){2,}")


def _run_members(seg: Segmented, start: int, head_start: int, end: int, head: str) -> Iterator[Mention]:
    """“双一流”“双特色”“双高计划”建设: quoted members before one head are programmes of their own.

    The last carries the head (“数据要素×”行动), except 建设, which names no programme (“X”建设 is “X”).
    """
    spans = [(m.start(), m.end()) for m in re.finditer(r"“[^“”]+”", seg.doc.text[start:head_start])]
    for k, (s, e) in enumerate(spans):
        last = k == len(spans) - 1
        close = end if last and head != "建设" else start + e
        yield seg.mention(EntityType.CAMPAIGN, start + s, close, "campaign.run", head=head)


def _strong_core(core: str) -> bool:
    """Weak heads need a multi-word programme name before them (…治理工程, 零基预算改革), in the last member of a list too
    (机器代人、冰雪运动 is no programme)."""
    last = core.rsplit("、", 1)[-1]
    return len(last) >= 4 and not core.endswith(("的", "等"))


def _bundles(seg: Segmented) -> Iterator[Mention]:
    text = seg.doc.text
    for m in _BUNDLE.finditer(text):
        s, e = m.start(), m.end()
        if text[s] not in "“‘" and s not in seg.boundaries:
            continue  # 统一大市场: the numeral ends another word
        if text[s] not in "“‘" and s > 0 and text[s - 1] in "“‘" and text[e : e + 1] in "”’":
            s, e = s - 1, e + 1
        yield seg.mention(EntityType.CAMPAIGN, s, e, "campaign.bundle")
        # members listed right before the bundle: A、B、C“四大工程”
        yield from _members_before(seg, s)


def _members_before(seg: Segmented, bundle_start: int) -> Iterator[Mention]:
    text = seg.doc.text
    sent = seg.doc.sentence_at(bundle_start)
    j = bundle_start
    first = clause_start(text, sent, j)
    span = text[first:j]
    if "、" not in span or "等" in span:
        return  # 钢铁、冶金、建材等行业“四大改造”: the list names sectors, not members
    for k, (s, e) in enumerate(list_members(text, first, j)):
        if k == 0:
            s = left_edge(seg, sent, e, max_chars=e - s)
            s = drop_particles(seg, s, e)
        piece = text[s:e].strip("“”‘’")
        if 2 <= len(piece) <= 10:
            yield seg.mention(EntityType.CAMPAIGN, s, e, "campaign.member")


def _quoted(seg: Segmented) -> Iterator[Mention]:
    """Quoted names after a campaign verb (实施“蓝天工程”), and every member of a run of quoted names
    (“一网通办”“不见面审批”“高效办成一件事”) when one of them is a programme or a verb opens the run."""
    text = seg.doc.text
    spans = [(s, e) for s, e in quote_spans(text) if text[s] == "“"]
    runs: list[list[tuple[int, int]]] = []
    for s, e in spans:
        if runs and runs[-1][-1][1] == s:
            runs[-1].append((s, e))
        else:
            runs.append([(s, e)])
    for run in runs:
        members = [(s, e) for s, e in run if _quotable(text[s + 1 : e - 1])]
        if not members:
            continue
        before = text[max(0, run[0][0] - 6) : run[0][0]]
        after = text[run[-1][1] : run[-1][1] + 2]
        known = any(_NATIONAL_RE.fullmatch(text[s + 1 : e - 1]) for s, e in run)
        if (_CAMPAIGN_VERBS.search(before) and not _HEAD_RE.match(after)) or (known and len(run) > 1):
            for s, e in members:
                yield seg.mention(EntityType.CAMPAIGN, s, e, "campaign.quoted")


def _quotable(inner: str) -> bool:
    """A quoted programme name, not a slogan of paired phrases (“党政同责、一岗双责”) or a formula."""
    return 2 <= len(inner) <= 12 and not re.search(r"[，。；：、]", inner) and not _is_formula(inner)


def _is_formula(inner: str) -> bool:
    """Ideological formulas and list labels: 三去一降一补, 四个意识, 一河两山一湖, 六新."""
    numerals = sum(ch in "一二两三四五六七八九十" for ch in inner)
    return numerals >= 2 or bool(re.match(r"[一二两三四五六七八九十]个", inner)) or (
        len(inner) <= 2 and inner[0] in "一二两三四五六七八九十"
    )


def _national(seg: Segmented) -> Iterator[Mention]:
    text = seg.doc.text
    for m in _NATIONAL_RE.finditer(text):
        yield seg.mention(EntityType.CAMPAIGN, m.start(), m.end(), "campaign.national",
                          programme=PROGRAMME_VARIANTS.get(m.group(), m.group()))
