"""Lifeskills: the project package (settings, URLs, and the platform every app uses)."""

# The release, in calendar versioning (YEAR.MONTH.N): the one place it is
# written. pyproject.toml reads it from here, CHANGELOG.md names it, and
# ``manage.py lifeskills_version`` reports it (see lifeskills.platform.release).
__version__ = "2026.12.0"
