"""Encounters as spreadsheet rows, for the admin's import and export (CSV, Excel).

Rows are read and checked by the same code as `manage.py import_data`, after
turning spreadsheet cells into that command's record values, and only within
the centers the signed-in user keeps. Times are exported in each center's
local time with its UTC offset, so an exported file imports back unchanged.
"""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from centers.models import Center
from encounters.importing import BadRecordError, apply_encounter, read_encounter
from encounters.models import Encounter

COLUMNS = ("id", "center", "unit_number", "start", "end", "status", "is_online")
TRUE_WORDS = {"true", "1", "yes", "y"}
FALSE_WORDS = {"false", "0", "no", "n"}


def record_from_row(row) -> dict:
    """A spreadsheet row as an import_data record: empty cells are left out,
    numbers and true/false words become what the JSON would hold."""
    record = {}
    for column in COLUMNS:
        value = row.get(column)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if isinstance(value, str):
            value = value.strip()
        if column == "unit_number":
            value = _whole_number(value)
        elif column == "is_online":
            value = _flag(value)
        elif column in ("start", "end") and isinstance(value, datetime | date):
            value = value.isoformat()
        elif column in ("id", "center", "status") and not isinstance(value, str):
            value = str(value)
        record[column] = value
    return record


def _whole_number(value):
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    if isinstance(value, float | Decimal) and value == int(value):
        return int(value)
    return value  # read_encounter names it


def _flag(value):
    if isinstance(value, str):
        word = value.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    return value  # read_encounter names it


class LocalTimeField(fields.Field):
    """An instant written in its encounter's center's local time."""

    def export(self, instance, **kwargs):
        value = self.get_value(instance)
        if value is None or instance.center_id is None:
            return ""
        return value.astimezone(instance.center.zone).isoformat(timespec="seconds")


class EncounterResource(resources.ModelResource):
    center = fields.Field(
        attribute="center",
        column_name="center",
        widget=widgets.ForeignKeyWidget(Center, "reference_id"),
    )
    start = LocalTimeField(attribute="start", column_name="start")
    end = LocalTimeField(attribute="end", column_name="end")

    class Meta:
        model = Encounter
        fields = COLUMNS
        export_order = COLUMNS
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def __init__(self, *, centers=None, **kwargs):
        super().__init__(**kwargs)
        # The centers the signed-in user keeps; None for every center.
        self.centers = centers
        self._rows_by_encounter: dict = {}
        self._values = None

    def filter_export(self, queryset, **kwargs):
        queryset = super().filter_export(queryset, **kwargs).select_related("center")
        if self.centers is None:
            return queryset
        return queryset.filter(center__in=self.centers)

    def get_or_init_instance(self, instance_loader, row):
        try:
            self._values = read_encounter(record_from_row(row), centers=self.centers)
        except BadRecordError as error:
            raise ValidationError(str(error)) from error
        if self._values.stored is not None:
            return self._values.stored, False
        return Encounter(**({"id": self._values.id} if self._values.id else {})), True

    def import_instance(self, instance, row, **kwargs):
        apply_encounter(instance, self._values, created=instance._state.adding)

    def import_row(self, row, instance_loader, **kwargs):
        result = super().import_row(row, instance_loader, **kwargs)
        # As in import_data: one row per encounter, or every import would
        # flip the encounter between the rows.
        if result.object_id is not None and result.validation_error is None:
            number = kwargs.get("row_number")
            first = self._rows_by_encounter.setdefault(result.object_id, number)
            if first != number:
                result.import_type = result.IMPORT_TYPE_INVALID
                result.validation_error = ValidationError(f"the same encounter as row {first}")
        return result
