"""GET /api/users/{userIdentifier}/encounters."""

import hashlib
import logging

from django.utils.cache import patch_cache_control, patch_vary_headers
from django_filters.utils import translate_validation
from drf_spectacular.utils import extend_schema_view
from rest_framework import exceptions, mixins, viewsets
from rest_framework.permissions import IsAuthenticated

from accounts.selectors import identifier_is_well_formed, user_get_by_identifier
from accounts.throttling import UserRequests
from encounters.filters import EncounterFilterBackend, EncounterFilterSet
from encounters.models import Encounter
from encounters.pagination import HeaderLinkPagination
from encounters.permissions import IsStaffMemberOfTargetCenter, IsStudentOrStaffMember, IsTargetUser
from encounters.schema import list_user_encounters
from encounters.selectors import encounter_list
from encounters.serializers import EncounterSerializer
from encounters_project.errors import error_code

logger = logging.getLogger(__name__)

DENIED = "You do not have permission to read this user's encounters."
MALFORMED_IDENTIFIER = (
    "Identify the user by id (a UUID), by me, or by reference id: "
    "1 to 64 letters, digits, dots, underscores or hyphens."
)

REFUSALS = (
    exceptions.NotAuthenticated,
    exceptions.AuthenticationFailed,
    exceptions.PermissionDenied,
    exceptions.Throttled,
)


@extend_schema_view(list=list_user_encounters)
class UserEncounterViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The encounters a user can take: those hosted by the user's centers.

    Users read their own list; staff members read the list of anyone who
    shares one of their centers. A user who does not exist is refused
    exactly like one who may not be read, so nobody learns who exists.
    """

    serializer_class = EncounterSerializer
    pagination_class = HeaderLinkPagination
    filter_backends = [EncounterFilterBackend]
    filterset_class = EncounterFilterSet
    permission_classes = [
        IsAuthenticated,
        IsStudentOrStaffMember,
        (IsTargetUser | IsStaffMemberOfTargetCenter),
    ]
    lookup_url_kwarg = "userIdentifier"
    throttle_classes = [UserRequests]

    def initial(self, request, *args, **kwargs):
        # A method the resource does not have is refused before credentials.
        if request.method not in self.allowed_methods:
            self.http_method_not_allowed(request, *args, **kwargs)
        super().initial(request, *args, **kwargs)

    def get_object(self):
        """The user whose encounters are asked for, once the caller may read them."""
        identifier = self.kwargs[self.lookup_url_kwarg]
        if not identifier_is_well_formed(identifier):
            # Name the query's bad parameters too; they are read without any
            # center, as no user is known.
            filterset = self.filterset_class(
                self.request.query_params,
                queryset=Encounter.objects.none(),
                request=self.request,
                center_ids=frozenset(),
            )
            errors = {} if filterset.is_valid() else translate_validation(filterset.errors).detail
            raise exceptions.ValidationError({"userIdentifier": [MALFORMED_IDENTIFIER], **errors})
        target = user_get_by_identifier(identifier=identifier, caller=self.request.user)
        if target is None:
            self.permission_denied(self.request)
        self.check_object_permissions(self.request, target)
        return target

    def list(self, request, *args, **kwargs):
        self.target = self.get_object()
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI generator's dry run
            return Encounter.objects.none()
        return encounter_list(center_ids=self.target.center_ids)

    def permission_denied(self, request, message=None, code=None):
        super().permission_denied(request, message=message or DENIED, code=code)

    def handle_exception(self, exc):
        if isinstance(exc, REFUSALS):
            caller = getattr(self.request.user, "pk", None)
            logger.info(
                "refused",
                extra={
                    "caller": str(caller) if caller else "anonymous",
                    "target": self._identifier_for_log(),
                    "reason": error_code(exc),
                },
            )
        return super().handle_exception(exc)

    def _identifier_for_log(self) -> str:
        # Only a well-formed identifier is written down: anything else (a
        # token pasted into the path, say) is not the caller's to log.
        identifier = self.kwargs.get(self.lookup_url_kwarg, "")
        return identifier if identifier_is_well_formed(identifier) else "(malformed)"

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # Personal data: no shared cache may keep it, whoever's credentials.
        patch_cache_control(response, private=True)
        patch_vary_headers(response, ("Authorization", "Cookie"))
        if response.status_code == 200 and hasattr(response, "add_post_render_callback"):
            response.add_post_render_callback(set_etag)
        return response


def set_etag(response) -> None:
    """A strong ETag (RFC 9110, 8.8.3) for the whole representation: the body,
    its media type and the paging headers, which change without the page.
    ConditionalGetMiddleware answers a matching If-None-Match with 304."""
    digest = hashlib.sha256(response.content)
    for header in ("Content-Type", "X-Total-Count", "Link"):
        digest.update(b"\0" + response.get(header, "").encode())
    response["ETag"] = f'"{digest.hexdigest()[:32]}"'
