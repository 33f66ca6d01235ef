"""Permissions that follow from a user's role."""

from django.contrib.auth.backends import BaseBackend

# What a staff member needs to keep their centers' timetable, and no more:
# encounters are cancelled, never deleted.
STAFF_MEMBER_PERMISSIONS = frozenset(
    {"encounters.view_encounter", "encounters.add_encounter", "encounters.change_encounter"}
)


class RolePermissionsBackend(BaseBackend):
    """Staff members hold the permissions to view, add and change encounters.

    They follow from the role alone, read with the user on every request,
    so a change of role takes effect at once. Which encounters a staff member
    may touch (those of their centers) is the admin's business.
    """

    def get_all_permissions(self, user_obj, obj=None):
        if user_obj.is_active and getattr(user_obj, "is_staff_member", False):
            return set(STAFF_MEMBER_PERMISSIONS)
        return set()

    def has_module_perms(self, user_obj, app_label):
        return any(perm.startswith(f"{app_label}.") for perm in self.get_all_permissions(user_obj))
