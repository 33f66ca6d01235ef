"""The query parameters of the encounters list.

`from` and `to` take a date or a date-time. One with a UTC offset is an exact
instant; a date, or a date-time without an offset, is a wall-clock time read
in each hosting center's own zone, so `from=2026-03-02` starts at local
midnight in every center.
"""

import copy
import re
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from django import forms
from django.db.models import Q
from django.utils import timezone
from django_filters import rest_framework as filters

from centers.models import Center
from centers.timezones import first_instant_showing, parse_date_or_date_time
from encounters.models import LONGEST, UNIT_NUMBER_MAX, Encounter, Status
from encounters.pagination import limit_field, offset_field

# Wall-clock limits, far enough from the ends of the calendar that no UTC
# offset overflows them; bounds beyond are read as these.
EARLIEST = datetime(2, 1, 1)  # noqa: DTZ001
LATEST = datetime(9998, 12, 31, 23, 59, 59)  # noqa: DTZ001

# An unencoded "+" in a query string arrives as a space: "18:00:00 07:00".
PLUS_READ_AS_SPACE = re.compile(r"(\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?) (\d{2}(?::?\d{2})?)$")

INVALID_BOUND = (
    "Enter a date (2026-03-02) or a date-time (2026-03-02T18:00:00, "
    "optionally with an offset such as +07:00 or Z)."
)
INVALID_STATUS = "%(value)s is not a status; use Available, Full or Cancelled."
INVALID_BOOLEAN = "Use true or false."
INVALID_UNIT_NUMBER = "Enter a whole number of 1 or more."
FROM_AFTER_TO = "from must not be after to."


def _clamp(value: datetime) -> datetime:
    wall_clock = value.replace(tzinfo=None)
    if EARLIEST <= wall_clock <= LATEST:
        return value
    return min(max(wall_clock, EARLIEST), LATEST).replace(tzinfo=value.tzinfo)


class ShallowCopy:
    """django-filter deep-copies every filter for every request. These keep no
    state of a request's but their parent FilterSet, so a shallow copy is as
    good, at a fraction of the cost."""

    def __deepcopy__(self, memo):
        return copy.copy(self)


class DateOrDateTimeField(forms.Field):
    """A date, or a date-time with or without a UTC offset, in ASCII digits."""

    default_error_messages = {"invalid": INVALID_BOUND}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = PLUS_READ_AS_SPACE.sub(r"\1+\2", str(value).strip())
        try:
            moment = parse_date_or_date_time(text)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not isinstance(moment, datetime):
            return _clamp(datetime.combine(moment, time())).date()
        moment = _clamp(moment)
        # In UTC: PostgreSQL refuses offsets past 15:59 that Python reads.
        return moment if timezone.is_naive(moment) else moment.astimezone(UTC)


class StartBoundFilter(ShallowCopy, filters.Filter):
    """A bound on the start of encounters, read per center when it is local."""

    field_class = DateOrDateTimeField

    def __init__(self, *, day_end: bool, **kwargs):
        # A date as an upper bound includes its whole day.
        self.day_end = day_end
        super().__init__(field_name="start", **kwargs)

    def filter(self, qs, value):
        if value is None:
            return qs
        lookup = f"{self.field_name}__{self.lookup_expr}"
        if is_exact(value):
            return qs.filter(**{lookup: value})
        per_zone = Q(pk__in=[])
        for zone, center_ids in self.parent.center_ids_by_zone.items():
            per_zone |= Q(center_id__in=center_ids, **{lookup: self.instant(value, zone)})
        return qs.filter(per_zone)

    def instant(self, value: date | datetime, zone: str) -> datetime:
        """The instant the bound stands for in a zone: the first at which its
        clocks show the bound (or later, where they skip it)."""
        if is_exact(value):
            return value
        if isinstance(value, datetime):
            return first_instant_showing(value, ZoneInfo(zone))
        day = value + timedelta(days=1) if self.day_end else value
        return first_instant_showing(datetime.combine(day, time()), ZoneInfo(zone))


def is_exact(value: date | datetime) -> bool:
    return isinstance(value, datetime) and timezone.is_aware(value)


class StatusListWidget(forms.SelectMultiple):
    """Statuses repeated (?status=a&status=b) or comma-separated (?status=a,b)."""

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        return [
            part.strip() for value in values if value for part in value.split(",") if part.strip()
        ]


class StatusListField(forms.MultipleChoiceField):
    widget = StatusListWidget
    default_error_messages = {"invalid_choice": INVALID_STATUS}

    def to_python(self, value):
        canonical = {status.lower(): status for status in Status.values}
        return [canonical.get(item.lower(), item) for item in super().to_python(value)]

    def validate(self, value):
        # Every unknown status is named, not just the first.
        unknown = [item for item in value if item not in Status.values]
        if unknown:
            raise forms.ValidationError(
                [
                    forms.ValidationError(
                        INVALID_STATUS, code="invalid_choice", params={"value": item}
                    )
                    for item in unknown
                ]
            )


class StatusFilter(ShallowCopy, filters.Filter):
    field_class = StatusListField

    def __init__(self, **kwargs):
        super().__init__(field_name="status", lookup_expr="in", choices=Status.choices, **kwargs)


class StrictBooleanField(forms.Field):
    """true or false, in any letter case; anything else is an error, not "any"."""

    widget = forms.Select(choices=[("", "any"), ("true", "true"), ("false", "false")])
    default_error_messages = {"invalid": INVALID_BOOLEAN}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip().lower()
        if text in ("true", "false"):
            return text == "true"
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class StrictBooleanFilter(ShallowCopy, filters.Filter):
    field_class = StrictBooleanField


class UnitNumberField(forms.Field):
    """A whole number of 1 or more, in ASCII digits: no sign, no decimals."""

    default_error_messages = {"invalid": INVALID_UNIT_NUMBER}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        digits = str(value).strip()
        if not (digits.isascii() and digits.isdigit()) or not digits.strip("0"):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        significant = digits.lstrip("0")
        # Any number longer than the largest unit stands for "beyond every unit".
        if len(significant) > len(str(UNIT_NUMBER_MAX)):
            return UNIT_NUMBER_MAX + 1
        return int(significant)


class UnitNumberFilter(ShallowCopy, filters.Filter):
    field_class = UnitNumberField

    def filter(self, qs, value):
        if value is not None and value > UNIT_NUMBER_MAX:
            return qs.none()
        return super().filter(qs, value)


class CenterIdFilter(ShallowCopy, filters.UUIDFilter):
    pass


# Parameters that take one value: a second one is an error, not a guess.
SINGLE_VALUED = ("from", "to", "isOnline", "unitNumber", "centerId", "limit", "offset")


class EncounterParametersForm(forms.Form):
    """The filters' form, which also reads the paging parameters, so that a
    400 names every parameter that is wrong at once."""

    limit = limit_field(label="Limit")
    offset = offset_field(label="Offset")

    def clean(self):
        cleaned = super().clean()
        for name in SINGLE_VALUED:
            if len([value for value in self.data.getlist(name) if value.strip()]) > 1:
                self.add_error(name, f"Give {name} once.")
        return cleaned


class EncounterFilterSet(filters.FilterSet):
    """Narrows a user's encounters; by default to those that have not ended."""

    # `from` is a Python keyword, so it is declared through the class namespace.
    locals()["from"] = StartBoundFilter(
        lookup_expr="gte", day_end=False, label="Starting at or after (date or date-time)"
    )
    to = StartBoundFilter(
        lookup_expr="lt", day_end=True, label="Starting before (date or date-time)"
    )
    status = StatusFilter(label="Status (repeat or separate with commas)")
    isOnline = StrictBooleanFilter(field_name="is_online", label="Online")  # noqa: N815
    unitNumber = UnitNumberFilter(field_name="unit_number", label="Unit number")  # noqa: N815
    centerId = CenterIdFilter(field_name="center_id", label="Center id")  # noqa: N815

    class Meta:
        model = Encounter
        fields: list[str] = []
        form = EncounterParametersForm

    def __init__(self, *args, center_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.center_ids = center_ids

    def get_form_class(self):
        # The form follows from the declared filters alone: build it once.
        form_class = type(self).__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            type(self)._form_class = form_class
        return form_class

    @cached_property
    def center_ids_by_zone(self) -> dict[str, list]:
        """The user's centers by time zone; read only for a local bound."""
        groups: dict[str, list] = {}
        centers = Center.objects.filter(pk__in=list(self.center_ids))
        for center_id, zone in centers.values_list("id", "time_zone"):
            groups.setdefault(zone, []).append(center_id)
        return groups

    def is_valid(self):
        if not super().is_valid():
            return False
        if self.window_is_reversed():
            self.form.add_error("from", FROM_AFTER_TO)
            return False
        return True

    def window_is_reversed(self) -> bool:
        """Whether `from` lies after `to` in any of the user's centers."""
        start, end = self.form.cleaned_data.get("from"), self.form.cleaned_data.get("to")
        if start is None or end is None:
            return False
        zones = ["UTC"] if is_exact(start) and is_exact(end) else self.center_ids_by_zone
        for zone in zones or ["UTC"]:
            first = self.filters["from"].instant(start, zone)
            limit = self.filters["to"].instant(end, zone)
            # A date as `to` ends just before the next midnight, which it excludes.
            last = limit if isinstance(end, datetime) else limit - timedelta(microseconds=1)
            if first > last:
                return True
        return False

    def filter_queryset(self, queryset):
        for name, value in self.form.cleaned_data.items():
            if name in self.filters:  # limit and offset are the paginator's
                queryset = self.filters[name].filter(queryset, value)
        if self.form.cleaned_data.get("from") is None:
            # Not ended yet; the bound on the start is implied (no encounter
            # lasts longer than LONGEST) and lets the index on start find them.
            now = timezone.now()
            queryset = queryset.filter(end__gt=now, start__gt=now - LONGEST)
        return queryset


class EncounterFilterBackend(filters.DjangoFilterBackend):
    """The FilterSet also needs the centers whose local time `from` and `to` are read in."""

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        kwargs["center_ids"] = view.target.center_ids
        return kwargs
