"""A newspaper's name glued before the headline: what is taken, and what must be left alone."""

from __future__ import annotations

import pytest

from narrator.text import scraped
from narrator.text.masthead import split_masthead, split_trailing_site

BODY = "وقال المتحدث إن الاجتماع ناقش عددا من الملفات العالقة بين البلدين.\nوأضاف أن اللجنة ستجتمع مجددا."

TAKEN = [
    # Names no headline opens with by chance.
    ("اليوم السابع انطلاق فعاليات معرض القاهرة الدولي للكتاب", "اليوم السابع", "انطلاق فعاليات معرض القاهرة الدولي للكتاب"),
    ("هسبريس حكومة أخنوش تصادق على مشروع قانون المالية", "هسبريس", "حكومة أخنوش تصادق على مشروع قانون المالية"),
    ("المصري اليوم ارتفاع أسعار الذهب في السوق المحلية", "المصري اليوم", "ارتفاع أسعار الذهب في السوق المحلية"),
    ("عكاظ الهيئة العامة للترفيه تعلن موعد موسم الرياض", "عكاظ", "الهيئة العامة للترفيه تعلن موعد موسم الرياض"),
    # Ordinary words followed directly by an indefinite noun or a past verb: no headline is built so.
    ("الشروق افتتاح الدورة البرلمانية الجديدة بحضور الرئيس", "الشروق", "افتتاح الدورة البرلمانية الجديدة بحضور الرئيس"),
    ("النهار انطلاق موسم الحصاد في السهول الداخلية", "النهار", "انطلاق موسم الحصاد في السهول الداخلية"),
    ("الرأي إطلاق منصة وطنية للتوظيف عن بعد", "الرأي", "إطلاق منصة وطنية للتوظيف عن بعد"),
    ("الوطن تمويل جديد لمشاريع الشباب في المحافظات", "الوطن", "تمويل جديد لمشاريع الشباب في المحافظات"),
    ("الخبر رافق كبار الفنانين، الموسيقار فلان لـ الخبر : لست نادما", "الخبر", "رافق كبار الفنانين، الموسيقار فلان لـ الخبر : لست نادما"),
    # A separator after any known name.
    ("الوطن | وزير المالية يعلن زيادة الرواتب", "الوطن", "وزير المالية يعلن زيادة الرواتب"),
    ("الرأي - الحكومة تقر موازنة العام المقبل", "الرأي", "الحكومة تقر موازنة العام المقبل"),
    # The tatweel of the source is kept in what remains.
    ("الخبر انطـلاق مهرجان الثـقافة الشعبية", "الخبر", "انطـلاق مهرجان الثـقافة الشعبية"),
]


@pytest.mark.parametrize("headline,masthead,rest", TAKEN)
def test_a_masthead_glued_before_the_headline_is_taken(headline, masthead, rest):
    assert split_masthead(headline, BODY) == (masthead, rest)


@pytest.mark.parametrize("headline", [
    "الخبر الكاتبة اللبنانية علوية صبح تتحدث عن روايتها الجديدة",
    "الخبر مثـقفون يكشفون في ندوة إشكالية الثـقافة",
])
def test_an_ordinary_word_name_is_taken_when_the_text_names_the_outlet(headline: str):
    assert split_masthead(headline, BODY)[0] == ""
    for named in ("وقالت في دردشة مع الخبر : الكاتب يكتب لنفسه.", "في ندوة الخبر التي نظمت أمس.",
                  "وصرح لـ الخبر أن الرواية جاهزة.", "وقالت لصحيفة الخبر إنها تكتب كل يوم."):
        assert split_masthead(headline, BODY + "\n" + named) == ("الخبر", headline.split(None, 1)[1]), named


LEFT_ALONE = [
    # The outlet or the city is the subject: a verb in the present tense follows.
    "الرياض تستضيف القمة العربية الطارئة الأسبوع المقبل",
    "الخبر يكشف تفاصيل الصفقة المثيرة للجدل",
    "المصري اليوم تنشر نص الحوار كاملا",
    "الأهرام ستصدر عددا خاصا بالمناسبة",
    # Quoted: the outlet named by the headline.
    "«الخبر» تنشر قائمة المرشحين للانتخابات",
    # The ordinary word: a definite adjective, a preposition, a comma.
    "الخبر السار للمتقاعدين زيادة المعاشات في يناير",
    "الحياة البرية في خطر بسبب الجفاف",
    "الوطن العربي أمام تحديات اقتصادية كبيرة",
    "النهار في رمضان أطول من المعتاد",
    "الشعب، الجيش والشرطة يد واحدة",
    # An adjective after the ordinary word: a sentence of its own.
    "المدينة مغلقة بسبب الثلوج الكثيفة",
    "الحياة صعبة في المخيمات بعد العاصفة",
    "العرب غاضبون من القرار الأمريكي الأخير",
    # Too little would remain to be a headline.
    "الوطن أولا",
    "الخبر اليوم",
    # The name inside the headline, or no name at all.
    "مثقفون يكشفون في ندوة الخبر إشكالية الثقافة",
    "الجزيرة العربية تشهد موجة حر غير مسبوقة",
    "العربية لغة الضاد في يومها العالمي",
    "الشرق الأوسط الجديد بعد الحرب",
    "اليوم افتتاح معرض الكتاب في العاصمة",
]


@pytest.mark.parametrize("headline", LEFT_ALONE)
def test_a_headline_that_only_starts_like_a_masthead_is_left_alone(headline):
    assert split_masthead(headline, BODY) == ("", headline)


def test_the_scraped_text_reader_drops_the_masthead_as_the_site_name():
    text = "الخبر اختتام الطبعة من مهرجان تيمفاد الدولي : الزهوانية ترقص العائلات\n" + BODY
    article = scraped.parse(text)
    assert article.headline == "اختتام الطبعة من مهرجان تيمفاد الدولي : الزهوانية ترقص العائلات"
    assert ("الخبر", "site-name") in {(d.text, d.reason) for d in article.dropped}
    # The word is still spoken where the body uses it.
    text = "الخبر الكاتبة اللبنانية علوية صبح لـ الخبر : أعمل على نص جديد\nوقالت في دردشة مع الخبر : الكاتب يكتب."
    article = scraped.parse(text)
    assert article.headline == "الكاتبة اللبنانية علوية صبح لـ الخبر : أعمل على نص جديد"
    assert "مع الخبر" in article.chapters[0].paragraphs[0]


def test_a_page_title_with_the_site_after_it_is_not_read_twice():
    # "headline - Site" then the headline: the page-title rule names the site, the masthead rule stays out.
    text = "انطلاق معرض الكتاب - الشروق\nانطلاق معرض الكتاب\n" + BODY
    article = scraped.parse(text)
    assert article.headline == "انطلاق معرض الكتاب"
    assert [d.text for d in article.dropped if d.reason == "site-name"] == ["الشروق"]


@pytest.mark.parametrize("headline,site,rest", [
    ("انخفاض أسعار النفط بعد قرار أوبك - الجزيرة نت", "الجزيرة نت", "انخفاض أسعار النفط بعد قرار أوبك"),
    ("ارتفاع البطالة في منطقة اليورو | سكاي نيوز عربية", "سكاي نيوز عربية", "ارتفاع البطالة في منطقة اليورو"),
    ("افتتاح معرض الكتاب في الجزائر - الشروق", "الشروق", "افتتاح معرض الكتاب في الجزائر"),
    ("الحكومة تقر الموازنة الجديدة | Example News", "Example News", "الحكومة تقر الموازنة الجديدة"),
    ("تعديل وزاري مرتقب في الأردن - alrai.com", "alrai.com", "تعديل وزاري مرتقب في الأردن"),
])
def test_a_site_name_after_the_headline_is_taken(headline: str, site: str, rest: str):
    assert split_trailing_site(headline) == (site, rest)


@pytest.mark.parametrize("headline", [
    "مباراة الأهلي والزمالك - الشوط الأول - تحديثات مباشرة",
    "قمة المناخ تختتم أعمالها - COP28",
    "الرئيس يلتقي نظيره الفرنسي - صور",
    "مصر - السودان",  # too little would remain
    "اتفاق غزة: المرحلة الثانية - تفاصيل البنود",
])
def test_a_headline_ending_with_its_own_words_is_left_alone(headline: str):
    assert split_trailing_site(headline) == ("", headline)


@pytest.mark.parametrize("headline", [
    "الدستور الجديد يمنح البرلمان صلاحيات أوسع",
    "الأهرام مغلقة أمام الزوار بسبب العاصفة الرملية",
    "السفير الأمريكي يلتقي وزير الخارجية",
    "الوفد المصري يصل إلى الدوحة لاستئناف المفاوضات",
    "اللواء المتقاعد يكشف تفاصيل العملية",
])
def test_outlets_named_with_ordinary_words_need_evidence(headline: str):
    assert split_masthead(headline, BODY) == ("", headline)
