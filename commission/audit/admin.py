from django.contrib import admin

from commission.audit.models import AuditEvent
from commission.core.admin import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("seq", "occurred_at", "actor_name", "action", "target_type", "target_id")
    list_filter = ("action",)
    search_fields = ("target_id", "actor_name", "summary")
    show_full_result_count = False
