import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

pytestmark = pytest.mark.cache


def test_the_configured_cache_stores_and_expires_values():
    cache.set("aid-test-key", b"\x00pdf-bytes", timeout=30)
    assert cache.get("aid-test-key") == b"\x00pdf-bytes"
    cache.delete("aid-test-key")
    assert cache.get("aid-test-key") is None


def test_the_backend_follows_cache_url():
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.CACHE_URL.startswith("redis://"):
        assert backend == "django.core.cache.backends.redis.RedisCache"
        assert settings.AXES_HANDLER == "axes.handlers.cache.AxesCacheHandler"
    else:
        assert backend == "django.core.cache.backends.locmem.LocMemCache"


def test_sign_in_throttling_works_with_the_configured_backend(client, clinician):
    from tests.conftest import PASSWORD

    cache.clear()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "clinician", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "clinician", "password": PASSWORD})
    assert response.status_code == 429
    cache.clear()
