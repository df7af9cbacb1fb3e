"""Spreadsheet import and export of the catalog (django-import-export), relations by slug.

Every resource imports by slug (sources by key), refuses the whole file when one row
is bad, reports unchanged rows as skipped, and bumps the catalog version once after a
real import so the recommender sees it.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.instance_loaders import CachedInstanceLoader
from import_export.results import Result, RowResult

from catalog.models import (
    AccessRoute,
    Offering,
    Provider,
    Role,
    Sector,
    Skill,
    SkillLevel,
    Source,
)
from catalog.prerequisites import cycle_message, prerequisite_cycle
from catalog.selectors import skill_prerequisite_graph
from catalog.services import (
    catalog_signals_quiet,
    catalog_version_bump,
    offering_skills_set,
    role_skills_set,
)

LEVELS = {choice.value for choice in SkillLevel}
WEIGHTS = range(1, 6)
NUL = "\x00"


class WholeNumberWidget(widgets.IntegerWidget):
    """An integer column whose bad values become row errors on that column."""

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValueError(_("'%(value)s' is not a whole number") % {"value": value}) from None
        if not number.is_finite() or number != number.to_integral_value():
            raise ValueError(_("'%(value)s' is not a whole number") % {"value": value})
        return super().clean(value, row, **kwargs)


class SlugForeignKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key written as the related row's slug (or key), looked up once per import."""

    def __init__(self, model: type[models.Model], field: str = "slug", **kwargs):
        super().__init__(model, field, **kwargs)
        self._by_slug: dict[str, models.Model] | None = None

    def reset(self, **kwargs) -> None:
        self._by_slug = None

    def clean(self, value, row=None, **kwargs):
        value = str(value).strip() if value is not None else ""
        if not value:
            return None
        if self._by_slug is None:
            self._by_slug = {getattr(obj, self.field): obj for obj in self.model.objects.all()}
        try:
            return self._by_slug[value]
        except KeyError:
            raise ValueError(
                _("unknown %(model)s '%(slug)s'")
                % {"model": self.model._meta.verbose_name, "slug": value}
            ) from None


class _SlugListWidget(widgets.Widget):
    """Comma-separated items that each start with a slug of ``model``.

    Slugs are checked against the database plus ``also_known`` (slugs the same file
    creates), loaded once per import.
    """

    empty: tuple = ()

    def __init__(self, model: type[models.Model]):
        super().__init__()
        self.model = model
        self.also_known: set[str] = set()
        self._ids: dict[str, int] | None = None

    def reset(self, also_known: Iterable[str] = ()) -> None:
        self.also_known = set(also_known)
        self._ids = None

    def ids(self) -> dict[str, int]:
        """Slug -> primary key of every stored row, read once per import."""
        if self._ids is None:
            self._ids = dict(self.model.objects.values_list("slug", "pk"))
        return self._ids

    def known(self) -> set[str]:
        return self.ids().keys() | self.also_known

    def items(self, value: Any) -> list[str]:
        if value is None:
            return []
        return [item.strip() for item in str(value).split(",") if item.strip()]

    def check_slugs(self, slugs: list[str]) -> None:
        noun = self.model._meta.verbose_name
        unknown = [slug for slug in slugs if slug not in self.known()]
        if unknown:
            raise ValueError(
                _("unknown %(model)s %(slugs)s")
                % {"model": noun, "slugs": ", ".join(f"'{slug}'" for slug in unknown)}
            )
        twice = sorted({slug for slug in slugs if slugs.count(slug) > 1})
        if twice:
            raise ValueError(
                _("lists %(slugs)s more than once")
                % {"slugs": ", ".join(f"'{slug}'" for slug in twice)}
            )


class SlugSetWidget(_SlugListWidget):
    """``"python, sql"``: a set of slugs, kept as a sorted tuple."""

    def clean(self, value, row=None, **kwargs) -> tuple[str, ...]:
        slugs = self.items(value)
        self.check_slugs(slugs)
        return tuple(sorted(slugs))

    def render(self, value, obj=None, **kwargs) -> str:
        return ", ".join(value or ())


def _whole(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() else None


class SkillLevelsWidget(_SlugListWidget):
    """``"python:2, machine-learning:1"``: skills with the level reached (1-3)."""

    def clean(self, value, row=None, **kwargs) -> tuple[tuple[str, int], ...]:
        parsed: list[tuple[str, int]] = []
        for item in self.items(value):
            parts = item.split(":")
            level = _whole(parts[1]) if len(parts) == 2 else None
            if len(parts) != 2:
                raise ValueError(
                    _("'%(item)s' should be skill:level, e.g. python:2") % {"item": item}
                )
            if level not in LEVELS:
                raise ValueError(
                    _("level for '%(slug)s' must be 1, 2 or 3, not '%(level)s'")
                    % {"slug": parts[0].strip(), "level": parts[1].strip()}
                )
            parsed.append((parts[0].strip(), level))
        self.check_slugs([slug for slug, _level in parsed])
        return tuple(sorted(parsed))

    def render(self, value, obj=None, **kwargs) -> str:
        return ", ".join(f"{slug}:{level}" for slug, level in value or ())


class SkillNeedsWidget(_SlugListWidget):
    """``"python:2:5, sql:1:3"``: skills with the level needed (1-3) and weight (1-5)."""

    def clean(self, value, row=None, **kwargs) -> tuple[tuple[str, int, int], ...]:
        parsed: list[tuple[str, int, int]] = []
        for item in self.items(value):
            parts = item.split(":")
            if len(parts) != 3:
                raise ValueError(
                    _("'%(item)s' should be skill:level:weight, e.g. python:2:5") % {"item": item}
                )
            slug, level, weight = parts[0].strip(), _whole(parts[1]), _whole(parts[2])
            if level not in LEVELS:
                raise ValueError(
                    _("level for '%(slug)s' must be 1, 2 or 3, not '%(level)s'")
                    % {"slug": slug, "level": parts[1].strip()}
                )
            if weight not in WEIGHTS:
                raise ValueError(
                    _("weight for '%(slug)s' must be a whole number from 1 to 5, not '%(weight)s'")
                    % {"slug": slug, "weight": parts[2].strip()}
                )
            parsed.append((slug, level, weight))
        self.check_slugs([slug for slug, _level, _weight in parsed])
        return tuple(sorted(parsed))

    def render(self, value, obj=None, **kwargs) -> str:
        return ", ".join(f"{slug}:{level}:{weight}" for slug, level, weight in value or ())


class RelationField(fields.Field):
    """A to-many relation written as text in one column.

    Importing keeps the parsed value on the instance; the resource writes it after the
    row is saved. ``read`` gives the stored value in the same shape the widget parses
    to, so unchanged rows compare equal and are skipped.
    """

    def __init__(self, column_name: str, widget: _SlugListWidget, read: Callable[[Any], Any]):
        super().__init__(attribute=column_name, column_name=column_name, widget=widget)
        self.read = read
        #: Stored values by primary key, read in bulk before an import.
        self.stored: dict[int, Any] = {}

    def stored_value(self, instance):
        if instance.pk is None:
            return self.widget.empty
        if instance.pk in self.stored:
            return self.stored[instance.pk]
        return self.read(instance)

    def save(self, instance, row, is_m2m=False, **kwargs) -> None:
        instance.__dict__.setdefault("_pending_relations", {})[self.column_name] = self.clean(
            row, **kwargs
        )

    def get_value(self, instance):
        pending = instance.__dict__.get("_pending_relations", {})
        if self.column_name in pending:
            return pending[self.column_name]
        return self.stored_value(instance)


def _slugs(manager) -> tuple[str, ...]:
    return tuple(sorted(item.slug for item in manager.all()))


def _file_problems(dataset) -> list[str]:
    """What refuses a file before any row is read: rows without a header row naming the
    columns, or a NUL character anywhere (PostgreSQL cannot store one)."""
    headers = list(dataset.headers or [])
    if not headers:
        return [_("The first row must name the columns.")] if len(dataset) else []
    problems = [
        _("The header %(column)s holds a NUL character, which cannot be stored.")
        % {"column": repr(column)}
        for column in headers
        if isinstance(column, str) and NUL in column
    ]
    for number, row in enumerate(dataset, 1):
        for column, cell in zip(headers, row, strict=False):
            if isinstance(cell, str) and NUL in cell:
                problems.append(
                    _(
                        "Row %(number)s, column %(column)s holds a NUL character, which cannot "
                        "be stored."
                    )
                    % {"number": number, "column": column}
                )
    return problems


class CatalogRowResult(RowResult):
    def __init__(self) -> None:
        super().__init__()
        #: Columns whose value differs from what was stored, for the admin history.
        self.changed_columns: list[str] = []


class CatalogResource(resources.ModelResource):
    """What every catalog resource shares: slugs, all-or-nothing, skip unchanged, bump."""

    WIDGETS_MAP = {
        **resources.ModelResource.WIDGETS_MAP,
        "IntegerField": WholeNumberWidget,
        "PositiveIntegerField": WholeNumberWidget,
        "PositiveSmallIntegerField": WholeNumberWidget,
    }
    #: Model field names loaded with each row, so relations compare without a query per row.
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()

    class Meta:
        import_id_fields = ["slug"]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
        instance_loader_class = CachedInstanceLoader

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._changed_columns: list[str] = []
        self._rows_by_slug: dict[str, list[int]] = {}

    @classmethod
    def get_row_result_class(cls):
        return CatalogRowResult

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Foreign keys arrive through SlugForeignKeyWidget, which has already found the row;
        # full_clean() would look each one up again, one query per key per row.
        looked_up = {
            field.attribute
            for field in self.fields.values()
            if isinstance(field.widget, SlugForeignKeyWidget) and field.attribute
        }
        errors = dict(import_validation_errors or {})
        errors_before = set(errors)
        try:
            instance.full_clean(exclude=errors_before | looked_up, validate_unique=validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    @property
    def slug_column(self) -> str:
        return self.get_import_id_fields()[0]

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        return queryset.prefetch_related(*self.prefetch_related)

    def filter_export(self, queryset, **kwargs):
        queryset = (
            queryset.select_related(*self.select_related) if self.select_related else queryset
        )
        return queryset.prefetch_related(*self.prefetch_related)

    def import_data(self, dataset, *args, rollback_on_validation_errors=True, **kwargs) -> Result:
        problems = _file_problems(dataset)
        if problems:
            # Refused before any query: PostgreSQL fails on the first lookup of a slug
            # holding a NUL, and rows without headers cannot be read at all.
            result = self.get_result_class()()
            result.diff_headers = self.get_diff_headers()
            result.total_rows = len(dataset)
            for problem in problems:
                raise_errors = kwargs.get("raise_errors", False)
                self.handle_import_error(result, ValueError(problem), raise_errors)
            return result
        # One bad row refuses the whole file, from the admin or from code; the version is
        # bumped once in after_import rather than for every row saved.
        with catalog_signals_quiet():
            return super().import_data(
                dataset,
                *args,
                rollback_on_validation_errors=rollback_on_validation_errors,
                **kwargs,
            )

    def before_import(self, dataset, **kwargs) -> None:
        super().before_import(dataset, **kwargs)
        rows: dict[str, list[int]] = defaultdict(list)
        if self.slug_column in (dataset.headers or []):
            for number, slug in enumerate(dataset[self.slug_column], 1):
                if slug not in (None, ""):
                    rows[str(slug).strip()].append(number)
        self._rows_by_slug = rows
        for field in self.fields.values():
            if isinstance(field.widget, _SlugListWidget):
                same_file = rows if field.widget.model is self._meta.model else ()
                field.widget.reset(also_known=same_file)
            elif isinstance(field.widget, SlugForeignKeyWidget):
                field.widget.reset()
        self._relations_read(list(rows))

    def _relations_read(self, slugs: list[str]) -> None:
        """Read the stored to-many values of the file's rows in a few queries, not per row."""
        relation_fields = [f for f in self.fields.values() if isinstance(f, RelationField)]
        for field in relation_fields:
            field.stored = {}
        if not relation_fields or not slugs:
            return
        for start in range(0, len(slugs), 500):  # stays under SQLite's limit on parameters
            lookup = {f"{self.slug_column}__in": slugs[start : start + 500]}
            for instance in self.get_queryset().filter(**lookup):
                for field in relation_fields:
                    field.stored[instance.pk] = field.read(instance)

    def before_import_row(self, row, **kwargs) -> None:
        super().before_import_row(row, **kwargs)
        self._changed_columns = []

    def import_instance(self, instance, row, **kwargs) -> None:
        errors: dict[str, Any] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for column, message in self.row_errors(instance, row, **kwargs).items():
            errors.setdefault(column, []).append(message)
        if errors:
            raise ValidationError(errors)

    def row_errors(self, instance, row, **kwargs) -> dict[str, str]:
        """Problems a single field cannot see; column -> message."""
        slug = str(row.get(self.slug_column) or "").strip()
        numbers = self._rows_by_slug.get(slug, [])
        if len(numbers) > 1:
            return {
                self.slug_column: _("'%(slug)s' is used by more than one row (rows %(rows)s)")
                % {"slug": slug, "rows": ", ".join(str(n) for n in numbers)}
            }
        return {}

    def skip_row(self, instance, original, row, import_validation_errors=None) -> bool:
        self._changed_columns = [
            field.column_name
            for field in self.get_import_fields()
            if field.column_name in row and field.get_value(instance) != field.get_value(original)
        ]
        if import_validation_errors:
            return False
        return bool(self._meta.skip_unchanged) and not self._changed_columns

    def after_import_row(self, row, row_result, **kwargs) -> None:
        super().after_import_row(row, row_result, **kwargs)
        row_result.changed_columns = list(self._changed_columns)

    def before_save_instance(self, instance, row, **kwargs) -> None:
        super().before_save_instance(instance, row, **kwargs)
        instance.__dict__["_import_created"] = instance._state.adding

    def after_save_instance(self, instance, row, **kwargs) -> None:
        super().after_save_instance(instance, row, **kwargs)
        if self._is_dry_run(kwargs) and not self._is_using_transactions(kwargs):
            return
        created = instance.__dict__.get("_import_created", False)
        changed = {}
        for column, value in instance.__dict__.get("_pending_relations", {}).items():
            field = self.fields[column]
            # The row was loaded with its relations prefetched, so this costs no query.
            current = field.widget.empty if created else field.stored_value(instance)
            if value != current:
                changed[column] = value
        self.relations_write(instance, changed, created=created)

    def relations_write(self, instance, changed: dict[str, Any], *, created: bool) -> None:
        """Write the to-many columns of one saved row that differ from what is stored."""

    def ids(self, column: str, slugs: Iterable[str]) -> list[int]:
        widget_ids = self.fields[column].widget.ids()
        return [widget_ids[slug] for slug in slugs]

    def after_import(self, dataset, result, **kwargs) -> None:
        super().after_import(dataset, result, **kwargs)
        for field in self.fields.values():
            if isinstance(field, RelationField):
                field.stored = {}  # the import may have changed them; later reads go to the rows
        if self._is_dry_run(kwargs) or result.has_errors() or result.has_validation_errors():
            return
        if result.totals[RowResult.IMPORT_TYPE_NEW] or result.totals[RowResult.IMPORT_TYPE_UPDATE]:
            # Through rows go in with bulk_create, which sends no signals.
            catalog_version_bump()


def _links_set(manager, ids: list[int], *, created: bool) -> None:
    """Replace a many-to-many's links; a row this import created has none to compare."""
    if not created:
        manager.set(ids)
        return
    through = manager.through
    through.objects.bulk_create(
        through(
            **{
                f"{manager.source_field_name}_id": manager.instance.pk,
                f"{manager.target_field_name}_id": pk,
            }
        )
        for pk in ids
    )


class SourceResource(CatalogResource):
    class Meta(CatalogResource.Meta):
        model = Source
        import_id_fields = ["key"]
        fields = ["key", "title", "publisher", "url", "licence", "checked_on"]
        export_order = fields


class SectorResource(CatalogResource):
    class Meta(CatalogResource.Meta):
        model = Sector
        fields = ["slug", "name", "description"]
        export_order = fields


class SkillResource(CatalogResource):
    prerequisites = RelationField(
        "prerequisites", SlugSetWidget(Skill), lambda skill: _slugs(skill.prerequisites)
    )
    prefetch_related = ("prerequisites",)

    class Meta(CatalogResource.Meta):
        model = Skill
        fields = [
            "slug",
            "name",
            "category",
            "description",
            "aliases",
            "prerequisites",
            "prerequisites_from",
        ]
        export_order = fields

    def before_import(self, dataset, **kwargs) -> None:
        super().before_import(dataset, **kwargs)
        self._prerequisites_later: list[tuple[Skill, tuple[str, ...], bool]] = []
        self._cycle_error = self._file_cycle(dataset)

    def _file_cycle(self, dataset) -> tuple[set[str], str] | None:
        """The cycle the file would close in the prerequisite graph, if any."""
        headers = dataset.headers or []
        if "prerequisites" not in headers or self.slug_column not in headers:
            return None
        graph = skill_prerequisite_graph()
        widget = self.fields["prerequisites"].widget
        for slug, prerequisites in zip(
            dataset[self.slug_column], dataset["prerequisites"], strict=True
        ):
            if slug not in (None, ""):
                graph[str(slug).strip()] = set(widget.items(prerequisites))
        cycle = prerequisite_cycle(graph)
        return (set(cycle), cycle_message(cycle)) if cycle else None

    def row_errors(self, instance, row, **kwargs) -> dict[str, str]:
        errors = super().row_errors(instance, row, **kwargs)
        slug = str(row.get(self.slug_column) or "").strip()
        if self._cycle_error and slug in self._cycle_error[0]:
            errors["prerequisites"] = self._cycle_error[1]
        return errors

    def relations_write(self, instance, changed, *, created) -> None:
        # A prerequisite may be a skill a later row creates, so these wait for the end.
        if "prerequisites" in changed:
            self._prerequisites_later.append((instance, changed["prerequisites"], created))

    def after_import(self, dataset, result, **kwargs) -> None:
        if self._prerequisites_later and not (
            result.has_errors() or result.has_validation_errors()
        ):
            ids = dict(Skill.objects.values_list("slug", "pk"))
            for skill, slugs, created in self._prerequisites_later:
                _links_set(skill.prerequisites, [ids[s] for s in slugs], created=created)
        super().after_import(dataset, result, **kwargs)


class ProviderResource(CatalogResource):
    source = fields.Field(
        attribute="source", column_name="source", widget=SlugForeignKeyWidget(Source, "key")
    )
    select_related = ("source",)

    class Meta(CatalogResource.Meta):
        model = Provider
        fields = ["slug", "name", "short_name", "kind", "city", "url", "description", "source"]
        export_order = fields


class OfferingResource(CatalogResource):
    provider = fields.Field(
        attribute="provider", column_name="provider", widget=SlugForeignKeyWidget(Provider, "slug")
    )
    source = fields.Field(
        attribute="source", column_name="source", widget=SlugForeignKeyWidget(Source, "key")
    )
    length_source = fields.Field(
        attribute="length_source",
        column_name="length_source",
        widget=SlugForeignKeyWidget(Source, "key"),
    )
    cost_source = fields.Field(
        attribute="cost_source",
        column_name="cost_source",
        widget=SlugForeignKeyWidget(Source, "key"),
    )
    sectors = RelationField("sectors", SlugSetWidget(Sector), lambda o: _slugs(o.sectors))
    prerequisites = RelationField(
        "prerequisites", SlugSetWidget(Skill), lambda o: _slugs(o.prerequisite_skills)
    )
    free_routes = RelationField(
        "free_routes", SlugSetWidget(AccessRoute), lambda o: _slugs(o.free_routes)
    )
    skills = RelationField(
        "skills",
        SkillLevelsWidget(Skill),
        lambda o: tuple(
            sorted((taught.skill.slug, taught.level) for taught in o.skills_taught.all())
        ),
    )
    select_related = ("provider", "source", "length_source", "cost_source")
    prefetch_related = ("sectors", "prerequisite_skills", "free_routes", "skills_taught__skill")

    class Meta(CatalogResource.Meta):
        model = Offering
        fields = [
            "slug",
            "title",
            "kind",
            "provider",
            "summary",
            "url",
            "delivery",
            "city",
            "cost_pkr",
            "cost_usd",
            "cost_period",
            "level",
            "duration_weeks",
            "hours_per_week",
            "total_hours",
            "language",
            "data_weight",
            "schedule",
            "starts_on",
            "last_round",
            "entry_education",
            "entry_test",
            "entry_note",
            "province",
            "is_active",
            "source",
            "length_source",
            "cost_source",
            "sectors",
            "prerequisites",
            "free_routes",
            "skills",
        ]
        export_order = fields

    def relations_write(self, instance, changed, *, created) -> None:
        if "sectors" in changed:
            sectors = self.ids("sectors", changed["sectors"])
            _links_set(instance.sectors, sectors, created=created)
        if "prerequisites" in changed:
            prerequisites = self.ids("prerequisites", changed["prerequisites"])
            _links_set(instance.prerequisite_skills, prerequisites, created=created)
        if "free_routes" in changed:
            routes = self.ids("free_routes", changed["free_routes"])
            _links_set(instance.free_routes, routes, created=created)
        if "skills" in changed:
            ids = self.fields["skills"].widget.ids()
            offering_skills_set(
                offering=instance,
                levels={ids[slug]: level for slug, level in changed["skills"]},
                created=created,
            )


class RoleResource(CatalogResource):
    source = fields.Field(
        attribute="source", column_name="source", widget=SlugForeignKeyWidget(Source, "key")
    )
    sectors = RelationField("sectors", SlugSetWidget(Sector), lambda r: _slugs(r.sectors))
    skills = RelationField(
        "skills",
        SkillNeedsWidget(Skill),
        lambda r: tuple(
            sorted((need.skill.slug, need.level, need.weight) for need in r.required_skills.all())
        ),
    )
    select_related = ("source",)
    prefetch_related = ("sectors", "required_skills__skill")

    class Meta(CatalogResource.Meta):
        model = Role
        fields = ["slug", "name", "summary", "outlook", "basis", "source", "sectors", "skills"]
        export_order = fields

    def relations_write(self, instance, changed, *, created) -> None:
        if "sectors" in changed:
            _links_set(instance.sectors, self.ids("sectors", changed["sectors"]), created=created)
        if "skills" in changed:
            ids = self.fields["skills"].widget.ids()
            role_skills_set(
                role=instance,
                needs={ids[slug]: (level, weight) for slug, level, weight in changed["skills"]},
                created=created,
            )
