import pytest

from aid.interactions import resolve


@pytest.fixture(autouse=True)
def fresh_catalog():
    # Rolled-back test transactions can reuse history ids, so the content stamp alone cannot tell tests apart.
    resolve.reset()
    yield
    resolve.reset()
