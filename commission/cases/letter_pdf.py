"""An outcome letter set as a PDF page with reportlab, in the DejaVu Serif fonts (Debian's
fonts-dejavu-core), which carry Cyrillic; `LETTER_FONT_DIR` names another folder with them."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from commission.cases.models import OutcomeLetter
from commission.core import clock

FONT_DIR = "/usr/share/fonts/truetype/dejavu"
FONTS = {"LetterSerif": "DejaVuSerif.ttf", "LetterSerif-Bold": "DejaVuSerif-Bold.ttf"}
SIGNATURE = {"ru": "Председатель комиссии", "en": "Chair of the commission"}
DRAFT_MARK = {"ru": "ПРОЕКТ — не подписано", "en": "DRAFT — not signed"}


def ensure_fonts() -> None:
    """Register the serif fonts with reportlab (once); other documents set in them call it."""
    _fonts()


@cache
def _fonts() -> None:
    folder = Path(getattr(settings, "LETTER_FONT_DIR", "") or FONT_DIR)
    for name, file in FONTS.items():
        path = folder / file
        if not path.is_file():
            raise ImproperlyConfigured(
                f"The outcome letters need the font {path}; install Debian's fonts-dejavu-core "
                "or set LETTER_FONT_DIR to a folder that has it."
            )
        pdfmetrics.registerFont(TTFont(name, str(path)))


def letter_pdf(letter: OutcomeLetter, *, signed_by: str) -> bytes:
    """The letter on A4: the commission's heading, the date, the body, and the signature (or,
    unsigned, the mark of a draft)."""
    _fonts()
    decision = letter.decision
    commission = decision.case.commission
    body = ParagraphStyle("body", fontName="LetterSerif", fontSize=11, leading=15, spaceAfter=7)
    head = ParagraphStyle("head", parent=body, fontName="LetterSerif-Bold", fontSize=13)
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm, topMargin=25 * mm,
        bottomMargin=25 * mm, title=str(letter), author=commission.name,
    )  # fmt: skip
    story = [
        Paragraph(escape(commission.name), head),
        Paragraph(escape(f"{decision.case.ref} · {clock.today():%Y-%m-%d}"), body),
        Spacer(1, 6 * mm),
    ]
    for paragraph in letter.body.split("\n\n"):
        story.append(Paragraph(escape(paragraph).replace("\n", "<br/>"), body))
    story.append(Spacer(1, 10 * mm))
    if signed_by:
        story.append(Paragraph(escape(f"{SIGNATURE[letter.language]}: {signed_by}"), body))
    else:
        story.append(Paragraph(escape(DRAFT_MARK[letter.language]), head))
    document.build(story)
    return out.getvalue()
