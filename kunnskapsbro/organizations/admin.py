from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Affiliation, Organization, OrgUnit, Person


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "orgnr", "municipality_number", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "short_name", "orgnr"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["parent"]


@admin.register(OrgUnit)
class OrgUnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organization", "kind", "capacity_projects"]
    list_filter = ["kind"]
    search_fields = ["name", "organization__name"]
    raw_id_fields = ["organization", "parent"]


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    raw_id_fields = ["organization", "unit"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["last_name", "first_name", "email", "orcid"]
    search_fields = ["first_name", "last_name", "email", "orcid"]
    inlines = [AffiliationInline]
    raw_id_fields = ["user"]
