"""Back the database up to one file (pg_dump for PostgreSQL, a copy for SQLite)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from coprod.backups import BackupError, back_up


class Command(BaseCommand):
    help = "Back the whole database up to one file (default: backups/coprod-<time>.backup)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--to", type=Path, help="the file to write")

    def handle(self, *args: Any, to: Path | None = None, **options: Any) -> None:
        if to is None:
            folder = Path("backups")
            folder.mkdir(exist_ok=True)
            to = folder / f"coprod-{timezone.now():%Y%m%d-%H%M%S}.backup"
        try:
            back_up(to=to)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up to {to} ({to.stat().st_size:,} bytes).")
