"""Chinese word segmentation with spacy-pkuseg, with character offsets into the text.

spacy_pkuseg's `user_dict` list is a forced greedy pre-split, not a hint: on the
seeds plus 25 government work reports (0.5 M characters), gazetteer names with
short forms broke words (贺兰山东麓 -> 贺兰/山东/麓, 下马关 -> 下/马关, 创新平台 ->
创/新平/台) and even full names alone did (示范县 -> 示/范县, 适应城市 -> 适/应城市,
山东省委 -> 山东省/委), while `user_dict="default"` already keeps 青铜峡市, 牛首山
and 华电集团 whole. So we use the default dictionary and only *merge* adjacent
tokens that spell a gazetteer name of 3+ characters (广西/壮族/自治区, 高/沙窝): 33
merges on that text, none wrong, and no token is ever split.
"""
from __future__ import annotations

import contextlib
import io
import sys
from dataclasses import dataclass
from functools import cache
from typing import Any

from kg.resources import PKUSEG_MODEL, ensure_asset

# Longest run of model tokens merged into one place name (香港/特别/行政区 is 3).
_MAX_MERGE = 5


@dataclass(frozen=True, slots=True)
class Token:
    """A word: `text == source[start:end]`."""

    text: str
    start: int
    end: int


@cache
def get_segmenter() -> Any:
    """The pkuseg segmenter, loaded once per process (3-5 s)."""
    import spacy_pkuseg  # heavy (numpy, a 180 MB model): only when text is segmented

    folder = ensure_asset(PKUSEG_MODEL, lambda msg: print(msg, file=sys.stderr))
    # It prints "features.msgpack does not exist, try loading features.pkl" on every
    # load; the .pkl is what the wheel ships and loads fine.
    with contextlib.redirect_stderr(io.StringIO()):
        return spacy_pkuseg.pkuseg(model_name=str(folder), user_dict="default")


@cache
def user_words() -> frozenset[str]:
    """Gazetteer names of 3+ characters: runs of tokens that `segment` joins into one.

    Two-character names and short forms are left out: their tokens meet by
    accident (规上/高 is not 上高县, 和/县 is not 和县).
    """
    from kg.gazetteer import load_gazetteer

    return frozenset(name for name in load_gazetteer().names() if len(name) >= 3)


def segment(text: str) -> list[Token]:
    """Split `text` into words with offsets; whitespace belongs to no token.

    >>> [t.text for t in segment("支持利通区、青铜峡市发展")]
    ['支持', '利通区', '、', '青铜峡市', '发展']
    """
    if not text.strip():
        return []
    words = get_segmenter().cut(text)
    return merge_names(locate(text, words), text, user_words())


def locate(text: str, words: list[str]) -> list[Token]:
    """Give each word its offsets by scanning `text`; pkuseg drops whitespace and offsets."""
    tokens: list[Token] = []
    pos = 0
    for word in words:
        start = text.find(word, pos)
        if start < 0:  # not expected: pkuseg returns slices of its input
            raise ValueError(f"segmenter returned {word!r}, not found in the text after offset {pos}")
        tokens.append(Token(word, start, start + len(word)))
        pos = start + len(word)
    return tokens


def merge_names(tokens: list[Token], text: str, names: frozenset[str]) -> list[Token]:
    """Join runs of adjacent tokens that together spell one of `names`; never split a token."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        for n in range(min(_MAX_MERGE, len(tokens) - i), 1, -1):
            start, end = tokens[i].start, tokens[i + n - 1].end
            span = text[start:end]
            # contiguous: no whitespace between the tokens, so the span is their concatenation
            if span in names and end - start == sum(len(t.text) for t in tokens[i : i + n]):
                out.append(Token(span, start, end))
                i += n
                break
        else:
            out.append(tokens[i])
            i += 1
    return out
