"""Stop 58: fixes from the reviews and the left-alone list, each on inputs
written here."""

from __future__ import annotations

import warnings

import pytest

_HEADLINE = "Lithuania reopens border crossing with Belarus"
_LEDE = (
    "Lithuania reopened the Medininkai crossing on Thursday after a three-week closure, "
    "the interior ministry said in a statement."
)
_SECOND = "Freight traffic is expected to return to normal levels within days, officials added."


def _txt(tmp_path, text: str, name: str = "story.txt"):
    from classify.articles import read_articles

    (tmp_path / name).write_text(text, encoding="utf-8")
    (article,) = read_articles(tmp_path / name)
    return article


@pytest.mark.parametrize(
    "header",
    [
        "Posted on June 12, 2025 by Rasa Vaitkus",
        "Posted June 12, 2025 by Rasa Vaitkus",
        "Published on June 12, 2025 by Rasa Vaitkus in Politics",
        "Posted by Rasa Vaitkus on June 12, 2025",
        "June 12, 2025 by Rasa Vaitkus",
    ],
)
def test_a_blogs_posted_on_by_line_gives_the_date_and_the_author(tmp_path, header):
    """Left alone in stop 57: WordPress's "Posted on DATE by NAME" stayed a unit."""
    article = _txt(tmp_path, f"{_HEADLINE}\n\n{header}\n\n{_LEDE}\n\n{_SECOND}\n")
    assert (article.date, article.author) == ("2025-06-12", "Rasa Vaitkus")
    assert article.paragraphs == [_LEDE, _SECOND]


@pytest.mark.parametrize(
    ("header", "author"),
    [
        ("Posted on June 12, 2025 by Rasa Vaitkus | 3 Comments", "Rasa Vaitkus"),
        ("Posted on June 12, 2025 by Rasa Vaitkus\nLeave a comment", "Rasa Vaitkus"),
        # The blog's account is no author; the date is still read.
        ("posted on June 12, 2025 by admin", None),
        ("Posted on 12 June 2025 by Admin", None),
    ],
)
def test_a_blog_line_with_comments_or_an_account_gives_the_date(tmp_path, header, author):
    article = _txt(tmp_path, f"{_HEADLINE}\n\n{header}\n\n{_LEDE}\n\n{_SECOND}\n")
    assert (article.date, article.author) == ("2025-06-12", author)
    assert article.paragraphs == [_LEDE, _SECOND]


@pytest.mark.parametrize("phrase", ["by Royal Decree", "by Popular Demand"])
def test_a_date_and_a_title_cased_phrase_are_no_byline(tmp_path, phrase):
    """Check 170: "June 12, 2025 by Royal Decree" gave the author "Royal Decree"."""
    article = _txt(tmp_path, f"{_HEADLINE}\n\nJune 12, 2025 {phrase}\n\n{_LEDE}\n")
    # Check 172: the date stays read.
    assert (article.author, article.date, article.paragraphs) == (None, "2025-06-12", [_LEDE])


def test_a_sentence_with_a_date_and_by_stays_body_text(tmp_path):
    sentence = "The crossing was closed on June 12, 2025 by the interior ministry."
    article = _txt(tmp_path, f"{_HEADLINE}\n\n{sentence}\n\n{_SECOND}\n")
    assert article.paragraphs == [sentence, _SECOND]
    assert article.author is None


@pytest.mark.parametrize(
    ("header", "author", "section"),
    [
        ("June 12, 2025 | Rasa Vaitkus", "Rasa Vaitkus", None),
        ("Rasa Vaitkus | June 12, 2025", "Rasa Vaitkus", None),
        ("Rasa Vaitkus | June 12, 2025 | 4 min read", "Rasa Vaitkus", None),
        (
            "Rasa Vaitkus and Tomas Kazlauskas | June 12, 2025",
            "Rasa Vaitkus and Tomas Kazlauskas",
            None,
        ),
        # A section's name beside the date stays the section.
        ("Eastern Europe | June 12, 2025", None, "Eastern Europe"),
        ("June 12, 2025 | Middle East", None, "Middle East"),
        ("World News | June 12, 2025", None, "World News"),
        ("Lithuania | June 12, 2025", None, "Lithuania"),
        # Check 170: a place's name of two words is a section, not a person.
        ("June 12, 2025 | Saudi Arabia", None, "Saudi Arabia"),
        ("El Salvador | June 12, 2025", None, "El Salvador"),
        ("June 12, 2025 | Hong Kong", None, "Hong Kong"),
        # A name and a section beside the date: both.
        ("June 12, 2025 | Rasa Vaitkus | World", "Rasa Vaitkus", "World"),
        ("Rasa Vaitkus | Politics | June 12, 2025", "Rasa Vaitkus", "Politics"),
    ],
)
def test_a_bare_name_beside_the_date_is_the_author_not_a_section(tmp_path, header, author, section):
    """Left alone in stop 56: "March 4, 2023 | Jane Doe" read the author as the section."""
    article = _txt(tmp_path, f"{_HEADLINE}\n\n{header}\n\n{_LEDE}\n\n{_SECOND}\n")
    assert (article.author, article.section, article.date) == (author, section, "2025-06-12")


_MENU = "Home\nNews\nWorld\nBusiness\nSci & Tech"


def _assert_story_under_menu(article, *, dropped: int) -> None:
    """The story under a site's menu read whole, the menu's lines dropped."""
    assert (article.title, article.author, article.date) == (
        _HEADLINE,
        "Rasa Vaitkus",
        "2025-06-12",
    )
    assert article.paragraphs == [_LEDE, _SECOND]
    assert article.meta["dropped_paragraphs"] == dropped


@pytest.mark.parametrize("blank_lines", [False, True])
def test_a_site_menu_above_the_headline_is_no_title(tmp_path, blank_lines):
    """Left alone in stop 57: a browser copy's menu words became the title."""
    parts = [*_MENU.split("\n"), _HEADLINE, "By Rasa Vaitkus", "June 12, 2025", _LEDE, _SECOND]
    text = ("\n\n" if blank_lines else "\n").join(parts) + "\n"
    with warnings.catch_warnings():
        # Short header lines end no sentence: no hard-wrapped warning.
        warnings.simplefilter("error")
        article = _txt(tmp_path, text)
    _assert_story_under_menu(article, dropped=5)


@pytest.mark.parametrize("skip", ["", "Skip to content\n"])
def test_a_menu_with_latest_news_keeps_the_headline(tmp_path, skip):
    """Check 170: "Latest News" in a menu read as a heading of links, and the
    headline, byline and date under it were dropped as its links."""
    text = (
        f"{skip}Home\nLatest News\nMiddle East\nAsia\n{_HEADLINE}\nBy Rasa Vaitkus\n\n"
        f"June 12, 2025\n\n{_LEDE}\n\n{_SECOND}\n"
    )
    article = _txt(tmp_path, text)
    _assert_story_under_menu(article, dropped=4 + bool(skip))


def test_a_masthead_above_a_menu_stays_the_source(tmp_path):
    text = f"The Baltic Times\n{_MENU}\n{_HEADLINE}\nBy Rasa Vaitkus\n\n{_LEDE}\n\n{_SECOND}\n"
    article = _txt(tmp_path, text)
    assert (article.source, article.title) == ("The Baltic Times", _HEADLINE)


def test_one_section_word_above_the_headline_stays_a_breadcrumb(tmp_path):
    article = _txt(tmp_path, f"World\n\n{_HEADLINE}\n\nBy Rasa Vaitkus\n\n{_LEDE}\n")
    assert (article.title, article.meta["breadcrumb"]) == (_HEADLINE, "World")
    assert article.paragraphs == [_LEDE]


def test_short_lines_above_no_headline_are_no_menu(tmp_path):
    """Three short lines and then a byline: no headline follows, so no menu."""
    article = _txt(tmp_path, f"Talks Resume\nIn Vilnius\nAfter Pause\nBy Rasa Vaitkus\n\n{_LEDE}\n")
    assert article.meta["dropped_paragraphs"] == 0
    assert "After Pause" in article.title
    assert article.paragraphs == [_LEDE]


def test_wrapped_text_without_blank_lines_is_still_warned_of(tmp_path):
    from classify.articles import read_articles

    words = (_LEDE + " " + _SECOND + " ") * 4
    lines = [words[k : k + 60] for k in range(0, len(words), 60)]
    (tmp_path / "wrapped.txt").write_text(_HEADLINE + "\n" + "\n".join(lines), encoding="utf-8")
    with pytest.warns(UserWarning, match="hard-wrapped"):
        read_articles(tmp_path / "wrapped.txt")


_PAGE_LEDE = "<p>" + _LEDE + "</p>"
_PAGE_SECOND = "<p>" + _SECOND + "</p>"


def _page(body: str, *, under_headline: str = ""):
    from classify.articles import parse_html

    html = (
        f"<html><head><title>{_HEADLINE}</title></head><body><article><h1>{_HEADLINE}</h1>"
        f"{under_headline}<p class='byline'>By Rasa Vaitkus</p>{body}</article></body></html>"
    )
    return parse_html(html, id="page", path="page.html")


@pytest.mark.parametrize(
    "element",
    [
        "<p class='pull-quote'>“We are open for business again”</p>",
        "<aside class='pullquote'><p>“We are open for business again”</p></aside>",
        "<div class='article__pull-quote large'><span>“We are open for business again”</span></div>",
        "<blockquote class='pull-quote'><p>“We are open for business again”</p></blockquote>",
        "<div class='story_pull_quote'>“We are open for business again”</div>",
    ],
)
def test_a_pull_quote_in_any_element_is_no_unit_and_is_counted(tmp_path, element):
    """Left alone in stop 57: ``<p class="pull-quote">`` stayed a unit, and
    pull quotes were not counted among the paragraphs dropped."""
    article = _page(_PAGE_LEDE + element + _PAGE_SECOND)
    assert article.paragraphs == [_LEDE, _SECOND]
    assert article.meta["dropped_paragraphs"] == 1


def test_a_quotation_marked_otherwise_stays(tmp_path):
    quote = "<p class='quote'>“We are open for business again,” the minister said on Thursday.</p>"
    article = _page(_PAGE_LEDE + quote + _PAGE_SECOND)
    assert len(article.paragraphs) == 3
    assert article.meta["dropped_paragraphs"] == 0


# -- quotations and speakers (review 168) ---------------------------------------


def _said(*paragraphs: str) -> list[tuple[str, str | None, str | None]]:
    """``(text, speaker, mention)`` of each quotation of an article."""
    from classify.articles import Article
    from classify.quotes import extract_quotes

    article = Article(id="a", title="Talks on the border", paragraphs=list(paragraphs))
    return [(q.text, q.speaker, q.mention) for q in extract_quotes(article)]


def test_mixed_quote_marks_close_where_they_stand():
    """Review 168: a curly opening closed by a straight mark ran on into the
    next quotation, which took the first one's words and gave them to its speaker."""
    got = _said(
        '“We will not be the first to blink," said Anna Kowalski.',
        '"The border stays closed," said Jane Roe.',
        '"Minsk must move first,” said Peter Szabo.',
    )
    assert got == [
        ("We will not be the first to blink", "Anna Kowalski", "Anna Kowalski"),
        ("The border stays closed", "Jane Roe", "Jane Roe"),
        ("Minsk must move first", "Peter Szabo", "Peter Szabo"),
    ]


def test_an_interrupted_quotation_loses_the_comma_at_its_break():
    got = _said(
        '"This deal," said Anna Kowalski, a Polish diplomat, "is dead before it was born."',
        '"Minsk talks about dialogue," Kowalski said, "but nothing changes."',
        # A capital opens the next sentence: the comma stays, as written.
        '"I do not think they existed", Kowalski said, "What everyone saw was old stock."',
    )
    assert [g[0] for g in got] == [
        "This deal is dead before it was born",
        "Minsk talks about dialogue, but nothing changes",
        "I do not think they existed, What everyone saw was old stock",
    ]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Asked about the 'Lukashenko problem', an EU diplomat said the debate was over.",
        "On the so-called 'grand bargain', Peter Szabo said nothing at all.",
        'Asked about the "Lukashenko problem", Jane Roe said nothing at all.',
        'Officials on the "border question", Jane Roe said, were not agreed.',
    ],
)
def test_a_term_in_scare_quotes_after_an_article_is_no_quotation(paragraph):
    assert _said(paragraph) == []


@pytest.mark.parametrize(
    ("paragraph", "quoted"),
    [
        ('Jane Roe said the embassy would reopen "within weeks".', "within weeks"),
        # After the speech verb, an article's quotation is the speaker's words.
        ('Jane Roe said the deal was a "first phase" only.', "first phase"),
        ('Jane Roe said their "reset policy" had failed.', "reset policy"),
        # "according to" in the sentence: the words are the speaker's.
        (
            "The crisis was handled well, according to Jane Roe, who hails the envoy as a "
            "“great communicator”.",
            "great communicator",
        ),
        # "according to" after it, in its sentence (check 175).
        ('The deal amounts to a "grand bargain," according to Jane Roe.', "grand bargain"),
    ],
)
def test_two_attributed_words_after_a_verb_are_still_a_quotation(paragraph, quoted):
    assert _said(paragraph) == [(quoted, "Jane Roe", "Jane Roe")]


def test_a_name_written_surname_first_is_called_by_its_first_word():
    got = _said(
        '"We seek stable ties with all neighbours," Chinese President Xi Jinping said.',
        '"Our door is open to dialogue," Xi said.',
        'Yoon Suk-yeol, the South Korean president, said: "We will keep talking to Beijing."',
        '"Nothing is decided yet," Yoon said.',
    )
    assert [g[1] for g in got] == ["Xi Jinping", "Xi Jinping", "Yoon Suk-yeol", "Yoon Suk-yeol"]


def test_a_first_word_two_full_names_open_with_stays_as_written():
    from classify.articles import Article
    from classify.quotes import extract_quotes

    paragraphs = [
        "Kim Jong Un and Kim Yo Jong attended the parade.",
        '"We will answer any provocation," Kim said.',
    ]
    (quote,) = extract_quotes(Article(id="a", title="Parade", paragraphs=paragraphs))
    assert (quote.speaker, quote.namesakes) == ("Kim", ("Kim Jong Un", "Kim Yo Jong"))


def test_a_title_of_several_words_links_to_the_one_person_given_it():
    got = _said(
        '"Sanctions stay until prisoners are free," the foreign secretary, Helen Clarke, said.',
        'The foreign secretary said: "Our sanctions will stay in place."',
        '"We will review them in spring," the foreign secretary said.',
        '"The measures work as planned," the foreign ministry spokesman said.',
    )
    assert [g[1] for g in got] == [
        "Helen Clarke",
        "Helen Clarke",
        "Helen Clarke",
        "the foreign ministry spokesman",
    ]


def test_a_lower_case_body_after_according_to_is_the_speaker():
    got = _said(
        'According to the presidential press service, the pardons were "a gesture of goodwill".'
    )
    assert got == [
        (
            "a gesture of goodwill",
            "the presidential press service",
            "the presidential press service",
        )
    ]


@pytest.mark.parametrize(
    ("paragraph", "mention"),
    [
        ('The Netherlands said its "coffee shop policy will stay".', "Netherlands"),
        ('"We are watching closely," the United States said.', "the United States"),
        ('"We stay firm on this," said the United Kingdom.', "the United Kingdom"),
    ],
)
def test_a_country_named_with_the_is_a_government_not_a_person(paragraph, mention):
    ((_, speaker, said),) = _said(paragraph)
    assert (speaker, said) == (None, mention)


def test_a_country_column_is_one_group_whatever_its_case():
    """Review 168: a country column with a dateline beside it kept
    "Lithuania", "lithuania" and "LITHUANIA" apart."""
    import pandas as pd

    from classify.analysis import group_keys

    frame = pd.DataFrame(
        {
            "country": ["Lithuania", "lithuania", "LITHUANIA", "Lithuania", ""],
            "dateline": ["", "", "", "", "MINSK"],
        }
    )
    assert group_keys(frame, "country") == ["Lithuania"] * 4 + ["Belarus"]


# -- corpora of one's own (review 169) -----------------------------------------

_NEWSWIRE = "name: newswire\nfield: categories\nkind: multilabel\nlabels: [grain, crude]\n"


def _build_by_column(capsys, tmp_path, rows: list[str]):
    """``dataset build`` of a CSV of ``rows`` (under the header ``id, text,
    categories, split``) by its own split column, with the newswire task."""
    from cli_runner import run_cli

    text = "\n".join(["id,text,categories,split", *rows]) + "\n"
    (tmp_path / "wire.csv").write_text(text, encoding="utf-8")
    (tmp_path / "newswire.yaml").write_text(_NEWSWIRE, encoding="utf-8")
    return run_cli(
        capsys,
        "dataset", "build", tmp_path / "wire.csv", "--task", tmp_path / "newswire.yaml",
        "--split", "column", "--out", tmp_path / "ds",
    )  # fmt: skip


def test_a_published_split_column_is_no_label_beside_an_empty_cell(tmp_path, capsys):
    """Review 169: with ``--split column`` the split cell counted as a filled
    label, so an empty label cell beside it was read as the empty set."""
    rows = [
        f"r{k},Report {k} on {label} markets this week.,{label},{'test' if k > 5 else 'train'}"
        for k, label in enumerate(["grain", "crude"] * 4)
    ]
    got = _build_by_column(capsys, tmp_path, [*rows, "r9,Oil fell on Friday in London.,,train"])
    assert got.code == 0, got.err
    assert "beside a filled label" not in got.err
    assert "1 unit is unlabelled for 'categories'" in got.out
    from datasets import load_from_disk

    built = [r for part in load_from_disk(str(tmp_path / "ds")).values() for r in part]
    assert {r["id"]: r["categories"] for r in built}.get("r9") is None


def test_a_column_split_that_lacks_a_label_says_the_split_is_the_datas_own(tmp_path, capsys):
    rows = [f"r{k},Report {k} on grain markets.,grain,train" for k in range(4)]
    rows += ["r8,Report on crude oil.,crude,test", "r9,Report on grain again.,grain,test"]
    got = _build_by_column(capsys, tmp_path, rows)
    assert "no training unit has the label 'crude'" in got.err
    assert "the data's own 'split' column puts them there" in got.err
    assert "--seed" not in got.err


def test_labels_in_a_column_of_their_own_point_to_a_task_file(tmp_path, capsys):
    from cli_runner import run_cli

    (tmp_path / "t.jsonl").write_text(
        '{"id": "1", "text": "Wheat up.", "categories": ["grain"]}\n', encoding="utf-8"
    )
    got = run_cli(capsys, "dataset", "build", tmp_path / "t.jsonl", "--out", tmp_path / "ds")
    assert got.code == 1
    assert "give a task file whose 'field' names it (--task FILE" in got.err


def _desk_corpus(root):
    words = {"politics": "parliament vote coalition", "trade": "tariff export cargo"}
    for desk, said in words.items():
        (root / desk).mkdir(parents=True)
        for k in range(6):
            text = (
                f"{desk.title()} story {k}\n\nThe {said} news number {k} came today.\n\n"
                f"More on the {said} desk story {k} follows.\n\nRead more: other stories\n"
            )
            (root / desk / f"00{k}.txt").write_text(text, encoding="utf-8")
    return root


def test_articles_in_label_folders_point_to_label_from_folder(tmp_path, capsys):
    from cli_runner import run_cli

    corpus = _desk_corpus(tmp_path / "corpus")
    got = run_cli(capsys, "dataset", "build", corpus, "--out", tmp_path / "ds")
    assert got.code == 1
    assert "where each folder holds the articles of one label, --label-from-folder FIELD" in got.err


def _desk_configs(tmp_path):
    (tmp_path / "desk.yaml").write_text(
        "name: desk\nkind: multiclass\nlabels: [politics, trade]\nmetric: accuracy\n",
        encoding="utf-8",
    )
    (tmp_path / "desk-tfidf.yaml").write_text(
        "name: desk-tfidf\ntask: desk.yaml\nmodel:\n  family: tfidf-linear\n"
        "data:\n  path: corpus\n  unit: article\n  label_from_folder: desk\n"
        "  split:\n    method: random\n",
        encoding="utf-8",
    )


def test_train_on_a_folder_says_the_layouts_and_paragraphs_left_out(tmp_path, capsys):
    """Review 169: ``dataset build`` and ``run`` said so, ``train`` did not."""
    from cli_runner import run_cli

    _desk_corpus(tmp_path / "corpus")
    _desk_configs(tmp_path)
    got = run_cli(capsys, "train", tmp_path / "desk-tfidf.yaml", "--out", tmp_path / "m")
    assert got.code == 0, got.err
    assert "article layouts: 12 plain" in got.out
    assert "12 paragraphs left out of the body in 12 files" in got.out
    assert "model.json's training" in got.out
    card = (tmp_path / "m" / "README.md").read_text(encoding="utf-8")
    assert "target_weight" not in card  # a task without targets


def test_the_run_table_leads_with_each_tasks_own_metric(tmp_path, capsys):
    """Review 169: a task ranked by accuracy was shown by macro-F1 first."""
    from cli_runner import run_cli

    _desk_corpus(tmp_path / "corpus")
    _desk_configs(tmp_path)
    (tmp_path / "run.yaml").write_text(
        "name: desks\nsources: [corpus]\nunit: article\nread:\n  label_from_folder: desk\n"
        "models: [desk-tfidf.yaml]\n",
        encoding="utf-8",
    )
    got = run_cli(capsys, "run", tmp_path / "run.yaml", "--out", tmp_path / "r")
    assert got.code == 0, got.err
    (line,) = [x for x in got.out.splitlines() if x.lstrip().startswith("desk-tfidf ")]
    assert line.index("accuracy") < line.index("macro-F1")
    import json

    (row,) = json.loads((tmp_path / "r" / "summary.json").read_text())["models"]
    assert (row["metric"], row["primary"]) == ("accuracy", row["accuracy"])


# -- left alone in stop 57 -------------------------------------------------------


def test_an_h2_right_under_the_h1_is_the_standfirst(tmp_path):
    deck = "Vilnius expects freight to return to normal within days"
    article = _page(_PAGE_LEDE + _PAGE_SECOND, under_headline=f"<h2>{deck}</h2>")
    assert article.paragraphs == [_LEDE, _SECOND]
    assert article.meta["standfirst"] == deck


def test_an_h2_after_paragraphs_stays_a_subheading():
    sub = "What the reopening means for the freight companies"
    article = _page(_PAGE_LEDE + f"<h2>{sub}</h2>" + _PAGE_SECOND)
    assert article.paragraphs == [_LEDE, sub, _SECOND]


@pytest.mark.parametrize(
    "stamp", ["Updated 10:31 a.m. ET", "Last updated: 14:05 GMT+1", "updated at 9.15"]
)
@pytest.mark.parametrize("blank", [False, True])
def test_a_time_of_update_beside_the_date_line_is_header(tmp_path, stamp, blank):
    """Left alone in stop 57: ``Updated 10:31 a.m. ET`` under a date line was a caption."""
    gap = "\n\n" if blank else "\n"
    text = f"{_HEADLINE}\n\nJune 12, 2025{gap}{stamp}\n\nBy Rasa Vaitkus\n\n{_LEDE}\n"
    article = _txt(tmp_path, text)
    assert (article.date, article.author, article.caption) == (
        "2025-06-12",
        "Rasa Vaitkus",
        None,
    )
    assert article.paragraphs == [_LEDE]


@pytest.mark.parametrize(
    "byline", ["Автор материала: Иван Петров", "Текст: Иван Петров", "Автор — Иван Петров"]
)
def test_russian_byline_labels_give_the_author(tmp_path, byline):
    article = _txt(tmp_path, f"Литва открыла границу\n\n{byline}\n\n12 июня 2025\n\n{_LEDE}\n")
    assert (article.author, article.date) == ("Иван Петров", "2025-06-12")
    assert article.paragraphs == [_LEDE]


def test_a_sentence_opening_with_tekst_stays_body_text(tmp_path):
    body = "Текст соглашения опубликуют в Минске на следующей неделе, сообщили власти."
    article = _txt(tmp_path, f"Литва открыла границу\n\n12 июня 2025\n\n{body}\n\n{_LEDE}\n")
    assert article.paragraphs == [body, _LEDE]


@pytest.mark.parametrize(
    "trailer",
    [
        "Anna Kim reported from Seoul, and Jo Lee from Minsk.",
        "Rasa Vaitkus reported from Vilnius.",
        "Vaitkus reported from Vilnius and Kazlauskas reported from Kaunas.",
    ],
)
def test_a_trailer_of_where_reporters_filed_from_is_no_unit(tmp_path, trailer):
    article = _txt(
        tmp_path, f"{_HEADLINE}\n\nBy Rasa Vaitkus\n\n{_LEDE}\n\n{_SECOND}\n\n{trailer}\n"
    )
    assert article.paragraphs == [_LEDE, _SECOND]
    assert article.meta["dropped_paragraphs"] == 1


def test_a_sentence_about_reporting_from_a_place_stays(tmp_path):
    sentence = (
        "The BBC correspondent Steve Rosenberg reported from Moscow that the talks had stalled."
    )
    article = _txt(tmp_path, f"{_HEADLINE}\n\nBy Rasa Vaitkus\n\n{_LEDE}\n\n{sentence}\n")
    assert article.paragraphs == [_LEDE, sentence]


def test_a_text_in_a_script_the_model_never_saw_is_warned_of(tmp_path, capsys):
    """Left alone in stop 57: a Russian text got an English model's label, said nothing."""
    import json

    from cli_runner import run_cli

    _desk_corpus(tmp_path / "corpus")
    _desk_configs(tmp_path)
    assert run_cli(capsys, "train", tmp_path / "desk-tfidf.yaml", "--out", tmp_path / "m").code == 0
    info = json.loads((tmp_path / "m" / "model.json").read_text(encoding="utf-8"))
    assert info["training"]["scripts"] == {"Latin": 1.0}
    rows = [
        "Парламент проголосовал за новые тарифы на экспорт.",
        "The tariff on export cargo rose this week.",
        "Lukashenko (Лукашенко) met the trade envoy in Minsk on Tuesday.",
    ]
    (tmp_path / "new.jsonl").write_text(
        "".join(json.dumps({"id": str(k), "text": t}) + "\n" for k, t in enumerate(rows)),
        encoding="utf-8",
    )
    got = run_cli(
        capsys, "predict", tmp_path / "m", tmp_path / "new.jsonl", "--out", tmp_path / "p.jsonl"
    )
    assert got.code == 0, got.err
    assert "1 of the 3 texts scored together is written in Cyrillic script" in got.err
    import classify

    model = classify.load_model(tmp_path / "m")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.predict(rows[1:])  # English, a Cyrillic name inside: no warning
    with pytest.warns(UserWarning, match="the text is written in Cyrillic script"):
        model.predict(rows[0])


def test_a_label_studio_file_that_chooses_a_stance_gives_no_topic_only_hint(tmp_path, capsys):
    import json

    from cli_runner import run_cli
    from test_stop57 import _ls_task

    stance = {"from_name": "stance", "to_name": "text", "type": "choices"}
    rows = [_ls_task("a:p1", "Talks go on.", []), _ls_task("a:p2", "EU widens sanctions.", [])]
    rows[1]["annotations"][0]["result"] = [{**stance, "value": {"choices": ["against"]}}]
    (tmp_path / "ls.json").write_text(json.dumps(rows), encoding="utf-8")
    args = ["annotate", "import", tmp_path / "ls.json", "--annotator", "B"]
    res = run_cli(capsys, *args, "--out", tmp_path / "b.jsonl")
    assert res.code == 0, res.err
    assert "--task topic" not in res.err


def test_a_column_split_missing_a_label_in_training_advises_no_cutoff(tmp_path):
    """Check 170: train's warning on a published split column said to move
    data.split.cutoff."""
    from classify.api import train

    rows = ["id,text,stance,split"]
    rows += [f"f{k},Officials welcome the dialogue {k}.,favour,train" for k in range(6)]
    rows += [f"n{k},Officials report the visit {k}.,neutral,train" for k in range(6)]
    rows += [f"a{k},Officials condemn repression {k}.,against,test" for k in range(3)]
    rows += [f"t{k},Officials welcome talks {k}.,favour,test" for k in range(3)]
    (tmp_path / "s.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    overrides = {"data.split.method": "column"}
    with pytest.warns(UserWarning) as caught:
        train(
            "configs/stance-tfidf.yaml",
            data=tmp_path / "s.csv",
            out=tmp_path / "m",
            overrides=overrides,
        )
    said = " ".join(str(w.message) for w in caught)
    assert "which no training unit has" in said
    assert "label training units of it" in said
    assert "data.split.cutoff" not in said


def test_a_menu_that_opens_with_news_is_a_menu(tmp_path):
    """Check 170: "News" first read as a masthead, leaving two entries, no menu."""
    text = f"News\nSport\nCulture\n{_HEADLINE}\n\nJune 12, 2025\n\nBy Rasa Vaitkus\n\n{_LEDE}\n\n{_SECOND}\n"
    article = _txt(tmp_path, text)
    _assert_story_under_menu(article, dropped=3)
    assert article.section is None


@pytest.mark.parametrize(
    "paragraph",
    [
        "“The pipeline,” the minister Petra Novak said, “will never carry Russian gas again.”",
        "“The pipeline will never carry Russian gas again,” the foreign minister Petra Novak said.",
        "The minister Petra Novak said: “The pipeline will never carry Russian gas again.”",
    ],
)
def test_a_lower_case_title_after_the_before_a_name_is_read(paragraph):
    """Check 170: "the minister Petra Novak said" between two parts lost the first."""
    ((text, speaker, _),) = _said(paragraph)
    assert text == "The pipeline will never carry Russian gas again"
    assert speaker == "Petra Novak"


# -- guards against lost work (review 171) ---------------------------------------


@pytest.fixture(scope="module")
def stance_model(tmp_path_factory):
    from corpus_fixtures import labelled_rows, train_tfidf, write_jsonl

    root = tmp_path_factory.mktemp("stance")
    data = write_jsonl(root / "train.jsonl", labelled_rows())
    return {"model": train_tfidf("stance", data, root / "stance"), "data": data}


def test_predict_never_writes_over_its_input_file(stance_model, tmp_path, capsys):
    """Review 171: ``--out`` naming the input with ``--overwrite`` replaced the
    labelled data with predictions."""
    import shutil

    from cli_runner import run_cli

    data = tmp_path / "mine.jsonl"
    shutil.copy(stance_model["data"], data)
    before = data.read_bytes()
    got = run_cli(capsys, "predict", stance_model["model"], data, "--out", data, "--overwrite")
    assert got.code == 1
    assert "--out is the input file" in got.err
    assert data.read_bytes() == before


def test_a_folder_output_never_replaces_a_file(stance_model, tmp_path, capsys):
    from cli_runner import run_cli

    notes = tmp_path / "notes"
    notes.write_text("my notes", encoding="utf-8")
    args = ["train", "stance-tfidf", "--data", stance_model["data"], "--out", notes, "--overwrite"]
    got = run_cli(capsys, *args)
    assert got.code == 1
    assert "exists and is a file" in got.err
    assert notes.read_text(encoding="utf-8") == "my notes"


def test_an_interrupted_overwrite_resumes_with_resume_alone(stance_model, tmp_path, monkeypatch):
    """Review 171: after an interrupted ``--overwrite`` over a finished file,
    ``--resume`` was refused as "already exists", and the advice led nowhere."""
    from test_predict_stream import _interrupted_at

    from classify import api, predicting
    from classify.engines.local import read_predictions

    out = tmp_path / "pred.jsonl"
    model, data = stance_model["model"], stance_model["data"]
    api.predict(model, data, out=out, chunk_size=10)
    real = predicting.score_rows
    monkeypatch.setattr(predicting, "score_rows", _interrupted_at(3, {"n": 0}, real))
    with pytest.raises(api.Interrupted, match="2 complete chunk"):
        api.predict(model, data, out=out, chunk_size=10, overwrite=True)
    monkeypatch.setattr(predicting, "score_rows", real)
    run = api.predict(model, data, out=out, chunk_size=10, resume=True)
    assert run.reused_chunks == 2
    assert len(read_predictions(out)) == run.rows


def test_compare_writes_n_a_and_names_no_best_where_every_figure_is_undefined(
    stance_model, tmp_path, capsys
):
    import json

    from cli_runner import run_cli

    # Stance units all favour, the model's labels mixed: defined; topics absent
    # from gold and predictions alike: undefined for every model.
    (tmp_path / "none.jsonl").write_text(
        "".join(
            json.dumps({"id": f"n{k}", "text": f"Football scores {k}.", "topics": []}) + "\n"
            for k in range(6)
        ),
        encoding="utf-8",
    )
    models = tmp_path / "models"
    for name in ("a", "b"):
        args = ["train", "topic-tfidf", "--data", stance_model["data"], "--out", models / name]
        assert run_cli(capsys, *args).code == 0
    got = run_cli(
        capsys, "compare", models / "a", models / "b", "--data", tmp_path / "none.jsonl",
        "--out", tmp_path / "cmp",
    )  # fmt: skip
    assert got.code == 0, got.err
    rows = [x for x in got.out.splitlines() if x.lstrip().startswith(("a ", "b "))]
    assert rows and all("n/a" in x and "best" not in x for x in rows)


def test_a_blank_text_is_refused_without_the_no_letter_warning(stance_model):
    """Left alone in stop 57: the no-letter warning came just before the
    blank-text error."""
    import classify
    from classify.errors import ClassifyError

    model = classify.load_model(stance_model["model"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ClassifyError, match="texts must not be blank"):
            model.predict(["", "Officials welcome the dialogue."])
    with pytest.warns(UserWarning, match="no letter or digit"):
        model.predict(["?!...", "Officials welcome the dialogue."])


# -- articles as collected (review 173) ------------------------------------------

_NEIGHBOURS = "Talks resume between neighbours"


def _copy(tmp_path, header: str, tail: str = ""):
    """A .txt copy: the headline, ``header``, the lede, the second paragraph, ``tail``."""
    text = f"{_NEIGHBOURS}\n\n{header}\n\n{_LEDE}\n\n{_SECOND}\n" + (f"\n{tail}\n" if tail else "")
    return _txt(tmp_path, text)


@pytest.mark.parametrize(
    ("header", "date", "author"),
    [
        ("Publié le 4 mars 2025 à 10h31, modifié le 4 mars 2025 à 15h02", "2025-03-04", None),
        ("Stand: 04.03.2025 14:05 Uhr", "2025-03-04", None),
        ("Stand: 04.03.2025", "2025-03-04", None),
        ("03/12/2025March 12, 2025", "2025-03-12", None),
        ("by Martin Fornusek October 25, 2025 2:37 PM 2 min read", "2025-10-25", "Martin Fornusek"),
    ],
)
def test_date_lines_as_sites_print_them(tmp_path, header, date, author):
    article = _copy(tmp_path, header)
    assert (article.date, article.author) == (date, author)
    assert article.paragraphs == [_LEDE, _SECOND]


@pytest.mark.parametrize("outlet", ["Meduza", "Deutsche Welle"])
def test_an_outlet_above_the_date_line_in_its_block_is_the_source(tmp_path, outlet):
    article = _copy(tmp_path, f"{outlet}\nJune 22, 2025")
    assert (article.source, article.section, article.date) == (outlet, None, "2025-06-22")


def test_share_buttons_under_a_relative_stamp_leave_the_byline_read(tmp_path):
    article = _copy(tmp_path, "3 days ago\nShare\nSave\n\nSteve Rosenberg\nRussia editor")
    assert (article.author, article.meta.get("author_role")) == ("Steve Rosenberg", "Russia editor")
    assert article.paragraphs == [_LEDE, _SECOND]


@pytest.mark.parametrize(
    ("header", "tail"),
    [
        ("March 5, 2025", "© Agence France-Presse"),
        (
            "Posted on June 12, 2025 by Katarzyna Lis",
            "Share this:\nTwitter\nFacebook\n\nLike this:\nLike Loading...",
        ),
        (
            "4 mars 2025",
            "Lire aussi | La Biélorussie libère 52 prisonniers\n\nTemps de Lecture 3 min.",
        ),
    ],
)
def test_site_furniture_at_the_end_is_no_unit(tmp_path, header, tail):
    article = _copy(tmp_path, header, tail)
    assert article.paragraphs == [_LEDE, _SECOND]
    assert article.meta["dropped_paragraphs"] >= 1


def test_a_photo_caption_with_its_credit_is_no_unit(tmp_path):
    caption = "The foreign ministers in Brussels on Monday. Photograph: Olivier Hoslet/EPA"
    header = "Jennifer Rankin in Brussels\nMon 14 Apr 2025 17.02 BST"
    article = _copy(tmp_path, f"{header}\n\n{caption}")
    assert (article.author, article.date) == ("Jennifer Rankin", "2025-04-14")
    assert article.paragraphs == [_LEDE, _SECOND]


def test_a_sentence_about_a_photo_stays(tmp_path):
    sentence = "He took a photo: it went round the world within hours, officials said."
    article = _copy(tmp_path, "March 5, 2025", sentence)
    assert article.paragraphs == [_LEDE, _SECOND, sentence]


@pytest.mark.parametrize(
    ("opening", "place"),
    [("Moscow CNN — ", "Moscow"), ("Washington, DC CNN — ", "Washington, DC")],
)
def test_cnns_copied_dateline_is_read(tmp_path, opening, place):
    article = _copy(tmp_path, f"June 22, 2025\n\n{opening}{_LEDE}")
    assert (article.dateline, article.source) == (place, "CNN")
    assert article.paragraphs[0] == _LEDE


def test_a_press_release_as_pr_newswire_prints_it(tmp_path):
    header = "NEWS PROVIDED BY\nBelarus Potash Company\nMar 03, 2025, 09:00 ET"
    text = (
        f"{_NEIGHBOURS}\n\n{header}\n\nMINSK, Belarus, March 3, 2025 /PRNewswire/ -- {_LEDE}\n\n"
        f"{_SECOND}\n\nSOURCE Belarus Potash Company\n"
    )
    article = _txt(tmp_path, text)
    assert (article.author, article.date) == (None, "2025-03-03")
    assert (article.dateline, article.source) == ("MINSK, Belarus", "PRNewswire")
    assert article.meta["provided_by"] == "Belarus Potash Company"
    assert article.paragraphs == [_LEDE, _SECOND]


# -- check 172 ---------------------------------------------------------------------


@pytest.mark.parametrize("section", ["Latest News", "News"])
def test_a_section_of_news_above_the_headline_is_no_outlet(tmp_path, section):
    text = f"{section}\n\n{_HEADLINE}\n\nMarch 5, 2025\n\nVILNIUS (Reuters) - {_LEDE}\n"
    article = _txt(tmp_path, text)
    assert (article.source, article.section) == ("Reuters", section)


def test_a_menu_entry_in_sentence_case_is_a_menu_entry(tmp_path):
    text = f"Home\nLatest news\nWorld\n{_HEADLINE}\nBy Rasa Vaitkus\n\nJune 12, 2025\n\n{_LEDE}\n\n{_SECOND}\n"
    _assert_story_under_menu(_txt(tmp_path, text), dropped=3)


def test_a_hard_link_to_the_input_is_the_input(stance_model, tmp_path, capsys):
    import os
    import shutil

    from cli_runner import run_cli

    data = tmp_path / "mine.jsonl"
    shutil.copy(stance_model["data"], data)
    os.link(data, tmp_path / "hard.jsonl")
    before = data.read_bytes()
    args = ["predict", stance_model["model"], tmp_path / "hard.jsonl", "--out", data]
    got = run_cli(capsys, *args, "--overwrite")
    assert got.code == 1 and "--out is the input file" in got.err
    # Without --overwrite the same: not "pass --overwrite", which would be refused.
    got = run_cli(capsys, *args)
    assert got.code == 1 and "--out is the input file" in got.err
    assert data.read_bytes() == before


def test_an_output_inside_a_file_is_refused_in_one_line(stance_model, tmp_path, capsys):
    from cli_runner import run_cli

    (tmp_path / "notes").write_text("my notes", encoding="utf-8")
    args = [
        "train",
        "stance-tfidf",
        "--data",
        stance_model["data"],
        "--out",
        tmp_path / "notes" / "m",
    ]
    got = run_cli(capsys, *args)
    assert got.code == 1
    assert "is a file, so no folder can be made inside it" in got.err


def test_an_unfinished_shards_folder_is_not_read_as_predictions(
    stance_model, tmp_path, monkeypatch
):
    """Check 172: an interrupted run's shards were read as if complete."""
    from test_predict_stream import _interrupted_at

    from classify import api, predicting
    from classify.engines.local import read_predictions

    out = tmp_path / "shards"
    real = predicting.score_rows
    monkeypatch.setattr(predicting, "score_rows", _interrupted_at(3, {"n": 0}, real))
    with pytest.raises(api.Interrupted):
        api.predict(stance_model["model"], stance_model["data"], out=out, chunk_size=10)
    from classify.errors import ClassifyError

    with pytest.raises(ClassifyError, match="unfinished predictions of a run that stopped"):
        read_predictions(out)
    monkeypatch.setattr(predicting, "score_rows", real)
    run = api.predict(
        stance_model["model"], stance_model["data"], out=out, chunk_size=10, resume=True
    )
    assert len(read_predictions(out)) == run.rows


@pytest.mark.parametrize("kind", ["min", "csv"])
def test_a_topic_only_import_with_task_topic_gives_no_hint(tmp_path, capsys, kind):
    """Check 172: JSON-MIN and CSV imports with --task topic still warned, garbled."""
    from cli_runner import run_cli

    if kind == "min":
        rows = '[{"id":1,"unit":"a:p1","text":"Football.","annotator":1,"annotation_id":1},'
        rows += '{"id":2,"unit":"a:p2","text":"EU sanctions.","topics":"sanctions","annotator":1,"annotation_id":2}]'
        path = tmp_path / "min.json"
    else:
        rows = "unit,text,topics,annotator,annotation_id\na:p1,Football.,,1,1\na:p2,EU sanctions.,sanctions,1,2\n"
        path = tmp_path / "ls.csv"
    path.write_text(rows, encoding="utf-8")
    got = run_cli(
        capsys, "annotate", "import", path, "--task", "topic", "--out", tmp_path / "b.jsonl"
    )
    assert got.code == 0, got.err
    assert "--task topic" not in got.err and "chooses no" not in got.err


def test_undefined_figures_read_n_a_in_the_reports(stance_model, tmp_path, capsys):
    """Check 172: compare.md wrote a dash, and evaluate's Summary left the
    undefined figures out."""
    import json

    from cli_runner import run_cli

    rows = [{"id": f"n{k}", "text": f"Football scores {k}.", "topics": []} for k in range(6)]
    (tmp_path / "none.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    model = tmp_path / "m"
    args = ["train", "topic-tfidf", "--data", stance_model["data"], "--out", model]
    assert run_cli(capsys, *args).code == 0
    got = run_cli(capsys, "evaluate", model, tmp_path / "none.jsonl", "--out", tmp_path / "ev")
    assert got.code == 0, got.err
    summary = (tmp_path / "ev" / "report.md").read_text().split("## Summary")[1].split("##")[0]
    assert "| Macro-F1 | n/a |" in summary.replace("  ", " ")
    got = run_cli(
        capsys, "compare", model, model, "--data", tmp_path / "none.jsonl", "--out", tmp_path / "cmp"
    )  # fmt: skip
    md = next((tmp_path / "cmp").rglob("compare.md")).read_text()
    assert "n/a" in md


# -- review 174 ---------------------------------------------------------------------


def test_a_fingerprint_reads_labels_as_they_are_matched(tmp_path):
    """Review 174: a stance written "Favour" or "neutral\u00a0" in a gold file
    changed the fingerprint of the same labels; a blank topics cell hashed
    as "no topic" written []."""
    from classify.data import load_examples

    def fingerprint(stances, topics):
        rows = ["id,text,stance,topics"] + [
            f"r{k},Officials met on day {k}.,{s},{t}"
            for k, (s, t) in enumerate(zip(stances, topics))
        ]
        path = tmp_path / f"g{abs(hash((tuple(stances), tuple(topics))))}.csv"
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
        return load_examples(path, label_fields=["stance", "topics"]).fingerprint()

    plain = fingerprint(["favour", "neutral", "against"], ["sanctions", "[]", "human_rights"])
    assert (
        fingerprint(["Favour", "neutral\u00a0", "AGAINST"], ["Sanctions", "[]", "human_rights"])
        == plain
    )
    assert fingerprint(["favour", "neutral", "against"], ["sanctions", "", "human_rights"]) != plain


def test_a_spreadsheet_given_as_annotations_is_told_to_save_as_csv(tmp_path, capsys):
    from cli_runner import run_cli

    (tmp_path / "gold.xlsx").write_bytes(b"PK\x03\x04")
    args = [
        "dataset",
        "build",
        "seeds",
        "--annotations",
        tmp_path / "gold.xlsx",
        "--out",
        tmp_path / "d",
    ]
    got = run_cli(capsys, *args)
    assert got.code == 1
    assert "save the sheet as .csv" in got.err


def test_a_stance_sheet_of_checkbox_columns_is_named_when_stance_is_left_out(tmp_path, capsys):
    """Review 174: "task 'stance' left out: the data has no 'stance' column"
    said nothing of the Favour / Against / Neutral columns beside it."""
    from cli_runner import run_cli

    unit = "000_87e967da3ce2b364"
    gold = tmp_path / "gold.csv"
    gold.write_text(
        f"unit,topics,Favour,Against,Neutral\n{unit}:p1,sanctions,x,,\n{unit}:p2,[],,x,\n",
        encoding="utf-8",
    )
    args = ["dataset", "build", "seeds", "--annotations", gold, "--unit", "paragraph"]
    got = run_cli(capsys, *args, "--split", "none", "--out", tmp_path / "d")
    assert got.code == 0, got.err
    said = " ".join(got.out.split())
    assert "gold.csv has a column per label ('Favour', 'Against', 'Neutral')" in said


def test_a_shards_output_over_a_file_is_refused_in_one_line(stance_model, tmp_path, capsys):
    """Check 175: ``--out notes`` (no suffix: a shards folder) over a file
    gave an unexpected NotADirectoryError."""
    from cli_runner import run_cli

    notes = tmp_path / "notes"
    notes.write_text("my notes", encoding="utf-8")
    args = ["predict", stance_model["model"], stance_model["data"], "--out", notes, "--overwrite"]
    got = run_cli(capsys, *args)
    assert got.code == 1
    assert "exists and is a file" in got.err and "unexpected" not in got.err
    assert notes.read_text(encoding="utf-8") == "my notes"
