"""Podcasting 2.0 chapters (`application/json+chapters`, version 1.2.0)."""

from __future__ import annotations

import json
from typing import Any

from ..model import ChapterMark


def chapters_document(chapters: tuple[ChapterMark, ...]) -> dict[str, Any]:
    return {
        "version": "1.2.0",
        "chapters": [
            {
                "startTime": round(c.start_sample / c.sample_rate, 3),
                "endTime": round(c.end_sample / c.sample_rate, 3),
                "title": c.title,
            }
            for c in chapters
        ],
    }


def chapters_json(chapters: tuple[ChapterMark, ...]) -> str:
    return json.dumps(chapters_document(chapters), ensure_ascii=False, indent=2) + "\n"
