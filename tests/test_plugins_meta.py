"""The plugin contract stays documented and tested: every hook in ipscrm/hookspecs.py
has a one-line docstring, a ``test_hook_<name>`` test, an implementation in the example
plugin, and its signature in docs/plugins.md."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from ipscrm import hookspecs
from tests import plugin_example, test_plugins_hooks

DOCS = Path(__file__).resolve().parent.parent / "docs" / "plugins.md"
HOOKS = sorted(
    name
    for name, value in vars(hookspecs).items()
    if name.startswith("ipscrm_") and hasattr(value, "ipscrm_spec")
)


def signature(name: str) -> str:
    """``ipscrm_x(a: int, b: str) -> None``, as written in docs/plugins.md."""
    sig = inspect.signature(getattr(hookspecs, name))
    params = ", ".join(f"{p.name}: {p.annotation}" for p in sig.parameters.values())
    return f"{name}({params}) -> {sig.return_annotation}"


def test_there_are_hooks():
    assert len(HOOKS) >= 19 and "ipscrm_panels" in HOOKS


@pytest.mark.parametrize("name", HOOKS)
def test_hook_has_a_test_of_its_own(name):
    assert hasattr(test_plugins_hooks, f"test_hook_{name}"), (
        f"add test_hook_{name} to tests/test_plugins_hooks.py"
    )


@pytest.mark.parametrize("name", HOOKS)
def test_hook_is_documented_with_its_signature(name):
    text = DOCS.read_text(encoding="utf-8")
    assert f"### `{name}`" in text, f"docs/plugins.md has no section for {name}"
    assert signature(name) in text, f"docs/plugins.md must show: {signature(name)}"


@pytest.mark.parametrize("name", HOOKS)
def test_hook_has_a_one_line_docstring(name):
    doc = inspect.getdoc(getattr(hookspecs, name)) or ""
    assert doc and "\n" not in doc


@pytest.mark.parametrize("name", HOOKS)
def test_example_plugin_implements_hook(name):
    assert hasattr(getattr(plugin_example, name, None), "ipscrm_impl")
