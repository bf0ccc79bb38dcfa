"""The alias table of large enterprise groups: one IRI per group across documents.

Data: kg/data/enterprises.tsv (canonical full name, then short forms), built from
the SASAC list of central state-owned enterprises and the public names of large
listed companies.
"""
from __future__ import annotations

import re
from functools import cache
from importlib import resources

SOURCE = "kg/data/enterprises.tsv (SASAC central state-owned enterprises; large listed companies)"


@cache
def alias_table() -> dict[str, str]:
    """Short or full name -> canonical full name."""
    table: dict[str, str] = {}
    text = resources.files("kg").joinpath("data/enterprises.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        names = [n.strip() for n in line.split("\t") if n.strip()]
        for n in names:
            table.setdefault(n, names[0])
    return table


@cache
def names_pattern() -> re.Pattern[str]:
    """Every name of two or more characters in the table, longest first, as one pattern."""
    names = sorted((n for n in alias_table() if len(n) >= 2), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


@cache
def names_of(canonical: str) -> tuple[str, ...]:
    """Every name the table knows for a group, canonical first."""
    return (canonical, *sorted(n for n, c in alias_table().items() if c == canonical and n != canonical))


def canonical_name(name: str) -> str | None:
    """The group's full name when `name` is one of its names."""
    return alias_table().get(name)


def parent_group(name: str) -> str | None:
    """The group whose short name opens `name` (华电灵武电厂 -> 中国华电集团有限公司), if any."""
    table = alias_table()
    for n in sorted(table, key=len, reverse=True):
        if len(n) >= 2 and name.startswith(n) and name != n and table[n] != table.get(name):
            return table[n]
    return None
