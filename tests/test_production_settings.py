"""Production settings refuse to start half-configured and share their cache between processes."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_production_settings(**environment):
    env = {key: value for key, value in os.environ.items() if key not in ("SECRET_KEY", "ALLOWED_HOSTS", "REDIS_URL")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", **environment)
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = load_production_settings(ALLOWED_HOSTS="campaign.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = load_production_settings(SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_shares_its_cache_in_the_database_without_redis():
    result = load_production_settings(SECRET_KEY="x" * 50, ALLOWED_HOSTS="campaign.example.org")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.cache.backends.db.DatabaseCache"


def test_production_uses_redis_when_given():
    result = load_production_settings(
        SECRET_KEY="x" * 50, ALLOWED_HOSTS="campaign.example.org", REDIS_URL="redis://127.0.0.1:6379/3"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django_redis.cache.RedisCache"


def test_rate_limit_counters_outlive_hundreds_of_cached_pages(tmp_path):
    # Without Redis the cache is a database table; a cull there deletes the lowest keys, allauth's first.
    code = (
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('createcachetable'); from django.core.cache import cache; "
        "cache.set('allauth:rl:login_failed:ip:192.0.2.1', [1, 2, 3], 300); "
        "[cache.set(f'page-cache:{number:064x}', 'page', 600) for number in range(1000)]; "
        "print(cache.get('allauth:rl:login_failed:ip:192.0.2.1'))"
    )
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="campaign.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'cache.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[1, 2, 3]"
