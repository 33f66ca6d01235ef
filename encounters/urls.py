from django.urls import re_path

from encounters.views import UserEncounterViewSet

user_encounters = UserEncounterViewSet.as_view({"get": "list"})

urlpatterns = [
    # The same view with and without the trailing slash: no redirect between them.
    re_path(
        r"^users/(?P<userIdentifier>[^/]*)/encounters$", user_encounters, name="user-encounters"
    ),
    re_path(r"^users/(?P<userIdentifier>[^/]*)/encounters/$", user_encounters),
]
