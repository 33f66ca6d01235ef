from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import Role, User
from centers.models import StaffAssignment


class StaffAssignmentFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        assigned = [
            form
            for form in self.forms
            if form.cleaned_data.get("center") and not form.cleaned_data.get("DELETE")
        ]
        if assigned and self.instance.role != Role.STAFF_MEMBER:
            raise forms.ValidationError("Only staff members are assigned to centers.")


class StaffAssignmentInline(admin.TabularInline):
    model = StaffAssignment
    formset = StaffAssignmentFormSet
    extra = 1
    verbose_name = "center assignment"
    verbose_name_plural = "center assignments (staff members only)"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users, for superusers: a role, a home center for students, centers for staff.

    Admin access and permissions follow from the role, so the is_staff flag,
    groups and per-user permissions are not offered.
    """

    inlines = [StaffAssignmentInline]
    list_display = ["username", "role", "reference_id", "center", "is_active", "is_superuser"]
    list_filter = ["role", "center", "is_active", "is_superuser"]
    search_fields = ["username", "reference_id", "first_name", "last_name", "email"]
    list_select_related = ["center"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Role", {"fields": ["role", "reference_id", "center"]}),
        ("Personal info", {"fields": ["first_name", "last_name", "email"]}),
        ("Access", {"fields": ["is_active", "is_superuser"]}),
        ("Important dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "usable_password", "password1", "password2"]}),
        ("Role", {"fields": ["role", "reference_id", "center"]}),
    ]
