"""Fixtures shared by the tests: a small hand-made extraction result and its graph."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.model import DocResult, Entity, EntityType, Mention, Relation, RelationType
from kg.text import Document

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Sentences and names of the fixtures, shared by the query and ask tests.
S0 = "1.实施“蓝天工程”，让天常蓝。"
S1 = "加快华电灵武电厂热电联产集中供热工程建设，力争2026年淘汰市区范围内全部燃煤锅炉。"
S2 = "华电集团63亿元智能化集中供热等项目在青铜峡市落地。"
T0 = "吴忠市青铜峡市持续实施蓝天工程，到2025年空气质量优良天数比率达到85%。"
T1 = "青铜峡铝业在青铜峡市建设电解铝节能改造项目，中国华电集团参与投资。"
P_HEAT = "华电灵武电厂热电联产集中供热工程"
P_63 = "华电集团63亿元智能化集中供热"
GROUP = "中国华电集团有限公司"  # canonical name in kg/data/enterprises.tsv
TARGET_2026 = "2026年淘汰市区范围内全部燃煤锅炉"

SAMPLE_TEXT = (
    "1.实施“蓝天工程”，让天常蓝。"
    "加快华电灵武电厂热电联产集中供热工程建设，力争2026年淘汰市区范围内全部燃煤锅炉。\n"
    "华电集团63亿元智能化集中供热等项目在青铜峡市落地。"
)


def _mention(doc: Document, type: EntityType, text: str, source: str, nth: int = 0, **data) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(text, start + 1)
    return Mention(type, text, start, start + len(text), doc.sentence_at(start).index, source, data)


def make_sample_result() -> DocResult:
    """Three sentences with one entity of each type and one relation of each type."""
    doc = Document.from_text("sample", SAMPLE_TEXT)
    T = EntityType
    ents = [
        Entity("e1", T.CAMPAIGN, "“蓝天工程”", [_mention(doc, T.CAMPAIGN, "“蓝天工程”", "campaign.quoted")]),
        Entity("e2", T.PROJECT, "华电灵武电厂热电联产集中供热工程",
               [_mention(doc, T.PROJECT, "华电灵武电厂热电联产集中供热工程", "project.suffix")]),
        Entity("e3", T.ENTERPRISE, "华电集团", [_mention(doc, T.ENTERPRISE, "华电集团", "enterprise.suffix")]),
        Entity("e4", T.PROJECT, "华电集团63亿元智能化集中供热",
               [_mention(doc, T.PROJECT, "华电集团63亿元智能化集中供热", "project.list")],
               data={"amount": 6300000000, "currency": "CNY"}),
        Entity("e5", T.TARGET, "2026年淘汰市区范围内全部燃煤锅炉",
               [_mention(doc, T.TARGET, "2026年淘汰市区范围内全部燃煤锅炉", "target.clause")],
               data={"metric": "市区范围内燃煤锅炉", "value": "全部淘汰", "deadline": "2026年", "year": 2026}),
        Entity("e6", T.REGION, "青铜峡市", [_mention(doc, T.REGION, "青铜峡市", "region.gazetteer")],
               data={"code": "640381", "level": "county"}),
        Entity("e7", T.ENTERPRISE, "华电灵武电厂", [_mention(doc, T.ENTERPRISE, "华电灵武电厂", "enterprise.suffix")]),
    ]
    s = doc.sentences
    R = RelationType
    rels = [
        Relation(R.INVOLVES, "e4", "e3", s[2].index, s[2].start, s[2].end, "relate.nested"),
        Relation(R.INVOLVES, "e2", "e7", s[1].index, s[1].start, s[1].end, "relate.nested"),
        Relation(R.PART_OF, "e2", "e1", s[1].index, s[1].start, s[1].end, "relate.heading", heading=0),
        Relation(R.HAS_TARGET, "e2", "e5", s[1].index, s[1].start, s[1].end, "relate.clause"),
        Relation(R.LOCATED_IN, "e4", "e6", s[2].index, s[2].start, s[2].end, "relate.sentence"),
    ]
    return DocResult(doc, ents, rels)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/fixtures/*/expected.* (review the diff)")


# A second document: a region holding a target shared with a campaign, an enterprise and a project.
REGIONAL_TEXT = ("吴忠市青铜峡市持续实施蓝天工程，到2025年空气质量优良天数比率达到85%。"
                 "青铜峡铝业在青铜峡市建设电解铝节能改造项目，中国华电集团参与投资。")
TARGET_2025 = "2025年空气质量优良天数比率达到85%"
P_ALU = "电解铝节能改造项目"


def make_regional_result(doc_id: str = "second") -> DocResult:
    """A second document that shares 蓝天工程, 青铜峡市 and 华电集团 (as the alias 中国华电集团) with the sample."""
    doc = Document.from_text(doc_id, REGIONAL_TEXT)
    T, R = EntityType, RelationType

    def mention(type: EntityType, text: str, source: str, nth: int = 0) -> Mention:
        start = -1
        for _ in range(nth + 1):
            start = doc.text.index(text, start + 1)
        return Mention(type, text, start, start + len(text), doc.sentence_at(start).index, source)

    ents = [
        Entity("r1", T.REGION, "吴忠市", [mention(T.REGION, "吴忠市", "region.gazetteer")],
               data={"code": "640300", "level": "city"}),
        Entity("r2", T.REGION, "青铜峡市", [mention(T.REGION, "青铜峡市", "region.gazetteer"),
                                          mention(T.REGION, "青铜峡市", "region.gazetteer", 1)],
               data={"code": "640381", "level": "county"}),
        Entity("c1", T.CAMPAIGN, "蓝天工程", [mention(T.CAMPAIGN, "蓝天工程", "campaign.lexicon")]),
        Entity("t1", T.TARGET, TARGET_2025, [mention(T.TARGET, TARGET_2025, "target.clause")],
               data={"metric": "空气质量优良天数比率", "comparator": "达到", "value": "85%", "number": 85,
                     "unit": "%", "deadline": "2025年", "year": 2025}),
        Entity("n1", T.ENTERPRISE, "青铜峡铝业", [mention(T.ENTERPRISE, "青铜峡铝业", "enterprise.lexicon")]),
        Entity("p1", T.PROJECT, P_ALU, [mention(T.PROJECT, P_ALU, "project.suffix")]),
        Entity("n2", T.ENTERPRISE, "华电集团", [mention(T.ENTERPRISE, "中国华电集团", "enterprise.lexicon")]),
    ]
    s = doc.sentences

    def rel(type: RelationType, head: str, tail: str, i: int) -> Relation:
        return Relation(type, head, tail, s[i].index, s[i].start, s[i].end, "relate.sentence")

    rels = [rel(R.HAS_TARGET, "c1", "t1", 0), rel(R.HAS_TARGET, "r2", "t1", 0), rel(R.LOCATED_IN, "n1", "r2", 1),
            rel(R.LOCATED_IN, "p1", "r2", 1), rel(R.INVOLVES, "p1", "n1", 1), rel(R.INVOLVES, "p1", "n2", 1)]
    return DocResult(doc, ents, rels)


@pytest.fixture
def sample_result() -> DocResult:
    return make_sample_result()


@pytest.fixture
def sample_graph(sample_result):
    from kg.graph import build_graph

    return build_graph([sample_result])
