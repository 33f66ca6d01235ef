from django.urls import re_path

from encounters.views import UserEncounterViewSet

urlpatterns = [
    # With or without the trailing slash, and no redirect between them.
    re_path(
        r"^users/(?P<userIdentifier>[^/]*)/encounters/?$",
        UserEncounterViewSet.as_view({"get": "list"}),
        name="user-encounters",
    ),
]
