"""Numbers, amounts and deadlines as the texts write them, turned into values."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
_BIG_UNIT = {"万": Decimal(10**4), "亿": Decimal(10**8)}
_NUMBER = re.compile(r"(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)\s*([万亿]*)")


def chinese_int(text: str) -> int | None:
    """Value of a Chinese numeral below 10,000 (三十五 -> 35, 十 -> 10, 二〇二六 -> 2026).

    >>> chinese_int("三十五"), chinese_int("十"), chinese_int("二〇二六"), chinese_int("百")
    (35, 10, 2026, 100)
    """
    if not text or any(ch not in _CN_DIGIT and ch not in _CN_UNIT for ch in text):
        return None
    if all(ch in _CN_DIGIT for ch in text) and len(text) > 1:  # digit by digit: 二〇二六
        return int("".join(str(_CN_DIGIT[ch]) for ch in text))
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGIT:
            digit = _CN_DIGIT[ch]
        else:
            total += (1 if digit is None else digit) * _CN_UNIT[ch]
            digit = None
    return total + (digit or 0)


def parse_number(text: str) -> Decimal | None:
    """Value of a number with optional 万/亿 multipliers: 63亿 -> 6.3e9, 千亿 -> 1e11, 1.5万 -> 15000.

    >>> parse_number("63亿"), parse_number("千亿"), parse_number("1.5万"), parse_number("三")
    (Decimal('6300000000'), Decimal('100000000000'), Decimal('15000.0'), Decimal('3'))
    """
    m = _NUMBER.fullmatch(text.strip())
    if not m:
        return None
    digits, mult = m.groups()
    if re.fullmatch(r"\d+(?:\.\d+)?", digits):
        value = Decimal(digits)
    else:
        n = chinese_int(digits)
        if n is None:
            return None
        value = Decimal(n)
    for ch in mult:
        value *= _BIG_UNIT[ch]
    return value


def parse_amount(text: str) -> dict[str, Any]:
    """An investment such as 63亿元 as {'amount': 6300000000, 'currency': 'CNY'}.

    >>> parse_amount("63亿元")
    {'amount': Decimal('6300000000'), 'currency': 'CNY', 'amount_text': '63亿元'}
    """
    m = re.search(r"(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)([万亿]*)元", text)
    if not m:
        return {}
    value = parse_number(m.group(1) + m.group(2))
    if value is None:
        return {}
    return {"amount": value, "currency": "CNY", "amount_text": m.group()}
