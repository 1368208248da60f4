"""The `gasdesk` console command: a thin wrapper over manage.py."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gasdesk.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gasdesk", *sys.argv[1:]])
