"""Documents: read, normalise line ends, split into paragraphs and sentences with offsets."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from kg.errors import InputError

# A sentence ends at 。！？ (plus any closing quotes) or at a line end.
_SENTENCE_END = re.compile(r"[。！？!?][”’」』）)]*|\n")
# Section numbering, outermost first: 一、 / （一） / 1. 1、 / 一是 第一，
_HEADING_LEVELS = (
    re.compile(r"^[一二三四五六七八九十]+、"),
    re.compile(r"^[（(][一二三四五六七八九十]+[）)]"),
    re.compile(r"^\d{1,2}[.．、](?!\d)"),
    re.compile(r"^(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[，,、]|[一二三四五六七八九十]+要)"),
)
_TITLE_WORD = re.compile(r"(?:报告|讲话|发言|规划|方案|意见|纲要|计划|致辞)")
_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})年")
_SPEAKER = re.compile(
    r"^(?P<role>[\u4e00-\u9fff]{0,14}?(?:副?省长|副?市长|副?主席|书记|副?区长|副?县长|州长|盟长))\s+(?P<name>[\u4e00-\u9fff]{2,4})$"
)
_DATE = re.compile(r"((?:19|20)\d{2})[年\-.](\d{1,2})[月\-.](\d{1,2})日?")


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    paragraph: int
    heading_level: int  # 1..4 for numbered section starts, 0 otherwise
    first_in_paragraph: bool


@dataclass(frozen=True)
class Document:
    """One input text. `id` is the file stem, as the scorer expects."""

    id: str
    text: str
    path: str = ""
    encoding: str = "utf-8"
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def from_text(cls, doc_id: str, text: str, **extra: Any) -> Document:
        return cls(id=doc_id, text=normalise(text), extra=extra)

    @classmethod
    def from_file(cls, path: Path, **extra: Any) -> Document:
        """Read a text file: UTF-8, else GB18030; refuse binary and empty files."""
        try:
            raw = path.read_bytes()
        except OSError as e:
            raise InputError(f"{path}: cannot be read ({e.strerror}).") from None
        if b"\x00" in raw[:8192]:
            raise InputError(f"{path}: looks like a binary file, not text. Pass UTF-8 .txt files.")
        text, encoding = decode(raw, path)
        text = normalise(text)
        if not text.strip():
            raise InputError(f"{path}: is empty. Remove it or add the document's text.")
        return cls(id=path.stem, text=text, path=str(path), encoding=encoding, extra=extra)

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @cached_property
    def sentences(self) -> list[Sentence]:
        return split_sentences(self.text)

    @cached_property
    def title(self) -> str:
        """A short line near the top that names the document's genre (报告, 讲话…), if any."""
        lines = [ln.strip() for ln in self.text.split("\n")[:20] if ln.strip()]
        for line in lines:
            if len(line) <= 60 and _TITLE_WORD.search(line) and not re.search(r"[。；]", line):
                return line
        return ""

    @cached_property
    def year(self) -> int | None:
        """The document's year, read from its title or its opening lines, if stated."""
        if self.extra.get("date"):
            return int(str(self.extra["date"])[:4])
        m = _YEAR_IN_TITLE.search(self.title) or _DATE.search(self.text[:400])
        return int(m.group(1)) if m else None

    @cached_property
    def date(self) -> str | None:
        """The date the document was given (ISO), from `--date` or its opening lines (——2026年1月26日在…)."""
        if self.extra.get("date"):
            return str(self.extra["date"])
        m = _DATE.search(self.text[:400])
        return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None

    @cached_property
    def speaker(self) -> tuple[str, str] | None:
        """(name, role) from a signature line near the top (广东省省长 孟凡利), if any."""
        for line in self.text.split("\n")[:25]:
            m = _SPEAKER.match(line.strip())
            if m:
                return m.group("name"), m.group("role")
        return None

    def metadata(self) -> dict[str, Any]:
        out: dict[str, Any] = {"sha256": self.sha256}
        if self.title:
            out["title"] = self.title
        if self.year:
            out["year"] = self.year
        if self.date:
            out["date"] = self.date
        if self.speaker:
            out["speaker"], out["role"] = self.speaker
        if self.path:
            out["path"] = self.path
            out["encoding"] = self.encoding
        return out

    def sentence_at(self, offset: int) -> Sentence:
        """The sentence holding character `offset`."""
        lo, hi = 0, len(self.sentences) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.sentences[mid].start <= offset:
                lo = mid
            else:
                hi = mid - 1
        return self.sentences[lo]


def decode(raw: bytes, path: Path) -> tuple[str, str]:
    """Decode UTF-8 (with or without BOM), falling back to GB18030."""
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as e:
        first_error = e
    try:
        return raw.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    raise InputError(
        f"{path}: is neither UTF-8 nor GB18030 (byte 0x{raw[first_error.start]:02x} at offset "
        f"{first_error.start}). Convert it to UTF-8, e.g. iconv -f <encoding> -t UTF-8."
    )


def normalise(text: str) -> str:
    """Unify line ends; everything else stays so offsets match what the user sees."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ")


def heading_level(line: str) -> int:
    """1..4 when `line` opens with section numbering, else 0."""
    stripped = line.lstrip()
    for level, pattern in enumerate(_HEADING_LEVELS, 1):
        if pattern.match(stripped):
            return level
    return 0


def split_sentences(text: str) -> list[Sentence]:
    """Split at sentence ends and line ends, dropping blank space at both ends of each."""
    out: list[Sentence] = []
    paragraph = 0
    start = 0
    first = True
    for m in _SENTENCE_END.finditer(text + "\n"):
        end = min(m.end(), len(text))
        s, e = start, end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            chunk = text[s:e]
            out.append(
                Sentence(len(out), s, e, chunk, paragraph, heading_level(chunk) if first else 0, first)
            )
            first = False
        if m.group() == "\n":
            if not first:
                paragraph += 1
            first = True
        start = m.end()
    return out
