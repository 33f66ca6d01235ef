"""The timetable in the admin, scoped to the centers a staff member works for.

Superusers see every center. A staff member sees, adds, changes and cancels
the encounters of their assigned centers only: every list, filter, choice,
search, action, export and URL of this admin starts from get_queryset() or
managed_centers(), which stop at those centers.
"""

import logging
import os

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import BadRequest, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX

from centers.models import Center
from encounters.models import Encounter, Status
from encounters.resources import EncounterResource

logger = logging.getLogger(__name__)

PREVIEWED_IMPORTS = "previewed_encounter_imports"


def managed_centers(request):
    """The centers whose encounters the signed-in user may keep."""
    if request.user.is_superuser:
        return Center.objects.all()
    return Center.objects.filter(pk__in=request.user.center_ids)


def previewed_as(data) -> list[str]:
    """What the confirmation of an import must repeat of its preview, exactly:
    the upload's name in the temporary folder, the file's own name, its
    format and its resource."""
    fields = ("import_file_name", "original_file_name", "format", "resource")
    return [str(data.get(field) or "") for field in fields]


def local_time(moment, center) -> str:
    return moment.astimezone(center.zone).isoformat(" ", "minutes")


class EncounterChangeList(ChangeList):
    """Django's change list, reading a date hierarchy past the calendar's end
    (?start__year=9999) as bad parameters rather than failing on it."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error


class ManagedCenterFilter(admin.RelatedFieldListFilter):
    """The center filter, offering only the user's own centers.

    It shows even with a single center: Django drops the parameter of a
    hidden filter, and a forged ?center__id__exact=<another center> would
    then list, and let a bulk action reach, every encounter of the user's.
    """

    def field_choices(self, field, request, model_admin):
        return [(center.pk, str(center)) for center in managed_centers(request)]

    def has_output(self):
        return True


class WhenFilter(admin.SimpleListFilter):
    title = "when"
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", "Not ended yet"), ("past", "Ended")]

    def queryset(self, request, queryset):
        if self.value() == "upcoming":
            return queryset.filter(end__gt=timezone.now())
        if self.value() == "past":
            return queryset.filter(end__lte=timezone.now())
        return queryset


class EncounterForm(forms.ModelForm):
    class Meta:
        model = Encounter
        fields = ["center", "unit_number", "start", "end", "status", "is_online"]


@admin.register(Encounter)
class EncounterAdmin(ImportExportModelAdmin):
    """Encounters, with times in each hosting center's local time."""

    form = EncounterForm
    resource_classes = [EncounterResource]
    import_formats = [CSV, XLSX]
    export_formats = [CSV, XLSX]
    list_display = ["local_start", "local_end", "unit_number", "status", "is_online", "center"]
    list_filter = [
        ("center", ManagedCenterFilter),
        "status",
        "is_online",
        "unit_number",
        WhenFilter,
    ]
    list_select_related = ["center"]
    date_hierarchy = "start"
    search_fields = ["center__name", "center__reference_id"]
    search_help_text = "Search by center name or reference id."
    ordering = ["start", "id"]
    actions = ["cancel", "mark_full", "mark_available"]

    def get_changelist(self, request, **kwargs):
        return EncounterChangeList

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(center_id__in=request.user.center_ids)

    def get_resource_kwargs(self, request, *args, **kwargs):
        centers = None if request.user.is_superuser else managed_centers(request)
        return {**kwargs, "centers": centers}

    # Spreadsheet import ------------------------------------------------------------

    def import_action(self, request, **kwargs):
        # Only a confirmation of what was previewed in this session is carried
        # out (see process_import): remember each preview's file and reading.
        response = super().import_action(request, **kwargs)
        confirm = getattr(response, "context_data", {}).get("confirm_form")
        if confirm is not None:
            previewed = request.session.get(PREVIEWED_IMPORTS, [])
            request.session[PREVIEWED_IMPORTS] = [*previewed[-9:], previewed_as(confirm.initial)]
        return response

    def process_import(self, request, **kwargs):
        # The library reads, then deletes, the named file in the temporary
        # folder, in the named format: a forged name would reach files that
        # are not an upload, and a forged format would misread the upload.
        previewed = request.session.get(PREVIEWED_IMPORTS, [])
        confirmed = previewed_as(request.POST)
        if confirmed not in previewed:
            return self._not_previewed(request)
        request.session[PREVIEWED_IMPORTS] = [other for other in previewed if other != confirmed]
        # Confirmations sent together all pass the session check: the one that
        # claims the upload first imports it, while the file is still there.
        upload = self.get_tmp_storage_class()(name=os.path.basename(confirmed[0])).get_full_path()
        claim = f"{upload}.confirming"
        try:
            os.close(os.open(claim, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return self._not_previewed(request)
        try:
            if not os.path.exists(upload):  # imported by a confirmation before this one
                return self._not_previewed(request)
            return super().process_import(request, **kwargs)
        finally:
            os.remove(claim)

    def process_result(self, result, request):
        # The library reports every confirmed import as finished. One that
        # wrote nothing, because a row went bad after its preview or the
        # database refused the write, says so instead.
        if result.has_errors() or result.has_validation_errors():
            errors = [*result.base_errors, *(e for _, row in result.row_errors() for e in row)]
            logger.warning(
                "An import confirmation wrote nothing (%s)",
                ", ".join(sorted({type(e.error).__name__ for e in errors})) or "invalid rows",
            )
            self.message_user(
                request,
                "The import wrote nothing: a row is no longer valid, or the database "
                "refused the write. Upload the file again to see why.",
                messages.ERROR,
            )
            return HttpResponseRedirect(reverse("admin:encounters_encounter_import"))
        return super().process_result(result, request)

    def _not_previewed(self, request):
        self.message_user(
            request, "That import was not previewed here; upload the file again.", messages.ERROR
        )
        return HttpResponseRedirect(reverse("admin:encounters_encounter_import"))

    def get_export_queryset(self, request):
        try:
            return super().get_export_queryset(request)
        except IncorrectLookupParameters as error:
            raise BadRequest(f"Cannot filter the export by these parameters: {error}") from error

    def get_import_data_kwargs(self, **kwargs):
        # The confirmation step imports again; like the preview, it writes
        # nothing if any row is invalid, even when the form was forged.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name != "center":
            return super().formfield_for_foreignkey(db_field, request, **kwargs)
        kwargs["queryset"] = managed_centers(request)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        # Each choice names its zone: the times are read in the chosen one's.
        field.label_from_instance = lambda center: f"{center}, {center.time_zone}"
        return field

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._manages(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._manages(request, obj)

    @staticmethod
    def _manages(request, obj) -> bool:
        return obj is None or request.user.is_superuser or obj.center_id in request.user.center_ids

    # Local time -------------------------------------------------------------------

    @admin.display(description="start (local time)", ordering="start")
    def local_start(self, obj):
        return local_time(obj.start, obj.center)

    @admin.display(description="end (local time)", ordering="end")
    def local_end(self, obj):
        return local_time(obj.end, obj.center)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The form reads and writes times in the current time zone: make it
        # the hosting center's, the one being chosen when the form is posted.
        # The page is rendered inside too, since a TemplateResponse renders late.
        with timezone.override(self._form_zone(request, object_id)):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()
            return response

    def _form_zone(self, request, object_id):
        center = self._posted_center(request)
        if center is None and object_id:
            encounter = self.get_object(request, object_id)
            center = encounter.center if encounter else None
        return center.zone if center else None

    @staticmethod
    def _posted_center(request):
        """The managed center chosen in a posted form, if it names one."""
        if request.method != "POST" or not request.POST.get("center"):
            return None
        try:
            return managed_centers(request).filter(pk=request.POST["center"]).first()
        except (ValueError, ValidationError):
            return None

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # Named as the times are read: in the posted center's zone, or the stored one's.
        center = self._posted_center(request) or (obj.center if obj is not None else None)
        if center is not None:
            where = f"in the local time of {center.name} ({center.time_zone})"
        else:
            where = "in the local time of the chosen center, whose zone its choice names"
        for name in ("start", "end"):
            if name in form.base_fields:
                form.base_fields[name].help_text = f"Date and time {where}."
        return form

    # Bulk actions -----------------------------------------------------------------

    def response_action(self, request, queryset):
        # Django reads the selected ids as primary keys and fails on any
        # that is not a UUID, which only a forged form sends.
        try:
            for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
                Encounter._meta.pk.to_python(value)
        except ValidationError:
            self.message_user(
                request, "The selection could not be read; select again.", messages.ERROR
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)

    @admin.action(description="Cancel the selected encounters", permissions=["change"])
    def cancel(self, request, queryset):
        self._set_status(request, queryset, Status.CANCELLED)

    @admin.action(description="Mark the selected encounters full", permissions=["change"])
    def mark_full(self, request, queryset):
        self._set_status(request, queryset, Status.FULL)

    @admin.action(description="Mark the selected encounters available", permissions=["change"])
    def mark_available(self, request, queryset):
        self._set_status(request, queryset, Status.AVAILABLE)

    def _set_status(self, request, queryset, status):
        # One save per encounter, so each change lands in its history.
        changed = 0
        for encounter in queryset.exclude(status=status).select_related("center"):
            encounter.status = status
            encounter.save(update_fields=["status"])
            self.log_change(request, encounter, [{"changed": {"fields": ["Status"]}}])
            changed += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d encounter is now %(status)s.",
                "%(count)d encounters are now %(status)s.",
                changed,
            )
            % {"count": changed, "status": status.label},
            messages.SUCCESS,
        )
