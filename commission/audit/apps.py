from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "commission.audit"
    label = "audit"
    verbose_name = "Audit trail"
