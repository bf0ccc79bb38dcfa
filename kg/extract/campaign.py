"""Campaigns: named programmes, actions, battles, strategies, pilots, reforms and titles pursued.

Rules: a name ending in a campaign head (…行动, …攻坚战, …战略, …试点, …改革,
…示范区 when pursued, …工程 without a site); numbered bundles (三大保卫战,
“四大工程”) and the members listed before them; quoted programme names after a
campaign verb; and the fixed names of national programmes.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.base import Segmented, left_edge, quote_spans
from kg.extract.lexicon import CLAUSE_WORDS, GENERIC_MODIFIERS
from kg.extract.project import is_concrete
from kg.model import EntityType, Mention

_HEADS = (
    "专项行动", "三年行动计划", "三年行动", "五年行动", "行动计划", "提升行动", "攻坚行动", "行动", "攻坚战",
    "保卫战", "持久战", "提升战", "升级战", "攻坚战役", "战役", "会战", "战略", "工程", "计划", "试点", "改革",
    "革命", "活动", "创建", "先行区", "示范区", "示范市", "示范县", "样板市", "试验区", "先导区", "长制",
    "专项", "机制", "运动", "教育", "一件事",
)
_HEAD_RE = re.compile("|".join(sorted(_HEADS, key=len, reverse=True)))
# Heads that also close ordinary phrases (教育, 机制, 专项, 计划): only with a quote or bundle before them.
_WEAK_HEADS = frozenset({"机制", "专项", "计划", "教育", "运动", "活动", "一件事", "改革", "工程"})
_GENERIC_CORE = GENERIC_MODIFIERS | frozenset(
    """具体 实际 一系列 系列 这一 联合 集中 统一 共同 各项工作 有力 务实 实质 一项 两项 多项 十大 各级 各类 专门 相应
    长期 短期 重要 重点工程 形象 面子 政绩 民心 这场 一场 这次 整体 全局 生态 环境 环保 治理 建设 发展 工作 项目
    系统性 结构性 体制 机制 制度 深层次 关键 基础性 重大 重点领域 配套 综合 全方位 多层次 一体化""".split()
)
_BUNDLE = re.compile(
    r"[“‘]?[一二三四五六七八九十]+大(?:[\u4e00-\u9fff]{0,4}?)(?:工程|行动|改造|保卫战|战役|攻坚战|攻坚|革命|提升行动|"
    r"行动计划|专项行动|会战|计划|战略|任务|举措|提升)[”’]?"
)
_CAMPAIGN_VERBS = re.compile(
    r"(?:实施|开展|推进|推行|深化|落实|打好|打赢|打响|用好|开展好|实施好|深入推进|持续推进|扎实推进|深入实施|"
    r"扎实开展|深入开展|持续开展|全面推行|全面实施|推动|坚持)$"
)
# Fixed names of national programmes: they count without a head word (GUIDELINE.md).
NATIONAL_PROGRAMMES = (
    "乡村振兴", "乡村全面振兴", "全民阅读", "法治政府建设", "全国统一大市场", "碳达峰碳中和", "碳达峰", "碳中和",
    "一带一路", "京津冀协同发展", "长江经济带发展", "黄河流域生态保护和高质量发展", "西部大开发", "东北全面振兴",
    "中部地区崛起", "新型城镇化", "新型工业化", "制造强国", "质量强国", "网络强国", "数字中国", "健康中国",
    "美丽中国", "平安中国", "法治中国", "文化强国", "教育强国", "科技强国", "体育强国", "交通强国", "海洋强国",
    "河长制", "湖长制", "林长制", "田长制", "退耕还林", "退耕还林还草", "三北防护林", "天然林保护",
    "厕所革命", "脱贫攻坚", "以旧换新", "放管服", "一网通办", "最多跑一次", "扫黑除恶", "主题教育",
    "党史学习教育", "党纪学习教育", "民生实事", "城市更新", "美丽乡村", "和美乡村", "千万工程", "双碳",
    "营商环境", "一件事一次办", "高效办成一件事", "零基预算改革", "全面从严治党",
)
_NATIONAL_RE = re.compile("|".join(sorted(map(re.escape, NATIONAL_PROGRAMMES), key=len, reverse=True)))


def extract_campaigns(seg: Segmented) -> Iterator[Mention]:
    """Yield Campaign mentions."""
    yield from _by_head(seg)
    yield from _bundles(seg)
    yield from _quoted(seg)
    yield from _national(seg)


def _by_head(seg: Segmented) -> Iterator[Mention]:
    text = seg.doc.text
    for sent in seg.doc.sentences:
        for m in _HEAD_RE.finditer(text, sent.start, sent.end):
            head = m.group()
            end = m.end()
            if text[end : end + 1] in ("”", "’") and "“" in text[max(sent.start, m.start() - 12) : m.start()]:
                end += 1  # “蓝天工程” closes after the head
            start = left_edge(seg, sent, m.start(), max_chars=16)
            core = text[start : m.start()].strip("“”‘’")
            if len(core) < 2 or core in _GENERIC_CORE or core[-1] in "的和与及等、之地":
                continue
            if core.endswith(tuple(w for w in CLAUSE_WORDS if len(w) >= 2)) and "“" not in text[start:end]:
                continue
            quoted = "“" in text[start:end] or "”" in text[start:end]
            if head in _WEAK_HEADS and not quoted and not _strong_core(core):
                continue
            if head in ("工程", "项目") and is_concrete(seg, start, m.start()):
                continue  # a works with a site is a Project
            if head == "长制" and len(core) > 3:
                continue
            name = text[start:end]
            if name.startswith("”"):
                continue
            yield seg.mention(EntityType.CAMPAIGN, start, end, "campaign.head", head=head)


def _strong_core(core: str) -> bool:
    """Weak heads need a multi-word programme name before them (…治理工程, 零基预算改革)."""
    return len(core) >= 4 and not core.endswith(("的", "等"))


def _bundles(seg: Segmented) -> Iterator[Mention]:
    text = seg.doc.text
    for m in _BUNDLE.finditer(text):
        s, e = m.start(), m.end()
        if text[s] not in "“‘" and s > 0 and text[s - 1] in "“‘" and text[e : e + 1] in "”’":
            s, e = s - 1, e + 1
        yield seg.mention(EntityType.CAMPAIGN, s, e, "campaign.bundle")
        # members listed right before the bundle: A、B、C“四大工程”
        yield from _members_before(seg, s)


def _members_before(seg: Segmented, bundle_start: int) -> Iterator[Mention]:
    text = seg.doc.text
    sent = seg.doc.sentence_at(bundle_start)
    j = bundle_start
    clause_start = max(text.rfind(ch, sent.start, j) for ch in "，；：。")
    clause_start = sent.start if clause_start < sent.start else clause_start + 1
    span = text[clause_start:j]
    if "、" not in span:
        return
    parts = span.split("、")
    pos = clause_start
    for k, part in enumerate(parts):
        s, e = pos, pos + len(part)
        pos = e + 1
        if k == 0:
            s = left_edge(seg, sent, e, max_chars=e - s)
        piece = text[s:e].strip("“”‘’")
        if 2 <= len(piece) <= 10:
            yield seg.mention(EntityType.CAMPAIGN, s, e, "campaign.member")


def _quoted(seg: Segmented) -> Iterator[Mention]:
    """A quoted name right after a campaign verb (实施“蓝天工程”, 推行“一网通办”)."""
    text = seg.doc.text
    for s, e in quote_spans(text):
        inner = text[s + 1 : e - 1]
        if not 2 <= len(inner) <= 12 or re.search(r"[，。；：]", inner):
            continue
        before = text[max(0, s - 6) : s]
        after = text[e : e + 2]
        # several quoted names side by side after one verb: “四尘同治”“五水共治”
        k = s
        while k > 0 and text[k - 1] in "”’":
            prev = text.rfind("“", 0, k - 1)
            if prev < 0:
                break
            k = prev
        before = text[max(0, k - 6) : k]
        if _CAMPAIGN_VERBS.search(before) and not _HEAD_RE.match(after):
            yield seg.mention(EntityType.CAMPAIGN, s, e, "campaign.quoted")


def _national(seg: Segmented) -> Iterator[Mention]:
    text = seg.doc.text
    for m in _NATIONAL_RE.finditer(text):
        yield seg.mention(EntityType.CAMPAIGN, m.start(), m.end(), "campaign.national")
