"""Dates and times: 15/06/1990, 2010-04-01, 5 جوان 2016, يناير 2023, 1445هـ, 2017م, 8:25."""

from __future__ import annotations

import re

from ..symbols import GREGORIAN_MONTHS, HIJRI_MONTHS, MONTH_NAMES
from .cardinals import cardinal, count_noun, ordinal
from .nouns import MINUTE, SECOND

_ERA = r"(?:\s?(هـ|ه|م)(?![^\W\d_]))?"
_NUMERIC_DMY = re.compile(rf"(?<![0-9.,/-])([0-9]{{1,2}})([/.-])([0-9]{{1,2}})\2([0-9]{{4}})(?![0-9]){_ERA}")
_NUMERIC_YMD = re.compile(rf"(?<![0-9.,/-])([0-9]{{4}})-([0-9]{{1,2}})-([0-9]{{1,2}})(?![0-9]){_ERA}")
_MONTH = "|".join(sorted((re.escape(m) for m in MONTH_NAMES), key=len, reverse=True))
# A month may be given twice, as Al Jazeera does: يونيو/حزيران, يوليو (تموز).
_MONTHS = rf"(?:{_MONTH})(?:(?:\s?/\s?|\s)\(?(?:{_MONTH})\)?)?"
_DAY_MONTH = re.compile(
    rf"(?<![0-9.,])([0-9]{{1,2}})\s({_MONTHS})(?![^\W\d_])(?:\s(?:عام\s|سنة\s)?([0-9]{{4}})(?![0-9]){_ERA})?"
)
_MONTH_YEAR = re.compile(rf"(?<![^\W\d_])([وفب]?)({_MONTHS})\s([0-9]{{4}})(?![0-9]){_ERA}")
_YEAR_ERA = re.compile(r"(?<![0-9.,])([0-9]{1,4})\s?(هـ|ه|م)(?![^\W\d_])")
# Month and year alone (03-2024, 3/2024): a zero-padded month with a hyphen (3-2 is a score, 5-2000
# a range), any month with a slash; never a dot (1.2050 is an exchange rate); a year of this era,
# Gregorian or Hijri; never one piece of a longer figure (a phone number 12-2023-555).
_MONTH_NUMBER_YEAR = re.compile(
    r"(?<![0-9.,/-])(?:(0[1-9]|1[0-2])-|(0?[1-9]|1[0-2])/)((?:19|20|13|14|15)[0-9]{2})(?![0-9]|[-/.,][0-9])"
)
# ذو القعدة and ذو الحجة are "the one of …": after شهر (construct) or a preposition or a construct noun
# of time they are genitive, ذي (من شهر ذي الحجة, في ذي القعدة, منتصف ذي الحجة).
_BEFORE_GENITIVE = (
    "شهر", "من", "في", "إلى", "الى", "حتى", "منذ", "خلال", "مطلع", "منتصف", "أواخر", "أوائل",
    "نهاية", "بداية", "أول", "آخر", "غرة", "مع", "قبل", "بعد",
)
_DHU_IN_GENITIVE = re.compile(
    rf"(?<![^\W\d_])((?:[وف]?[بلك]?)(?:{'|'.join(_BEFORE_GENITIVE)}))\s+ذو\s+(القعدة|الحجة)(?![^\W\d_])"
)
_TIME = re.compile(r"(?<![0-9.,:])([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?(?![0-9:])")

_ERA_WORD = {"هـ": "هجري", "ه": "هجري", "م": "ميلادي"}


def year(n: int) -> str:
    """A year in the genitive it usually stands in (عامِ ألفين وسبعة عشر)."""
    return cardinal(n, oblique=True)


def _date(day: int, month: int, year_: int, era: str | None) -> str | None:
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    # A year in the 1300s-1500s without a mark is Hijri (7/9/1427): no news date is Gregorian then.
    hijri = era in ("هـ", "ه") or (era is None and 1300 <= year_ < 1600)
    months = HIJRI_MONTHS if hijri else GREGORIAN_MONTHS
    said = f"{ordinal(day, oblique=True)} من شهر {months[month - 1]} لعام {year(year_)}"
    return f"{said} {_ERA_WORD[era]}" if era else said


def _month(written: str) -> str:
    """يونيو/حزيران and يوليو (تموز) → both names, a space apart."""
    return " ".join(re.sub("[/()]", " ", written).split())


def read_dates(text: str) -> str:
    def dmy(m: re.Match[str]) -> str:
        said = _date(int(m.group(1)), int(m.group(3)), int(m.group(4)), m.group(5))
        return said or m.group(0)

    def ymd(m: re.Match[str]) -> str:
        said = _date(int(m.group(3)), int(m.group(2)), int(m.group(1)), m.group(4))
        return said or m.group(0)

    def month_number_year(m: re.Match[str]) -> str:
        month = int(m.group(1) or m.group(2))
        year_ = int(m.group(3))
        hijri = 1300 <= year_ < 1600  # as for full dates: no news month of the 1300s-1500s is Gregorian
        months = HIJRI_MONTHS if hijri else GREGORIAN_MONTHS
        return f"شهر {months[month - 1]} لعام {year(year_)}"

    def day_month(m: re.Match[str]) -> str:
        day = int(m.group(1))
        if not 1 <= day <= 31:
            return m.group(0)
        said = f"{ordinal(day, oblique=True)} من شهر {_month(m.group(2))}"
        if m.group(3):
            said += f" لعام {year(int(m.group(3)))}"
            if m.group(4):
                said += f" {_ERA_WORD[m.group(4)]}"
        return said

    def month_year(m: re.Match[str]) -> str:
        said = f"{m.group(1)}{_month(m.group(2))} لعام {year(int(m.group(3)))}"
        return f"{said} {_ERA_WORD[m.group(4)]}" if m.group(4) else said

    text = _NUMERIC_DMY.sub(dmy, text)
    text = _NUMERIC_YMD.sub(ymd, text)
    text = _MONTH_NUMBER_YEAR.sub(month_number_year, text)
    text = _DAY_MONTH.sub(day_month, text)
    return _MONTH_YEAR.sub(month_year, text)


def dhu_in_genitive(text: str) -> str:
    """`من شهر ذو الحجة` → من شهر ذي الحجة: the month's name takes the case of its place."""
    return _DHU_IN_GENITIVE.sub(r"\1 ذي \2", text)


def read_years_with_era(text: str) -> str:
    """`2017م` → ألفين وسبعة عشر ميلادي, `1445 هـ` → … هجري (م after a figure that is no year is left:
    it may be metres)."""

    def say(m: re.Match[str]) -> str:
        n, era = int(m.group(1)), m.group(2)
        if era == "م" and not 100 <= n <= 2100:
            return m.group(0)
        return f"{year(n)} {_ERA_WORD[era]}"

    return _YEAR_ERA.sub(say, text)


def clock(hour: int, minute: int, second: int | None = None) -> str | None:
    """8:25 → الثامنة وخمس وعشرون دقيقة; 00:15 → الثانية عشرة وخمس عشرة دقيقة."""
    if hour > 24 or minute > 59 or (second is not None and second > 59):
        return None
    hour = hour % 12 or 12 if hour <= 12 else hour
    parts = ["الواحدة" if hour == 1 else ordinal(hour, feminine=True)]  # the hour is الواحدة, not الأولى
    if minute:
        parts.append(count_noun(minute, MINUTE))
    if second:
        parts.append(count_noun(second, SECOND))
    return " و".join(parts)


def read_times(text: str) -> str:
    def say(m: re.Match[str]) -> str:
        second = int(m.group(3)) if m.group(3) else None
        return clock(int(m.group(1)), int(m.group(2)), second) or m.group(0)

    return _TIME.sub(say, text)
