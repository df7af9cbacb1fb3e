"""The catalog editors' admin: search, filters, inline skills, bulk actions, import/export."""

from django.contrib import admin, messages
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import JSON
from import_export.forms import SelectableFieldsExportForm
from import_export.results import RowResult

from catalog import resources, services
from catalog.formats import SafeCSV, SafeXLSX
from catalog.forms import SkillAdminForm
from catalog.models import (
    AccessRoute,
    CatalogVersion,
    Offering,
    OfferingSkill,
    Provider,
    Role,
    RoleSkill,
    Sector,
    Skill,
    Source,
)
from catalog.templatetags.humanize_pkr import offering_cost


def column_label(model, column: str) -> str:
    """A file column as the change form labels it (in the editor's language), so the export
    form and both kinds of history read alike."""
    aliases = {
        "prerequisites": ["prerequisite_skills"],
        "skills": ["skills_taught", "required_skills"],
    }
    for name in [column, *aliases.get(column, [])]:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.auto_created:  # a reverse relation such as skills_taught
            return capfirst(field.related_model._meta.verbose_name_plural)
        return capfirst(field.verbose_name)
    return column


class CatalogExportForm(SelectableFieldsExportForm):
    """Each column to export named as the change form names it, followed by the column's
    name in the file (which stays the same in every language)."""

    def _get_field_label(self, resource, field_name: str) -> str:
        field = resource.fields.get(field_name)
        column = field.column_name if field else field_name
        label = column_label(resource._meta.model, field_name)
        if label == column:
            return format_html('<bdi dir="ltr">{}</bdi>', column)
        return format_html('{} (<bdi dir="ltr">{}</bdi>)', label, column)


class CatalogImportExportAdmin(ImportExportModelAdmin):
    """Import/export in CSV, XLSX and JSON, allowed to whoever may add and change rows."""

    formats = [SafeCSV, SafeXLSX, JSON]

    class Media:
        js = ["js/admin-a11y.js"]

    export_form_class = CatalogExportForm
    export_template_name = "admin/catalog/export.html"
    import_template_name = "admin/catalog/import.html"
    import_error_display = ("message",)

    def has_import_permission(self, request: HttpRequest) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def _log_actions(self, result, request: HttpRequest) -> None:
        """One history entry per added or changed row, naming the changed columns."""
        content_type = ContentType.objects.get_for_model(self.model)
        entries = []
        for row in result.rows:
            if row.import_type == RowResult.IMPORT_TYPE_NEW:
                flag, message = ADDITION, gettext("Added by import.")
            elif row.import_type == RowResult.IMPORT_TYPE_UPDATE:
                changed = getattr(row, "changed_columns", [])
                columns = [column_label(self.model, column) for column in changed]
                flag = CHANGE
                message = gettext("Changed %(columns)s by import.") % {
                    "columns": get_text_list(columns, gettext("and"))
                }
            else:
                continue
            entries.append(
                LogEntry(
                    user_id=request.user.pk,
                    content_type=content_type,
                    object_id=str(row.object_id),
                    object_repr=str(row.object_repr)[:200],
                    action_flag=flag,
                    change_message=message,
                )
            )
        LogEntry.objects.bulk_create(entries)


@admin.register(Source)
class SourceAdmin(CatalogImportExportAdmin):
    resource_classes = [resources.SourceResource]
    list_display = ["title", "key", "publisher", "checked_on"]
    list_filter = ["checked_on"]
    search_fields = ["title", "key", "publisher", "url"]
    prepopulated_fields = {"key": ["title"]}


@admin.register(Sector)
class SectorAdmin(CatalogImportExportAdmin):
    resource_classes = [resources.SectorResource]
    list_display = ["name", "slug"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Skill)
class SkillAdmin(CatalogImportExportAdmin):
    resource_classes = [resources.SkillResource]
    form = SkillAdminForm
    list_display = ["name", "slug", "category", "prerequisite_count"]
    list_filter = ["category"]
    search_fields = ["name", "slug", "aliases", "description"]
    autocomplete_fields = ["prerequisites"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Skill]:
        return super().get_queryset(request).annotate(prerequisite_total=Count("prerequisites"))

    @admin.display(description=_("prerequisites"), ordering="prerequisite_total")
    def prerequisite_count(self, skill: Skill) -> int:
        return skill.prerequisite_total


@admin.register(Provider)
class ProviderAdmin(CatalogImportExportAdmin):
    resource_classes = [resources.ProviderResource]
    list_display = ["name", "short_name", "kind", "city", "offering_count"]
    list_filter = ["kind", "city"]
    search_fields = ["name", "short_name", "slug"]
    autocomplete_fields = ["source"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["name"]  # the list and the offering form's provider search page by name

    def get_queryset(self, request: HttpRequest) -> QuerySet[Provider]:
        return super().get_queryset(request).annotate(offering_total=Count("offerings"))

    @admin.display(description=_("offerings"), ordering="offering_total")
    def offering_count(self, provider: Provider) -> int:
        return provider.offering_total


class LabelledTabularInline(admin.TabularInline):
    """A table of rows whose cells carry no <label>: each field is named for a screen
    reader by its column's heading (the select2 boxes and "Delete" by admin-a11y.js)."""

    class Media:
        js = ["js/admin-a11y.js"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            widget = getattr(field.widget, "widget", field.widget)  # inside the "+" wrapper
            widget.attrs.setdefault("aria-label", capfirst(str(field.label)))
        return field


class OfferingSkillInline(LabelledTabularInline):
    model = OfferingSkill
    fields = ["skill", "level"]
    autocomplete_fields = ["skill"]
    extra = 1


@admin.register(Offering)
class OfferingAdmin(CatalogImportExportAdmin):
    resource_classes = [resources.OfferingResource]
    list_display = ["title", "kind", "provider_name", "city", "cost", "is_active", "updated"]
    list_display_links = ["title"]
    list_filter = [
        "is_active",
        "kind",
        "delivery",
        "level",
        "city",
        "language",
        "schedule",
        "province",
    ]
    list_select_related = ["provider"]
    search_fields = ["title", "slug", "summary", "provider__name", "provider__short_name"]
    autocomplete_fields = [
        "provider",
        "source",
        "length_source",
        "cost_source",
        "sectors",
        "prerequisite_skills",
        "free_routes",
    ]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [OfferingSkillInline]
    actions = ["activate", "retire"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "provider", "summary", "url", "is_active"]}),
        (
            _("Where, when and how much"),
            {
                "fields": [
                    "delivery",
                    "city",
                    "cost_pkr",
                    "cost_usd",
                    "cost_period",
                    "free_routes",
                    "level",
                    "duration_weeks",
                    "hours_per_week",
                    "total_hours",
                    "language",
                    "data_weight",
                    "schedule",
                    "starts_on",
                    "last_round",
                ]
            },
        ),
        (
            _("Who can join"),
            {"fields": ["entry_education", "entry_test", "entry_note", "province"]},
        ),
        (
            _("Relations"),
            {
                "fields": [
                    "prerequisite_skills",
                    "sectors",
                    "source",
                    "length_source",
                    "cost_source",
                ]
            },
        ),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]

    @admin.display(description=_("provider"), ordering="provider__name")
    def provider_name(self, offering: Offering) -> str:
        return (
            offering.provider.display_name if offering.provider else self.get_empty_value_display()
        )

    @admin.display(description=_("updated"), ordering="updated_at")
    def updated(self, offering: Offering) -> str:
        return date_format(timezone.localtime(offering.updated_at), "SHORT_DATE_FORMAT")

    @admin.display(description=_("cost in PKR"), ordering="cost_pkr")
    def cost(self, offering: Offering) -> str:
        if not offering.cost_is_known:
            return self.get_empty_value_display()
        return offering_cost(offering)

    def _set_active(self, request: HttpRequest, queryset: QuerySet[Offering], active: bool):
        changed = services.offerings_set_active(offerings=queryset, is_active=active)
        if changed:
            # Stored untranslated, as Django does, so it shows in the reader's language.
            with translation.override(None):
                field = str(capfirst(Offering._meta.get_field("is_active").verbose_name))
            LogEntry.objects.log_actions(
                request.user.pk, changed, CHANGE, [{"changed": {"fields": [field]}}]
            )
        if active:
            message = ngettext(
                "%(count)d offering activated.", "%(count)d offerings activated.", len(changed)
            )
        else:
            message = ngettext(
                "%(count)d offering retired.", "%(count)d offerings retired.", len(changed)
            )
        self.message_user(request, message % {"count": len(changed)}, messages.SUCCESS)

    @admin.action(description=_("Activate the selected offerings"), permissions=["change"])
    def activate(self, request: HttpRequest, queryset: QuerySet[Offering]) -> None:
        self._set_active(request, queryset, active=True)

    @admin.action(description=_("Retire the selected offerings"), permissions=["change"])
    def retire(self, request: HttpRequest, queryset: QuerySet[Offering]) -> None:
        self._set_active(request, queryset, active=False)


class RoleSkillInline(LabelledTabularInline):
    model = RoleSkill
    fields = ["skill", "level", "weight"]
    autocomplete_fields = ["skill"]
    extra = 1


@admin.register(Role)
class RoleAdmin(CatalogImportExportAdmin):
    resource_classes = [resources.RoleResource]
    list_display = ["name", "slug", "skill_count"]
    search_fields = ["name", "slug", "summary"]
    autocomplete_fields = ["sectors", "source"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RoleSkillInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Role]:
        return super().get_queryset(request).annotate(skill_total=Count("required_skills"))

    @admin.display(description=_("required skills"), ordering="skill_total")
    def skill_count(self, role: Role) -> int:
        return role.skill_total


@admin.register(CatalogVersion)
class CatalogVersionAdmin(admin.ModelAdmin):
    """Read-only: the number moves by itself on every catalog change."""

    list_display = ["version", "changed_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


admin.site.site_header = _("Raasta catalog")
admin.site.site_title = _("Raasta catalog")
admin.site.index_title = _("Catalog editing")


@admin.register(AccessRoute)
class AccessRouteAdmin(admin.ModelAdmin):
    list_display = ["name", "eligibility", "provider", "is_active"]
    list_filter = ["is_active", "eligibility"]
    search_fields = ["name", "slug", "description"]
    autocomplete_fields = ["provider", "source"]
    prepopulated_fields = {"slug": ["name"]}
