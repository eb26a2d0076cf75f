"""`narrate plan` as an editor reads it: the outline, and the JSON schema with named drops."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from narrator.cli import main

BOX = "للتواصل مع الكاتب ارسل رسالة SMS تبدأ بالرمز (3) ثم مسافة ثم نص الرسالة إلى 88591 - Stc 635031 - Mobily 737221 - Zain"
ARTICLE = (
    "هبوط أسعار النفط (فيديو)\n\n"
    "الرياض - الوئام\n"
    "هبطت أسعار النفط في بداية التعامل بالأسواق الآسيوية اليوم الاثنين بعد بيانات المخزون.\n"
    "توقعات الأسبوع\n"
    "ويتوقع المحللون أن تواصل الأسعار تراجعها خلال الأسبوع المقبل بسبب وفرة المعروض.\n"
    f"{BOX}\n"
)


def test_outline_names_chapters_counts_first_words_and_rules(tmp_path: Path):
    source = tmp_path / "a.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    out = CliRunner().invoke(main, ["plan", str(source)]).output
    assert "headline: هبوط أسعار النفط\n" in out
    assert "byline:   الرياض - الوئام\n" in out
    assert "1. هبوط أسعار النفط  [1 paragraph]\n     - هبطت أسعار النفط في بداية التعامل بالأسواق الآسيوية …" in out
    assert "2. توقعات الأسبوع  [1 paragraph]" in out
    assert "  [media-marker] (فيديو)" in out
    # long furniture is cut to a recognisable length
    assert f"  [contact-box] {BOX[:99]}…" in out
    assert "Zain" not in out


def test_plan_json_keeps_the_schema(tmp_path: Path):
    source = tmp_path / "a.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    plan = json.loads(CliRunner().invoke(main, ["plan", "--json", str(source)]).output)
    assert set(plan) == {"headline", "byline", "chapters", "dropped"}
    assert [c["title"] for c in plan["chapters"]] == ["هبوط أسعار النفط", "توقعات الأسبوع"]
    assert plan["dropped"] == [
        {"text": "(فيديو)", "reason": "media-marker"},
        {"text": BOX, "reason": "contact-box"},
    ]
