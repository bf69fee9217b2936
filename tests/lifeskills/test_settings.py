"""Production settings pass Django's deployment checks with no warnings."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    environment = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "lifeskills.settings.production",
    "SECRET_KEY": "x7#k2p!vQ9z$Lr4m@Wn8^Ty6&Hb3*Jc5(Fd1)Gs0-Ae+Ui=Oo_Pl[Km]Nj{Bh}Cg;Dv",
    "ALLOWED_HOSTS": "lifeskills.example.org",
    "DATABASE_URL": "postgres://lifeskills@127.0.0.1:5432/lifeskills",
}


def test_check_deploy_has_no_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = dict(PRODUCTION)
    env.pop("SECRET_KEY")
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_production_serves_static_files_compressed_and_hashed():
    from django.conf import settings

    assert "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE
    result = run_manage(
        "shell", "-c", "from django.conf import settings; print(settings.STORAGES)", **PRODUCTION
    )
    assert "CompressedManifestStaticFilesStorage" in result.stdout, result.stderr


def test_extra_languages_are_switched_on_by_the_environment():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print([c for c, _ in settings.LANGUAGES])",
        DJANGO_SETTINGS_MODULE="lifeskills.settings.dev",
        LIFESKILLS_EXTRA_LANGUAGES="kk,my",
    )
    assert "['en', 'zh-hans', 'ug', 'kk', 'my']" in result.stdout, result.stderr


def test_an_unknown_extra_language_is_refused_clearly():
    result = run_manage(
        "check", DJANGO_SETTINGS_MODULE="lifeskills.settings.dev", LIFESKILLS_EXTRA_LANGUAGES="xx"
    )
    assert result.returncode != 0 and "unknown languages ['xx']" in result.stderr
