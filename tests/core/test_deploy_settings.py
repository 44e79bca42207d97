"""The production environment of docs/operations.md passes Django's deployment checks with no
warning, and each of its settings does what the table there says."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _documented_environment() -> dict[str, str]:
    text = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n# production environment\n(.*?)```", text, re.S)
    assert block, "docs/operations.md has no production environment block"
    pairs = [line.split("=", 1) for line in block.group(1).splitlines() if "=" in line]
    return {key.strip(): value.strip() for key, value in pairs}


def _run(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *code.split()], env=env, cwd=ROOT, capture_output=True, text=True,
        check=False,
    )  # fmt: skip


def test_check_deploy_is_clean_with_the_documented_environment(tmp_path):
    env = {**os.environ, "COMMISSION_VAR_DIR": str(tmp_path), **_documented_environment()}
    env.pop("DATABASE_URL", None)
    done = _run("-m commission check --deploy --fail-level WARNING", env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_without_https_the_check_names_what_is_missing(tmp_path):
    env = {**os.environ, "COMMISSION_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    env.pop("COMMISSION_HTTPS", None)
    done = _run("-m commission check --deploy --fail-level WARNING", env)
    assert done.returncode != 0
    assert "SESSION_COOKIE_SECURE" in done.stderr + done.stdout


def test_the_proxy_header_makes_a_forwarded_request_secure(tmp_path):
    env = {**os.environ, "COMMISSION_VAR_DIR": str(tmp_path), **_documented_environment()}
    env.pop("DATABASE_URL", None)
    script = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','commission.settings');"
        "django.setup();"
        "from django.conf import settings as s;"
        "from django.test import RequestFactory;"
        "r = RequestFactory().get('/', HTTP_X_FORWARDED_PROTO='https');"
        "print(r.is_secure(), s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS,"
        " s.SECURE_SSL_REDIRECT)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert done.stdout.split() == ["True", "True", "31536000", "True"], done.stderr
