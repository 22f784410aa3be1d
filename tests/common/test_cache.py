"""The Redis cache backend that keeps one client per pool: it must behave as Django's does."""

import pytest
from django.conf import settings

from common.cache import RedisCache

pytestmark = pytest.mark.redis


@pytest.fixture
def redis_cache():
    if not settings.REDIS_URL:
        pytest.skip("Redis is not configured (set REDIS_URL=redis://...)")
    cache = RedisCache(settings.REDIS_URL, {"KEY_PREFIX": "igfmag-test-cache-backend"})
    cache.clear()
    yield cache
    cache.clear()


def test_reads_and_writes_like_django_s(redis_cache):
    redis_cache.set("greeting", {"en": "hello"}, 60)
    redis_cache.set_many({"a": 1, "b": [2]}, 60)
    assert redis_cache.get("greeting") == {"en": "hello"}
    assert redis_cache.get_many(["a", "b", "missing"]) == {"a": 1, "b": [2]}
    assert redis_cache.add("a", 5) is False and redis_cache.incr("a") == 2
    redis_cache.delete("greeting")
    assert redis_cache.get("greeting", "gone") == "gone"


def test_one_client_serves_every_call(redis_cache):
    redis_cache.set("x", 1, 60)
    first = redis_cache._cache.get_client("x")
    redis_cache.get("x")
    assert redis_cache._cache.get_client("y") is first
    assert redis_cache._cache.get_client("y", write=True) is first  # one server: one pool
