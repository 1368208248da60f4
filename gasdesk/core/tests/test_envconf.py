"""Settings readers: a bad environment value stops start-up with a clear message."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from gasdesk.envconf import env_bool, env_int, env_list


def test_booleans(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    assert env_bool("X_FLAG") is True
    monkeypatch.setenv("X_FLAG", "0")
    assert env_bool("X_FLAG", True) is False
    monkeypatch.delenv("X_FLAG")
    assert env_bool("X_FLAG", True) is True


def test_bad_boolean_names_the_variable(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env_bool("X_FLAG")


def test_integers_and_lists(monkeypatch):
    monkeypatch.setenv("X_INT", "12")
    monkeypatch.setenv("X_LIST", "a.example, b.example,,")
    assert env_int("X_INT", 3) == 12
    assert env_list("X_LIST", []) == ["a.example", "b.example"]
    monkeypatch.setenv("X_INT", "twelve")
    with pytest.raises(ImproperlyConfigured, match="X_INT"):
        env_int("X_INT", 3)
