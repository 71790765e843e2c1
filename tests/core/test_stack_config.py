"""`manset stack`'s shape from its variables, without starting anything: how many workers
and proxies, their names, ports and files, and the purge list the app servers get."""

import pytest

from manset.core.stack import Stack, StackError


@pytest.fixture
def stack_env(monkeypatch, tmp_path):
    monkeypatch.setenv("MANSET_STACK_DIR", str(tmp_path))
    monkeypatch.setenv("MANSET_STACK_PORT", "18700")
    return monkeypatch


def test_one_worker_and_one_proxy_unless_told(stack_env):
    stack = Stack.from_env()
    assert stack.parts() == ["redis", "app1", "app2", "worker", "proxy"]
    assert stack.env()["MANSET_PURGE_URL"] == "http://127.0.0.1:18700"


def test_two_workers_and_two_proxies_each_with_its_port_files_and_purges(stack_env, tmp_path):
    stack_env.setenv("MANSET_STACK_WORKERS", "2")
    stack_env.setenv("MANSET_STACK_PROXIES", "2")
    stack = Stack.from_env()
    assert stack.parts() == ["redis", "app1", "app2", "worker", "worker2", "proxy", "proxy2"]
    assert stack.proxy_ports == [18700, 18703]  # the app servers keep 18701 and 18702
    assert stack.env()["MANSET_PURGE_URL"] == "http://127.0.0.1:18700,http://127.0.0.1:18703"
    assert stack.pid_file("proxy") == tmp_path / "nginx.pid"
    assert stack.pid_file("proxy2") == tmp_path / "proxy2" / "nginx.pid"
    second = stack.nginx_conf("proxy2")
    assert "listen 127.0.0.1:18703;" in second
    assert f"proxy_cache_path {tmp_path}/proxy2/cache" in second
    assert "server 127.0.0.1:18701;" in second and "server 127.0.0.1:18702;" in second


@pytest.mark.parametrize(("name", "value"), [("MANSET_STACK_WORKERS", "0"),
                                             ("MANSET_STACK_PROXIES", "5"),
                                             ("MANSET_STACK_WORKERS", "iki")])  # fmt: skip
def test_a_count_the_stack_cannot_run_is_refused_naming_the_variable(stack_env, name, value):
    stack_env.setenv(name, value)
    with pytest.raises(StackError, match=f"{name}='{value}' is not a count the stack can run"):
        Stack.from_env()
