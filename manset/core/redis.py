"""One long-lived Redis client per process, for code that talks to Redis directly.

Django's RedisCache builds a client object on every call; for hot paths (the page
cache, read counting) a single client with its own connection pool is cheaper.
"""

from functools import cache


@cache
def redis_client(url: str):
    import redis

    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
