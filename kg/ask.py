"""Questions in plain Chinese or English, answered from the query library (issue 5, part 4).

`kg ask "哪些项目涉及华电集团？"` is `kg query projects-involving --bind enterprise=中国华电集团有限公司`
for people who do not write SPARQL. Three deterministic steps, no language model:

1. `parse_question` matches the question against templates (the FORMS table below) and
   returns an Intent: which query, and the name or the year it asks about.
2. `resolve_entity` looks the name up among the labels and aliases of the graph's entities
   (skos:prefLabel / skos:altLabel): an exact match first, then a label that is the name plus
   an administrative or company suffix (青铜峡 -> 青铜峡市), then a label containing the name,
   then a label contained in it. Entities with different preferred labels at the best level
   are an AmbiguousName.
3. `ask` binds the entity's preferred label (or the year) to the query's parameter and runs
   the query file, exactly as `kg query NAME --bind PARAM=VALUE` would: same file, same
   bindings, same rows.

A form that can be read as a question about an enterprise or about a region (X有哪些项目)
has one route per entity type; the type of the entity the name resolves to picks the query.
"""
from __future__ import annotations

import re
import shlex
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef, Variable
from rdflib.query import Result
from rdflib.term import Node

from kg.errors import KgError
from kg.iri import label_key
from kg.model import EntityType
from kg.ns import PREFIXES
from kg.query import load_query, run_query

__all__ = [
    "ALL_TYPES", "FORMS", "AmbiguousName", "AskError", "AskResult", "Form", "Intent", "Resolved", "Route",
    "UnknownName", "UnknownQuestion", "answer_rows", "ask", "forms_help", "normalise_question", "parse_question",
    "resolve_entity",
]

ALL_TYPES: tuple[str, ...] = tuple(t.value for t in EntityType)


# ---------------------------------------------------------------- errors


class AskError(KgError):
    """A question `kg ask` cannot answer as asked; the message says what to ask instead."""


class UnknownQuestion(AskError):
    """The question matches none of the forms; the message lists the forms."""


class UnknownName(AskError):
    """No entity of the expected type has the name as (part of) a label or alias."""


class AmbiguousName(AskError):
    """The name fits several entities equally well; `candidates` holds their labels and types."""

    def __init__(self, message: str, candidates: Sequence[tuple[str, str]]) -> None:
        super().__init__(message)
        self.candidates = list(candidates)


# ---------------------------------------------------------------- forms


@dataclass(frozen=True)
class Route:
    """One way to answer a form: a query in queries/, its parameter, the entity types it takes."""

    query_name: str
    parameter: str
    types: tuple[str, ...] = ()  # empty: the parameter is not an entity (a year)


@dataclass(frozen=True)
class Form:
    """A kind of question: its routes, the wordings that ask it, and how the help text shows it."""

    name: str
    routes: tuple[Route, ...]
    help: str
    patterns: tuple[re.Pattern[str], ...]


def _patterns(*regexes: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(r, re.IGNORECASE) for r in regexes)


# Building blocks of the templates. Questions are normalised first (see normalise_question):
# NFKC (full-width ？，２０２６ -> ?,2026), spaces collapsed, end punctuation and particles dropped.
_X = r"(?P<x>.+?)"
_Y = r"(?P<year>\d{4})"
_WHICH = r"(?:哪些|什么|啥|哪几个|哪个)"
_LIST = r"(?:有哪些|有什么|是什么|是哪些|都有哪些|都有什么|有啥|包括哪些)"
_PROJECT = r"(?:项目|工程)"
_DO = r"(?:参与|参加|承担|投资|建设|实施|承建|负责|推进|开展|牵头|主导|落地)"
_PLAN = r"(?:行动计划|行动|计划|规划|目标任务|目标|指标|举措|措施|部署|安排|任务|打算|战略|工作重点)"
_PLANS = rf"{_PLAN}(?:(?:和|与|及|以及|、|,){_PLAN}|(?:和|与|及|以及|、|,)(?:期限|截止时间|截止日期|时间表|时限))*"
_FIRM = r"(?:企业|公司|单位|厂家|工厂)"
_CN_BY = r"年?(?:底|末)?(?:(?:之|以)?(?:前|内))?"  # 2026年前 / 2026年底前 / 到2026年: by the end of 2026
_TARGET = r"(?:目标|指标|任务)"
_DEADLINE = r"(?:期限|截止时间|截止日期|时间表|时限|到期时间|完成时间|截止年份)"
_EN_TARGETS = r"(?:targets?|goals?)"
_EN_BY = r"(?P<rel>by|before|until|till|through|no later than|not later than|up to)(?: the end of)?(?: year)?"
_EN_PLANS = r"(?:plans?|campaigns?|targets?|goals?|actions?|programmes?|programs?|initiatives?)"
_EN_PLANS_LIST = rf"{_EN_PLANS}(?:(?:,| and|, and) (?:{_EN_PLANS}|deadlines?))*"
_EN_FIRMS = r"(?:enterprises?|companies|company|firms?|businesses)"

ENTERPRISE_PROJECTS = Route("projects-involving", "enterprise", (EntityType.ENTERPRISE.value,))
REGION_ENTITIES = Route("entities-by-region", "region", (EntityType.REGION.value,))
REGION_CAMPAIGNS = Route("campaigns-of-region", "region", (EntityType.REGION.value,))
TARGETS_BY_YEAR = Route("targets-by-deadline", "year")
ABOUT = Route("about", "entity", ALL_TYPES)

# fmt: off
FORMS: tuple[Form, ...] = (
    # first: questions with a year, so that 到2027年要完成哪些目标 is not read as the plans of "到2027年要完成"
    Form("targets-due", (TARGETS_BY_YEAR,), "哪些目标在2026年前到期 / 到2027年要完成哪些目标 / targets due by 2026", _patterns(
        rf"(?:有)?{_WHICH}{_TARGET}(?:要|需要|需|应|应当|将|会|必须)?(?:在|于)?{_Y}{_CN_BY}(?:到期|完成|实现|达成|达到|截止)?",
        rf"(?:到|截至|截止到?|在|于)?{_Y}{_CN_BY}(?:要|需要|需|应|应当|将|会|必须)?(?:完成|实现|达成|达到|到期)?(?:的)?{_WHICH}?{_TARGET}{_LIST}?",
        rf"{_Y}{_CN_BY}(?:要|需要|需|应|将|必须)?(?:完成|实现|达成|到期)的?{_TARGET}?{_LIST}?",
        rf"(?:which|what) {_EN_TARGETS}(?: are| fall| come| will be| must be)?(?: due| met| reached| achieved| completed| ending| expiring| to be (?:met|reached|achieved|completed))? {_EN_BY} {_Y}",
        rf"(?:all )?{_EN_TARGETS}(?: that are| which are)?(?: due| ending| expiring| set| to be (?:met|reached|achieved|completed|done))? {_EN_BY} {_Y}",
        rf"what (?:must|has to|have to|should|needs to|need to|is to|are to) be (?:done|achieved|met|completed|reached) {_EN_BY} {_Y}",
        rf"what(?:'s| is| are)(?: due| to be (?:done|achieved|met|completed|reached))? {_EN_BY} {_Y}",
        # no year: every target with a deadline (the parameter is optional)
        rf"(?:哪些|所有|全部)?{_TARGET}(?:都)?有(?:哪些)?{_DEADLINE}",
        rf"(?:所有|全部)?(?:的)?{_TARGET}(?:的)?{_DEADLINE}{_LIST}?",
        rf"(?:list )?(?:all )?{_EN_TARGETS} (?:by|with|and their) deadlines?",
        rf"(?:which|what) {_EN_TARGETS} have (?:a )?deadlines?",
        r"(?:all )?(?:target|goal) deadlines",
    )),
    Form("enterprises-in", (REGION_ENTITIES,), "X有哪些企业 / 哪些企业在X / which enterprises are in X", _patterns(
        rf"{_X}(?:有|都有|有些|的)?{_WHICH}{_FIRM}(?:(?:和|与|及|、){_PROJECT})?",
        rf"{_X}(?:有|都有|的)?{_WHICH}{_PROJECT}(?:和|与|及|、){_FIRM}",
        rf"(?:在|位于){_X}的{_FIRM}{_LIST}?",
        rf"{_X}的{_FIRM}(?:(?:和|与|及|、){_PROJECT})?{_LIST}?",
        rf"{_WHICH}{_FIRM}(?:在|位于|落户在?|地处|落地在?){_X}(?:落地|落户|有项目|有业务|发展|生产|经营)?",
        rf"(?:which|what) {_EN_FIRMS}(?: and projects)?(?: are| is)?(?: there)?(?: located| based| active| working| operating| registered)? (?:in|at) {_X}",
        rf"(?:which|what) {_EN_FIRMS}(?: and projects)? (?:work|operate|are active|do business) (?:in|at) {_X}",
        rf"{_EN_FIRMS}(?: and projects)?(?: located| based| active)? (?:in|at) {_X}",
        rf"what(?:'s| is| is there)(?: located)? in {_X}",
    )),
    Form("projects-of", (ENTERPRISE_PROJECTS, REGION_ENTITIES),
         "哪些项目涉及X / X参与了哪些项目 / X有哪些项目 / which projects involve X / projects of X", _patterns(
        rf"(?:有)?{_WHICH}{_PROJECT}(?:涉及到?|牵涉到?|关系到|包括|包含|有){_X}(?:参与|参加|投资)?",
        rf"(?:有)?{_WHICH}{_PROJECT}(?:与|和|跟|同){_X}(?:有关|相关|有关系)",
        rf"(?:有)?{_WHICH}{_PROJECT}(?:由|是)?{_X}(?:参与|参加|承担|投资|建设|实施|承建|负责)(?:的)?",
        rf"(?:涉及到?|关于){_X}的{_PROJECT}{_LIST}?",
        rf"{_X}{_DO}(?:了|过)?{_WHICH}{_PROJECT}",
        rf"{_X}{_DO}(?:了|过)?的{_PROJECT}{_LIST}?",
        rf"{_X}(?:有|都有|有些|的)?{_WHICH}{_PROJECT}",
        rf"{_X}的{_PROJECT}{_LIST}?",
        rf"(?:which|what) projects? (?:involve|involves|include|includes|concern|concerns|feature|features|are linked to|are related to|relate to|are run by|are carried out by|are financed by|are funded by) {_X}",
        rf"(?:which|what) projects? (?:does|do|did|is|are|has|have) {_X} (?:involved in|take part in|taken part in|participate in|participated in|run|have|work on|worked on|finance|fund|invest in|invested in|carry out|carried out)",
        rf"(?:which|what) projects? (?:is|are) {_X} (?:involved in|part of|in)",
        rf"(?:which|what) projects? (?:are|is) (?:there )?(?:located |based )?(?:in|at) {_X}",
        rf"projects? (?:of|involving|by|for|with|from|in|at|run by|financed by) {_X}",
        rf"{_X}(?:'s|'|’s|’) projects?",
    )),
    Form("plans-of", (REGION_CAMPAIGNS,), "X有哪些行动/计划/目标 / what does X plan / campaigns of X", _patterns(
        rf"{_X}(?:有|都有|有些|的|制定了|提出了|部署了|安排了|确定了)?{_WHICH}{_PLANS}",
        rf"{_X}的{_PLANS}{_LIST}?",
        rf"{_X}(?:计划|打算|准备|规划|要|将要|将)(?:做|干|搞|开展|实施|推进|完成)?(?:些)?(?:什么|哪些|啥)(?:事|事情|工作|行动)?",
        rf"what (?:does|do|did|will) {_X} (?:plan|intend|aim|want)(?: to do| to achieve)?",
        rf"what (?:are|is) {_X}(?:'s|'|’s|’) {_EN_PLANS_LIST}",
        rf"what (?:are|is) (?:the )?{_EN_PLANS_LIST} (?:of|for|in) {_X}",
        rf"(?:which|what) {_EN_PLANS_LIST} (?:does|do|did) {_X} have",
        rf"(?:which|what) {_EN_PLANS_LIST} (?:are|is) (?:there )?(?:in|for|of) {_X}",
        rf"{_EN_PLANS_LIST} (?:of|for|in) {_X}",
        rf"{_X}(?:'s|'|’s|’) {_EN_PLANS_LIST}",
    )),
    Form("about", (ABOUT,), "关于X / X是什么 / what is known about X / tell me about X", _patterns(
        rf"关于{_X}(?:的(?:一切|信息|情况|资料|内容|事))?(?:有什么|有哪些|知道什么|知道些什么|有什么信息|的)?",
        rf"{_X}是(?:什么|谁|啥|什么东西|哪里|什么地方|哪家企业|什么企业|什么项目|什么行动|什么目标|怎么回事)",
        rf"(?:帮我)?(?:介绍一下|介绍|说说|讲讲|谈谈|查一下|查查|查询|搜索|查找){_X}(?:的(?:情况|信息|资料))?",
        rf"{_X}的(?:情况|信息|资料|详情|简介|介绍|相关信息|全部信息)",
        rf"{_X}有(?:哪些|什么)(?:信息|资料|情况)",
        rf"what (?:is|do we|do you|does the graph) know(?:n)? about {_X}",
        rf"tell me (?:more )?about {_X}",
        rf"(?:about|info on|information on|information about|details of|details on|details about|describe|who is|who's|what is|what's) {_X}",
    )),
)
# fmt: on

FORM_NAMES: tuple[str, ...] = tuple(f.name for f in FORMS)


# the order a person reads them in (FORMS is in the order the templates are tried)
HELP_ORDER: tuple[str, ...] = ("projects-of", "plans-of", "targets-due", "enterprises-in", "about")


def forms_help() -> str:
    """The question forms, one per line, as shown when a question is not understood."""
    by_name = {form.name: form for form in FORMS}
    return "\n".join(f"  {by_name[name].help}" for name in HELP_ORDER)


# ---------------------------------------------------------------- parsing


@dataclass(frozen=True)
class Intent:
    """What a question asks: its form, the routes that can answer it, and the name or year it is about."""

    form: str
    routes: tuple[Route, ...]
    raw_entity: str | None = None
    year: int | None = None

    @property
    def query_name(self) -> str:
        """The query of the first route (the one used unless the name resolves to another route's type)."""
        return self.routes[0].query_name

    @property
    def bindings(self) -> dict[str, str | int]:
        """The first route's parameter bound to the name as asked, or to the year; {} for no year."""
        route = self.routes[0]
        if route.types:
            assert self.raw_entity is not None
            return {route.parameter: self.raw_entity}
        return {route.parameter: self.year} if self.year is not None else {}

    @property
    def types(self) -> tuple[str, ...]:
        """Entity types the name may have: the union over the routes, in route order."""
        return tuple(dict.fromkeys(t for r in self.routes for t in r.types))


_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_LEADING = re.compile(
    r"^(?:请问一下|请问|请告诉我|告诉我|我想知道|想知道|我想了解|想了解|请|麻烦"
    r"|(?:please|can you tell me|could you tell me|i want to know|i'd like to know|show me|list|give me)\b)[\s,:]*",
    re.IGNORECASE)
_TRAILING = re.compile(r"[\s?？!！。.,，、;；:：~～…]+$")
_PARTICLE = re.compile(r"(?<=.)(?:呢|吗|嘛|啊|呀|please)$", re.IGNORECASE)
# a name that still holds a question word was cut from a question the templates do not cover
_QUESTION_WORD = re.compile(r"哪些|什么|哪个|哪里|哪家|\b(?:which|what|who|how)\b|^\d{4}年?$", re.IGNORECASE)
# nor may a region or an enterprise hold a year: answering 青铜峡市到2026年有哪些目标 with the plans of
# 青铜峡市 would drop the year without saying so (a target's label may: 关于2026年淘汰…燃煤锅炉)
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_NAME_QUOTES = "“”‘’「」『』《》〈〉\"'`"


def normalise_question(text: str) -> str:
    """The question with full-width characters folded, spaces collapsed, politeness and end punctuation dropped.

    >>> normalise_question("  请问，哪些项目涉及 华电集团？？ ")
    '哪些项目涉及 华电集团'
    >>> normalise_question("到二〇二七年要完成哪些目标？")
    '到2027年要完成哪些目标'
    """
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[〇零一二三四五六七八九]{4}(?=年)", lambda m: m.group(0).translate(_CN_DIGITS), text)
    text = re.sub(r"\s+", " ", text).strip()
    for _ in range(3):  # 请问，…吗？ has a prefix, a particle and punctuation, in any combination
        before = text
        text = _LEADING.sub("", text)
        text = _TRAILING.sub("", text)
        text = _PARTICLE.sub("", text).strip()
        if text == before:
            break
    return text


def _clean_name(name: str) -> str:
    name = name.strip().strip(_NAME_QUOTES).strip()
    name = re.sub(r"^(?:the|a|an) ", "", name, flags=re.IGNORECASE)
    return name.removeprefix("关于").removesuffix("的").strip().strip(_NAME_QUOTES).strip()


def parse_question(text: str) -> Intent:
    """The Intent of `text`, from the first form whose template matches it whole.

    >>> parse_question("哪些项目涉及华电集团？").bindings
    {'enterprise': '华电集团'}
    >>> parse_question("targets due by 2026").bindings
    {'year': 2026}
    """
    question = normalise_question(text)
    for form in FORMS:
        for pattern in form.patterns:
            m = pattern.fullmatch(question)
            if m is None:
                continue
            groups = m.groupdict()
            if "year" in groups and groups["year"] is not None:
                year = int(groups["year"])
                if (groups.get("rel") or "").lower() == "before":  # "before 2026" leaves 2026 out
                    year -= 1
                return Intent(form.name, form.routes, year=year)
            if "x" in groups:
                name = _clean_name(groups["x"])
                if not name or _QUESTION_WORD.search(name) or (form.name != "about" and _YEAR.search(name)):
                    continue
                return Intent(form.name, form.routes, raw_entity=name)
            return Intent(form.name, form.routes)
    raise UnknownQuestion(f"cannot understand {text.strip()!r}. Forms I understand (X is a name in the graph):\n"
                          f"{forms_help()}")


# ---------------------------------------------------------------- entity lookup

# Every label and alias of every entity, with its class and preferred label.
LABELS_SPARQL = """
SELECT DISTINCT ?entity ?class ?prefLabel ?label
WHERE {
  ?entity a ?class ;
          skos:prefLabel ?prefLabel ;
          skos:prefLabel|skos:altLabel ?label .
  FILTER (?class IN (kg:Region, kg:Enterprise, kg:Project, kg:Campaign, kg:Target))
}
ORDER BY ?class ?prefLabel ?label ?entity
"""

# A name plus one of these is the same place or company (青铜峡 -> 青铜峡市, 华电 -> 华电集团).
NAME_SUFFIXES: tuple[str, ...] = (
    "市", "县", "区", "省", "自治区", "自治州", "自治县", "州", "盟", "旗", "镇", "乡", "街道", "新区", "地区",
    "集团", "公司", "有限公司", "集团公司", "集团有限公司", "股份有限公司", "有限责任公司",
)
MATCH_LEVELS: tuple[str, ...] = ("exact", "suffix", "contains", "contained")


@dataclass(frozen=True)
class Resolved:
    """The entity a name was taken to mean: its preferred label (the value bound), type and how it matched."""

    name: str
    label: str
    type: str
    match: str  # one of MATCH_LEVELS
    entities: tuple[URIRef, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class _Row:
    entity: URIRef
    type: str
    pref: str
    key: str  # label_key of the label or alias


def _key(text: str) -> str:
    return label_key(text).casefold()


def _label_rows(graph: Graph) -> list[_Row]:
    entity, class_, pref, label = (Variable(v) for v in ("entity", "class", "prefLabel", "label"))
    return [_Row(URIRef(r[entity]), str(r[class_]).rsplit("#", 1)[-1], str(r[pref]), _key(str(r[label])))
            for r in graph.query(LABELS_SPARQL, initNs=PREFIXES).bindings]


def _match(rows: Iterable[_Row], name: str) -> tuple[str, list[_Row]]:
    """The best match level for `name` and the rows at that level (none: ("", []))."""
    key = _key(name)
    if not key:
        return "", []
    rows = list(rows)
    levels: dict[str, list[_Row]] = {
        "exact": [r for r in rows if r.key == key],
        "suffix": [r for r in rows if any(r.key == key + s for s in NAME_SUFFIXES)],
        # one character (电) is in too many names to mean any of them
        "contains": [r for r in rows if len(key) >= 2 and key in r.key],
    }
    # a label inside a longer name (青铜峡市人民政府 -> 青铜峡市); only the longest such labels, so that
    # 华电集团63亿元智能化集中供热项目 means the project and not also 华电集团 and 华电
    inside = [r for r in rows if len(r.key.strip("*")) >= 2 and r.key in key]
    levels["contained"] = [r for r in inside if not any(r.key != o.key and r.key in o.key for o in inside)]
    for level in MATCH_LEVELS:
        if levels[level]:
            return level, levels[level]
    return "", []


def _describe_types(types: Sequence[str]) -> str:
    return "entity" if set(types) >= set(ALL_TYPES) else " or ".join(types)


def _suggest(name: str, type: str) -> str:
    """Questions that fit an entity of `type`."""
    by_type = {
        "Enterprise": [f"哪些项目涉及{name}", f"which projects involve {name}"],
        "Region": [f"{name}有哪些企业", f"{name}有哪些行动", f"what does {name} plan"],
    }
    return " / ".join([*by_type.get(type, []), f"关于{name}", f"tell me about {name}"])


def resolve_entity(graph: Graph, name: str, types: Sequence[str] = ALL_TYPES) -> Resolved:
    """The entity of one of `types` that `name` means, by label or alias; AmbiguousName or UnknownName if none.

    The best match level wins (exact, name + suffix, label containing the name, label contained
    in it); at that level the entities must share one preferred label, or one of them must have
    the name itself as its preferred label.
    """
    all_rows = _label_rows(graph)
    rows = [r for r in all_rows if r.type in types]
    level, found = _match(rows, name)
    if not found:
        raise UnknownName(_unknown_message(name, types, all_rows))
    by_label: dict[tuple[str, str], list[URIRef]] = {}
    for r in found:
        by_label.setdefault((r.pref, r.type), []).append(r.entity)
    labels = sorted({pref for pref, _ in by_label})
    if len(labels) > 1:
        own = [pref for pref in labels if _key(pref) == _key(name)]
        if len(own) != 1:
            order = {t: i for i, t in enumerate(ALL_TYPES)}
            candidates = sorted(by_label, key=lambda c: (order.get(c[1], 99), c[0]))
            shown = ", ".join(f"{pref} ({type})" for pref, type in candidates[:12])
            more = f" and {len(candidates) - 12} more" if len(candidates) > 12 else ""
            raise AmbiguousName(f"{name!r} matches several entities: {shown}{more}. Ask again with one of them.",
                                candidates)
        labels = own
    label = labels[0]
    # the same label on entities of two types (rare): the first of `types` wins
    type_ = next(t for t in types if (label, t) in by_label)
    entities = tuple(dict.fromkeys(e for (pref, _), es in by_label.items() if pref == label for e in es))
    return Resolved(name, label, type_, level, entities)


def _unknown_message(name: str, types: Sequence[str], all_rows: list[_Row]) -> str:
    message = (f"no {_describe_types(types)} is called {name!r} in the graph "
               f"(by label or alias, exactly or in part).")
    _, elsewhere = _match([r for r in all_rows if r.type not in types], name)
    if elsewhere:
        order = {t: i for i, t in enumerate(ALL_TYPES)}
        seen = sorted({(r.pref, r.type) for r in elsewhere}, key=lambda c: (order[c[1]], c[0]))
        shown = ", ".join(f"{pref} ({type})" for pref, type in seen[:5])
        more = f" and {len(seen) - 5} more" if len(seen) > 5 else ""
        return f"{message} It names {shown}{more}. Try: {_suggest(name, seen[0][1])}"
    listing = {"Region": "regions", "Project": "projects", "Campaign": "campaigns"}
    queries = [f"kg query {listing[t]}" for t in types if t in listing]
    return message + (f" See the names there are with: {' / '.join(queries)}" if queries else
                      " Check the spelling.")


# ---------------------------------------------------------------- asking


@dataclass(frozen=True)
class AskResult:
    """The answer to a question: the query it became, its bindings, and the query's result."""

    question: str
    intent: Intent
    query_name: str
    source: str  # where the SPARQL came from, e.g. queries/projects-involving.rq
    sparql: str
    bindings: dict[str, Node]
    result: Result
    entity: Resolved | None = None

    @property
    def command(self) -> str:
        """The `kg query` command that gives the same answer."""
        words = ["kg", "query", self.query_name]
        for name, value in self.bindings.items():
            words += ["--bind", _shell_word(f"{name}={value}")]
        return " ".join(words)

    @property
    def row_count(self) -> int:
        return len(self.result.bindings) if self.result.type == "SELECT" else 0

    def summary(self) -> str:
        """One line for people: how the question was read, how many rows, the equivalent command."""
        read = ""
        if self.entity is not None:
            e = self.entity
            same = _key(e.name) == _key(e.label)
            read = f"{e.label} ({e.type})" if same else f"{e.name} -> {e.label} ({e.type}, {e.match} match)"
            read = f"{read}; "
        rows = f"{self.row_count} row{'s' if self.row_count != 1 else ''}"
        return f"{read}{rows} from: {self.command}"

    def show_query(self) -> str:
        """The SPARQL that ran, headed by its source and bound values (what --show-query prints)."""
        lines = [f"# {self.source}"]
        for name, value in self.bindings.items():
            shown = str(value) if isinstance(value, Literal) and isinstance(value.value, int) else value.n3()
            lines.append(f"# ?{name} = {shown}")
        return "\n".join(lines) + "\n" + self.sparql.rstrip("\n") + "\n"


def _shell_word(word: str) -> str:
    return word if re.fullmatch(r"[^\s'\"\\$`!*?;&|<>()#~{}\[\]]+", word) else shlex.quote(word)


def ask(graph: Graph, question: str | Intent, *, folder: Path | None = None) -> AskResult:
    """Answer `question` (text, or an Intent from parse_question) on `graph` with a query from the library."""
    intent = question if isinstance(question, Intent) else parse_question(question)
    text = question if isinstance(question, str) else ""
    entity: Resolved | None = None
    route = intent.routes[0]
    bindings: dict[str, Node] = {}
    if route.types:
        assert intent.raw_entity is not None
        entity = resolve_entity(graph, intent.raw_entity, intent.types)
        route = next(r for r in intent.routes if entity.type in r.types)
        bindings[route.parameter] = Literal(entity.label)  # what `--bind region=青铜峡市` binds
    elif intent.year is not None:
        bindings[route.parameter] = Literal(intent.year)  # what `--bind year=2026` binds
    sparql, source = load_query(route.query_name, folder=folder)
    result = run_query(graph, sparql, source=source, bindings=bindings)
    return AskResult(text, intent, route.query_name, source, sparql, bindings, result, entity)


def answer_rows(result: AskResult | Result) -> list[tuple[str, ...]]:
    """Rows of a SELECT answer as tuples of printed cells ('' for unbound), for tests and scripts."""
    from kg.query import shorten

    res = result.result if isinstance(result, AskResult) else result
    return [tuple(shorten(row.get(v)) for v in res.vars or []) for row in res.bindings]
