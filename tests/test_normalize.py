"""Numbers, amounts, deadlines and target fields as the texts write them (text, expected) tables."""
from __future__ import annotations

from decimal import Decimal

import pytest

from kg.extract.target import _deadline, is_review_heading
from kg.normalize import chinese_int, parse_amount, parse_number
from kg.pipeline import extract_document
from kg.text import Document

# fmt: off
NUMBERS = [
    ("63亿", Decimal("6300000000")), ("千亿", Decimal("100000000000")), ("1.5万", Decimal("15000.0")),
    ("三", Decimal(3)), ("二十", Decimal(20)), ("十", Decimal(10)), ("100", Decimal(100)),
    ("3.7", Decimal("3.7")), ("两万", Decimal(20000)), ("1.2万亿", Decimal("1200000000000.0")),
    ("abc", None), ("", None),
]
CHINESE = [("三十五", 35), ("十", 10), ("十二", 12), ("一百零五", 105), ("二〇二六", 2026), ("两千", 2000), ("x", None)]
AMOUNTS = [
    ("63亿元", {"amount": Decimal("6300000000"), "currency": "CNY", "amount_text": "63亿元"}),
    ("总投资3000万元", {"amount": Decimal("30000000"), "currency": "CNY", "amount_text": "3000万元"}),
    ("百亿元", {"amount": Decimal("10000000000"), "currency": "CNY", "amount_text": "百亿元"}),
    ("***亿元", {}),                                    # masked: no value
    ("一批", {}),
]
DEADLINES = [   # (phrase, section year, document year) -> (year, text)
    ("到2027年", None, 2026, (2027, "2027年")),
    ("2030年前", None, 2026, (2030, "2030年前")),
    ("年内", None, 2026, (2026, "年内")),
    ("三年内", None, 2026, (2028, "三年内")),
    ("二年内", None, None, (None, "二年内")),           # no document date: left open
    ("“十五五”末", None, 2026, (2030, "“十五五”末")),
    ("", 2026, 2026, (2026, "2026年")),                  # the section heading's year
    ("", None, 2026, (None, "")),
]
REVIEW_HEADINGS = [
    ("一、2025年工作回顾", 2026, True),
    ("一、2025年主要工作和“十四五”发展成就", 2026, True),
    ("二、“十五五”时期的主要目标任务", 2026, False),
    ("三、2026年重点工作", 2026, False),
    ("一、提高认识，把握大势", None, False),
]
TARGETS = [  # sentence -> {label: (metric, comparator, number, unit, year)}
    ("今年主要预期目标是：地区生产总值增长5%左右，城镇新增就业21万人。",
     {"地区生产总值增长5%左右": ("地区生产总值", "增长", Decimal(5), "percent", None),
      "城镇新增就业21万人": ("城镇", "新增", Decimal(210000), "人", None)}),
    ("到2030年，粮食产量达到900亿斤以上。",
     {"到2030年，粮食产量达到900亿斤以上": ("粮食产量", "达到", Decimal(90000000000), "斤", 2030)}),
    ("统筹河道水域，防洪标准达到百年一遇。",
     {"防洪标准达到百年一遇": ("防洪标准", "达到", None, None, None)}),
]
# fmt: on


@pytest.mark.parametrize("text,expected", NUMBERS)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text,expected", CHINESE)
def test_chinese_int(text, expected):
    assert chinese_int(text) == expected


@pytest.mark.parametrize("text,expected", AMOUNTS)
def test_parse_amount(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize("phrase,section_year,doc_year,expected", DEADLINES)
def test_deadline(phrase, section_year, doc_year, expected):
    assert _deadline(phrase, section_year, doc_year) == expected


@pytest.mark.parametrize("heading,doc_year,expected", REVIEW_HEADINGS)
def test_review_headings(heading, doc_year, expected):
    assert is_review_heading(heading, doc_year) is expected


@pytest.mark.parametrize("text,expected", TARGETS)
def test_target_fields(text, expected):
    result = extract_document(Document.from_text("t", text))
    got = {e.label: (e.data.get("metric"), e.data.get("comparator"), e.data.get("number"), e.data.get("unit"),
                     e.data.get("year")) for e in result.entities if e.type == "Target"}
    assert got == expected


def test_relative_deadline_resolves_against_the_given_date():
    result = extract_document(Document.from_text("t", "二年内消除市区黑臭水体。", date="2026-01-26"))
    target = next(e for e in result.entities if e.type == "Target")
    assert (target.data["deadline"], target.data["year"]) == ("二年内", 2027)
