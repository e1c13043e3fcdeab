"""Read figures in news text ("at least 16", "$2.9 billion", "about 4,000") into values.

A figure is compared only with figures that count the same thing, and "at least N" is a
bound, not a point: these rules live here so the number detector stays small.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SCALES = {"thousand": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12, "k": 1e3}
_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "dozens": 24,
    "hundreds": 200, "thousands": 2000, "a dozen": 12,
}
_QUALIFIERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("just_over", re.compile(r"\b(just|slightly|a little|marginally) (over|above|more than)\s*$", re.I)),
    ("just_under", re.compile(r"\b(just|slightly|a little|marginally) (under|below|less than|short of)\s*$", re.I)),
    ("at_least", re.compile(r"\b(at least|more than|over|upwards of|in excess of|no fewer than|not less than)\s*$", re.I)),
    ("at_most", re.compile(r"\b(at most|fewer than|less than|under|up to|no more than|not more than)\s*$", re.I)),
    ("approx", re.compile(r"\b(about|around|roughly|approximately|nearly|almost|some|an estimated|estimated|close to|circa)\s*$", re.I)),
)
_NUM = re.compile(r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<scale>thousand|million|billion|trillion|mn|bn|k|m)?\b", re.I)
_CURRENCY = re.compile(r"(\$|us\$|usd|dollars?|€|eur|euros?|£|gbp|pounds?|rubles?|roubles?|lira|liras)", re.I)
_CURRENCY_KEYS = {"$": "usd", "us$": "usd", "usd": "usd", "dollar": "usd", "dollars": "usd", "€": "eur", "eur": "eur", "euro": "eur", "euros": "eur", "£": "gbp", "gbp": "gbp", "pound": "gbp", "pounds": "gbp"}


@dataclass(frozen=True)
class Figure:
    """A parsed figure: value, unit (currency or percent, else empty) and hedge."""

    value: float
    unit: str
    qualifier: str
    high: float | None = None  # qualifier 'range': the figure allows value to high


_ORDERS = re.compile(r"\b(?P<many>tens|hundreds) of (?P<scale>thousands|millions|billions)\b", re.I)
_A_FEW = re.compile(r"\b(?P<few>a few|several|a couple of) (?P<scale>dozen|hundred|thousand|million|billion)\b", re.I)


def _vague(text: str) -> tuple[float, float] | None:
    """Figures that name only an order of size: 'tens of thousands' (20,000 to 99,999), 'a few
    thousand' (2,000 to 9,999), 'a couple of hundred' (150 to 250)."""
    orders = _ORDERS.search(text)
    if orders:
        scale = _SCALES[orders["scale"].lower().rstrip("s")]
        many = 10 if orders["many"].lower() == "tens" else 100
        return 2 * many * scale, 10 * many * scale - 1
    few = _A_FEW.search(text)
    if few:
        word = few["scale"].lower()
        scale = _SCALES.get(word) or _WORDS[word]  # 'thousand' is a scale, 'hundred' and 'dozen' numbers
        if few["few"].lower() == "a couple of":
            return 1.5 * scale, 2.5 * scale
        return 2 * scale, 10 * scale - 1
    return None


def parse_figure(text: str, preceding: str = "") -> Figure | None:
    """Parse the figure in `text`; `preceding` is the text just before it, where hedges sit."""
    cleaned = text.strip()
    vague = _vague(cleaned)
    if vague is not None:
        return Figure(value=vague[0], unit=_unit(cleaned), qualifier="range", high=vague[1])
    match = _NUM.search(cleaned)
    if match:
        value = float(match["num"].replace(",", ""))
        if match["scale"]:
            value *= _SCALES[match["scale"].lower()]
        else:
            tail = cleaned[match.end():].strip().lower().split(" ")[0:1]
            if tail and tail[0] in _SCALES and len(tail[0]) > 2:
                value *= _SCALES[tail[0]]
    else:
        value = _word_value(cleaned.lower())
        if value is None:
            return None
        if re.search(r"\b(dozens|hundreds|thousands|millions)\b", cleaned, re.I):
            return Figure(value=value, unit=_unit(cleaned), qualifier="at_least")  # "hundreds": 200 or more
    before = preceding + " " + (cleaned[: match.start()] if match else _hedge_words(cleaned))
    return Figure(value=value, unit=_unit(cleaned), qualifier=qualifier_of(before.rstrip("$€£ ")))


_DURATION = re.compile(r"^(?P<amount>.*?)\s*\b(?P<unit>minutes?|mins?|hours?|hrs?)\b", re.I)
_DURATION_MINUTES = {"min": 1, "minute": 1, "hour": 60, "hr": 60}


def parse_duration(text: str, preceding: str = "") -> Figure | None:
    """'15 minutes', 'half an hour', 'more than five hours' as a figure in minutes (unit
    'minute'); None for anything else, such as a clock time or a date."""
    cleaned = text.strip()
    part = re.fullmatch(r"(?P<hedge>.*?)(?:an? |one )?(?P<part>half|quarter)(?: of)? an hour", cleaned, re.I)
    if part is not None:
        minutes = 30.0 if part["part"].lower() == "half" else 15.0
        return Figure(minutes, "minute", qualifier_of(preceding + " " + part["hedge"]))
    match = _DURATION.match(cleaned)
    if match is None or not match["amount"].strip():
        return None  # 'minutes before kick-off' says no length
    amount = re.sub(r"\ban?$", "one", match["amount"].strip(), flags=re.I)  # 'about an hour'
    figure = parse_figure(amount, preceding)
    if figure is None:
        return None
    unit = match["unit"].lower().rstrip("s")
    return Figure(figure.value * _DURATION_MINUTES[unit], "minute", figure.qualifier)


_SMALL = r"\d{1,3}|" + "|".join(w for w, v in _WORDS.items() if v <= 100 and " " not in w and not w.endswith("s"))
# 'one in ten', 'three out of four', '19 of the 64 buses': a share, in percent
_SHARE = re.compile(rf"\b(?P<part>{_SMALL})\s+(?:in|out of)\s+(?P<whole>{_SMALL})\b(?!\s*(?:days?|weeks?|months?|years?|hours?|minutes?|seconds?)\b)"
                    rf"|\b(?P<part2>{_SMALL})\s+of\s+(?:the|its|their|all)\s+(?P<whole2>{_SMALL})(?=\s+[a-z])", re.I)


@dataclass(frozen=True)
class Share:
    """A part of a whole ('one in ten', '19 of the 64'), as a percentage, with its place in the text."""

    start: int
    end: int
    percent: float
    qualifier: str
    high: float | None = None  # qualifier 'range': 'one in three' is a round way of saying 29-40 %


def find_shares(text: str) -> list[Share]:
    """Every 'N in M', 'N out of M' and 'N of the M' in a text whose part is smaller than its whole;
    'N in M' is a rounded ratio, so it stands for a range unless hedged ('fewer than one in ten')."""
    out = []
    for m in _SHARE.finditer(text):
        part, whole = (m["part"], m["whole"]) if m["part"] else (m["part2"], m["whole2"])
        p, w = _small_value(part), _small_value(whole)
        if p is None or not w or p >= w:
            continue
        qualifier = qualifier_of(text[max(0, m.start() - 30):m.start()])
        if m["part"] and qualifier in ("exact", "approx"):  # 'one in three' rounds: anything that rounds to it
            out.append(Share(m.start(), m.end(), round(100 * p / (w + 0.5), 1), "range", round(100 * p / (w - 0.5), 1)))
        else:
            out.append(Share(m.start(), m.end(), round(100 * p / w, 1), qualifier))
    return out


def _small_value(word: str) -> float | None:
    return float(word) if word.isdigit() else _WORDS.get(word.lower())


def _hedge_words(text: str) -> str:
    """The words before a figure written in words ('nearly' in 'nearly half a million')."""
    for word in re.finditer(r"[A-Za-z]+", text):
        if word[0].lower() in _WORDS or word[0].lower() in _FRACTIONS or word[0].lower() in ("a", "an"):
            return text[: word.start()]
    return ""


def qualifier_of(preceding: str) -> str:
    """The hedge just before a figure: at_least, at_most, approx, or exact."""
    for name, pattern in _QUALIFIERS:
        if pattern.search(preceding.strip()):
            return name
    return "exact"


def compatible(a: Figure, b: Figure, tolerance: float = 0.05) -> bool:
    """True when two figures for the same count can both be right (rounding, bounds)."""
    lo_a, hi_a = _interval(a, tolerance)
    lo_b, hi_b = _interval(b, tolerance)
    return lo_a <= hi_b and lo_b <= hi_a


def _interval(f: Figure, tolerance: float) -> tuple[float, float]:
    """Values a figure allows. A hedged figure allows its rounding: 'about 4,000' is 3,500-4,500
    (at least one either way, never more than 15 %), 'just over 41,000' is 41,000-41,500."""
    if f.qualifier == "range" and f.high is not None:
        return f.value, f.high
    slack = abs(f.value) * tolerance
    half_unit = _rounding_unit(f.value) / 2
    if f.qualifier == "at_least":
        return f.value - slack, float("inf")
    if f.qualifier == "at_most":
        return float("-inf"), f.value + slack
    if f.qualifier == "just_over":
        return f.value, f.value + (half_unit or slack)
    if f.qualifier == "just_under":
        return f.value - (half_unit or slack), f.value
    if f.qualifier == "approx":
        slack = min(max(slack, half_unit, 1.0), abs(f.value) * 0.15)  # 'about 7' allows 6 to 8
    return f.value - slack, f.value + slack


def _rounding_unit(value: float) -> float:
    """10 ** (trailing zeros): 44,000 is rounded to the thousand, 150 to the ten, 7 not at all."""
    whole = int(abs(value))
    if whole == 0 or whole != abs(value):
        return 0.0
    unit = 1
    while whole % (unit * 10) == 0:
        unit *= 10
    return float(unit) if unit > 1 else 0.0


_FRACTIONS = {"half": 0.5, "quarter": 0.25, "third": 1 / 3}


def _word_value(text: str) -> float | None:
    """'forty-seven', 'a million', 'half a million', 'two and a half million'; a fraction counts
    only before a scale word ('a third of the staff' is no count)."""
    text = re.sub(r"\b(?:(?:a|an|one) )?(quarter|third|half)(?: of)? an? (thousand|million|billion|trillion)\b", r"\1 \2", text)
    text = re.sub(r"\b(?:a|an) (hundred|thousand|million|billion|trillion)\b", r"one \1", text)
    words = re.findall(r"[a-z]+", text)
    total, seen = 0.0, False
    for at, w in enumerate(words):
        if w in _FRACTIONS and any(later in _SCALES and len(later) > 2 for later in words[at + 1:]):
            total += _FRACTIONS[w]
            seen = True
        elif w in _WORDS:
            n = _WORDS[w]
            total = total * n if w in ("hundred", "dozen") and total else total + n
            seen = True
        elif w in _SCALES and len(w) > 2 and seen:
            total *= _SCALES[w]
    return total if seen else None


def _unit(text: str) -> str:
    if "%" in text or re.search(r"\bper ?cent\b", text, re.I):
        return "percent"
    match = _CURRENCY.search(text)
    if match:
        return _CURRENCY_KEYS.get(match.group(1).lower(), match.group(1).lower())
    return ""
