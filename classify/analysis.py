"""Predictions + metadata -> prevalence of each label by group, corrected for
classifier error, with bootstrap confidence intervals.

For every group (a month, quarter, year, outlet, country or speaker) and
every label, :func:`prevalence_table` gives the naive share of units
predicted with the label and the quantification estimates of
:mod:`classify.quantify` (ACC, PACC, EM), which correct that share with the
error rates the model showed on its held-out (out-of-fold) predictions.

Uncertainty: 95% percentile intervals from a bootstrap that resamples both
the group's units by article (units of one article are not independent) and
the evaluation units the error rates come from (by their evaluation group),
so an interval covers the sampling noise of the group and of the rates.
This module works on arrays and label names; it never imports a model.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from classify.columns import case_merged, column_named
from classify.errors import ClassifyError, column_list, option, setting
from classify.quantify import (
    METHODS,
    adjust,
    as_problems,
    bcts_recalibrator,
    em_boundary_interval,
    em_prevalence,
    hard_rates,
    soft_rates,
)
from classify.tables import option_hint

GROUPINGS = ("month", "quarter", "year", "source", "country", "dateline", "speaker", "all")
PERIODS = ("month", "quarter", "year")
CATEGORIES = ("source", "country", "dateline", "speaker")
UNKNOWN = "(unknown)"
# Between the two parts of a group of a two-way grouping: "Daily Post | 2019".
PART_SEPARATOR = " | "


def grouping_parts(
    by: str, *, columns: Collection[str] | None = None, typos: bool = True
) -> tuple[str, str | None]:
    """A grouping's parts: ``"month"`` is ``("month", None)``; a category
    and a period, ``"source,year"`` (either order), is ``("source",
    "year")``: each outlet over time.

    A category is one of :data:`CATEGORIES` or any other column of the
    corpus (``section``, ``author``, a table's own ``language``), read as
    it is written; a name that reads as a standard column is that column
    (``outlet`` is ``source``), and one a letter or two from a grouping
    (``mnth``) is refused as a misspelling, unless it is one of
    ``columns`` (the corpus's, where known: a ``sources`` or ``years``
    column is grouped by). ``typos=False`` leaves misspellings to a later
    call that knows the columns (the command line's first look).

    Raises:
        ClassifyError: an empty grouping, a misspelt one, or two that are not
            a category and a period (``month``, ``quarter``, ``year``).
    """
    parts = [p.strip() for p in str(by).split(",") if p.strip()]
    if len(parts) == 1 and parts[0].casefold() in GROUPINGS:
        return parts[0].casefold(), None
    if len(parts) == 1 and (category := _category(parts[0], by, columns, typos)) is not None:
        return category, None
    if len(parts) == 2:
        first, second = parts[::-1] if parts[0].casefold() in PERIODS else [parts[0], parts[1]]
        category = _category(first, by, columns, typos)
        if category is not None and second.casefold() in PERIODS:
            return category, second.casefold()
    raise ClassifyError(
        f"unknown grouping '{by}' (allowed: {', '.join(GROUPINGS)} or another column of the "
        "corpus, or a category and a period joined by a comma, such as source,year: one of "
        f"{', '.join(CATEGORIES)} or a column, with one of {', '.join(PERIODS)})"
    )


def _category(
    name: str, by: str, columns: Collection[str] | None = None, typos: bool = True
) -> str | None:
    """``name`` as a category: a built-in one, the standard column a name
    reads as (``outlet`` -> ``source``), or a column of the corpus; None
    for a period, ``all`` or an empty name.

    Raises:
        ClassifyError: ``name`` is a misspelling of a grouping.
    """
    import difflib

    from classify.columns import standard_column

    folded = name.casefold()
    if folded in CATEGORIES:
        return folded
    if folded in PERIODS or folded == "all" or not name:
        return None
    from classify.corpus import META_COLUMNS

    standard = standard_column(name, (*CATEGORIES, *META_COLUMNS))
    if standard == "date":
        raise ClassifyError(
            f"unknown grouping '{by}': '{name}' is read as the units' date; group by "
            f"{', '.join(PERIODS)}"
        )
    if standard is not None and standard != "sources":
        return standard
    if columns is not None and folded in {str(c).casefold() for c in columns}:
        return name  # the corpus's own column, however near a grouping's name
    # 0.75 takes "yaer" for year, not "country_code" for country.
    near = difflib.get_close_matches(folded, GROUPINGS, n=1, cutoff=0.75)
    if near and typos:
        error = ClassifyError(
            f"unknown grouping '{by}': did you mean '{near[0]}'? (allowed: "
            f"{', '.join(GROUPINGS)}, or a column of the corpus by its exact name)"
        )
        error.exit_code = 2  # a misspelt option value, as a misspelt choice is
        raise error
    return name


def normal_grouping(by: str, *, columns: Collection[str] | None = None, typos: bool = True) -> str:
    """``by`` as the table names it: ``"year,source"`` is ``"source,year"``
    (``columns``, ``typos``: as for :func:`grouping_parts`)."""
    category, period = grouping_parts(by, columns=columns, typos=typos)
    return category if period is None else f"{category},{period}"


def split_group(group: str) -> tuple[str, str]:
    """A two-way group's parts: ``"Daily Post | 2019"`` is ``("Daily Post",
    "2019")``."""
    category, _, period = str(group).rpartition(PART_SEPARATOR)
    return category, period


@dataclass
class Validation:
    """A model's held-out predictions (``predictions.jsonl`` of a model
    folder): gold and decided 0/1 matrices ``(n, k)``, probabilities
    ``(n, k)`` and the evaluation group of each unit (for the bootstrap)."""

    y_true: np.ndarray
    y_pred: np.ndarray
    proba: np.ndarray
    groups: Sequence[str] | None = None


def group_keys(frame: Any, by: str) -> list[str]:
    """One group key per row of a predictions DataFrame.

    ``month``/``quarter``/``year`` read ``date`` (ISO; a bare year under
    ``month`` or ``quarter`` is its own group, ``2021 (no month)``, which the
    figures leave off the time axis; no date is ``(unknown)``);
    ``source``, ``speaker`` and ``dateline`` read those columns (spellings
    that differ only in case are one group, :func:`case_merged`); ``country``
    reads a ``country`` column where there is one, else the country of the
    article's ``dateline`` place (:func:`classify.places.country_of`; a place
    the gazetteer does not know is ``(unknown)``, see :func:`unplaced`);
    ``all`` puts every row in one group.

    A category and a period (``source,year``) join the two keys
    (``Daily Post | 2019``, :func:`split_group` splits them).

    Raises ClassifyError for an unknown grouping or a missing column."""
    category, period = grouping_parts(by, columns=list(frame.columns))
    if period is not None:
        first, second = group_keys(frame, category), group_keys(frame, period)
        return [f"{a}{PART_SEPARATOR}{b}" for a, b in zip(first, second, strict=True)]
    n = len(frame)
    if by == "all":
        return ["all"] * n
    column = {"month": "date", "quarter": "date", "year": "date"}.get(by, by)
    if by == "country" and "country" not in frame.columns:
        column = "dateline"
    if column not in frame.columns:
        # A column named in another case (Story, story; a Speaker column
        # kept by predict --keep-columns Speaker).
        column = column_named(frame.columns, column) or column
    if by == "country" and column == "country" and "dateline" in frame.columns:
        # A row without a country of its own is placed by its dateline.
        from classify.places import countries_of

        own = [_text(v) for v in frame["country"].tolist()]
        places = countries_of([_text(v) for v in frame["dateline"].tolist()])
        return case_merged([o or p or UNKNOWN for o, p in zip(own, places)])
    if column not in frame.columns:
        hint = (
            f" (the rows are articles pooled by {option('level', 'article')}, which have no one "
            f"speaker; predict with {option('unit', 'quote')} and no {option('level')})"
            if by == "speaker" and "n_units" in frame.columns
            else f" (use {option('unit', 'quote')}, or a corpus table with a speaker column)"
            if by == "speaker"
            else ""
            if by in GROUPINGS
            else f" (their columns: {column_list(_own_columns(frame))}; allowed groupings: "
            f"{', '.join(GROUPINGS)}, or one of those columns)"
        )
        raise ClassifyError(f"the predictions have no '{column}' column to group by{hint}")
    if by == "country" and column == "dateline":
        from classify.places import countries_of

        places = [_text(v) for v in frame[column].tolist()]
        return [c or UNKNOWN for c in countries_of(places)]
    keys = []
    for value in frame[column].tolist():
        text = _text(value)
        if by in ("month", "quarter", "year"):
            if by == "year" and len(text) >= 4:
                keys.append(text[:4])
            elif by == "month" and len(text) >= 7:
                keys.append(text[:7])
            elif by == "quarter" and len(text) >= 7:
                keys.append(f"{text[:4]}-Q{(int(text[5:7]) - 1) // 3 + 1}")
            elif len(text) >= 4:
                # Dated to the year only: known, but not to the grouping.
                keys.append(f"{text[:4]} (no {by})")
            else:
                keys.append(UNKNOWN)
        elif by == "dateline" and text:
            # "MINSK", "Minsk" and "MINSK, Belarus" are one place.
            keys.append(text.split(",")[0].strip().upper() or UNKNOWN)
        else:
            keys.append(text or UNKNOWN)
    if by == "speaker":
        namesakes = (
            [name for cell in frame["speaker_namesakes"].tolist() for name in list_cell(cell)]
            if "speaker_namesakes" in frame.columns
            else []
        )
        spelt = transliteration_merges([*keys, *namesakes])
        keys = [spelt.get(k, k) for k in keys]
        namesakes = [spelt.get(n, n) for n in namesakes]
        merged = surname_merges(keys, namesakes=namesakes)
        keys = [merged.get(k, k) for k in keys]
    return keys if by in PERIODS else case_merged(keys)


def _own_columns(frame: Any) -> list[str]:
    """A predictions frame's columns a grouping could read: not the
    model's (``p_LABEL``, ``pred_...``) nor the unit's bookkeeping."""
    skip = {"id", "article_id", "text", "level", "paragraph", "position", "sources", "n_units"}
    skip |= {"read", "read_sentence"}
    labels = {str(c)[2:] for c in frame.columns if str(c).startswith("p_")}

    def predicted(column: Any) -> bool:
        # A task's decision column holds label names only (";"-joined for topics).
        values = {_text(v) for v in frame[column].tolist()} - {""}
        return bool(values) and all(set(v.split(";")) <= labels for v in values)

    return [
        str(c)
        for c in frame.columns
        if str(c) not in skip and not str(c).startswith(("p_", "_")) and not predicted(c)
    ]


def _sound(word: str) -> str:
    """A word's Metaphone key (Philips 1990, as ``jellyfish`` computes it)
    with its accents folded ("Türk" sounds as "Turk"), or the word itself,
    case folded, where it has none (a name in another script, an initial)."""
    import unicodedata

    import jellyfish

    folded = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    key = jellyfish.metaphone(folded) if folded.isascii() else ""
    return key or word.casefold()


def _is_full_name(name: str) -> bool:
    words = name.split()
    return len(words) > 1 and all(w[:1].isupper() for w in words)


def transliteration_merges(speakers: Sequence[str]) -> dict[str, str]:
    """Full names that are spellings of one name in the Latin alphabet, as
    news transliterates Russian, Belarusian and Ukrainian names
    (``Aleksandr Lukashenko``, ``Alexander Lukashenko``, ``Alexander
    Lukashenka``; ``Sergei``/``Sergey``): names whose words have the same
    Metaphone keys (Philips 1990, "Hanging on the Metaphone") word by word
    are one speaker, named as the corpus spells them most often (ties: the
    first in alphabetical order). Bare surnames and names of one word are
    left to :func:`surname_merges`. Sound-alike names of two people
    (``Jon Smith``, ``John Smith``) are joined too: a cost of the rule,
    said in the README.

    Shape: a mapping from each other spelling to the one kept, empty where
    none merges."""
    from collections import Counter

    counts = Counter(s for s in speakers if s and s != UNKNOWN and _is_full_name(s))
    groups: dict[tuple[str, ...], list[str]] = {}
    for name in counts:
        groups.setdefault(tuple(_sound(w) for w in name.split()), []).append(name)
    out: dict[str, str] = {}
    for names in groups.values():
        if len(names) > 1:
            kept = min(names, key=lambda n: (-counts[n], n))
            out.update({n: kept for n in names if n != kept})
    return out


def surname_merges(speakers: Sequence[str], *, namesakes: Sequence[str] = ()) -> dict[str, str]:
    """Bare surnames among the speakers that the corpus names in full
    exactly once: ``{"Blinken": "Antony Blinken"}``. Quotations are
    attributed within their article (:mod:`classify.quotes`), so an article
    that only says "Blinken" leaves a surname that another article spells
    out; one full name ending in it is taken to be that person, and two
    (``Alexander Lukashenko``, ``Viktor Lukashenko``) leave it as it is,
    counting ``namesakes`` too: the full names an article gives a surname
    it left bare (the ``speaker_namesakes`` column), who need not be quoted
    by name to make it two people.
    Shape: a mapping from surname to full name, empty where none merges."""
    names = {s for s in speakers if s and s != UNKNOWN}
    # A surname as it sounds: "Lukashenka" is the "Lukashenko" of a full name.
    full: dict[str, set[str]] = {}
    for name in names | set(namesakes):
        if _is_full_name(name):
            full.setdefault(_sound(name.split()[-1]), set()).add(name)
    return {
        name: next(iter(full[_sound(name)]))
        for name in names
        if " " not in name and name[:1].isupper() and len(full.get(_sound(name), ())) == 1
    }


def group_members(frame: Any, by: str) -> tuple[np.ndarray, list[str]]:
    """Which rows of a predictions DataFrame each group holds, as parallel
    ``(row index, group key)`` arrays: one entry per row and group it is in.

    Every grouping puts a row in one group (:func:`group_keys`) except
    ``source`` on predictions with a ``sources`` column: an item that cites
    several outlets is in the group of each of them (an outlet's figures
    describe the items it is cited for), each outlet once; an item with no
    outlet is ``(unknown)``. The groups then overlap, so their unit counts
    may add up to more than the corpus; ``all`` counts every item once.

    Raises ClassifyError as :func:`group_keys` does."""
    category, period = grouping_parts(by, columns=list(frame.columns))
    if period is not None:
        rows, first = group_members(frame, category)
        second = group_keys(frame, period)
        return rows, [f"{a}{PART_SEPARATOR}{second[r]}" for r, a in zip(rows, first)]
    if by != "source" or "sources" not in frame.columns:
        keys = group_keys(frame, by)
        return np.arange(len(keys)), keys
    from classify.articles import split_outlets

    rows: list[int] = []
    keys: list[str] = []
    firsts = frame["source"].tolist() if "source" in frame.columns else [None] * len(frame)
    for i, (cited, first) in enumerate(zip(frame["sources"].tolist(), firsts)):
        outlets = split_outlets([first, *list_cell(cited)]) or [UNKNOWN]
        rows.extend([i] * len(outlets))
        keys.extend(outlets)
    from classify.data import outlet_key, outlet_shown

    # One outlet however it is spelt ("The Washington Post", "Washington
    # Post"), as splits by source group it, named without the portal that
    # carried it or a footnote mark ("AFP via Google News" is AFP's group).
    keys = case_merged([outlet_shown(k) for k in keys], fold=outlet_key)
    # An item citing one outlet in two cases (AP, ap) is in its group once.
    once = list(dict.fromkeys(zip(rows, keys)))
    return np.asarray([r for r, _ in once], dtype=int), [k for _, k in once]


def outlet_spellings(frame: Any) -> dict[str, str]:
    """The outlets a predictions DataFrame names in its ``source`` (and
    ``sources``) cells that ``--by source`` counts under another name, as
    :func:`group_members` joins them (case, "The", a domain, a portal or a
    footnote mark, an agency's other names): ``{"REUTERS": "Reuters",
    "Thomson Reuters": "Reuters"}``; empty where every outlet is written one
    way."""
    from classify.articles import split_outlets
    from classify.data import outlet_key, outlet_shown

    firsts = frame["source"].tolist() if "source" in frame.columns else [None] * len(frame)
    cited = frame["sources"].tolist() if "sources" in frame.columns else [None] * len(frame)
    written = [
        " ".join(str(o).split())
        for first, more in zip(firsts, cited)
        for o in split_outlets([first, *list_cell(more)])
    ]
    keys = case_merged([outlet_shown(w) for w in written], fold=outlet_key)
    return {w: k for w, k in zip(written, keys) if w != k}


def list_cell(value: Any) -> list[Any]:
    """A list cell of a predictions file (``sources``,
    ``speaker_namesakes``) as a list: a list (JSONL) or array (Parquet) as
    it is, a CSV cell split at ``;`` (how predictions join lists), a
    missing value as nothing."""
    if value is None or (isinstance(value, float) and value != value):
        return []
    if isinstance(value, str):
        return [] if value.strip() == "[]" else value.split(";")
    if hasattr(value, "tolist"):
        value = value.tolist()
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _text(value: Any) -> str:
    """A cell as stripped text; missing values (None, NaN) are ``""``."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def unplaced(frame: Any, keys: Sequence[str]) -> dict[str, int]:
    """The datelines ``--by country`` could not place in a country, with
    their unit counts, most frequent first (``""``: units without a
    dateline). With a ``country`` column, the rows without a country of
    their own, which were placed by their dateline. Empty without a
    ``dateline`` column."""
    if "dateline" not in frame.columns:
        return {}
    own = frame["country"].tolist() if "country" in frame.columns else [None] * len(frame)
    counts: dict[str, int] = {}
    for value, key, country in zip(frame["dateline"].tolist(), keys, own):
        if key == UNKNOWN and not _text(country):
            counts[_text(value)] = counts.get(_text(value), 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _resample_counts(rng: np.random.Generator, n_clusters: int, n_boot: int) -> np.ndarray:
    """How often each of ``n_clusters`` clusters is drawn in each of
    ``n_boot`` resamples with replacement: ``(n_boot, n_clusters)``."""
    draws = rng.integers(0, n_clusters, size=(n_boot, n_clusters))
    counts = np.zeros((n_boot, n_clusters))
    np.add.at(counts, (np.repeat(np.arange(n_boot), n_clusters), draws.ravel()), 1.0)
    return counts


def _group_order(key: str) -> tuple[bool, str, bool, str]:
    """Groups in order, a period's in time, ``(unknown)`` after the known
    ones (of a two-way group's category, and of its periods)."""
    category, period = split_group(key)
    return (category == UNKNOWN, category, period == UNKNOWN, period)


def prevalence_table(
    *,
    task: str,
    labels: list[str],
    multilabel: bool,
    decided: np.ndarray,
    proba: np.ndarray,
    groups: Sequence[str],
    clusters: Sequence[str],
    validation: Validation,
    methods: Sequence[str] = METHODS,
    n_bootstrap: int = 200,
    min_units: int = 30,
    min_articles: int = 10,
    seed: int = 0,
    report: Any = None,
) -> list[dict[str, Any]]:
    """Prevalence of each label per group, naive and corrected, with CIs.

    Args:
        task: the task's name (a column of the result).
        labels: label names, the columns of ``decided`` and ``proba``.
        multilabel: whether labels co-occur (topics) or exclude each other.
        decided: 0/1 decisions ``(n, k)`` for the units analysed.
        proba: their probabilities ``(n, k)``.
        groups: group key per unit ``(n,)``.
        clusters: article id per unit ``(n,)``: the bootstrap's resampling unit.
        validation: held-out predictions giving the error rates.
        methods: any of ``naive``, ``acc``, ``pacc``, ``em``.
        n_bootstrap: resamples for the 95% intervals (0: no intervals).
        min_units: groups with fewer units are marked ``small``, and each
            of their intervals is widened to contain the Wilson interval
            (:func:`wilson_interval`) of its estimate on ``n_articles``
            units: a bootstrap over a few articles understates the spread
            (over one article it has none).
        min_articles: groups with fewer articles are marked ``small`` too,
            however many units they hold: the bootstrap resamples articles,
            and a resampling over a handful of clusters undercovers
            (Cameron, Gelbach and Miller 2008, REStat 90(3)). Any interval
            the bootstrap leaves with no width (every replicate the same,
            as for a share of 0 or 1) gets the same Wilson floor, and so
            does a share of a group whose flags fall in fewer than
            ``RARE_COUNT`` (5) of its articles, or whose unflagged units
            do: for a corrected share (ACC, PACC, EM) that floor carried
            through the error rates (:func:`corrected_wilson_interval`).
        report: ``report(stage, done, total)`` progress callback.

    Returns:
        tidy rows: ``task``, ``group``, ``label``, ``method``, ``estimate``,
        ``ci_low``, ``ci_high`` (see :func:`interval`), ``n_units``,
        ``n_articles``, ``small``, ``at_boundary``.

    Raises:
        ClassifyError: an unknown method, or shapes that do not match.
    """
    bad = [m for m in methods if m not in METHODS]
    if bad:
        raise ClassifyError(f"unknown method '{bad[0]}' (allowed: {', '.join(METHODS)})")
    decided, proba = np.asarray(decided), np.asarray(proba, dtype=float)
    if decided.shape != proba.shape or decided.shape[1] != len(labels):
        raise ClassifyError(
            f"predictions have shape {decided.shape} / {proba.shape} for {len(labels)} labels"
        )
    if validation.y_true.shape[1] != len(labels):
        raise ClassifyError("the model's held-out predictions do not match its labels")
    rng = np.random.default_rng(seed)
    groups = np.asarray(list(groups), dtype=object)
    _, cluster_ids = np.unique(np.asarray(list(clusters), dtype=object), return_inverse=True)
    # The evaluation units' bootstrap, shared by every group.
    v_groups = validation.groups if validation.groups is not None else range(len(validation.y_true))
    _, v_clusters = np.unique(
        np.asarray([str(g) for g in v_groups], dtype=object), return_inverse=True
    )
    n_vc = int(v_clusters.max()) + 1 if len(v_clusters) else 0
    v_weights = _resample_counts(rng, n_vc, n_bootstrap)[:, v_clusters] if n_bootstrap else None
    problems = list(
        zip(
            as_problems(multilabel, labels, validation.y_true, validation.proba),
            as_problems(multilabel, labels, validation.y_pred, validation.proba),
            as_problems(multilabel, labels, decided, proba),
        )
    )
    # EM reads the posteriors recalibrated on the held-out units (EMQ-BCTS),
    # fit once per problem for every group.
    em_posteriors: list[tuple[np.ndarray, bool]] = []
    for (_, v_true, v_proba), _, (_, _, p) in problems:
        recalibrate = bcts_recalibrator(v_proba, v_true, p.shape[1]) if "em" in methods else None
        em_posteriors.append((recalibrate(p), True) if recalibrate is not None else (p, False))
    # Each class's hard true- and false-positive rates on the held-out units,
    # for the floor of a corrected share where the group flags no unit.
    hard = [
        _class_rates(v_true, v_pred, p.shape[1])
        for (_, v_true, _), (_, v_pred, _), (_, _, p) in problems
    ]
    held = [
        _held_out_rates(v_true, v_pred, v_proba, p.shape[1], v_weights)
        for (_, v_true, v_proba), (_, v_pred, _), (_, _, p) in problems
    ]
    rows: list[dict[str, Any]] = []
    keys = sorted(set(groups.tolist()), key=_group_order)
    members: dict[Any, list[int]] = {}
    for i, key in enumerate(groups.tolist()):
        members.setdefault(key, []).append(i)
    for done, key in enumerate(keys, start=1):
        if report:
            report(f"estimating {task}", done, len(keys))
        idx = np.asarray(members[key], dtype=int)
        _, local = np.unique(cluster_ids[idx], return_inverse=True)
        n_articles = int(local.max()) + 1
        weights = _resample_counts(rng, n_articles, n_bootstrap)[:, local] if n_bootstrap else None
        for ((names, v_true, v_proba), (_, v_pred, _), (_, pred, p)), (p_em, fixed), (
            tpr,
            fpr,
        ), rates in zip(problems, em_posteriors, hard, held, strict=True):
            k = p.shape[1]
            estimates = _estimates(
                methods,
                pred[idx],
                p[idx],
                v_true,
                v_pred,
                v_proba,
                k,
                weights,
                v_weights,
                p_em[idx],
                em_fixed_prior=fixed,
                held=rates,
            )
            # A multilabel problem reports its "present" share only.
            shown = [(names[0], 1)] if multilabel else [(n, c) for c, n in enumerate(names)]
            small = len(idx) < min_units or n_articles < min_articles
            for method, (point, boot, raw) in estimates.items():
                for name, c in shown:
                    low = high = None
                    at_boundary = False
                    if boot is not None:
                        low, high, at_boundary = interval(
                            float(point[c]), boot[:, c], None if raw is None else raw[:, c]
                        )
                        if method == "em":
                            low, high, at_boundary = _em_boundary(
                                point, boot, c, low, high, p_em[idx], v_true, k,
                                scale=n_articles / len(idx),
                            )  # fmt: skip
                        if small or high - low <= _EDGE:
                            w_low, w_high = wilson_interval(float(point[c]), n_articles)
                            low, high = min(low, w_low), max(high, w_high)
                        hit = pred[idx] == c
                        # Articles with a flag, and with a unit left unflagged:
                        # the bootstrap resamples articles, so a few of either
                        # is what it cannot see the spread of.
                        flagged = len(np.unique(local[hit]))
                        unflagged = len(np.unique(local[~hit]))
                        if min(flagged, unflagged) < RARE_COUNT:
                            observed = float(np.mean(hit))
                            f_low, f_high = (
                                wilson_interval(observed, n_articles)
                                if method == "naive"
                                else corrected_wilson_interval(
                                    observed, n_articles, float(tpr[c]), float(fpr[c])
                                )
                            )
                            low, high = min(low, f_low), max(high, f_high)
                    rows.append(
                        {
                            "task": task,
                            "group": key,
                            "label": name,
                            "method": method,
                            "estimate": _snap(float(point[c])),
                            "ci_low": _snap(low),
                            "ci_high": _snap(high),
                            "n_units": len(idx),
                            "n_articles": n_articles,
                            "small": small,
                            "at_boundary": at_boundary,
                        }
                    )
    return rows


# A share this close to 0 or 1 is at the boundary of the simplex.
_EDGE = 1e-9
# Fewer articles of a group than this with a flag (or with a unit left
# unflagged): the bootstrap over articles undercovers, and the Wilson floor
# applies.
RARE_COUNT = 5


def _snap(value: Any) -> Any:
    """0 for a share the solvers leave as round-off (1e-16, 1e-28) at 0."""
    return 0.0 if value is not None and abs(value) < 1e-12 else value


def interval(
    point: float, boot: np.ndarray, raw: np.ndarray | None = None
) -> tuple[float, float, bool]:
    """The 95% interval of one share and whether the estimate sits at the
    boundary: ``(low, high, at_boundary)``.

    The percentile interval of the replicates ``boot (B,)``, widened where
    needed to contain the point estimate (the replicates are computed from
    resampled data and rates, so a skewed bootstrap distribution can leave
    the estimate of the full sample just outside). For ACC and PACC,
    ``raw (B,)`` holds the replicates before the simplex constraint
    (:func:`classify.quantify.adjust` with ``constrained=False``). Where the
    estimate is 0 (or 1) and at least half the constrained replicates are
    too, the correction says that the classifier's own error rate explains
    the observed share: ``at_boundary`` is True and the interval comes from
    the unconstrained replicates, its endpoints clipped to [0, 1] (so
    ``[0, u]``, not ``[0, 0]``), with ``u`` at least half the width of the
    unconstrained interval: where those replicates lie (nearly) all below 0
    (the observed share is below what the error rate alone would produce)
    the interval is still the data's sampling spread anchored at the
    boundary, not a zero-width interval that would read as certainty.
    """
    low, high = (float(x) for x in np.percentile(boot, [2.5, 97.5]))
    at_boundary = False
    if raw is not None:
        for edge in (0.0, 1.0):
            if abs(point - edge) <= _EDGE and np.mean(np.abs(boot - edge) <= _EDGE) >= 0.5:
                at_boundary = True
                r_low, r_high = (float(x) for x in np.percentile(raw, [2.5, 97.5]))
                radius = min(1.0, (r_high - r_low) / 2)
                if edge == 0.0:
                    low, high = 0.0, float(np.clip(max(r_high, radius), 0.0, 1.0))
                else:
                    low, high = float(np.clip(min(r_low, 1.0 - radius), 0.0, 1.0)), 1.0
    return min(low, point), max(high, point), at_boundary


# EM creeps towards a boundary and stops at its tolerance, short of it.
_EM_EDGE = 1e-3


def _em_boundary(
    point: np.ndarray,
    boot: np.ndarray,
    c: int,
    low: float,
    high: float,
    proba: np.ndarray,
    v_true: np.ndarray,
    k: int,
    *,
    scale: float,
) -> tuple[float, float, bool]:
    """EM's interval for share ``c``: where the estimate and at least half
    its replicates sit within ``_EM_EDGE`` of 0 or 1, the likelihood-ratio
    interval of :func:`classify.quantify.em_boundary_interval` joined to
    the bootstrap one, and ``at_boundary`` True."""
    for edge in (0.0, 1.0):
        near = np.abs(boot[:, c] - edge) <= _EM_EDGE
        if abs(point[c] - edge) <= _EM_EDGE and near.mean() >= 0.5:
            prior = np.bincount(v_true, minlength=k) / max(len(v_true), 1)
            l_low, l_high = em_boundary_interval(proba, prior, point, c, edge, scale=scale)
            return min(low, l_low), max(high, l_high), True
    return low, high, False


def repeated_texts(texts: Sequence[str]) -> int:
    """How many units repeat the text of an earlier one (case and spacing
    folded): syndicated wire copies, re-posted stories, rows exported
    twice. Each copy is counted by the analysis; this says how many there
    are, so a researcher can de-duplicate first where they are one story."""
    from classify.data import copy_key

    seen: set[str] = set()
    n = 0
    for text in texts:
        key = copy_key(text)
        n += key in seen
        seen.add(key)
    return n


def wilson_interval(share: float, n: int, z: float = 1.959964) -> tuple[float, float]:
    """The Wilson score 95% interval of a share observed on ``n`` units
    (Wilson 1927, JASA 22(158)); ``share`` may be any value in [0, 1], so
    it serves as a floor for a corrected estimate too. Returns
    ``(low, high)``; ``(0, 1)`` where ``n`` is 0."""
    if n <= 0:
        return 0.0, 1.0
    share = min(max(share, 0.0), 1.0)
    denom = 1 + z * z / n
    centre = (share + z * z / (2 * n)) / denom
    half = z * np.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / denom
    return float(max(0.0, centre - half)), float(min(1.0, centre + half))


def corrected_wilson_interval(
    observed: float, n: int, tpr: float, fpr: float
) -> tuple[float, float]:
    """The shares a corrected estimate cannot rule out where a group flags
    few (or all but a few) of its ``n`` units: the Wilson interval of the observed
    share (:func:`wilson_interval`) carried through the adjusted
    classify-and-count identity ``observed = tpr * share + fpr * (1 -
    share)`` (Forman 2008, DMKD 17(2)), ``(low, high)`` clipped to [0, 1];
    ``(0, 1)`` where ``tpr <= fpr`` (the decisions carry no signal).

    Why: with no unit flagged every bootstrap replicate of the observed
    share is 0, so a bootstrap interval of a corrected share holds only
    the spread of the error rates, not the chance that a group with a few
    true positives flagged none of them (0 of 40 has a Wilson upper end of
    0.088; at tpr 0.78 and fpr 0.01 a true share up to 0.10 can show it).
    """
    w_low, w_high = wilson_interval(observed, n)
    gap = tpr - fpr
    if gap <= 0:
        return 0.0, 1.0
    return (
        float(np.clip((w_low - fpr) / gap, 0.0, 1.0)),
        float(np.clip((w_high - fpr) / gap, 0.0, 1.0)),
    )


def _class_rates(v_true: np.ndarray, v_pred: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Each class's true-positive rate P(decided c | gold c) and
    false-positive rate P(decided c | gold not c), one against the rest,
    ``(k,)`` each (0 where a side has no held-out unit)."""
    tpr, fpr = np.zeros(k), np.zeros(k)
    for c in range(k):
        pos, neg = v_true == c, v_true != c
        tpr[c] = float(np.mean(v_pred[pos] == c)) if pos.any() else 0.0
        fpr[c] = float(np.mean(v_pred[neg] == c)) if neg.any() else 0.0
    return tpr, fpr


def _estimates(
    methods: Sequence[str],
    pred: np.ndarray,
    p: np.ndarray,
    v_true: np.ndarray,
    v_pred: np.ndarray,
    v_proba: np.ndarray,
    k: int,
    weights: np.ndarray | None,
    v_weights: np.ndarray | None,
    p_em: np.ndarray | None = None,
    *,
    em_fixed_prior: bool = False,
    held: dict[str, Any] | None = None,
) -> dict[str, tuple[np.ndarray, np.ndarray | None, np.ndarray | None]]:
    """Point estimates ``(k,)``, bootstrap replicates ``(B, k)`` and, for
    ACC and PACC, the replicates without the simplex constraint ``(B, k)``
    of each method for one group and one problem. ``p_em``: the posteriors
    EM reads (recalibrated, :func:`classify.quantify.bcts_recalibrator`;
    default ``p``); with ``em_fixed_prior`` (they are), every replicate of
    EM starts from the held-out units' own shares, to which the
    recalibration fit them: a resample that misses a rare label's one
    held-out unit would give it a prior of 0, which EM then fills with the
    whole corpus. ``held``: what :func:`_held_out_rates` gives for these
    held-out units and ``v_weights``, the same for every group (computed
    here where not given)."""
    onehot = np.eye(k)[pred]
    q_hard, q_soft = onehot.mean(axis=0), p.mean(axis=0)
    out: dict[str, tuple[np.ndarray, np.ndarray | None, np.ndarray | None]] = {}
    boot = weights is not None and v_weights is not None
    held = held if held is not None else _held_out_rates(v_true, v_pred, v_proba, k, v_weights)
    bq_hard = bq_soft = None
    if boot:
        total = weights.sum(axis=1, keepdims=True)
        bq_hard, bq_soft = (weights @ onehot) / total, (weights @ p) / total
    b_hard, b_soft, b_prior = held["b_hard"], held["b_soft"], held["b_prior"]
    for method in methods:
        if method == "naive":
            out[method] = (q_hard, bq_hard if boot else None, None)
        elif method in ("acc", "pacc"):
            q, bq, b_rates = (
                (q_hard, bq_hard, b_hard) if method == "acc" else (q_soft, bq_soft, b_soft)
            )
            rates = held["hard"] if method == "acc" else held["soft"]
            out[method] = (
                adjust(q, rates),
                adjust(bq, b_rates) if boot else None,
                adjust(bq, b_rates, constrained=False) if boot else None,
            )
        elif method == "em":
            prior = np.bincount(v_true, minlength=k) / max(len(v_true), 1)
            # Recalibrated on the held-out units (EMQ-BCTS) by the caller: raw
            # posteriors of a class-weighted model put EM off even there.
            p_em = p if p_em is None else p_em
            point = em_prevalence(p_em, prior)
            reps = None
            if boot:
                # Blocks of replicates keep the (B, n, k) posteriors small.
                step = max(1, int(2e6 // max(len(p) * k, 1)))
                priors = np.broadcast_to(prior, b_prior.shape) if em_fixed_prior else b_prior
                reps = np.concatenate(
                    [
                        em_prevalence(p_em, priors[b : b + step], weights[b : b + step])
                        for b in range(0, len(weights), step)
                    ]
                )
            out[method] = (point, reps, None)
    return out


def _held_out_rates(
    v_true: np.ndarray,
    v_pred: np.ndarray,
    v_proba: np.ndarray,
    k: int,
    v_weights: np.ndarray | None,
) -> dict[str, Any]:
    """What every group's corrections read from the held-out units: the
    hard and soft rates ``(k, k)`` and, with ``v_weights`` ``(B, n_v)``,
    their bootstrap replicates ``(B, k, k)`` and the replicates' class
    shares ``(B, k)`` (``b_hard``, ``b_soft``, ``b_prior``; None without).
    The same for every group, so computed once (a corpus by outlet has
    hundreds of groups)."""
    out: dict[str, Any] = {
        "hard": hard_rates(v_true, v_pred, k),
        "soft": soft_rates(v_true, v_proba),
        "b_hard": None,
        "b_soft": None,
        "b_prior": None,
    }
    if v_weights is not None:
        v_onehot_true = np.eye(k)[v_true]
        # Per replicate: sum_i w_i * [pred_i == a] * [true_i == b].
        out["b_hard"] = _normalise_cols(
            np.einsum("bn,na,nc->bac", v_weights, np.eye(k)[v_pred], v_onehot_true)
        )
        out["b_soft"] = _normalise_cols(
            np.einsum("bn,na,nc->bac", v_weights, v_proba, v_onehot_true)
        )
        out["b_prior"] = (v_weights @ v_onehot_true) / v_weights.sum(axis=1, keepdims=True)
    return out


def _normalise_cols(counts: np.ndarray) -> np.ndarray:
    from classify.quantify import _normalise_columns

    return _normalise_columns(counts)


def validation_of(
    predictions: Any, decide: Callable[[np.ndarray], np.ndarray] | None = None
) -> Validation:
    """A :class:`Validation` from a model's saved evaluation predictions
    (``classify.store.Predictions``).

    ``decide`` maps the stored probabilities ``(n, k)`` to 0/1 decisions
    ``(n, k)``: pass the saved model's rule (its thresholds) where the model
    was refitted after evaluation, so the error rates are those of the
    decisions the corpus gets; else the stored decisions are used."""
    proba = np.asarray(predictions.proba, dtype=float)
    return Validation(
        y_true=np.asarray(predictions.y_true),
        y_pred=np.asarray(decide(proba) if decide is not None else predictions.y_pred),
        proba=proba,
        groups=predictions.groups,
    )


# Fewer held-out units (or positives of a label) than this make the
# corrected estimates rest on thin error rates: said in the CLI and report.
THIN_RATES = {"units": 100, "positives": 10}


def unmeasured(rows: Any, rates: Mapping[str, Any]) -> Any:
    """Which rows of one task's prevalence table have nothing measured
    behind them (:func:`rates_note` says why).

    A label no training unit had is never predicted: its shares are not
    measured by any method, and for a single-label task neither are the
    others' (its units are counted under them). A label with no held-out
    unit has no error rate: its corrected estimates (ACC, PACC, EM) are not
    measured, and for a single-label task the confusion matrix that corrects
    every label lacks its row.

    Args:
        rows: a DataFrame with ``label`` and ``method`` columns.
        rates: as :func:`rates_note` takes, with ``untrained``, ``unrated``
            and ``multilabel``.

    Returns:
        A boolean Series aligned with ``rows``.
    """
    multilabel = rates.get("multilabel", True)
    untrained = set(rates.get("untrained") or [])
    unrated = set(rates.get("unrated") or [])
    corrected = rows["method"] != "naive"
    if untrained:
        never = rows["label"].isin(untrained) if multilabel else rows["label"].notna()
    else:
        never = rows["label"].isna()
    if unrated:
        no_rate = corrected & (rows["label"].isin(unrated) if multilabel else rows["label"].notna())
    else:
        no_rate = rows["label"].isna()
    ill = rows["label"].isna()
    for method, labels in (rates.get("ill_posed") or {}).items():
        ill = ill | ((rows["method"] == method) & rows["label"].isin(labels))
    return (never | no_rate | ill).astype(bool)


# Units this many times longer or shorter (median words) than the
# training units are taken for text of another kind.
LENGTH_SHIFT = 2.0


def future_dates(frame: Any, today: Any = None) -> dict[str, Any]:
    """The units of ``frame`` (a predictions frame with a ``date`` column of
    stored dates) dated after ``today`` (default: the machine's date):
    ``{"n": count, "first": id, "date": its date}``, or ``{}`` where none
    is. Such a date is usually misread (a day-month swap, a typo), and it
    stretches every time axis."""
    import datetime as dt

    from classify.dates import date_range

    today = today or dt.date.today()
    n, first, swapped = 0, None, None
    ids = frame["id"].tolist() if "id" in frame.columns else list(range(len(frame)))
    for unit, value in zip(ids, frame["date"].tolist()):
        if value is None or (isinstance(value, float) and value != value) or value == "":
            continue
        try:
            start = date_range(str(value))[0]
        except ClassifyError:
            continue
        if start > today:
            n += 1
            first = first or (str(unit), str(value))
            if swapped is None and _swap_is_past(start, today):
                swapped = (str(unit), start.isoformat())
    if not n:
        return {}
    out = {"n": n, "first": first[0], "date": first[1], "day_month_swap": swapped is not None}
    if swapped is not None:
        # The first unit a day-month swap could explain, named in the note.
        out["swap_first"], out["swap_date"] = swapped
    return out


def _swap_is_past(day: Any, today: Any) -> bool:
    """Whether ``day`` (a date after ``today``) read with day and month
    swapped falls on or before ``today``: only then can a day-month misread
    explain it (a swap never changes the year)."""
    import datetime as dt

    if day.day > 12:
        return False
    try:
        return dt.date(day.year, day.day, day.month) <= today
    except ValueError:
        return False


# Articles dated on one day, from which a corpus's date column reads as the
# day the table was made (a scrape or export) rather than each article's.
ONE_DAY_ARTICLES = 20


def one_day(frame: Any) -> dict[str, Any]:
    """Whether every dated unit of ``frame`` (a predictions frame with a
    ``date`` column) falls on one calendar day, across at least
    ``ONE_DAY_ARTICLES`` articles (``article_id``, else ``id``):
    ``{"n": articles, "date": the day}``, or ``{}`` otherwise. News
    gathered over time and dated on a single day usually carries the day
    it was collected, not published, and every period then holds it all."""
    if "date" not in frame.columns:
        return {}

    def day_of(value: Any) -> str | None:
        # Stored dates are text; a predictions file written by pandas may
        # hold timestamps instead.
        if isinstance(value, str):
            return value[:10] or None
        if hasattr(value, "isoformat") and value == value:  # NaT is not itself
            return value.isoformat()[:10]
        return None

    days = [day_of(v) for v in frame["date"].tolist()]
    seen = {d for d in days if d}
    if len(seen) != 1:
        return {}
    day = seen.pop()
    key = next((k for k in ("article_id", "id") if k in frame.columns), None)
    keys = frame[key].tolist() if key else list(range(len(frame)))
    n = len({k for k, d in zip(keys, days) if d})
    if len(day) != 10 or n < ONE_DAY_ARTICLES:
        return {}
    return {"n": int(n), "date": day}


def one_day_note(found: Mapping[str, Any]) -> str:
    """What to say where every dated article falls on one day (:func:`one_day`)."""
    return (
        f"all {found['n']} dated articles are dated {found['date']}: if that is the day the "
        "table was collected or exported, not each article's, every period holds the whole "
        "corpus; give the column with the publication dates as "
        f"{option_hint('date_column', example='NAME')}"
    )


def future_dates_note(future: Mapping[str, Any]) -> str:
    """What to say of units dated after today (:func:`future_dates`)."""
    n = future["n"]
    said = (
        f"{n} unit{'s are' if n > 1 else ' is'} dated after today (first: '{future['first']}', "
        f"{future['date']}): a misread or mistyped date? "
        + "Their periods are left off the figures' time axis and named under it; "
        "check the source's date"
    )
    # Most future dates (another year, a day after the 12th) cannot come
    # from a day-month swap, and ISO or written-out dates are read one way
    # whatever the option says: name it only where a swap could explain one.
    if future.get("day_month_swap", True):
        from classify.dates import date_range

        # The two slashed forms such a day is read from, so the one the
        # source has can be found in it.
        unit = future.get("swap_first", future["first"])
        day = date_range(str(future.get("swap_date", future["date"])))[0]
        said += (
            f"; if the source writes the date of '{unit}' with slashes, as "
            f"{day.day:02d}/{day.month:02d}/{day.year} (read day-first) or "
            f"{day.month:02d}/{day.day:02d}/{day.year} (read month-first) for "
            f"{day.isoformat()}, {option_hint('date_order', example='day-first')} (or "
            "month-first) says which number is the day; other forms are read one way only"
        )
    return said


# Where this share of a corpus's dated units or more is later than a
# model's last training unit, its error rates are of another period.
LATER_SHARE = 0.5


def dated_after(dates: Any, last: str) -> tuple[int, int]:
    """How many of ``dates`` (ISO strings as the readers write them, at the
    precision written: ``2017``, ``2017-06``, ``2017-06-03``; missing
    ones skipped) fall after the day ``last``, and how many are dated. A
    date written to the year or month counts as after only where all of it
    is (``2014`` is not after ``2014-12-26``)."""
    after = dated = 0
    for value in dates:
        if value is None or (isinstance(value, float) and value != value) or not str(value):
            continue
        day = str(value)[:10]
        dated += 1
        # "2015" > "2014-12-26" as text, and "2014-12" < it: the rule above.
        after += day > last
    return after, dated


def later_dates_note(task: str, after: int, dated: int, last: str) -> str | None:
    """A line where :data:`LATER_SHARE` or more of the corpus's dated units
    come after the model's last training unit (``last``): its error rates,
    measured on the training period, may not hold for later text, as a
    model's figures on later news show; else None."""
    if not dated or after < LATER_SHARE * dated:
        return None
    return (
        f"{task}: {after} of the corpus's {dated} dated units are later than the model's last "
        f"training unit ({last}): the error rates measured on the training period, and so "
        "the corrected shares and their intervals, may not hold for later text; label a "
        f"sample of the later years and correct with its error rates "
        f"({option('rates_data', 'FILE', flag='--rates-from')}), or score the model on it "
        "by year (classify evaluate --by year)"
    )


def later_dates_notes(attrs: Mapping[str, Any]) -> list[str]:
    """Every task's :func:`later_dates_note` from an analysis table's
    ``attrs["later_than_training"]`` (the terminal, the report and Python
    say the same lines)."""
    said = []
    for task, (after, dated, last) in (attrs.get("later_than_training") or {}).items():
        if note := later_dates_note(task, after, dated, last):
            said.append(note)
    return said


def length_shift_note(task: str, corpus: int, trained: int) -> str | None:
    """A line where the corpus's units are ``LENGTH_SHIFT`` times longer or
    shorter (median words) than the model's training units, a sign of text
    of another kind (UN speech paragraphs against news summaries), on which
    the held-out error rates the corrections use may not hold; else None."""
    if trained <= 0 or corpus <= 0 or 1 / LENGTH_SHIFT < corpus / trained < LENGTH_SHIFT:
        return None
    longer = "longer" if corpus > trained else "shorter"
    return (
        f"{task}: the corpus's units are {longer} than the model's training units (median "
        f"{corpus} words against {trained}): text of another kind, on which the error rates "
        "measured on held-out units, and so the corrected shares and their intervals, may "
        f"not hold; label a sample of this corpus and correct with its error rates "
        f"({option('rates_data', 'FILE', flag='--rates-from')}), or score the model on it "
        "(classify evaluate)"
    )


def _bound_against_other(table: Any) -> tuple[Any, str | None]:
    """The headline's estimates at 0 or 1 (the groups', then the whole
    corpus's as group ``the whole corpus``) where another correction's
    interval does not reach that bound (ACC's, or PACC's where ACC is the
    headline), with that method's estimate and interval as ``other``,
    ``other_low``, ``other_high``; and the other method's name (None where
    it did not run)."""
    import pandas as pd

    head = table.attrs.get("headline")
    overall = pd.DataFrame(table.attrs.get("overall") or [])
    frames = [table]
    if not overall.empty:
        if table["group"].nunique() == 1 and set(table["group"]) == {"all"}:
            frames = []  # --by all: its one group is the whole corpus
        frames.append(overall.assign(group="the whole corpus", small=False))
    rows = pd.concat(frames, ignore_index=True)
    other = "pacc" if head == "acc" else "acc"
    if head in (None, "naive") or "at_boundary" not in rows or other not in set(rows["method"]):
        return rows.iloc[0:0], None
    keys = ["task", "label", "group"]
    mine = rows[(rows["method"] == head) & rows["at_boundary"].fillna(False).astype(bool)]
    if "unmeasured" in mine.columns:
        mine = mine[~mine["unmeasured"].fillna(False).astype(bool)]
    theirs = rows[rows["method"] == other].set_index(keys)[["estimate", "ci_low", "ci_high"]]
    theirs.columns = ["other", "other_low", "other_high"]
    mine = mine.join(theirs, on=keys).dropna(subset=["other_low", "other_high"])
    at_zero = mine["estimate"] <= 0.5
    apart = (at_zero & (mine["other_low"] > 1e-9)) | (~at_zero & (mine["other_high"] < 1 - 1e-9))
    return mine[apart], other


def bound_against_note(table: Any) -> str | None:
    """One line on the headline's estimates at 0 or 1 that another
    correction's interval keeps away from that bound (PACC at 0 where ACC's
    interval starts above 0): the error rates do not explain the share
    there; the probabilities on this text sit lower (or higher) than on
    the held-out units while the decisions do not, as on off-topic news
    clearer than the held-out negatives, where the corrections' assumption
    of prior probability shift fails (Moreno-Torres et al. 2012, Pattern
    Recognition 45(1)). The whole corpus's estimate is checked first, then
    the groups'. None where there are none."""
    found, other = _bound_against_other(table)
    if found.empty or other is None:
        return None
    head = table.attrs.get("headline")
    whole = found[found["group"] == "the whole corpus"]
    first = (whole if not whole.empty else found).iloc[0]
    where = (
        "over the whole corpus" if first["group"] == "the whole corpus" else f"in {first['group']}"
    )
    groups = int((found["group"] != "the whole corpus").sum())
    estimates = f"{groups} group estimate{'s' * (groups != 1)}"
    counted = (
        ("the whole corpus's share" + (f" and {estimates}" if groups else ""))
        if not whole.empty
        else estimates
    )
    return (
        f"{head.upper()} puts {counted} at {'0' if first['estimate'] <= 0.5 else '1'} where "
        f"{other.upper()}'s interval does not reach it (e.g. {first['task']}/{first['label']} "
        f"{where}: {head} {first['estimate']:.3f}, {other} {first['other']:.3f} "
        f"[{first['other_low']:.3f}, {first['other_high']:.3f}]): the error rates do not "
        "explain the share there; the model's probabilities on this text sit apart from those "
        "on its held-out units while its decisions do not (text off the topic, or of another "
        f"kind), where the corrections' assumption fails; read {other.upper()} there with care, "
        "and label a sample of this corpus to correct with its own error rates "
        f"({option('rates_data', 'FILE', flag='--rates-from')})"
    )


def boundary_summary(table: Any) -> str | None:
    """One line on the group estimates of the headline method that sit at
    0 or 1 (the report marks them "(at bound)" and says why), with the one
    the correction moved furthest from its naive share as the example (a
    naive share of 0 at 0, or of 0.96 at 1, says little); those another
    correction keeps off the bound are left to :func:`bound_against_note`.
    None where there are none."""
    head = table.attrs.get("headline")
    if "at_boundary" not in table.columns or head is None:
        return None
    rows = table[table["method"] == head]
    if "unmeasured" in rows.columns:
        rows = rows[~rows["unmeasured"].astype(bool)]
    every = rows[rows["at_boundary"].astype(bool)]
    # Those another correction keeps off the bound have a note of their own.
    apart = against_keys(table)
    hit = every[[k not in apart for k in zip(every["task"], every["label"], every["group"])]]
    if hit.empty:
        return None
    import pandas as pd

    keys = ["task", "label", "group"]
    naive = table[table["method"] == "naive"].set_index(keys)["estimate"]
    seen = hit.join(naive.rename("naive"), on=keys)
    # A group large enough to trust first: a one-unit group at 1 shows nothing.
    seen = seen.assign(_small=seen["small"].astype(bool)) if "small" in seen else seen
    # And one the correction moved to the bound: a naive share already there shows nothing.
    seen = seen.assign(_stays=(seen["naive"] <= 0) | (seen["naive"] >= 1))
    # The one the correction moved furthest (naive 0.04 to 0 says more than 0.96 to 1).
    seen = seen.assign(_moved=(seen["estimate"] - seen["naive"]).abs())
    order = [c for c in ("_small", "_stays", "_moved", "n_units") if c in seen.columns]
    ascending = [c in ("_small", "_stays") for c in order]  # then largest first
    first = seen.sort_values(order, ascending=ascending, kind="stable").iloc[0]
    shown = f"naive {first['naive']:.3f}, " if not pd.isna(first["naive"]) else ""
    others = len(every) - len(hit)
    return (
        f"{len(every)} of {len(rows)} group estimates ({head}) sit at 0 or 1"
        + (
            f"; {others} of them are in the note on estimates another correction keeps off "
            f"the bound, and for the other {len(hit)}"
            if others
            else ""
        )
        + f" (e.g. {first['task']}/{first['label']} in {first['group']}: {shown}{head} "
        f"{first['estimate']:.3f}), where the classifier's own error rates could explain the share "
        "seen there, so the data cannot tell it from the bound; the report marks them "
        "'(at bound)' (the table's at_boundary column)"
        + (
            f"; most sit there, {MOSTLY_AT_BOUND} ({option('rates_data', 'FILE', flag='--rates-from')})"
            if len(every) * 2 > len(rows)
            else ""
        )
    )


# Said where most estimates sit at a bound (the report's note too).
MOSTLY_AT_BOUND = (
    "typical where the labelled units whose error rates correct the shares "
    "differ in kind from the corpus (another genre or mix of subjects), so the rates may not "
    "hold for it; read the naive shares beside the corrected ones, and measure the corpus's "
    "own rates on labelled units of it"
)


def against_keys(table: Any) -> set[tuple[str, str, str]]:
    """``(task, label, group)`` of the group estimates :func:`bound_against_note`
    is about (another correction's interval stays off the bound)."""
    apart, _ = _bound_against_other(table)
    return set(zip(apart["task"], apart["label"], apart["group"]))


def disagreement_note(table: Any) -> str | None:
    """One line on the group estimates of the headline method whose
    interval holds neither of two other methods' estimates (PACC against
    the naive share and ACC): the probabilities moved on this text where
    the decisions did not (or the other way), a sign the corpus differs
    from the held-out units in more than its label shares, the one change
    the corrections assume (prior probability shift; Moreno-Torres et al.
    2012, Pattern Recognition 45(1)). The example is the largest gap in a
    group not too small to read, where there is one. Estimates at 0 or 1
    are left to :func:`boundary_summary`. None
    where no estimate is so placed, or fewer than two other methods ran."""
    head = table.attrs.get("headline")
    present = set(table["method"]) if "method" in table.columns else set()
    others = [m for m in ("naive", "acc", "pacc") if m != head and m in present][:2]
    if head is None or len(others) < 2:
        return None
    keys = ["task", "label", "group"]
    rows = table[table["method"] == head]
    if "unmeasured" in rows.columns:
        rows = rows[~rows["unmeasured"].astype(bool)]
    rows = rows.dropna(subset=["ci_low", "ci_high"])
    bounded = 0
    if "at_boundary" in rows.columns:
        # At 0 or 1 the boundary note says what there is to say.
        bounded = int(rows["at_boundary"].astype(bool).sum())
        rows = rows[~rows["at_boundary"].astype(bool)]
    for m in others:
        rows = rows.join(table[table["method"] == m].set_index(keys)["estimate"].rename(m), on=keys)
    values = rows[others].to_numpy(dtype=float)
    low = rows["ci_low"].to_numpy(dtype=float)[:, None]
    high = rows["ci_high"].to_numpy(dtype=float)[:, None]
    outside = rows[(values < low - 1e-9).all(axis=1) | (values > high + 1e-9).all(axis=1)]
    if outside.empty:
        return None
    gap = (outside["estimate"] - outside[others].mean(axis=1)).abs()
    # The example from a group large enough to read, where there is one.
    small = (outside["small"] if "small" in outside.columns else gap.isna()).astype(bool)
    first = outside.loc[gap[~small].idxmax() if (~small).any() else gap.idxmax()]
    said = ", ".join(f"{m} {first[m]:.3f}" for m in others)
    too_small = " (a group too small to read)" if bool(first.get("small", False)) else ""
    return (
        f"{len(outside)} of {len(rows)} group estimates ({head})"
        + (f" not at 0 or 1 (of {len(rows) + bounded})" if bounded else "")
        + " have an interval that holds "
        f"neither the {' nor the '.join(others)} estimate (e.g. {first['task']}/"
        f"{first['label']} in {first['group']}{too_small}: {said}, {head} {first['estimate']:.3f} "
        f"[{first['ci_low']:.3f}, {first['ci_high']:.3f}]): the model's probabilities and its "
        "decisions tell different stories there, a sign the text differs from the held-out "
        "units in more than its label shares (off the topic, or of another kind), where the "
        "corrections' assumption fails; read a sample of those units, or correct with error "
        f"rates from labelled units of this corpus ({option('rates_data', 'FILE', flag='--rates-from')})"
    )


_PERIOD_KEY = {
    "month": re.compile(r"(\d{4})-(\d{2})"),
    "quarter": re.compile(r"(\d{4})-Q([1-4])"),
    "year": re.compile(r"(\d{4})"),
}


def empty_periods(groups: Iterable[str], by: str, today: Any = None) -> list[str]:
    """The periods between the first and the last of ``groups`` (keys of
    :func:`group_keys` under ``by`` = ``month``, ``quarter`` or ``year``)
    that are no group: no unit is dated to them, so the table has no row
    for them (a zero share would be a measurement, which it is not); ``[]``
    for any other grouping. Periods after ``today`` (a ``datetime.date``;
    default: today) are none of them: a unit dated there is misdated
    (:func:`future_dates`), and the years between are no gap in the news."""
    import datetime as dt

    pattern = _PERIOD_KEY.get(by)
    if pattern is None:
        return []
    per_year = {"month": 12, "quarter": 4, "year": 1}[by]
    today = today or dt.date.today()
    now = today.year * per_year + {"month": today.month - 1, "quarter": (today.month - 1) // 3}.get(
        by, 0
    )
    found = set()
    for g in groups:
        if m := pattern.fullmatch(str(g)):
            key = int(m[1]) * per_year + (int(m[2]) - 1 if by != "year" else 0)
            if key <= now:
                found.add(key)
    if len(found) < 2:
        return []
    names = {
        "month": lambda k: f"{k // 12}-{k % 12 + 1:02d}",
        "quarter": lambda k: f"{k // 4}-Q{k % 4 + 1}",
        "year": str,
    }[by]
    return [names(k) for k in range(min(found), max(found) + 1) if k not in found]


def empty_periods_note(by: str, empty: Sequence[str]) -> str:
    """What to say of the periods :func:`empty_periods` found."""
    n = len(empty)
    shown = ", ".join(empty[:12]) + (f" and {n - 12} more" if n > 12 else "")
    return (
        f"{n} {by}{'s' if n > 1 else ''} between the first and the last "
        f"{'hold' if n > 1 else 'holds'} no unit "
        f"({shown}): the table has no row for {'them' if n > 1 else 'it'} (no units is no "
        "share of 0), and the figures break their lines there"
    )


def small_groups_note(by: str, groups: int, small: int) -> str | None:
    """What to say where all, or most (four in five or more), of several
    groups are too small to read one by one; None otherwise."""
    if groups < 2 or small < 0.8 * groups:
        return None
    if small == groups:
        return all_small_note(by, groups)
    coarser = all_small_note(by, groups).rsplit(": try ", 1)[1]
    readable = groups - small
    return (
        f"{small} of {groups} groups are too small to read one by one (too few units or "
        f"articles each; their intervals are wide) and only {readable} "
        f"{'is' if readable == 1 else 'are'} not; to read the rest, try {coarser}"
    )


def all_small_note(by: str, groups: int) -> str:
    """What to say where every one of several groups is too small."""
    coarser = {
        "month": f"{option('by', 'quarter')} or {option('by', 'year')}",
        "quarter": option("by", "year"),
        "year": f"{option('by', 'all')} (the corpus as one group), or label or collect more "
        "items a year",
    }.get(by, "reading only the largest groups, which the figures draw and the tables list first")
    if "," in by:
        coarser = f"one of {' or '.join(by.split(','))} alone, or a coarser period"
    every = "both groups" if groups == 2 else f"all {groups} groups"
    return (
        f"{every} are too small to read one by one (too few units or articles "
        f"each; their intervals are wide): try {coarser}"
    )


def coarse_dates_note(by: str) -> str:
    """What to say where ``--by month`` or ``quarter`` found no date with
    one (a corpus dated to the year only)."""
    return (
        f"no unit's date has a {by}: the groups are years ('2021 (no {by})') or "
        f"(unknown), and the figures have no time axis; use {option('by', 'year')}"
    )


def unfilled_note(unfilled: Mapping[str, Any]) -> str:
    """What to say where some units have no value in the corpus column
    they are grouped by (``{"column": "story", "n": 30, "total": 60}``)."""
    n, total, column = int(unfilled["n"]), int(unfilled["total"]), unfilled["column"]
    return (
        f"{n} of {total} units have no '{column}' value (an empty cell, or an input without "
        f"that column) and are grouped as (unknown)"
    )


def ungrouped_note(by: str) -> str:
    """What to say where no unit has what ``by`` groups on."""
    column = "date" if by in ("month", "quarter", "year") else by
    note = f"no unit has a {column}: every unit is in the one group (unknown)"
    if by == "source":
        from classify.columns import OUTLET_COLUMNS

        # A sheet's own name for the outlet column is the likely cause.
        note += f"; a table gives the outlet in a column named one of: {OUTLET_COLUMNS}"
    elif column == "date":
        from classify.columns import DATE_COLUMNS

        note += (
            f"; a table gives the date in a column named one of: {DATE_COLUMNS}, "
            f"or one of another name given with {option_hint('date_column', example='NAME')}"
        )
    return note


def em_note(rates: Mapping[str, Mapping[str, Any]], methods: Sequence[str]) -> str | None:
    """A line where EM is among the estimates and a model's probabilities
    are not calibrated, else None.

    EM (Saerens, Latinne and Decaestecker 2002) re-weights the posteriors
    assuming they are calibrated. They are first recalibrated on the
    model's held-out units (bias-corrected temperature scaling, Alexandari
    et al. 2020: :func:`classify.quantify.bcts_recalibrator`), which removes
    the lean of a class-weighted model's posteriors; EM's intervals still
    leave out the uncertainty of that fit, while ACC and PACC correct
    through the measured error rates alone.
    """
    if "em" not in methods:
        return None
    # A task whose corrections are unmeasured altogether has its own note.
    raw = [
        task
        for task, r in rates.items()
        if not r.get("calibrated", True)
        and not r.get("untrained")
        and (r.get("multilabel", True) or not r.get("unrated"))
    ]
    if not raw:
        return None
    others = [m.upper() for m in methods if m in ("acc", "pacc")]
    read = (
        f"read {' or '.join(others)}"
        if others
        else "add acc or pacc to the methods, which correct through the measured error rates"
    )
    return (
        f"EM trusts the probabilities as calibrated, and those of {', '.join(raw)} are not: "
        "it reads them recalibrated on the units the error rates come from (bias-corrected "
        "temperature scaling), and its intervals leave out the uncertainty of that fit (train with "
        f"{setting('calibration', 'platt')} to calibrate the model itself): {read}"
    )


def rates_note(
    task: str, rates: Mapping[str, Any], methods: Sequence[str] = ("pacc",)
) -> str | None:
    """A line for corrections that rest on few held-out units, or that the
    rates cannot support (``ill_posed``: :func:`ill_posed_note`), else None.

    Args:
        task: the task's name, to open the line.
        rates: ``units`` (held-out units the error rates come from),
            ``label`` and ``positives`` (the label with the fewest gold
            positives among them, and how many), ``method`` (``cv`` or not).
        methods: the estimates asked for; with the naive share alone no
            estimate rests on error rates, and there is no line.

    Returns:
        The line where ``units`` < ``THIN_RATES["units"]`` or ``positives``
        < ``THIN_RATES["positives"]``, or where ``errors`` (held-out units
        decided wrong) is 0; else None.
    """
    if not corrects(methods):
        return None
    base = _rates_note(task, rates)
    ill = ill_posed_note(task, rates)
    weak = weak_rates_note(task, rates, methods)
    return "; ".join(x for x in (base, ill, weak) if x) or None


# A hit rate less than this above the false-alarm rate: ACC divides the
# observed share's distance from the false-alarm rate by the gap, so each
# unit decided either way moves the estimate 1/gap times as much (5 times
# and more below it).
WEAK_GAP = 0.2


def weak_rates_note(
    task: str, rates: Mapping[str, Any], methods: Sequence[str] = ("pacc",)
) -> str | None:
    """A line for the labels of a multilabel task whose correction divides
    by a small gap (above 0, under :data:`WEAK_GAP`): ACC's ``tpr - fpr``,
    PACC's mean probability on positives less that on negatives
    (``rates["per_label"]``); the estimate swings by ``1 / gap`` times the
    observed share's noise. Forman (2008) names this the weakness of ACC
    where the classifier's true-positive rate is low. None where no such
    label, or the task is single-label (its rates are a matrix)."""
    if not rates.get("multilabel", True):
        return None
    parts = []
    for label, r in (rates.get("per_label") or {}).items():
        for method, high, low in (("acc", "tpr", "fpr"), ("pacc", "p_pos", "p_neg")):
            if method not in methods or r.get(high) is None or r.get(low) is None:
                continue
            gap = r[high] - r[low]
            if 0 < gap < WEAK_GAP:
                parts.append(
                    f"{method.upper()} of '{label}' ({high} {r[high]:.3f}, {low} {r[low]:.3f}: "
                    f"{1 / gap:.0f} times)"
                )
    if not parts:
        return None
    return (
        f"{task}: the correction divides by a small gap between the rate on a label's units and "
        "on the others, so each unit decided either way moves the estimate many times as much: "
        + ", ".join(parts)
        + "; read the interval, not the figure"
    )


def ill_posed_note(task: str, rates: Mapping[str, Any]) -> str | None:
    """A line where the error rates cannot support a correction
    (``rates["ill_posed"]``: method to labels): for a label the model finds
    no more often among its units than among the others (hit rate not above
    the false-alarm rate: ACC's ``tpr - fpr`` is 0 or less, and its
    correction would flip sign), or for a single-label task whose rates
    matrix cannot be inverted (a label never predicted); else None."""
    ill = rates.get("ill_posed") or {}
    if not any(ill.values()):
        return None
    parts = [
        f"{method.upper()} of {', '.join(repr(x) for x in labels)}"
        for method, labels in ill.items()
        if labels and method != "em"
    ]
    said = []
    if parts:
        said.append(
            f"on the {rates.get('units')} units the error rates come from, the model tells "
            "too little apart to correct " + " and ".join(parts) + " (it finds a label no more "
            "often among its units than among the others, or never predicts one)"
        )
    if ill.get("em"):
        said.append(
            f"EM of {', '.join(repr(x) for x in ill['em'])} rests on fewer than 10 of those "
            "units of a label (or on a label PACC cannot correct), too few to recalibrate the "
            "probabilities it reads"
        )
    return (
        f"{task}: "
        + "; ".join(said)
        + ": those estimates are marked unmeasured; read the naive share and the other methods"
    )


def corrects(methods: Sequence[str] | None) -> bool:
    """Whether any estimate asked for corrects the naive share (none given:
    the default methods do)."""
    return any(m != "naive" for m in methods or ("pacc",))


def _rates_note(task: str, rates: Mapping[str, Any]) -> str | None:
    untrained = rates.get("untrained") or []
    if untrained:
        names = ", ".join(f"'{x}'" for x in untrained)
        if rates.get("multilabel", True):
            return (
                f"{task}: no training unit had {names}, so the model never predicts it: its "
                f"shares, naive or corrected, are not to be read (marked unmeasured); label "
                f"units of it and train again"
            )
        return (
            f"{task}: no training unit had {names}, so the model never predicts it and its "
            f"units are counted under the other labels: no {task} share, naive or "
            f"corrected, is to be read (marked unmeasured); label units of it and train again"
        )
    if rates["units"] >= THIN_RATES["units"] and rates["positives"] >= THIN_RATES["positives"]:
        if rates.get("errors") == 0:
            return (
                f"{task}: the model decided all {rates['units']} units the error rates come "
                "from right, so ACC equals the naive share: there is no "
                "measured error to correct, and a corpus unlike the labelled "
                "data will not be decided as well, an error no interval here includes; "
                "label a sample of the corpus and evaluate the model on it"
            )
        return None
    more = (
        f"; train with {option('cv', 'K')} so every labelled unit gives the rates"
        if rates.get("method") not in ("cv", "sample")
        else "; more labelled units would narrow them"
    )
    if rates["positives"] == 0:
        unrated = rates.get("unrated") or [rates["label"]]
        names = ", ".join(f"'{x}'" for x in unrated)
        which = (
            "its corrected estimates (ACC, PACC, EM) have no measured error rate"
            if rates.get("multilabel", True)
            else f"the corrected estimates (ACC, PACC, EM) of every {task} label rest on a "
            "confusion matrix without its row"
        )
        return (
            f"{task}: none of the {rates['units']} {_rated_units(rates)} the error rates come "
            f"from is {names}, so {which} and are not to be read (marked unmeasured); the "
            f"naive share is uncorrected{more}"
        )
    return (
        f"{task}: the corrected estimates rest on error rates from {rates['units']} "
        f"{_rated_units(rates)}, {rates['positives']} of them '{rates['label']}': they are "
        f"unreliable, and their intervals may not show it{more}"
    )


def _rated_units(rates: Mapping[str, Any]) -> str:
    """What the error rates were measured on, in words."""
    if rates.get("method") == "sample":
        return f"labelled units of {rates.get('data')}"
    return "held-out units"
