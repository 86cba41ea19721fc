"""Every public callable a notebook user meets is documented and annotated:
what `dir(classify)` exposes (and their public methods) and the public
functions of classify.api, so `help(classify.train)` is enough to use it."""

from __future__ import annotations

import inspect
import re

import pytest

import classify
from classify import api

SECTIONS = re.compile(r"^(Args|Returns|Raises|Attributes|Yields):\s*$", re.M)


def _public() -> list[tuple[str, object]]:
    found: dict[str, object] = {}
    for name in classify.__all__:
        obj = getattr(classify, name)
        found[f"classify.{name}"] = obj
        if inspect.isclass(obj):
            for attr, value in vars(obj).items():
                if not attr.startswith("_") and inspect.isfunction(value):
                    found[f"classify.{name}.{attr}"] = value
    for name, obj in vars(api).items():
        if name.startswith("_") or getattr(obj, "__module__", None) != api.__name__:
            continue
        if inspect.isfunction(obj) or inspect.isclass(obj):
            found.setdefault(f"classify.api.{name}", obj)
    return sorted(found.items())


PUBLIC = _public()


def test_the_walk_finds_the_api():
    names = {n for n, _ in PUBLIC}
    for expected in (
        "classify.train",
        "classify.predict_proba",
        "classify.build_dataset",
        "classify.Classifier.predict",
        "classify.api.load_config",
    ):
        assert expected in names


@pytest.mark.parametrize("name,obj", PUBLIC, ids=[n for n, _ in PUBLIC])
def test_documented_and_annotated(name, obj):
    doc = inspect.getdoc(obj) or ""
    assert doc.strip(), f"{name} has no docstring"
    assert SECTIONS.search(doc), f"{name}: no Args/Returns/Raises/Attributes section"
    if inspect.isclass(obj):
        return
    sig = inspect.signature(obj)
    bare = [
        p
        for p, v in sig.parameters.items()
        if p not in ("self", "cls") and v.annotation is inspect.Parameter.empty
    ]
    assert not bare, f"{name}: parameters without a type: {bare}"
    assert sig.return_annotation is not inspect.Signature.empty, f"{name}: no return type"
    # Every parameter is explained in the docstring.
    undocumented = [
        p for p in sig.parameters if p not in ("self", "cls") and not re.search(rf"\b{p}\b", doc)
    ]
    assert not undocumented, f"{name}: parameters not described: {undocumented}"


def test_help_of_train_is_enough():
    text = inspect.getdoc(classify.train)
    for needed in ("data:", "overwrite:", "text_column:", "Returns:", "Raises:", "DataFrame"):
        assert needed in text
