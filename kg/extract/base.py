"""What every extractor works on: a document with its tokens, and helpers for name edges."""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from kg.extract.lexicon import (
    CLAUSE_WORDS,
    NAME_BREAK,
    QUOTE_CLOSE,
    QUOTE_OPEN,
    clause_words,
    pos_tags,
)
from kg.model import EntityType, Mention
from kg.segment import Token
from kg.text import Document, Sentence


@dataclass(frozen=True)
class Segmented:
    """A document plus its word tokens; extractors are pure functions of this."""

    doc: Document
    tokens: tuple[Token, ...]
    notes: dict[str, Any] = field(default_factory=dict, compare=False)

    @cached_property
    def starts(self) -> list[int]:
        return [t.start for t in self.tokens]

    @cached_property
    def boundaries(self) -> frozenset[int]:
        """Offsets where a token starts or ends."""
        out: set[int] = set()
        for t in self.tokens:
            out.add(t.start)
            out.add(t.end)
        return frozenset(out)

    def tokens_in(self, start: int, end: int) -> list[Token]:
        i = bisect_left(self.starts, start)
        out = []
        while i < len(self.tokens) and self.tokens[i].start < end:
            out.append(self.tokens[i])
            i += 1
        return out

    def token_ending_at(self, end: int) -> Token | None:
        i = bisect_left(self.starts, end) - 1
        if i >= 0 and self.tokens[i].end == end:
            return self.tokens[i]
        return None

    def token_at(self, offset: int) -> Token | None:
        i = bisect_left(self.starts, offset + 1) - 1
        if i >= 0 and self.tokens[i].start <= offset < self.tokens[i].end:
            return self.tokens[i]
        return None

    def mention(self, type: EntityType, start: int, end: int, source: str, **data: Any) -> Mention:
        """A mention of `doc.text[start:end]`: the one place offsets become mentions."""
        sent = self.doc.sentence_at(start)
        return Mention(type, self.doc.text[start:end], start, end, sent.index, source, data)


Extractor = Callable[[Segmented], Iterable[Mention]]


def sentence_matches(seg: Segmented, pattern: re.Pattern[str]) -> Iterator[tuple[Sentence, re.Match[str]]]:
    """Every match of `pattern` inside a sentence (a name never runs across a sentence end), with its sentence."""
    for sent in seg.doc.sentences:
        for m in pattern.finditer(seg.doc.text, sent.start, sent.end):
            yield sent, m


def clause_start(text: str, sent: Sentence, pos: int, marks: str = "，；：。") -> int:
    """Where the clause holding `pos` begins, within its sentence."""
    cut = max(text.rfind(ch, sent.start, pos) for ch in marks)
    return sent.start if cut < sent.start else cut + 1


def list_members(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of the members of the 、-separated list in text[start:end]."""
    out = []
    s = start
    for i in range(start, end):
        if text[i] == "、":
            out.append((s, i))
            s = i + 1
    out.append((s, end))
    return out


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of “…” quotations (including the marks) in `text`."""
    spans = []
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch in "“‘「『":
            stack.append(i)
        elif ch in "”’」』" and stack:
            spans.append((stack.pop(), i + 1))
    return sorted(spans)


def left_edge(seg: Segmented, sent: Sentence, head_start: int, *, max_chars: int,
              stop: frozenset[str] | None = None, allow_quotes: bool = True, lists: bool = False,
              member_ok: Callable[[int, int], bool] | None = None, verbs_in_names: bool = False,
              etc: bool = False) -> int:
    """Where a name that ends with the head word at `head_start` begins.

    Walk back token by token from the head; stop at punctuation, at a clause word
    (verb, function word), or when the name would grow past `max_chars`. With
    `lists`, members that share the head (脱硫、脱硝和除尘升级改造) stay in the name;
    with `etc` too, a list closed by 等 does (赵口、陆浑、渠村等灌区现代化改造: GUIDELINE.md).
    """
    text = seg.doc.text
    stop = clause_words() if stop is None else stop
    pos = head_start
    lo = max(sent.start, head_start - max_chars)
    while pos > lo:
        ch = text[pos - 1]
        if ch in QUOTE_CLOSE and allow_quotes:
            # take a whole quotation that sits directly before the head
            open_at = _quote_open_before(text, pos - 1, lo)
            if open_at is None:
                break
            pos = open_at
            continue
        if lists and ch in "、和及" and pos - 1 > lo and text[pos - 2] not in NAME_BREAK:
            member_start = _member_before(seg, sent, pos - 1, lo, stop, member_ok)
            if member_start is None:
                break
            pos = member_start
            continue
        if ch in "）)":
            inner = re.match(r"(?:.*[（(])?([\u4e00-\u9fff]{1,6})[）)]$", text[max(lo, pos - 8) : pos])
            if inner and not re.fullmatch(r"[一二三四五六七八九十]+", inner.group(1)) and pos - len(inner.group(1)) - 2 >= lo:
                pos -= len(inner.group(1)) + 2  # 中国（绵阳）科技城, 河（湖）长制: a short gloss inside the name
                continue
            break
        if ch in NAME_BREAK or ch in QUOTE_OPEN:
            break
        tok = seg.token_ending_at(pos)
        if tok is None:
            tok = seg.token_at(pos - 1)
            if tok is None:
                break
        start = max(tok.start, lo)
        if etc and tok.text == "等" and tok.start > lo:
            member_start = _member_before(seg, sent, tok.start, lo, stop, member_ok)
            if member_start is None:
                break
            pos = member_start
            continue
        if tok.text in stop or text[start:pos] in stop or _split_stop_word(seg, pos, stop):
            if not (verbs_in_names and _object_verb(seg, tok, sent, stop)):
                break
        if tok.start < lo:
            break
        pos = start
    close = _CLOSE_BRACKET.search(text, pos, head_start) if text[pos : pos + 1] in ("（", "(") else None
    if close:
        pos = close.end()  # a gloss that opens the span is no part of the name
    return pos


_CLOSE_BRACKET = re.compile(r"[）)]")


def _member_before(seg: Segmented, sent: Sentence, end: int, lo: int, stop: frozenset[str],
                   member_ok: Callable[[int, int], bool] | None) -> int | None:
    """Where the list member ending at `end` (before 、/和/及 or 等) starts, if it is a name of 2 to 8 characters."""
    start = left_edge(seg, sent, end, max_chars=8, stop=stop)
    if end - start >= 2 and start > lo and (member_ok is None or member_ok(start, end)):
        return start
    return None


def _split_stop_word(seg: Segmented, pos: int, stop: frozenset[str]) -> bool:
    """A clause word the segmenter cut into pieces (新|一|轮) still ends the name."""
    last = seg.token_ending_at(pos)
    if last is None:
        return False
    text = seg.doc.text
    return any(pos - n in seg.boundaries and text[pos - n : pos] in stop for n in (2, 3) if len(last.text) < n)


def drop_particles(seg: Segmented, start: int, end: int, chars: str = "好要将把对在为让使") -> int:
    """Move `start` past one-character verbs and particles (打好|污染防治攻坚战), never into a word (要素)."""
    while start < end and seg.doc.text[start] in chars and (tok := seg.token_at(start)) is not None and tok.end == start + 1:
        start += 1
    return start


# Verbs of titles won: what follows them is held, never part of a name (入选…试点).
_HELD = frozenset("入选 获批 获评 入列 评为 荣获 获得 成为 列入 纳入".split())
_NOUN_TAGS = frozenset({"n", "nz", "ns", "nt", "vn", "j", "nrt", "an"})


def _object_verb(seg: Segmented, tok: Token, sent: Sentence, stop: frozenset[str]) -> bool:
    """A verb right after a noun (问题整改, 污染防治) belongs to a name; after an adverb or a clause start it is the predicate."""
    if not pos_tags().get(tok.text, "").startswith("v") or tok.text in _HELD or tok.text in CLAUSE_WORDS:
        return False  # the genre's own clause verbs (实施, 推进, 赋予, 是) never sit inside a name
    before = seg.token_ending_at(tok.start)
    if before is None or before.start < sent.start or before.text in stop:
        return False
    tag = pos_tags().get(before.text)
    return tag in _NOUN_TAGS or (tag is None and len(before.text) >= 2)  # 减煤|加氢: an unknown compound is no predicate


def _quote_open_before(text: str, close_at: int, lo: int) -> int | None:
    for j in range(close_at - 1, lo - 1, -1):
        if text[j] in QUOTE_OPEN:
            return j
        if text[j] in "。；\n":
            return None
    return None


def skip_words(seg: Segmented, start: int, end: int, *word_sets: frozenset[str]) -> int:
    """Move `start` past the tokens of text[start:end] that are words of any of `word_sets` (推进|加快|…)."""
    for tok in seg.tokens_in(start, end):
        if not any(tok.text in words for words in word_sets):
            break
        start = tok.end
    return start


def strip_leading(text: str, start: int, end: int, words: Iterable[str]) -> int:
    """Move `start` past any of `words` that open text[start:end] (longest first)."""
    ordered = sorted(words, key=len, reverse=True)
    changed = True
    while changed:
        changed = False
        for w in ordered:
            if text.startswith(w, start) and start + len(w) < end:
                start += len(w)
                changed = True
                break
    return start
