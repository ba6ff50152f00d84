"""Restore the database from a file made by backup_database; what it holds now is replaced."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coprod.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace the database's contents with a backup made by backup_database "
        "(asks first unless --no-input)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path, help="the backup file")
        parser.add_argument("--no-input", action="store_true", help="do not ask to confirm")

    def handle(self, *args: Any, source: Path, no_input: bool = False, **options: Any) -> None:
        if not no_input:
            answer = input(f"Replace everything in the database with {source}? Type yes: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was restored.")
        try:
            restore(source=source)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored from {source}.")
