"""Fixtures shared by the tests: a small hand-made extraction result and its graph."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.model import DocResult, Entity, EntityType, Mention, Relation, RelationType
from kg.text import Document

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

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


@pytest.fixture
def sample_result() -> DocResult:
    return make_sample_result()


@pytest.fixture
def sample_graph(sample_result):
    from kg.graph import build_graph

    return build_graph([sample_result])
