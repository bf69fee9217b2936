"""The site's scripts are ES modules: loaded as modules, kept offline, imported by hashed name."""

import json
import re
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from lifeskills.platform import pwa as offline

ROOT = Path(settings.BASE_DIR)
JS = ROOT / "static" / "js"
# As production's storage finds imports (django.contrib.staticfiles.storage):
# a relative path, in quotes, ending in a semicolon.
IMPORT = re.compile(r"""^import\s[^;]*?\sfrom\s"(\./[\w.-]+\.js)";$""", re.M)
ANY_IMPORT = re.compile(r"^\s*(import|export)\b.*\bfrom\b", re.M)


def imports(path):
    return IMPORT.findall(path.read_text())


def module_graph(names):
    """``names`` (paths under static/) and every module they import, directly or not."""
    seen, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if name.endswith(".js"):
            todo += [f"js/{target[2:]}" for target in imports(ROOT / "static" / name)]
    return seen


def test_every_import_is_written_as_production_finds_it_and_names_a_file():
    for path in JS.glob("*.js"):
        text = path.read_text()
        assert len(ANY_IMPORT.findall(text)) == len(imports(path)), path.name
        for target in imports(path):
            assert (JS / target[2:]).exists(), (path.name, target)


def test_the_service_worker_keeps_every_module_the_kept_scripts_import():
    assert module_graph(offline.SHELL_STATIC) <= set(offline.SHELL_STATIC)


def test_every_script_of_the_site_is_loaded_as_a_module():
    scripts = []
    for path in (ROOT / "templates").rglob("*.html"):
        for tag in re.findall(r"<script\b[^>]*>", path.read_text()):
            if "src=" in tag:
                scripts.append(path)
                assert 'type="module"' in tag and "defer" not in tag, (path, tag)
    assert len(scripts) >= 6


def test_collectstatic_for_production_rewrites_imports_to_hashed_names(tmp_path):
    storage = {"BACKEND": "lifeskills.storage.CompressedManifestStaticFilesStorage"}
    with override_settings(
        STATIC_ROOT=tmp_path, STORAGES={**settings.STORAGES, "staticfiles": storage}
    ):
        call_command("collectstatic", "--noinput", verbosity=0)
        precached = [entry["url"] for entry in offline.precache_entries()]
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    checked = 0
    for path in JS.glob("*.js"):
        hashed = tmp_path / manifest[f"js/{path.name}"]
        expected = [f"./{Path(manifest[f'js/{target[2:]}']).name}" for target in imports(path)]
        # The hashed file imports the hashed files, which the service worker keeps.
        assert imports(hashed) == expected, hashed.name
        for target in expected:
            assert f"{settings.STATIC_URL}js/{target[2:]}" in precached, target
            checked += 1
    assert checked >= 6
