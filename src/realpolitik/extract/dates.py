"""Dates: a document's date, and the explicit dates a sentence gives.

Deliberately simple: explicit years, months and days ("in 2016", "on Mar. 25",
"in March 2014", "March 25, 2014", "2014-03-25"), and a few expressions relative
to the document date ("last year", "this month", "yesterday"). Vague references
("since the end of World War II", "recently") give nothing.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

MONTHS: dict[str, int] = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MON = (
    r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_ISO = re.compile(r"\b(?P<y>1[89]\d\d|20\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-2]\d|3[01])\b")
_MDY = re.compile(_MON + r"\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?:,?\s+(?P<y>1[89]\d\d|20\d\d))?\b")
_DMY = re.compile(
    r"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?"
    + _MON
    + r"(?:,?\s+(?P<y>1[89]\d\d|20\d\d))?\b"
)
_MY = re.compile(
    r"\b(?:in|since|by|until|from|during|of|early|late|mid-?)\s*(?:early\s+|late\s+|"
    r"mid-?)?" + _MON + r"(?:\s+(?P<y>1[89]\d\d|20\d\d))?\b"
)
_MY2 = re.compile(_MON + r"\s+(?P<y>1[89]\d\d|20\d\d)\b")
_YEAR = re.compile(
    r"(?<![\d,.$-])\b(?P<y>1[89]\d\d|20\d\d)\b(?![\d%]|-\d|\s*(?:km|kilomet|troops|"
    r"soldiers|people|tons|tonnes|miles|meters|metres|dollars|yen|rubles))"
)
_REL = re.compile(
    r"\b(?P<which>last|this|next|past|previous)\s+(?P<unit>year|month|week)\b"
    r"|\b(?P<day>yesterday|today|tomorrow)\b"
    r"|\b(?P<n>one|two|three|four|five|a|\d+)\s+(?P<unit2>years?|months?)\s+ago\b"
    r"|\b(?P<wd>last\s+)?(?P<weekday>monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday)\b",
    re.IGNORECASE,
)
#: The groups of _REL that hold its words (not the spaces between them).
_REL_GROUPS = ("which", "unit", "day", "n", "unit2", "weekday")
_NUMS = {"one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5}
# Cheap tests that tell which patterns can match at all (most sentences give no date):
# every pattern but _MY and _REL needs a digit; every _MON match starts with one of
# these (case-sensitive, as _MON is); every _REL match contains one of these words
# once lower-cased (a match that is not ASCII is skipped: see _find_dates).
_ANY_DIGIT = re.compile(r"\d")
_MONTH_STARTS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_REL_WORDS = ("year", "month", "week", "day", "tomorrow")
_META = re.compile(r"(?P<y>1[89]\d\d|20\d\d)[-/.](?P<m>[01]?\d)(?:[-/.](?P<d>[0-3]?\d))?")


def _parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    m = _META.search(value)
    if not m:
        return None
    try:
        return date(int(m["y"]), int(m["m"]), int(m["d"] or 1))
    except ValueError:
        return None


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def parse_doc_date(text: str, meta_date: str | None = None) -> str | None:
    """The document's date: its metadata date, else the first full date near the top.

    Returns ``YYYY-MM-DD`` (or ``YYYY-MM`` / ``YYYY`` when that is all there is).
    """
    meta = _parse_iso(meta_date)
    if meta is not None:
        return meta.isoformat()
    if meta_date and re.fullmatch(r"\s*(1[89]\d\d|20\d\d)\s*", meta_date):
        return meta_date.strip()
    head = text[:1500]
    m_iso = _ISO.search(head)
    if m_iso and _valid(int(m_iso["y"]), int(m_iso["m"]), int(m_iso["d"])):
        return f"{m_iso['y']}-{m_iso['m']}-{m_iso['d']}"
    best: tuple[int, str] | None = None
    for rx in (_MDY, _DMY):
        for m in rx.finditer(head):
            if not m["y"]:
                continue
            y, mo, d = int(m["y"]), MONTHS[m["mon"].lower().rstrip(".")], int(m["d"])
            if _valid(y, mo, d) and (best is None or m.start() < best[0]):
                best = (m.start(), f"{y:04d}-{mo:02d}-{d:02d}")
    return best[1] if best else None


def _shift_month(d: date, months: int) -> tuple[int, int]:
    total = d.year * 12 + d.month - 1 + months
    return total // 12, total % 12 + 1


def sentence_dates(text: str, doc_date: str | None = None) -> list[tuple[int, int, str]]:
    """Explicit dates in a sentence: ``(start, end, iso)`` with ISO ``YYYY[-MM[-DD]]``.

    A day or month without a year takes the year of ``doc_date`` (or none is given
    when the document date is unknown); relative expressions need ``doc_date``.
    """
    # Several extractors ask for the same sentence's dates: found once, then cached.
    return list(_sentence_dates(text, doc_date))


@lru_cache(maxsize=1024)
def _sentence_dates(text: str, doc_date: str | None) -> tuple[tuple[int, int, str], ...]:
    return tuple(_find_dates(text, doc_date))


def _find_dates(text: str, doc_date: str | None) -> list[tuple[int, int, str]]:
    ref = _parse_iso(doc_date)
    out: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(a: int, b: int, iso: str) -> None:
        if free(a, b):
            out.append((a, b, iso))
            taken.append((a, b))

    digit = _ANY_DIGIT.search(text) is not None
    month = any(start in text for start in _MONTH_STARTS)
    for m in _ISO.finditer(text) if digit else ():
        if _valid(int(m["y"]), int(m["m"]), int(m["d"])):
            add(m.start(), m.end(), m.group(0))
    for rx in (_MDY, _DMY) if digit and month else ():
        for m in rx.finditer(text):
            mo = MONTHS[m["mon"].lower().rstrip(".")]
            d = int(m["d"])
            y = int(m["y"]) if m["y"] else (ref.year if ref else None)
            if y is None or not _valid(y, mo, d):
                continue
            if rx is _MDY and m["mon"].lower() == "may" and not m["y"] and not m.group(0)[3:4]:
                continue
            add(m.start("mon") if rx is _MDY else m.start(), m.end(), f"{y:04d}-{mo:02d}-{d:02d}")
    month_years: list[re.Match[str]] = []
    if month:
        month_years = [*(_MY2.finditer(text) if digit else ()), *_MY.finditer(text)]
    for m in month_years:
        mon = m["mon"]
        if mon.lower() == "may" and not m["y"]:
            continue  # the modal verb
        mo = MONTHS[mon.lower().rstrip(".")]
        y = int(m["y"]) if m["y"] else (ref.year if ref else None)
        if y is None:
            continue
        add(m.start("mon"), m.end(), f"{y:04d}-{mo:02d}")
    for m in _YEAR.finditer(text) if digit else ():
        add(m.start(), m.end(), m["y"])
    if ref is not None and any(word in text.lower() for word in _REL_WORDS):
        for m in _REL.finditer(text):
            if not all(m[g].isascii() for g in _REL_GROUPS if m[g]):
                # its words are ASCII: a match through Unicode case folding ("ſunday",
                # "frıday") names nothing the tables below know
                continue
            iso: str | None = None
            if m["which"]:
                which, unit = m["which"].lower(), m["unit"].lower()
                step = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1}[which]
                if unit == "year":
                    iso = f"{ref.year + step:04d}"
                elif unit == "month":
                    y, mo = _shift_month(ref, step)
                    iso = f"{y:04d}-{mo:02d}"
                else:
                    iso = (ref + timedelta(weeks=step)).isoformat()
            elif m["day"]:
                step = {"yesterday": -1, "today": 0, "tomorrow": 1}[m["day"].lower()]
                iso = (ref + timedelta(days=step)).isoformat()
            elif m["n"]:
                n = _NUMS.get(m["n"].lower()) or int(m["n"])
                if m["unit2"].lower().startswith("year"):
                    iso = f"{ref.year - n:04d}"
                else:
                    y, mo = _shift_month(ref, -n)
                    iso = f"{y:04d}-{mo:02d}"
            elif m["weekday"]:
                wd = WEEKDAYS.index(m["weekday"].lower())
                back = (ref.weekday() - wd) % 7 or 7
                iso = (ref - timedelta(days=back)).isoformat()
            if iso:
                add(m.start(), m.end(), iso)
    out.sort()
    return out
