from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    LETTER = "letter", _("letter")
    APPEAL = "appeal", _("appeal")
    TESTIMONY = "testimony", _("testimony")
    RECOMMENDATION = "recommendation", _("recommendation")
    AUTOBIOGRAPHY = "autobiography", _("autobiography")
    QUESTIONNAIRE = "questionnaire", _("questionnaire")
    MINUTES = "minutes", _("hearing minutes")
    DECISION_TEXT = "decision_text", _("decision text")
    NOTE = "note", _("note")
    REPLY = "reply", _("reply to an inquiry")


class CopyChannel(models.TextChoices):
    """How this copy of the text came to exist."""

    ORIGINAL = "original", _("original")
    TYPEWRITTEN_COPY = "typewritten_copy", _("typewritten copy")
    TELEPHONE = "telephone", _("dictated by telephone")
    PUBLISHED_EDITION = "published_edition", _("published edition")
    ARCHIVE_PAGE = "archive_page", _("archive web page")
    WIKI_PAGE = "wiki_page", _("wiki page")
    UPLOAD = "upload", _("uploaded file")
    EMAIL = "email", _("e-mail")
    UNKNOWN = "unknown", _("unknown")
