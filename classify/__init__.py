"""classify: topic and stance classification of news about international relations.

In a notebook::

    import classify
    model = classify.load_model("runs/default/topic-tfidf")
    model.predict(["The U.S. will reopen its embassy in Minsk."])
    articles = classify.read_articles("seeds")

Names are imported on first use, so ``import classify`` stays instant.
"""

from __future__ import annotations

import warnings
from importlib import import_module
from typing import Any

__version__ = "0.1.0"

# datasets imports tqdm.auto, which in a Jupyter kernel without ipywidgets
# warns "IProgress not found" once, on import: a third party's advice about
# bars our calls turn off (classify.quiet), not something of the user's work.
warnings.filterwarnings("ignore", message=r"IProgress not found", module=r"tqdm\.")

_EXPORTS = {
    "load_model": "classify.store",
    "Classifier": "classify.store",
    "read_articles": "classify.articles",
    "parse_article": "classify.articles",
    "Article": "classify.articles",
    "make_units": "classify.units",
    "split_sentences": "classify.units",
    "load_examples": "classify.data",
    "ReadOptions": "classify.tables",
    "load_task": "classify.tasks",
    "ClassifyError": "classify.errors",
    "build_dataset": "classify.api",
    "train": "classify.api",
    "evaluate": "classify.api",
    "predict": "classify.api",
    "predict_proba": "classify.api",
    "TrainResult": "classify.api",
    "analyse": "classify.api",
    "run": "classify.api",
    "compare": "classify.api",
    "run_experiment": "classify.experiments",
    "export_units": "classify.annotation",
    "import_annotations": "classify.annotation",
    "agreement_report": "classify.annotation",
    "audit_labels": "classify.audit",
    "suggest": "classify.active",
    "rules_report": "classify.rules",
    "read_predictions": "classify.engines.local",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    # The modules the README names by their path ("classify.units.split_sentences")
    # load on first use, as the functions above do.
    from importlib.util import find_spec

    if not name.startswith("_") and find_spec(f"{__name__}.{name}") is not None:
        return import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'classify' has no attribute '{name}'")


def __dir__() -> list[str]:
    # The package's names, not the helpers this file imports (Any, import_module).
    return sorted({*__all__, *(n for n in globals() if n.startswith("__"))})
