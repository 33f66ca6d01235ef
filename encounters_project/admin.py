"""The admin site: for superusers and for staff members, by role."""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm, AdminPasswordChangeForm
from django.contrib.auth.views import PasswordChangeView
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.signin import checked


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


class LimitedPasswordChangeForm(AdminPasswordChangeForm):
    """The admin's password change, whose check of the old password counts
    against the sign-in limits like any other sign-in."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        username = self.user.get_username()
        if not checked(self.request, username, lambda: self.user.check_password(old_password)):
            raise ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class LimitedPasswordChangeView(PasswordChangeView):
    form_class = LimitedPasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class AdminSite(admin.AdminSite):
    """Where staff members keep their centers' timetable."""

    site_header = "Encounters administration"
    site_title = "Encounters administration"
    index_title = "Timetable"
    login_form = AdminLoginForm

    def has_permission(self, request):
        return request.user.is_authenticated and request.user.can_use_admin

    def password_change(self, request, extra_context=None):
        # Django's, with a form that keeps to the sign-in limits; AdminSite
        # offers no setting for the form, so the view is built here.
        request.current_app = self.name
        return LimitedPasswordChangeView.as_view(
            success_url=reverse("admin:password_change_done", current_app=self.name),
            extra_context={**self.each_context(request), **(extra_context or {})},
        )(request)

    def get_urls(self):
        # No model here has a page on a site to view, and the shortcut's
        # answers would tell whether an id exists in any center.
        return [url for url in super().get_urls() if getattr(url, "name", None) != "view_on_site"]
