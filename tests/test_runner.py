"""Both query runners the endpoint can be given keep the one contract it relies on (store.pool.Runner)."""

from __future__ import annotations

from kzjp_kg.store.pool import QueryPool, Runner
from kzjp_kg.store.remotepool import RemoteQueryPool


def test_the_embedded_and_the_remote_pool_are_runners() -> None:
    assert issubclass(QueryPool, Runner) and issubclass(RemoteQueryPool, Runner)


def test_a_class_without_close_is_not_a_runner() -> None:
    class OnlyRun:
        def run(self, req):  # type: ignore[no-untyped-def]
            return None

    assert not issubclass(OnlyRun, Runner)
