"""Resolve date expressions in news text to day ranges, relative to the publication date, and
read clock times ('2.45 p.m.', 'at 14:52') as minutes after midnight.

"on Monday" in an article of Tuesday 2021-04-13 is 2021-04-12; "Sept. 27" in an article of
October 2020 is 2020-09-27; "last year" is the whole previous calendar year. Ranges let a
detector tell "early October" and "5 October" apart from a real clash of dates.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_MONTHS = {
    name: i
    for i in range(1, 13)
    for name in {calendar.month_name[i].lower(), calendar.month_abbr[i].lower()}
}
_MONTHS["sept"] = 9
_WEEKDAYS = {calendar.day_name[i].lower(): i for i in range(7)}
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11), "winter": (12, 2)}
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "a few": 3,
}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}

_MONTH_RE = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY_RE = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR_RE = r"(?P<year>1[89]\d\d|20\d\d)"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(rx, re.IGNORECASE))
    for name, rx in (
        ("iso", r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
        ("month_day", rf"\b{_MONTH_RE}\s+{_DAY_RE}\b(?:,?\s+{_YEAR_RE})?"),
        ("day_month", rf"\b{_DAY_RE}\s+(?:of\s+)?{_MONTH_RE}(?:,?\s+{_YEAR_RE})?"),
        ("part_month", rf"\b(?P<part>early|mid|late|end of|beginning of|start of)[\s-]+{_MONTH_RE}(?:\s+{_YEAR_RE})?"),
        ("month_year", rf"\b{_MONTH_RE}\s+{_YEAR_RE}\b"),
        ("month", rf"\b(?:in|since|during|by|until|last|this|of)?\s*{_MONTH_RE}$"),
        ("decade", r"\b(?:the\s+)?(?P<decade>1[89]\d0|20\d0)s\b"),
        ("year", rf"\b{_YEAR_RE}\b"),
        ("weekday", r"\b(?P<rel>last|this|next|on|past)?\s*(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"),
        ("ago", r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few)\s+(?P<unit>day|week|month|year)s?\s+ago\b"),
        ("relative", r"\b(?P<rel>today|yesterday|tomorrow|tonight|last night|(?:earlier |later )?this (?:week|month|year)|last (?:week|month|year)|next (?:week|month|year)|this morning|this evening)\b"),
        ("season", r"\b(?P<rel>last|this|next|past)?\s*(?P<season>spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?(?P<year>\d{4}))?\b"),
    )
)


@dataclass(frozen=True)
class ResolvedDate:
    """An inclusive day range and how precise the expression was."""

    first: date
    last: date
    granularity: str

    def overlaps(self, other: "ResolvedDate") -> bool:
        return self.first <= other.last and other.first <= self.last


class DateResolver:
    """Turns a date expression into a day range; returns None for durations and vague words."""

    def __init__(self, future_slack_days: int = 7) -> None:
        self.future_slack_days = future_slack_days

    def resolve(self, text: str, published: date | None, future: bool = False) -> ResolvedDate | None:
        """`future`: the sentence speaks of what will happen, so a bare 'on Sunday' is the coming one."""
        text = re.sub(r"\s+", " ", text.strip())
        for name, pattern in _PATTERNS:
            match = pattern.search(text)
            if match:
                if name == "weekday":
                    resolved = self._weekday(match, published, future)
                else:
                    resolved = getattr(self, f"_{name}")(match, published)
                if resolved is not None:
                    return resolved
        return None

    def _iso(self, m: re.Match[str], published: date | None) -> ResolvedDate | None:
        try:
            day = date(int(m["year"]), int(m["month"]), int(m["day"]))
        except ValueError:
            return None
        return ResolvedDate(day, day, "day")

    def _month_day(self, m: re.Match[str], published: date | None) -> ResolvedDate | None:
        month, day = _MONTHS[_month_key(m["month"])], int(m["day"])
        year = int(m["year"]) if m["year"] else self._infer_year(month, day, published)
        if year is None:
            return None
        try:
            value = date(year, month, day)
        except ValueError:
            return None
        return ResolvedDate(value, value, "day")

    _day_month = _month_day

    def _part_month(self, m: re.Match[str], published: date | None) -> ResolvedDate | None:
        month = _MONTHS[_month_key(m["month"])]
        year = int(m["year"]) if m["year"] else self._infer_year(month, 15, published)
        if year is None:
            return None
        last_day = calendar.monthrange(year, month)[1]
        part = m["part"].lower()
        lo, hi = (1, 10) if part in ("early", "beginning of", "start of") else (11, 20) if part == "mid" else (21, last_day)
        return ResolvedDate(date(year, month, lo), date(year, month, hi), "month")

    def _month_year(self, m: re.Match[str], published: date | None) -> ResolvedDate | None:
        return _month_range(int(m["year"]), _MONTHS[_month_key(m["month"])])

    def _month(self, m: re.Match[str], published: date | None) -> ResolvedDate | None:
        month = _MONTHS[_month_key(m["month"])]
        year = self._infer_year(month, 1, published)
        return _month_range(year, month) if year else None

    def _decade(self, m: re.Match[str], published: date | None) -> ResolvedDate | None:
        start = int(m["decade"])
        return ResolvedDate(date(start, 1, 1), date(start + 9, 12, 31), "decade")

    def _year(self, m: re.Match[str], published: date | None) -> ResolvedDate | None:
        year = int(m["year"])
        return ResolvedDate(date(year, 1, 1), date(year, 12, 31), "year")

    def _weekday(self, m: re.Match[str], published: date | None, future: bool = False) -> ResolvedDate | None:
        if published is None:
            return None
        target = _WEEKDAYS[m["weekday"].lower()]
        back = (published.weekday() - target) % 7
        rel = (m["rel"] or "").lower()
        if rel == "next" or (future and rel not in ("last", "past")):
            day = published + timedelta(days=(target - published.weekday()) % 7 or 7)
        else:
            if rel in ("last", "past") and back == 0:
                back = 7  # 'last Friday' in Friday's paper is a week ago, not today
            day = published - timedelta(days=back)
        return ResolvedDate(day, day, "day")

    def _ago(self, m: re.Match[str], published: date | None) -> ResolvedDate | None:
        if published is None:
            return None
        n = int(m["n"]) if m["n"].isdigit() else _NUMBER_WORDS.get(m["n"].lower(), 1)
        unit = _UNIT_DAYS[m["unit"].lower()]
        centre = published - timedelta(days=n * unit)
        slack = max(1, unit // 2) if unit > 1 else 0
        return ResolvedDate(centre - timedelta(days=slack), centre + timedelta(days=slack), "week" if unit <= 7 else "month")

    def _relative(self, m: re.Match[str], published: date | None) -> ResolvedDate | None:
        if published is None:
            return None
        rel = m["rel"].lower().replace("earlier ", "").replace("later ", "")
        p = published
        if rel in ("today", "tonight", "this morning", "this evening"):
            return ResolvedDate(p, p, "day")
        if rel in ("yesterday", "tomorrow", "last night"):
            day = p + timedelta(days=1 if rel == "tomorrow" else -1)
            return ResolvedDate(day, day, "day")
        unit = rel.split()[-1]
        shift = {"last": -1, "this": 0, "next": 1}[rel.split()[0]]
        if unit == "week":
            monday = p - timedelta(days=p.weekday()) + timedelta(weeks=shift)
            return ResolvedDate(monday, monday + timedelta(days=6), "week")
        if unit == "month":
            year, month = divmod(p.year * 12 + p.month - 1 + shift, 12)
            return _month_range(year, month + 1)
        return ResolvedDate(date(p.year + shift, 1, 1), date(p.year + shift, 12, 31), "year")

    def _season(self, m: re.Match[str], published: date | None) -> ResolvedDate | None:
        lo, hi = _SEASONS[m["season"].lower()]
        if m["year"]:
            year = int(m["year"])
        elif published is not None:
            rel = (m["rel"] or "").lower()
            year = published.year - (1 if rel in ("last", "past") else 0) + (1 if rel == "next" else 0)
        else:
            return None
        end_year = year + 1 if hi < lo else year
        return ResolvedDate(date(year, lo, 1), _month_range(end_year, hi).last, "season")

    def _infer_year(self, month: int, day: int, published: date | None) -> int | None:
        """Pick the year that puts the date on or just before publication (news reports the past)."""
        if published is None:
            return None
        for year in (published.year, published.year - 1):
            try:
                candidate = date(year, month, min(day, calendar.monthrange(year, month)[1]))
            except ValueError:
                continue
            if candidate <= published + timedelta(days=self.future_slack_days):
                return year
        return published.year - 1


def is_month(word: str) -> bool:
    """'May', 'Sept.', 'october': a month's name or its abbreviation."""
    return word.lower().rstrip(".") in _MONTHS


def _month_key(token: str) -> str:
    token = token.lower().rstrip(".")
    return token if token in _MONTHS else token[:3]


def _month_range(year: int, month: int) -> ResolvedDate:
    last = calendar.monthrange(year, month)[1]
    return ResolvedDate(date(year, month, 1), date(year, month, last), "month")


_HEDGE = r"(?:(?P<hedge>about|around|roughly|approximately|shortly after|shortly before|just after|just before|soon after)\s+)?"
_CLOCK_PATTERNS = (
    re.compile(_HEDGE + r"\b(?P<h>1[0-2]|0?[1-9])(?:[.:](?P<m>[0-5]\d))?\s*(?P<ap>[ap])\.?\s?m\b\.?", re.I),
    re.compile(_HEDGE + r"\b(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)\b", re.I),
    re.compile(r"\b(?:at|by|until|till|from|after|before)\s+" + _HEDGE + r"(?P<h>1[0-2]|0?[1-9])\.(?P<m>[0-5]\d)\b"
               r"(?!\s*(?:%|per|percent|million|billion|bn|m\b|km|kg|metres|meters|miles))", re.I),
    re.compile(_HEDGE + r"\b(?P<word>noon|midday|midnight)\b", re.I),
)


@dataclass(frozen=True)
class ClockTime:
    """A clock time found in text: its span, minutes after midnight, and how sure it is."""

    start: int
    end: int
    minute: int
    meridiem: bool
    approx: bool


def clock_times(text: str) -> list[ClockTime]:
    """Every clock time in `text`, earliest first. A bare 'at 2.51' leaves morning or afternoon
    open (`meridiem` False); a figure such as '2.5 million' or '4.2 per cent' is no time."""
    found: dict[int, ClockTime] = {}
    for pattern in _CLOCK_PATTERNS:
        for m in pattern.finditer(text):
            start = m.start("hedge") if m["hedge"] else m.start("word") if "word" in m.re.groupindex and m["word"] else m.start("h")
            if any(t.start <= start < t.end or start <= t.start < m.end() for t in found.values()):
                continue
            found[start] = _clock(m, start)
    return [found[k] for k in sorted(found)]


def _clock(m: re.Match[str], start: int) -> ClockTime:
    groups = m.re.groupindex
    approx = bool(m["hedge"])
    if "word" in groups and m["word"]:
        minute = 0 if m["word"].lower() == "midnight" else 720
        return ClockTime(start, m.end(), minute, True, approx)
    hour, minute = int(m["h"]), int(m["m"] or 0)
    if "ap" in groups and m["ap"]:
        hour = hour % 12 + (12 if m["ap"].lower() == "p" else 0)
        return ClockTime(start, m.end(), hour * 60 + minute, True, approx)
    return ClockTime(start, m.end(), hour * 60 + minute, hour > 12 or hour == 0, approx)


def clock_gap(a: int, b: int, meridiem: bool = True) -> int:
    """Minutes between two clock times; without morning/afternoon, the nearer reading counts."""
    gap = abs(a - b)
    if not meridiem:
        gap %= 720
        gap = min(gap, 720 - gap)
    return gap
