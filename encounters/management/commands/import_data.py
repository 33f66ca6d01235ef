import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from encounters.importing import InvalidImportError, import_data


class Command(BaseCommand):
    help = (
        "Load or update centers, users, staff assignments and encounters from a JSON "
        "file. All or nothing: a file with any invalid record writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the JSON document to import")

    def handle(self, *args, file: Path, **options):
        try:
            document = json.loads(file.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror or error}") from error
        except (ValueError, RecursionError) as error:
            # Not UTF-8, not JSON, a number too long to read, or nested too deep.
            raise CommandError(f"{file} is not a JSON document: {error}") from error

        try:
            report = import_data(document)
        except InvalidImportError as error:
            for reason in error.errors:
                self.stderr.write(reason)
            raise CommandError(f"{file}: {error}") from error

        self.stdout.write(str(report))
        if not report.changed:
            self.stdout.write("Nothing to change.")
