from django.db import models


class DocumentKind(models.TextChoices):
    LETTER = "letter", "letter"
    APPEAL = "appeal", "appeal"
    TESTIMONY = "testimony", "testimony"
    RECOMMENDATION = "recommendation", "recommendation"
    AUTOBIOGRAPHY = "autobiography", "autobiography"
    QUESTIONNAIRE = "questionnaire", "questionnaire"
    MINUTES = "minutes", "hearing minutes"
    DECISION_TEXT = "decision_text", "decision text"
    NOTE = "note", "note"
    REPLY = "reply", "reply to an inquiry"


class CopyChannel(models.TextChoices):
    """How this copy of the text came to exist."""

    ORIGINAL = "original", "original"
    TYPEWRITTEN_COPY = "typewritten_copy", "typewritten copy"
    TELEPHONE = "telephone", "dictated by telephone"
    PUBLISHED_EDITION = "published_edition", "published edition"
    ARCHIVE_PAGE = "archive_page", "archive web page"
    WIKI_PAGE = "wiki_page", "wiki page"
    UPLOAD = "upload", "uploaded file"
    EMAIL = "email", "e-mail"
    UNKNOWN = "unknown", "unknown"
