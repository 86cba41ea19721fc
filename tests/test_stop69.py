"""Stop 69: a task compared with its name, a model below the majority
baseline on the figures that baseline is a bar for."""

from __future__ import annotations

import re

import pytest

from classify.evaluation import below_majority_note
from classify.tasks import load_task, shipped_tasks


def _task(name: str):
    return load_task(str(shipped_tasks()[name]))


def test_task_equals_its_name():
    topic, stance = _task("topic"), _task("stance")
    assert topic == "topic" and topic == "topic"
    assert topic != "stance" and stance == "stance"
    assert topic != stance and topic == _task("topic")
    assert {topic: 1}["topic"] == 1
    # Not equal to other things, and not by accident to a label.
    assert topic != 3 and topic != "sanctions"


@pytest.mark.parametrize(
    ("metrics", "said"),
    [
        # Exact match of a multilabel model below the commonest label set's.
        (
            {"exact_match": 0.30, "macro_f1": 0.7, "baseline": {"exact_match": 0.42}},
            "exact match 0.300 is below the majority baseline's 0.420",
        ),
        # Accuracy of a single-label model below the commonest label's.
        (
            {"accuracy": 0.55, "baseline": {"accuracy": 0.61, "name": "majority"}},
            "accuracy 0.550 is below the majority baseline's 0.610",
        ),
        # Within 0.01 is a tie, not a warning.
        ({"accuracy": 0.605, "baseline": {"accuracy": 0.61}}, None),
        ({"accuracy": 0.70, "baseline": {"accuracy": 0.61}}, None),
        # Macro-F1 is not compared: the majority is no bar for it.
        ({"macro_f1": 0.2, "baseline": {"macro_f1": 0.3}}, None),
        ({"accuracy": 0.5}, None),
        ({"accuracy": None, "baseline": {"accuracy": 0.6}}, None),
    ],
)
def test_below_majority_note(metrics, said):
    note = below_majority_note(metrics)
    if said is None:
        assert note is None
    else:
        assert said in note
        assert ("label set" in note) == ("exact_match" in metrics)


def test_card_says_a_model_below_the_majority(tmp_path):
    from classify.reports import write_model_card

    info = {"name": "m", "task": _task("stance").to_dict(), "family": "tfidf-linear"}
    metrics = {
        "n": 40,
        "accuracy": 0.5,
        "macro_f1": 0.45,
        "baseline": {"accuracy": 0.6, "macro_f1": 0.25, "name": "majority"},
        "per_label": {},
    }
    card = write_model_card(tmp_path, info=info, metrics=metrics).read_text()
    limits = card.split("## Limitations")[1].split("## How to use")[0]
    assert "accuracy 0.500 is below the majority baseline's 0.600" in limits
    metrics["accuracy"] = 0.7
    card = write_model_card(tmp_path, info=info, metrics=metrics).read_text()
    assert "below the majority baseline" not in card


@pytest.mark.parametrize(
    ("dates", "kind"),
    [
        (["03-04-2021", "05-06-2021"], "all 2 hyphenated dates (first '03-04-2021'"),
        (["03/04/2021", "05/06/2021"], "all 2 slashed dates (first '03/04/2021'"),
        (["03/04/2021", "05-06-2021"], "all 2 numeric dates (first '03/04/2021'"),
        (["07-08-2019"], "its one hyphenated date (first '07-08-2019', read as 2019-08-07)"),
    ],
)
def test_ambiguous_dates_named_by_how_they_are_written(tmp_path, dates, kind):
    from classify.articles import read_articles

    path = tmp_path / "t.csv"
    rows = "".join(
        f"a{i},Envoys met in Minsk to talk about relations.,{d}\n" for i, d in enumerate(dates)
    )
    path.write_text("id,text,date\n" + rows, encoding="utf-8")
    with pytest.warns(UserWarning) as caught:
        list(read_articles(path))
    said = " ".join(str(w.message) for w in caught)
    assert kind in said and "read day first" in said


def test_compare_note_counts_clusters_not_whole_articles():
    from classify.api import _measured_note

    note = _measured_note("On 6 units", 500, ["a", "a", "b", "c", "c", "c"])
    assert "500 bootstrap resamples of 3 clusters of units" in note
    assert "whole articles" not in note
    assert (
        _measured_note("On 3 units", 500, ["a", "b", "c"]) == "On 3 units; 500 bootstrap resamples."
    )


def test_forward_protocol_results_say_refiled_training_units(tmp_path):
    """A text filed again in a later year trains with its first year's
    block; the results file says so per fold, not only the terminal."""
    from corpus_fixtures import labelled_rows, write_jsonl
    from test_review58 import _grid

    from classify import experiments as ex

    from conftest import ROOT

    rows = labelled_rows()
    rows.append({**rows[0], "id": "refiled", "date": "2019-05-05"})
    data = write_jsonl(tmp_path / "gold.jsonl", rows)
    path = _grid(tmp_path / "mine.yaml", data, models=[str(ROOT / "configs/stance-tfidf.yaml")],
                 protocols="  - {name: fwd, split: forward, cv: 2}")  # fmt: skip
    with pytest.warns(UserWarning, match="repeats the text of a unit of an earlier year"):
        ex.run_experiment(path)
    md = (tmp_path / "results" / "mine.md").read_text(encoding="utf-8")
    said = re.findall(r"fwd, fold \d: 1 training unit dated in or after its first test year "
                      r"\((\d{4})\) repeats the text of an earlier unit \(first: 'refiled'", md)  # fmt: skip
    assert said and all(int(y) <= 2019 for y in said)
    # Without the copy, no such note.
    data = write_jsonl(tmp_path / "gold.jsonl", labelled_rows())
    ex.run_experiment(path, overwrite=True)
    md = (tmp_path / "results" / "mine.md").read_text(encoding="utf-8")
    assert "filed again is not later news" not in md


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("By McDonald", "McDonald"),
        ("By O'Brien", "O'Brien"),
        ("By MacLeod", "MacLeod"),
        ("By DiMaggio", "DiMaggio"),
        ("By Design", None),
        ("By Macbeth", None),
        ("By Democracy", None),
        ("By Mcdonald", None),
        # Check 267: common words of that shape, and capitals.
        ("By O'Clock", None),
        ("By McCarthyism", None),
        ("By MCDONALD", "McDonald"),
        ("By O'NEILL", "O'Neill"),
        ("By MACHINE", None),
    ],
)
def test_one_word_byline_only_as_an_unmistakable_surname(line, author):
    from classify.articles import _byline_author

    assert _byline_author(line) == author


def test_one_word_byline_leaves_the_text(tmp_path):
    from classify.articles import read_articles

    path = tmp_path / "story.txt"
    path.write_text(
        "Envoys return to Minsk\n\nBy O'Brien\n\nThe United States and Belarus agreed on "
        "Tuesday to restore ambassadors, officials said.\n\nThe move follows a prisoner "
        "release last month.\n",
        encoding="utf-8",
    )
    [article] = read_articles(path)
    assert article.paragraphs[0].startswith("The United States")
    assert all("O'Brien" not in p for p in article.paragraphs)
    assert article.author == "O'Brien"


@pytest.mark.parametrize(
    ("credit", "expected"),
    [
        (
            "(Reportagem adicional de Ana Mano; Edição de Pedro Fonseca)",
            {"additional_reporting": "Ana Mano", "editing": "Pedro Fonseca"},
        ),
        (
            "(Reportaje adicional de Diego Oré; Editado por Marion Giraldo)",
            {"additional_reporting": "Diego Oré", "editing": "Marion Giraldo"},
        ),
        (
            "(Reportage supplémentaire de Jean Dupont; version française Claude Chendjou)",
            {"additional_reporting": "Jean Dupont", "translation": "Claude Chendjou"},
        ),
        (
            "(Bericht von Andreas Rinke; Zusätzliche Berichterstattung von Anna Schmidt)",
            {"reporting": "Andreas Rinke", "additional_reporting": "Anna Schmidt"},
        ),
    ],
)
def test_foreign_additional_reporting_is_a_credit(tmp_path, credit, expected):
    from classify.articles import parse_credits, read_articles

    path = tmp_path / "wire.txt"
    path.write_text(
        "Minsk and Brasília resume talks\n\nMINSK (Reuters) - Officials said on Tuesday "
        "that talks would resume after a long pause in relations.\n\nThe decision follows "
        f"a prisoner release last month, diplomats said.\n\n{credit}\n",
        encoding="utf-8",
    )
    [article] = read_articles(path)
    assert len(article.paragraphs) == 2 and credit not in " ".join(article.paragraphs)
    assert parse_credits(article.credits) == expected


_PAGE = (
    "<html><head><title>{title}</title></head><body><div class='content'>"
    "<p>Envoys from Washington and Minsk agreed on Tuesday to reopen their embassies after "
    "years of strained relations, officials said on both sides.</p><p>The decision follows "
    "the release of political prisoners last month, diplomats said in a statement.</p>"
    "<p>Critics said the move rewarded repression, and rights groups called for more "
    "releases before any easing of sanctions.</p></div></body></html>"
)


@pytest.mark.parametrize(
    ("title", "site", "headline"),
    [
        (
            "baltic-times.eu - Archive - Envoys agree to reopen two embassies",
            "baltic-times.eu",
            "Envoys agree to reopen two embassies",
        ),
        (
            "Le Courrier de Vilnius :: Monde :: Les ambassades vont rouvrir à Minsk",
            "Le Courrier de Vilnius",
            "Les ambassades vont rouvrir à Minsk",
        ),
        (
            "Rigaer Rundschau | Ausland | Botschaften in Minsk sollen wieder öffnen",
            "Rigaer Rundschau",
            "Botschaften in Minsk sollen wieder öffnen",
        ),
        (
            "Diario del Báltico - Internacional - Las embajadas reabren en Minsk",
            "Diario del Báltico",
            "Las embajadas reabren en Minsk",
        ),
        (
            "Northern Ledger » World » Envoys agree to reopen two embassies",
            "Northern Ledger",
            "Envoys agree to reopen two embassies",
        ),
        (
            "Northern Ledger › Politics › Envoys agree to reopen two embassies",
            "Northern Ledger",
            "Envoys agree to reopen two embassies",
        ),
    ],
)
def test_page_title_sections_in_other_languages_and_separators(tmp_path, title, site, headline):
    from classify.articles import read_articles

    path = tmp_path / "page.html"
    path.write_text(_PAGE.format(title=title), encoding="utf-8")
    [article] = read_articles(path)
    assert article.title == headline
    assert article.site == site
    assert article.paragraphs[0].startswith("Envoys from Washington")


_STOCK = "Reuters could not independently verify the report."


def test_pool_keeps_stories_that_only_share_a_closing_sentence(tmp_path):
    """Review 266: pool items whose last sentence also ends a labelled item
    were left out "as labelled"."""
    import json

    from classify.semi import draw_pool

    rows = [
        f"Japan lifted its travel ban on Laos ministers after years of estrangement. {_STOCK}",
        f"Floods closed the main port of Sudan for a week. {_STOCK}",
        "Floods closed the main port of Sudan for a week.",
        "Talks resume in Minsk\n\nWashington and Minsk resumed talks on Tuesday on reopening "
        "embassies, officials said, after a year without contact between the two governments.",
        "WASHINGTON AND MINSK resumed talks on Tuesday on reopening embassies, officials said, "
        "after a year   without contact between the two governments.",
    ]
    path = tmp_path / "pool.jsonl"
    path.write_text("\n".join(json.dumps({"text": t}) for t in rows), encoding="utf-8")
    labelled = [
        f"Rights groups condemned the arrests of reporters in Minsk. {_STOCK}",
        "Floods closed the main port of Sudan for a week.",
        "Washington and Minsk resumed talks on Tuesday on reopening embassies, officials said, "
        "after a year without contact between the two governments.",
    ]
    pool = draw_pool([path], exclude=labelled)
    # The two new stories stay; the exact, titled and re-cased copies go.
    assert pool.texts == rows[:2]
    assert pool.excluded == 3


def test_silver_check_does_not_flag_a_shared_closing_sentence():
    from classify.semi import SameItems, text_key

    silver = f"Floods closed the main port of Sudan for a week. {_STOCK}"
    test = f"Japan lifted its travel ban on Laos ministers. {_STOCK}"
    assert test not in SameItems([silver], key=text_key)
    titled = "Port closed\n\n" + "Floods closed the main port of Sudan for a week after storms hit."
    assert "Floods closed the main port of Sudan for a week after storms hit." in SameItems(
        [titled], key=text_key
    )


def test_pool_effect_of_identical_decisions_has_no_p():
    from classify.reports import pool_effect

    same = {"metric": "macro_f1", "with_pool": 0.61, "without_pool": 0.61, "difference": 0.0,
            "ci95": [0.0, 0.0], "p_value": 1.0}  # fmt: skip
    said = pool_effect(same)
    assert said.endswith("the pool changed no decision on these test units")
    assert "p 1.000" not in said
    other = {**same, "with_pool": 0.55, "difference": -0.06, "ci95": [-0.12, -0.01],
             "p_value": 0.02}  # fmt: skip
    assert "-0.060 [-0.120, -0.010], p 0.020: the pool made the model worse" in pool_effect(other)


@pytest.mark.parametrize("refit", [True, False])
def test_card_training_time_names_a_refit_only_after_one(tmp_path, refit):
    from classify.reports import write_model_card

    how = (
        "saved model refitted on all labelled items after evaluation"
        if refit
        else "saved model is the one evaluated (fit on the training split only)"
    )
    info = {"name": "m", "task": _task("stance").to_dict(), "family": "tfidf-linear",
            "training": {"n": 40, "seconds": 1.5, "cpus": 2, "refit": how}}  # fmt: skip
    card = write_model_card(tmp_path, info=info, metrics={"n": 10, "macro_f1": 0.5}).read_text()
    [line] = [x for x in card.splitlines() if "training time" in x]
    assert ("evaluation, refit;" in line) is refit
    assert "(reading, evaluation" in line


_LEAD = (
    "<p>Envoys from Washington and Minsk agreed on Tuesday to reopen their embassies after "
    "years of strained relations, officials said on both sides.</p>"
)
_REST = (
    "<p>The decision follows the release of political prisoners last month, diplomats said "
    "in a statement issued in the capital.</p><p>Critics said the move rewarded repression, "
    "and rights groups called for more releases before any easing of sanctions.</p>"
)


@pytest.mark.parametrize(
    "box",
    [
        "<section class='latest-updates'><h3>Latest updates</h3><ul><li>Prisoners freed in "
        "Minsk, families say</li><li>EU ministers meet on Friday</li></ul></section>",
        "<div><h2>Key events</h2><p>Prisoners freed in Minsk, families say.</p>"
        "<p>EU ministers meet on Friday.</p></div>",
        "<aside id='key-moments'><ol><li>09:12 Prisoners freed in Minsk</li>"
        "<li>10:40 EU ministers meet</li></ol></aside>",
    ],
)
def test_a_summary_box_inside_the_story_is_no_unit(tmp_path, box):
    from classify.articles import read_articles

    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Envoys agree to reopen embassies - Northern Ledger</title></head>"
        f"<body><article><h1>Envoys agree to reopen embassies</h1>{_LEAD}{box}{_REST}"
        "</article></body></html>",
        encoding="utf-8",
    )
    [article] = read_articles(path)
    assert len(article.paragraphs) == 3
    assert not any("Prisoners freed" in p or "EU ministers" in p for p in article.paragraphs)
    assert article.meta["dropped_paragraphs"] >= 2


def test_a_story_section_headed_key_events_with_prose_stays(tmp_path):
    from classify.articles import read_articles

    prose = " ".join(["The talks began with a review of the prisoners' cases and ended late."] * 9)
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Envoys agree - Northern Ledger</title></head><body><article>"
        f"<h1>Envoys agree to reopen embassies</h1>{_LEAD}<div><h2>Key events</h2><p>{prose}</p>"
        f"</div>{_REST}</article></body></html>",
        encoding="utf-8",
    )
    [article] = read_articles(path)
    assert any(p.startswith("The talks began") for p in article.paragraphs)


@pytest.mark.parametrize(
    ("refit", "by_hand", "said"),
    [
        ("saved model refitted on all labelled items after evaluation", False, "fit before the refit, used"),
        (
            "saved model: the family learns nothing from labels, so refitting on all labelled "
            "items changes only what is tuned on them (thresholds, calibration)",
            False,
            "they were tuned again on all labelled units after the evaluation",
        ),
        ("saved model is the one evaluated (fit on the training split only)", True, "before they were set by hand"),
        ("saved model is the one evaluated (fit on the training split only)", False, "The evaluation (see Evaluation) used normalisation 0.400"),
    ],
)  # fmt: skip
def test_card_says_why_the_evaluated_thresholds_differ(tmp_path, refit, by_hand, said):
    """Review 265: a zero-shot model's thresholds, tuned again on all units
    after the evaluation, were said to be set by hand."""
    from classify.reports import write_model_card

    info = {"name": "m", "task": _task("topic").to_dict(), "family": "zero-shot",
            "thresholds": [0.5, 0.5, 0.5], "training": {"n": 40, "refit": refit},
            **({"thresholds_set_by_hand": {"evaluated_with": [0.4, 0.4, 0.4]}} if by_hand else {})}  # fmt: skip
    metrics = {"n": 10, "macro_f1": 0.5, "thresholds": [0.4, 0.4, 0.4]}
    card = " ".join(write_model_card(tmp_path, info=info, metrics=metrics).read_text().split())
    assert said in card
    assert ("set by hand" in card) is by_hand


def test_card_gives_a_family_seed_left_unset_as_the_runs(tmp_path):
    """Review 265: a SetFit card listed `seed | —` where model.json had seed 0."""
    from classify.reports import write_model_card

    info = {"name": "m", "task": _task("stance").to_dict(), "family": "setfit", "seed": 7,
            "params": {"num_iterations": 5, "seed": None}}  # fmt: skip
    card = write_model_card(tmp_path, info=info, metrics={"n": 10, "macro_f1": 0.5}).read_text()
    assert "| seed | 7 (the run's) |" in card
    info["params"]["seed"] = 3
    card = write_model_card(tmp_path, info=info, metrics={"n": 10, "macro_f1": 0.5}).read_text()
    assert "| seed | 3 |" in card


def test_word_counts_round_to_the_nearest_word():
    from classify.data import word_counts

    texts = [" ".join(["w"] * n) for n in (3, 4, 10, 17, 18)]
    # numpy: median 10, p10 3.4, p90 17.6 (interpolated): rounded, not cut.
    assert word_counts(texts) == {"median": 10, "p10": 3, "p90": 18}
    assert word_counts([" ".join(["w"] * n) for n in (9, 12)])["median"] == 10  # 10.5: even
    assert word_counts([]) == {"median": 0, "p10": 0, "p90": 0}


@pytest.mark.parametrize(
    ("pool_text", "same"),
    [
        # Check 267: short leads before one stock closing sentence are two stories.
        (f"Ceasefire broken overnight. {_STOCK}", False),
        (f"Ceasefire broken. {_STOCK}", False),
        (f"Ceasefire broken overnight.\n\n{_STOCK}", False),
        # A title line above a labelled text, kept or joined as a wrapped line.
        ("Leaders meet to discuss ties\n" + "{T}", True),
        ("Leaders meet to discuss ties {T}", True),
        ("Leaders meet\n\n{T}", True),
        ("Envoys say: {T}", True),
        ("{T_UPPER}", True),
        # Another title over the body of a titled labelled text, 20 words or more.
        ("Ministers meet: {T2}", True),
        ("{T2}", True),
        ("Floods closed the main port of Sudan for a week after storms.", False),
    ],
)
def test_pool_items_matched_as_the_same_story(pool_text, same):
    from classify.semi import SameItems

    t = ("The foreign ministry said on Tuesday that envoys would meet next week to discuss "
         "restoring ties, after months of quiet contacts between the two capitals.")  # fmt: skip
    t2 = t.replace("foreign", "defence")
    labelled = SameItems(
        [f"Tanker seized today. {_STOCK}", t, f"Talks on the peninsula resume: {t2}"]
    )
    text = pool_text.format(T=t, T_UPPER=t.upper(), T2=t2)
    assert (text in labelled) is same


@pytest.mark.parametrize(
    ("title", "site"),
    [
        ("www.baltic-news.lt | Naujienos | Seimas approves the embassy deal", "www.baltic-news.lt"),
        ("Gazeta Bałtycka | Świat | Ambasady w Mińsku zostaną otwarte", "Gazeta Bałtycka"),
    ],
)
def test_page_title_sections_of_the_baltic_and_polish_press(tmp_path, title, site):
    from classify.articles import read_articles

    path = tmp_path / "page.html"
    path.write_text(_PAGE.format(title=title), encoding="utf-8")
    [article] = read_articles(path)
    assert article.site == site and article.title == title.split(" | ")[-1]


def test_silver_overlap_matches_as_the_pool_does():
    from types import SimpleNamespace

    from classify import semi
    from classify.api import silver_overlap

    body = ("Washington and Minsk resumed talks on Tuesday on reopening embassies, officials "
            "said, after a year without contact between the two governments.")  # fmt: skip
    silver = [f"Floods closed the port. {_STOCK}", "Talks resume\n\n" + body]
    info = {"self_training": {
        "silver_text_hashes": sorted(semi.text_key(t) for t in silver),
        "silver_rest_hashes": sorted(semi.text_key(f) for t in silver for f in semi.bodies(t)),
    }}  # fmt: skip
    clf = SimpleNamespace(info=info)
    tests = [
        f"Tanker seized today. {_STOCK}",  # shares only the stock sentence
        body,  # the silver text without its title
        "Envoys meet again: " + body,  # another title over the same long body
        silver[0].upper(),  # the silver text re-cased
        "Fresh story about the harvest in the south of the country this year.",
    ]
    examples = SimpleNamespace(texts=tests)
    assert silver_overlap(clf, examples) == [1, 2, 3]


@pytest.mark.parametrize(
    ("pull", "dropped"),
    [
        ("“Engagement, not isolation, has freed prisoners before.”", True),
        ('"Engagement, not isolation, has freed prisoners before"', True),
        ("«Engagement, not isolation, has freed prisoners before.»", True),
        # With its speaker, or said once only, a quotation is the story's.
        ("“Engagement, not isolation, has freed prisoners,” she said.", False),
        ("“Dialogue has always been the only way forward here.”", False),
        # Too short to tell from a repeated phrase.
        ("“Engagement, not isolation.”", False),
    ],
)
def test_a_text_files_pull_quote_is_no_unit(tmp_path, pull, dropped):
    from classify.articles import read_articles

    path = tmp_path / "story.txt"
    path.write_text(
        "Envoys agree to reopen embassies\n\nMINSK (Reuters) - The United States and Belarus "
        "agreed on Tuesday to reopen their embassies after years of strained relations.\n\n"
        f"{pull}\n\n“Engagement, not isolation, has freed prisoners before,” the U.S. envoy "
        "told reporters in Minsk after the talks ended.\n",
        encoding="utf-8",
    )
    [article] = read_articles(path)
    assert (pull not in article.paragraphs) is dropped
    assert len(article.paragraphs) == (2 if dropped else 3)


def test_card_of_a_refit_model_with_thresholds_set_by_hand(tmp_path):
    """Check 269: the card blamed thresholds set by hand on the refit."""
    from classify.reports import write_model_card

    info = {"name": "m", "task": _task("topic").to_dict(), "family": "tfidf-linear",
            "thresholds": [0.6, 0.3, 0.3],
            "training": {"n": 40, "refit": "saved model refitted on all labelled items after evaluation"},
            "thresholds_set_by_hand": {"trained_with": [0.3, 0.3, 0.3], "evaluated_with": [0.4, 0.4, 0.4]}}  # fmt: skip
    metrics = {"n": 10, "macro_f1": 0.5, "thresholds": [0.4, 0.4, 0.4]}
    card = " ".join(write_model_card(tmp_path, info=info, metrics=metrics).read_text().split())
    assert (
        "The evaluation (see Evaluation) used normalisation 0.400, sanctions 0.400, human_rights "
        "0.400 (the model evaluated was fit before the refit; the refit's own were normalisation "
        "0.300, sanctions 0.300, human_rights 0.300), before they were set by hand." in card
    )


def test_saving_a_refit_model_with_thresholds_set_by_hand_records_both(tmp_path):
    import json
    import warnings

    from corpus_fixtures import labelled_rows, write_jsonl

    import classify

    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows())
    (tmp_path / "cfg.yaml").write_text(
        "task: topic\nmodel: {family: tfidf-linear}\nevaluation: {bootstrap: 0}\n"
        "thresholds: {method: cv, folds: 3}\n"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        classify.train(tmp_path / "cfg.yaml", data=data, out=tmp_path / "m")
    model = classify.load_model(tmp_path / "m")
    trained, scored = list(model.thresholds), model.metrics.get("thresholds")
    model.thresholds = {"sanctions": 0.95}
    with pytest.warns(UserWarning, match="the thresholds were set by hand") as caught:
        model.save(tmp_path / "hand")
    info = json.loads((tmp_path / "hand" / "model.json").read_text())
    assert info["thresholds_set_by_hand"] == {
        "trained_with": trained,
        "evaluated_with": scored or trained,
    }
    # Too few positives to tune: the refit's and the evaluation's are one.
    assert "; evaluated with normalisation 0.5," in str(caught[0].message)


def test_summary_box_blocks_counted_once_and_more_section_names(tmp_path):
    """Check 269: <li><p> counted twice; `Pasaulyje`, `McCarthyite`."""
    from classify.articles import _byline_author, read_articles

    box = ("<section class='latest-updates'><ul><li><p>Prisoners freed in Minsk, families "
           "say</p></li><li><p>EU ministers meet on Friday</p></li></ul></section>")  # fmt: skip
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Envoys agree - Northern Ledger</title></head><body><article>"
        f"<h1>Envoys agree to reopen embassies</h1>{_LEAD}{box}{_REST}</article></body></html>",
        encoding="utf-8",
    )
    [article] = read_articles(path)
    assert len(article.paragraphs) == 3 and article.meta["dropped_paragraphs"] == 2
    path.write_text(
        _PAGE.format(title="Delfi LT | Pasaulyje | Ministers agree to reopen two embassies"),
        encoding="utf-8",
    )
    [article] = read_articles(path)
    assert (article.site, article.title) == ("Delfi LT", "Ministers agree to reopen two embassies")
    assert _byline_author("By McCarthyite") is None


def test_analyse_of_a_dataframe_says_its_id_like_column_once(tmp_path):
    """Review 270: analyse with two models read the DataFrame twice and said
    "no 'id' column, ..." twice."""
    import warnings

    import pandas as pd
    from corpus_fixtures import labelled_rows, train_tfidf, write_jsonl

    import classify

    data = write_jsonl(tmp_path / "d.jsonl", labelled_rows())
    models = [train_tfidf(task, data, tmp_path / task) for task in ("topic", "stance")]
    corpus = pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(30)],
            "text": [
                f"Officials discussed sanctions and talks in Minsk, report {i}." for i in range(30)
            ],
            "date": ["2020-01-01"] * 15 + ["2021-01-01"] * 15,
        }
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        classify.analyse(models, corpus, by="year", n_bootstrap=0)
    said = [str(w.message) for w in caught if "no 'id' column" in str(w.message)]
    assert len(said) == 1 and "not by 'doc_id'" in said[0]


def test_a_python_error_is_raised_from_the_call_not_from_inside(tmp_path):
    """Review 270: a notebook showed 5-9 frames of the package above the
    one-line message."""
    import traceback

    import pandas as pd
    from corpus_fixtures import labelled_rows, train_tfidf, write_jsonl

    import classify
    from classify.errors import ClassifyError

    folder = train_tfidf(
        "stance", write_jsonl(tmp_path / "d.jsonl", labelled_rows()), tmp_path / "m"
    )
    with pytest.raises(ClassifyError) as caught:
        classify.evaluate(folder, pd.DataFrame({"text": ["a b c"]}))
    frames = traceback.extract_tb(caught.value.__traceback__)
    package = [f for f in frames if "/classify/" in f.filename.replace("\\", "/")]
    assert len(package) == 1
    message = str(caught.value)
    assert "pass gold_column=NAME or rename it to 'stance'" in message
    assert caught.value.__suppress_context__


def test_analyse_names_the_units_it_found_in_training(tmp_path):
    """Review 270: analyse counted corpus units seen in training without
    saying which."""
    import json

    import pandas as pd
    from corpus_fixtures import labelled_rows, train_tfidf, write_jsonl

    import classify

    rows = labelled_rows()
    folder = train_tfidf("stance", write_jsonl(tmp_path / "d.jsonl", rows), tmp_path / "m")
    corpus = pd.DataFrame(
        {
            "id": ["seen-a", "new-b", "seen-c"],
            "text": [
                rows[0]["text"],
                "A harvest festival opened in the south this week.",
                rows[1]["text"].upper(),
            ],
            "date": ["2020-01-01"] * 3,
        }
    )
    with pytest.warns(
        UserWarning, match=r"2 of the 3 units analysed for 'stance' .*\(first: 'seen-a', 'seen-c'"
    ):
        classify.analyse(folder, corpus, by="year", n_bootstrap=0, out=tmp_path / "an")
    record = json.loads((tmp_path / "an" / "analysis.json").read_text())
    assert record["counts"]["in_training_ids"] == {"stance": ["seen-a", "seen-c"]}


@pytest.mark.parametrize(
    ("title", "section"),
    [
        ("Le Courrier de Vilnius :: Monde :: Les ambassades vont rouvrir à Minsk", "Monde"),
        (
            "Northern Ledger » World » Europe » Envoys agree to reopen two embassies",
            "World | Europe",
        ),
        ("Northern Ledger | Envoys agree to reopen two embassies", None),
    ],
)
def test_page_title_sections_become_the_section(tmp_path, title, section):
    """Check 269: the <title>'s sections were dropped, `section` None."""
    from classify.articles import read_articles

    path = tmp_path / "page.html"
    path.write_text(_PAGE.format(title=title), encoding="utf-8")
    [article] = read_articles(path)
    assert article.section == section


def test_a_missing_argument_is_said_from_the_users_call():
    """Check 271: a missing positional argument raised a plain TypeError
    from two of the package's frames."""
    import traceback

    import classify

    with pytest.raises(
        TypeError, match=r"^evaluate\(\): missing a required argument: 'data'$"
    ) as caught:
        classify.evaluate("some-model")
    frames = traceback.extract_tb(caught.value.__traceback__)
    assert len([f for f in frames if "/classify/" in f.filename.replace("\\", "/")]) == 1
    with pytest.raises(TypeError, match=r"too many positional arguments"):
        classify.predict("m", "text", "extra", "more", "and", "more", "still", "more", "x", "y")


_BODY = (
    "The United States and Belarus agreed on Tuesday to reopen their embassies after years of "
    "strained relations, officials said on both sides.\n\nThe decision follows the release of "
    "political prisoners last month, diplomats said in a statement."
)


@pytest.mark.parametrize(
    ("header", "section", "deck"),
    [
        # The site's name, a section, the headline, then byline and date.
        ("The Northern Ledger\n\nWorld\n\nEnvoys agree to reopen embassies in Minsk\n\n"
         "By Jane Doe\n\nTue 3 Mar 2026 14.02 GMT", "World", None),
        # A deck run into the byline without a blank line.
        ("The Northern Ledger\n\nEnvoys agree to reopen embassies in Minsk\n\nWashington and "
         "Minsk took a first step toward normal ties on Tuesday\nBy Jane Doe\nTue 3 Mar 2026 "
         "14.02 GMT", None, "Washington and Minsk took a first step toward normal ties on Tuesday"),
        # Both, under a skip link.
        ("Skip to main content\n\nThe Daily Ledger\n\nWorld\n\nEnvoys agree to reopen embassies "
         "in Minsk\n\nA first step toward normal ties\nBy Jane Doe\nTue 3 Mar 2026 14.02 GMT",
         "World", "A first step toward normal ties"),
    ],
)  # fmt: skip
def test_browser_copy_with_a_section_or_a_deck_under_a_three_word_masthead(
    tmp_path, header, section, deck
):
    """Stop 68's list (check 263): the site's name was read as the title."""
    from classify.articles import read_articles

    path = tmp_path / "copy.txt"
    path.write_text(f"{header}\n\n{_BODY}\n", encoding="utf-8")
    [article] = read_articles(path)
    assert article.title == "Envoys agree to reopen embassies in Minsk"
    assert article.source == article.meta["masthead"]
    assert article.source in ("The Northern Ledger", "The Daily Ledger")
    assert article.author == "Jane Doe" and article.date == "2026-03-03"
    assert article.section == section
    assert article.meta.get("standfirst") == deck
    assert article.paragraphs[0].startswith("The United States")


def test_pool_check_records_no_interval_for_identical_decisions(tmp_path):
    """Check 267: metrics.json kept ci95 [0, 0] and p 1.0 where the line said
    there were none."""
    import json
    import warnings

    from corpus_fixtures import labelled_rows, write_jsonl

    import classify

    rows = labelled_rows()
    data = write_jsonl(tmp_path / "d.jsonl", rows)
    # A pool of one text: its silver unit cannot move a TF-IDF model's decisions here.
    pool = write_jsonl(tmp_path / "pool.jsonl", [{"text": "Weather was mild in the region."}])
    (tmp_path / "cfg.yaml").write_text(
        "task: stance\nmodel: {family: tfidf-linear}\nevaluation: {bootstrap: 200}\n"
        "self_training: {min_confidence: 0.0, balance: false, weight: 0.0001}\n"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        classify.train(
            tmp_path / "cfg.yaml", data=data, unlabelled=[pool], out=tmp_path / "m", refit=False
        )
    check = json.loads((tmp_path / "m" / "metrics.json").read_text())["self_training"][
        "without_pool"
    ]
    assert check["difference"] == 0
    assert check["ci95"] is None and check["p_value"] is None and check["same_decisions"] is True
