"""Gold annotations, leak-free splits, cross-validation folds and saved datasets."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest

from classify import api
from classify.data import (
    Examples,
    forward_folds,
    group_kfold,
    join_copies,
    load_examples,
    split_indices,
)
from classify.errors import ClassifyError
from classify.tasks import load_task

from conftest import ROOT, SEEDS

TOPIC = load_task(ROOT / "configs/tasks/topic.yaml")
STANCE = load_task(ROOT / "configs/tasks/stance.yaml")
ANN = SEEDS / "annotations.jsonl"


def test_seed_annotations_cover_every_paragraph_and_sentence():
    for unit, n in [("paragraph", 10), ("sentence", 14), ("article", 1)]:
        ex = load_examples(SEEDS, annotations=ANN, unit=unit)
        assert len(ex) == n
        assert ex.notes["unlabelled_units_skipped"] == 0
        assert all(v is not None for v in ex.labels["stance"])
    ex = load_examples(SEEDS, annotations=ANN, unit="sentence")
    y = ex.y(STANCE)
    assert y.sum(axis=0).tolist() == [10, 2, 2]  # favour, against, neutral
    closed = ex.ids.index("000_87e967da3ce2b364:p6s1")
    assert ex.labels["stance"][closed] == "against"
    assert ex.labels["topics"][closed] == ["normalisation"]


def test_annotation_by_text_span_and_mismatch(tmp_path):
    ann = tmp_path / "ann.jsonl"
    ann.write_text(
        json.dumps(
            {
                "text": "I know it has to happen and will happen in the very near future.”",
                "topics": [],
                "stance": "neutral",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    ex = load_examples(SEEDS, annotations=ann, unit="sentence")
    assert ex.ids == ["000_87e967da3ce2b364:p5s2"]
    ann.write_text(
        json.dumps(
            {"unit": "000_87e967da3ce2b364:p1", "text": "something else", "stance": "favour"}
        )
        + "\n",
        encoding="utf-8",
    )
    with pytest.raises(ClassifyError, match="line 1: text of unit"):
        load_examples(SEEDS, annotations=ann, unit="paragraph")


def test_unknown_label_names_file_and_allowed_values(tmp_path):
    data = tmp_path / "d.jsonl"
    data.write_text(json.dumps({"text": "x", "stance": "supportive"}) + "\n", encoding="utf-8")
    ex = load_examples(data)
    with pytest.raises(ClassifyError) as err:
        ex.y(STANCE)
    assert "label 'supportive'" in str(err.value) and "favour, against, neutral" in str(err.value)
    assert str(data) in str(err.value)


def _toy(n_articles=10, per=3) -> Examples:
    ids, arts, dates = [], [], []
    for a in range(n_articles):
        for u in range(per):
            ids.append(f"a{a}:p{u + 1}")
            arts.append(f"a{a}")
            dates.append(f"20{10 + a:02d}-01-01")
    return Examples(ids, [f"text {i}" for i in ids], arts, ids, dates, [None] * len(ids))


def test_article_split_keeps_articles_whole():
    ex = _toy()
    train, test = split_indices(ex, "article", test_size=0.3, seed=1)
    assert sorted(train + test) == list(range(len(ex)))
    assert not {ex.article_ids[i] for i in train} & {ex.article_ids[i] for i in test}
    assert len(test) == 9


def test_date_split_by_cutoff_and_share():
    ex = _toy()
    train, test = split_indices(ex, "date", cutoff="2017-01-01")
    assert max(ex.dates[i] for i in train) < "2017" <= min(ex.dates[i] for i in test)
    train, test = split_indices(ex, "date", test_size=0.2)
    assert max(ex.dates[i] for i in train) <= min(ex.dates[i] for i in test)


def test_group_kfold_is_a_partition_without_leakage():
    ex = _toy(n_articles=7)
    folds = group_kfold(ex.article_ids, 5, seed=3)
    assert len(folds) == 5
    seen = sorted(i for _, test in folds for i in test)
    assert seen == list(range(len(ex)))
    for train, test in folds:
        assert not {ex.article_ids[i] for i in train} & {ex.article_ids[i] for i in test}
    assert group_kfold(ex.article_ids, 5, seed=3) == folds  # seeded, repeatable


@pytest.mark.parametrize("k", [2, 3, 4])
def test_forward_folds_test_each_later_unit_once_on_earlier_years_only(k):
    years = [
        str(y)
        for y, n in zip(range(2002, 2014), [1, 9, 4, 30, 2, 2, 15, 8, 8, 1, 20, 5])
        for _ in range(n)
    ]
    folds = forward_folds(years, k)
    assert len(folds) == k
    tested = [i for _, test in folds for i in test]
    assert len(tested) == len(set(tested))  # once each
    first_block = set(range(len(years))) - set(tested)
    assert first_block and max(years[i] for i in first_block) < min(years[i] for i in tested)
    for j, (train, test) in enumerate(folds):
        # Whole years, the training side strictly earlier, and growing.
        assert test and max(years[i] for i in train) < min(years[i] for i in test)
        if j:
            assert set(folds[j - 1][0]) | set(folds[j - 1][1]) == set(train)
    # The blocks after the first are of comparable size (years are whole).
    sizes = [len(test) for _, test in folds]
    assert max(sizes) <= 2.5 * min(sizes), sizes
    assert forward_folds(["b", "a", "c"], 2) == [([1], [0]), ([0, 1], [2])]
    with pytest.raises(
        ClassifyError, match=r"needs at least 4 distinct years, found 3 \(allowed: cv from 2 to 2\)"
    ):
        forward_folds(["2001", "2002", "2003"], 3)


def test_single_article_groups_by_paragraph():
    ex = load_examples(SEEDS, annotations=ANN, unit="sentence")
    assert ex.resolve_group("auto") == "paragraph"
    with pytest.raises(ClassifyError, match="needs at least 2 articles"):
        split_indices(ex, "article")


def test_fingerprint_tracks_content():
    a = load_examples(SEEDS, annotations=ANN, unit="sentence")
    b = load_examples(SEEDS, annotations=ANN, unit="sentence")
    assert a.fingerprint() == b.fingerprint()
    b.labels["stance"][0] = "neutral"
    assert a.fingerprint() != b.fingerprint()
    # Dates, articles and outlets decide splits: a change there is a change.
    for field, value in (("dates", "1999-01-01"), ("article_ids", "other"), ("sources", "X")):
        c = load_examples(SEEDS, annotations=ANN, unit="sentence")
        getattr(c, field)[0] = value
        assert c.fingerprint() != a.fingerprint(), field


def test_build_dataset_writes_datasetdict_and_summary(tmp_path):
    from datasets import ClassLabel, load_from_disk

    out = tmp_path / "ds"
    summary = api.build_dataset(
        [SEEDS],
        out,
        annotations=ANN,
        unit="sentence",
        split="random",
        test_size=0.3,
        tasks=[ROOT / "configs/tasks/topic.yaml", ROOT / "configs/tasks/stance.yaml"],
    )
    dd = load_from_disk(str(out))
    assert set(dd) == {"train", "test"}
    assert len(dd["train"]) + len(dd["test"]) == 14 == summary["n"]
    assert isinstance(dd["train"].features["stance"], ClassLabel)
    assert dd["train"].features["topics"].feature.names == list(TOPIC.labels)
    assert {"article_id", "date"} <= set(dd["train"].column_names)
    on_disk = json.loads((out / "dataset.json").read_text())
    assert on_disk["fingerprint"] == summary["fingerprint"]
    assert on_disk["splits"]["test"]["n"] == len(dd["test"])
    assert sum(on_disk["splits"][s]["stance"]["favour"] for s in ("train", "test")) == 10
    # Reading it back gives the same examples and the same split.
    ex = load_examples(out)
    assert len(ex) == 14 and set(ex.splits) == {"train", "test"}
    assert np.array_equal(
        np.sort(ex.y(STANCE).sum(axis=0)),
        np.sort(load_examples(SEEDS, annotations=ANN, unit="sentence").y(STANCE).sum(axis=0)),
    )


def test_build_dataset_refuses_to_overwrite(tmp_path):
    out = tmp_path / "ds"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(ClassifyError, match="already exists"):
        api.build_dataset([SEEDS], out, annotations=ANN, split="random")
    assert (out / "keep.txt").read_text() == "mine"


def test_annotations_that_match_no_unit_show_both_sides(tmp_path):
    # A wrong prefix on every unit id: the error shows an annotation's id
    # beside the ids the units have.
    rows = [json.loads(line) for line in (SEEDS / "annotations.jsonl").read_text().splitlines()]
    paragraphs = [r for r in rows if r["level"] == "paragraph"]
    bad = tmp_path / "annotations.jsonl"
    bad.write_text(
        "".join(json.dumps({**r, "unit": f"news/{r['unit']}"}) + "\n" for r in paragraphs)
    )
    with pytest.raises(ClassifyError) as err:
        load_examples([SEEDS], annotations=bad, unit="paragraph")
    message = str(err.value)
    first = paragraphs[0]["unit"]
    assert f"{len(paragraphs)} annotations match no unit (first: 'news/{first}'" in message
    assert f"the paragraph units are named like '{first}'" in message


def test_sentence_annotations_on_paragraph_units_suggest_the_unit(tmp_path):
    rows = [json.loads(line) for line in (SEEDS / "annotations.jsonl").read_text().splitlines()]
    paragraph = next(r for r in rows if r["level"] == "paragraph")
    ann = tmp_path / "sentences.jsonl"
    ann.write_text(
        json.dumps({**paragraph, "unit": paragraph["unit"] + "s1", "level": "sentence"}) + "\n"
    )
    with pytest.raises(
        ClassifyError, match=r"the annotation file labels sentence units: pass unit='sentence'"
    ):
        load_examples([SEEDS], annotations=ann, unit="paragraph")


def test_copies_stay_on_one_side_of_every_split_and_fold(tmp_path):
    # A syndicated story filed as two articles (another id, other spacing
    # and case) must not be tested against itself (review 25a).
    story = "The embassy in Minsk reopened on Friday after an eleven-year gap."
    rows = [{"id": "wire", "text": story, "stance": "favour"}]
    rows.append({"id": "copy", "text": "  " + story.upper().replace(" ", "  "), "stance": "favour"})
    rows += [
        {"id": f"o{i}", "text": f"Officials in city {i} discussed the sanctions list again.",
         "stance": "neutral"}
        for i in range(12)
    ]  # fmt: skip
    rows.append({"id": "short1", "text": "Talks resume.", "stance": "neutral"})
    rows.append({"id": "short2", "text": "Talks resume.", "stance": "against"})
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    ex = load_examples([data])
    groups = ex.groups("article")
    assert groups[ex.ids.index("copy")] == groups[ex.ids.index("wire")] == "wire"
    # Short texts repeat by chance: they join nothing.
    assert groups[ex.ids.index("short1")] != groups[ex.ids.index("short2")]
    for seed in range(8):
        train, test = split_indices(ex, "article", test_size=0.3, seed=seed)
        sides = {ex.ids[i]: "train" for i in train} | {ex.ids[i]: "test" for i in test}
        assert sides["wire"] == sides["copy"]
    for _train, test in group_kfold(groups, 4, seed=1):
        assert {ex.ids[i] for i in test} >= {"wire", "copy"} or not (
            {ex.ids[i] for i in test} & {"wire", "copy"}
        )
    with pytest.warns(UserWarning, match=r"1 unit repeats the text of another unit with another "
                      r"'stance' label \(first: 'short2' is against, 'short1' is neutral\)"):  # fmt: skip
        summary = api.build_dataset(data, tmp_path / "ds", split="article")
    assert summary["copies"]["units"] == 2
    assert summary["copies"]["conflicting"]["stance"]["n"] == 1


def test_a_split_that_leaves_a_label_out_of_train_is_warned_about(tmp_path):
    # review 25g: every 'against' unit landed in test without a word.
    rows = [{"id": f"f{i}", "text": f"Leaders met in city {i} and agreed.", "stance": "favour"}
            for i in range(8)]  # fmt: skip
    rows += [{"id": "x1", "text": "Leaders condemned the crackdown.", "stance": "against"}]
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    seeds = []
    for seed in range(20):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            summary = api.build_dataset(data, tmp_path / f"ds{seed}", split="article", seed=seed)
        lost = summary["splits"]["train"]["stance"].get("against", 0) == 0
        said = any("no training unit has the label 'against'" in str(w.message) for w in caught)
        assert said == lost
        seeds.append(lost)
    assert any(seeds) and not all(seeds)


def test_one_text_labelled_toward_two_targets_is_no_conflicting_copy(tmp_path):
    # review 25k: one tweet labelled toward two targets was called a
    # conflicting copy.
    text = "The two governments agreed to reopen their embassies next month."
    rows = [
        {"id": "a", "text": text, "stance": "favour"},
        {"id": "b", "text": text, "stance": "favour"},
    ]
    rows += [{"id": f"o{i}", "text": f"Officials in city {i} discussed the list again.",
              "stance": "neutral"} for i in range(8)]  # fmt: skip
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    from classify.data import copies
    from classify.tasks import Task

    task = Task("s", "multiclass", ("favour", "against"), field="stance", target_field="target")
    targeted = load_examples([data])
    targeted.labels["stance"] = ["favour", "against", *["favour"] * 8]
    targeted.labels["target"] = ["wind power", "city tram", *["x"] * 8]
    assert "conflicting" not in copies(targeted, [task])
    targeted.labels["target"] = ["wind power", "wind power", *["x"] * 8]
    assert copies(targeted, [task])["conflicting"]["stance"]["n"] == 1


def _wire_folder(tmp_path, n=20):
    """``n`` wire stories that each end with one boilerplate sentence, and
    their sentence labels."""
    folder = tmp_path / "wire"
    folder.mkdir()
    labels = []
    for i in range(n):
        (folder / f"n{i:02d}.txt").write_text(
            f"Report {i}\n\n{i + 1} March 2021\n\nMINSK (Reuters) - Officials in city number {i} "
            f"announced measure {i * 13} on trade with partner {i * 7} today.\n\n"
            "Reuters could not independently verify the claims.\n"
        )
        labels += [
            {"unit": f"n{i:02d}:p1s1", "topics": ["sanctions"], "stance": "neutral"},
            {"unit": f"n{i:02d}:p2s1", "topics": [], "stance": "neutral"},
        ]
    ann = tmp_path / "labels.jsonl"
    ann.write_text("".join(json.dumps(r) + "\n" for r in labels))
    return folder, ann


def test_a_boilerplate_sentence_does_not_join_unrelated_articles(tmp_path, capsys):
    # review 30b: one shared "could not verify" line made 20 articles one,
    # so --split article stopped and CV bootstrapped one cluster.
    folder, ann = _wire_folder(tmp_path)
    ex = load_examples(folder, annotations=ann, unit="sentence")
    groups = ex.groups("article")
    assert len(set(groups)) == 20
    boiler = [g for g, t in zip(groups, ex.texts) if t.startswith("Reuters could not")]
    assert len(boiler) == 20 and len(set(boiler)) == 1  # the copies stay together
    summary = api.build_dataset(
        folder, tmp_path / "ds", annotations=ann, unit="sentence", split="article"
    )
    assert summary["splits"]["test"]["n"] == 8  # 20% of 40, not one group's overshoot
    assert summary["copies"] == {"units": 19, "across_split": 0}
    # The test articles' shared line went with n00 (review 30c: the articles
    # per split added up to more than there are, unexplained).
    assert summary["articles_on_both_sides"] == summary["splits"]["test"]["articles"] == 8
    from cli_runner import run_cli

    res = run_cli(capsys, "dataset", "build", folder, "--annotations", ann, "--unit", "sentence",
                  "--out", tmp_path / "ds2")  # fmt: skip
    assert res.code == 0, res.err
    assert "8 articles have units on both sides: lines an article shares with others" in " ".join(
        res.out.split()
    )


def test_join_copies_joins_a_story_filed_twice_but_not_a_shared_line():
    story = [f"Sentence {k} of the long wire story about the embassy talks." for k in range(4)]
    groups = ["a"] * 4 + ["b"] * 4 + ["c", "c"]
    texts = story + [t.upper() for t in story[:3]] + ["The other paper's own intro line here."]
    texts += ["A third story about something else entirely today.", story[0]]
    joined = join_copies(groups, texts)
    assert joined[:8] == ["a"] * 8  # three of b's four texts are a's: b is a copy
    assert joined[8] == "c"  # c shares one of two texts: its own text stays in c
    assert joined[9] == "a"  # and the shared text goes with its first filing


def test_date_and_random_splits_keep_a_refiled_copy_with_its_original(tmp_path):
    # review 30b: a story refiled later landed in test beside its original.
    rows = [
        {"id": f"s{i:02d}", "date": f"2021-03-{i + 1:02d}", "stance": "neutral",
         "text": f"Officials in town {i} discussed trade measure {i * 11} with partners."}
        for i in range(12)
    ]  # fmt: skip
    rows.append({**rows[2], "id": "s02_refiled", "date": "2021-03-20"})
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    ex = load_examples([data])
    with pytest.warns(UserWarning, match=r"1 unit on the test side of the cutoff \(2021-03-10\) "
                      r"repeats the text of an earlier unit, or an edited copy of it \(first: "
                      r"'s02_refiled', dated 2021-03-20\) and is put in training"):  # fmt: skip
        train, test = split_indices(ex, "date", cutoff="2021-03-10")
    assert {ex.ids[i] for i in test} == {"s09", "s10", "s11"}
    assert "s02_refiled" in {ex.ids[i] for i in train}
    for seed in range(10):
        train, test = split_indices(ex, "random", test_size=0.3, seed=seed)
        sides = {ex.ids[i]: "train" for i in train} | {ex.ids[i]: "test" for i in test}
        assert sides["s02"] == sides["s02_refiled"]
        assert len(test) in (4, 5)
    years = ex.groups("date")
    assert years[ex.ids.index("s02_refiled")] == "2021"


def test_labels_differing_only_in_case_or_spacing_are_read_as_the_tasks(tmp_path):
    # review 30b: dataset build refused 'Against' that annotate import reads.
    rows = [
        {"id": "a", "text": "Leaders met in Minsk and agreed to talk again soon.",
         "stance": "Against", "topics": ["Human Rights", " sanctions "]},
        {"id": "b", "text": "The embassy reopened after eleven years of silence.",
         "stance": " NEUTRAL ", "topics": "Normalisation"},
    ]  # fmt: skip
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    ex = load_examples([data]).check_labels([STANCE, TOPIC])
    assert ex.y(STANCE).tolist() == [[0, 1, 0], [0, 0, 1]]
    assert ex.y(TOPIC).tolist() == [[0, 1, 1], [1, 0, 0]]
    rows[0]["stance"] = "favor"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    with pytest.raises(ClassifyError, match=r"label 'favor' is not in task 'stance' .*did you "
                       r"mean 'favour'\?"):  # fmt: skip
        load_examples([data]).check_labels([STANCE])


def test_a_task_whose_labels_differ_only_in_case_is_refused():
    # review 30c: FAVOR and favor were two classes, and " Favor " either one.
    from classify.tasks import Task

    with pytest.raises(ClassifyError, match=r"mood.yaml: key 'labels': 'FAVOR' and 'favor' "
                       r"differ only in case.*give them distinct names"):  # fmt: skip
        Task.from_dict(
            {"name": "mood", "kind": "multiclass", "labels": ["FAVOR", "favor", "NONE"]},
            source="mood.yaml",
        )
    with pytest.raises(ClassifyError, match=r"'human_rights' and 'Human Rights' differ"):
        Task.from_dict(
            {"name": "t", "kind": "multilabel", "labels": ["human_rights", "Human Rights"]}
        )


def test_task_labels_that_yaml_reads_as_booleans_are_named(tmp_path):
    # review 30e: labels [Yes, No] became True/False, and the data was blamed.
    task = tmp_path / "yn.yaml"
    task.write_text("name: yn\nkind: multiclass\nfield: answer\nlabels: [Yes, No]\n")
    with pytest.raises(ClassifyError, match=r"yn.yaml:line 4: key 'labels': a label was read as "
                       r"true/false.*quote each label as written"):  # fmt: skip
        load_task(task)
    task.write_text('name: yn\nkind: multiclass\nfield: answer\nlabels: ["Yes", "No"]\n')
    assert load_task(task).labels == ("Yes", "No")
    # review 30f: the descriptions' keys too.
    task.write_text(task.read_text() + "descriptions:\n  Yes: agrees\n  No: disagrees\n")
    with pytest.raises(ClassifyError, match=r"key 'descriptions': a label was read as true/false"):
        load_task(task)
