"""Model families, found by the name a config gives them.

Entries are import strings so that looking a family up, or validating its
parameters, never imports torch for a family that does not use it.
"""

from __future__ import annotations

import importlib

from classify.errors import ClassifyError
from classify.models.base import Model

FAMILIES: dict[str, str] = {
    "tfidf-linear": "classify.models.tfidf:TfidfLinear",
    "embedding-linear": "classify.models.embedding:EmbeddingLinear",
    "setfit": "classify.models.setfit_family:SetFitClassifier",
    "zero-shot": "classify.models.zeroshot:ZeroShot",
    "transformer": "classify.models.transformer:TransformerClassifier",
    "ensemble": "classify.models.ensemble:Ensemble",
    "routed": "classify.models.routed:Routed",
}


def get_family(name: str, *, source: object = None) -> type[Model]:
    try:
        target = FAMILIES[name]
    except KeyError:
        raise ClassifyError(
            f"unknown model family '{name}' (allowed: {', '.join(FAMILIES)})", source=source
        ) from None
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)


__all__ = ["FAMILIES", "Model", "get_family"]
