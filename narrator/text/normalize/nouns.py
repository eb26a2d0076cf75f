"""Counted nouns: the forms a noun takes after a number (data, plus the lookup of a written form)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Noun:
    """A countable noun in the forms Arabic number grammar asks for.

    `accusative` is the singular after 11-99 (tamyiz, with tanwin), `plural` the form after 3-10;
    invariant loanwords (يورو) give the same form everywhere.
    """

    singular: str
    accusative: str
    dual_nominative: str
    dual_oblique: str
    plural: str
    feminine: bool = False
    # Scales (ألف، مليون …) are said bare for one ("ألف", not "ألف واحد").
    scale: bool = False

    def forms(self) -> tuple[str, ...]:
        return (self.singular, self.accusative, self.dual_nominative, self.dual_oblique, self.plural)


def _m(singular: str, plural: str, *, scale: bool = False) -> Noun:
    return Noun(singular, singular + "ًا", singular + "ان", singular + "ين", plural, False, scale)


def _f(singular: str, plural: str) -> Noun:
    stem = singular[:-1] + "ت"  # ساعة → ساعتان
    return Noun(singular, singular + "ً", stem + "ان", stem + "ين", plural, True)


THOUSAND = _m("ألف", "آلاف", scale=True)
MILLION = _m("مليون", "ملايين", scale=True)
BILLION = _m("مليار", "مليارات", scale=True)
TRILLION = _m("تريليون", "تريليونات", scale=True)
SCALES = ((10**12, TRILLION), (10**9, BILLION), (10**6, MILLION), (10**3, THOUSAND))

DOLLAR = _m("دولار", "دولارات")
EURO = Noun("يورو", "يورو", "يوروان", "يوروين", "يورو")
RIYAL = _m("ريال", "ريالات")
DINAR = _m("دينار", "دنانير")
POUND = Noun("جنيه", "جنيهًا", "جنيهان", "جنيهين", "جنيهات")
DIRHAM = _m("درهم", "دراهم")
CENT = _m("سنت", "سنتات")
HALALA = _f("هللة", "هللات")
PIASTRE = _m("قرش", "قروش")
FILS = _m("فلس", "فلوس")
PENNY = _m("بنس", "بنسات")
MINUTE = _f("دقيقة", "دقائق")
SECOND = Noun("ثانية", "ثانيةً", "ثانيتان", "ثانيتين", "ثوانٍ", True)

# Nouns news text counts most often; a written form of any of them (singular, tanwin, dual, plural)
# is recognised after a number and replaced by the form the number asks for.
COUNTED: tuple[Noun, ...] = (
    THOUSAND, MILLION, BILLION, TRILLION,
    DOLLAR, EURO, RIYAL, DINAR, POUND, DIRHAM, CENT, HALALA, PIASTRE, FILS, PENNY,
    MINUTE, SECOND,
    _m("عنصر", "عناصر"), _m("شخص", "أشخاص"), _m("يوم", "أيام"), _m("عام", "أعوام"),
    _f("ساعة", "ساعات"), _f("مرة", "مرات"), _f("سنة", "سنوات"), _m("شهر", "أشهر"),
    _m("أسبوع", "أسابيع"), _f("غارة", "غارات"), _f("نقطة", "نقاط"), _m("سهم", "أسهم"),
    _f("صفقة", "صفقات"), _m("طفل", "أطفال"), _m("قتيل", "قتلى"), Noun("مدني", "مدنيًا", "مدنيان", "مدنيين", "مدنيين"),
    _m("جندي", "جنود"), _m("ضابط", "ضباط"), _m("كيلومتر", "كيلومترات"), _m("متر", "أمتار"),
    _f("دولة", "دول"), _f("قرية", "قرى"), _m("منزل", "منازل"), _m("صاروخ", "صواريخ"),
    _m("برميل", "براميل"), _m("طن", "أطنان"), _m("لاجئ", "لاجئين"), _f("امرأة", "نساء"),
    _f("مباراة", "مباريات"), _m("هدف", "أهداف"), _m("مقعد", "مقاعد"), _m("ميل", "أميال"),
)

_BY_FORM: dict[str, Noun] = {}
for _noun in COUNTED:
    for _form in _noun.forms():
        _BY_FORM.setdefault(_form, _noun)
        _BY_FORM.setdefault(_form.replace("ًا", "ا").replace("ً", ""), _noun)  # written without tanwin mark
        _BY_FORM.setdefault(_form.replace("ًا", "اً"), _noun)  # tanwin written on the alif
        _BY_FORM.setdefault(_form.replace("ٍ", "ي"), _noun)  # ثواني
for _form, _noun in list(_BY_FORM.items()):
    _BY_FORM.setdefault(_form.replace("أ", "ا").replace("آ", "ا"), _noun)  # الف, اشخاص


def lookup(word: str) -> Noun | None:
    """The counted noun a written word is a form of, or None."""
    return _BY_FORM.get(word)
