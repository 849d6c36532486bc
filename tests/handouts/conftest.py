import pytest
from django.core.cache import cache

from aid.interactions import resolve


@pytest.fixture(autouse=True)
def fresh_caches():
    # Rolled-back test transactions reuse history ids, so a PDF cached by one test could serve another.
    cache.clear()
    resolve.reset()
    yield
    cache.clear()
    resolve.reset()
