"""Spreadsheet import and export in the admin: previewed, checked like import_data, scoped."""

import csv
import io
import os
import uuid
from datetime import UTC, datetime

import openpyxl
import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from import_export.tmp_storages import TempFolderStorage

from centers.models import StaffAssignment
from encounters.models import Encounter, Status
from tests.factories import CenterFactory, EncounterFactory, StaffMemberFactory, StudentFactory

IMPORT = "/admin/encounters/encounter/import/"
PROCESS = "/admin/encounters/encounter/process_import/"
EXPORT = "/admin/encounters/encounter/export/"
CSV_FORMAT, XLSX_FORMAT = "0", "1"
HEADER = "id,center,unit_number,start,end,status,is_online\n"
ONE_ROW = (HEADER + ",NYC,5,2030-07-16T18:00:00,2030-07-16T19:00:00,,\n").encode()


@pytest.fixture
def centers(db):
    return (
        CenterFactory(reference_id="NYC", time_zone="America/New_York"),
        CenterFactory(reference_id="BKK", time_zone="Asia/Bangkok"),
    )


@pytest.fixture
def staff(client, centers):
    user = StaffMemberFactory(centers=[centers[0]])
    client.force_login(user)
    return user


def _upload(client, content: bytes, name="encounters.csv", format=CSV_FORMAT):
    return client.post(IMPORT, {"import_file": SimpleUploadedFile(name, content), "format": format})


def _confirm(client, preview):
    form = preview.context["confirm_form"]
    return client.post(PROCESS, {name: form[name].value() for name in form.fields})


def _errors(preview) -> str:
    result = preview.context["result"]
    messages = [str(error.error) for row in result.rows for error in row.errors]
    messages += [
        message
        for invalid in result.invalid_rows
        for messages in invalid.error_dict.values()
        for message in messages
    ]
    return " ".join(messages)


class TestImport:
    def test_a_preview_writes_nothing_and_the_confirmation_writes(self, client, staff, centers):
        content = (HEADER + ",NYC,4,2030-07-15T18:00:00,2030-07-15T19:30:00,Full,true\n").encode()

        preview = _upload(client, content)

        assert preview.status_code == 200
        assert "confirm_form" in preview.context
        assert Encounter.objects.count() == 0

        response = _confirm(client, preview)

        assert response.status_code == 302
        encounter = Encounter.objects.get()
        assert encounter.start == datetime(
            2030, 7, 15, 22, 0, tzinfo=UTC
        )  # 18:00 in New York, July
        assert (encounter.status, encounter.is_online, encounter.unit_number) == (
            Status.FULL,
            True,
            4,
        )
        assert LogEntry.objects.filter(user=staff, object_id=str(encounter.pk)).exists()

    @pytest.mark.parametrize(
        ("row", "message"),
        [
            (",NYC,4,2030-07-15T18:00:00,2030-07-15T17:00:00,,", "The end must be after the start"),
            (",NOWHERE,4,2030-07-15T18:00:00,2030-07-15T19:00:00,,", "unknown center 'NOWHERE'"),
            (",BKK,4,2030-07-15T18:00:00,2030-07-15T19:00:00,,", "unknown center 'BKK'"),
            (
                ",NYC,four,2030-07-15T18:00:00,2030-07-15T19:00:00,,",
                "unit_number must be a whole number",
            ),
            (",NYC,0,2030-07-15T18:00:00,2030-07-15T19:00:00,,", "greater than or equal to 1"),
            (",NYC,4,2030-07-15T18:00:00,2030-07-15T19:00:00,Booked,", "unknown status 'Booked'"),
            (
                ",NYC,4,2030-07-15T18:00:00,2030-07-15T19:00:00,,maybe",
                "is_online must be true or false",
            ),
            (
                ",NYC,4,2030-03-10T02:30:00,2030-03-10T04:00:00,,",
                "does not exist in America/New_York",
            ),
            ("not-a-uuid,NYC,4,2030-07-15T18:00:00,2030-07-15T19:00:00,,", "is not a UUID"),
        ],
    )
    def test_a_file_with_a_bad_row_writes_nothing(self, client, staff, centers, row, message):
        good = ",NYC,5,2030-07-16T18:00:00,2030-07-16T19:00:00,,\n"

        preview = _upload(client, (HEADER + good + row + "\n").encode())

        assert "confirm_form" not in preview.context
        assert message in _errors(preview)
        assert Encounter.objects.count() == 0

    def test_a_confirmation_of_a_file_not_previewed_here_is_refused(self, client, staff, centers):
        # The confirmation names a file in the temporary folder, which the
        # library reads and then deletes: it must be this session's upload.
        storage = TempFolderStorage(encoding="utf-8", read_mode="r")
        storage.save(ONE_ROW)

        response = client.post(
            PROCESS,
            {"import_file_name": storage.name, "original_file_name": "x.csv", "format": CSV_FORMAT},
            follow=True,
        )

        assert "was not previewed here" in response.content.decode()
        assert Encounter.objects.count() == 0
        assert os.path.exists(storage.get_full_path())
        storage.remove()

    @pytest.mark.parametrize(
        "forged",
        [
            {"format": XLSX_FORMAT},
            {"format": "9"},
            {"format": "abc"},
            {"resource": "3"},
            {"original_file_name": "other.csv"},
            {"original_file_name": ""},
        ],
    )
    def test_a_confirmation_that_changes_the_preview_is_refused(
        self, client, staff, centers, forged
    ):
        preview = _upload(client, ONE_ROW)
        form = preview.context["confirm_form"]
        fields = {name: form[name].value() for name in form.fields}

        refused = client.post(PROCESS, {**fields, **forged}, follow=True)

        assert "was not previewed here" in refused.content.decode()
        assert Encounter.objects.count() == 0
        # The preview itself can still be confirmed, once.
        assert client.post(PROCESS, fields).status_code == 302
        assert Encounter.objects.count() == 1

    def test_a_confirmation_racing_another_one_is_refused(self, client, staff, centers):
        # Confirmations sent together pass the session check together; while
        # one holds the upload, the others are refused rather than import it twice.
        preview = _upload(client, ONE_ROW)
        upload = preview.context["confirm_form"].initial["import_file_name"]
        claim = TempFolderStorage(name=os.path.basename(upload)).get_full_path() + ".confirming"
        open(claim, "x").close()
        try:
            refused = _confirm(client, preview)
        finally:
            os.remove(claim)

        assert refused.status_code == 302
        assert Encounter.objects.count() == 0

    def test_a_confirmation_after_the_upload_was_imported_is_refused(self, client, staff, centers):
        preview = _upload(client, ONE_ROW)
        upload = preview.context["confirm_form"].initial["import_file_name"]
        os.remove(TempFolderStorage(name=os.path.basename(upload)).get_full_path())

        refused = _confirm(client, preview)

        assert refused.status_code == 302
        assert Encounter.objects.count() == 0

    def test_a_file_that_went_bad_after_its_preview_writes_nothing(self, client, staff, centers):
        _, bkk = centers
        StaffAssignment.objects.create(user=staff, center=bkk)
        rows = (
            ",NYC,5,2030-07-16T18:00:00,2030-07-16T19:00:00,,\n"
            ",BKK,5,2030-07-16T18:00:00,2030-07-16T19:00:00,,\n"
        )
        preview = _upload(client, (HEADER + rows).encode())
        StaffAssignment.objects.filter(user=staff, center=bkk).delete()

        response = _confirm(client, preview)

        assert Encounter.objects.count() == 0
        assert response["Location"] == IMPORT
        messages = [str(m) for m in client.get(IMPORT).context["messages"]]
        assert messages[0].startswith("The import wrote nothing")

    def test_another_centers_encounter_cannot_be_changed_by_id(self, client, staff, centers):
        other = EncounterFactory(center=centers[1])
        row = f"{other.pk},NYC,4,2030-07-15T18:00:00,2030-07-15T19:00:00,Cancelled,\n"

        preview = _upload(client, (HEADER + row).encode())

        assert "confirm_form" not in preview.context
        assert "no encounter of your centers has the id" in _errors(preview)
        other.refresh_from_db()
        assert other.status == Status.AVAILABLE

    def test_an_id_elsewhere_reads_like_an_id_nowhere(self, client, staff, centers):
        # Whether another center has an encounter is not the importer's to learn.
        other = EncounterFactory(center=centers[1])
        row = "{},NYC,4,2030-07-15T18:00:00,2030-07-15T19:00:00,,\n"

        free = uuid.uuid4()
        taken = _errors(_upload(client, (HEADER + row.format(other.pk)).encode()))
        unknown = _errors(_upload(client, (HEADER + row.format(free)).encode()))

        assert taken.replace(str(other.pk), "ID") == unknown.replace(str(free), "ID")

    def test_two_rows_of_one_encounter_are_refused(self, client, staff, centers):
        row = ",NYC,4,2030-07-15T18:00:00,2030-07-15T19:00:00,Full,\n"

        preview = _upload(client, (HEADER + row + row.replace("Full", "Available")).encode())

        assert "confirm_form" not in preview.context
        assert "the same encounter as row" in _errors(preview)

    def test_an_excel_file_imports(self, client, staff, centers):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(HEADER.strip().split(","))
        sheet.append(
            [
                "",
                "NYC",
                4,
                datetime(2030, 7, 15, 18, 0),
                datetime(2030, 7, 15, 19, 0),
                "Available",
                False,
            ]
        )
        content = io.BytesIO()
        book.save(content)

        preview = _upload(client, content.getvalue(), name="encounters.xlsx", format=XLSX_FORMAT)
        _confirm(client, preview)

        assert Encounter.objects.get().start == datetime(2030, 7, 15, 22, 0, tzinfo=UTC)

    def test_students_cannot_reach_the_import(self, client, db):
        client.force_login(StudentFactory())

        assert client.get(IMPORT).status_code == 302


class TestExport:
    def _export(self, client, format=CSV_FORMAT):
        columns = ["id", "center", "unit_number", "start", "end", "status", "is_online"]
        chosen = {f"encounterresource_{column}": "on" for column in columns}
        return client.post(EXPORT, {"format": format, "resource": "0", **chosen})

    def test_only_the_staff_members_centers_are_exported_in_local_time(
        self, client, staff, centers
    ):
        nyc, bkk = centers
        own = EncounterFactory(
            center=nyc,
            start=datetime(2030, 7, 15, 22, 0, tzinfo=UTC),
            end=datetime(2030, 7, 15, 23, 0, tzinfo=UTC),
        )
        EncounterFactory(center=bkk)

        response = self._export(client)

        rows = list(csv.DictReader(io.StringIO(response.content.decode())))
        assert [row["id"] for row in rows] == [str(own.pk)]
        assert rows[0]["start"] == "2030-07-15T18:00:00-04:00"
        assert rows[0]["center"] == "NYC"

    def test_an_exported_file_imports_back_unchanged(self, client, staff, centers):
        EncounterFactory.create_batch(3, center=centers[0])
        exported = self._export(client).content

        preview = _upload(client, exported)
        _confirm(client, preview)

        result = preview.context["result"]
        assert result.totals["skip"] == 3
        assert result.totals["update"] == result.totals["new"] == 0


def test_an_export_with_unknown_filters_is_a_400_not_a_500(client, staff):
    response = client.get(EXPORT, {"format": "0"})

    assert response.status_code == 400
