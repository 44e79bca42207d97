from __future__ import annotations

from django.conf import settings
from django.db import models

from commission.core import clock


class Notification(models.Model):
    """A message shown to a user inside the application (the built-in notification channel)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.TextField()
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=clock.now, editable=False)
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


class InstallationCalendar(models.Model):
    """The day this installation takes as today, when it is not the real one.

    One row at most (pk 1). A demonstration runs on its story's calendar, so that its deadlines,
    overdue marks and form defaults belong to the story; an empty `today` means the real calendar.
    Written only by `cases.calendar.set_calendar`, with its audit event; read by `core.clock`."""

    today = models.DateField(null=True, blank=True)
    # What the pages say about it, e.g. "the seed story of 1921–1922".
    story = models.CharField(max_length=200, blank=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="one_installation_calendar")
        ]

    def __str__(self) -> str:
        return f"{self.today or 'real calendar'}"
