"""The admin site: for superusers and for staff members, by role."""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError


class AdminLoginForm(AdminAuthenticationForm):
    """Lets in superusers and staff members; nobody else, whatever their is_staff flag."""

    def confirm_login_allowed(self, user):
        super(AdminAuthenticationForm, self).confirm_login_allowed(user)
        if not user.can_use_admin:
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class AdminSite(admin.AdminSite):
    """Where staff members keep their centers' timetable."""

    site_header = "Encounters administration"
    site_title = "Encounters administration"
    index_title = "Timetable"
    login_form = AdminLoginForm

    def has_permission(self, request):
        return request.user.is_authenticated and request.user.can_use_admin

    def get_urls(self):
        # No model here has a page on a site to view, and the shortcut's
        # answers would tell whether an id exists in any center.
        return [url for url in super().get_urls() if getattr(url, "name", None) != "view_on_site"]
