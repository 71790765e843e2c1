"""The examples in the docstrings are tests too."""

import ast
import doctest
import importlib
import sys

import pytest

MODULES = [
    "manset.turkish",
    "manset.turkish.analysis",
    "manset.turkish.casing",
    "manset.turkish.collation",
    "manset.turkish.dates",
    "manset.turkish.evasion",
    "manset.turkish.provinces",
    "manset.turkish.slugs",
    "manset.turkish.stopwords",
    "manset.turkish.suffixes",
    "manset.turkish.typography",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_of_each_module_pass(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0


def _imported_modules(path: str) -> set[str]:
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add(node.module or "")
    return names


@pytest.mark.parametrize("name", MODULES)
def test_modules_import_only_the_standard_library_pystemmer_and_each_other(name):
    path = importlib.import_module(name).__file__
    for module in _imported_modules(path):
        top = module.split(".")[0]
        assert (
            top in sys.stdlib_module_names
            or top == "Stemmer"
            or (module.startswith("manset.turkish"))
        ), module
