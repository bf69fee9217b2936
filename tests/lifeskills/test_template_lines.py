"""Templates stay readable: no line longer than 120 characters."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines

# The shared fixtures load content: a file run on its own needs the database too.
pytestmark = pytest.mark.django_db

LIMIT = 120


def template_dirs():
    """templates/ and every installed app's own templates folder within the project."""
    root = Path(settings.BASE_DIR).resolve()
    dirs = set()
    for engine in engines.all():
        for directory in getattr(engine, "template_dirs", ()):
            path = Path(directory).resolve()
            if path.is_relative_to(root) and ".venv" not in path.parts:
                dirs.add(path)
    return sorted(dirs)


def templates():
    for directory in template_dirs():
        for path in sorted(directory.rglob("*")):
            if not path.is_file():
                continue
            yield directory, path


def test_the_project_templates_are_found():
    found = [path for _, path in templates()]
    assert Path(settings.BASE_DIR, "templates", "base.html").resolve() in found


def test_no_template_line_is_longer_than_120_characters():
    long = []
    for directory, path in templates():
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if len(line) > LIMIT:
                long.append(f"{path.relative_to(directory.parent)}:{number} ({len(line)})")
    assert not long, "\n".join(long)
