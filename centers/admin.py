from django import forms
from django.contrib import admin

from centers.models import Center
from centers.timezones import time_zone_names


class CenterForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        choices=lambda: [("", "---------")] + [(name, name) for name in sorted(time_zone_names())],
        help_text="The IANA time zone the center keeps its timetable in.",
    )

    class Meta:
        model = Center
        fields = ["name", "reference_id", "time_zone"]


@admin.register(Center)
class CenterAdmin(admin.ModelAdmin):
    """Centers, for superusers; staff members never see this page."""

    form = CenterForm
    list_display = ["name", "reference_id", "time_zone"]
    list_filter = ["time_zone"]
    search_fields = ["name", "reference_id"]
