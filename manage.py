#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprod.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 - load the settings now, to say plainly what is wrong
    except ImproperlyConfigured as error:
        # Django would carry on and fail later with "Models aren't loaded yet".
        sys.exit(f"Coprod's settings are incomplete: {error}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
