"""Targets: forward-looking goals with a figure, a coverage word or an explicit time, one per clause.

A clause is a Target when it states a quantity (number with a unit, percent,
multiple), a coverage word (全覆盖, 清零, 翻番, 百年一遇) or an explicit time (到2030年,
三年内, 年内), and it is not a report of past results (review sections, 去年…,
…了, 累计…). The span runs from the metric to the value; framing words before
the goal's own verb (力争, 确保, 推动…) are left out.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.base import Segmented, strip_leading
from kg.extract.lexicon import REVIEW_HEADING, REVIEW_OPENERS
from kg.model import EntityType, Mention
from kg.normalize import chinese_int, parse_number
from kg.text import Document, Sentence

_NUM = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+|\*+)"
_UNITS = (
    r"(?:个百分点|%|％|‰|倍|万亿元|亿元|万元|元|万亿|亿|万|千瓦时|万千瓦|千瓦|兆瓦|公里|千米|米|亩|公顷|平方公里|平方米|吨|"
    r"立方米|个|家|座|所|条|项|人次|人|户|套|辆|台|处|批|张|次|斤|头|只|千克|克|天|小时|分钟|床|张|间|件|部|类|篇|场|支|名)"
)
_QUANTITY = re.compile(r"(?<![第\d一二两三四五六七八九十百千.])" + _NUM + r"\s*[万亿]*\s*" + _UNITS)
# Numerals of idiom and vague amount, not figures: 一批, 一条, 千家万户, 十三次 (ordinals are excluded above).
_VAGUE = re.compile(r"^(?:一|两|几|多|千|万|百)(?:批|条|个|些|项|家|道|场|次|类|处|张|方)$|^千家|^万户")
_GOAL_VERB_RE = (
    r"达到|达|超过|突破|增长|下降|降低|降至|提高|提升|控制在|控制|保持|稳定在|新增|新建|建成|建设|完成|培育|打造|实施|"
    r"引进|改造|治理|营造|创建|淘汰|消除|实现|不低于|不少于|不超过|增加|减少|压减|安排|筛选|提供|配备|见成效|改善|覆盖|解决"
)
_GOAL_VERB = re.compile(_GOAL_VERB_RE)
_COVERAGE = re.compile(r"全覆盖|清零|翻番|翻一番|百年一遇|与经济增长(?:基本)?同步|高于经济增长|如期实现|[五十二三]十年一遇|全部(?:实现|完成|淘汰|消除|达标|建成)|应[\u4e00-\u9fff]尽[\u4e00-\u9fff]|退后十")
# Deadlines that make a goal of a clause with no figure (年内消除…, 全年环境质量明显改善); 今年 alone does not.
_DEADLINE_ONLY = re.compile(
    r"^(?:到(?:20\d{2}|二〇..)年(?:底|末)?|(?:20\d{2}|\*)年(?:底前|前|内|底)?(?=" + _GOAL_VERB_RE + r")|年内|年底前|全年|"
    r"[一二两三四五六七八九十]年内|上半年|百日)"
)
_SCOPE = re.compile(r"等[^，。；]{0,8}项目|总投资|项目总投资|计划投资|^\d+个[\u4e00-\u9fff]{0,6}指标")
_TIME = re.compile(
    r"到(?:20\d{2}|二〇[一二三四五六七八九〇]{2})年(?:底|末)?|(?:20\d{2}|\*)年(?:底|前|内|末)?(?:前)?|年内|年底前|"
    r"[一二两三四五六七八九十]年内|上半年|下半年|百日|全年|今年|“十[四五六]五”(?:末|期间|时期)?|十[四五六]五(?:末|期间)"
)

_FRAMING = (
    "力争", "确保", "做到", "推动", "努力", "争取", "抓好", "落实", "预计", "计划", "并", "同时", "其中", "进一步", "着力", "全力",
    "力促", "持续", "免费", "要", "将", "使", "实现年", "坚决", "务必", "积极", "加快", "稳步", "重点",
)
# A list of names right before a count: …等10个, A、B、C3个.
_LIST_BEFORE = re.compile(r"(?:[\u4e00-\u9fff]{1,10}、)+[\u4e00-\u9fff]{1,10}$")


def _sizes_a_list(before: str, quantity: str) -> bool:
    """The count closes a list of names and counts it: 洛阳等10个, 长春、白山2个 (not 新培育A、B企业300家)."""
    if not quantity.endswith(("个", "项", "家", "座", "条")):
        return False
    if before.endswith("等"):
        return True
    listed = _LIST_BEFORE.search(before)
    n = re.match(r"\d+|[一二两三四五六七八九十]+", quantity)
    count = (int(n.group()) if n.group().isdigit() else chinese_int(n.group())) if n else None
    return bool(listed) and count == listed.group().count("、") + 1
_PAST = re.compile(r"了|已经|已|累计|比上年|同比|较上年|年均增长.*(?:过去|五年)|圆满|顺利完成|历史性|分别增长")
_CLAUSE_SPLIT = re.compile(r"[，；：。！？]|并(?=实现|完成|建成|达到)|、(?=在|努力|力争)|等(?=\d+个[^，。；]{0,8}指标)")


def extract_targets(seg: Segmented) -> Iterator[Mention]:
    """Yield Target mentions with metric, value, unit and deadline read off the clause."""
    doc = seg.doc
    review = review_sentences(doc)
    section_year: int | None = None
    for sent in doc.sentences:
        if sent.heading_level == 1:
            y = re.search(r"(20\d{2})年", sent.text)
            section_year = int(y.group(1)) if y and sent.index not in review else None
        if sent.index not in review:
            yield from _targets_in(seg, sent, section_year)


def review_sentences(doc: Document) -> frozenset[int]:
    """Indexes of the sentences that report the past: under a review heading, or opening with 过去一年, 去年…"""
    out = set()
    in_review = False
    for sent in doc.sentences:
        if sent.heading_level == 1:
            in_review = is_review_heading(sent.text, doc.year)
        if in_review or REVIEW_OPENERS.match(sent.text):
            out.add(sent.index)
    return frozenset(out)


def is_review_heading(heading: str, doc_year: int | None) -> bool:
    """一、2025年主要工作和“十四五”发展成就: a section that reports the past, not the plan.

    Past: a review word, a year before the document's, or the finished five-year
    plan; plan: the document's year or later, the next five-year plan, 目标/任务/安排.
    """
    years = [int(y) for y in re.findall(r"(20\d{2})年", heading)]
    past = bool(REVIEW_HEADING.search(heading)) or "成就" in heading or (
        doc_year is not None and (any(y < doc_year for y in years) or "十四五" in heading)
    )
    future = (doc_year is not None and any(y >= doc_year for y in years)) or "十五五" in heading or bool(
        re.search(r"目标|任务|安排|部署|重点工作", heading)
    )
    return past and not future


def _clauses(text: str, sent: Sentence) -> list[tuple[int, int]]:
    out = []
    s = sent.start
    for m in _CLAUSE_SPLIT.finditer(text, sent.start, sent.end):
        out.append((s, m.start()))
        s = m.end()
    if s < sent.end:
        out.append((s, sent.end))
    return [part for a, b in out if b > a and not _SCOPE.search(text, a, b) for part in _split_enumeration(text, a, b)]


def _split_enumeration(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """建设A亿元X、B亿元Y: parts of a list that each carry their own figure are separate goals."""
    if "分别" in text[start:end]:
        return [(start, end)]
    cuts = []
    for m in re.finditer("、", text[start:end]):
        left, right = text[start : start + m.start()], text[start + m.end() : end]
        if _has_figure(left.split("、")[-1]) and _has_figure(right.split("、")[0]):
            cuts.append(start + m.start())
    parts, s = [], start
    for c in cuts:
        parts.append((s, c))
        s = c + 1
    parts.append((s, end))
    return parts


def _has_figure(text: str) -> bool:
    return any(_is_figure(q.group()) for q in _QUANTITY.finditer(text))


def _targets_in(seg: Segmented, sent: Sentence, section_year: int | None) -> Iterator[Mention]:
    text = seg.doc.text
    clauses = _clauses(text, sent)
    carry: tuple[int, int] | None = None  # a clause that is only a time phrase (到2026年，) joins the next

    def carry_used(start: int, clause_start: int) -> bool:
        return start != clause_start

    for s, e in clauses:
        clause = text[s:e]
        if _TIME.fullmatch(text[_strip_framing(text, s, e) : e].strip()):
            carry = (_strip_framing(text, s, e), e)  # 预计到2026年，…: the time opens the goal
            continue
        quantity = next((q for q in _QUANTITY.finditer(clause) if _is_figure(q.group())), None)
        if quantity and _sizes_a_list(clause[: quantity.start()], quantity.group()):
            quantity = None  # 洛阳等10个…, 长春、白山2个城市…: the size of a list of names, not a goal (GUIDELINE.md)
        coverage = _COVERAGE.search(clause)
        time = _TIME.search(clause)
        if carry is not None:
            start = carry[0]
            time_text = text[carry[0] : carry[1]]
        else:
            start = s
            time_text = time.group() if time else ""
        carry = None
        if not (quantity or coverage):
            framed = text[_strip_framing(text, s, e) : e].strip()
            if not (_DEADLINE_ONLY.match(framed) or carry_used(start, s)) or not _GOAL_VERB.search(clause):
                continue
        if not _GOAL_VERB.search(clause) and not quantity:
            continue
        if _SCOPE.search(clause) or clause.startswith(("共", "以")):
            continue  # the scope of a project list, a past total, a means (以…为抓手)
        if _PAST.search(clause) or re.search(r"(?:19|20)\d{2}年", clause) and _is_past_year(clause, seg.doc.year):
            continue
        if start == s:
            start = _strip_framing(text, s, e)
            if text.startswith(("在", "对", "为"), start):
                verb = _GOAL_VERB.search(text, start, e)
                if verb and verb.start() - start <= 24:
                    start = verb.start()  # 在…关键领域实施100项…: the setting is not the goal
        if e - start < 4 or e - start > 60:
            continue
        data = _read_target(text[start:e], time_text, section_year, seg.doc.year)
        yield seg.mention(EntityType.TARGET, start, e, "target.clause", **data)


_MEASURE_UNIT = re.compile(r"(?:%|％|‰|倍|个百分点|亿元|万元|万亿元|万亿|亿|万|千瓦|兆瓦|公里|千米|米|亩|公顷|吨|立方米|斤|千克)$")


def _is_figure(quantity: str) -> bool:
    """A figure, not a label: 100%, 63亿元, 1000个; not 一批, 三条控制线, 四个意识, **人民, 15条 措施.

    Chinese numerals count only with a unit of measure (百亿元, 五万亩): with a
    counter (三个, 六项) they label lists. Masked numbers (***) likewise.
    """
    if re.search(r"\d", quantity):
        return not quantity.endswith("条")
    if quantity.endswith(("万", "亿")):
        return False  # 一万年太久: a Chinese numeral needs a unit after 万/亿 to be a figure
    return bool(_MEASURE_UNIT.search(quantity)) and not _VAGUE.match(quantity)


def _is_past_year(clause: str, doc_year: int | None) -> bool:
    years = [int(y) for y in re.findall(r"((?:19|20)\d{2})年", clause)]
    return bool(doc_year) and all(y < doc_year for y in years)


def _strip_framing(text: str, start: int, end: int) -> int:
    return strip_leading(text, start, end, _FRAMING)


def _read_target(phrase: str, time_text: str, section_year: int | None, doc_year: int | None) -> dict:
    """Metric, comparator, value, unit and deadline of one goal phrase."""
    data: dict = {}
    verb = _GOAL_VERB.search(phrase)
    body = phrase
    if time_text and body.startswith(time_text):
        body = body[len(time_text):].lstrip("，, ")
    if verb:
        metric = phrase[: verb.start()]
        if time_text and metric.startswith(time_text):
            metric = metric[len(time_text):]
        metric = metric.strip("，, 将")
        if metric:
            data["metric"] = metric
        data["comparator"] = verb.group()
    q = _QUANTITY.search(phrase)
    if q:
        raw = q.group()
        num = re.match(_NUM + r"\s*[万亿]*", raw)
        unit = raw[num.end():].strip() if num else ""
        data["value"] = raw
        value = parse_number(num.group().strip()) if num and "*" not in raw else None
        if unit in ("亿元", "万元", "元", "万亿元"):
            mult = {"亿元": 10**8, "万元": 10**4, "万亿元": 10**12, "元": 1}[unit]
            if value is not None:
                value = value * mult
            unit = "CNY"
        elif unit in ("%", "％"):
            unit = "percent"
        if value is not None:
            data["number"] = value
        data["unit"] = unit
    else:
        cov = _COVERAGE.search(phrase)
        if cov:
            data["value"] = cov.group()
            if "一遇" in cov.group():
                data["value_is_text"] = True
    year, deadline = _deadline(time_text, section_year, doc_year)
    if deadline:
        data["deadline"] = deadline
    if year:
        data["year"] = year
    return data


def _deadline(time_text: str, section_year: int | None, doc_year: int | None) -> tuple[int | None, str]:
    """The year a goal is due, and the phrase as written (relative phrases resolve against the document's year)."""
    t = time_text.strip("到，, ")
    if not t:
        return section_year, (f"{section_year}年" if section_year else "")
    m = re.search(r"(20\d{2})", t)
    if m:
        return int(m.group(1)), t
    m = re.match(r"二〇([一二三四五六七八九〇]{2})", t)
    if m:
        n = chinese_int("二〇" + m.group(1))
        return n, t
    if t in ("年内", "年底前", "今年", "全年", "上半年", "下半年") and doc_year:
        return doc_year, t
    m = re.match(r"([一二两三四五六七八九十])年内", t)
    if m and doc_year:
        n = chinese_int(m.group(1)) or 0
        return doc_year + n - 1, t
    if "十五五" in t and "末" in t:
        return 2030, t
    if "十四五" in t and "末" in t:
        return 2025, t
    return None, t
