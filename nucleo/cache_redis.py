"""Django's Redis cache, keeping one client per connection pool.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` object for every operation;
with redis-py 5 and later that object sets up some 170 response callbacks each time, which costs
more than the round trip to Redis itself. The client is thread-safe and takes its connections
from the pool, so one per pool is enough.
"""

from django.core.cache.backends.redis import RedisCache as _RedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _Cliente(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clientes = {}

    def get_client(self, key=None, *, write=False):
        indice = self._get_connection_pool_index(write)
        cliente = self._clientes.get(indice)
        if cliente is None:
            if indice not in self._pools:
                self._pools[indice] = self._pool_class.from_url(
                    self._servers[indice], **self._pool_options
                )
            cliente = self._clientes[indice] = self._client(connection_pool=self._pools[indice])
        return cliente


class RedisCache(_RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _Cliente
