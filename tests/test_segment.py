"""Word segmentation: offsets, whitespace, merged place names, and the real model on the seeds."""
from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.resources import PKUSEG_MODEL, ensure_asset
from kg.segment import locate, merge_names, segment, user_words

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


# --- pure helpers (no model) --------------------------------------------------------------------

# fmt: off
LOCATE_CASES = [
    ("青铜峡市落地",         ["青铜峡市", "落地"],  [(0, 4), (4, 6)]),
    ("  a b\n\n　c ",        ["a", "b", "c"],       [(2, 3), (4, 5), (8, 9)]),    # pkuseg drops whitespace
    ("好好学习好好",         ["好好", "学习", "好好"], [(0, 2), (2, 4), (4, 6)]),    # repeats: scan moves on
]
# fmt: on


@pytest.mark.parametrize("text,words,spans", LOCATE_CASES)
def test_locate_gives_offsets(text, words, spans):
    got = locate(text, words)
    assert [(t.start, t.end) for t in got] == spans
    assert all(text[t.start : t.end] == t.text for t in got)


def test_locate_rejects_words_not_in_text():
    with pytest.raises(ValueError, match="not found"):
        locate("abc", ["x"])


# fmt: off
MERGE_CASES = [
    ("广西壮族自治区政府", ["广西", "壮族", "自治区", "政府"], ["广西壮族自治区", "政府"]),
    ("广西 壮族自治区",    ["广西", "壮族", "自治区"],         ["广西", "壮族", "自治区"]),   # not contiguous
    ("高沙窝、下马关",     ["高", "沙窝", "、", "下马关"],     ["高沙窝", "、", "下马关"]),
    ("规上高新",           ["规上", "高新"],                   ["规上", "高新"]),             # never splits
]
# fmt: on


@pytest.mark.parametrize("text,words,expected", MERGE_CASES)
def test_merge_names_joins_only_whole_tokens(text, words, expected):
    names = frozenset({"广西壮族自治区", "高沙窝", "上高县"})
    merged = merge_names(locate(text, words), text, names)
    assert [t.text for t in merged] == expected
    assert all(text[t.start : t.end] == t.text for t in merged)


# --- the real model (downloads pkuseg once into the cache) ------------------------------------

@pytest.fixture(scope="module")
def model() -> None:
    ensure_asset(PKUSEG_MODEL)


# fmt: off
SEGMENT_CASES = [
    ("支持利通区、青铜峡市围绕装备制造", ["支持", "利通区", "、", "青铜峡市", "围绕", "装备", "制造"]),
    ("重点实施牛首山抽水蓄能电站",       ["重点", "实施", "牛首山", "抽水", "蓄能", "电站"]),
    ("贺兰山东麓",                       ["贺兰山", "东麓"]),   # a gazetteer user_dict made this 贺兰/山东/麓
    ("下马关",                           ["下马关"]),           # … and this 下/马关
    ("创新平台",                         ["创新", "平台"]),     # … and this 创/新平/台
    ("2026年广西壮族自治区政府工作报告", ["2026年", "广西壮族自治区", "政府", "工作", "报告"]),
    ("",                                 []),
    (" \n\t　",                          []),
]
# fmt: on


@pytest.mark.parametrize("text,expected", SEGMENT_CASES)
def test_segment(model, text, expected):
    assert [t.text for t in segment(text)] == expected


def test_segment_keeps_offsets_across_whitespace(model):
    text = "  青铜峡市 落地\n\n华电集团　投资 "
    toks = segment(text)
    assert all(text[t.start : t.end] == t.text for t in toks)
    assert "".join(t.text for t in toks) == "".join(text.split())
    assert toks[0].start == 2


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_seeds_are_covered_exactly(model, path):
    text = path.read_text(encoding="utf-8")
    toks = segment(text)
    assert all(text[t.start : t.end] == t.text for t in toks)
    assert all(a.end <= b.start for a, b in pairwise(toks))
    gaps = "".join(text[a.end : b.start] for a, b in pairwise(toks))
    assert gaps.strip() == ""  # only whitespace is left out
    assert sum(len(t.text) for t in toks) == sum(not c.isspace() for c in text)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("青铜峡市利通区的和发展 \n\t　ab1.，。“”*"), max_size=60))
def test_offsets_point_into_any_text(text):
    ensure_asset(PKUSEG_MODEL)
    toks = segment(text)
    assert all(text[t.start : t.end] == t.text for t in toks)
    assert sum(len(t.text) for t in toks) == sum(not c.isspace() for c in text)


def test_user_words_are_gazetteer_names_of_three_characters_or_more(model):
    words = user_words()
    assert {"广西壮族自治区", "青铜峡市", "高沙窝", "青铜峡"} <= words
    assert "和县" not in words and "吴忠" not in words
    assert min(map(len, words)) >= 3
