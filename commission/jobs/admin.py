"""The job ledger in the admin, read-only like every domain record: retrying goes through
`jobs.services.retry_job` (the Background work page, the API, `commission jobs retry`)."""

from __future__ import annotations

from django.contrib import admin

from commission.core.admin import ReadOnlyAdmin
from commission.jobs.models import Job


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ["id", "description", "state", "attempts", "created_at", "finished_at"]
    list_filter = ["state", "name"]
    search_fields = ["description", "error"]
