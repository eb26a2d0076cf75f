"""Podcasting 2.0 chapters (`application/json+chapters`, version 1.2.0)."""

from __future__ import annotations

import json
from typing import Any

from ..clock import seconds
from ..model import ChapterMark


def chapters_document(chapters: tuple[ChapterMark, ...]) -> dict[str, Any]:
    return {
        "version": "1.2.0",
        "chapters": [
            {
                # The ms of CHAP and the cues (truncated), not a rounding of their own.
                "startTime": seconds(c.start_ms),
                "endTime": seconds(c.end_ms),
                "title": c.title,
            }
            for c in chapters
        ],
    }


def chapters_json(chapters: tuple[ChapterMark, ...]) -> str:
    return json.dumps(chapters_document(chapters), ensure_ascii=False, indent=2) + "\n"
