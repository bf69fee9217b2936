"""Which release of the site is running, and the fingerprint that keys what it keeps.

The version is written once, in ``lifeskills/__init__.py`` (calendar
versioning, YEAR.MONTH.N; CHANGELOG.md says what each one changed). An
operator who deploys from a commit between releases may name it in
``LIFESKILLS_BUILD`` (say, the commit's short hash), which is added to the
version as a local label: ``2026.12.0+3f2a9c1``.
"""

import hashlib
import os
from pathlib import Path

from django.conf import settings

from lifeskills import __version__

# What renders a page: code, templates and interface catalogues, and the
# styles and scripts a page names by their hashed file names.
_RENDERING_SUFFIXES = {".html", ".mo", ".py", ".css", ".js"}


def version():
    """The running release, with the build the operator named, if any."""
    build = os.environ.get("LIFESKILLS_BUILD", "").strip()
    return f"{__version__}+{build}" if build else __version__


def _project_folders(base):
    folders = ["templates", "locale", "static"]
    for app in settings.INSTALLED_APPS:
        package = app.split(".")[0]
        if package not in folders and (base / package).is_dir():
            folders.append(package)
    return folders


def fingerprint():
    """Changes whenever the release, or any file that renders a page, changes.

    Read from the files' contents, not their dates, so that every app server
    of one release agrees on it (they share the pages they keep in Redis) and
    a copy that keeps dates cannot hide a change. A release that changes
    only styles or scripts changes it too: a kept page names them by hashed
    file names that the next collectstatic may no longer hold.
    """
    digest = hashlib.sha256(version().encode())
    base = Path(settings.BASE_DIR)
    for folder in _project_folders(base):
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in _RENDERING_SUFFIXES and path.is_file():
                digest.update(str(path.relative_to(base)).encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:12]
