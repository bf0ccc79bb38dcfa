"""Chinese administrative divisions with their GB/T 2260 codes, from jionlp's table.

jionlp's `china_location.txt` is a tab-indented tree: provinces, cities and
counties as `name<TAB>code<TAB>short`, then towns and villages with a name only.
We keep provinces, cities, counties and towns (镇/乡/街道/苏木); villages are
too many (658k) and too noisy to match in text. Grouping nodes that are not
places (省直辖行政区划, 市直辖行政区划, a municipality's city line that repeats
the province's code) are folded into their parent.
"""
from __future__ import annotations

import importlib.util
import pickle
import re
import sys
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.errors import ResourceError
from kg.resources import JIONLP_LOCATION, ensure_asset

LEVELS = ("province", "city", "county", "town")
_RANK = {level: i for i, level in enumerate(LEVELS)}

# Depth 0-2 carry a code, depth 3 (towns) a name only; deeper lines are villages.
_LINE = re.compile(r"^(\t{0,3})([^\t\r\n]+)(?:\t(\d{6})\t([^\t\r\n]*))?\r?$", re.MULTILINE)
_TOWN = re.compile(r"(?:镇|乡|街道|苏木)$")
_GROUPING = "直辖行政区划"
# Official names that are also everyday words of the genre: as keys they would turn
# every 城区 of a speech into a district of 阳泉 and every （街道） into a town.
_GENERIC_NAMES = frozenset({"城区", "郊区", "矿区", "东区", "西区", "南区", "北区", "中区", "街道", "中心镇", "小城镇"})
# Town names of one character + 城镇/城乡 (于城镇, 万城镇, 高城乡) arise by accident in
# 快于城镇, 每万城镇, 调高城乡: skip them.
_ACCIDENTAL_TOWN = re.compile(r"^.(?:城镇|城乡)$")


@dataclass(frozen=True, slots=True)
class Place:
    """One administrative division."""

    name: str
    code: str  # GB/T 2260, 6 digits; '' for towns
    level: str  # 'province' | 'city' | 'county' | 'town'
    parent: str  # code of the parent; '' for provinces; a town's county
    short: str  # jionlp's short form; may equal `name`, may list two ('克州/克孜勒苏')


class Gazetteer:
    """Places indexed by full name and short form."""

    __slots__ = ("_by_code", "_by_key", "_names", "_places", "max_name_length")

    def __init__(self, places: Iterable[Place], *, common_words: frozenset[str] = frozenset()) -> None:
        unique = sorted(set(places), key=_order)
        self._places: tuple[Place, ...] = tuple(unique)
        self._by_code: dict[str, Place] = {p.code: p for p in reversed(unique) if p.code}
        keys: dict[str, list[Place]] = {}

        def add(key: str, place: Place) -> None:
            if len(key) >= 2 and key not in _GENERIC_NAMES and not (
                place.level == "town" and _ACCIDENTAL_TOWN.match(key)
            ):
                bucket = keys.setdefault(key, [])
                if place not in bucket:
                    bucket.append(place)

        # A short form that is not a prefix of its name is an abbreviation (克州, 巴州).
        # One used by several places is a kind, not a name (经开区 for 59 development
        # zones, 新区, 示范区). A zone's (…区/…园) counts only when the name is a place
        # plus it (沧州 + 渤海新区), not when it is generic (石家庄循环 + 化工园区).
        abbreviations: dict[str, int] = {}
        place_words: set[str] = set()
        for p in unique:
            if p.level != "town":
                place_words.add(p.name)
                place_words.update(_shorts(p))
            for s in _shorts(p):
                if not p.name.startswith(s):
                    abbreviations[s] = abbreviations.get(s, 0) + 1

        def usable(p: Place, s: str) -> bool:
            if p.name.startswith(s):
                return True
            if abbreviations[s] > 1:
                return False
            return s[-1] not in "区园" or (p.name.endswith(s) and p.name[: -len(s)] in place_words)

        for p in unique:
            add(p.name, p)
            if p.level != "town":
                for s in _shorts(p):
                    if usable(p, s):
                        add(s, p)
        # Towns written without 镇 (高沙窝 for 高沙窝镇, 下马关 for 下马关镇): only when
        # the rest has 3+ characters, is not in the segmenter's dictionary (a word or
        # the name of a river, mountain, …) and is not a bigger place (青铜峡镇 vs
        # 青铜峡市). Two characters are not enough: on 25 government work reports the
        # 8k two-character forms matched whole tokens 250 times, almost all wrongly
        # (地方 for 地方镇 ×90, 和新, 三张, 万家).
        for p in unique:
            if p.level == "town" and p.name.endswith("镇"):
                bare = p.name[:-1]
                if (len(bare) >= 3 and bare not in common_words and not bare.endswith("区")
                        and not _has_higher(keys.get(bare))):
                    add(bare, p)
        # Buckets were filled in `unique` order (by level, then code); a stable sort
        # only has to put exact full names first.
        self._by_key: dict[str, tuple[Place, ...]] = {k: _full_names_first(k, v) for k, v in keys.items()}
        self._names = frozenset(self._by_key)
        self.max_name_length: int = max(map(len, self._by_key), default=0)

    def lookup(self, name: str) -> tuple[Place, ...]:
        """Places called `name` (full name or short form); exact full names first, then by level."""
        return self._by_key.get(name, ())

    def names(self) -> frozenset[str]:
        """Every key `lookup` answers."""
        return self._names

    def by_code(self, code: str) -> Place | None:
        """The province, city or county with this code."""
        return self._by_code.get(code)

    def parent_of(self, place: Place) -> Place | None:
        """The place one level up, or None for a province."""
        return self._by_code.get(place.parent) if place.parent else None

    def places(self) -> tuple[Place, ...]:
        """Every place, provinces first."""
        return self._places

    def __len__(self) -> int:
        return len(self._places)


@cache
def load_gazetteer() -> Gazetteer:
    """The gazetteer from the cached jionlp asset (fetched on first use)."""
    folder = ensure_asset(JIONLP_LOCATION, lambda msg: print(msg, file=sys.stderr))
    return Gazetteer(read_places(folder / "china_location.zip"), common_words=_segmenter_words())


def read_places(path: Path) -> list[Place]:
    """Parse jionlp's `china_location.zip` (or an unzipped `.txt`) into places."""
    try:
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as zf:
                text = zf.read("china_location.txt").decode("utf-8")
        else:
            text = path.read_text(encoding="utf-8")
    except (OSError, KeyError, zipfile.BadZipFile, UnicodeDecodeError) as e:
        raise ResourceError(f"{path}: cannot read the location table ({e}). "
                            f"Delete {path.parent} to fetch it again.") from None
    return parse_places(text)


def parse_places(text: str) -> list[Place]:
    """Parse the tab-indented tree of `china_location.txt` (villages are skipped)."""
    places: list[Place] = []
    # parents[d]: the code that children at depth d+1 hang from; None = skip the subtree
    parents: list[str | None] = ["", "", "", ""]
    for m in _LINE.finditer(text):
        depth = len(m.group(1))
        name, code, short = m.group(2).strip(), m.group(3), m.group(4)
        above = "" if depth == 0 else parents[depth - 1]
        if above is None:
            if depth < 3:
                parents[depth] = None
            continue
        if depth == 3:
            if code is None and _TOWN.search(name):
                places.append(Place(name, "", "town", above, name))
            continue
        if code is None:  # Taiwan's districts: no code, and names that clash with mainland ones
            parents[depth] = None
            continue
        if name.endswith(_GROUPING) or code == above:
            # not a place: 省直辖/市直辖 groupings, Beijing's city line, Hong Kong's districts
            parents[depth] = above
            continue
        level = LEVELS[depth]
        places.append(Place(name, code, level, above, (short or name).strip()))
        parents[depth] = code
    return places


def _shorts(place: Place) -> list[str]:
    """jionlp's short forms; some list two (克州/克孜勒苏)."""
    return [s for s in place.short.split("/") if s and s != place.name]


def _order(place: Place) -> tuple[int, str, str, str]:
    return (_RANK[place.level], place.code, place.parent, place.name)


def _full_names_first(key: str, places: list[Place]) -> tuple[Place, ...]:
    if len(places) == 1:
        return (places[0],)
    return tuple(sorted(places, key=lambda p: p.name != key))


def _has_higher(places: list[Place] | None) -> bool:
    return any(p.level != "town" for p in places or ())


def _segmenter_words() -> frozenset[str]:
    """The 390k words of spacy_pkuseg's own dictionary: what counts as a known word.

    Read from the installed package's data without importing it; empty if it is absent.
    """
    spec = importlib.util.find_spec("spacy_pkuseg")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    path = Path(next(iter(spec.submodule_search_locations))) / "dicts" / "default.pkl"
    try:
        with path.open("rb") as f:
            words = pickle.load(f)  # a str, one word a line; shipped inside the installed package
    except (OSError, pickle.UnpicklingError, EOFError):
        return frozenset()
    return frozenset(words.split("\n")) if isinstance(words, str) else frozenset()
