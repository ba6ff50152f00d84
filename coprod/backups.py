"""Backing the database up to one file, and restoring it from one.

PostgreSQL: `pg_dump --format=custom` and `pg_restore` (the client tools must match the
server's major version). SQLite: the database's own online backup (a consistent copy even
while the app runs), and a copy back on restore.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connections


class BackupError(Exception):
    """The backup or restore could not be made; the message says why."""


def _postgres_command(tool: str, settings: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    command = [tool, "--no-owner", "--no-privileges"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            command += [option, str(settings[key])]
    command += ["--dbname", settings["NAME"]]
    environment = {**os.environ}
    if settings.get("PASSWORD"):
        environment["PGPASSWORD"] = settings["PASSWORD"]
    return command, environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    result = subprocess.run(  # noqa: S603 - fixed tool names; no shell
        command, env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def back_up(*, to: Path, database: str = "default") -> Path:
    """Write the whole database to one file."""
    connection = connections[database]
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        command, environment = _postgres_command("pg_dump", settings)
        _run([*command, "--format=custom", "--file", str(to)], environment)
    elif connection.vendor == "sqlite":
        source = sqlite3.connect(settings["NAME"])
        target = sqlite3.connect(to)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    else:
        raise BackupError(f"No backup for {connection.vendor} databases")
    return to


def restore(*, source: Path, database: str = "default") -> None:
    """Replace the database's contents with a backup made by `back_up`."""
    if not source.is_file():
        raise BackupError(f"No backup file at {source}")
    connection = connections[database]
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        command, environment = _postgres_command("pg_restore", settings)
        _run(
            [
                *command,
                "--clean",
                "--if-exists",
                "--single-transaction",
                "--exit-on-error",
                str(source),
            ],
            environment,
        )
    elif connection.vendor == "sqlite":
        connection.close()
        shutil.copyfile(source, settings["NAME"])
    else:
        raise BackupError(f"No restore for {connection.vendor} databases")
