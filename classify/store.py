"""The model folder: a self-describing directory that loads without pickle.

::

    my-model/
      model.json     task, labels, thresholds, calibration, family and settings,
                     training data fingerprint, library versions, date
      weights/       the family's own files (skops or safetensors)
      metrics.json   the evaluation, figures with 95% CIs and a majority baseline
      report.md      the same for people, with plots (PNG); report.html embeds them
      README.md      a model card

Folders are written to a temporary sibling and renamed into place, so a
crash never leaves half a model where a finished one is expected.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import platform
import shutil
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from classify.errors import ClassifyError, a_type, column_list, option
from classify.schema import FILE_SUFFIXES
from classify.tasks import Task


def _names_a_file(text: str) -> bool:
    """Whether ``text`` is the path of an existing file or folder rather
    than a text (one line, no longer than a path, naming one)."""
    if "\n" in text or len(text) > 400 or not text.strip():
        return False
    try:
        return Path(text).expanduser().exists()
    except (OSError, ValueError):
        return False


# The way out for a list holding a missing or blank text.
_NO_TEXT_HOW = (
    "leave such texts out, or give a DataFrame to classify.predict with "
    "options=ReadOptions(on_error='skip'), which returns a missing value for each"
)

FORMAT = "classify-model"
FORMAT_VERSION = 1
MODEL_JSON = "model.json"
METRICS_JSON = "metrics.json"
PREDICTIONS_JSONL = "predictions.jsonl"
WEIGHTS = "weights"


class Classifier:
    """A trained model as a notebook sees it.

    Attributes:
        task: the :class:`~classify.tasks.Task` (label names and order).
        family: the model family (``tfidf-linear``, ``transformer``...).
        thresholds: per-label decision thresholds (multilabel), or None.
        metrics: the held-out or cross-validated figures of ``metrics.json``.
        predictions: the evaluation predictions (what ``compare`` pairs).
        info: the rest of ``model.json`` (config, training data record).
        path: the model folder, or None for a model not saved.

    >>> m = classify.load_model("runs/default/topic-tfidf")
    >>> m.predict("The U.S. will reopen its embassy in Minsk.")
    ['normalisation']
    >>> m.predict_proba(["...", "..."])   # a DataFrame, one column per label
    """

    def __init__(
        self,
        *,
        task: Task,
        family: str,
        params: dict[str, Any],
        model: Any,
        thresholds: list[float] | None = None,
        calibration: dict[str, Any] | None = None,
        info: dict[str, Any] | None = None,
        metrics: dict[str, Any] | None = None,
        predictions: Any = None,
        path: Path | None = None,
    ):
        self.task = task
        self.family = family
        self.params = params
        self.model = model
        self.thresholds = thresholds
        # The thresholds metrics.json's figures were measured with: a change
        # by hand before save() is recorded beside them.
        earlier = (info or {}).get("thresholds_set_by_hand") or {}
        # A copy: model.thresholds[0] = 0.9 edits the list in place. (Folders
        # saved before "trained_with" kept the training's in "evaluated_with".)
        evaluated = earlier.get("trained_with", earlier.get("evaluated_with", self._thresholds))
        self._evaluated_thresholds = None if evaluated is None else list(evaluated)
        self.calibration = calibration
        self.info = info or {}
        self.metrics = metrics or {}
        # The evaluation's per-unit predictions (Predictions), kept
        # so models can later be compared pairwise on the same units.
        self.predictions = predictions
        self.path = path

    @property
    def labels(self) -> list[str]:
        return list(self.task.labels)

    @property
    def thresholds(self) -> list[float] | None:
        """Per-label decision thresholds in label order (multilabel), or None
        (each label decided at 0.5; a single-label task takes the most
        probable label)."""
        return self._thresholds

    @thresholds.setter
    def thresholds(self, value: Any) -> None:
        """Set from a sequence of one number in [0, 1] per label, in label
        order, or a dict of label to number (labels it leaves out keep their
        threshold, 0.5 where there was none); None clears them.

        Raises:
            ClassifyError: a label not of the task, a wrong count, or a
                number outside [0, 1], naming the labels in order."""
        labels = list(self.task.labels)
        if value is None:
            self._thresholds = None
            return
        if type(value).__name__ == "Series" and hasattr(value, "to_dict"):
            value = value.to_dict()  # by its index's labels, not by position
        if isinstance(value, Mapping):
            unknown = [k for k in value if k not in labels]
            if unknown:
                raise ClassifyError(
                    f"thresholds name {', '.join(map(repr, unknown))}, not a label of the task "
                    f"(labels: {', '.join(labels)})"
                )
            current = getattr(self, "_thresholds", None) or [0.5] * len(labels)
            value = [value.get(lab, t) for lab, t in zip(labels, current)]
        if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
            raise ClassifyError(
                f"thresholds must be {len(labels)} numbers in [0, 1], one per label in order "
                f"({', '.join(labels)}), or a dict of label to number; got {value!r}"
            )
        values = list(value)
        if not all(getattr(v, "ndim", 0) == 0 for v in values) or not _thresholds_ok(
            [v.item() if hasattr(v, "item") else v for v in values], len(labels)
        ):
            raise ClassifyError(
                f"thresholds must be {len(labels)} numbers in [0, 1], one per label in order "
                f"({', '.join(labels)}), or a dict of label to number; got {values!r}"
            )
        if hasattr(self, "_thresholds") and not self.task.multilabel:
            # Set by hand on a single-label model: said, as it decides nothing.
            from classify.errors import warn

            warn(
                f"thresholds decide multi-label tasks; '{self.task.name}' is single-label, so "
                "its most probable label is taken and these change no prediction"
            )
        self._thresholds = [float(v) for v in values]

    def checked_thresholds(self) -> list[float] | None:
        """:attr:`thresholds`, checked again where they are used (``predict``,
        ``save``): a list edited in place (``model.thresholds[0] = 1.5``)
        passed no setter.

        Raises:
            ClassifyError: not one number in [0, 1] per label."""
        values = self._thresholds
        if values is not None and not _thresholds_ok(values, len(self.labels)):
            raise ClassifyError(
                f"thresholds must be {len(self.labels)} numbers in [0, 1], one per label in "
                f"order ({', '.join(self.labels)}); got {values!r} (edited in place?)"
            )
        return values

    def held_out_predictions(self) -> tuple[Predictions | None, bool]:
        """The evaluation predictions (:attr:`predictions`) as the model
        decides now, and whether they were decided again: a multi-label
        model whose thresholds were set by hand after its evaluation (in
        memory, or saved: ``model.json``'s ``thresholds_set_by_hand``) has
        its saved probabilities decided at the new thresholds, so that
        ``compare`` and ``analyse`` use the decisions ``predict`` makes.
        ``(None, False)`` where the folder has none.

        Raises:
            ClassifyError: the thresholds are not one number in [0, 1] per label.
        """
        held = self.predictions
        thresholds = self.checked_thresholds()
        if held is None or not self.task.multilabel or thresholds is None:
            return held, False
        evaluated = getattr(self, "_evaluated_thresholds", None)
        if evaluated is not None and list(thresholds) == list(evaluated):
            return held, False
        decided = self.task.decide(held.proba, thresholds).astype(held.y_pred.dtype)
        return dataclasses.replace(held, y_pred=decided), True

    def __repr__(self) -> str:
        where = f", path='{self.path}'" if self.path else ""
        return f"Classifier(task='{self.task.name}', family='{self.family}', labels={self.labels}{where})"

    # -- prediction -------------------------------------------------------------------

    def _texts(self, texts: Any, text_column: str | None) -> tuple[list[str], Any]:
        """:meth:`_given_texts`, with a warning where a target-conditioned
        model is given texts without their target (``"TARGET: TEXT"``)."""
        found, index = self._given_texts(texts, text_column)
        # A blank text is refused below; one of marks alone is labelled.
        textless = [t for t in found if str(t).strip() and not any(ch.isalnum() for ch in str(t))]
        if textless:
            from classify.errors import warn

            # A model answers for "?!..." or an emoji line as for any text.
            # Said once per call: a command that scores in chunks counts the first.
            one = len(textless) == 1
            counted = (
                "the text"
                if len(found) == 1
                else f"{len(textless)} of the {len(found)} texts scored together"
            )
            warn(
                f"{counted} {'has' if one else 'have'} no letter or digit (first: "
                f"{str(textless[0])[:30]!r}): the model labels {'it' if one else 'them'} "
                f"anyway, and {'its label says' if one else 'their labels say'} nothing of "
                f"{'it' if one else 'them'}",
                stacklevel=4,
                once="textless",
            )
        self._warn_other_scripts(found)
        if self.task.target_field:
            from classify.targets import TARGET_SEP

            bare = [t for t in found if TARGET_SEP not in str(t)]
            from classify.targets import warn_unknown_pair_targets

            warn_unknown_pair_targets(
                [t for t in found if TARGET_SEP in str(t)],
                (self.info.get("training") or {}).get("targets"),
                stacklevel=4,
            )
            if bare:
                from classify.errors import warn

                warn(
                    f"the model reads each text with its stance target ('TARGET{TARGET_SEP}TEXT', "
                    f"column '{self.task.target_field}' in its data), and {len(bare)} of "
                    f"{len(found)} texts name none (first: {str(bare[0])[:40]!r}); pair them "
                    "with classify.targets.pair_text(target, text), or use "
                    "classify.predict(model, data) on data with that column",
                    stacklevel=4,
                )
        return found, index

    def _warn_other_scripts(self, texts: list[str]) -> None:
        """Warn once where texts are written in a script the training data
        had (almost) none of (under 1% of its units): a model of English
        news labels a Russian article anyway, and its label says little."""
        found = other_scripts((self.info.get("training") or {}).get("scripts"), texts)
        if found is None:
            return
        from classify.errors import warn

        warn(other_scripts_message(found), stacklevel=5, once="other-script")

    def _given_texts(self, texts: Any, text_column: str | None) -> tuple[list[str], Any]:
        """The texts to score and, for pandas input, the index to keep.

        A pandas Series gives its values; a pandas DataFrame or a Hugging Face
        ``Dataset`` gives the column ``text_column`` (default: the text column
        the model was trained on, else ``text``)."""
        from classify.memory import as_texts

        texts = as_texts(texts)  # a numpy array of texts is a list of them
        if isinstance(texts, str):
            if _names_a_file(texts):
                from classify.errors import warn

                warn(
                    f"'{texts}' is a {'folder' if Path(texts).expanduser().is_dir() else 'file'}, "
                    f"labelled here as a text; to label the texts it holds, use "
                    f"classify.predict(model, '{texts}')",
                    stacklevel=4,
                )
            return [texts], None
        from classify.memory import one_split

        texts = one_split(texts, advice="pass one, e.g. texts['test']")
        module = type(texts).__module__.split(".")[0]
        if isinstance(texts, Mapping):
            # Iterating a dict gives its keys: {id: text} would classify the ids.
            raise ClassifyError(
                "a dict is not a list of texts (iterating it gives its keys); pass "
                "list(d.values()), or pd.Series(d) to keep the keys as the index"
            )
        if isinstance(texts, (set, frozenset)):
            # Labels come back in the input's order, and a set has none.
            raise ClassifyError("a set has no order to give the labels back in; pass a list")
        is_table = (module == "pandas" and hasattr(texts, "columns")) or (
            module == "datasets" and hasattr(texts, "column_names")
        )
        if is_table:
            columns = list(getattr(texts, "column_names", None) or texts.columns)
            from classify.columns import column_named

            trained = ((self.info.get("config") or {}).get("data") or {}).get("text_column")
            # Names matched whatever their case, as classify.predict matches them.
            at_trained = column_named(columns, trained) if trained else None
            wanted = text_column or at_trained or "text"
            column = column_named(columns, wanted) or wanted
            if column not in columns:
                raise ClassifyError(
                    f"no text column '{column}' in the {type(texts).__name__} (columns: "
                    f"{column_list(columns)}); pass text_column=NAME"
                )
            if text_column is None and trained and at_trained is None:
                # Said, not silent: classify.predict refuses the same table.
                from classify.errors import warn

                warn(
                    f"the model was trained on texts in column '{trained}', which the "
                    f"{type(texts).__name__} lacks: scoring its '{column}' column (pass "
                    "text_column=NAME to choose)",
                    stacklevel=4,
                )
            if module == "pandas":
                return list(texts[column]), texts.index
            return list(texts[column]), None
        if module == "pandas":
            import pandas as pd

            # A Series's index comes back with the labels; an Index, a
            # Categorical or an array (`series.values` is an ArrowStringArray
            # under pandas 3) are texts in order.
            return list(texts), texts.index if isinstance(texts, pd.Series) else None
        if (
            texts is None
            or isinstance(texts, (bytes, int, float, bool))
            or not hasattr(texts, "__iter__")
        ):
            raise ClassifyError(
                f"texts must be a string or a list of strings, not {type(texts).__name__}"
            )
        from classify.memory import _PATH_SUFFIXES

        texts = list(texts)
        # Only what reads as a path (a data file's suffix, or a folder in
        # it): a unit's text "exp" is not taken for the folder of that name.
        named = [
            str(t)
            for t in texts
            if isinstance(t, (str, Path))
            and (str(t).lower().endswith(_PATH_SUFFIXES) or "/" in str(t) or os.sep in str(t))
            and _names_a_file(str(t))
        ]
        if named and len(named) == len(texts):
            # Every "text" is a file: a list of paths, meant for classify.predict.
            from classify.errors import warn

            many = len(named) > 1
            shown = named if len(named) <= 3 else [*named[:2], "..."]
            warn(
                f"'{named[0]}'{' and the others' if many else ''} "
                f"{'are files or folders' if many else 'is a file or folder'}, labelled here as "
                f"{'texts' if many else 'a text'}; to label the texts "
                f"{'they hold' if many else 'it holds'}, use "
                f"classify.predict(model, {shown!r})",
                stacklevel=4,
            )
        return texts, None

    def predict_scores(
        self,
        texts: Any,
        *,
        text_column: str | None = None,
        return_readings: bool = False,
        calibrated: bool = True,
    ) -> Any:
        """Probabilities as an array, calibrated if the model was trained
        with calibration (``calibrated=False``: as the family gives them).

        Args:
            texts: one string, a sequence of strings, a pandas Series of
                strings, or a pandas DataFrame / Hugging Face ``Dataset`` whose
                ``text_column`` holds them.
            text_column: the column of a DataFrame or Dataset to score
                (default: the model's training text column where the data has
                it, else ``text``).
            return_readings: also return how each text was read (whole, or
                by its sentences: :mod:`classify.pooling`), one dict per text.

        Returns:
            A float array of shape ``(n_texts, n_labels)``, columns in
            :attr:`labels` order, values in [0, 1]; with ``return_readings``,
            the pair ``(array, readings)``.

        Raises:
            ClassifyError: an item that is not a string or is blank, or a
                table without the text column.
        """
        texts, _ = self._texts(texts, text_column)
        if not return_readings:
            return self._scores(texts, calibrated=calibrated)
        readings: list[dict[str, Any]] = []
        return self._scores(texts, readings, calibrated=calibrated), readings

    def _scores(
        self, texts: list[str], readings: list | None = None, *, calibrated: bool = True
    ) -> np.ndarray:
        if not texts:
            return np.zeros((0, len(self.labels)))
        bad = next((i for i, t in enumerate(texts) if not isinstance(t, str)), None)
        if bad is not None:
            value = texts[bad]
            # A missing cell (None, NaN) is the usual case: say so, not "float".
            from classify.memory import is_missing

            what = "missing (None, NaN or NA)" if is_missing(value) else a_type(value)
            raise ClassifyError(f"texts must be strings; item {bad} is {what} ({_NO_TEXT_HOW})")
        from classify.pooling import score_long_units
        from classify.text import is_blank, normal_text

        # As units are read (classify.units.Unit): composed and decomposed
        # accents are one text, invisible characters split no word.
        texts = [normal_text(t) for t in texts]
        # A blank text has nothing to label: any answer would be the bias
        # of the model, as a file's empty text cell is an error.
        blank = next((i for i, t in enumerate(texts) if is_blank(t)), None)
        if blank is not None:
            raise ClassifyError(f"texts must not be blank; item {blank} is empty ({_NO_TEXT_HOW})")
        proba = score_long_units(
            self.model.predict_proba,
            texts,
            multilabel=self.task.multilabel,
            labels=self.labels,
            settings=self.info.get("long_units"),
            pairs=bool(self.task.target_field),
            readings=readings,
        )
        if self.calibration and calibrated:
            from classify.evaluation import apply_calibration

            proba = apply_calibration(self.calibration, self.task.kind, proba)
        return proba

    def predict_proba(self, texts: Any, *, text_column: str | None = None) -> Any:
        """Probabilities as a table.

        Args:
            texts: as for :meth:`predict_scores`.
            text_column: as for :meth:`predict_scores`.

        Returns:
            A pandas DataFrame of shape ``(n_texts, n_labels)``, one column
            per label; for a pandas Series or DataFrame, indexed by its index.

        Raises:
            ClassifyError: an item that is not a string or is blank, or a
                table without the text column.
        """
        import pandas as pd

        texts, index = self._texts(texts, text_column)
        return pd.DataFrame(self._scores(texts), columns=self.labels, index=index)

    def predict(self, texts: Any, *, text_column: str | None = None) -> Any:
        """Decided labels.

        Args:
            texts: as for :meth:`predict_scores`.
            text_column: as for :meth:`predict_scores`.

        Returns:
            For one string one answer; for a pandas Series or DataFrame a
            Series of answers with its index; otherwise a list of answers. A
            single-label (stance) answer is a label name; a multilabel (topic)
            answer is a list of names, possibly empty, decided with the
            model's per-label thresholds.

        Raises:
            ClassifyError: an item that is not a string or is blank, or a
                table without the text column.
        """
        from classify.memory import as_texts

        texts = as_texts(texts)  # np.array("a text") is that text
        items, index = self._texts(texts, text_column)
        decided = self.task.decide(self._scores(items), self.checked_thresholds())
        names = self.task.decode(decided)
        if isinstance(texts, str):
            return names[0]
        if index is not None:
            import pandas as pd

            # A multi-label task's lists stay objects; one label per text is
            # a string column, as classify.predict gives it.
            dtype = object if self.task.multilabel else "str"
            return pd.Series(names, index=index, name=self.task.field, dtype=dtype)
        return names

    # -- persistence ------------------------------------------------------------------

    def save(
        self,
        path: str | Path,
        *,
        overwrite: bool = False,
        documents: Callable[[Path, dict[str, Any], dict[str, Any]], None] | None = None,
    ) -> Path:
        """Write the model folder to ``path`` atomically (a temporary sibling
        renamed into place) and return ``path``.

        Args:
            path: the folder to write.
            overwrite: replace an existing folder; otherwise an existing
                ``path`` is an error.
            documents: called as ``documents(folder, info, metrics)`` inside
                the temporary folder before it is renamed, to add files for
                people (``classify.reports.write_model_documents`` writes the
                report and the model card). The folder format depends on
                nothing above it, so these come from the caller.

        Returns:
            The folder written.

        Raises:
            ClassifyError: the folder exists (without ``overwrite``) or is
                not one classify wrote.
        """
        path = Path(path)
        # A folder load_model would refuse is never written.
        self.checked_thresholds()
        check_writable(path, overwrite=overwrite, folder=True)
        with atomic_dir(path, overwrite=overwrite) as tmp:
            weights = tmp / WEIGHTS
            weights.mkdir()
            self.model.save(weights)
            weights_bytes = sum(f.stat().st_size for f in weights.rglob("*") if f.is_file())
            info = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                **self.info,
                "task": self.task.to_dict(),
                "labels": self.labels,
                "family": self.family,
                "params": self.params,
                "seed": getattr(self.model, "seed", 0),
                "thresholds": self.thresholds,
                "calibration": self.calibration,
                # What the weights take on disk (the rest of the folder is
                # reports and predictions, a few hundred KB).
                "weights_mb": round(weights_bytes / 1e6, 2),
                # A TF-IDF vocabulary's size after pruning (keep_features).
                **(
                    {"features": int(self.model.n_features_)}
                    if self.family == "tfidf-linear" and hasattr(self.model, "features_")
                    else {}
                ),
                "created": self.info.get("created") or now(),
                "versions": library_versions(),
            }
            # What the family records of its own training (the epochs a
            # fine-tuned transformer ran), kept where a loaded model is saved.
            record = getattr(self.model, "fit_record_", None)
            if record is not None:
                info["fit_record"] = record
            info.pop("thresholds_set_by_hand", None)
            evaluated = getattr(self, "_evaluated_thresholds", None)
            if self.metrics and self.task.multilabel and self.thresholds != evaluated:
                from classify.errors import warn

                # The figures, the report and predictions.jsonl were made with
                # the thresholds the training chose, not these.
                # The training's own (after a refit, the refit's) and those
                # the evaluation's figures were measured with.
                scored = self.metrics.get("thresholds") or evaluated
                info["thresholds_set_by_hand"] = {
                    "trained_with": evaluated,
                    "evaluated_with": scored,
                }
                before = (
                    f"evaluated with {_thresholds_text(self.labels, scored)}"
                    if scored == evaluated
                    else f"trained with {_thresholds_text(self.labels, evaluated)}; the "
                    f"evaluation used {_thresholds_text(self.labels, scored)}"
                )
                warn(
                    f"the thresholds were set by hand ({_thresholds_text(self.labels, self.thresholds)}"
                    f"; {before}): metrics.json, "
                    "the report and predictions.jsonl keep the figures of the evaluated ones "
                    "(model.json records them; classify evaluate measures these)"
                )
            write_json(tmp / MODEL_JSON, info)
            if self.metrics:
                write_json(tmp / METRICS_JSON, self.metrics)
            if self.predictions is not None:
                write_jsonl(tmp / PREDICTIONS_JSONL, self.predictions.to_rows())
            if documents is not None:
                documents(tmp, info, self.metrics)
            self.info = info
        self.path = path
        return path


def _thresholds_ok(values: Sequence[Any], n: int) -> bool:
    """``n`` numbers in [0, 1] (not booleans): a multi-label model's thresholds."""
    return len(values) == n and all(
        isinstance(t, (int, float)) and not isinstance(t, bool) and 0 <= float(t) <= 1
        for t in values
    )


def _thresholds_text(labels: Sequence[str], thresholds: Sequence[float] | None) -> str:
    """'sanctions 0.6, human_rights 0.35' (0.5 for each where None)."""
    values = list(thresholds) if thresholds is not None else [0.5] * len(labels)
    return ", ".join(f"{lab} {t:g}" for lab, t in zip(labels, values))


def _check_saved_decisions(info: Mapping[str, Any], task: Task, source: Path) -> None:
    """model.json's labels and thresholds as ``save`` writes them: a folder
    edited by hand fails here, in one line, not at the first prediction."""
    labels = info.get("labels")
    if labels is not None and list(labels) != list(task.labels):
        raise ClassifyError(
            f"'labels' ({', '.join(map(str, labels))}) differ from the task's "
            f"({', '.join(task.labels)}); the folder was edited",
            source=source,
        )
    thresholds = info.get("thresholds")
    if thresholds is None:
        return
    if (
        not isinstance(thresholds, list)
        or len(thresholds) != len(task.labels)
        or not all(
            isinstance(t, (int, float)) and not isinstance(t, bool) and 0 <= t <= 1
            for t in thresholds
        )
    ):
        raise ClassifyError(
            f"'thresholds' must be {len(task.labels)} numbers in [0, 1], one per label "
            f"({', '.join(task.labels)}); got {thresholds!r}",
            source=source,
        )


def as_classifier(model: Any) -> Classifier:
    """A loaded model from a model folder, a :class:`Classifier`, or an
    object holding one as ``.model`` (what ``classify.train`` returns).

    Raises:
        ClassifyError: a path that is not a model folder, or another object.
    """
    if isinstance(model, Classifier):
        return model
    if isinstance(getattr(model, "model", None), Classifier):
        return model.model
    if isinstance(model, (str, Path)):
        return load_model(model)
    raise ClassifyError(
        f"a model is a model folder, a Classifier or a TrainResult, not {a_type(model)}"
    )


# Suffixes of files that unpickle (run code) when a library loads them; a
# model folder classify writes holds none, and load_model reads none.
_PICKLE_SUFFIXES = (".pkl", ".pickle", ".joblib", ".pt", ".pth", ".bin", ".ckpt", ".dill")


def _warn_pickles(path: Path) -> None:
    """Warn of pickle files in a model folder: never loaded, but someone put
    them there (a copied checkpoint, or a planted file), and a reader of the
    folder should know."""
    from classify.errors import warn

    found = sorted(
        str(p.relative_to(path))
        for p in path.rglob("*")
        if p.suffix.lower() in _PICKLE_SUFFIXES and p.is_file()
    )
    if found:
        shown = ", ".join(found[:3]) + (f" and {len(found) - 3} more" if len(found) > 3 else "")
        warn(
            f"{path}: {len(found)} pickle file{'s' if len(found) > 1 else ''} that classify "
            f"never loads ({shown}); the model was loaded without {'them' if len(found) > 1 else 'it'} "
            "(classify writes no pickles: remove them, or find out where they came from)"
        )


def load_model(path: str | Path) -> Classifier:
    """Load a model folder written by ``classify train`` or ``Classifier.save``.

    Args:
        path: the model folder (holding ``model.json``).

    Returns:
        The :class:`Classifier`, with its metrics and evaluation predictions.

    Raises:
        ClassifyError: no such folder, no or unreadable ``model.json``, a
            newer folder format, or weights that do not load.
    """
    must_be_path(path, "path")
    path = Path(path)
    if not path.is_dir():
        if path.name == MODEL_JSON and path.is_file():
            raise ClassifyError(
                f"a model's {MODEL_JSON}: give its folder ({path.parent})", source=path
            )
        if path.is_file():
            raise ClassifyError("a file, not a model folder", source=path)
        raise ClassifyError(f"model folder not found{near_model_hint(path)}", source=path)
    meta_path = path / MODEL_JSON
    if not meta_path.is_file():
        raise ClassifyError("not a classify model folder (no model.json)", source=path)
    try:
        info = json.loads(meta_path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ClassifyError("model.json is not UTF-8 text", source=meta_path) from None
    except json.JSONDecodeError as exc:
        # Where it breaks: a file cut short ends mid-value.
        raise ClassifyError(
            f"model.json is not valid JSON ({exc.msg.removesuffix(' starting at')}); the "
            "file may be cut short or edited by hand",
            source=meta_path,
            where=f"line {exc.lineno}, column {exc.colno}",
        ) from None
    if not isinstance(info, dict) or info.get("format") != FORMAT:
        raise ClassifyError("not a classify model folder (model.json has no format)", source=path)
    if info.get("format_version", 0) > FORMAT_VERSION:
        raise ClassifyError(
            f"model format {info['format_version']} is newer than this classify reads "
            f"({FORMAT_VERSION}); upgrade classify",
            source=path,
        )
    from classify.models import get_family
    from classify.schema import build_params

    task = Task.from_dict(info["task"], source=meta_path)
    _check_saved_decisions(info, task, meta_path)
    family = get_family(info["family"], source=meta_path)
    params = build_params(family, info.get("params") or {}, source=meta_path)
    try:
        model = family.load(path / WEIGHTS, task, params, seed=info.get("seed", 0))
    except ClassifyError:
        raise
    except Exception as exc:  # any library's error on damaged weights
        from classify.errors import missing_library

        if (missing := missing_library(exc)) is not None:
            raise missing from None  # the weights are fine; a library is not there
        # A truncated safetensors file raises the library's own error type.
        first = " ".join(str(exc).split())[:200]
        raise ClassifyError(
            f"cannot load weights ({exc.__class__.__name__}: {first}); the folder's weights "
            "are damaged or not this model's",
            source=path / WEIGHTS,
        ) from None
    metrics: dict[str, Any] = {}
    predictions = None
    from classify.errors import warn

    _warn_pickles(path)

    # Prediction needs neither file: a damaged one is said, and left out.
    try:
        if (path / METRICS_JSON).is_file():
            metrics = json.loads((path / METRICS_JSON).read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        warn(f"{path / METRICS_JSON}: damaged ({exc.__class__.__name__}); loaded without it")
    if (path / PREDICTIONS_JSONL).is_file():
        problem = None
        try:
            rows = [
                json.loads(line)
                for line in (path / PREDICTIONS_JSONL).read_text(encoding="utf-8").splitlines()
                if line.strip()
            ]
            predictions = Predictions.from_rows(list(task.labels), rows)
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
            problem = exc.__class__.__name__
        else:
            p = predictions.proba
            if not rows:
                problem = "no rows"
            elif not np.isfinite(p).all() or p.min() < 0 or p.max() > 1:
                problem = "probabilities outside [0, 1]"
        if problem is not None:
            warn(
                f"{path / PREDICTIONS_JSONL}: damaged or not of this model's labels "
                f"({problem}); loaded without its evaluation predictions "
                "(analyse and the corrections need them: retrain, or restore the file)"
            )
            predictions = None
    return Classifier(
        task=task,
        family=info["family"],
        params=info.get("params") or {},
        model=model,
        thresholds=info.get("thresholds"),
        calibration=info.get("calibration"),
        info=info,
        metrics=metrics,
        predictions=predictions,
        path=path,
    )


@dataclass
class Predictions:
    """What a model said about evaluation units: enough to pair two models on
    the same units later (``classify compare``) without the texts."""

    labels: list[str]
    ids: list[str]
    groups: list[str] | None
    y_true: np.ndarray
    y_pred: np.ndarray
    proba: np.ndarray
    # The cross-validation fold (1..K) that tested each unit; None for a split.
    folds: list[int] | None = None
    # A target-conditioned task's target of each unit, so per-target figures
    # can be recomputed from the folder; None for other tasks.
    targets: list[str] | None = None

    def to_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "id": self.ids[i],
                "group": None if self.groups is None else self.groups[i],
                **({} if self.folds is None else {"fold": self.folds[i]}),
                **({} if self.targets is None else {"target": self.targets[i]}),
                "gold": self.y_true[i].tolist(),
                "predicted": self.y_pred[i].tolist(),
                "proba": [round(float(p), 6) for p in self.proba[i]],
            }
            for i in range(len(self.ids))
        ]

    @classmethod
    def from_rows(cls, labels: list[str], rows: list[dict[str, Any]]) -> Predictions:
        groups = [r.get("group") for r in rows]
        return cls(
            labels=labels,
            ids=[r["id"] for r in rows],
            groups=None if all(g is None for g in groups) else [str(g) for g in groups],
            y_true=np.array([r["gold"] for r in rows], dtype=int).reshape(len(rows), len(labels)),
            y_pred=np.array([r["predicted"] for r in rows], dtype=int).reshape(
                len(rows), len(labels)
            ),
            proba=np.array([r["proba"] for r in rows], dtype=float).reshape(len(rows), len(labels)),
            folds=[int(r["fold"]) for r in rows] if rows and "fold" in rows[0] else None,
            targets=[str(r["target"]) for r in rows] if rows and "target" in rows[0] else None,
        )


# -- atomic writes ------------------------------------------------------------------------


def must_be_path(value: object, name: str) -> None:
    """Refuse anything but a path where a file or folder is named (a
    DataFrame given as ``out`` or as a model).

    Raises:
        ClassifyError: naming the argument and what it was given."""
    if not isinstance(value, (str, os.PathLike)):
        raise ClassifyError(f"{option(name, 'PATH')} names a file or folder, not {a_type(value)}")


def near_model_hint(path: Path) -> str:
    """'; did you mean models/topic-tfidf?' for a mistyped model folder: the
    nearest sibling folder holding a model.json, or ''."""
    import difflib

    parent = path.parent if path.parent.is_dir() else Path(".")
    try:
        names = sorted(d.name for d in parent.iterdir() if (d / MODEL_JSON).is_file())
    except OSError:
        return ""
    near = difflib.get_close_matches(path.name, names, n=1)
    return f"; did you mean {parent / near[0]}?" if near else ""


# (Suffixes of files, not folders: classify.schema.FILE_SUFFIXES.)


def refuse_input_as_out(out: str | os.PathLike, inputs: Any) -> None:
    """Refuse an ``out`` that is one of the input files: even with
    ``overwrite``, the predictions would replace the data (its gold labels
    lost to the model's).

    Raises:
        ClassifyError: ``out`` is an input file.
    """
    given = [inputs] if isinstance(inputs, (str, os.PathLike)) else inputs
    if not isinstance(given, (list, tuple)):
        return  # data in memory
    target = Path(out).resolve()
    for item in given:
        if (
            isinstance(item, (str, os.PathLike))
            and Path(item).is_file()
            # A hard link or symlink to the input is the input too.
            and (Path(item).resolve() == target or (target.is_file() and target.samefile(item)))
        ):
            raise ClassifyError(
                f"{option('out')} is the input file {item}: the predictions would replace the "
                "data; write them to another file",
                source=out,
            )


def check_writable(path: Path, *, overwrite: bool, folder: bool = False) -> None:
    """Fail before any work if ``path`` exists and may not be replaced: the
    one overwrite rule of every command that writes (an empty folder holds
    nothing to replace). With ``folder`` (the command writes a folder of
    files), a path with a file's suffix (``eval.json``) is refused too."""
    must_be_path(path, "out")
    path = Path(path)
    if folder and path.suffix.lower() in FILE_SUFFIXES and not path.is_dir():
        raise ClassifyError(
            f"{option('out')} is a folder that several files are written into, and "
            f"'{path.name}' reads as a file; give a folder, such as {path.with_suffix('')}",
            source=path,
        )
    blocked = next((p for p in path.parents if p.is_file()), None)
    if blocked is not None:
        # "--out notes/sub" where notes is a file: no folder can go there.
        raise ClassifyError(
            f"{blocked} is a file, so no folder can be made inside it: give another {option('out')}",
            source=path,
        )
    if folder and path.is_file():
        # Whatever --overwrite says: a folder never replaces a file (a model
        # folder over one's notes.txt or data file).
        raise ClassifyError(
            f"exists and is a file; {option('out')} names a folder to write, and a file is "
            "never replaced by one: give another name",
            source=path,
        )
    empty = path.is_dir() and not any(path.iterdir())
    if path.exists() and not empty and not overwrite:
        inside = [p.name for p in path.iterdir()] if path.is_dir() else []
        stopped = any(n.endswith(".parts") for n in inside) or (
            # An analyse interrupted after a model's predictions, before its report.
            any(n.startswith("predictions-") for n in inside) and "report.html" not in inside
        )
        if stopped:
            # What predict and analyse keep of a run that stopped (interrupted, or failed).
            raise ClassifyError(
                f"already exists and holds the predictions of a run that stopped: pass "
                f"{option('resume', True)} to continue it, or {option('overwrite', True)} to "
                "start again",
                source=path,
            )
        raise ClassifyError(
            f"already exists (pass {option('overwrite', True)} to replace it)", source=path
        )
    if (
        path.is_dir()
        and any(path.iterdir())
        and not (path / MODEL_JSON).is_file()
        and not _is_ours(path)
    ):
        raise ClassifyError(
            "exists and is not a folder classify wrote; refusing to replace it", source=path
        )


# Files that mark a folder as written by a classify command (dataset build,
# evaluate, run, compare, analyse, annotate export/suggest/agreement).
_MARKERS = (
    "dataset.json",
    "metrics.json",
    "summary.json",
    "compare.json",
    "prevalence.csv",
    "agreement.json",
    "units.jsonl",
    "units.csv",
    "tasks.json",
)


def _is_ours(path: Path) -> bool:
    # One level down too: compare writes a folder per task.
    return _shards_folder(path) or any(
        (path / m).is_file() or any(path.glob(f"*/{m}")) for m in _MARKERS
    )


def _shards_folder(path: Path) -> bool:
    """A folder of Parquet shards ``predict`` wrote: its ``manifest.json``
    holds the run's key, and every other file is a ``part-*.parquet``."""
    try:
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    others = [p for p in path.iterdir() if p.name != "manifest.json" and not p.name.startswith(".")]
    return (
        isinstance(manifest, dict)
        and "key" in manifest
        and all(p.is_file() and p.name.startswith("part-") for p in others)
    )


@contextlib.contextmanager
def atomic_dir(path: Path, *, overwrite: bool = False) -> Iterator[Path]:
    """Yield a temporary folder that becomes ``path`` only if the block succeeds."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.tmp-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if path.is_dir() and not any(path.iterdir()):
        path.rmdir()  # an empty folder holds nothing to replace
    if path.exists():
        if not overwrite:
            shutil.rmtree(tmp, ignore_errors=True)
            raise ClassifyError(
                f"already exists (pass {option('overwrite', True)} to replace it)", source=path
            )
        old = path.parent / f".{path.name}.old-{uuid.uuid4().hex[:8]}"
        path.rename(old)
        tmp.rename(path)
        shutil.rmtree(old, ignore_errors=True)
    else:
        tmp.rename(path)


def atomic_write_text(path: Path, text: str) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.tmp-{uuid.uuid4().hex[:8]}"
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_json(path: Path, data: Any) -> None:
    atomic_write_text(
        path, json.dumps(data, indent=2, ensure_ascii=False, default=_json_default) + "\n"
    )


def write_figures(out: Path, stem: str, text: str, data: Any) -> None:
    """Print an experiment's Markdown ``text`` and write it to ``out/stem.md``,
    and ``data`` to ``out/stem.json``, each atomically."""
    print(text)
    Path(out).mkdir(parents=True, exist_ok=True)
    atomic_write_text(Path(out) / f"{stem}.md", text)
    write_json(Path(out) / f"{stem}.json", data)


def write_jsonl(path: Path, rows: Sequence[dict[str, Any]]) -> None:
    atomic_write_text(
        path, "".join(json.dumps(r, ensure_ascii=False, default=_json_default) + "\n" for r in rows)
    )


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


_LIBRARIES = (
    "classify",
    "numpy",
    "scikit-learn",
    "skops",
    "datasets",
    "torch",
    "transformers",
    "sentence-transformers",
    "setfit",
    # The encoder families run on ONNX Runtime and tokenise with tokenizers.
    "onnxruntime",
    "tokenizers",
)


def library_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in _LIBRARIES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            out[name] = metadata.version(name)
    return out


def other_scripts(learned: Mapping[str, float] | None, texts: Sequence[str]) -> dict | None:
    """Texts written in a script the training data had (almost) none of
    (under 1% of its units; ``learned``: script -> share of training units,
    as ``model.json``'s ``training.scripts`` holds it).

    Returns:
        ``{"units", "of", "scripts": {script: units}, "first", "trained"}``,
        or None where every text is in a script the model learned from (or
        ``learned`` is unknown).
    """
    if not learned or not texts:
        return None
    from collections import Counter

    from classify.text import main_script

    known = {s for s, share in learned.items() if share >= 0.01}
    other = [(t, s) for t in texts if (s := main_script(t)) is not None and s not in known]
    if not other:
        return None
    return {
        "units": len(other),
        "of": len(texts),
        "scripts": dict(Counter(s for _, s in other)),
        "first": str(other[0][0])[:30],
        "trained": {s: round(float(v), 4) for s, v in learned.items()},
    }


def other_scripts_message(found: Mapping[str, Any], scored: str = "scored together") -> str:
    """The warning for :func:`other_scripts`' record (``scored``: how the
    texts are named, "scored together" or "of the test data")."""
    n, total = found["units"], found["of"]
    named = " and ".join(f"{s} script" for s in found["scripts"])
    trained = ", ".join(f"{s} {share:.0%}" for s, share in found["trained"].items())
    counted = (
        "the text is"
        if total == 1
        else f"{n} of the {total} texts {scored} {'is' if n == 1 else 'are'}"
    )
    them = "it" if n == 1 else "them"
    return (
        f"{counted} written in {named} (first: {found['first']!r}), which the model's "
        f"training data has almost none of ({trained}): the model labels {them} anyway, and "
        f"its labels say little of {them}"
    )
