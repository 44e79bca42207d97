from __future__ import annotations

from django.conf import settings
from django.db import models


class Notification(models.Model):
    """A message shown to a user inside the application (the built-in notification channel)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.TextField()
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # The unread count and list in the page header.
            models.Index(fields=["user", "read_at"], name="notification_unread_idx")
        ]

    def __str__(self) -> str:
        return self.message[:60]


class AccountPreference(models.Model):
    """What a signed-in person chose for themselves; the language is applied on every page they
    open once signed in, whichever browser they use."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference"
    )
    language = models.CharField(max_length=16, choices=settings.LANGUAGES, blank=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.language or '-'}"
