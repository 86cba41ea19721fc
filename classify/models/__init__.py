"""Model families, found by the name a config gives them.

Entries are import strings so that looking a family up, or validating its
parameters, never imports torch for a family that does not use it.
"""

from __future__ import annotations

import importlib

from classify.errors import ClassifyError
from classify.models.base import Model
from classify.schema import build_params

FAMILIES: dict[str, str] = {
    "tfidf-linear": "classify.models.tfidf:TfidfLinear",
    "embedding-linear": "classify.models.embedding:EmbeddingLinear",
    "setfit": "classify.models.setfit_family:SetFitClassifier",
    "zero-shot": "classify.models.zeroshot:ZeroShot",
    "transformer": "classify.models.transformer:TransformerClassifier",
    "ensemble": "classify.models.ensemble:Ensemble",
    "routed": "classify.models.routed:Routed",
    "joint": "classify.models.joint:Joint",
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


def member_spec(raw: object, key: str, *, container: str) -> tuple[type[Model], object]:
    """A member of a composite family (``ensemble``, ``routed``) from its
    config mapping ``{family, params}`` at ``model.params.KEY``: the family
    and its validated parameters.

    Raises:
        ClassifyError: no ``family``, an unknown key or family, a member of
            the container's own family, or bad parameters.
    """
    if not isinstance(raw, dict) or "family" not in raw:
        raise ClassifyError(f"key 'model.params.{key}' needs a 'family'")
    unknown = sorted(set(raw) - {"family", "params"})
    if unknown:
        raise ClassifyError(
            f"unknown key 'model.params.{key}.{unknown[0]}' (allowed: family, params)"
        )
    if raw["family"] == container:
        raise ClassifyError(
            f"key 'model.params.{key}': an {container} cannot contain an {container}"
        )
    family = get_family(raw["family"], source=f"model.params.{key}")
    try:
        params = build_params(family, raw.get("params") or {}, source=None)
        family.check_params(params)
    except ClassifyError as exc:
        # Keys as `--set` takes them: model.params.members.1.params.C.
        raise exc.under(f"model.params.{key}.params") from None
    return family, params


__all__ = ["FAMILIES", "Model", "get_family", "member_spec"]
