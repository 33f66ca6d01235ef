"""Who may read whose encounters."""

from rest_framework.permissions import BasePermission

ROLE_REFUSED = "Only students and staff members can read encounters."


class IsStudentOrStaffMember(BasePermission):
    """Students and staff members get in; teachers and users without a role do not."""

    message = ROLE_REFUSED

    def has_permission(self, request, view):
        user = request.user
        return user.is_authenticated and (user.is_student or user.is_staff_member)


class IsTargetUser(BasePermission):
    """Users get in to their own list."""

    def has_object_permission(self, request, view, obj):
        return obj.pk == request.user.pk


class IsStaffMemberOfTargetCenter(BasePermission):
    """Staff members get in to the list of anyone who shares one of their centers."""

    def has_object_permission(self, request, view, obj):
        caller = request.user
        if not caller.is_staff_member:
            return False
        # Read along with the user when it was looked up; worked out otherwise.
        shares = getattr(obj, "shares_center_with_caller", None)
        if shares is None:
            shares = not caller.center_ids.isdisjoint(obj.center_ids)
        return shares
