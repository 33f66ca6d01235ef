"""The encounters admin: staff members keep their own centers' timetable, and only that."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from encounters.models import Encounter, Status
from tests.factories import (
    PASSWORD,
    CenterFactory,
    EncounterFactory,
    StaffMemberFactory,
    StudentFactory,
    TeacherFactory,
    UserFactory,
)

CHANGELIST = "/admin/encounters/encounter/"


def change_url(encounter) -> str:
    return f"{CHANGELIST}{encounter.pk}/change/"


@pytest.fixture
def centers(db):
    return CenterFactory(name="Alpha", reference_id="ALPHA"), CenterFactory(
        name="Beta", reference_id="BETA", time_zone="America/New_York"
    )


@pytest.fixture
def staff_a(centers):
    return StaffMemberFactory(centers=[centers[0]])


@pytest.fixture
def encounters(centers):
    a, b = centers
    start = timezone.now() + timedelta(days=2)
    return EncounterFactory(center=a, start=start), EncounterFactory(center=b, start=start)


@pytest.fixture
def admin_client_a(client, staff_a):
    client.force_login(staff_a)
    return client


def _form(encounter, **changes) -> dict:
    local = {
        "center": str(encounter.center_id),
        "unit_number": encounter.unit_number,
        "start_0": "2030-07-15",
        "start_1": "18:00:00",
        "end_0": "2030-07-15",
        "end_1": "19:00:00",
        "status": encounter.status,
    }
    return {**local, **changes}


class TestSignIn:
    def _sign_in(self, client, user):
        return client.post(
            "/admin/login/?next=/admin/",
            {"username": user.username, "password": PASSWORD},
        )

    def test_a_staff_member_signs_in(self, client, staff_a):
        response = self._sign_in(client, staff_a)

        assert response.status_code == 302
        assert client.get("/admin/").status_code == 200

    @pytest.mark.parametrize(
        "make",
        [
            lambda: StudentFactory(),
            lambda: TeacherFactory(),
            lambda: StudentFactory(is_staff=True),
            lambda: UserFactory(role=""),
            lambda: StaffMemberFactory(is_active=False),
        ],
        ids=["student", "teacher", "student-with-is_staff", "no-role", "inactive-staff"],
    )
    def test_nobody_else_signs_in(self, client, db, make):
        response = self._sign_in(client, make())

        assert response.status_code == 200
        assert b"Please enter the correct username and password" in response.content
        assert client.get("/admin/").status_code == 302

    def test_a_superuser_without_a_role_signs_in(self, client, db):
        admin_user = UserFactory(role="", is_superuser=True)

        self._sign_in(client, admin_user)

        assert client.get("/admin/").status_code == 200

    def test_a_staff_member_made_student_is_out_at_once(self, admin_client_a, staff_a):
        staff_a.role = "Student"
        staff_a.save()

        assert admin_client_a.get(CHANGELIST).status_code == 302


class TestScope:
    def test_the_list_holds_only_the_staff_members_centers(self, admin_client_a, encounters):
        response = admin_client_a.get(CHANGELIST)

        listed = list(response.context["cl"].result_list)
        assert listed == [encounters[0]]

    def test_the_center_filter_offers_only_their_centers(self, client, centers, encounters):
        # The filter shows from two centers on; this staff member has two.
        alpha, _ = centers
        gamma = CenterFactory(name="Gamma", reference_id="GAMMA")
        client.force_login(StaffMemberFactory(centers=[alpha, gamma]))

        response = client.get(CHANGELIST)

        center_filter = next(f for f in response.context["cl"].filter_specs if f.title == "center")
        assert [label for _, label in center_filter.lookup_choices] == [
            "Alpha (ALPHA)",
            "Gamma (GAMMA)",
        ]

    def test_filtering_by_another_center_shows_none_of_its_encounters(
        self, admin_client_a, encounters
    ):
        response = admin_client_a.get(
            CHANGELIST, {"center__id__exact": str(encounters[1].center_id)}
        )

        assert encounters[1] not in response.context["cl"].result_list

    def test_search_stays_inside(self, admin_client_a, encounters):
        response = admin_client_a.get(CHANGELIST, {"q": "Beta"})

        assert list(response.context["cl"].result_list) == []

    def test_the_form_offers_only_their_centers(self, admin_client_a, encounters):
        response = admin_client_a.get(f"{CHANGELIST}add/")

        choices = [
            label for _, label in response.context["adminform"].form.fields["center"].choices
        ]
        assert choices == ["---------", "Alpha (ALPHA), Asia/Bangkok"]

    @pytest.mark.parametrize("suffix", ["change/", "history/"])
    def test_another_centers_encounter_has_no_page(self, admin_client_a, encounters, suffix):
        response = admin_client_a.get(f"{CHANGELIST}{encounters[1].pk}/{suffix}", follow=True)

        assert response.redirect_chain == [("/admin/", 302)]
        assert "doesn\u2019t exist" in response.content.decode()  # Django's apostrophe
        assert "adminform" not in response.context

    def test_another_centers_encounter_cannot_be_deleted(self, admin_client_a, encounters):
        response = admin_client_a.get(f"{CHANGELIST}{encounters[1].pk}/delete/")

        assert response.status_code == 403

    def test_an_encounter_cannot_be_moved_to_another_center(self, admin_client_a, encounters):
        own, other = encounters

        response = admin_client_a.post(change_url(own), _form(own, center=str(other.center_id)))

        assert response.status_code == 200
        assert "center" in response.context["adminform"].form.errors
        own.refresh_from_db()
        assert own.center_id != other.center_id

    def test_a_forged_bulk_action_leaves_other_centers_alone(self, admin_client_a, encounters):
        own, other = encounters

        admin_client_a.post(
            CHANGELIST,
            {"action": "cancel", "_selected_action": [str(own.pk), str(other.pk)]},
        )

        own.refresh_from_db()
        other.refresh_from_db()
        assert own.status == Status.CANCELLED
        assert other.status == Status.AVAILABLE

    @pytest.mark.parametrize("forged", ["not-a-uuid", "", "1", "' OR 1=1--"])
    def test_a_bulk_action_on_ids_that_are_not_uuids_changes_nothing(
        self, admin_client_a, encounters, forged
    ):
        own, _ = encounters

        response = admin_client_a.post(
            CHANGELIST, {"action": "cancel", "_selected_action": [str(own.pk), forged]}
        )

        assert response.status_code == 302
        messages = [str(m) for m in admin_client_a.get(response["Location"]).context["messages"]]
        assert messages == ["The selection could not be read; select again."]
        own.refresh_from_db()
        assert own.status == Status.AVAILABLE

    def test_a_forged_post_to_another_centers_encounter_changes_nothing(
        self, admin_client_a, encounters
    ):
        _, other = encounters

        admin_client_a.post(change_url(other), _form(other, unit_number=99))

        other.refresh_from_db()
        assert other.unit_number != 99

    def test_staff_members_cannot_delete(self, admin_client_a, encounters):
        own, _ = encounters

        response = admin_client_a.post(f"{CHANGELIST}{own.pk}/delete/", {"post": "yes"})

        assert response.status_code == 403
        assert Encounter.objects.filter(pk=own.pk).exists()
        actions = [
            name
            for name, _ in admin_client_a.get(CHANGELIST)
            .context["action_form"]
            .fields["action"]
            .choices
        ]
        assert "delete_selected" not in actions

    @pytest.mark.parametrize("page", ["/admin/accounts/user/", "/admin/centers/center/"])
    def test_staff_members_do_not_see_users_or_centers(self, admin_client_a, page):
        assert admin_client_a.get(page).status_code == 403

    def test_a_superuser_sees_every_center(self, client, encounters):
        client.force_login(UserFactory(role="", is_superuser=True))

        response = client.get(CHANGELIST)

        assert set(response.context["cl"].result_list) == set(encounters)


class TestLocalTime:
    def test_an_encounter_entered_in_new_york_in_july_is_stored_in_utc(
        self, client, centers, settings
    ):
        settings.TIME_ZONE = "Asia/Tokyo"  # whatever the server's zone
        _, new_york = centers
        client.force_login(StaffMemberFactory(centers=[new_york]))

        response = client.post(
            f"{CHANGELIST}add/",
            {
                "center": str(new_york.pk),
                "unit_number": 4,
                "start_0": "2030-07-15",
                "start_1": "18:00:00",
                "end_0": "2030-07-15",
                "end_1": "19:30:00",
                "status": "Available",
            },
        )

        assert response.status_code == 302, response.context["adminform"].form.errors
        encounter = Encounter.objects.get(center=new_york)
        assert encounter.start == datetime(2030, 7, 15, 22, 0, tzinfo=UTC)
        listing = client.get(CHANGELIST).content.decode()
        assert "2030-07-15 18:00-04:00" in listing

    def test_the_form_shows_and_names_the_centers_zone(self, client, centers):
        _, new_york = centers
        encounter = EncounterFactory(
            center=new_york,
            start=datetime(2030, 1, 15, 23, 0, tzinfo=UTC),
            end=datetime(2030, 1, 16, 0, 0, tzinfo=UTC),
        )
        client.force_login(StaffMemberFactory(centers=[new_york]))

        response = client.get(change_url(encounter))

        form = response.context["adminform"].form
        assert form["start"].value() in (datetime(2030, 1, 15, 18, 0, tzinfo=new_york.zone),)
        assert "America/New_York" in form.fields["start"].help_text
        assert 'value="18:00:00"' in response.content.decode()

    def test_the_add_form_names_each_centers_zone(self, client, centers):
        alpha, new_york = centers
        client.force_login(StaffMemberFactory(centers=[alpha, new_york]))

        form = client.get(f"{CHANGELIST}add/").context["adminform"].form

        labels = [label for _, label in form.fields["center"].choices][1:]
        assert sorted(labels) == sorted(
            [f"{alpha}, {alpha.time_zone}", f"{new_york}, America/New_York"]
        )

    def test_the_add_form_shown_again_names_the_chosen_centers_zone(self, client, centers):
        _, new_york = centers
        client.force_login(StaffMemberFactory(centers=[new_york]))

        response = client.post(
            f"{CHANGELIST}add/",
            {"center": str(new_york.pk), "unit_number": 0, "start_0": "2030-07-15"},
        )

        assert response.status_code == 200
        help_text = response.context["adminform"].form.fields["start"].help_text
        assert (
            help_text == f"Date and time in the local time of {new_york.name} (America/New_York)."
        )

    def test_a_time_the_clocks_skip_is_refused(self, client, centers):
        _, new_york = centers
        client.force_login(StaffMemberFactory(centers=[new_york]))

        response = client.post(
            f"{CHANGELIST}add/",
            {
                "center": str(new_york.pk),
                "unit_number": 1,
                "start_0": "2030-03-10",
                "start_1": "02:30:00",
                "end_0": "2030-03-10",
                "end_1": "04:00:00",
                "status": "Available",
            },
        )

        assert response.status_code == 200
        assert "start" in response.context["adminform"].form.errors


class TestValidation:
    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            ({"end_1": "17:00:00"}, "end", "The end must be after the start."),
            ({"unit_number": "0"}, "unit_number", "greater than or equal to 1"),
            ({"status": "Booked"}, "status", "Select a valid choice"),
            ({"start_0": "2130-01-01", "end_0": "2130-01-01"}, None, "from 2000 to 2099"),
        ],
    )
    def test_clear_messages(self, admin_client_a, encounters, changes, field, message):
        own, _ = encounters

        response = admin_client_a.post(change_url(own), _form(own, **changes))

        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        text = " ".join(errors.get(field or "__all__", []))
        assert message in text, errors


class TestActionsAndHistory:
    @pytest.mark.parametrize(
        ("action", "status"),
        [
            ("cancel", Status.CANCELLED),
            ("mark_full", Status.FULL),
            ("mark_available", Status.AVAILABLE),
        ],
    )
    def test_bulk_status_changes_are_recorded_with_who_made_them(
        self, admin_client_a, staff_a, centers, action, status
    ):
        alpha, _ = centers
        starting = Status.FULL if status == Status.AVAILABLE else Status.AVAILABLE
        selected = EncounterFactory.create_batch(3, center=alpha, status=starting)

        admin_client_a.post(
            CHANGELIST, {"action": action, "_selected_action": [str(e.pk) for e in selected]}
        )

        assert {e.status for e in Encounter.objects.filter(pk__in=[e.pk for e in selected])} == {
            status
        }
        entries = LogEntry.objects.filter(object_id__in=[str(e.pk) for e in selected])
        assert entries.count() == 3
        assert {entry.user_id for entry in entries} == {staff_a.pk}

    def test_an_edit_is_recorded_with_who_made_it(self, admin_client_a, staff_a, encounters):
        own, _ = encounters

        admin_client_a.post(change_url(own), _form(own, unit_number=7))

        entry = LogEntry.objects.get(object_id=str(own.pk))
        assert entry.user_id == staff_a.pk
        assert entry.is_change()


def test_a_foreign_center_filter_holds_for_a_staff_member_of_one_center(admin_client_a, encounters):
    # The filter shows with one center too, so its parameter is never dropped.
    response = admin_client_a.get(CHANGELIST, {"center__id__exact": str(encounters[1].center_id)})

    assert list(response.context["cl"].result_list) == []


def test_the_view_on_site_shortcut_is_gone(admin_client_a, encounters):
    kind = ContentType.objects.get_for_model(Encounter)

    response = admin_client_a.get(f"/admin/r/{kind.pk}/{encounters[1].pk}/")

    assert response.status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        {"start__year": "9999"},
        {"start__year": "9999", "start__month": "12"},
        {"start__year": "9999", "start__month": "12", "start__day": "31"},
        {"start__year": "99999999999999999999"},
    ],
)
def test_a_date_hierarchy_past_the_calendar_is_no_server_error(admin_client_a, encounters, query):
    listing = admin_client_a.get(CHANGELIST, query)
    export = admin_client_a.get(f"{CHANGELIST}export/", query)

    assert listing.status_code in (200, 302)
    assert export.status_code in (200, 302, 400)
