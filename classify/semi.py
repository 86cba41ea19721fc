"""Learning from unlabelled text: self-training with a teacher and a student.

A teacher trained on the gold labels scores a pool of unlabelled units; its
confident, class-balanced decisions become *silver* labels; a student is then
trained on gold plus silver (silver weighted below gold), and may in turn
become the teacher of a second round. This is teacher-student self-training
(Yarowsky 1995; Lee 2013, "Pseudo-Label"; Xie et al. 2020, "Self-training
with Noisy Student"), with the two choices that Du et al. (2021, "Self-training
Improves Pre-training for Natural Language Understanding", NAACL) found to
matter on text: pseudo-labels balanced across classes, and only the
teacher's most confident ones.

This module holds the pieces that work on arrays and texts: reading a pool
without the labelled units, and choosing the silver labels. The loop that
fits teacher and student lives in :func:`classify.training.fit`, so every
caller (``train``, cross-validation, experiments) self-trains the same way.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from classify.errors import ClassifyError

_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The form under which two texts count as the same unit (case and
    whitespace folded, accents composed as :func:`classify.tasks.text_form`
    composes them)."""
    import unicodedata

    return unicodedata.normalize("NFC", _SPACE.sub(" ", str(text)).strip()).casefold()


# Where a headline written into the text ends: "Talks resume: Washington
# and ...", "Talks resume - ...", "Talks resume. ..." (as a title column's).
_HEADLINE_END = re.compile(r"^(.{3,160}?)(?::|\.|\s[-–—])\s+(?=\S)")


def text_forms(text: str) -> set[str]:
    """The :func:`normalise` forms under which ``text`` is one item: itself
    and the text after a title, so the same item with and without its title
    is one item. A title is the first paragraph or line ("Talks resume\n\n
    Washington and ...", a table row's title read into its text), or a
    headline of 2 to 20 words ended by a colon, a full stop or a dash.
    Extra forms only ever leave more out of a pool: what they match is the
    same text after a heading."""
    whole = str(text).strip()
    forms = {normalise(whole)}
    for sep in ("\n\n", "\n"):
        if sep in whole:
            forms.add(normalise(whole.split(sep, 1)[1]))
    first = whole.split("\n", 1)[0]
    head = _HEADLINE_END.match(first)
    if head and 2 <= len(head.group(1).split()) <= 20:
        forms.add(normalise(whole[head.end() :]))
    return forms - {""}


def text_key(text: str) -> str:
    """A short hash of :func:`normalise` ``(text)`` (12 hex digits), under
    which a model folder records the texts it was trained on."""
    import hashlib

    return hashlib.blake2b(normalise(text).encode(), digest_size=6).hexdigest()


def folded_key(text: str) -> str:
    """:func:`text_key` of ``text`` with its punctuation folded to spaces
    too: "Talks resume\n\nBODY" (a title column read into the text) and
    "Talks resume: BODY" (a headline written into it) are one item."""
    return text_key(" ".join(re.sub(r"[^\w\s]+", " ", normalise(text)).split()))


# A text after its title is a story's body only where it is at least twice
# as long as what was cut off, and a few words at least: "The talks will
# continue next week." after a first sentence is a closing line two stories
# can share, not the same item (a lead sentence ended by a full stop reads
# like a headline).
REST_MIN_WORDS = 5


def rest_forms(text: str, min_words: int = REST_MIN_WORDS) -> set[str]:
    """The :func:`normalise` forms of ``text`` after a title
    (:func:`text_forms` less the whole text) that read as the story's body:
    ``min_words`` words or more, and at least twice as many as the title cut
    off; a body under a first line that reads as a headline of any length
    of ``min_words`` or more. Empty for a text without one."""
    whole = normalise(text)
    n_words = len(whole.split())
    forms = set()
    for form in text_forms(text):
        words = len(form.split())
        if form != whole and words >= min_words and words >= 2 * (n_words - words):
            forms.add(form)
    # A first line that reads as a headline (a title column read into the
    # text: "Pope Benedict XVI's visit to the United Kingdom\n\nBODY") heads
    # a body of any length; the length rule above is for a first paragraph
    # or sentence that may be the story's own.
    stripped = str(text).strip()
    head, _, body = stripped.partition("\n")
    if body.strip() and _reads_as_headline(head):
        form = normalise(body)
        if len(form.split()) >= min_words:
            forms.add(form)
    return forms


# What follows two different heads must be this long to make them one story
# (a title column read into the text against a headline written into it),
# not a closing sentence two stories share after their short leads.
REST_BOTH_MIN_WORDS = 20
# The longest headline a title line read into a text may be (words).
HEADLINE_MAX_WORDS = 20


def headed_rests(text: str, min_words: int = REST_MIN_WORDS) -> set[str]:
    """The :func:`normalise` forms of ``text`` after each of its first 2 to
    :data:`HEADLINE_MAX_WORDS` words, where those words end no sentence and
    what follows has ``min_words`` words or more and twice as many as
    them: the body under a title line that a reader joined to it as a
    wrapped line ("Leaders meet to discuss ties\nThe foreign ministry
    said ..." read as one paragraph)."""
    words = normalise(text).split()
    out = set()
    for k in range(1, min(HEADLINE_MAX_WORDS, len(words)) + 1):
        if re.search(r"[.!?;:]$", words[k - 1]):
            break  # the first sentence ended: no title line runs past it
        rest = len(words) - k
        if k >= 2 and rest >= min_words and rest >= 2 * k:
            out.add(" ".join(words[k:]))
    return out


class SameItems:
    """Texts against which others are matched as the same item (a pool
    against the labelled data; a test file against silver units), with or
    without a title on either side.

    Two texts are one item where (1) they are the same (case and spacing
    folded, :func:`normalise`); (2) one is the other's body after a title
    (:func:`rest_forms`, :func:`headed_rests`: a title of 2 to 20 words
    whose body is at least twice as long and 5 words or more); or (3) both
    have a title and the same body of :data:`REST_BOTH_MIN_WORDS` words or
    more after it. So two stories that share a stock closing sentence
    ("Reuters could not independently verify the report.") after short
    leads are two items.

    Args:
        texts: the texts to match against.
        key: what a form is held and looked up as (:func:`text_key` for
            the hashes a model folder records; the form itself by default).
    """

    def __init__(self, texts: Iterable[str] = (), *, key: Any = None) -> None:
        self.key = key or (lambda form: form)
        self.whole: set[str] = set()
        self.rests: set[str] = set()
        for t in texts:
            self.whole.add(self.key(normalise(t)))
            self.rests.update(self.key(f) for f in bodies(t))

    @classmethod
    def from_keys(cls, whole: Iterable[str], rests: Iterable[str], key: Any) -> SameItems:
        """A matcher over recorded keys: the whole texts' and their bodies'
        (a model folder's ``silver_text_hashes`` and ``silver_rest_hashes``)."""
        matcher = cls(key=key)
        matcher.whole, matcher.rests = set(whole), set(rests)
        return matcher

    def __contains__(self, text: object) -> bool:
        whole = normalise(str(text))
        if not whole:
            return False
        own = self.key(whole)
        if own in self.whole or own in self.rests:
            return True
        rests = bodies(str(text))
        if any(self.key(f) in self.whole for f in rests):
            return True
        # The same rules at REST_BOTH_MIN_WORDS: the longer bodies among these.
        return any(
            self.key(f) in self.rests for f in rests if len(f.split()) >= REST_BOTH_MIN_WORDS
        )


def bodies(text: str) -> set[str]:
    """The :func:`normalise` forms of ``text``'s body after a title that
    :class:`SameItems` matches by (:func:`rest_forms`, :func:`headed_rests`)."""
    return rest_forms(text) | headed_rests(text)


def rest_keys(text: str, min_words: int = REST_MIN_WORDS) -> set[str]:
    """The :func:`text_key` of each of :func:`rest_forms`. A model folder
    records them beside its texts' keys, so that an item is found with or
    without its title on either side."""
    return {text_key(form) for form in rest_forms(text, min_words)}


def _reads_as_headline(line: str) -> bool:
    """Whether a first line reads as a headline, not a paragraph: 2 to 20
    words, not ended as a sentence or a clause is (``.``, ``,``, ``;``), nor
    by a colon (a headline ended by one is :func:`text_forms`' own case)."""
    line = line.strip()
    return 2 <= len(line.split()) <= 20 and not line.endswith((".", ",", ";", ":"))


@dataclass
class Pool:
    """Unlabelled texts ready for a teacher, and how they were drawn."""

    texts: list[str]
    read: int
    excluded: int
    duplicates: int
    sources: list[str] = field(default_factory=list)
    # For each text, the position of its source in ``sources``.
    source_of: list[int] = field(default_factory=list)
    # With ``since``: the first day kept, and how many units were dated
    # before it or not dated at all.
    since: str | None = None
    outside_period: int = 0
    # Of those: undated units, and units dated before ``since``.
    undated: int = 0
    before_since: int = 0
    # Rows left out while reading (bad JSON, no text, an unreadable date),
    # and the first few of them (file, line, reason).
    skipped: int = 0
    skipped_rows: list[dict[str, Any]] = field(default_factory=list)
    # Per source that holds gold labels in the task's field (``label_field``
    # of :func:`draw_pool`): its rows with a label, and its rows read.
    labelled_rows: dict[str, tuple[int, int]] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        out = {
            "sources": self.sources,
            "scored_per_source": [self.source_of.count(i) for i in range(len(self.sources))],
            "read": self.read,
            "skipped": self.skipped,
            **({"skipped_rows": self.skipped_rows} if self.skipped_rows else {}),
            "excluded_as_labelled": self.excluded,
            "duplicates": self.duplicates,
            "scored": len(self.texts),
        }
        if self.since is not None:
            out["since"] = self.since
            out["outside_period"] = self.outside_period
            out["undated"] = self.undated
            out["before_since"] = self.before_since
        return out


# Per source: unit texts, their dates, and the rows skipped (as dicts).
_POOL_CACHE: dict[str, tuple[list[str], list[str | None], list[dict[str, Any]]]] = {}
# Per source (the same keys): the rows with a label, per label field read.
_POOL_LABELS: dict[str, dict[str, int]] = {}
# Skipped rows kept per pool for the record (the count covers them all).
SKIPPED_ROWS_KEPT = 5


def read_pool_texts(path: str | Path, options: Any = None) -> list[str]:
    """Every unit text of one pool source (JSONL/CSV rows, or the paragraphs
    of articles in a folder or file), read with ``options``
    (:class:`classify.tables.ReadOptions`: text and id columns, delimiter,
    encoding; the training data's own).

    Read once per process: cross-validation asks for the same pool per fold.

    Raises:
        ClassifyError: a path that does not exist or cannot be read, or one
            with no readable row (the file and the reason are named).
    """
    return read_pool(path, options)[0]


def read_pool(
    path: str | Path, options: Any = None, label_field: str | None = None
) -> tuple[list[str], list[str | None], list[dict[str, Any]]]:
    """As :func:`read_pool_texts`, with each unit's ISO date (``None`` where
    the row or article has none) and the rows skipped under
    ``options.on_error == "skip"`` (bad JSON, no text, an unreadable date),
    each as ``{"file", "line", "reason"}``. ``label_field``: a gold column
    to count (:func:`pool_labelled_rows`) beside ``topics`` and ``stance``.

    Raises:
        ClassifyError: as :func:`read_pool_texts`.
    """
    from classify.data import load_examples

    key = _pool_key(path, options, label_field)
    if key not in _POOL_CACHE:
        before = len(options.skipped) if options is not None else 0
        from classify.tables import reading_pool

        try:
            with reading_pool(getattr(options, "pool_keys", None) or "data.unlabelled_read."):
                examples = load_examples(
                    [Path(path)],
                    labelled=False,
                    options=options,
                    label_fields=list(dict.fromkeys([label_field or "topics", "topics", "stance"])),
                )
        except ClassifyError as exc:
            if options is None or len(options.skipped) == before or exc.source:
                raise
            # Every row was skipped: say why, naming the pool file.
            reasons = [s.reason for s in options.skipped[before:]]
            # The labelled data's columns were looked for: say where a pool's
            # own are set.
            own = getattr(options, "pool_keys", None) or "data.unlabelled_read."
            hint = (
                f"; this pool's columns and delimiter are set with {own}text_column, "
                ".id_column and .delimiter"
                + (
                    ", or as its own entry in data.unlabelled, {path: ..., text_column: ...}"
                    if own == "data.unlabelled_read."
                    else ""
                )
                if "column" in reasons[0]
                else ""
            )
            raise ClassifyError(
                f"unlabelled pool: nothing readable ({len(reasons)} "
                f"{'row or file' if len(reasons) == 1 else 'rows or files'} skipped; first: "
                f"{reasons[0]}){hint or '; give a pool with texts or leave data.unlabelled out'}",
                source=path,
            ) from None
        skipped = [r.to_dict() for r in options.skipped[before:]] if options is not None else []
        _POOL_CACHE[key] = (list(examples.texts), list(examples.dates), skipped)
        _POOL_LABELS[key] = {
            name: sum(v is not None and v != "" for v in values)
            for name, values in (examples.labels or {}).items()
        }
    return _POOL_CACHE[key]


def _pool_key(path: str | Path, options: Any, label_field: str | None) -> str:
    key = str(Path(path).resolve())
    if options is not None:
        key += f"|{options.text_column}|{options.id_column}|{options.delimiter}|{options.encoding}"
    return key + f"|{label_field or ''}"


def pool_labelled_rows(path: str | Path, options: Any, label_field: str) -> int:
    """How many rows of a pool source :func:`read_pool` read (with the same
    ``options`` and ``label_field``) hold a gold label in ``label_field``:
    a labelled file given as a pool, whose labels self-training never reads."""
    read_pool(path, options, label_field)
    return _POOL_LABELS.get(_pool_key(path, options, label_field), {}).get(label_field, 0)


def draw_pool(
    paths: Sequence[str | Path],
    *,
    exclude: Iterable[str] = (),
    max_items: int | None = None,
    seed: int = 0,
    options: Any = None,
    since: str | None = None,
    label_field: str | None = None,
) -> Pool:
    """Pool texts minus any labelled text, deduplicated, at most ``max_items``
    from each source; with ``since`` (an ISO date) only units dated on or
    after that day (undated units are left out). ``options`` are the
    :class:`~classify.tables.ReadOptions` of every source, or a list with
    one per source. ``label_field``: the task's gold column; sources whose
    rows hold labels in it are counted in ``Pool.labelled_rows``.

    ``exclude`` holds the labelled texts (train and test): a test unit that
    also sits in the pool would otherwise reach the student through the
    teacher. The cap applies per source, so a small pool of another genre
    is not drowned by a large news pool; where a source is larger, its
    sample is a seeded uniform draw, so the same settings give the same pool.
    """
    from classify.dates import date_range

    # Title and no title alike: a test item must not come back as silver.
    banned = SameItems(exclude)
    seen: set[str] = set()
    kept: list[str] = []
    source_of: list[int] = []
    read = excluded = duplicates = undated = before = skipped = 0
    skipped_rows: list[dict[str, Any]] = []
    labelled_rows: dict[str, tuple[int, int]] = {}
    per_source = options if isinstance(options, list) else [options] * len(paths)
    for s, path in enumerate(paths):
        texts, dates, bad = read_pool(path, per_source[s], label_field)
        if label_field and (n := pool_labelled_rows(path, per_source[s], label_field)):
            labelled_rows[str(path)] = (n, len(texts))
        read += len(texts)
        skipped += len(bad)
        skipped_rows += bad[: max(0, SKIPPED_ROWS_KEPT - len(skipped_rows))]
        mine: list[str] = []
        for text, date in zip(texts, dates):
            key = normalise(text)
            if not key:
                continue
            # A partial date ("2022") counts from its first day.
            if since is not None and not date:
                undated += 1
                continue
            if since is not None and date_range(date)[0].isoformat() < since:
                before += 1
                continue
            if text in banned:
                excluded += 1
            elif key in seen:
                duplicates += 1
            else:
                seen.add(key)
                mine.append(text)
        if max_items is not None and len(mine) > max_items:
            # Ranked by a seeded hash of the text, not by position: the same
            # units are drawn whatever else is excluded, so runs that differ
            # only in their test split share the pool (and its cached vectors).
            rank = sorted(range(len(mine)), key=lambda i: _draw_key(mine[i], seed))
            mine = [mine[i] for i in sorted(rank[:max_items])]
        kept += mine
        source_of += [s] * len(mine)
    return Pool(
        kept,
        read,
        excluded,
        duplicates,
        # Absolute, so the record still names the file once the folder moves.
        [str(Path(p).resolve()) for p in paths],
        source_of,
        since,
        undated + before,
        undated,
        before,
        skipped,
        skipped_rows,
        labelled_rows,
    )


_WORD = re.compile(r"[^\W\d_]{2,}")


def unseen_word_share(vocabulary_texts: Sequence[str], texts: Sequence[str]) -> float:
    """The median, over ``texts``, of the share of a text's words (letters
    only, two or more, lower-cased) that never occur in
    ``vocabulary_texts``: about 0.2 for news against 800 news items, 0.75
    and above for a pool in another language. 0.0 where no text has words."""
    vocabulary = {w.lower() for t in vocabulary_texts for w in _WORD.findall(t)}
    shares = []
    for t in texts:
        words = [w.lower() for w in _WORD.findall(t)]
        if words:
            shares.append(sum(w not in vocabulary for w in words) / len(words))
    return float(np.median(shares)) if shares else 0.0


def vocabulary_gap_note(
    labelled: Sequence[str],
    pool: Sequence[str],
    *,
    sample: int = 2000,
    seed: int = 0,
    name: str | None = None,
) -> str | None:
    """A warning where the pool's words are mostly unknown to the labelled
    data, far more than the labelled data's own halves are to each other
    (another language, or a genre the teacher cannot read): its silver
    labels would be close to random. None where the pool reads like the
    labelled data. Measured on a seeded sample of at most ``sample`` pool
    texts; ``name``: the pool's file, named in the note."""
    if len(labelled) < 4 or not pool:
        return None
    rng = np.random.default_rng(seed)
    probe = [pool[i] for i in rng.permutation(len(pool))[:sample]]
    half = len(labelled) // 2
    baseline = unseen_word_share(labelled[:half], labelled[half:])
    share = unseen_word_share(labelled, probe)
    if share <= max(0.6, baseline + 0.25):
        return None
    return (
        f"the unlabelled pool{f' {name}' if name else ''} reads unlike the labelled data: "
        f"a median {share:.0%} of a pool "
        f"unit's words never occur in it (the labelled data's halves: {baseline:.0%} of "
        "each other's); is the pool in another language? The teacher's silver labels there "
        "would be close to random"
    )


def _draw_key(text: str, seed: int) -> bytes:
    return hashlib.blake2b(f"{seed}\x00{normalise(text)}".encode(), digest_size=8).digest()


@dataclass
class Selection:
    """Silver labels: rows of the pool and their indicator matrix."""

    index: np.ndarray  # (n_silver,) positions in the pool
    y: np.ndarray  # (n_silver, n_labels) 0/1
    counts: dict[str, int]  # per label (multilabel: also "(none)") how many were kept
    cutoffs: dict[str, float]  # per label the lowest teacher probability kept
    # With rules: units where rules fired and agree with the teacher
    # ("agreed"), of those the ones let in below the confidence bar
    # ("vouched"); units where they disagree ("disagreed", dropped), of
    # those the teacher-confident ones ("vetoed").
    rules: dict[str, int] | None = None
    # Per label (multilabel: also "(none)") how many pool units cleared the
    # confidence bar before the per-label cap and balancing: where balance
    # leaves no silver, the label with 0 here is why.
    confident: dict[str, int] | None = None


def select_pseudo_labels(
    multilabel: bool,
    labels: Sequence[str],
    proba: np.ndarray,
    *,
    thresholds: Sequence[float] | None = None,
    per_label: int = 1000,
    min_confidence: float = 0.0,
    groups: Sequence[int] | None = None,
    balance: bool = False,
    rule_votes: np.ndarray | None = None,
) -> Selection:
    """Choose confident, class-balanced silver labels from teacher probabilities.

    With ``groups`` (the pool source of each row) the caps apply within each
    group: every source contributes its own most confident units of every
    label. Otherwise one genre can supply nearly all the silver of one
    class (a teacher trained on news is surest that speeches are
    ``neutral``), and the student learns the genre as the class.

    Args:
        multilabel: whether ``proba`` holds independent per-label probabilities
            (topics) or rows that sum to 1 (stance).
        labels: label names, one per column of ``proba``.
        proba: teacher probabilities, shape ``(n_pool, n_labels)``.
        thresholds: multilabel decision thresholds (default 0.5 each).
        per_label: at most this many silver units per class (multiclass), or
            per label predicted, plus as many with no label (multilabel);
            per group where ``groups`` is given.
        balance: every class gets as many silver units as the class with
            the fewest confident ones (within each group), so the silver has
            the same number of units of each class; a group in which the
            teacher is confident of no unit of some class contributes
            nothing. Multilabel: as many units are chosen for each label and
            for no label at all (a unit chosen for one label may carry
            others too), so a rare label is not drowned by units with none.
        min_confidence: multiclass: the winning class's probability must reach
            this; multilabel: every label's probability must be at least this
            far on its side of the threshold, as a share of the distance to 0
            or 1 (0 keeps all, 0.5 keeps units halfway or further), so a unit
            the teacher is unsure of for any one label is not silver.
        rule_votes: labelling rules as weak labels, shape ``(n_pool,
            n_labels)``: how many rules vote for each label on each unit
            (:func:`rule_vote_counts`). Multiclass: a unit whose rules'
            unique majority is the teacher's class passes the confidence
            bar. Multilabel: rules vouch only for the labels they vote for;
            a unit passes if every label a rule votes for is decided 1 and
            every other label clears ``min_confidence`` on its own. Units the
            rules agree on are taken before those they are silent on; a unit
            whose rules disagree (multiclass: another class, or a tie;
            multilabel: a voted label decided 0) is dropped however
            confident the teacher is. The agreement filter of teacher and
            weak rules follows Karamanolakis et al. (2021), "Self-Training
            with Weak Supervision", NAACL.

    Returns:
        A :class:`Selection`; a class with no confident unit gets none
        (balance is by a common cap, not by discarding other classes).
    """
    proba = np.asarray(proba, dtype=float)
    if groups is not None and len(set(groups)) > 1:
        groups = np.asarray(groups)
        parts = []
        for g in sorted(set(groups.tolist())):
            rows = np.flatnonzero(groups == g)
            part = select_pseudo_labels(
                multilabel,
                labels,
                proba[rows],
                thresholds=thresholds,
                per_label=per_label,
                min_confidence=min_confidence,
                balance=balance,
                rule_votes=None if rule_votes is None else rule_votes[rows],
            )
            parts.append((rows[part.index], part))
        total = {k: sum(p.counts.get(k, 0) for _, p in parts) for k in parts[0][1].counts}
        sure = {k: sum((p.confident or {}).get(k, 0) for _, p in parts) for k in parts[0][1].counts}
        lowest: dict[str, float] = {}
        for _, p in parts:
            for k, v in p.cutoffs.items():
                lowest[k] = min(v, lowest.get(k, v))
        ruled = None
        if rule_votes is not None:
            ruled = {k: sum((p.rules or {}).get(k, 0) for _, p in parts) for k in _RULE_KEYS}
        return Selection(
            np.concatenate([i for i, _ in parts]).astype(int),
            np.vstack([p.y for _, p in parts]),
            total,
            lowest,
            ruled,
            sure,
        )
    n, k = proba.shape
    counts: dict[str, int] = {}
    cutoffs: dict[str, float] = {}
    if not multilabel:
        winner = proba.argmax(axis=1)
        top = proba[np.arange(n), winner]
        passes = top >= min_confidence
        ruled = None
        if rule_votes is not None:
            votes = np.asarray(rule_votes)
            most = votes.max(axis=1)
            unique = (votes == most[:, None]).sum(axis=1) == 1
            fired = most > 0
            agree = fired & unique & (votes.argmax(axis=1) == winner)
            veto = fired & ~agree
            ruled = {
                "agreed": int(agree.sum()),
                "vouched": int((agree & ~passes).sum()),
                "disagreed": int(veto.sum()),
                "vetoed": int((veto & passes).sum()),
            }
            passes = (passes | agree) & ~veto
        # Units the rules agree on are taken first, then by confidence: in a
        # large pool the teacher alone would fill every cap.
        vouched = np.zeros(n) if rule_votes is None else agree.astype(float)
        candidates = [np.flatnonzero((winner == j) & passes) for j in range(len(labels))]
        cap = min(per_label, min(map(len, candidates))) if balance else per_label
        chosen: list[np.ndarray] = []
        for j, label in enumerate(labels):
            idx = candidates[j]
            idx = idx[np.lexsort((-top[idx], -vouched[idx]))][:cap]
            chosen.append(idx)
            counts[label] = len(idx)
            if len(idx):
                cutoffs[label] = round(float(top[idx].min()), 4)
        index = np.concatenate(chosen) if chosen else np.zeros(0, dtype=int)
        y = np.zeros((len(index), k), dtype=int)
        y[np.arange(len(index)), winner[index]] = 1
        sure = {label: len(c) for label, c in zip(labels, candidates, strict=True)}
        return Selection(index.astype(int), y, counts, cutoffs, ruled, sure)

    t = np.full(k, 0.5) if thresholds is None else np.asarray(thresholds, dtype=float)
    decided = (proba >= t).astype(int)
    # How far each probability sits from its threshold, as a share of the way
    # to 0 or 1: 1 at the extremes, 0 at the threshold.
    margin = np.where(
        decided == 1, (proba - t) / np.maximum(1 - t, 1e-9), (t - proba) / np.maximum(t, 1e-9)
    )
    sure = margin >= min_confidence  # (n_pool, n_labels)
    confident = sure.all(axis=1)
    ruled = None
    if rule_votes is not None:
        fired = np.asarray(rule_votes) > 0
        any_fired = fired.any(axis=1)
        veto = (fired & (decided == 0)).any(axis=1)
        agree = any_fired & ~veto
        # A rule vouches only for the labels it votes for: every other label
        # must still clear the margin on its own.
        let_in = agree & (sure | fired).all(axis=1)
        ruled = {
            "agreed": int(agree.sum()),
            "vouched": int((let_in & ~confident).sum()),
            "disagreed": int(veto.sum()),
            "vetoed": int((veto & confident).sum()),
        }
        confident = (confident | let_in) & ~veto
    vouched = np.zeros(n) if rule_votes is None else agree.astype(float)
    candidates = [np.flatnonzero(confident & (decided[:, j] == 1)) for j in range(k)]
    none = np.flatnonzero(confident & (decided.sum(axis=1) == 0))
    sure_counts = {label: len(c) for label, c in zip(labels, candidates, strict=True)}
    sure_counts["(none)"] = len(none)
    cap = min(per_label, len(none), min(map(len, candidates))) if balance else per_label
    rows: set[int] = set()
    for j, label in enumerate(labels):
        idx = candidates[j]
        idx = idx[np.lexsort((-proba[idx, j], -vouched[idx]))][:cap]
        rows.update(idx.tolist())
        counts[label] = len(idx)
        if len(idx):
            cutoffs[label] = round(float(proba[idx, j].min()), 4)
    none = none[np.argsort(proba[none].max(axis=1), kind="stable")][:cap]
    rows.update(none.tolist())
    counts["(none)"] = len(none)
    index = np.array(sorted(rows), dtype=int)
    return Selection(index, decided[index], counts, cutoffs, ruled, sure_counts)


_RULE_KEYS = ("agreed", "vouched", "disagreed", "vetoed")


def rule_vote_counts(task: Any, texts: Sequence[str]) -> np.ndarray:
    """How many of ``task``'s labelling rules vote for each label on each
    text, shape ``(n_texts, n_labels)`` (integers; rules with ``when``
    conditions abstain, as pool units have no labels of other fields).

    Raises:
        ClassifyError: the task has no rules.
    """
    from classify.tasks import ABSTAIN, vote_matrix

    votes = vote_matrix(task, texts, {})
    out = np.zeros((len(texts), len(task.labels)), dtype=np.int64)
    for j in range(votes.shape[1]):
        fired = votes[:, j] != ABSTAIN
        np.add.at(out, (np.flatnonzero(fired), votes[fired, j]), 1)
    return out
