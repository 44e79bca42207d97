from django.contrib import admin

from commission.core.admin import ReadOnlyAdmin
from commission.registry import models


@admin.register(models.Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ("ref", "surname", "given_name", "patronymic", "known_as", "gender")
    search_fields = ("ref", "surname_key", "given_key")
    show_full_result_count = False


@admin.register(models.Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("person", "organisation", "unit", "status", "status_since")
    list_filter = ("status",)
    raw_id_fields = ("person",)
    show_full_result_count = False


@admin.register(models.Relationship)
class RelationshipAdmin(ReadOnlyAdmin):
    list_display = ("source", "kind", "target", "strength")
    list_filter = ("kind",)
    raw_id_fields = ("source", "target")
    show_full_result_count = False


for model in (models.Organisation, models.Unit, models.Commission, models.Commissioner):
    admin.site.register(model, ReadOnlyAdmin)
