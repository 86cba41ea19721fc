"""Reading news articles: ``.txt`` files in the seed layout, saved web pages
(``.html``/``.htm``), and tables (JSONL, CSV, TSV).

The seed layout (a Reuters article as copied from the web)::

    Headline
    <blank>
    Section | Month D, YYYY        (or the date alone)
    Optional photo caption
    <blank>
    By Author
    <blank>
    PLACE (Reuters) -First paragraph, which starts with a dateline ...
    <blank>
    ... more paragraphs, each possibly hard-wrapped over several lines ...
    (Reporting by ...Writing by ...Editing by ...)
    Our Standards: The Thomson Reuters Trust Principles.

Each part is recognised by its shape (see :func:`parse_article`). The
caption and the credit line are kept as metadata, never as body text, and
wire boilerplate (copyright and "Our Standards" lines) is dropped, so none of
them becomes a unit. Copies from other outlets' web pages carry more header
lines (standfirsts, breadcrumbs, bare names, job titles, second date lines)
and web page furniture (reading times, share buttons, link boxes, cookie
notices), which are recognised by shape too. Tables hold one item per row
(:mod:`classify.tables`). Web pages are read with ``trafilatura``
(:func:`parse_html`). A ``.txt`` file that is a news database export (Nexis,
Factiva) holds many articles (:mod:`classify.exports`).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from classify.columns import (
    DATE_ROWS_TO_LOOK,
    GROUP_COLUMNS,
    UNIT_COLUMNS,
    has_column,
    known_columns,
    label_columns,
    note_article_id_column,
    note_date_like_column,
    note_empty_id,
    note_id_like_column,
)
from classify.dates import (
    DateOrder,
    DateOrderError,
    is_date_span,
    is_day_span,
    numeric_date,
    numeric_short_year,
    only_dates,
    parse_date,
)
from classify.errors import ClassifyError, a_type, column_list, option
from classify.tables import (
    TABLE_SUFFIXES,
    ReadOptions,
    as_written,
    check_data_type,
    check_options,
    iter_jsonl,
    iter_parquet,
    iter_table,
    option_hint,
    pool_hint,
    python_entry,
    read_text,
    written_id,
    written_list,
    written_mapping,
)
from classify.tasks import LABEL_FIELDS, pending_adjudication, row_labels
from classify.text import id_form, normal_text, repair_mojibake
from classify.text import is_blank as is_blank_text

# The column a table names each row's part in (any case), read with
# ``split: column`` (:func:`classify.data.with_column_split`).
SPLIT_COLUMN = "split"
ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".mht", ".mhtml")
HTML_SUFFIXES = (".html", ".htm")
# A browser's "Save as single file" (Chrome, Edge, Opera; Internet
# Explorer and Word before them): the page in a MIME archive.
MHTML_SUFFIXES = (".mht", ".mhtml")

__all__ = [
    "ARTICLE_SUFFIXES",
    "LABEL_FIELDS",
    "TABLE_SUFFIXES",
    "Article",
    "ReadOptions",
    "is_table_row",
    "iter_csv",
    "iter_jsonl",
    "parse_article",
    "parse_credits",
    "parse_html",
    "read_articles",
    "read_text",
]

# A byline: "By" and a name of up to six capitalised words ("By Jane Doe",
# "By Jane Doe and John Roe", "By Ana María O'Neil-Brown").
_NAME_WORD = r"(?:[^\W\d_][\w.'’/-]*)"
# "By" and "and" in the languages of the European press as well ("Por
# María López y Ana Gómez", "Von Anna Schmidt", "Par Jean Dupont", "di Marco
# Rossi", "Door Jan de Vries", "Przez Annę Nowak", "Автор: Иван Петров").
_BYLINE = re.compile(
    r"^(?:By|BY|Por|POR|Par|PAR|Von|VON|Di|di|DI|Door|DOOR|Przez|PRZEZ|"
    # "Автор: ...", "Автор материала: ...", "Текст: ...", "Автор — ...".
    r"(?:Автор(?:\s+материала)?|Текст|Autor|Auteur)\s*(?::|\s[—–-]))\s+"
    rf"(?P<author>{_NAME_WORD}(?:,?\s+(?:(?:and|AND|y|e|et|und|en|i|и|і|та|&)\s+)?{_NAME_WORD}){{0,6}})\s*$"
)
# Datelines: "(Reuters) -", "SÃO PAULO (Reuters) -", "BOGOTÁ, May 2 (Reuters) -",
# "KYIV, Ukraine (AP) —", "BRUSSELS —". The agency's dash is often glued to
# the first word in copied text; without an agency the dash must stand free.
_DATELINE_AGENCY = re.compile(
    r"^(?P<head>[^()\n]{0,80}?)\s*\((?P<source>[^\W\d_][^()]{0,39})\)\s*(?P<dash>[-–—]+)"
)
# News agencies a dateline may name in brackets ("(Reuters) -"): an unknown
# name in brackets ("APPLE (AAPL) -", a ticker) is a dateline only after an
# ALL-CAPS place with a region ("KYIV, Ukraine (Ukrinform) -").
_AGENCIES = (
    "Reuters|Thomson Reuters|AP|Associated Press|AFP|Agence France-Presse|dpa|"
    "Xinhua|TASS|ITAR-TASS|Bloomberg|UPI|ANSA|EFE|Kyodo|Yonhap|PTI|IANS|Anadolu|AA|"
    "Interfax|RIA Novosti|RIA|Sputnik|CNA|Bernama|Antara|KUNA|WAM|SPA|MENA|IRNA|AAP|"
    "CP|Canadian Press|PA|Press Association|Dow Jones|Jiji|APA|ATS|Belga|ANP|NTB|TT|"
    "Lusa|Europa Press|Ukrinform|BelTA|KCNA|Yonhap News|NTV|Agencia Brasil|Notimex|"
    "CNS|Xinhua News Agency|Bloomberg News|Reuters Breakingviews|AP Photo|"
    "БелТА|ТАСС|ИТАР-ТАСС|РИА Новости|Интерфакс|Укринформ|УНИАН|Спутник|CNN|CNN Business|PAP|ELTA|LETA|BNS|Belsat|"
    # Broadcasters whose copy carries the agencies' dateline ("LONDON (BBC) -").
    "BBC|BBC News|Al Jazeera|Deutsche Welle|DW|France 24|RFE/RL|VOA|NHK|Sky News|NPR|RT|"
    # Press-release wires ("MINSK, Belarus, March 3, 2025 /PRNewswire/ --").
    "PRNewswire|PR Newswire|Business Wire|GLOBE NEWSWIRE|GlobeNewswire|EIN Presswire|"
    "Meduza|CBS News|ABC News|CBC|CGTN|ITV News|TRT World|Euronews|Al Arabiya|"
    "BBC World Service|NHK World|CNN International|France 24 English|VOA World Service|"
    "RT International|CBC International|DW News|Kyodo News|Anadolu Agency|Yonhap News Agency|"
    # National agencies of the press this package reads (Latin America, the
    # Balkans and central Europe, the Gulf, South Asia).
    # (Not those that are also given names, read case-blind: Hina, Wafa, Sana.)
    "Agência Brasil|Agence France Presse|Prensa Latina|Télam|Telam|ČTK|CTK|MTI|BTA|Agerpres|"
    "Tanjug|ISNA|China News Service|Interfax-Ukraine|Kazinform|QNA|Keystone-SDA|KNA|"
    "Agenzia Nova|Agencia EFE|Agência Lusa|Ansamed|Deutsche Presse-Agentur"
)
# Story labels that open a wire paragraph like a place ("EXCLUSIVE -",
# "ANALYSIS-"); never a dateline.
_SLUGS = frozenset(
    {
        *("EXCLUSIVE", "ANALYSIS", "BREAKING", "BREAKINGVIEWS", "UPDATE", "FACTBOX"),
        *("EXPLAINER", "INSIGHT", "COLUMN", "OPINION", "REFILE", "CORRECTED", "CORRECTION"),
        *("WRAPUP", "FOCUS", "INTERVIEW", "FEATURE", "PREVIEW", "REVIEW", "POLL", "TIMELINE"),
        *("QUOTEBOX", "EDITORIAL", "COMMENTARY", "WATCH", "LIVE", "ALERT", "URGENT", "FLASH"),
        *("SPECIAL REPORT", "FACT CHECK", "NEWS ANALYSIS", "IN BRIEF", "NEWS IN BRIEF"),
        *("BRIEFS", "BRIEFING", "ROUNDUP", "RECAP"),
    }
)
# A wire service's story label before its headline ("UPDATE 2-", "REFILE-",
# "EXCLUSIVE-", "BRIEF-", "Exclusive: ", "Update 2-"): a filing note, not
# the headline's words; successive filings of one story differ only by it.
# Labels that are also headline words glued by a hyphen ("LIVE-FIRE",
# "FLASH-FLOOD", "REVIEW-Board") are left out.
_TITLE_SLUGS = (
    "UPDATE", "REFILE", "CORRECTED-UPDATE", "CORRECTED", "CORRECTION", "EXCLUSIVE",
    "ANALYSIS", "FACTBOX", "BRIEF", "RPT", "WRAPUP", "WRAP", "INSIGHT", "EXPLAINER",
    "COLUMN", "BREAKINGVIEWS", "SPECIAL REPORT", "TIMELINE", "INTERVIEW", "FEATURE",
    "PREVIEW", "FOCUS", "QUOTEBOX", "EDITORIAL", "COMMENTARY", "NEWS ANALYSIS", "FACT CHECK",
    "OPINION", "OP-ED",
)  # fmt: skip
_TITLE_SLUG = re.compile(
    r"^(?P<slug>(?:"
    + "|".join(sorted(_TITLE_SLUGS, key=len, reverse=True))
    + r"|Exclusive|Explainer|Analysis|Factbox|Insight|Breakingviews|Update|Corrected|Refile"
    r"|Wrapup|Opinion|Op-Ed|Editorial|Commentary|Interview)(?:\s?\d{1,2})?)"
    r"(?P<sep>\s?[-–]\s?|\s—\s|:\s|\s\|\s)(?=\S)"
)


def title_without_slug(title: str | None) -> tuple[str | None, list[str]]:
    """``title`` without the wire story labels before it, and those labels.

    Reuters and other wires file a story as ``UPDATE 2-Belarus frees ...``,
    ``REFILE-...``, ``EXCLUSIVE-...``, ``Exclusive: ...`` or (syndicated)
    ``Update 2-...``, and a page labels its genre ``Opinion | ...`` or
    ``Analysis: ...``; the label says how the story was filed, not what it
    says, and two filings of one story differ only by it. Labels are taken off in turn (``REFILE-UPDATE 1-``);
    a title that would be left with fewer than two words stays as it is.

    Args:
        title: a headline, or None.

    Returns:
        ``(title, labels)``: the headline without its labels and the labels
        as written without their dash or colon (``["UPDATE 2"]``), in order.
    """
    if not title:
        return title, []
    rest, slugs = title, []
    # A headline in capitals throughout ("LIVE-FIRE DRILLS ...") has no
    # label glued to it: a word there may be any headline word.
    shouting = title.upper() == title
    while m := _TITLE_SLUG.match(rest):
        left = rest[m.end() :].strip()
        glued = m["sep"].strip() == m["sep"]
        # A label glued by a hyphen opens a headline's capital ("UPDATE
        # 2-U.S. ..."); "Insight-driven", "Analysis-paralysis" are words.
        if (
            len(left.split()) < 2
            or (shouting and glued)
            or (glued and not (left[:1].isupper() or left[:1].isdigit()))
        ):
            break
        slugs.append(m["slug"].strip())
        rest = left
    return rest, slugs


def _without_slug(article: Article) -> Article:
    """The article with its title's wire labels moved to ``meta["wire_slug"]``."""
    title, slugs = title_without_slug(article.title)
    if slugs:
        article.meta["wire_slug"] = " ".join(slugs)
        article.title = title
    return article


_KNOWN_AGENCY = re.compile(rf"(?i)(?:{_AGENCIES})")
# Broadcasters and outlets whose names have a person's shape ("Al Jazeera",
# "Deutsche Welle"): never an author's bare name, an outlet under a headline.
_BROADCASTERS = re.compile(
    r"(?i)al\s+jazeera(?:\s+english)?|al\s+arabiya|deutsche\s+welle|dw|france\s+24|euronews|"
    r"sky\s+news|voice\s+of\s+america|voa|radio\s+free\s+europe(?:/radio\s+liberty)?|npr|"
    r"abc\s+news|cbs\s+news|nbc\s+news|fox\s+news|rt|cgtn|nhk(?:\s+world)?|"
    r"radio\s+liberty|meduza|novaya\s+gazeta|kyiv\s+independent|ukrainska\s+pravda|"
    r"charter\s*97|nasha\s+niva|radio\s+svaboda|zerkalo(?:\.io)?|belsat(?:\s+tv)?|"
    r"euroradio|mediazona|onliner(?:\.by)?|reform\.by|tut\.by|"
    # An acronym's world service: "TRT World", "BBC World Service", "CNN International".
    r"(?-i:[A-Z]{2,5})\s+(?:world(?:\s+service|\s+news)?|international)"
)
# Without an agency the dash stands free: "—", "–", "--" or " - ".
# The dash is free-standing, or an em/en dash or "--" glued to the next
# word as copied web text has it ("REYKJAVÍK —The two governments").
_DATELINE_BARE = re.compile(
    r"^(?P<head>[^()\n]{1,80}?)\s+(?P<dash>[–—]|--?)"
    r"(?:(?=\s)|(?<=[–—])(?=[^\W\d_])|(?<=--)(?=[^\W\d_]))"
)
_MONTH_DAY = re.compile(
    r"^(?:[^\W\d_][^\W\d_]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?|\d{1,2}\s+[^\W\d_]{3,9}\.?)$"
)
# TASS and BelTA write their name between slashes: "MOSCOW, September 11. /TASS/."
_DATELINE_SLASHED = re.compile(
    r"^(?P<head>[^/()\n]{1,80}?)[.,]?\s*/(?P<source>[^\W\d_][^/\n]{1,30})/\.?(?P<dash>\s*[-–—]+)?"
)
# CNN's own pages, copied: the place in title case and "CNN" without
# brackets before the dash ("Moscow CNN —", "Washington, DC CNN —"), or
# places filed from joined by a slash or "and" ("Hong Kong/Beijing CNN —",
# "Brussels and Minsk CNN —"); a hyphen standing free is the dash of some
# copies ("Warsaw CNN - ").
_DATELINE_CNN = re.compile(
    r"^(?P<head>[A-Z][\w'’.-]*(?:(?:,?\s+|/|\s+and\s+)[A-Z][\w'’.-]*){0,5})\s+(?P<source>CNN)"
    r"\s*(?P<dash>—|–|--|(?<=\s)-(?=\s))"
)
_RELATIVE_TIME = re.compile(
    r"(?i)\b(?:(?:\d+|an?|one|a few)\s+(?:sec(?:ond)?|min(?:ute)?|h(?:ou)?r|day|week|month|year)s?"
    r"\s+ago|just now)\b"
)
# "3 min read", "5-minute read": a reading time beside a web date.
_READ_TIME = re.compile(r"(?i)^\d+\s*-?\s*min(?:ute)?s?\.?\s+read$")
# A part of a date line that opens with a stamp word ("Updated Sept. 12").
# The words that stamp a web date: "Updated", "Published", "Last modified".
# The same words in the languages of the European press: Spanish,
# Portuguese, French, German, Italian, Dutch, Polish, Russian, Ukrainian.
_PUBLISHED = (
    r"(?:published|posted|publicado|publicada|publié|publiée|veröffentlicht|pubblicato|"
    r"gepubliceerd|opublikowano|опубликовано|опубліковано)"
)
_STAMP = (
    rf"(?:updated|modified|{_PUBLISHED}|actualizado|actualizada|atualizado|atualizada|"
    r"mis\s+à\s+jour|modifié|modifiée|aktualisiert|aggiornato|bijgewerkt|zaktualizowano|"
    # tagesschau's "Stand: 04.03.2025 14:05 Uhr" (as of).
    r"stand(?=:)|обновлено|оновлено)"
)
_STAMP_START = re.compile(rf"(?i)^(?:last\s+|first\s+)?{_STAMP}(?!\w)")
# A time of day alone, as a part of a date line ("10:31", "4:05 PM ET").
_CLOCK = re.compile(
    r"(?i)^\d{1,2}[.:]\d{2}(?:[.:]\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*[a-z]{2,5}(?:[+-]\d{1,2}(?::?\d{2})?)?)?$"
)
# Stamp words and the "on" that may follow them ("Last updated on ...").
_STAMP_WORDS = re.compile(
    rf"(?i)(?<!\w)(?:last\s+|first\s+)?{_STAMP}(?!\w):?"
    r"(?:\s+(?:on|em|el|le|am|il|op|в)(?!\w):?)?"
)
# A four-digit year glued to a time: "20251:05 PM".
_GLUED_TIME = re.compile(r"\b((?:19|20)\d{2})(?=\d{1,2}:\d{2}\b)")
_MONTH_NAME = (
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|"
    r"April|June|July|August|September|October|November|December)\.?"
)
# A day and month without a year ("Sept. 11", "11 September"), maybe with a time.
_MONTH_DAY_ONLY = re.compile(
    rf"^(?:{_MONTH_NAME}\s+\d{{1,2}}(?:\s*[-–—]\s*\d{{1,2}})?"
    rf"|\d{{1,2}}(?:\s*[-–—]\s*\d{{1,2}})?\s+{_MONTH_NAME})"
    r"(?:,?\s+\d{1,2}[.:]\d{2}.*)?$"
)
# A section of up to three capitalised words before a written-out date,
# without a bar: "Europe September 11, 2025", "World News 11 Sept 2025".
_SECTION_THEN_DATE = re.compile(
    rf"^(?P<section>[A-Z][\w&'’-]*(?:\s+[A-Z&][\w&'’-]*){{0,2}})\s+"
    rf"(?P<date>(?:\d{{1,2}}\s+)?{_MONTH_NAME}\s.*\b\d{{4}}\b.*)$"
)
# A page's relative time stamp: "2 hours ago", "2h ago", "Two hours ago",
# "Updated 5 mins ago", "an hour ago", "Just now", "Yesterday", "Today
# 10:42", with a reading time after it ("20 minutes ago • 3 min read").
_RELATIVE = (
    r"(?:(?:(?:last\s+)?(?:updated|published|posted):?\s+)?(?:(?:\d+|an?|one|two|three|four|"
    r"five|six|seven|eight|nine|ten|eleven|twelve|a\s+few|several)\s*"
    r"(?:s(?:ec(?:ond)?s?)?|m(?:in(?:ute)?s?)?|h(?:(?:ou)?rs?)?|d(?:ays?)?|w(?:(?:ee)?ks?)?|"
    r"mo(?:nths?)?|y(?:(?:ea)?rs?)?)"
    r"\s+ago|just\s+now|yesterday|today)(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?)?"
    r"(?:\s*[•·|]\s*\d+\s*-?\s*min(?:ute)?s?\.?\s+read)?"
    # "Updated 10:31 a.m. ET" under the date line: a time, no date.
    r"|(?:last\s+)?updated:?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?"
    r"(?:\s+(?:[a-z]{2,4}|(?:gmt|utc)\s*[+-]\s*\d{1,2}))?)"
)
# Whole lines of web page furniture that a copied article carries and that
# AP's trailer of where its reporters filed from ("Arhirova reported from
# Kyiv, Ukraine.", "Tang reported from Taipei and Gomez reported from ...").
# A reporter as the trailer names them: a surname, or a full name of up to
# three words ("Arhirova", "Anna Kim").
_REPORTER = r"(?-i:[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})"
_REPORTED_FROM = (
    rf"{_REPORTER}(?:(?:,\s*|\s+and\s+){_REPORTER}){{0,3}}\s+reported\s+from\s+"
    r"(?-i:[A-Z][\w'’.-]*(?:,?\s+[A-Z][\w'’.-]*){0,4})"
    # More reporters, the verb said once or again, in one sentence or two:
    # "..., and Lopez from Tegucigalpa", ". Martinez reported from ...".
    rf"(?:(?:,?\s+and|,|\.)\s+{_REPORTER}\s+(?:reported\s+)?from\s+"
    r"(?-i:[A-Z][\w'’.-]*(?:,?\s+[A-Z][\w'’.-]*){0,4}))*"
)
# A print version's buttons, as a copy of it reads them.
_PRINT_BUTTON = (
    r"(?:print(?:\s+(?:this\s+)?(?:page|article|story))?|close(?:\s+(?:this\s+)?window)?|"
    r"back(?:\s+to\s+(?:the\s+)?(?:article|story))?|"
    r"e-?mail(?:\s+(?:this|to\s+a\s+friend)(?:\s+(?:page|article|story))?)?)"
)
# A stamp word, as a page prints it before its date (English, French,
# German, Spanish, Portuguese, Russian).
_STAMP_WORD = (
    r"(?:published|updated|posted|modified|last\s+updated|mis\s+[àa]\s+jour|publi[ée]e?|"
    r"aktualisiert|ver[öo]ffentlicht|actualizado|publicado|atualizado|обновлено|опубликовано)"
)
# are never body text: reading times, audio players, advertisement markers,
# share buttons, comment counts, "Updated 3 hours ago" alone.
_WEB_CHROME = re.compile(
    r"(?i)^(?:\d+\s*-?\s*min(?:ute)?s?\.?\s+read|"
    # Reading time in French and German ("Temps de Lecture 3 min.", "Lesezeit: 4 Min.").
    r"(?:temps\s+de\s+lecture|lesezeit)\s*:?\s*\d+\s*min(?:ute)?s?\.?|"
    # WordPress's sharing and like boxes ("Share this:", "Like this:", "Like Loading...").
    r"share\s+this:|like\s+this:(?:\s+like\s+loading\W*)?|like\s+loading\W*|"
    r"listen(?:\s+to\s+(?:this\s+)?(?:article|story))?(?:\s*\(?\d{1,2}[:.]\d{2}\)?|\s+\d+\s+min(?:ute)?s?)?|"
    r"advertisement|advert|sponsored(?:\s+content)?|story continues below(?:\s+advertisement)?|"
    r"(?:paid|partner|promoted)\s+(?:content|post|stories)|"
    # "Follow AP's coverage of Belarus at https://apnews.com/hub/belarus",
    # "For more news, visit https://...", "Read more at https://...".
    r"(?:follow\s+(?:all\s+of\s+)?[\w.&'’-]+(?:\s+[\w.&'’-]+)?['’]s?\s+(?:\w+\s+)?(?:live\s+)?"
    r"(?:coverage|reporting|updates)\b[^.]{0,100}|(?:for|read|see|find)\s+(?:more|the\s+latest)\s+"
    r"(?:\w+\s+)?(?:news|coverage|stories|information|updates)\b[^.]{0,60}|more\s+coverage\s+of\b"
    r"[^.]{0,80}|read\s+more\s+about\b[^.]{0,80}|(?:read|see)\s+(?:more|also))\s*(?:,|:)?\s*"
    r"(?:at|on|visit|go\s+to)?\s*https?://\S+(?:\s+and\s+[^.]{0,60}https?://\S+)?|"
    r"share(?:\s+this\s+(?:article|story|page))?|share\s+(?:on|via)\s+\w+|"
    r"facebook|twitter|x|linkedin|whatsapp|telegram|reddit|email|e-mail|print|copy\s+link|"
    r"link\s+copied|save(?:\s+article)?|gift\s+(?:this\s+)?article|"
    r"comments?(?:\s*\(\d+\))?|\d+\s+comments?|(?:leave|post)\s+a\s+(?:comment|reply)|no\s+comments(?:\s+yet)?|follow(?:\s+us)?|"
    # A browser copy's header links, glued or not ("Skip to main contentSkip
    # to navigation", "Sign in", "Search jobs", "Europe edition", "The
    # Guardian - Back to homeThe Guardian", the logo's link: the masthead,
    # :func:`_without_site_menu`).
    r"(?:skip\s+to\s+(?:main\s+)?(?:content|navigation|search|footer|menu|key\s+events|"
    r"comments|article)\s*)+|"
    r"sign\s+in|log\s*in|search(?:\s+jobs)?|print\s+subscriptions|"
    r"(?:uk|us|europe|international|australia|asia|africa)\s+edition|"
    r"back\s+to\s+home(?:page)?|"
    r"share\d*|click\s+here\s+to\s+share(?:\s+on\s+social\s+media)?|"
    r"share(?:\s+(?:on|via))?:?(?:\s*(?:facebook|twitter|x|telegram|whatsapp|linkedin|e-?mail|vk|"
    r"viber|reddit|print)\b)+|"
    r"-?\s*(?:skip\s+)?advertisement(?:\s+skip\s+advertisement)?\s*[-–—·•|]?"
    r"(?:\s*scroll\s+to\s+continue(?:\s+(?:with\s+content|reading))?)?|"
    r"scroll\s+to\s+continue(?:\s+(?:with\s+content|reading))?|"
    # The New York Times' print note and topic link ("A version of this
    # article appears in print on Sept. 12, 2025, Section A, Page 8 ...",
    # "See more on: Alexander G. Lukashenko").
    r"a\s+version\s+of\s+this\s+(?:article|story)\s+(?:appears|appeared)\s+in\s+(?:print\s+on|"
    r"the\s+[^.]{0,40}\bprint\s+edition)\b.*|"
    r"see\s+more\s+on:\s*(?:[^.\n]|\b[A-Z]\.){1,80}|"
    # A newsletter box's pitch under its heading ("Get the day's top stories
    # delivered to your inbox every morning.").
    r"(?:get|receive)\s+[^.]{0,80}\bdelivered\s+(?:straight\s+|directly\s+)?to\s+your\s+inbox\b[^.]{0,60}\.?|"
    r"(?:article|story)\s+continues\s+(?:below|after\s+(?:the\s+)?advertisement)|"
    r"continue\s+reading\s+the\s+main\s+story|"
    # "Follow us on Twitter", "... on Twitter and Facebook for more updates".
    r"follow\s+us\s+on\s+\w+(?:\s+\w+)?(?:\s*(?:,|and|&)\s*\w+){0,3}"
    r"(?:\s+(?:for|to\s+get)\s+(?:more|the\s+latest)\s+(?:\w+\s+)?(?:updates|news|stories))?|"
    # A stamp word its date was taken from ("Published <time>...</time>"),
    # alone or between bars ("Updated | Published").
    rf"{_STAMP_WORD}:?(?:\s*[|·•]?\s*{_STAMP_WORD}:?)*|"
    # "Our newsletter" is a promo's words, however long the pitch after them.
    r"(?:click\s+here\s+to\s+)?subscribe\s+to\s+our\s+(?:[\w-]+\s+){0,5}newsletters?\b.*|"
    r"(?:want\s+more[^?]{0,60}\?\s*)?sign\s+up\s+for\s+our\s+.{0,60}newsletters?\b.*|"
    r"(?:photo|image|picture|video)s?:\s*[^.]{1,60}|"
    # The BBC's "Image source, Getty Images" and the Guardian's "Reuse this content".
    r"(?:image|video|media)\s+source,\s*[^.]{1,60}|reuse\s+this\s+content|"
    # A print version's bar of buttons ("Print | Close window").
    rf"{_PRINT_BUTTON}(?:\s*[|·•/]\s*{_PRINT_BUTTON})+|close(?:\s+this)?\s+window|"
    # A page's print version: its "Printed from ..." line, the URL it gives
    # ("URL to article: https://..."), its print buttons.
    r"(?:article\s+)?printed\s+from\b.{0,120}|printed\s+on\s+[^.]{0,40}\d{4}\b[^.]{0,20}|"
    r"url\s+(?:to|of)\s+(?:this\s+)?(?:article|story|page|post):?\s*https?://\S+|"
    r"(?:print(?:er[-\s]friendly|able)?\s+(?:version|page|this\s+(?:article|story|page))|"
    r"print\s+article)|"
    r"\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4})?|"
    r"this\s+article\s+is\s+more\s+than\s+\w+\s+(?:days?|weeks?|months?|years?)\s+old|"
    r"source:\s*(?-i:[A-Z])[^.,]{1,60}|page\s+\d+(?:\s+of\s+\d+)?|"
    # PR Newswire's trailer naming who issued the release ("SOURCE Belarus Potash").
    r"(?-i:SOURCE)\s+(?-i:[A-Z])[^.,:;!?]{1,60}|"
    # A page number alone between a printout's pages ("2", "- 2 -").
    r"[-–—]?\s*\d{1,3}\s*[-–—]?|"
    r"view\s+this\s+(?:e-?mail|newsletter)\s+in\s+your\s+browser|.{0,60}\bunsubscribe\b.{0,60}|"
    r"continued\s+(?:on|from)\s+(?:the\s+)?(?:next\s+)?page(?:\s+\d+)?|"
    r"follow\s+[\w.-]+\s+on\s+\w+|подписывайтесь\s+на\s+.{0,80}|"
    r"list\s+of\s+\d+\s+items|list\s+\d+\s+of\s+\d+|end\s+of\s+list|\d+\s*min(?:ute)?s?|"
    # A press release's label and its contact block ("FOR IMMEDIATE
    # RELEASE", "Media contact: Jane Doe, +375 17 266 1000, press@...").
    r"(?:(?:press|news|media)\s+release(?:\s+(?:no\.?|nr\.?|number|#)\s*[\w/.-]+)?|"
    r"for\s+immediate\s+release)(?:\s*[-–—:|]\s*(?:(?:press|news|media)\s+release|"
    r"for\s+immediate\s+release))?|"
    r"(?:embargoed|for\s+release)\s*(?:until|till|for|:)\s*[^.]{0,60}|"
    r"(?:(?:media|press|news)\s+(?:contacts?|enquiries|inquiries)|contacts?|"
    r"for\s+(?:media|press)\s+(?:enquiries|inquiries)|"
    r"for\s+(?:more|further)\s+information,?\s+(?:please\s+)?(?:contact|call|e-?mail|write\s+to))"
    r"(?=.{0,300}(?:@[\w-]+\.\w|\+?\d[\d ().-]{6,}\d))\b.{0,300}|"
    # A wire's end-of-story mark on its own line: Xinhua's "Enditem",
    # Yonhap's "(END)", a press release's "ENDS" or "###".
    r"[-–—(\s]*(?:end\s?item|ends?|end\s+of\s+(?:story|article|transmission))"
    r"[-–—)\s]*|#{3,}|"
    # AP's trailer of where its reporters filed from ("Arhirova reported
    # from Kyiv, Ukraine.", "Litvinova and Karmanau reported from Tallinn").
    rf"{_REPORTED_FROM}"
    r"(?:\.\s+(?:(?:the\s+)?associated\s+press|ap)\s+(?:staff\s+)?(?:writers?|reporters?)\s+"
    r".{1,120}\s+contributed(?:\s+to\s+this\s+(?:report|story))?)?|"
    r"(?-i:(?:[A-Z][\w.'’-]+\s+){1,3}[A-Z][\w.'’-]+)\s+contributed\s+"
    r"(?:to\s+this\s+(?:report|story)|reporting)"
    r"(?:\s+from\s+[^.]{1,40})?|"
    r"(?:(?:the\s+)?associated\s+press|ap|afp|reuters)?\s*(?:staff\s+)?(?:writers?|reporters?|"
    r"correspondents?)\s+.{1,120}\s+contributed(?:\s+to\s+this\s+(?:report|story)|\s+reporting)?|"
    # Newsletter promos ("... Sign up here.") and rules of underscores or dashes.
    r".{0,160}\bsign\s+up\s+here\b.{0,20}|[_=~*•·–—-]{3,}|"
    # A photo's caption ending in its credit, as the Guardian prints it
    # ("The ministers in Brussels on Monday. Photograph: Olivier Hoslet/EPA").
    r"[^\n]{0,300}?(?:^|[.!?]\s+)(?:photograph|photo|picture|illustration)\s*:\s*"
    r"(?-i:[A-Z])[^.!?:]{1,60}/[^.!?:]{1,40}|" + _RELATIVE + r")\W*$"
    # A relative stamp alone ("2 hours ago", "2h ago", "Yesterday").
)
# A heading of links ("Read more:", "Related stories"): it and the rest of
# its block are links to other articles. "Related: Title" is one such link.
_LINK_HEADING = re.compile(
    r"(?i)^(?:read\s+more|read\s+also|keep\s+reading|читайте\s+также|czytaj\s+(?:także|też)|"
    r"related(?:\s+(?:articles|stories|coverage|content|news))?|"
    r"more\s+on\s+this\s+(?:story|topic)|see\s+also|recommended(?:\s+for\s+you)?|"
    r"most\s+(?:read|viewed|popular|shared)|trending(?:\s+now)?|more\s+from\s+\w+(?:\s+\w+)?|"
    # Topic tags and lists of other stories at a page's end (the BBC's
    # "Related topics", the Guardian's "Explore more on these topics").
    r"related\s+(?:topics|internet\s+links|links)|explore\s+more\s+on\s+th(?:is|ese)\s+topics?|"
    r"more\s+on\s+th(?:is|ese)\s+topics|topics|tags|top\s+stories|latest\s+(?:news|stories)|"
    r"more\s+(?:stories|news)|you\s+(?:may|might)\s+also\s+like|around\s+the\s+bbc|"
    r"read\s+next|(?:what|more)\s+to\s+read(?:\s+next)?|related\s+(?:article|story)|"
    r"(?:editor'?s|editors['’]?|our)\s+picks?|features|popular(?:\s+now)?|in\s+other\s+news|"
    r"also\s+read|don['’]t\s+miss|(?:sponsored|paid|partner)\s+(?:content|stories|links)|"
    r"more\s+(?:coverage|headlines)|latest|(?:top|more)\s+headlines|watch\s+next|"
    # A box of other stories' or entries' summaries inside the story.
    r"latest\s+(?:updates|headlines)|key\s+(?:events|moments|updates)|"
    r"(?:most|more)\s+(?:watched|read\s+today)|"
    r"lesen\s+sie\s+auch|mehr\s+zum\s+thema|auch\s+interessant|leia\s+tamb[ée]m|"
    r"(?:[àa]\s+)?lire\s+aussi|lee\s+tambi[ée]n|leggi\s+anche|te\s+puede\s+interesar|"
    r"czytaj\s+wi[eę]cej|по\s+теме|смотрите\s+также)\s*:?\s*$"
)
_LINK_LINE = re.compile(
    r"(?i)^(?:read\s+more|read\s+also|related|see\s+also|also\s+read|читайте\s+также|"
    r"czytaj\s+(?:także|też)|skaitykite\s+(?:daugiau|taip\s+pat)|lesen\s+sie\s+auch|"
    r"mehr\s+zum\s+thema|(?:[àa]\s+)?lire\s+aussi|leia\s+tamb[ée]m|lee\s+tambi[ée]n|"
    r"leggi\s+anche|по\s+теме)\s*[:|]\s*\S.{0,150}(?<![.!\"”])$"
)
# A page's relative stamp alone ("2 hours ago", "Updated 5 mins ago"): in an
# article's header it stands where the date line does, a date that cannot be
# known; elsewhere it is web furniture (:data:`_WEB_CHROME`).
_RELATIVE_STAMP = re.compile(rf"(?i)^{_RELATIVE}\W*$")
# PR Newswire's label above the company that issued a release.
_PROVIDED_BY = re.compile(r"(?i)^news\s+provided\s+by:?$")
# A copied BBC page's "Image caption," before its caption's text.
_IMAGE_CAPTION = re.compile(r"(?i)^(?:image|media)\s+caption,(?P<rest>.*)$")
# Reuters' web pages mark each link ", opens new tab"; copied text keeps it.
_OPENS_NEW_TAB = re.compile(r",\s*opens new tab\b")
# A cookie notice or a paywall, where a scraped page has one instead of (or
# beside) its article.
_WALL = re.compile(
    r"(?i)^(?:(?:we|we\s+and\s+our\s+(?:\d+\s+)?partners)\s+use\s+cookies|"
    r"this\s+(?:web)?site\s+uses\s+cookies|by\s+(?:continuing\s+to\s+use|using)\s+this\s+(?:web)?site|"
    r"accept\s+all(?:\s+cookies)?|reject\s+all|(?:manage|customi[sz]e)\s+(?:cookies|preferences|consent|settings)|"
    r"cookie\s+(?:settings|preferences|policy)|privacy\s+(?:settings|preferences)|"
    r"subscribe\s+(?:now\s+)?to\s+(?:continue|keep)\s+reading|already\s+(?:a\s+subscriber|have\s+an\s+account)|"
    # A teaser's last line: "Subscribe to read", "Subscribe now", "Subscribe
    # for full access".
    r"subscribe\s+(?:now\s+)?to\s+(?:read|unlock|access)|subscribe\s+now|"
    r"subscribe\s+for\s+(?:full|unlimited)\s+access|"
    r"sign\s+in\s+to\s+(?:continue|read)|to\s+continue\s+reading|create\s+a\s+free\s+account|"
    r"this\s+(?:article|content|story)\s+is\s+(?:for|available\s+(?:only\s+)?to|reserved\s+for)\s+subscribers|"
    r"you\s+have\s+reached\s+(?:your|the)\s+(?:free\s+)?(?:article\s+)?limit|"
    # The share of the article a paywall keeps back ("You have 62% of this
    # article left to read", Le Monde's "Il vous reste 62.4% de cet article").
    r"you\s+have\s+\d+(?:[.,]\d+)?\s*%\s+of\s+this\s+article\s+left|"
    r"you\s+have\s+(?:\d+|one|two|three|no)\s+free\s+(?:articles?|stories)\s+(?:remaining|left)|"
    r"you['’]ve\s+read\s+\d+\s+of\s+(?:your\s+)?\d+\s+free\s+(?:articles?|stories)|"
    r"il\s+vous\s+reste\s+\d+\s+articles?\s+gratuits?|"
    r"il\s+vous\s+reste\s+\d+(?:[.,]\d+)?\s*%\s+de\s+cet\s+article|"
    r"(?:the\s+rest|la\s+suite)\s+(?:is\s+for\s+subscribers|est\s+r[ée]serv[ée]e\s+aux\s+abonn[ée]s)|"
    r"this\s+site\s+is\s+protected\s+by\s+recaptcha)\b.{0,600}$"
)


_HAS_WORD = re.compile(r"[^\W_]")


def _is_web_chrome(line: str) -> bool:
    """Whether a whole line or paragraph is web page furniture, a cookie
    notice or a paywall (:data:`_WEB_CHROME`, :data:`_WALL`), a single
    link to another article ("Related: ..."), or marks without a letter or
    digit. A consent notice is also a
    short paragraph that speaks to the reader ("you", "your") about cookies
    or consent and partners or preferences; news about cookie rules does
    not address the reader."""
    if _WEB_CHROME.match(line) or _WALL.match(line) or _LINK_LINE.match(line):
        return True
    if not _HAS_WORD.search(line):
        # No letter or digit: a scene break ("* * *"), a lone "·" or "—"
        # between page elements, a Markdown table's "|---|---|" rule.
        return True
    if len(line) > 600 or not re.search(r"(?i)\b(?:you|your)\b", line):
        return False
    has = lambda pattern: bool(re.search(rf"(?i)\b(?:{pattern})\b", line))  # noqa: E731
    cookies = has("cookies?") and has("partners|preferences|personal data|consent|accept")
    consent = (
        has("consent(?:ing)?")
        and has("partners")
        and has("processing|preferences|personal data|device")
    )
    return cookies or consent


def _in_header(blocks: list[list[str]]) -> bool:
    """Whether what follows ``blocks`` (an article's first blocks, furniture
    gone) is still its header: at most two blocks so far (the headline, a
    standfirst), none of them a paragraph of body text (over 30 words)."""
    return len(blocks) <= 2 and all(len(" ".join(b).split()) <= 30 for b in blocks)


def _link_title(line: str) -> bool:
    """A headline-like line (a link to another article): at most 16 words,
    no closing full stop."""
    return len(line.split()) <= 16 and not re.search(r"[.!][\"'”’)]?$", line)


def _drop_web_chrome(
    lines: list[str], *, links_follow: bool | frozenset[str] = True
) -> tuple[list[str], int]:
    """``lines`` (the lines of one block, or a page's paragraphs) without web
    furniture; a heading of links ("Read more", "Related articles") drops
    itself and the link titles under it (headline-like lines), up to the
    next sentence. For a web page ``links_follow`` is the texts of its
    links (``<a>`` elements, spacing folded): a line under the heading goes
    only where it is one of them, so a subheading after the heading stays.
    Returns the kept lines and how many were dropped (lines of marks alone,
    without a letter or digit, are left out and not counted)."""
    original, lines = lines, _without_contact_block(lines)
    kept: list[str] = []
    in_links = False
    for line in lines:
        if _LINK_HEADING.match(line):
            in_links = True
            continue
        link = links_follow is True or (
            isinstance(links_follow, frozenset) and " ".join(line.split()) in links_follow
        )
        if in_links and link and _link_title(line):
            continue  # a link's title under the heading
        in_links = False  # a sentence: the text goes on
        if isinstance(links_follow, frozenset) and _links_alone(line, links_follow):
            continue  # "Euro Desk | World | Europe | Log in": a menu of the page's links
        if not _is_web_chrome(line):
            kept.append(line)
    # Marks alone ("* * *", a table's rule row) are no dropped paragraph.
    marks = sum(1 for line in original if not _HAS_WORD.search(line))
    return kept, len(original) - len(kept) - marks


def _links_alone(line: str, links: frozenset[str]) -> bool:
    """Whether ``line`` is two or more of a page's link texts joined by
    bars or dots and nothing else (a menu)."""
    parts = [" ".join(p.split()) for p in re.split(r"\s+[|·•]\s+", line)]
    return len(parts) > 1 and all(p in links for p in parts)


# A press release's contact heading on a line of its own, the contact's
# lines under it ("For more information, please contact:" / "Press Office"
# / "press@mfa.example.org" / "+32 2 555 0101").
_CONTACT_HEADING = re.compile(
    r"(?i)^(?:(?:media|press|news)\s+(?:contacts?|enquiries|inquiries|office)"
    r"(?:\s*[-–—]\s*[^.:]{2,80})?|contacts?"
    r"(?:\s+for\s+(?:the\s+)?(?:media|press|journalists))?|"
    r"for\s+(?:media|press)\s+(?:enquiries|inquiries)|"
    r"for\s+(?:more|further)\s+information,?\s+(?:please\s+)?"
    r"(?:contact|call|e-?mail|write\s+to)(?:\s+us)?)\s*:?\s*$"
)
_CONTACT_DETAIL = re.compile(r"@[\w-]+\.\w|\+?\d[\d ().-]{6,}\d|https?://|www\.")


def _without_contact_tail(blocks: list[list[str]]) -> tuple[list[list[str]], int]:
    """``blocks`` without a contact heading alone in the last block but one
    and the contact's lines in the last (:func:`_without_contact_block` of
    the two, where it drops them whole), or a contact heading alone at the
    end (its lines, a block of their own, went as a contact block); and how
    many lines went."""
    if len(blocks) >= 3 and len(blocks[-1]) == 1 and _CONTACT_HEADING.match(blocks[-1][0]):
        return blocks[:-1], 1
    if len(blocks) < 3 or len(blocks[-2]) != 1 or not _CONTACT_HEADING.match(blocks[-2][0]):
        return blocks, 0
    if _without_contact_block([*blocks[-2], *blocks[-1]]):
        return blocks, 0
    return blocks[:-2], 1 + len(blocks[-1])


def _without_contact_block(lines: list[str]) -> list[str]:
    """``lines`` without a contact heading and the short lines under it (a
    name, an office, an e-mail address, a telephone number; up to six, not
    a sentence), where one of them is an address or a number."""
    for i, line in enumerate(lines):
        if not _CONTACT_HEADING.match(line.strip()):
            continue
        j = i + 1
        while (
            j < len(lines)
            and j - i <= 6
            and len(lines[j]) <= 80
            and (_CONTACT_DETAIL.search(lines[j]) or not re.search(r"[.!?]$", lines[j].strip()))
        ):
            j += 1
        if any(_CONTACT_DETAIL.search(x) for x in lines[i + 1 : j]):
            return [*lines[:i], *lines[j:]]
    return lines


# The credit roles of wire copy in the languages of the agencies' services,
# each with the English role it is recorded under (longer phrases first).
_FOREIGN_ROLES = {
    # "(Reportagem adicional de Ana Mano)": the agencies' "Additional reporting by".
    "Reportagem adicional de": "additional_reporting",
    "Reportaje adicional de": "additional_reporting",
    "Reporte adicional de": "additional_reporting",
    "Información adicional de": "additional_reporting",
    "Reportage supplémentaire de": "additional_reporting",
    "Reportage complémentaire de": "additional_reporting",
    "Mit zusätzlicher Berichterstattung von": "additional_reporting",
    "Zusätzliche Berichterstattung von": "additional_reporting",
    "Editado en español por": "editing",
    "Información de": "reporting",
    "Reporte de": "reporting",
    "Reportagem de": "reporting",
    "Reportage de": "reporting",
    "Redacción de": "writing",
    "Escrito por": "writing",
    "Rédigé par": "writing",
    "Geschrieben von": "writing",
    "Editado por": "editing",
    "Edición de": "editing",
    "Édité par": "editing",
    "Bearbeitet von": "editing",
    "Redigiert von": "editing",
    "Bericht von": "reporting",
    "Traducido por": "translation",
    "Traducción de": "translation",
    "Traduit par": "translation",
    "Version française": "translation",
    "Tradução de": "translation",
    "Edição de": "editing",
    "Traduzido por": "translation",
    "Übersetzt von": "translation",
    "Übersetzung": "translation",
    # Reuters' French service writes the role without "de": "(Reportage
    # Pawel Florkiewicz; version française Jean Terzian)".
    "Reportage": "reporting",
}
_CREDIT_ROLES = (
    "With additional reporting by",
    "With reporting by",
    "Additional reporting by",
    "Reporting by",
    "Writing by",
    "Editing by",
    "Compiled by",
    "Graphics by",
    "Translated by",
    "Translation by",
    "Edited by",
    *_FOREIGN_ROLES,
)
# Roles written with a language or a colon: "(Translated from Ukrainian by
# Jane Doe)", "(Translation: Jane Doe)".
_WORDED_ROLES = (
    r"(?:This\s+(?:story|article|report)\s+(?:was|has\s+been)\s+)?Translated\s+from\s+(?:the\s+)?"
    r"(?-i:[A-Z])[\w-]+(?:\s+(?-i:[A-Z])[\w-]+)?\s+by",
    r"Translation\s*:",
    # "(Reporter: Andrius Sytas; redigiert von ...)", as German copy writes it.
    r"Reporter\s*:",
)
_CREDIT_ROLE = "|".join([*map(re.escape, _CREDIT_ROLES), *_WORDED_ROLES])
# The roles of a credit line, kept in the split (parse_credits).
_ROLE_SPLIT = re.compile(f"({_CREDIT_ROLE})", re.IGNORECASE)
_CREDIT_LINE = re.compile(
    r"^(?:--|—|–)?\s*\(?\s*(?:" + _CREDIT_ROLE + r")(?:\b|(?<=:)).*$",
    re.IGNORECASE,
)
# Wire boilerplate that follows an article: never body text.
_RIGHTS_LINE = re.compile(r"^(?:©|\(c\)\s).{0,120}$|^.{0,120}\ball rights reserved\.?$", re.I)
# The article an agency's name may carry in a byline ("the AP", "l'AFP").
_AGENCY_ARTICLE = (
    r"(?:(?:the|la|el|der|die|de)\s+|l['’]\s*)?"
    # "Por la agencia EFE", "Par l'agence Reuters", "by the news agency AFP".
    r"(?:(?:news\s+)?agency\s+|agencia\s+|agence\s+|agenzia\s+|agentur\s+|ag[eê]ncia\s+)?"
)
# A byline that names no one: an agency, a desk or "our correspondent"
# ("By Belsat", "By Staff Reporter", "From our correspondent in Minsk").
# Agencies together too ("By Reuters and AFP staff", "By AP, AFP and dpa").
# In other languages with their articles too ("Par l'AFP et Reuters").
_NO_ONE_BYLINE = (
    rf"(?:(?:by|por|par|von|door|di|da)\s+{_AGENCY_ARTICLE}(?:{_AGENCIES})"
    rf"(?:(?:\s*,\s*|\s+(?:and|&|y|e|et|und)\s+){_AGENCY_ARTICLE}(?:{_AGENCIES}))*"
    r"(?:\s+(?:staff|reporters|wires)(?:\s+(?:and|&)\s+(?:wires|agencies))?)?\.?$|"
    r"(?:by|from)\s+(?:(?:an?|our|the)\s+)?(?:own\s+|special\s+|staff\s+|foreign\s+)?"
    r"(?:reporters?|correspondents?|writers?|staff|agencies|(?:news\s+|web\s+)?desk)"
    r"(?:\s+(?:and|&)\s+(?:(?:wire|news|agency)\s+(?:reports|services|agencies)|agencies))?"
    r"(?:(?:\s+(?:in|from)|,)\s+(?-i:[A-Z])[\w\s.,'’-]{0,40})?\.?$)"
)
_NO_ONE_BYLINE_LINE = re.compile(rf"^{_NO_ONE_BYLINE}", re.IGNORECASE)
_BOILERPLATE = re.compile(
    # A copyright line: "© 2024 AFP", "Copyright 2019 The Associated Press",
    # "Copyright Thomson Reuters 2024"; not prose that starts with the word
    # ("Copyright 2019, laws were changed", "Copyright European Union rules
    # adopted in 2019 are strict").
    r"^(?:(?:©|copyright\s*:?\s*(?:©|\(c\)))(?=.{0,200}$)|"
    # "(c) 2024 AFP"; "(c) The US says" is prose.
    r"\(c\)\s(?=.{0,200}$)(?=.*(?:©|\(c\)|\b\d{4}\b|rights))|"
    r"copyright\s*:?\s*\d{4}\b(?![,.;:]?\s+(?-i:[a-z]))(?=.{0,200}$)|"
    r"copyright\s+(?-i:[A-Z])(?=.{0,200}$)(?=.*(?:©|\(c\)|rights reserved|\b\d{4}\W*$))|"
    r"all rights reserved(?:\W*$|\.\s)|"
    # Reuters' link label, title-cased ("Our standards: freedom ..." is prose).
    r"(?-i:Our Standards)\s*:|"
    r".*thomson reuters trust principles|.*\ball rights reserved\.?$|"
    r"this (?:article|story) (?:was|has been) (?:produced|corrected|updated)\b|"
    r"sign up (?:for|to) |purchase licensing rights|suggested topics\b|"
    r"[^.!?]{0,80}, opens new tab\W*$|"
    # Refiling notes, share bars, agency sign-offs (dpa's desk codes, PAP's
    # author line) and a bare agency byline.
    r"\(?this (?:story|article) (?:has been|was) refiled\b.{0,160}$|"
    r"share (?:this|the) (?:article|story)\b.{0,80}$|"
    r"dpa(?:/[a-z]{1,6}){1,4}$|autor(?:ka)?:\s.{0,60}\((?:pap|ap|afp|dpa)\)$|"
    r"by (?:reuters|the associated press|ap|afp|dpa|reuters staff)\.?$|"
    # An embedded post's attribution line ("— Foreign Ministry (@MFAEgypt)
    # July 4, 2023"), as a copied page keeps it under the post.
    r"[—–-]\s*[^()\n]{1,80}\(@\w{1,15}\)\s*(?:[^\W\d_]{3,9}\.?\s+\d{1,2},\s+\d{4}|"
    r"\d{1,2}\s+[^\W\d_]{3,9}\.?\s+\d{4})$|"
    # An editor's note and a wire's correction slug: about the story, not of it.
    r"editor['’]?s['’]?\s+note\s*[:—–-].{0,600}$|"
    r"\((?:corrects|correcting|adds|updates|refiles|recasts|clarifies|fixes)\b[^()]{0,240}\)\.?$|"
    rf"{_NO_ONE_BYLINE}|"
    r"(?:--|—|–)\s*(?:reuters|the associated press|ap|afp|dpa|bloomberg|xinhua)\.?$|"
    # Photo carousels and captions a browser copy takes along ("Item 1 of 3
    # ... REUTERS/Stringer/File Photo", "(AP Photo/Name)"), wherever they
    # stand (one before the byline is the caption, taken first).
    r"item\s+\d+\s+of\s+\d+\b.{0,400}$|.{0,400}(?:\(AP\s+Photo/|(?-i:REUTERS/[A-Z])).{0,120}$)",
    re.IGNORECASE,
)


@dataclass
class Article:
    """One news article or item, with its metadata and body paragraphs.

    Attributes:
        id: the article id (a path inside the folder given, a file stem, or a
            table row's id).
        paragraphs: the body paragraphs, whitespace squeezed.
        title, section, author, source, dateline, caption, credits, site:
            metadata where the article has it, else None (``source`` is
            the first outlet cited).
        date: ISO 8601 at the precision written (``2025-09-11``,
            ``2017-06``, ``2017``), or None.
        path: the file (``FILE:line N`` for a table row, ``DataFrame:row
            N`` for in-memory data).
        labels: gold labels given for the whole item; meta: other columns.
        sources: every outlet a table row cites, ``source`` first.
        paragraph_dates: a live blog's paragraphs dated by their entries,
            one ISO date (or None: ``date``) per paragraph; empty where the
            article has one date, as every other article does.
    """

    id: str
    paragraphs: list[str]
    title: str | None = None
    section: str | None = None
    # ISO 8601 at the precision written: "2025-09-11", "2017-06" or "2017"
    # (see classify.dates).
    date: str | None = None
    author: str | None = None
    source: str | None = None  # news agency or outlet ("Reuters")
    dateline: str | None = None  # place in the dateline, when given
    caption: str | None = None
    credits: str | None = None
    path: str | None = None
    site: str | None = None  # the web site a saved page came from
    # Gold labels given for the whole item (a table's label columns), and any
    # other columns of the row.
    labels: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    # Every outlet the item cites, ``source`` first (a table's ``sources``
    # cell may cite several, see :func:`split_outlets`); empty where only
    # ``source`` is known (see :attr:`outlets`).
    sources: list[str] = field(default_factory=list)
    paragraph_dates: list[str | None] = field(default_factory=list)

    @property
    def outlets(self) -> list[str]:
        """Every outlet the article cites: :attr:`sources`, else ``[source]``
        where a source is known, else ``[]``."""
        if self.sources:
            return list(self.sources)
        return [self.source] if self.source else []

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def credit_roles(self) -> dict[str, str]:
        """The credit line split by role: ``{"reporting": ..., "writing": ...}``."""
        return parse_credits(self.credits) if self.credits else {}

    def to_dict(self) -> dict[str, Any]:
        """The article as JSON-able data.

        Returns:
            ``id``, ``title``, ``section``, ``date``, ``author``, ``source``,
            ``sources`` (every outlet cited, :attr:`outlets`),
            ``site``, ``dateline``, ``caption``, ``credits``, ``paragraphs``
            ``paragraph_dates`` (a live blog's, else empty) and ``path``
            (labels and other columns are left out).
        """
        return {
            "id": self.id,
            "title": self.title,
            "section": self.section,
            "date": self.date,
            "author": self.author,
            "source": self.source,
            "sources": self.outlets,
            "site": self.site,
            "dateline": self.dateline,
            "caption": self.caption,
            "credits": self.credits,
            "paragraphs": list(self.paragraphs),
            "paragraph_dates": list(self.paragraph_dates),
            "path": self.path,
        }


# -- entry points -------------------------------------------------------------


def duplicate_id_hint(article_id: str, first: str | None, second: str | None) -> str:
    """What explains an article id read twice, from where it was read first
    and again (file paths, or ``FILE:line N`` of table rows): ``""`` where
    nothing does; else ``"; ..."`` to follow the error."""
    a, b = Path(first or ""), Path(second or "")
    files = bool(first and second and a.suffix.lower() in ARTICLE_SUFFIXES)
    if first and first == second:
        # One place read twice (a table's line 1 twice, one article twice).
        return "; the same file was given twice (a file and a folder holding it, or one twice)"
    if files and a.parent == b.parent and a.suffix == b.suffix:
        # Zürich.txt twice: its accents composed one way and the other (both
        # kept on Linux), one id in NFC.
        return (
            f"; {a.name} and {b.name} are one name with its accents written two ways "
            "(composed and decomposed, as a Mac writes them), and an article's id is its "
            "name with the accents composed: keep one of them, or rename the other"
        )
    if files and a.parent == b.parent:
        # One story saved twice (story.txt beside story.html): an id is the
        # path without its suffix.
        return (
            f"; {a.name} and {b.name} are one name with two suffixes, and an article's id "
            "is its path without the suffix: keep one of them, or rename the other"
        )
    made = next(
        (
            where
            for where in (first, second)
            if where
            and ":" in where
            and article_id == f"{Path(where.rsplit(':', 1)[0]).stem}-{where.rsplit(' ', 1)[-1]}"
        ),
        None,
    )
    if made:
        # A row without an id is named FILE-LINE, which a written id may
        # already be.
        return (
            f"; the row at {_where_of(made)} has no id and is named '{article_id}' after its "
            "file and line, as rows without one are: give every row an id"
        )
    if files:
        # Ids are paths inside the folder given: two folders given side by
        # side may hold files of the same name.
        return (
            "; article ids are file paths inside the folder given, so pass the folders' "
            "common parent folder to keep the folder names in the ids"
        )
    return ""


@python_entry
def read_articles(
    *sources: str | Path | Iterable[str | Path],
    options: ReadOptions | None = None,
    label_fields: Sequence[str] = LABEL_FIELDS,
    text_column: str | None = None,
) -> list[Article]:
    """Read articles from files and folders (or a pandas ``Series`` or
    ``DataFrame``, or a Hugging Face ``Dataset``, read as the table with the
    same rows, :mod:`classify.memory`).

    A folder contributes its ``.txt``/``.html``/``.htm``/``.mht`` articles (searched
    recursively, in name order); a file is read by its suffix: those, or
    ``.jsonl``, ``.csv``, ``.tsv`` tables whose ``label_fields`` columns are
    gold labels. Article ids must be unique across all sources. Under
    ``options.on_error == "skip"`` a bad row or file is left out and recorded
    in ``options.skipped``; otherwise the first one raises a ClassifyError
    naming the file and line.

    Args:
        sources: paths (or iterables of paths) of folders and files, or
            in-memory tables.
        options: how files are read (:class:`~classify.tables.ReadOptions`).
        label_fields: the table columns read as gold labels.
        text_column: the column holding the text (tables and DataFrames),
            over ``options.text_column``.

    Returns:
        The articles, in source order (folders in file-name order).

    Raises:
        ClassifyError: a missing or unreadable source, a bad row, a duplicate
            id (unless skipped), or no article at all.
    """
    check_options(options)
    for source in sources:
        if source is None:
            raise ClassifyError("sources: no data given (give a path, a list, or data in memory)")
        check_data_type(source, "sources")
    from classify.memory import is_hf_dataset, is_pandas

    options = options or ReadOptions()
    if text_column is not None:
        import dataclasses

        options = dataclasses.replace(options, text_column=text_column, skipped=options.skipped)
    paths: list[Any] = []
    for source in sources:
        if isinstance(source, (str, Path)):
            paths.append(Path(source))
        elif is_pandas(source) or is_hf_dataset(source):
            # Iterating a DataFrame gives its column names, read as paths.
            paths.append(source)
        else:
            for k, item in enumerate(source, start=1):
                if not isinstance(item, (str, os.PathLike)):
                    raise ClassifyError(
                        f"sources: item {k} of the list is "
                        f"{'None' if item is None else a_type(item)}, not a path "
                        "(a list holds the paths of files and folders)"
                    )
                paths.append(Path(item))
    if not paths:
        raise ClassifyError("sources: no article sources given (an empty list)")
    # Files given by path are read: a folder given beside them (above them)
    # does not count them among the files it leaves out.
    files = {p.resolve() for p in paths if isinstance(p, Path) and p.is_file()}
    token = GIVEN_FILES.set(GIVEN_FILES.get() | files)
    from classify.tables import SOLE_FILE, sole_files

    sole = SOLE_FILE.set(sole_files(paths))
    try:
        return _read_paths(paths, options, label_fields)
    finally:
        SOLE_FILE.reset(sole)
        GIVEN_FILES.reset(token)


def _read_paths(
    paths: list[Any], options: ReadOptions, label_fields: Sequence[str]
) -> list[Article]:
    """:func:`read_articles` once its sources are paths or tables."""
    from classify.columns import annotator_of
    from classify.memory import memory_articles

    articles: list[Article] = []
    seen: dict[str, str | None] = {}
    annotators: dict[str, str] = {}
    repaired: dict[str, list[str]] = {}
    for path in paths:
        read = (
            _read_source(path, options, tuple(label_fields))
            if isinstance(path, Path)
            else (a for a, _ in memory_articles(path, options, tuple(label_fields)))
        )
        for article in read:
            if article.id in seen and options.repeated_ids:
                # Where ids carry nothing (a pool), a repeated id is another
                # text under a made-up id, not an error.
                article.id = f"{article.id}@{article.path or len(articles)}"
            if article.id in seen:
                if (by := annotators.get(article.id)) and by != annotator_of(article.meta):
                    # Skipping the second row would train on whichever
                    # annotator came first: never the fix.
                    from classify.errors import several_annotators

                    raise ClassifyError(
                        several_annotators(article.id, by, str(annotator_of(article.meta))),
                        source=_file_of(article.path),
                        where=_where_of(article.path),
                    )
                first = seen[article.id]
                hint = duplicate_id_hint(article.id, first, article.path)
                options.handle(
                    ClassifyError(
                        f"duplicate id '{article.id}' (first in {first}){hint}",
                        source=_file_of(article.path),
                        where=_where_of(article.path),
                    )
                )
                continue
            seen[article.id] = article.path
            if annotator := annotator_of(article.meta):
                annotators[article.id] = annotator
            if getattr(article, "_mojibake", False):
                where = _file_of(article.path) or type(path).__name__
                repaired.setdefault(where, []).append(article.id)
            articles.append(article)
    for where, ids in repaired.items():
        from classify.errors import warn

        warn(
            f"{where}: {len(ids)} {'text holds' if len(ids) == 1 else 'texts hold'} mojibake "
            f"(UTF-8 once read as cp1252 or latin-1 and saved again: 'â€™' for '’', 'Ã©' for "
            f"'é'; first: {ids[0]}), repaired with ftfy where its bytes allow (check that "
            "text: a byte lost when it was saved stays lost)"
        )
    if not articles:
        raise nothing_read([p if isinstance(p, Path) else type(p).__name__ for p in paths], options)
    return articles


def nothing_read(paths: Sequence[str | Path], options: ReadOptions) -> ClassifyError:
    """The error for sources that gave no article or row: where every one
    was skipped, each distinct reason (up to three, the most common first)
    at its first place, with how many more it stopped; else the sources
    named."""
    if options.skipped:
        groups: dict[str, list[Any]] = {}
        for record in options.skipped:
            groups.setdefault(record.reason, []).append(record)
        ranked = sorted(groups.values(), key=len, reverse=True)
        shown = []
        for records in ranked[:3]:
            first = records[0]
            where = first.file + (f":line {first.line}" if first.line is not None else "")
            alike = f" (and {len(records) - 1} more alike)" if len(records) > 1 else ""
            shown.append(f"{where}: {first.reason}{alike}")
        extra = len(ranked) - 3
        more = f"; and {extra} other reason{'s' * (extra > 1)}" if extra > 0 else ""
        return ClassifyError(
            f"no readable articles or rows ({len(options.skipped)} skipped): "
            + "; ".join(shown)
            + more
        )
    return ClassifyError(
        "no readable articles or rows (a table with a header only, or folders with no "
        "article file)",
        source=", ".join(str(p) for p in paths),
    )


# A row of in-memory data (classify.memory): ``DataFrame:row 3``.
_MEMORY_ROW = re.compile(r"^(\w+):(row .*)$", re.DOTALL)


def is_table_row(article: Article) -> bool:
    """Whether ``article`` is a row of a JSONL/CSV/TSV table (its path is
    ``FILE:line N``), of a Parquet file (``FILE:row N``) or of in-memory data (``DataFrame:row N``), not a
    ``.txt``/``.html`` article."""
    if article.path is not None and _MEMORY_ROW.match(article.path):
        return True
    file = _file_of(article.path)
    if file is None or file == article.path:
        return False
    # A .txt read as a table (--delimiter) says so in its layout.
    return Path(file).suffix.lower() in TABLE_SUFFIXES or article.meta.get("layout") == "table"


def _file_of(path: str | None) -> str | None:
    if path is not None and (m := _MEMORY_ROW.match(path)):
        return m[1]
    # Text tables say where a row is by line, Parquet by row.
    return None if path is None else re.sub(r":(?:line|row) \d+$", "", path)


def _where_of(path: str | None) -> str | None:
    if path is not None and (m := _MEMORY_ROW.match(path)):
        return m[2]
    m = re.search(r":((?:line|row) \d+)$", path or "")
    return m[1] if m else None


# What operating systems and tools leave in folders: not documents.
_JUNK_FOLDERS = ("__MACOSX",)
_JUNK_NAMES = ("thumbs.db", "desktop.ini", "ehthumbs.db")


def is_junk(relative: Path) -> bool:
    """Whether a file at ``relative`` (to the folder being read) is left
    out: hidden files and folders (``.DS_Store``, macOS ``._name``
    AppleDouble files, ``.ipynb_checkpoints/``, ``.git/``), ``__MACOSX/``,
    Office lock files (``~$report.docx``) and Windows' ``Thumbs.db`` and
    ``desktop.ini``."""
    parts = relative.parts
    name = parts[-1] if parts else ""
    return (
        any(part.startswith(".") or part in _JUNK_FOLDERS for part in parts)
        or name.startswith("~$")
        or name.lower() in _JUNK_NAMES
    )


def folder_files(folder: Path) -> tuple[list[Path], list[Path]]:
    """Every file in ``folder`` and its subfolders, in path order, and the
    junk among them (:func:`is_junk`, and the files of a saved page's
    ``NAME_files/`` folder beside its ``NAME.html``), apart. Linked subfolders are followed
    (each real folder once, so a link to a parent does not loop).

    Returns:
        ``(files, junk)``, both as paths under ``folder``.
    """
    import os

    files: list[Path] = []
    junk: list[Path] = []
    seen: set[str] = set()
    resources: set[Path] = set()  # a saved page's folder ("story_files/")
    for root, dirs, names in os.walk(folder, followlinks=True):
        real = os.path.realpath(root)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        dirs.sort()
        pages = {n.casefold() for n in names if n.lower().endswith((".html", ".htm"))}
        for d in dirs:
            # A browser's "Web Page, Complete" saves story.html beside
            # story_files/ (its frames and scripts: ads, not the story).
            stem = re.sub(r"(?i)(?:_files|-dateien|_fichiers|_archivos|_arquivos)$", "", d)
            if stem != d and {f"{stem}.html".casefold(), f"{stem}.htm".casefold()} & pages:
                resources.add(Path(root) / d)
        inside = any(Path(root) == r or r in Path(root).parents for r in resources)
        for name in sorted(names):
            file = Path(root) / name
            if not file.is_file():
                continue
            left = inside or is_junk(file.relative_to(folder))
            (junk if left else files).append(file)
    return files, junk


def _read_source(
    path: Path, options: ReadOptions, label_fields: tuple[str, ...]
) -> Iterator[Article]:
    from classify.memory import exists, not_found

    if not exists(path):
        raise not_found(path)
    if path.is_dir():
        every, _ = folder_files(path)
        files = sorted(
            (p for p in every if p.suffix.lower() in ARTICLE_SUFFIXES),
            key=lambda p: p.relative_to(path).parts,
        )
        if not files:
            raise ClassifyError(
                "folder holds no .txt, .html or .mht articles" + _other_files_note(every),
                source=path,
            )
        if options.label_from_folder:
            _check_label_folders(path, files, options.label_from_folder)
        _note_other_files(path)
        for file in files:
            relative = file.relative_to(path)
            folder = relative.parts[0] if len(relative.parts) > 1 else None
            yield from _read_file(
                file, options, label_fields, id=relative.with_suffix("").as_posix(), folder=folder
            )
        return
    yield from _read_file(path, options, label_fields, folder=path.parent.name or None)


def _other_files_note(files: Sequence[Path]) -> str:
    """What a folder with no article holds instead, and what to do:
    ``" (it holds 72 files without a suffix, such as 'sci.space/49960': if
    they are text, name them .txt)"``; empty where it holds nothing."""
    if not files:
        return ""
    from collections import Counter

    kinds = Counter(f.suffix.lower() or "" for f in files)
    shown = ", ".join(
        f"{n} {'file' if n == 1 else 'files'} without a suffix"
        if not kind
        else f"{n} {kind} {'file' if n == 1 else 'files'}"
        for kind, n in kinds.most_common(3)
    )
    example = next((f for f in files if not f.suffix), files[0])
    name = "/".join(example.parts[-2:])
    advice = (
        ": if they are text (a corpus such as 20 Newsgroups ships so), name them .txt"
        if "" in kinds
        else ""
    )
    return f" (it holds {shown}, such as '{name}'{advice})"


def _check_label_folders(path: Path, files: Sequence[Path], field: str) -> None:
    """Refuse a folder labelled by its folders that has none (its articles
    at its top), and warn of label folders with no article and of articles
    in no label folder, which would be unlabelled without a word."""
    from classify.errors import option, warn

    top = [f for f in files if len(f.relative_to(path).parts) == 1]
    if len(top) == len(files):
        raise ClassifyError(
            f"{option('label_from_folder', field)} labels each article by the folder it sits "
            "in, and this folder's articles sit at its top: give the folder that holds one "
            "folder per label",
            source=path,
        )
    used = {f.relative_to(path).parts[0] for f in files if f not in top}
    empty = sorted(d.name for d in path.iterdir() if d.is_dir() and d.name not in used)
    empty = [name for name in empty if not is_junk(Path(name, "x"))]
    if empty:
        warn(
            f"{path}: {'folder' if len(empty) == 1 else 'folders'} "
            f"{', '.join(repr(e) for e in empty)} {'holds' if len(empty) == 1 else 'hold'} no "
            + (
                f"article, so no unit is labelled '{empty[0]}'"
                if len(empty) == 1
                else "article, so no unit is labelled with their names"
            )
        )
    if top:
        warn(
            f"{path}: {len(top)} {'article sits' if len(top) == 1 else 'articles sit'} at the "
            f"top of the folder, in no label folder (first: {top[0].name}), and "
            f"{'is' if len(top) == 1 else 'are'} unlabelled"
        )


# Files kept beside articles that are data, not documents (an annotation
# file, a config): given by their path when they are to be read.
# Spreadsheets: not read (save them as .csv), and not documents to save as .txt.
SHEET_SUFFIXES = (".xlsx", ".xls", ".xlsm", ".ods")
_DATA_SUFFIXES = (".json", ".yaml", ".yml", ".parquet", ".arrow")
_NOTED_FOLDERS: set[str] = set()
# Files given for another role while a folder is read (the gold files of
# --annotations kept beside the articles): read, so not "not read".
GIVEN_FILES: ContextVar[frozenset[Path]] = ContextVar("classify_given_files", default=frozenset())


def _gold_file(path: Path) -> bool:
    """Whether a table beside the articles is a gold (annotation) file, given
    by ``--annotations`` rather than read as articles: named so
    ("annotations.csv"), or naming units by a ``unit`` column, or by ``id``
    without a text column (its header, or its first JSON line's keys)."""
    if "annotation" in path.name.lower():
        return True
    with contextlib.suppress(OSError, ValueError):
        with open(path, encoding="utf-8-sig", errors="replace") as f:
            first = f.readline(4096).strip()
        if path.suffix.lower() == ".jsonl":
            columns = {str(k).casefold() for k in json.loads(first)}
        else:
            columns = {c.strip().strip('"').casefold() for c in re.split(r"[,\t;|]", first)}
        # Units named by id, and no text: labels for units read elsewhere.
        texts = {"text", "body", "content", "article", "full_text", "title", "headline"}
        return "unit" in columns or ("id" in columns and not columns & texts)
    return False


def _note_other_files(folder: Path) -> None:
    """One line on the documents in ``folder`` that are not read (``.pdf``,
    ``.docx``, ``.md``: only .txt/.html/.htm articles are read from a
    folder), counted by suffix: on stderr in the CLI, as a warning in
    Python; once per folder and process. Tables are counted (they are read
    when given by path), except annotation files; other data files
    (:data:`_DATA_SUFFIXES`) and junk (:func:`is_junk`) are not, but
    articles left out as junk (a hidden folder's copies) are named."""
    from collections import Counter

    from classify.errors import warn

    if str(folder) in _NOTED_FOLDERS:
        return  # once per folder, though each model of `analyse` reads it
    _NOTED_FOLDERS.add(str(folder))
    files, junk = folder_files(folder)
    others = Counter(
        p.suffix.lower() or "(no suffix)"
        for p in files
        if p.suffix.lower() not in (*ARTICLE_SUFFIXES, *_DATA_SUFFIXES)
        # An annotation file kept beside its articles is given by --annotations.
        and not (p.suffix.lower() in TABLE_SUFFIXES and _gold_file(p))
        and p.resolve() not in GIVEN_FILES.get()
    )
    hidden = [p for p in junk if p.suffix.lower() in ARTICLE_SUFFIXES]
    parts = []
    if others:
        kinds = ", ".join(f"{n} {suffix}" for suffix, n in others.most_common())
        tables = [t for t in TABLE_SUFFIXES if t in others]
        sheets = [t for t in SHEET_SUFFIXES if t in others]
        documents = [t for t in others if t not in (*TABLE_SUFFIXES, *SHEET_SUFFIXES)]
        advice = []
        if documents:
            advice.append("save other documents as .txt")
        if sheets:
            advice.append(f"save {'/'.join(sheets)} sheets as .csv and give them by their path")
        if tables:
            advice.append(f"give {'/'.join(tables)} tables by their path")
        n = sum(others.values())
        parts.append(
            f"{n} file{'s' * (n != 1)} not read ({kinds}); only .txt, .html, .htm and .mht "
            f"articles are read from a folder ({'; '.join(advice)})"
        )
    if hidden:
        first = hidden[0].relative_to(folder).as_posix()
        parts.append(
            f"{len(hidden)} article file{'s' * (len(hidden) != 1)} in hidden or system "
            f"folders, a saved page's NAME_files folder, or named with a leading '.' or '~$', "
            f"left out as copies made by the system or a tool (first: {first}; give one by "
            "its path to read it)"
        )
    if parts:
        warn(f"{folder}: " + "; ".join(parts), stacklevel=4)


# The start of an RSS or Atom feed ("<?xml ...?><rss", "<feed xmlns=...").
_FEED_START = re.compile(
    r"(?is)^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b"
)


def _read_file(
    path: Path,
    options: ReadOptions,
    label_fields: tuple[str, ...],
    *,
    id: str | None = None,
    folder: str | None = None,
) -> Iterator[Article]:
    """The article(s) of one file. ``id`` is the article id of a ``.txt`` or
    web page (its path relative to the folder given, without suffix; the
    file name's stem for a file given alone); ``folder`` is the label folder
    it sits in, the gold label of ``options.label_from_folder``."""
    suffix = path.suffix.lower()
    # A file name's accents composed (NFC), as its text's are: a Mac writes
    # them decomposed, and the ids coders type are composed.
    id = id_form(id or path.stem)
    try:
        if suffix == ".txt":
            from classify.exports import export_kind, read_export

            raw = read_text(path, options.encoding)
            # Mojibake undone and invisible characters out before any layout
            # rule reads a line ("\u200bBy Jane Doe" is a byline).
            repaired = repair_mojibake(raw)
            text = normal_text(repaired)
            if _FEED_START.match(text):
                # An RSS or Atom feed saved as .txt: markup, not an article.
                raise ClassifyError(
                    "an RSS or Atom feed (XML), not an article: feeds are not read; write "
                    "its items to JSONL, one object per item (text, title, date, source)",
                    source=path,
                )
            if kind := export_kind(text):
                # A database export: many articles in one file.
                for article in read_export(
                    text, kind, id=id, path=str(path), date_order=options.date_order
                ):
                    article._mojibake = repaired != raw  # type: ignore[attr-defined]
                    yield _folder_label(article, folder, options)
                return
            table = _table_shape(text)
            if table and options.delimiter:
                # Asked for in so many words (--delimiter): a table shipped
                # as .txt (SemEval-2016 Task 6's files) is read as one, its
                # rows units as a .tsv's are (is_table_row).
                for row in _read_table(path, options, label_fields):
                    row.meta.setdefault("layout", "table")
                    yield row
                return
            if table:
                how = option_hint("delimiter", example=_TABLE_DELIMITERS[table.split()[1]])
                as_table = ClassifyError(
                    f"looks like a table, not an article: its first line is a header of "
                    f"{table} and the lines below have as many cells; save it as .tsv or .csv "
                    "(a spreadsheet's 'Text (Tab delimited)' export is a .tsv)"
                    + (f", or pass {how}," if how else "")
                    + " to read its rows",
                    source=path,
                )
                # Reading it as a table is the fix; skipping it leaves nothing.
                as_table.hinted = True  # type: ignore[attr-defined]
                raise as_table
            article = parse_article(text, id=id, path=str(path), date_order=options.date_order)
            article._mojibake = repaired != raw  # type: ignore[attr-defined]
            _warn_metadata_body(article, path)
            yield _folder_label(article, folder, options)
        elif suffix in HTML_SUFFIXES:
            raw = read_text(path, options.encoding, fallback=_declared_charset(path))
            repaired = repair_mojibake(raw)
            article = parse_html(
                normal_text(repaired), id=id, path=str(path), date_order=options.date_order
            )
            article._mojibake = repaired != raw  # type: ignore[attr-defined]
            yield _folder_label(article, folder, options)
        elif suffix in MHTML_SUFFIXES:
            html, url = _mhtml_page(path, options.encoding)
            repaired = repair_mojibake(html)
            article = parse_html(
                normal_text(repaired), id=id, path=str(path), date_order=options.date_order
            )
            if url:
                article.meta.setdefault("url", url)
            article._mojibake = repaired != html  # type: ignore[attr-defined]
            yield _folder_label(article, folder, options)
        elif suffix in TABLE_SUFFIXES:
            yield from _read_table(path, options, label_fields)
        else:
            unsupported = ClassifyError(
                f"unsupported file type '{suffix or path.name}' (use .txt, .html, .htm, .mht, .jsonl, "
                f".csv, .tsv or .parquet{_convert_hint(path)})",
                source=path,
            )
            # Converting it is the fix; "--on-error skip" would leave out a
            # file given by name, often the only one.
            unsupported.hinted = True  # type: ignore[attr-defined]
            raise unsupported
    except ClassifyError as exc:
        options.handle(exc)


# A database record's keyed lines ("Author: Roe, Jane", "Pages: A3",
# "Database: ...") by the first word of the key.
_METADATA_LINE = re.compile(
    r"(?i)^(?P<key>(?:author|authors|byline|source|publication|publisher|pages?|section|database|"
    r"document|copyright|language|subjects?|keywords?|url|doi|issn|length|edition|location|"
    r"accession|identifier|record|journal|volume|issue|abstract)(?:[ /-][a-z]+){0,3}):\s*\S"
)


def _warn_metadata_body(article: Article, path: Path) -> None:
    """Warn where an article's body holds four or more keyed metadata lines
    of different keys (``Author:``, ``Pages:``, ``Database:``): a database
    export of a kind not read as one (:mod:`classify.exports`), whose
    records and metadata would otherwise be units of one article."""
    keys = {
        m["key"].lower()
        for p in article.paragraphs
        if (m := _METADATA_LINE.match(p)) and len(p) < 200
    }
    if len(keys) >= 4:
        from classify.errors import warn

        shown = ", ".join(f"'{k.capitalize()}:'" for k in sorted(keys)[:4])
        warn(
            f"{path}: {len(keys)} kinds of database metadata lines ({shown}) are read as "
            "paragraphs of one article: an export of a kind classify does not cut into "
            "records? (it reads Nexis, LexisNexis Academic, Factiva and ProQuest exports; else "
            "save each article as a .txt of its own)"
        )


_MARKUP = re.compile(
    r"(?i)</?(?:p|br|div|span|a|b|i|u|em|strong|ul|ol|li|h[1-6]|blockquote|q|cite|table|"
    r"thead|tbody|tfoot|tr|td|th|caption|section|article|header|footer|aside|nav|main|sup|sub|"
    r"small|mark|code|pre|hr|img|center|font|time|abbr|dl|dt|dd|s|strike|ins|del|picture|"
    r"source|wbr)\b[^<>]*>"
)
# Markup whose content no reader sees as the story: code, embeds, figures
# (an image and its caption), comments.
_HIDDEN_MARKUP = re.compile(
    r"(?is)<!--.*?-->|<(script|style|noscript|iframe|svg|object|embed|figure|video|audio)"
    r"\b[^>]*>.*?</\1\s*>|<(?:iframe|embed|img)\b[^<>]*/?>"
)
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,5}|#x[0-9a-fA-F]{2,4});")
_BLOCK_END = re.compile(
    r"(?i)</(?:p|div|li|h[1-6]|blockquote|tr|table|section|article|pre|dd)\s*>|"
    r"(?:<br\s*/?>\s*){2,}"
)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")


def cell_text(text: str) -> str:
    """A table cell's text as a reader sees it: HTML markup a CMS export
    leaves in it (``<p>…</p>``, ``<br><br>``, ``&amp;``, ``&nbsp;``) taken
    out, a closed block or a double line break a paragraph break; what no
    reader sees as the story (scripts, styles, comments, embedded frames,
    figures with their captions) taken out with its content; text without
    markup or entities is returned as it is."""
    hidden = _HIDDEN_MARKUP.search(text)
    if not hidden and not _MARKUP.search(text) and not _ENTITY.search(text):
        return text
    import html

    if hidden:
        text = _HIDDEN_MARKUP.sub(" ", text)
    if _MARKUP.search(text):
        text = _BLOCK_END.sub("\n\n", text)
        text = re.sub(r"(?i)<br\s*/?>", "\n", text)
        # Table cells side by side are words apart, not glued.
        text = re.sub(r"(?i)</t[dh]\s*>", " ", text)
        text = _MARKUP.sub("", text)
    return html.unescape(text).replace("\xa0", " ")


def _hard_wrapped(lines: Sequence[str]) -> bool:
    """Whether the lines of a text without blank lines are wrapped inside
    paragraphs: five lines or more of six words or more after the first (a
    headline), most of them ending mid-sentence, as a paragraph's lines do
    and a paragraph per line seldom does. Short lines (a site's menu, a
    byline, a date line) end no sentence in either and tell nothing."""
    body = [line for line in lines[1:] if len(line.split()) >= 6]
    if len(body) < 5:
        return False
    mid = sum(not _SENTENCE_END.search(line) for line in body)
    return mid >= 0.6 * len(body)


def _line_per_paragraph(text: str) -> bool:
    """Whether a text without blank lines has a paragraph per line (as
    trafilatura and many scrapers write text) rather than lines wrapped
    inside paragraphs: three lines or more, each after the first (a
    headline) ending a sentence, which a wrapped line does about one time
    in ten."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 3:
        return False
    ended = sum(bool(_SENTENCE_END.search(line)) for line in lines[1:])
    return ended >= 0.8 * (len(lines) - 1) and ended >= 2


# Names of which a table's header has one at least (its text, id or date).
_TABLE_HEADER_NAMES = frozenset(
    {"id", "text", "body", "content", "article", "full_text", "title", "headline", "date"}
)


# The delimiters _table_shape names, by the word it names them with.
_TABLE_DELIMITERS = {"tab-separated": "tab", "semicolon-separated": ";", "comma-separated": ","}


def _table_shape(text: str) -> str | None:
    """How a ``.txt`` that is a table reads (``"4 tab-separated columns (id,
    text, date, stance)"``), or None: a header line of two or more short
    names (a name of a text column among them) split by a tab, ``;`` or
    ``,``, and the next non-blank lines (at least two; up to ten are read)
    parsed as CSV into as many cells each. An article's first lines are a
    headline and prose, never that."""
    import csv
    import io

    lines = [line for line in text.lstrip("\ufeff").splitlines()[:40] if line.strip()]
    if len(lines) < 3:
        return None
    for delimiter, name in (("\t", "tab"), (";", "semicolon"), (",", "comma")):
        header = lines[0].split(delimiter)
        names = [h.strip().strip('"').casefold() for h in header]
        if len(names) < 2 or not all(0 < len(n) <= 40 and len(n.split()) <= 3 for n in names):
            continue
        if not any(n in _TABLE_HEADER_NAMES for n in names):
            continue
        rows = list(csv.reader(io.StringIO("\n".join(lines[1:11])), delimiter=delimiter))
        # Cells split at the delimiter alone, as a tab-separated file is often
        # written: a tweet opening with an unclosed '"' would otherwise run
        # the rows below into its cell (the table reader keeps such a quote).
        plain = [line.split(delimiter) for line in lines[1:11]]
        if any(
            len(found) >= 2 and all(len(r) == len(names) for r in found) for found in (rows, plain)
        ):
            return f"{len(names)} {name}-separated columns ({', '.join(names[:6])})"
    return None


def _convert_hint(path: Path) -> str:
    """How to turn a file of a kind often met into one that is read."""
    suffix = path.suffix.lower()
    if suffix in (".gz", ".bz2", ".xz", ".zip", ".zst", ".7z"):
        inner = Path(path.stem).suffix.lower()
        what = f"the {inner} inside" if inner else "what is inside"
        return f"; decompress it first and give {what}"
    if suffix == ".ndjson":
        return "; .ndjson is JSON lines: rename it to .jsonl"
    if suffix == ".json":
        return (
            "; a .json array of objects: write one object per line as .jsonl (from an API's "
            "nested reply, {'response': {'results': [...]}}, write the list of results)"
        )
    if suffix in (".xml", ".rss", ".atom"):
        return "; an RSS or Atom feed is not read: write its items to JSONL, one object per item"
    if suffix in SHEET_SUFFIXES:
        return "; save the sheet as .csv"
    if suffix in (".pdf", ".docx", ".doc", ".rtf", ".odt"):
        return "; save the document as .txt"
    if suffix in (".md", ".markdown"):
        return "; an article in Markdown is read as plain text: rename it to .txt"
    return ""


def _folder_label(article: Article, folder: str | None, options: ReadOptions) -> Article:
    """Set the gold label named by ``options.label_from_folder`` to the name
    of the folder the article sits in (a file at the top of the source folder
    stays unlabelled)."""
    if options.label_from_folder and folder is not None:
        article.labels[options.label_from_folder] = folder
    if article.section:
        # An outlet or wire beside a page's or file's date line (any layout).
        _section_to_outlet(article)
    if article.source and not article.sources:
        # A dateline's or masthead's outlet, as a table's source column gives it.
        article.sources = [article.source]
    return _without_author_bio(_without_slug(_without_letter_frame(article)))


# A letter to the editor's salutation and closing, each a paragraph alone
# ("Sir,", "To the Editor:", "Yours faithfully,", "Sincerely, Jane Doe").
_SALUTATION = re.compile(
    r"(?i)^(?:(?:dear|to\s+the)\s+)?(?:sir|sirs|madam|sir\s*(?:or|/)\s*madam|editor|editors)"
    r"\s*[,:;!.]?$"
)
_VALEDICTION = re.compile(
    r"(?i)^(?P<words>yours\s+(?:faithfully|sincerely|truly)|(?:very\s+)?(?:truly|sincerely)\s+"
    r"yours|sincerely|respectfully(?:\s+yours)?|(?:with\s+)?(?:kind|best|warm)\s+regards|"
    r"regards)\s*(?:[,.]\s*(?P<name>(?-i:[A-Z])[\w.'’-]*(?:\s+[\w.'’-]+){1,4})?)?$"
)


def _without_letter_frame(article: Article) -> Article:
    """A letter to the editor, or a page of several, without the letters'
    salutations ("Sir,", "Dear Editor,", a paragraph alone) and closings
    ("Yours faithfully," and the signature under it: a name, then at most
    three short lines of place or affiliation; or "Sincerely, Jane Doe" on
    one line), which say who writes to whom, not what. They go to
    ``meta["letter"]``; the signer of a page's only letter is its author
    where no byline gave one; they count as paragraphs left out. Without a
    salutation, only a closing that a signature follows is one (a story
    that ends "Regards" keeps it). A table row is left as it is."""
    ps = article.paragraphs
    if len(ps) < 2 or is_table_row(article):
        return article
    salutations = [i for i, p in enumerate(ps) if _SALUTATION.match(p.strip())]
    drop = set(salutations)
    closings: list[tuple[str, list[str]]] = []
    i = 0
    while i < len(ps):
        m = _VALEDICTION.match(ps[i].strip())
        if m is None or i == 0:
            i += 1
            continue
        signature = [m["name"]] if m["name"] else []
        j = i + 1
        while j < len(ps) and len(signature) < 4 and _signature_line(ps[j], first=not signature):
            signature.append(ps[j].strip())
            j += 1
        if salutations or signature:
            drop.update(range(i, j))
            closings.append((m["words"], signature))
        i = j
    if not drop or len(drop) >= len(ps):
        return article
    if len(closings) <= 1:
        letter: dict[str, Any] = {}
        if salutations:
            letter["salutation"] = ps[salutations[0]].strip()
        if closings:
            letter["closing"], letter["signature"] = closings[0]
        signer = closings[0][1][0].split(",")[0].strip() if closings and closings[0][1] else ""
        if article.author is None and signer and _is_name_line(signer):
            article.author = signer
    else:
        # A page of letters: each its own writer, none the page's author.
        letter = {"letters": len(closings), "signatures": [sig for _, sig in closings]}
    article.meta["letter"] = letter
    article.meta["dropped_paragraphs"] = article.meta.get("dropped_paragraphs", 0) + len(drop)
    _keep_paragraphs(article, [k for k in range(len(ps)) if k not in drop])
    return article


def _keep_paragraphs(article: Article, keep: Iterable[int]) -> None:
    """``article``'s paragraphs at the 0-based indexes ``keep`` (in order),
    a live blog's entry dates and headings kept beside them; in place."""
    keep = list(keep)
    article.paragraphs = [article.paragraphs[k] for k in keep]
    dates = article.paragraph_dates
    if dates:
        article.paragraph_dates = [dates[k] if k < len(dates) else None for k in keep]
    if heads := getattr(article, "_headings", None):
        at = {k: i for i, k in enumerate(keep)}
        article._headings = frozenset(at[h] for h in heads if h in at)  # type: ignore[attr-defined]


# Words an affiliation under a letter's signature has.
_AFFILIATION = re.compile(
    r"(?i)\b(?:university|institute|department|association|council|cent(?:re|er)|college|"
    r"school|foundation|society|committee|ministry|party|union|academy|faculty|embassy)\b"
)
_SIGNATURE_PARTICLES = frozenset({"of", "and", "for", "the", "de", "du", "la", "von", "van", "&"})


def _signature_line(line: str, *, first: bool) -> bool:
    """Whether ``line`` can be a letter's signature line: its first a name
    ("Margaret Ellison", "Priya Raman, Leeds"), the others a place or an
    affiliation of at most five words in title case, with a comma or of
    three words at most ("Tunbridge Wells, Kent", "University of Leeds"),
    so that the next letter's heading ("The embassy question") is none."""
    text = line.strip()
    if not text or _SALUTATION.match(text) or text.endswith(("!", "?")) or len(text) > 80:
        return False
    if first:
        return _is_name_line(text.split(",")[0].strip())
    words = text.split()
    # Title case but for particles ("University of Leeds", "Portland,
    # Ore."): a place or affiliation; "The embassy question" is a heading.
    titled = all(w[:1].isupper() or w.casefold() in _SIGNATURE_PARTICLES for w in words)
    if titled and len(words) <= 8 and _AFFILIATION.search(text):
        return True  # "Department of Politics, University of Bristol"
    return len(words) <= 5 and titled and ("," in text or len(words) <= 3)


# What an op-ed's closing line says of its author ("Jane Doe is a senior
# fellow at ...", "The writer is a former ambassador to ...").
_BIO_VERB = (
    r"(?:(?:is|was)\s+(?:an?|the|also|currently|now|formerly)|has\s+been|serves\s+as|"
    r"teaches|directs|writes|covers)\b"
)
# Jobs a closing bio names beside the newsroom's (:data:`_JOB_WORD`).
_BIO_JOB = re.compile(
    r"(?i)\b(?:fellow|professor|lecturer|researcher|author of|director of|head of|senior|"
    r"based in|[\w-]+-based)\b"
)
_WRITER_BIO = re.compile(r"^[—–-]?\s*[*_]?(?:The|This)\s+(?:author|writer)s?\s+(?:is|are|was)\b")


_OPINION = re.compile(r"(?i)\b(?:opinion|op-?ed|comment(?:ary)?|editorial|column|columnists?)\b")


def _surname_pattern(name: str) -> str:
    """A pattern of ``name``'s surname as a sentence opens with it: the last
    word, or from a particle on ("van der Berg", written "Van der Berg" at
    a sentence's start)."""
    words = name.split()
    at = next((i for i in range(1, len(words)) if words[i] in _NAME_PARTICLES), len(words) - 1)
    surname = " ".join(words[at:])
    return f"[{surname[0].upper()}{surname[0].lower()}]{re.escape(surname[1:])}"


def _without_author_bio(article: Article) -> Article:
    """The article with its author's closing bio (the last paragraph, at
    most 50 words, opening with the author's name and "is a"/"was the"/
    "serves as" ..., or in a piece labelled opinion, "The writer is ...")
    moved to ``meta["author_bio"]``: it says who wrote the piece, not what
    it is about."""
    if len(article.paragraphs) < 2:
        return article
    last = article.paragraphs[-1]
    if len(last.split()) > 50:
        return article
    names = [n.strip() for n in re.split(r";|,|\s+and\s+", article.author or "") if n.strip()]
    opener = r"^[—–-]?\s*[*_]?"
    named = any(
        re.match(rf"{opener}{re.escape(n)}(?:,\s[^,]{{1,60}},)?\s+{_BIO_VERB}", last)
        for n in names
        if len(n.split()) >= 2
    )
    # By surname alone ("Doe is a correspondent in Kyiv") only where the
    # line says a job: "Lukashenko is a ..." may close a story about him.
    named = named or any(
        re.match(rf"{opener}{_surname_pattern(n)}\s+{_BIO_VERB}", last)
        and (_JOB_WORD.search(last) or _BIO_JOB.search(last))
        for n in names
        if len(n.split()) >= 2 and len(n.split()[-1]) > 2
    )
    # "The writer is a member of PEN" closes a news story about a writer too:
    # only in a piece labelled as opinion.
    opinion = bool(
        _OPINION.search(" ".join([article.meta.get("wire_slug", ""), article.section or ""]))
    )
    if named or (opinion and _WRITER_BIO.match(last)):
        article.meta["author_bio"] = last.strip("*_ ")
        _keep_paragraphs(article, range(len(article.paragraphs) - 1))
    return article


def _declared_charset(path: Path) -> str | None:
    """The charset a web page declares in its first 4 KB (``<meta
    charset=...>``, or an XHTML page's ``<?xml ... encoding=...?>``), when
    Python knows it, as a browser reads it
    (``iso-8859-1``, ``latin1`` and ``us-ascii`` as ``cp1252``)."""
    import codecs

    head = path.read_bytes()[:4096].decode("ascii", "ignore")
    m = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", head, re.IGNORECASE) or re.search(
        r"<\?xml[^>]*\bencoding\s*=\s*[\"']([\w.:-]+)", head, re.IGNORECASE
    )  # an XHTML page's prolog: <?xml version="1.0" encoding="ISO-8859-1"?>
    if not m:
        return None
    try:
        name = codecs.lookup(m[1]).name
    except LookupError:
        return None
    # Browsers read these labels as windows-1252 (the WHATWG Encoding
    # standard): pages declared iso-8859-1 hold its €, curly quotes and
    # dashes in bytes 0x80-0x9F, which Latin-1 makes control characters.
    if name in ("latin-1", "iso8859-1", "ascii"):
        try:
            path.read_bytes().decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            return "latin-1"  # a byte cp1252 leaves undefined (0x81): the label's own
    return name


def _mhtml_page(path: Path, encoding: str | None = None) -> tuple[str, str | None]:
    """The web page an MHTML archive holds (RFC 2557, a browser's "Save as
    single file": ``.mht``/``.mhtml``), read with the standard library's
    MIME parser: its first ``text/html`` part, undone from its transfer
    encoding (quoted-printable, base64) and decoded by ``encoding`` where
    given, else the part's charset, else the page's ``<meta charset>``,
    else UTF-8 (cp1252 where that fails); and the address the page was
    saved from (``Snapshot-Content-Location`` or the part's
    ``Content-Location``), or None.

    Raises:
        ClassifyError: the archive holds no HTML page.
    """
    import codecs
    import email
    import email.policy

    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() != "text/html":
            continue
        data = part.get_payload(decode=True) or b""
        head = data[:4096].decode("ascii", "ignore")
        declared = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", head, re.IGNORECASE)
        names = [encoding, part.get_content_charset(), declared[1] if declared else None]
        name = next((n for n in names if n), "utf-8")
        with contextlib.suppress(LookupError):
            if codecs.lookup(name).name in ("latin-1", "iso8859-1", "ascii"):
                name = "cp1252"  # as browsers read these labels (WHATWG)
        try:
            html = data.decode(name)
        except (LookupError, UnicodeDecodeError):
            html = data.decode("cp1252", errors="replace")
        url = message.get("Snapshot-Content-Location") or part.get("Content-Location")
        return html, (str(url).strip() or None) if url else None
    raise ClassifyError(
        "no web page in the archive (an .mht/.mhtml file holds the page as its text/html "
        "part; this one has none): save the page again, or as .html",
        source=path,
    )


def _read_table(
    path: Path, options: ReadOptions, label_fields: tuple[str, ...]
) -> Iterator[Article]:
    # A date column the user named must be in the header.
    dated = (options.date_column,) if named_date_column(options) else ()
    if path.suffix.lower() == ".jsonl":
        rows = iter_jsonl(path, options=options)
    elif path.suffix.lower() == ".parquet":
        rows = iter_parquet(path, required=(options.text_column, *dated), empty_cells=label_fields)
    else:
        rows = iter_table(
            path,
            delimiter=options.delimiter,
            encoding=options.encoding,
            # An id column the user named must be there; the default may not be.
            required=(options.text_column,)
            + (() if options.id_column_optional else (options.id_column,))
            + dated,
            options=options,
        )
    yield from articles_of_rows(rows, path, options, label_fields)


def articles_of_rows(
    rows: Iterable[tuple[dict[str, Any], str]],
    path: Path,
    options: ReadOptions,
    label_fields: tuple[str, ...],
) -> Iterator[Article]:
    """The articles of a table's ``rows`` (each with where it is). A bad
    row, and a file that cannot be read as a whole (empty, no text column,
    not UTF-8) or holds no row, go to ``options.handle``: an error, or under
    ``on_error: skip`` a line in the list of what was left out."""
    listed = len(options.skipped)
    read = 0
    if named_date_column(options):
        rows = with_date_column(rows, path, options)
    slashed = _SlashedDates()
    try:
        for row, where in rows:
            read += 1
            try:
                article = row_to_article(row, path, where, options, label_fields)
            except ClassifyError as exc:
                options.handle(exc)
                continue
            slashed.add(getattr(article, "_date_written", None), article.date)
            yield article
    except ClassifyError as exc:
        if exc.source is None or Path(exc.source) != path:
            raise
        options.handle(exc)
        return
    if options.date_order == "day-first" and not options.date_order_given:
        slashed.note(path)
    if not read and len(options.skipped) == listed:
        suffix = path.suffix.lower()
        what = "no rows"
        if suffix in (".csv", ".tsv"):
            what = "no rows below the header"
        elif suffix == ".jsonl" and not path.read_bytes().strip():
            what = "file is empty"
        options.handle(ClassifyError(what, source=path))


# A numeric date with its day and month before the year, "03/04/2021",
# "3-4-21 10:00": the form whose order the file does not say.
_SLASHED = re.compile(r"^\s*(\d{1,2})([/-])(\d{1,2})\2\d{2,4}\b")


class _SlashedDates:
    """A table's slashed numeric dates, counted as read: where every one
    reads either way (no day above 12 says the order), a file written month
    first (a US spreadsheet) is read day first without an error, so it is
    said once, with the setting that reads it the other way."""

    def __init__(self) -> None:
        self.either = 0
        self.decided = False
        self.first: tuple[str, str] | None = None
        self.marks: set[str] = set()  # "/" and "-": 03-04-2021 is no "slashed" date

    def add(self, written: object, iso: str | None) -> None:
        if not isinstance(written, str) or iso is None or not (m := _SLASHED.match(written)):
            return
        if max(int(m[1]), int(m[3])) > 12 or m[1] == m[3]:
            # A day above 12 says the order; the same day and month read alike.
            self.decided = self.decided or max(int(m[1]), int(m[3])) > 12
            return
        self.either += 1
        self.first = self.first or (written.strip(), iso)
        self.marks.add(m[2])

    def note(self, path: Path) -> None:
        if self.decided or not self.either or self.first is None:
            return
        from classify.errors import warn
        from classify.tables import option_hint

        how = option_hint("date_order", example="month-first") or "date_order='month-first'"
        n = self.either
        kind = {"/": "slashed", "-": "hyphenated"}.get("".join(self.marks), "numeric")
        warn(
            f"{path}: {f'its one {kind} date' if n == 1 else f'all {n} {kind} dates'} "
            f"(first '{self.first[0]}', read as {self.first[1]}) read day first, and no day "
            f"above 12 says the file's order: if it writes the month first (US), pass {how}",
            once=f"slashed:{path}",
        )


def named_date_column(options: ReadOptions) -> bool:
    """Whether ``options`` name a date column this input must have (given
    for it, not taken over from a model's or the labelled data's settings)."""
    return bool(options.date_column) and not options.date_column_optional


def with_date_column(
    rows: Iterable[tuple[dict[str, Any], str]], path: Path, options: ReadOptions
) -> Iterator[tuple[dict[str, Any], str]]:
    """``rows`` as they are, once one of the first :data:`DATE_ROWS_TO_LOOK`
    has the date column ``options`` name (JSONL rows may leave a key out).

    Raises:
        ClassifyError: none of them has it (naming the columns they have),
            before any row is given.
    """
    name = str(options.date_column)
    head: list[tuple[dict[str, Any], str]] = []
    it = iter(rows)
    for row, where in it:
        head.append((row, where))
        if has_column(row, name):
            break
        if len(head) >= DATE_ROWS_TO_LOOK:
            break
    if head and not has_column(head[-1][0], name):
        columns = column_list(dict.fromkeys(str(k) for row, _ in head for k in row))[:200]
        how = option_hint("date_column", example="NAME")
        error = ClassifyError(
            f"no date column '{name}' (columns: {columns}"
            + (f"; choose one with {how})" if how else ")"),
            source=path,
        )
        # The column to read is the fix; skipping rows would not be.
        error.hinted = True  # type: ignore[attr-defined]
        raise error
    yield from head
    yield from it


def iter_csv(path: Path, *, delimiter: str | None = None) -> Iterator[tuple[dict[str, Any], str]]:
    """Rows of a CSV/TSV file (see :func:`classify.tables.iter_table`)."""
    return iter_table(path, delimiter=delimiter)


_ROW_FIELDS = {"id", "text", "date", "title", "section", "author", "source", "sources", "site"}


def _kind_of(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    return (
        "a list"
        if isinstance(value, list)
        else "a mapping"
        if isinstance(value, dict)
        else "a value"
    )


# What database, spreadsheet and dataframe exports write in a cell with no
# value (SQL NULL, MySQL's and PostgreSQL's COPY \N, Excel's #N/A and
# #NULL!, pandas' nan, None and <NA> written as text): as a whole text
# cell, no text, never a unit of the corpus.
NULL_MARKERS = frozenset(
    {"NULL", "null", "\\N", "#N/A", "#NULL!", "N/A", "NA", "<NA>", "nan", "NaN", "None"}
)
# Compared case-blind: exports and hand-typed sheets write "Null", "NONE", "n/a".
_NULL_UPPER = frozenset(marker.upper() for marker in NULL_MARKERS)


def is_null_marker(text: str) -> bool:
    """Whether a whole cell's text is only an export's mark for a missing
    value (:data:`NULL_MARKERS`, in any case: ``Null``, ``n/a``, ``NONE``)."""
    return text.strip().upper() in _NULL_UPPER


_RENAMES: dict[tuple[tuple[str, str], ...], dict[str, str]] = {}


def _renamed(written: dict[str, Any], row: dict[str, Any]) -> dict[str, str]:
    """``{standard name: column as written}`` for the columns of ``written``
    that :func:`~classify.columns.known_columns` renamed in ``row``; one
    dict per header, shared by its rows."""
    pairs = tuple(
        (new, str(old))
        for old, new in zip(written, row, strict=False)
        if new != old and new not in written
    )
    return _RENAMES.setdefault(pairs, dict(pairs))


def _nested_title_key(row: dict[str, Any], text_column: str) -> str:
    """The column that holds a nested record's headline beside its text
    (``article.headline`` for ``--text-column article.text``), else
    ``title``: a flat ``headline`` column is the title, so the same
    record nested must read alike."""
    from classify.columns import TITLE_COLUMNS, _snake

    parent, dot, _ = text_column.rpartition(".")
    if not dot:
        return "title"
    for key in row:
        head, _, last = str(key).rpartition(".")
        if head == parent and (_snake(last) in TITLE_COLUMNS) and row[key]:
            return str(key)
    return "title"


def _row_date(
    value: Any, column: str | None, path: Path, where: str, options: ReadOptions
) -> str | None:
    """A row's date cell read (None for an empty one); an error names the
    column it is in where the column is not ``date``."""
    if value in (None, ""):
        return None
    try:
        return parse_date(value, source=path, where=where, date_order=options.date_order)
    except ClassifyError as exc:
        if not column or column == "date" or exc.message.startswith("column "):
            raise
        error = type(exc)(f"column '{column}': {exc.message}", source=exc.source, where=exc.where)
        error.__dict__.update({k: v for k, v in exc.__dict__.items() if k not in error.__dict__})
        raise error from None


def row_to_article(
    row: dict[str, Any],
    path: Path,
    where: str,
    options: ReadOptions | None = None,
    label_fields: Sequence[str] = LABEL_FIELDS,
) -> Article:
    """One table row as an :class:`Article` with one paragraph per blank-line
    separated block of its text.

    Label columns keep their raw value, with ``None`` for an absent column
    or a JSON ``null`` (unlabelled) and ``""`` for an empty CSV cell (what
    that means is the task's business, see :meth:`Task.is_unlabelled`); a
    row with no label at all is unlabelled everywhere
    (:func:`classify.tasks.row_labels`).
    """
    options = options or ReadOptions()
    written = row
    date_column = options.date_column
    row = known_columns(
        row,
        {
            *_ROW_FIELDS,
            *GROUP_COLUMNS,
            *UNIT_COLUMNS,
            options.text_column,
            options.id_column,
            *label_fields,
            *([date_column] if date_column else []),
        },
    )
    known = row
    if options.label_sets:
        row = label_columns(row, options.label_sets, path, where)
    # A title or outlet cell holding only an export's missing-value mark is
    # no title or outlet ("NULL" before the text would be read as its first words).
    for key in ("title", "section", "author", "site", "source", "sources"):
        if isinstance(row.get(key), str) and is_null_marker(row[key]):
            row = {**row, key: None}
    text = row.get(options.text_column)
    mojibake = False
    if isinstance(text, str):
        # Mojibake undone before anything reads its characters (latin-1's
        # "Ä\x85" holds U+0085, a line break); a cell of soft hyphens or
        # zero-width spaces is as empty as a blank one.
        repaired = repair_mojibake(text)
        mojibake = repaired != text
        text = normal_text(repaired)
    if not isinstance(text, str) or is_blank_text(text) or is_null_marker(text):
        hint = ""
        if options.text_column not in row:
            # Name the columns there are, and how to pick one: the column may
            # come from the model's training data rather than from the user.
            columns = column_list(written)[:200]  # as the file names them
            how = pool_hint("text_column", "NAME") or option("text_column", "NAME")
            hint = f" (columns: {columns}; choose one with {how})"
        elif text is not None and not isinstance(text, str):
            shown = str(text) if len(str(text)) <= 40 else f"{str(text)[:37]}..."
            if isinstance(text, list):
                shown = f"{len(text)} item{'s' if len(text) != 1 else ''}" if text else "empty"
            # A Series has no columns: its values are the texts.
            holds = "holds" if str(path) != "Series" else "is"
            subject = f"column '{options.text_column}' " if str(path) != "Series" else "the value "
            raise ClassifyError(
                f"{subject}{holds} {_kind_of(text)} ({shown}), not text"
                + (
                    "; join its paragraphs with blank lines"
                    if isinstance(text, list) and text
                    else ""
                ),
                source=path,
                where=where,
            )
        # A column the row lacks is said so: "no text in" would read as an empty cell.
        what = "no column" if hint else "no text in column"
        if not hint and isinstance(text, str) and is_null_marker(text):
            hint = f" (only '{text.strip()}', an export's mark for a missing value)"
        error = ClassifyError(
            f"row has {what} '{options.text_column}'{hint}", source=path, where=where
        )
        # A row without the column asks for --text-column, not for skipping.
        error.hinted = options.text_column not in row  # type: ignore[attr-defined]
        raise error
    if "\x00" in text and Path(str(path)).suffix.lower() in TABLE_SUFFIXES:
        # As for an article file: NUL bytes in a table are binary or corrupt
        # data, not text (a string given in memory is taken as given).
        raise ClassifyError(
            f"column '{options.text_column}' holds NUL bytes (binary or corrupt data, not text)",
            source=path,
            where=where,
        )
    number = where.split()[-1]
    # An entity may stand for an invisible character too ("&#8203;").
    text = normal_text(cell_text(text))
    from classify.columns import TRUNCATION_MARK, note_truncated

    if "char" in text[-40:] and TRUNCATION_MARK.search(text):
        text = TRUNCATION_MARK.sub("", text)
        note_truncated(path)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if not is_blank_text(p)]
    if not paragraphs:
        raise ClassifyError(
            f"row has no text in column '{options.text_column}' (only markup or entities)",
            source=path,
            where=where,
        )
    if len(paragraphs) == 1 and _line_per_paragraph(paragraphs[0]):
        paragraphs = [line.strip() for line in paragraphs[0].splitlines() if line.strip()]
    title = row.get("title")
    head, _, rest = paragraphs[0].partition("\n")
    if (
        isinstance(title, str)
        and rest.strip()
        and " ".join(head.split()).casefold() == " ".join(title.split()).casefold()
    ):
        # A text whose first line is the title (in any case), then a line
        # break: the title is its own paragraph, as when a blank line follows it.
        paragraphs[:1] = [head.strip(), rest.strip()]
    raw_id = row.get(options.id_column)
    if isinstance(raw_id, str) and "\x00" in raw_id:
        # An id is matched and written as it is: a NUL in it is corrupt data.
        raise ClassifyError(
            f"column '{options.id_column}' holds NUL bytes (binary or corrupt data, not an id)",
            source=path,
            where=where,
        )
    if (
        options.id_column_optional
        and options.id_column not in row
        and row.get("id") not in (None, "")
    ):
        # New data for a model trained with another id column ("doc"): its
        # own "id" names its rows, not the file's line numbers.
        raw_id = row["id"]
    if options.id_column_optional and raw_id in (None, "") and row.get("unit") not in (None, ""):
        # A gold file or an export names its units by ``unit``.
        raw_id = row["unit"]
    if not options.id_column_optional and options.id_column not in row:
        columns = column_list(row)[:200]
        how = (
            pool_hint("id_column", "NAME")
            or option_hint("id_column", example="NAME")
            or "the data.id_column setting"
        )
        raise ClassifyError(
            f"row has no id column '{options.id_column}' (columns: {columns}; choose one "
            f"with {how})",
            source=path,
            where=where,
        )
    if isinstance(raw_id, (dict, list, bool)):
        import json

        # Spelt as the file writes it (true, not True).
        raise ClassifyError(
            f"id {json.dumps(raw_id, ensure_ascii=False)} is not a string or number",
            source=path,
            where=where,
        )
    item_id = (
        f"{id_form(path.stem)}-{number}"
        if raw_id is None or str(raw_id).strip() == ""
        else written_id(raw_id)
    )
    if options.id_column not in row and raw_id in (None, "") and written:
        note_id_like_column(path, written)
    elif options.id_column in row and (raw_id is None or str(raw_id).strip() == ""):
        note_empty_id(path, where, options.id_column, item_id)
    if options.id_column not in row and row.get("article_id") not in (None, ""):
        note_article_id_column(path, written)
    date_key: str | None = "date"
    if date_column and date_column in row:
        date_key = date_column
    elif date_column and not options.date_column_optional:
        # A JSONL row may leave the named column out: undated, as an empty
        # cell; a file without it at all is refused (named_date_column).
        date_key = None
    date = row.get(date_key) if date_key else None
    if date in (None, "") and row.get("year") not in (None, ""):
        year = row["year"]
        # A number is read as one (2017.0 is 2017; 2024.5 is no date), text as written.
        date = year if isinstance(year, float) else as_written(year)
    if date_key is not None and date_key not in row:
        note_date_like_column(
            path,
            written,
            {*_ROW_FIELDS, options.text_column, options.id_column, *label_fields},
            by_year="year" in row,
        )
    # ``source`` and ``sources`` are read into the outlets the item cites:
    # ``source`` is the first, ``sources`` all of them.
    reserved = _ROW_FIELDS | {options.text_column, options.id_column, date_key or "date"}
    outlets = split_outlets([row.get("source"), row.get("sources")])
    # A published split's column is read beside the labels (split: column),
    # yet it is no label: a row with it alone filled is unlabelled.
    fields = [f for f in label_fields if f != SPLIT_COLUMN]
    if pending := pending_adjudication(row, fields):
        raise ClassifyError(pending, source=path, where=where)
    labels = {k: v for k, v in row_labels(row, fields, options.empty_sets).items() if v is not None}
    if SPLIT_COLUMN in label_fields and row.get(SPLIT_COLUMN) not in (None, ""):
        labels[SPLIT_COLUMN] = row[SPLIT_COLUMN]
    title_key = "title" if row.get("title") else _nested_title_key(row, options.text_column)
    reserved |= {title_key}
    meta = {k: v for k, v in row.items() if k not in reserved and k not in labels}
    article = Article(
        id=item_id,
        paragraphs=[" ".join(p.split()) for p in paragraphs],
        title=row.get(title_key) or None,
        section=row.get("section") or None,
        date=_row_date(
            date,
            _renamed(written, known).get(date_key, date_key)
            if date_key and known is not written
            else date_key,
            path,
            where,
            options,
        ),
        author=row.get("author") or None,
        source=outlets[0] if outlets else None,
        sources=outlets,
        site=row.get("site") or None,
        path=f"{path}:{where}",
        labels=labels,
        meta=meta,
    )
    article._mojibake = mojibake  # type: ignore[attr-defined]  # counted by read_articles
    article._date_written = date  # type: ignore[attr-defined]  # for the order's note
    if known is not written:
        # For messages that list the columns: "published" read as date.
        article._written_as = _renamed(written, known)  # type: ignore[attr-defined]
    raw_title = article.title
    _without_slug(article)
    if raw_title != article.title and article.paragraphs:
        # The headline written again above the text, label and all, is the
        # same headline: the title's own words stay prepended only once.
        head = article.paragraphs[0]
        if " ".join(head.split()).casefold() == " ".join(raw_title.split()).casefold():
            article.paragraphs[0] = article.title
        elif head[: len(raw_title)].casefold() == raw_title.casefold():
            article.paragraphs[0] = article.title + head[len(raw_title) :]
    if len(article.paragraphs) > 1:
        _clean_row_body(article, options.date_order)
    return article


def _clean_row_body(article: Article, date_order: DateOrder) -> None:
    """A table cell that holds an article body (paragraphs between blank
    lines) has its furniture found as a text file's body has: boilerplate
    paragraphs ("Our Standards: ...", copyright lines) and the credit line
    (with what follows it) are marked (``_furniture``, their 0-based
    positions) so that no paragraph or sentence unit is cut from them, and a
    wire dateline ("MINSK (Reuters) -") gives ``dateline`` (and ``source``
    and ``date`` where the row has none). The cell's text, the row's units
    and the paragraph numbers stay as written, so gold files keyed by the
    text or by paragraph id still match; a cell of one paragraph (a news
    item, a UN paragraph) is left alone."""
    paragraphs = article.paragraphs
    furniture = {i for i, p in enumerate(paragraphs) if _BOILERPLATE.match(p)}
    # The credit line among the last four paragraphs, as _take_credits finds
    # it; it and what follows are no body (one paragraph is kept at least).
    for i in range(len(paragraphs) - 1, max(len(paragraphs) - 5, 0), -1):
        if _is_credit_line(paragraphs[i]):
            while i > 1 and _is_credit_line(paragraphs[i - 1]):
                i -= 1  # a credit line broken over paragraphs
            credit = " ".join(p.strip() for p in paragraphs[i : i + 2] if _is_credit_line(p))
            article.credits = _credits_of(article, credit)
            furniture.update(range(i, len(paragraphs)))
            break
    if len(furniture) >= len(paragraphs):
        return  # all furniture: kept, for the reader to see
    # The story's first paragraph: after a refiling slug ("(Adds reaction)")
    # and the headline written above the text.
    body = [i for i in range(len(paragraphs)) if i not in furniture]
    if (
        len(body) > 1
        and article.title
        and (paragraphs[body[0]].casefold() == " ".join(article.title.split()).casefold())
    ):
        body = body[1:]
    first = paragraphs[body[0]]
    if dl := match_dateline(first):
        article.dateline = dl[0]
        if dl[1] and not article.outlets:
            article.source, article.sources = dl[1], [dl[1]]
        if article.date is None:
            _date_from_dateline(article, first[: dl[2]], date_order)
    if furniture:
        article._furniture = frozenset(furniture)  # type: ignore[attr-defined]


# -- the seed layout --------------------------------------------------------------


def _join_lines(lines: Sequence[str]) -> str:
    """The lines of one hard-wrapped paragraph joined with spaces; a line
    that ends in a hyphen after a letter ("long-", "normal-") joins the next
    without one, the hyphen kept ("long-standing", "normal-isation")."""
    out = ""
    for line in lines:
        if out and not (re.search(r"\S-$", out) and line[:1].isalnum()):
            out += " "
        out += line
    return out


def _blocks(text: str) -> list[list[str]]:
    """Lines grouped into blank-line separated blocks, whitespace squeezed.
    Where paragraphs are marked by indenting their first line instead (old
    wire and plain-text exports: some lines indented deeper than the
    narrowest margin below the headline, at most 60% of them, and at most
    three blank-line runs, a headline and a date line above one body), the
    first indented line of a run opens a block too."""
    raws = text.replace("\u00ad", "").splitlines()
    filled = [r for r in raws if r.strip()]
    # Indentation counts from the body's margin: Reuters-21578-style
    # files indent every line, a paragraph's first one deeper.
    widths = [len(r.expandtabs(4)) - len(r.expandtabs(4).lstrip()) for r in filled]
    # (The narrowest below the headline: first lines may outnumber the rest.)
    margin = min(widths[1:], default=0)

    def deeper(raw: str) -> bool:
        wide = raw.expandtabs(4)
        return bool(raw.strip()) and len(wide) - len(wide.lstrip()) >= margin + 2

    indented = [r for r in filled if deeper(r)]
    # Only where blank lines do not already mark the paragraphs (at most a
    # headline and a date line above one body block): an indented quotation
    # in an article of blank-line paragraphs stays as it is.
    runs = sum(1 for run in re.split(r"\n\s*\n", text) if run.strip())
    # One deeper line is enough where every line has a margin: a one-paragraph story.
    by_indent = (1 if margin else 2) <= len(indented) <= 0.6 * len(filled) and runs <= 3
    blocks: list[list[str]] = [[]]
    previous = ""
    for raw in raws:
        line = " ".join(raw.split())
        # A run of indented lines is one paragraph's continuation, not many.
        opens = deeper(raw) and not deeper(previous)
        if line and by_indent and blocks[-1] and opens:
            blocks.append([])
        previous = raw if line else ""
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _stamp_words(text: str) -> str:
    """``text`` without the words that travel with a web date ("Updated",
    "Published:", "3 hours ago", "on"), whitespace squeezed."""
    core = _RELATIVE_TIME.sub(" ", text)
    core = _STAMP_WORDS.sub(" ", core)
    return " ".join(core.split())


def _date_parts(line: str) -> list[str]:
    """A date line cut into its parts: at bars, at middle dots and before
    each stamp word, so every "Updated"/"Published" opens a part of its own
    ("Sept. 11, 2025 (Updated: Sept. 12, 2025)", "...GMT+2Updated 3 hours
    ago", "Published Sept. 11 ... Updated Sept. 12 ...")."""
    # Browser copies glue the year to the time ("September 11, 20251:05 PM")
    # and a stamp word to what precedes it ("GMT+2Updated").
    line = _GLUED_TIME.sub(r"\1 ", line)
    line = re.sub(
        r"(?<=[^\s|(])(?=(?:Updated|Published|Posted|Modified|UPDATED|PUBLISHED)\b)", " ", line
    )
    line = re.sub(rf"\(\s*((?i:{_STAMP})\b[^()]*)\)", r"| \1", line)
    line = re.sub(r"\s*[·•]\s*", " | ", line)
    line = re.sub(
        r"(?<![Ll]ast)(?<!LAST)(?<![Ff]irst)(?<!FIRST)"
        rf"\s+(?=(?i:(?:last\s+|first\s+)?{_STAMP}\b))",
        " | ",
        line,
    )
    line = re.sub(r"(?i)\s+(?=\d+\s*-?\s*min(?:ute)?s?\.?\s+read\b)", " | ", line)
    # A numeric date glued to the same date written out, as a DW page copies
    # ("03/12/2025March 12, 2025"): the written one, which reads one way only.
    line = re.sub(rf"^\s*\d{{1,2}}[./]\d{{1,2}}[./]\d{{4}}(?={_MONTH_NAME}\s+\d)", "", line)
    # "Publié le 4 mars 2025 à 10h31, modifié le ...": the comma before a
    # stamp is no part of the date.
    return [p.strip().rstrip(",").strip() for p in line.split("|") if p.strip().rstrip(",")]


# Set while a saved web page is read: its date lines are the one date it
# shows, not a file's column of dates in one order.
_PAGE_DATES: ContextVar[bool] = ContextVar("classify_page_dates", default=False)


# "Minsk, 3 April 2019", "VILNIUS, Lithuania, March 3, 2019": a place line
# of a press release or a web page, names of one to four capitalised words.
_PLACE_NAME = r"[A-Z][\w'.\-]*(?:\s+[A-Z][\w'.\-]*){0,3}"
_PLACE_COMMA_DATE = re.compile(
    rf"(?P<place>{_PLACE_NAME}(?:,\s+{_PLACE_NAME})?)(?:,|\s+[–—-])\s+(?P<date>\S.*?)"
    r"|(?P<place2>[A-Z][\w'.\-]*(?:\s+[A-Z][\w'.\-]*){0,3})\s+\((?P<date2>[^()]+)\)"
)


def _date_line(
    line: str, path: str | None, date_order: DateOrder = "day-first"
) -> tuple[str | None, str | None] | None:
    """``(section, iso date)`` when ``line`` is a date line (:func:`_plain_date_line`)
    or a place and a full date ("Minsk, 3 April 2019", whose section is
    None: a place is no section), else None."""
    found = _plain_date_line(line, path, date_order)
    if found is not None:
        return found
    m = _PLACE_COMMA_DATE.fullmatch(line.strip())
    if m is None or re.search(rf"(?i)\b{_MONTH_NAME}", m["place"] or m["place2"]):
        return None
    dated = _plain_date_line(m["date"] or m["date2"], path, date_order)
    if dated == (None, None) and is_date_span(m["date"] or m["date2"]):
        return None, None  # "Minsk, 2-4 May 2023": a place and a span, undated
    if dated is None or dated[0] is not None or not dated[1] or len(dated[1]) != 10:
        # Only a day's date: "Minsk, 2019" or "Minsk, Europe | 2019" is no place line.
        return None
    return None, dated[1]


def _plain_date_line(
    line: str, path: str | None, date_order: DateOrder = "day-first"
) -> tuple[str | None, str | None] | None:
    """``(section, iso date)`` when ``line`` is a date line, else None.

    A date line is ``Section | date``, ``Section | date | time`` or the date
    alone; the date may carry a time, a zone and "Updated 3 hours ago"
    ("May 2, 2024 10:31 AM GMT+2 Updated 3 hours ago"). Parts that only
    stamp a web page ("Updated 3 hours ago", "3 min read") may stand
    anywhere, between bars or middle dots. Of several dates, the one marked
    "Published"/"Posted" is the article's, else the first one not marked
    "Updated". A section may also stand before a written-out date without a
    bar ("Europe September 11, 2025"). A date written without a year
    ("World | Sept. 11") is a date line whose date is None: its year cannot
    be known, and the line is never body text.
    """
    if _RELATIVE_STAMP.match(line.strip()):
        return None, None  # "2 hours ago": when it was written is not known
    parts = _date_parts(line)
    if not parts or len(parts) > 6:
        return None
    section: str | None = None
    dates: list[tuple[str, list[str]]] = []
    relative = False
    for p in parts:
        if _RELATIVE_STAMP.match(p):
            relative = True
            continue
        if _READ_TIME.match(p) or not _stamp_words(p):
            continue
        stamp = _STAMP_START.match(p)
        if _CLOCK.match(p) and dates:
            dates[-1][1].append(p)
        elif re.search(r"\d", p) and not (not dates and _NAME_WITH_NUMBER.fullmatch(p)):
            dates.append((p, []))
        elif not dates and not stamp and len(p) <= 60 and not _is_byline(p):
            # "World | Middle East | Sept. 11, 2025": sections nest.
            section = p if section is None else f"{section} | {p}"
        elif dates and _agency_named(p):
            # "March 4, 2024 | Reuters", "| A.P.": the agency, kept beside the
            # sections for the reader to move to the article's source.
            section = p if section is None else f"{section} | {p}"
        elif dates and not stamp and _section_after_date(p):
            # "Sept. 3, 2024 | Europe": the section after the date (after one
            # before it too: "World | Sept. 3, 2024 | Europe").
            section = p if section is None else f"{section} | {p}"
        else:
            return None
    if not dates:
        # "2 hours ago | World": a section beside a stamp that gives no date.
        return (section, None) if relative and section else None
    marked = [d for d in dates if re.match(rf"(?i)(?:first\s+)?{_PUBLISHED}(?!\w)", d[0])]
    plain = [d for d in dates if not _STAMP_START.match(d[0])]
    date_part, times = (marked or plain or dates)[0]
    written = " ".join([date_part, *times])
    core = _stamp_words(written)
    m = _SECTION_THEN_DATE.match(core) if section is None else None
    if m and not re.search(rf"(?i)\b{_MONTH_NAME}|\b(?:mon|tue|wed|thu|fri|sat|sun)", m["section"]):
        section, core = m["section"], m["date"]
    # (A CJK year runs into its mark, 2024年, with no word boundary.)
    if not re.search(r"\b\d{4}\b|^\d{8}\b|\d{4}\s*[年년]", core) and not numeric_short_year(core):
        return (section, None) if _MONTH_DAY_ONLY.match(core) else None
    if len(core.split()) > 8 and not is_day_span(core):
        # (A span in other languages runs longer: "del 28 de febrero al 2
        # de marzo de 2023".)
        return None
    try:
        return section, parse_date(core, date_order=date_order)
    except DateOrderError as exc:
        if _PAGE_DATES.get():
            # A web page shows one date: one that reads only in the other
            # order is that date (README, Dates).
            other: DateOrder = "month-first" if date_order == "day-first" else "day-first"
            return section, parse_date(core, date_order=other)
        # A folder is read in one order, as a table column is.
        raise DateOrderError(f"date line '{line}': {exc.message}", source=path) from None
    except ClassifyError as exc:
        if "a range or list of dates" in exc.message and (
            # Months in other languages ("2-4 мая 2023") too, in a line this short.
            only_dates(core)
            or is_day_span(core)
            or (len(core.split()) <= 3 and not re.search(r"[.!?]$", core))
        ):
            # "May 2-4, 2023" under a headline: a date line, never the
            # headline's end nor body, whose one date cannot be known
            # (kept in date_written, as a date without a year).
            return section, None
        if numeric_short_year(core):
            # "21-04-03" under a headline: a date, never the title or body,
            # refused as a table column's is (year first or last?).
            raise ClassifyError(f"date line '{line}': {exc.message}", source=path) from None
        if section and "|" in line:
            # "Section | date" that cannot be read: refuse, never body text.
            why = exc.message.partition(f"'{core}'")[2].lstrip(": ") if core in exc.message else ""
            raise ClassifyError(
                f"date line '{line}': cannot read date '{written}'"
                + (f": {why}" if why.startswith("a range") else ""),
                source=path,
            ) from None
        return None


# A name with a number in it before a date line's date ("Charter 97 |
# June 2, 2024", "Channel 4 News | ..."): a publication or section, no date.
_NAME_WITH_NUMBER = re.compile(
    rf"(?!.*\b{_MONTH_NAME}(?!\w))(?!(?i:mon|tue|wed|thu|fri|sat|sun)\w*\b)"
    r"[A-Z][\w'’&-]*(?:\s+[A-Z][\w'’&-]*){0,3}\s+\d{1,3}(?:\s+[A-Z][\w'’&-]*){0,2}"
)


def _section_after_date(part: str) -> bool:
    """A section's name after a date line's date ("Europe", "World News",
    "Middle East & Africa"): up to three capitalised words (and "&"), no
    digit, no byline."""
    words = [w for w in part.split() if w != "&"]
    return (
        0 < len(words) <= 3
        and not _is_byline(part)
        and all(w[:1].isupper() or w == "&" for w in words)
        # Full stops only in initials ("U.S.", "U.K. Politics").
        and not re.search(r"[\d.!?]", re.sub(r"\b(?:[A-Z]\.){2,}", "", part))
    )


# Lower-case words inside names: "Hassan al-Saadi", "Ursula van der Berg".
_NAME_PARTICLES = frozenset(
    {"al", "al-", "el", "van", "von", "der", "den", "de", "da", "di", "du", "la", "le", "bin"}
    | {"ibn", "dos", "das", "del", "della", "ter", "ten", "y", "e", "ben", "abu", "zu"}
    | {"bint", "binti", "ould", "ag", "dei", "degli", "delle", "dal", "dalla"}
)


def _name_word(word: str) -> bool:
    """A word of a person's name: capitalised or in a script without case
    ("김민수", "李伟"), a particle ("van", "al", "bint"), or a particle joined
    by a hyphen or an apostrophe to a capitalised word ("al-Saadi",
    "d'Estaing", "dell'Acqua")."""
    head, _, tail = word.partition("-")
    elided, _, after = word.replace("’", "'").partition("'")
    return (
        (word[0].isalpha() and not word[0].islower())
        or word in _NAME_PARTICLES
        or (head in _NAME_PARTICLES and tail[:1].isupper())
        or (elided in _ELIDED_PARTICLES and after[:1].isupper())
    )


# Particles written against the name with an apostrophe: "d'Estaing", "dell'Acqua".
_ELIDED_PARTICLES = frozenset({"d", "dell", "dall", "l", "degl", "all", "sull"})


# What separates a byline's name from an agency, a date or a reading time.
_BYLINE_BAR = re.compile(r"\s*[|\u00b7\u2022]\s*")


_ROLE_NOUN = (
    r"(?:writer|reporter|correspondent|editor|columnist|contributor|analyst|producer|"
    r"bureau\s+chief|corresponsal(?:es)?|correspondant(?:e)?|correspondente|"
    r"enviad[oa]\s+especial|inviat[oa](?:\s+speciale)?|"
    r"corrispondente|(?:\w+)?korrespondent(?:in)?|redakteur(?:in)?|envoy[ée]e?\s+sp[ée]ciale?|"
    r"journaliste|periodista|jornalista|giornalista|reporter(?:in)?|корреспондент|редактор|"
    r"журналист|desk|bureau|foreign\s+service|staff)s?"
)


def strip_role(byline: str) -> str:
    """A byline without what follows the names: a role with up to three
    words before it, after a comma or a dash ("Jane Doe, Europe
    Correspondent", "Jane Doe - Senior Editor", "Jane Doe and Jo Kim, Staff
    Reporters", "Jane Doe, Foreign Desk"), or after the names without one
    ("John Smith Diplomatic Editor"); "Special to The Washington Post"; a
    handle ("@janedoe"); an outlet's initials or a news agency after a comma
    ("Anna Chernova, CNN", "Jane Doe, Reuters"); a place, a role or an
    agency in brackets ("Frédéric Bobin (Tunis, correspondant)")."""
    line = re.sub(r"\s+@\w+$", "", byline.strip())
    # A place, a role or an agency in brackets ("(Tunis, correspondant)").
    line = re.sub(r"(?<=\w)\s*\([^()]{2,60}\)$", "", line)
    line = re.sub(rf",\s+(?:The\s+)?(?:{_AGENCIES})$", "", line)
    line = re.sub(r"(?i),?\s+special\s+to\s+.*$", "", line)
    line = re.sub(rf"(?i)\s*(?:,|\s[-–—])\s*(?:[\w'’-]+\s+){{0,3}}{_ROLE_NOUN}\b.*$", "", line)
    for before in (r"(?:[A-Z][\w'’-]+\s+)", ""):
        bare = re.sub(rf"\s+{before}(?i:{_ROLE_NOUN})$", "", line)
        if bare != line and len(bare.split()) >= 2:
            line = bare  # never the name itself ("Max Editor")
            break
    return re.sub(r",\s*[A-Z]{2,5}$", "", line)


# Words that say when, never a reporter's name: "By Sunday Evening" under
# a headline is a subheading or the body's first words, not a byline.
_TIME_WORDS = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "morning", "afternoon", "evening", "night", "midnight", "noon", "dawn", "dusk",
    "today", "tonight", "tomorrow", "yesterday", "week", "weekend", "month", "year",
    "then", "now", "next", "last", "end", "early", "late", "eve", "christmas", "easter",
    "midday",
})  # fmt: skip


def _byline_author(line: str) -> str | None:
    """The author of a byline ("By Jane Doe", "By Jane Doe and Jo Kim in
    London", "By Jane Doe | Reuters", "By Jane Doe · March 9, 2024 · 3 min
    read", "By Jane Doe, Reuters"): capitalised name words only, the line
    at most 80 characters. What follows a bar or a middle dot (an agency, a
    date) and a trailing agency name are not the author."""
    if len(line) > 160:
        return None
    line = _BYLINE_BAR.split(line)[0].strip()
    if re.fullmatch(rf"\w+:?\s+(?:[Tt]he\s+)?(?:{_AGENCIES})(?:\s+[Ss]taff)?", line):
        return None  # "By Al Jazeera Staff": an agency's desk, no author
    # A trailing agency, after a comma or an "and" ("By Jane Doe and Reuters").
    trailing = re.compile(
        rf"(?:,|\s+(?:and|&|y|e|et|und))?\s+(?:[Tt]he\s+)?(?:{_AGENCIES})$"
        rf"|(?:,|\s+(?:and|&|y|e|et|und))\s+(?:[Tt]he\s+)?(?:{_AGENCIES})\s+[Ss]taff$"
    )
    while (shorter := trailing.sub("", line)) != line:
        line = shorter  # "By Reuters and AP": agencies alone, no author
    # A leading agency before the names ("By Reuters and Jane Doe").
    leading = re.compile(
        rf"^(\w+:?\s+)(?:[Tt]he\s+)?(?:{_AGENCIES})(?:\s+[Ss]taff)?(?:,|\s+(?:and|&|y|e|et|und))\s+(?=\S)"
    )
    while (shorter := leading.sub(r"\1", line)) != line:
        line = shorter
    line = _AND_AGENCIES.sub("", strip_role(line))
    # Each reporter's place ("By Jane Doe in Brussels and John Roe in
    # Minsk"), then the last one's, or an outlet ("for The Times").
    names = _PLACE_BEFORE_AND.sub("", line)
    names = re.sub(r",?\s+(?:in|for)\s+[^\W\d_][\w\s.,'’-]{0,40}$", "", names)
    if len(names) > 80:
        return None  # a sentence, not names (three reporters with places fit)
    m = _BYLINE.match(names)
    if not m:
        return None
    joins = ("and", "AND", "And", "&", "y", "e", "et", "und", "en", "i", "и", "і", "та")
    words = [w for w in m["author"].replace(",", " ").split() if w not in joins]
    if any(w.casefold() in _TIME_WORDS for w in words):
        return None  # "By Sunday Evening", "By Next Week": when, not who
    if words and words[-1] in _NAME_PARTICLES:
        return None
    if words and words[0] in (
        *("The", "A", "An", "This", "That", "Our", "Your", "Its"),
        *("El", "La", "Los", "Las", "Le", "Les", "Der", "Die", "Das", "Il", "Lo", "De", "Het"),
    ):
        return None  # "By The Numbers": a subheading
    uncased = bool(words) and not words[0][0].isupper() and not words[0][0].islower()
    if (
        len(words) == 1
        and not _KNOWN_AGENCY.fullmatch(words[0])
        and not uncased
        and not _SURNAME_ALONE.fullmatch(words[0])
    ):
        # "By Design": a subheading; one word is a byline only as an agency,
        # as a name in a script without case, written without spaces ("김민수"),
        # or as a surname no common word is spelt like ("McDonald", "O'Brien").
        return None
    parts = re.split(r",\s*|\s+(?:and|AND|And|&|y|e|et|und|en|i|и|і|та)\s*", m["author"].strip())
    parts = [p for p in parts if p]
    if len(parts) > 1 and all(
        len(p.split()) == 1
        and not _KNOWN_AGENCY.fullmatch(p)
        and (p[0].isupper() or p[0].islower())
        for p in parts
    ):
        # "By Sea and Air", "By Land, Sea and Air": a subheading of single
        # words; reporters are named in full ("By Jane Doe and Jo Kim").
        return None
    ok = all(_name_word(w) for w in words)
    if not (ok and not words[0][0].islower()):
        return None
    # Two names with a comma left by a place ("A in Washington, D.C., and B").
    return _from_capitals(re.sub(r"^([^,]+),\s+(and|&)\s+([^,]+)$", r"\1 \2 \3", m["author"]))


def _from_capitals(name: str) -> str:
    """A byline set in capitals, as AP's are (``JANE DOE AND JO KIM``), in
    the case the same reporter's other bylines have (``Jane Doe and Jo
    Kim``), so one person is one author; other names as written."""
    joins = ("and", "y", "et", "und")
    words = [w for w in name.split() if w.lower() not in joins]
    if not words or any(w != w.upper() for w in words) or not any(c.isupper() for c in name):
        return name
    return " ".join(
        w.lower() if w.lower() in joins else re.sub(r"\bMc(\w)", _mc, w.title())
        for w in name.split()
    )


def _mc(m: re.Match[str]) -> str:
    # "MCDONALD" is McDonald, as the reporter's other bylines write it.
    return "Mc" + m[1].upper()


# A surname whose shape no common word has: a prefix and a capital
# ("McDonald", "MacLeod", "O'Brien", "DiMaggio", "LaGuardia").
_SURNAME_ALONE = re.compile(
    r"(?!O['’]Clock\b)(?:Mc|Mac|O['’]|D['’]|Di|De|La|Le|Van|Fitz)[A-Z][a-z]{2,}(?<!ism)(?<!isms)(?<!ite)(?<!ites)"
    # In capitals, as AP sets its bylines: MCDONALD, O'NEILL.
    r"|(?:MC|O['’])[A-Z]{3,}"
)


def _is_byline(line: str) -> bool:
    return _byline_author(line) is not None


def _agency_named(part: str) -> bool:
    """Whether a byline's or date line's part between bars names a news
    agency or its desk ("Reuters", "A.P.", "Reuters Staff"), not a section."""
    name = re.sub(r"(?i)\s+staff(?:\s+reporters?)?$", "", part.strip())
    return bool(_KNOWN_AGENCY.fullmatch(name) or _KNOWN_AGENCY.fullmatch(name.replace(".", "")))


def _byline_date(
    line: str, path: str | None, date_order: DateOrder
) -> tuple[str | None, str | None] | None:
    """The date line after a byline's bar or middle dot ("By Jane Doe |
    November 24, 2022", "By Jane Doe · March 9, 2024 · 3 min read"), as
    :func:`_date_line` gives it, with the section between them ("By Jane
    Doe | World | March 4, 2023"); None where there is none."""
    parts = [p.strip() for p in _BYLINE_BAR.split(line)[1:]]
    for k, part in enumerate(parts):
        if not part:
            continue
        if found := _date_line(part, path, date_order):
            return found
        if k + 1 < len(parts) and _section_after_date(part) and not _agency_named(part):
            rest = " | ".join(parts[k:])
            if (found := _date_line(rest, path, date_order)) and found[0]:
                return found
    return None


def _date_then_byline(line: str, path: str | None, date_order: DateOrder) -> list[str]:
    """``[date line, byline]`` where ``line`` is a date line, a bar or
    middle dot, then a byline ("Sept. 3, 2024 | By Jane Doe", "May 2, 2024
    · By AFP"), else ``[line]``."""
    parts = _BYLINE_BAR.split(line.strip())
    for k in range(1, len(parts)):
        byline = " | ".join(parts[k:])
        if _is_byline(parts[k]) or _NO_ONE_BYLINE_LINE.match(parts[k]):
            head = " | ".join(parts[:k])
            if _date_line(head, path, date_order):
                return [head, byline]
            break
    # Without a bar: "19.04.2024 Автор: Иван Петров", "March 4, 2023 By Jane Doe".
    m = _BYLINE_WORD_AFTER.search(line)
    if (
        m
        and _is_byline(line[m.end() :])
        and _date_line(line[: m.start()].strip(), path, date_order)
    ):
        return [line[: m.start()].strip(), line[m.end() :]]
    # A byline run into its date without a bar, as a browser copies it ("by
    # Martin Fornusek October 25, 2025 2:37 PM 2 min read").
    m = re.match(
        # The name holds no bar or dot: "By X | World | March 4" is read below.
        rf"(?i)^(by\s+[^|·•\s][^|·•]*?)\s+(?=(?-i:{_MONTH_NAME})\s+\d|\d{{1,2}}\s+(?-i:{_MONTH_NAME})\s)",
        line,
    )
    if m and (named := _capital_by(m[1])).startswith("By ") and _is_byline(named):
        rest = line[m.end() :]
        if _date_line(rest, path, date_order):
            return [rest, named]
    # A blog's "Posted on March 4, 2023 by Jane Doe" (WordPress prints it so)
    # or "Posted by Jane Doe on March 4, 2023".
    # Each part between bars: "Posted on ... by Jane Doe | 3 Comments".
    for part in dict.fromkeys([line.strip(), *parts]):
        for m in (_POSTED_BY.match(part), _POSTED_BY_ON.match(part)):
            if not m or not _date_line(m["date"], path, date_order):
                continue
            # "by Royal Decree" is no name (:func:`_capital_by`); a blog's
            # category after it ("in Politics") is none of the name.
            name = re.sub(r"\s+in\s+[A-Z][\w&' -]{0,40}$", "", m["name"])
            # "Posted on ... by JANE DOE": a name in capitals, as AP's bylines.
            named = _capital_by(f"by {_from_capitals(name)}")
            if named.startswith("By ") and _is_byline(named):
                return [m["date"], named]
            # "posted on ... by admin" (the blog's account), "June 12, 2025
            # by Royal Decree": the date line, and no author.
            return [m["date"]]
    # The author's bare name beside the date ("March 4, 2023 | Jane Doe",
    # "Jane Doe | March 4, 2023"), where a section ("Europe", "World News")
    # could stand: a person's name, not a section's.
    for k, part in enumerate(parts if len(parts) > 1 else []):
        if not _person_not_section(part):
            continue
        rest = " | ".join(parts[:k] + parts[k + 1 :])
        found = _date_line(rest, path, date_order)
        if found and found[1]:
            return [rest, f"By {_bare_name(part)}"]
    return [line]


_POSTED_BY = re.compile(
    r"(?i)^(?P<date>(?:(?:posted|published|written)(?:\s+on)?\s+)?[^|]{4,60}?)\s+by\s+"
    r"(?P<name>[^\W\d_][^|]{2,80})$"
)
_POSTED_BY_ON = re.compile(
    r"(?i)^(?:posted|published|written)\s+by\s+(?P<name>[^\W\d_][^|]{2,80}?)\s+on\s+"
    r"(?P<date>[^|]{4,60})$"
)
# Words of a section's name, never of a person's: the name of a section
# beside a date ("Middle East", "World News") is read as a section.
_SECTION_WORDS_TEXT = (
    "world news politics business opinion analysis features europe european africa "
    "african asia asian america americas american middle east west north south eastern "
    "western northern southern central latin pacific atlantic arctic gulf caribbean "
    "balkans baltic nordic caucasus oceania global international national local nation "
    "region regional foreign affairs policy rights human economy economics markets "
    "finance money sport sports tech technology science health culture arts life style "
    "travel media law justice education security defence defense diplomacy energy climate "
    "environment society breaking latest top stories investigations editorial editorials "
    "letters commentary comment interview explainer union kingdom states update updates "
    "live blog video podcast photos world's us uk eu un archive archives home"
    # The same sections as the French, German, Spanish, Portuguese, Italian
    # and Russian press names them (":: Politique ::", "| Politik |").
    " actualités actualité politique monde économie société opinions international"
    " nachrichten politik ausland inland wirtschaft welt meinung kultur"
    " noticias política mundo economía opinión internacional sociedad"
    " notícias economia opinião sociedade politica esteri cronaca economia"
    " новости политика мир экономика общество в мире"
    # The Baltic, Polish and Ukrainian press this package reads.
    " naujienos pasaulis pasaulyje politika lietuva lietuvoje ekonomika verslas ziņas pasaulē"
    " pasaule politika latvijā ārzemēs"
    " wiadomości świat polityka kraj gospodarka новини світ політика україна економіка"
)
_SECTION_WORDS = frozenset(_SECTION_WORDS_TEXT.split())


def _person_not_section(part: str) -> bool:
    """Whether a part of a date line between bars is a person's bare name,
    or two or three joined by "and" (:func:`_bare_name`, each of two or
    three words), with no word of a section's name (:data:`_SECTION_WORDS`)
    and no country's name."""
    from classify.places import country_of

    if _bare_name(part.strip()) is None or country_of(part.strip()) is not None:
        return False  # "Sri Lanka", "New York": a place's name, a section
    if _publication_name(part.strip()):
        return False  # "Kyiv Post": an outlet, read as the source
    names = re.split(r",\s+(?:and\s+)?|\s+(?:and|&)\s+", part.strip())
    if not all(2 <= len(n.split()) <= 3 for n in names):
        return False
    words = [w.casefold() for n in names for w in n.split()]
    return not any(w in _SECTION_WORDS or (country_of(w) or "").casefold() == w for w in words)


def _capital_by(line: str) -> str:
    """A byline in lower case with a role after its names ("by Jane Doe,
    Staff Writer", as some CMS templates print it) or of names alone ("by
    Jane Doe") as ``By ...``; any other line as it is (a headline wrapped
    before "by land and sea" stays)."""
    m = re.match(r"by\s+(?=[A-Z])", line)
    if not m:
        return line
    fixed = f"By {line[m.end() :]}"
    if strip_role(fixed) != fixed and _is_byline(fixed):
        return fixed
    # "by Jane Doe" alone on its line: two or more name words and nothing
    # else (a wrapped headline's "by land and sea" has lower-case words).
    author = _byline_author(fixed)
    if not author or len(author.split()) < 2 or fixed.rstrip() != f"By {author}":
        return line
    # A title-cased phrase ("by Popular Demand", "by Train Across Europe")
    # has words no name has; a capitalised "By" line is read as before.
    words = re.split(r"[\s,]+", author.casefold())
    return line if any(w in _NOT_NAME_WORDS for w in words) else fixed


# Words of title-cased phrases after a lower-case "by" that name no one:
# function words, and the nouns and adjectives such phrases use (not those
# that are also common surnames: Day, Law, Foot, Post, Hand, Way, Storm).
_NOT_NAME_TEXT = (
    "across through over from into onto under after before between against via with "
    "without within the a an of for to on at in by or "
    "popular demand royal decree presidential executive order orders force train "
    "trains rail air sea plane boat bus bike design default "
    "accident mistake proxy numbers example invitation request mail "
    "phone video satellite night surprise consensus majority vote referendum "
    "decision committee council government state ministry special stealth nature choice "
    "necessity means any all other both each every this that these those "
    "public private national international official unanimous"
)
_NOT_NAME_WORDS = frozenset(_NOT_NAME_TEXT.split())


# "Reporting from Vilnius, Lithuania" (a line under a byline).
_REPORTED_FROM = re.compile(
    r"(?:reporting|reported)\s+from\s+(?P<place>[^\W\d_][\w .,'’-]{1,60})", re.I
)


# Where a byline opens after a date on its line, without a bar: a
# capitalised "By" (or another language's), or "Автор:"/"Author:".
_BYLINE_WORD_AFTER = re.compile(
    r"\s+(?=(?:By|Por|Par|Von|Door|Di|Av|Af|Przez)\s+\S|"
    r"(?:Автор(?:\s+материала)?|Текст|Author|Autor|Auteur)\s*(?::|\s[—–-]))"
)


# A word that names a job in a newsroom, for a role line standing alone.
_JOB_WORD = re.compile(
    r"(?i)\b(?:correspondent|editor|reporter|writer|journalist|columnist|analyst|"
    r"chief|staff|producer|contributor|bureau)s?\b"
)


def _is_role_line(line: str) -> bool:
    """A job title under a byline ("Foreign Affairs Correspondent", "Russia
    editor"): up to five words, the first capitalised, no digit and no
    sentence end. Only looked for right under a byline or a bare name."""
    words = line.split()
    return (
        0 < len(words) <= 5
        and not re.search(r"[\d.!?:;]$|\d", line)
        and words[0][0].isupper()
        and all(re.fullmatch(r"[^\W\d_][\w'’-]*|&", w.rstrip(",")) for w in words)
    )


def _is_name_line(line: str, *, place: bool = False) -> bool:
    return _bare_name(line, place=place) is not None


def _bare_name(line: str, *, place: bool = False) -> str | None:
    """A bare author name, as web pages print it above a date ("Jane Doe",
    "Ana María O'Neil", "Hassan al-Saadi"): two to five words, capitalised
    but for name particles, nothing else, and no "By"; or two or three such
    names joined by "and", "&" or commas ("Jane Doe and Jo Kim", given back
    as ``A, B and C``). With ``place`` (a line right above a date line, or
    :func:`_place_byline`) the Guardian's "Pjotr Sauer in Moscow" too, a
    place after any of the names and a trailing "and agencies" dropped;
    elsewhere "U.S. Reopens Embassy in Minsk" would pass for a name. None
    for anything else."""
    line = strip_role(line.strip())
    if _BROADCASTERS.fullmatch(line):
        return None  # "Al Jazeera": an outlet, not a person
    if place:
        line = _AND_AGENCIES.sub("", line)
    # Two or three names ("Andrew Roth and Pjotr Sauer", "A B, C D and E F"),
    # with a place each where ``place`` allows ("Isobel Koshiw in Kyiv and
    # Dan Sabbagh in London").
    names = re.split(r",\s+(?:and\s+)?|\s+(?:and|&)\s+", line)
    if place:
        names = [_IN_PLACE.sub("", n) for n in names]
    if not (len(names) <= 3 and all(_one_name(n.split()) for n in names)):
        return None
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


# "By" in the languages :data:`_BYLINE` reads: a byline's first word, no name's.
_BY_WORDS = frozenset(("By", "BY", "Por", "POR", "Par", "PAR", "Von", "VON", "Door", "Przez"))


# A word of a publication's name that is in no one's name ("Belarus
# Digest", "Vilnius Daily Gazette", "Novaya Gazeta Europe"); "Post",
# "Press" and "Mail" are surnames too, and a known title
# (:data:`_PUBLICATION`) names those.
_PAPER_NOUNS_TEXT = (
    "times herald gazette journal tribune chronicle telegraph digest courier dispatch "
    "bulletin magazine weekly daily monitor observer examiner insider pravda gazeta "
    "zeitung news newspaper online today review express independent"
)
_PAPER_NOUNS = frozenset(_PAPER_NOUNS_TEXT.split())


# English words a title-case headline has and no one's name does ("US And
# Belarus Agree" / "To Restore Embassies").
_NEVER_NAME_TEXT = (
    "to and the of in for with on at from into over after before under against is are "
    "was were has have its their"
)
_NEVER_NAME_WORDS = frozenset(_NEVER_NAME_TEXT.split())


def _one_name(words: Sequence[str]) -> bool:
    """Whether ``words`` are one person's name: two to five words,
    capitalised but for name particles, no "By" (nor "Par", "Von" ...),
    no publication's word ("Baltic Digest") and no function word of a
    title-case headline ("To Restore Embassies")."""
    return (
        2 <= len(words) <= 5
        and words[0] not in _BY_WORDS
        and not any(
            w.casefold() in _PAPER_NOUNS or w.casefold() in _NEVER_NAME_WORDS for w in words
        )
        and words[0][0].isupper()
        and words[-1][0].isupper()
        and all(
            re.fullmatch(_NAME_WORD, w) and (w[0].isupper() or w in _NAME_PARTICLES) for w in words
        )
    )


# Where a Guardian-style byline puts its reporter: "Andrew Roth in Moscow".
_IN_PLACE = re.compile(r"\s+in\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}$")
# A reporter's place before the next reporter's name in a byline.
_PLACE_WORDS = (
    r"[A-Z][\w'’.-]*(?:\s+(?:(?:de|da|do|dos|das|del|di|la|le|el|al|von|van|upon|on)\s+)?"
    r"[A-Z][\w'’.-]*){0,3}(?:,\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)?)?"
)
_PLACE_BEFORE_AND = re.compile(
    rf",?\s+in\s+{_PLACE_WORDS}(?=,?\s+(?:and|&)\s+[^\W\d_]"
    r"|,\s+[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3}\s+in\s)"
)
# Agency copy added to a byline: "Julian Borger in Washington and agencies".
_AND_AGENCIES = re.compile(
    r"\s+(?:and|&)\s+(?:agencies|(?:[A-Z][\w.]*\s+)?staff(?:\s+reporters?)?)$"
)
# A byline of staff, not of a person: "Guardian staff and agencies".
_STAFF_BYLINE = re.compile(
    r"^(?:[A-Z][\w'’.-]*\s+){1,3}(?:staff|reporters?|correspondents?)(?:\s+and\s+agencies)?$"
    r"|^(?:[A-Z][\w'’.-]*\s+){1,3}(?:staff\s+)?and\s+agencies$"
)


def _place_byline(lines: Sequence[tuple[int, str]], k: int) -> str | None:
    """The author of a byline without "By" at ``lines[k]``, alone in its
    block, as the Guardian prints it under the headline or the date line:
    a name and a place ("Andrew Roth in Moscow", "Isobel Koshiw in Kyiv and
    Dan Sabbagh in London", "Julian Borger in Washington and agencies"), or
    staff ("Guardian staff and agencies", the line as written). A bare name
    alone in its block is not taken: a two-word title-case line there may
    be a subheading. None for anything else."""
    if k >= len(lines) or sum(b == lines[k][0] for b, _ in lines) != 1:
        return None
    line = lines[k][1].strip()
    if _STAFF_BYLINE.match(line):
        # "Pjotr Sauer and agencies": the person; "Guardian staff and
        # agencies": as written.
        return _bare_name(_AND_AGENCIES.sub("", line)) or line
    named = _bare_name(line, place=True)
    if named is None or not re.search(r"\s+in\s+[A-Z]", _AND_AGENCIES.sub("", line)):
        return None
    return named


def match_dateline(paragraph: str) -> tuple[str | None, str | None, int] | None:
    """``(place, source, end)`` when ``paragraph`` starts with a dateline.

    With an agency (``PLACE (Reuters) -``, ``PORT-AU-PRINCE, Haiti (AP) —``,
    ``(Reuters) -``) the place is an upper-case city (any script, hyphens
    allowed: "SÃO PAULO", "WINSTON-SALEM"), or a capitalised one of up to
    four words ("São Paulo"), optionally followed by a region ("KYIV,
    Ukraine", "WINSTON-SALEM, N.C.") and/or a month and day ("BOGOTÁ, May
    2"), which is dropped from the place.

    Without an agency (``BRUSSELS —``) the rule is stricter, so body text
    is never taken: an ALL-CAPS place, a free-standing dash ("—", "–", "--"
    or " - "), then a sentence that starts with a capital letter (or a quote
    or digit) and runs to its end without a second free-standing dash (an
    aside: "NATO — the alliance of 32 nations — said"). A one-word place of
    at most four letters may be an acronym ("UK", "EU", "NATO"), so for it
    the dash must be "—", "–" or "--", never a hyphen ("UK - EU talks"),
    and the next word must not be in capitals as well ("UK — EU talks");
    and a body or group of states ("G7", "EU", "NATO", "OPEC") is never a
    place there ("G7 — Leaders agreed" is a sentence).
    ``end`` is where the paragraph's own text starts.
    """
    m = _DATELINE_AGENCY.match(paragraph)
    if m is not None and not _agency_ok(m["head"], m["source"].strip()):
        m = None
    if m is None:
        m = _DATELINE_SLASHED.match(paragraph)
        if m is not None and not _KNOWN_AGENCY.fullmatch(m["source"].strip()):
            m = None
    if m is None:
        m = _DATELINE_CNN.match(paragraph)
        rest = paragraph[m.end() :].lstrip() if m else ""
        if m and not (
            re.match(r"[A-Z0-9\"“‘'(]", rest) and not re.search(r"\s[-–—]{1,2}\s", rest[:200])
        ):
            # "Time Warner CNN - the unit - cut jobs": a sentence, as a bare
            # dateline's rule reads it (a capital after the dash, no aside).
            m = None
    source = m["source"].strip() if m else None
    if m is None:
        m = _DATELINE_BARE.match(paragraph)
        if m is None:
            return None
    place = _dateline_place(m["head"].strip(" ,"), agency=source is not None)
    if place is False:
        return None
    end = m.end()
    while end < len(paragraph) and paragraph[end].isspace():
        end += 1
    if source is None and (
        place is None or not _bare_dateline_ok(place, m["dash"], paragraph[end:])
    ):
        return None
    return place or None, source, end


# A full date in a dateline's head: "BRUSSELS, March 3, 2024 (AP) -",
# "KYIV, 3 March 2024 (Reuters) -". A month and day without a year are not
# a date to store.
_DATELINE_DATE = re.compile(
    r"(?:[^\W\d_]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}\s+[^\W\d_]{3,9}\.?,?\s+\d{4})"
)


def _is_day(part: str) -> bool:
    """Whether a comma-separated part of a dateline's head is its day, year
    or full date ("May 2", "2024", "3 March 2024"), not a place."""
    return bool(
        _MONTH_DAY.match(part) or re.fullmatch(r"\d{4}", part) or _DATELINE_DATE.fullmatch(part)
    )


def _date_from_dateline(article: Article, head: str, date_order: DateOrder) -> None:
    """Date ``article`` from its dateline's ``head`` where it has no date of
    its own and the head carries a full one (``meta["date_from"]`` is then
    ``"dateline"``); in place."""
    if article.date is not None:
        return
    m = _DATELINE_DATE.search(head)
    if m is None:
        return
    try:
        article.date = parse_date(m.group(0), date_order=date_order)
    except ClassifyError:
        return
    article.meta["date_from"] = "dateline"


def _agency_ok(head: str, source: str) -> bool:
    """Is ``(source)`` after ``head`` a news agency's dateline? A known
    agency always is; another name only after an ALL-CAPS place and a region
    ("KYIV, Ukraine (Ukrinform) -"), never a ticker ("APPLE (AAPL) -")."""
    # "KYIV (The Associated Press) —": the agency with its article.
    if _KNOWN_AGENCY.fullmatch(source) or _KNOWN_AGENCY.fullmatch(source.removeprefix("The ")):
        return True
    # A day or a date is no region: "APPLE, March 3, 2024 (AAPL) -" is a ticker.
    parts = [p.strip() for p in head.strip(" ,").split(",") if not _is_day(p.strip())]
    capital_place = (
        bool(parts) and bool(re.search(r"[^\W\d_]", parts[0])) and parts[0] == parts[0].upper()
    )
    if (
        capital_place
        and not _NO_PLACE.fullmatch(parts[0])  # "NATO (North Atlantic Treaty Organization) -"
        and _OUTLET_NAME.fullmatch(source)
        and not _NOT_OUTLET.match(source)
    ):
        from classify.places import is_place_name

        # "VILNIUS (East Wire) -", "MINSK (Kyiv Independent) -": an outlet's
        # name in words with small letters (a ticker is capitals), not a
        # place's ("MINSK (Belarus) -") nor an update mark ("(Update 2)").
        return not is_place_name(source)
    return capital_place and len(parts) >= 2 and bool(parts[1])


# An outlet's name in brackets: capitalised words (a digit, "of", "&" between
# them), with small letters somewhere ("Charter 97", "Voice of America").
_OUTLET_NAME = re.compile(
    r"(?=.*[a-zа-яё])(?:The\s+)?[A-ZА-ЯЁ][\w'’&.-]*"
    r"(?:\s+(?:of|de|for|from|and|&|on|[A-ZА-ЯЁ0-9][\w'’&.-]*)){0,4}"
)
# Bracketed marks of a wire's copy that are no outlet: "(Update 2)", "(Corrected)".
_NOT_OUTLET = re.compile(
    r"(?i)(?:update|updated|corrected|correction|refiled|repeat|recasts|adds|rpt|fixed|"
    r"official|file|photo|video|audio|live|opinion|analysis|editorial|exclusive)\b"
    # A state's long name: "(Republic of Belarus)", "(Russian Federation)".
    r"|(?:the\s+)?(?:republic|kingdom|state|principality|grand\s+duchy|commonwealth|"
    r"federation|sultanate|emirate)\s+of\b|.*\bfederation$"
    # A company's or a body's name: "(The Kyiv Hotel Group)", "(Belavia Airlines)".
    r"|.*\b(?:group|hotels?|corp|corporation|inc|ltd|llc|plc|gmbh|company|co|bank|"
    r"holdings?|ministry|university|institute|foundation|party|council|committee|"
    r"airlines?|airways|motors|industries|energy|oil|gas|trust|fund)\b\.?$"
)


def _dateline_place(head: str, *, agency: bool) -> str | bool | None:
    """The place of a dateline's head (None when empty), or False when the
    head is not a place."""
    if not head:
        return None if agency else False
    parts = [p.strip() for p in head.split(",")]
    city = parts[0]
    if not re.search(r"[^\W\d_]", city) or len(city) > 40:
        return False
    if not re.fullmatch(r"[^\W\d_][\w.'’]*(?:[\s/-][^\W\d_][\w.'’]*)*", city):
        return False
    if city.upper() in _SLUGS:
        # A story label, not a place: "EXCLUSIVE - Saudi Arabia and Iran ..."
        return False
    if city != city.upper():
        # With an agency beside it, a capitalised city is a place too.
        # "Bosnia and Herzegovina (AP) -", "Brussels and Minsk CNN —".
        words = [w for w in re.split(r"[\s/-]+", city) if w and w != "and"]
        if not (
            agency
            and all(w[0].isupper() for w in words)
            and len(city.split()) <= 4
            and words[0] not in ("The", "A", "An", "This", "That", "In", "On", "At")
        ):
            return False
    kept = [city]
    for part in parts[1:]:
        if _is_day(part):
            continue  # "BRUSSELS, March 3, 2025 (AFP) -": the day, not a place
        if not re.fullmatch(r"(?:[^\W\d_][\w.'’-]*\s?){1,4}", part) or not part[0].isupper():
            return False
        kept.append(part)
    return ", ".join(kept)


# Bodies and groups that open a sentence before a dash, not places.
_NO_PLACE = re.compile(
    r"(?:G\d{1,2}|EU|UN|NATO|OPEC\+?|IMF|WHO|WTO|ASEAN|OSCE|BRICS|OAS|OECD|IAEA|UNHCR|"
    r"UNICEF|ICC|ICJ|SCO|CSTO|EAEU|CIS|MERCOSUR|ECOWAS|"
    # Agencies, services and broadcasters that open a sentence before a dash
    # and that a gazetteer may hold as a place's code (GRU, BBC).
    r"GRU|FSB|KGB|SBU|CIA|FBI|NSA|BBC|CNN|HAMAS|FRONTEX|SWIFT|INTERPOL|EUROPOL)"
)


def _bare_dateline_ok(place: str, dash: str, rest: str) -> bool:
    """The no-agency rule of :func:`match_dateline` for what follows the dash."""
    if not re.match(r"[\"'“‘(\[]?(?:[^\W\d_]|\d)", rest):
        return False
    start = rest.lstrip("\"'“‘([")
    if not (start[:1].isupper() or start[:1].isdigit()):
        return False
    city = place.split(",")[0]
    if _NO_PLACE.fullmatch(city.strip()):
        # "G7 — Leaders agreed", "EU — The bloc said": the sentence's subject,
        # a body or a group of states, never a dateline's place.
        return False
    first = re.match(r"[\w.'’-]+", start)
    if dash == "-" and first and len(first[0]) >= 2 and first[0] == first[0].upper():
        # "CHINA - US trade talks": a hyphen between two words in capitals
        # joins them; a dateline's hyphen is followed by a sentence.
        return False
    if "," not in place and _kicker_like(city) and not _known_place(city):
        # "SANCTIONS — The EU said", "UPDATED — ...": a kicker in capitals,
        # where no agency or region vouches for a place the gazetteer lacks.
        return False
    if " " not in city and "-" not in city and len(city) <= 4 and "," not in place:
        if dash == "-":
            return False
        from classify.places import is_place_name

        if not is_place_name(city):
            # "KGB — The security service said": a short word in capitals
            # before a dash is a dateline only where it is a place (ROME, DOHA).
            return False
        first_word = re.match(r"[\w.'’-]+", start)
        if first_word and len(first_word[0]) >= 2 and first_word[0] == first_word[0].upper():
            return False
    sentence = re.split(r"(?<=[.!?])\s+", rest, maxsplit=1)[0]
    return re.search(rf"\s{re.escape(dash)}(?:\s|$)", sentence) is None


# Words that open a story as its label or topic, in capitals before a dash.
_KICKER_WORDS = frozenset(
    {
        "breaking",
        "news",
        "update",
        "updates",
        "updated",
        "latest",
        "live",
        "exclusive",
        "analysis",
        "opinion",
        "comment",
        "editorial",
        "explainer",
        "watch",
        "video",
        "photos",
        "podcast",
        "interview",
        "review",
        "correction",
        "corrected",
        "urgent",
        "alert",
        "flash",
        "special",
        "report",
        "feature",
        "focus",
        "insight",
        "factbox",
        "fact",
        "check",
        "poll",
        "sanctions",
        "talks",
        "ceasefire",
        "truce",
        "war",
        "crisis",
        "election",
        "elections",
        "vote",
        "summit",
        "deal",
        "trade",
        "energy",
        "climate",
        "economy",
        "markets",
        "business",
        "sport",
        "sports",
        "politics",
        "diplomacy",
        "security",
        "resume",
        "resumes",
        "stall",
        "stalls",
        "end",
        "ends",
        "new",
        "first",
        "tariff",
        "tariffs",
        "protest",
        "protests",
        "strike",
        "strikes",
        "attack",
        "attacks",
        "hostages",
        "prisoners",
        "migration",
        "refugees",
        "nuclear",
        "oil",
        "gas",
        "inflation",
        "budget",
        "court",
        "verdict",
        "trial",
        "defence",
        "defense",
        "rights",
        "obituary",
        "clashes",
        "perspective",
        "backgrounder",
        "scandal",
        "reforms",
        "crackdown",
        "embargo",
        "blockade",
        "missiles",
        "drones",
        "policy",
        "listen",
        "border",
        "dispute",
        "cease-fire",
        "health",
        "weather",
        "terror",
        "detente",
        "brexit",
        "arms",
        "control",
        "just",
        "roundup",
        "investigation",
        "tensions",
        "relations",
        "revolution",
    }
)


def _kicker_like(city: str) -> bool:
    """Whether words in capitals before a dash read as a story's kicker
    rather than a place: a word of :data:`_KICKER_WORDS`, or an English
    common noun's or participle's ending ("SANCTIONS", "NEGOTIATIONS",
    "UPDATED", "DEVELOPING", "AGREEMENT"); the gazetteer then decides. A
    place the gazetteer lacks ("HODEIDAH", "DEIR AL-BALAH") has neither."""
    words = [w for w in re.split(r"[\s/-]+", city.casefold()) if w]
    return any(
        w in _KICKER_WORDS
        or (len(w) > 5 and re.search(r"(?:tions?|sions?|ments?|ness|ity|isms?|ed|ing)$", w))
        for w in words
    )


def _known_place(city: str) -> bool:
    """Whether each part of a dateline's place ("NEW YORK/WASHINGTON") is a
    city or country of the gazetteer, or written in a script other than the
    Latin one, which the gazetteer has no names in ("МИНСК", "ΑΘΗΝΑ")."""
    from classify.places import country_of

    parts = [p.strip() for p in city.split("/") if p.strip()]
    return bool(parts) and all(
        country_of(p) is not None or not any("a" <= c.casefold() <= "z" for c in p) for p in parts
    )


_ROLES_RE = _CREDIT_ROLE


# A wire story's frame around its text: a dateline naming an agency in
# brackets ("BRUSSELS (Reuters) -", "Minsk, Feb 5 (AP) —") and a bracketed
# credit line at its end ("(Reporting by ...; Editing by ...)").
_FRAME_HEAD = re.compile(
    rf"^\s*[^()\n]{{0,80}}?\s*\(\s*(?:the\s+)?(?:{_AGENCIES})\s*\)\s*[-–—]+\s*", re.IGNORECASE
)
_FRAME_TAIL = re.compile(
    r"\s*\(\s*(?:" + _CREDIT_ROLE + r")(?:\b|(?<=:))[^()]*\)\s*$", re.IGNORECASE
)


def without_wire_frame(text: str) -> str:
    """``text`` less an agency dateline before it and a bracketed credit
    line after it: the same story filed by another desk, or with its
    credits, is the same text (for copies across a split)."""
    return _FRAME_TAIL.sub("", _FRAME_HEAD.sub("", text, count=1), count=1)


def _is_credit_line(paragraph: str) -> bool:
    """A credit line: ``(Reporting by ...)`` in brackets (or a bracket opened
    or closed on it, when the line is one piece of a broken credit line), or
    unbracketed with two roles or without a closing full stop ("Reporting by
    Jo Kim; Editing by Ana Lima"). The first role's name starts with a
    capital, so "Reporting by state media showed ... ." stays body."""
    if not _CREDIT_LINE.match(paragraph):
        return False
    text = paragraph.strip()
    first = re.search(rf"(?i)(?:{_ROLES_RE})\s*(\S)?", text)
    if first is None or not (first[1] and first[1][0].isupper()):
        return False
    if text.startswith("(") or text.endswith(")"):
        return True
    roles = len(re.findall(_ROLES_RE, text, re.IGNORECASE))
    return roles >= 2 or not text.endswith(".")


def _continues_credit(credit: str, line: str) -> bool:
    """Whether ``line`` is the next piece of a credit line broken over
    lines: the credit's bracket is still open, it ends on a connector
    (";", ",", "by", "and"), or ``line`` names another role."""
    if _BOILERPLATE.match(line) or len(line) > 300:
        return False
    if credit.count("(") > credit.count(")"):
        return True
    if re.search(r"(?i)(?:[;,&]|\band|\bby)$", credit.strip()):
        return True
    return re.match(
        rf"(?i)^\(?\s*(?:{_ROLES_RE})(?:\b|(?<=:))", line
    ) is not None and _is_credit_line(line)


def _credit_text(pieces: list[str]) -> str:
    """The pieces of one credit line as one line, bracketed when it was."""
    if len(pieces) == 1:
        return pieces[0]
    inner = [p.strip().removeprefix("(").removesuffix(")").strip() for p in pieces]
    text = inner[0]
    for piece in inner[1:]:
        starts_role = re.match(rf"(?i)(?:{_ROLES_RE})(?:\b|(?<=:))", piece) is not None
        text += ("; " if starts_role and not re.search(r"[;,.]$", text) else " ") + piece
    return f"({text})" if pieces[0].strip().startswith("(") else text


def _join_credits(paragraphs: list[str]) -> list[str]:
    """Paragraphs with a credit line broken over several lines or
    paragraphs ("(Reporting by Jo Kim;" / "Editing by Ana Lima)") joined
    into one."""
    out: list[str] = []
    group: list[str] | None = None
    for p in paragraphs:
        if group is not None and _continues_credit(" ".join(group), p):
            group.append(p)
            continue
        if group is not None:
            out.append(_credit_text(group))
            group = None
        if _is_credit_line(p):
            group = [p]
        else:
            out.append(p)
    if group is not None:
        out.append(_credit_text(group))
    return out


def _credits_of(article: Article, credit: str) -> str:
    """A credit line's text without its dashes and brackets; Reuters'
    contact trailer after it ("((jane.doe@thomsonreuters.com; +44 ...))"),
    the reporter's address and no credit, goes to ``meta["contact"]``."""
    credit = credit.strip().lstrip("-—– ").strip()
    contact = re.search(r"\s*\(\([^()]*(?:@|\+\d)[^()]*\)\)\s*$", credit)
    if contact:
        article.meta["contact"] = contact[0].strip()[2:-2].strip()
        credit = credit[: contact.start()]
    return credit.removeprefix("(").removesuffix(")").strip()


def _take_credits(article: Article, paragraphs: list[str]) -> list[str]:
    """Set ``article.credits`` from the credit line among the last four
    paragraphs; a credit line ends a wire story, so what follows it (web
    trailer text) is kept in ``article.meta["trailer"]``, never as body."""
    for i in range(len(paragraphs) - 1, max(len(paragraphs) - 5, 0) - 1, -1):
        if _is_credit_line(paragraphs[i]):
            article.credits = _credits_of(article, paragraphs[i])
            after = paragraphs[i + 1 :]
            if (
                (i == 0 or (i == 1 and len(after) >= 3))
                and after
                and all(_body_shaped(p) for p in after)
            ):
                # A credit above the story (a short item credited first):
                # what follows is its body, not a web page's trailer.
                return paragraphs[:i] + after
            if after:
                article.meta["trailer"] = after
            return paragraphs[:i]
    return paragraphs


def _body_shaped(paragraph: str) -> bool:
    """A paragraph of news prose: eight words or more, ending a sentence."""
    return len(paragraph.split()) >= 8 and bool(_SENTENCE_END.search(paragraph))


def _reads_as_body(line: str) -> bool:
    """Whether a would-be headline is body text: it ends as a sentence does
    (with a full stop, where headlines end bare) and holds two sentences or
    more than 15 words. "Talks resume." or a one-sentence deck stays a
    headline."""
    from classify.units import split_sentences

    if not re.search(r"\.[\"'\u201d\u2019)]?$", line.strip()):
        return False
    return len(split_sentences(line)) >= 2 or len(line.split()) > 15


# A Markdown article (saved .md, renamed .txt) opens with an ATX heading.
_MD_HEADING = re.compile(r"#{1,6}[ \t]+\S")
_MD_RULES = (
    (re.compile(r"(?m)^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$"), r"\1"),  # headings
    (re.compile(r"(?m)^[ \t]{0,3}(?:>[ \t]?)+"), ""),  # block quotes, nested too
    (re.compile(r"(?m)^[ \t]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$"), ""),  # rules
    # A URL may hold brackets of its own (".../Georgia_(country)").
    (re.compile(r"!\[[^\]]*\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)"), r"\1"),  # links
    (re.compile(r"(?m)^[ \t]{0,3}\[[^\]]+\]:[ \t]+\S+.*$"), ""),  # reference definitions
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # reference links
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),  # autolinks
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),  # strikethrough
    (re.compile(r"(?<!`)`([^`\n]+)`(?!`)"), r"\1"),  # inline code
    (re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"), r"\1"),  # strong
    (re.compile(r"(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)"), r"\1"),
    (re.compile(r"(?<![\w*\\])\*(?=\S)([^*\n]+?)(?<=[^\s\\])\*(?![\w*])"), r"\1"),  # emphasis
    (re.compile(r"(?<![\w_\\])_(?=\S)([^_\n]+?)(?<=[^\s\\])_(?![\w_])"), r"\1"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])"), r"\1"),  # escaped marks: the mark itself
)


def markdown_plain(text: str) -> str:
    """A Markdown article as plain text, line for line (CommonMark's marks
    for the common cases, not a full parser): heading marks, block
    quote marks, rules, images, emphasis and link targets taken out (the
    links' text kept), so ``# Title`` is the headline and ``**HAVANA
    (Reuters)** -`` a dateline. Shape: one output line per input line."""
    for pattern, replacement in _MD_RULES:
        text = pattern.sub(replacement, text)
    return text


# A year alone between blank lines: a timeline's heading where there are two.
_YEAR_HEADING = re.compile(r"\n[ \t]*\n[ \t]*(?P<year>(?:19|20)\d\d)[ \t]*\n(?:[ \t]*\n)+")
# One that heads an entry: not before a labelled line ("Related: ..."), no entry of it.
_YEAR_OF_ENTRY = re.compile(_YEAR_HEADING.pattern + r"(?![ \t]*\w[\w ]{0,20}:\s)")


# A header line "Key: value" of the keys scrapers and download tools write
# above the text (newspaper3k scripts, browser extensions, NewsAPI dumps).
_KEYED_LINE = re.compile(
    r"(?i)^(?P<key>title|headline|date|published(?: (?:on|at|date))?|publication date|"
    r"date published|pub(?:lication)?[ _-]?date|source|publisher|outlet|site|url|link|"
    r"author|authors|author\(s\)|byline|by|section|category|language|lang)\s*:\s*"
    r"(?P<value>\S.*)$"
)
_KEY_FIELDS = {
    "title": "title", "headline": "title", "source": "source", "publisher": "source",
    "outlet": "source", "site": "site", "url": "url", "link": "url", "author": "author",
    "authors": "author", "author(s)": "author", "byline": "author", "by": "author",
    "section": "section", "category": "section", "language": "language", "lang": "language",
}  # fmt: skip


# Any "Key: value" line of a header block (its value may be empty).
_ANY_KEY_LINE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z _()-]{0,30}?)\s*:(?:\s+(?P<value>.*)|\s*)$")


def _front_matter(lines: Sequence[str]) -> dict[str, str] | None:
    """The fields of YAML front matter (the lines between ``---``), read
    with PyYAML: quoted values unquoted, lists joined with ", ", dates as
    ISO text; as :func:`_key_block` names them. None where it is no YAML
    mapping or has fewer than two known keys."""
    import datetime

    import yaml

    try:
        data = yaml.safe_load("\n".join(lines))
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict):
        return None

    def text(value: Any) -> str:
        if isinstance(value, (datetime.date, datetime.datetime)):
            return value.isoformat()
        if isinstance(value, (list, tuple)):
            return ", ".join(text(v) for v in value if v is not None)
        return "" if value is None else str(value)

    return _key_block([f"{k}: {text(v)}" for k, v in data.items() if isinstance(k, str)])


def _key_block(lines: Sequence[str]) -> dict[str, str] | None:
    """The fields of a block whose every line is ``Key: value``, with two
    of the known keys (:data:`_KEYED_LINE`) or more; None otherwise. A
    known key's field by its name (``Published`` is ``date``); another
    key's (``Keywords``, ``Updated``) by its own, lower-cased; empty values
    and a key given twice after the first are passed over."""
    fields: dict[str, str] = {}
    known = 0
    for line in lines:
        m = _ANY_KEY_LINE.match(line.strip())
        if m is None:
            return None
        value = (m["value"] or "").strip()
        k = _KEYED_LINE.match(f"{m['key']}: x")
        name = (
            _KEY_FIELDS.get(k["key"].lower(), "date")
            if k
            else re.sub(r"[ -]+", "_", m["key"].strip().lower())
        )
        known += bool(k and value)
        if value and name not in fields:
            fields[name] = value
    return fields if known >= 2 else None


def _keyed_header(text: str) -> tuple[dict[str, str], int, str | None] | None:
    """The ``Key: value`` header a file opens with (``Title:``, ``Date:``,
    ``Source:``, ``URL:`` ...; other keys kept by name), as ``(fields,
    lines it takes, headline without a key)``; None where the file has no
    such header. The header is a block of such lines with two known keys or
    more, a title or a date among them or a headline line above (in its
    block, or alone with a blank line after it), or YAML front matter
    between ``---`` lines. A block with any other line is text ("Date:
    Friday" in a paragraph)."""
    lines = text.lstrip("\ufeff").splitlines()
    blocks: list[tuple[int, int]] = []  # [start, end) of the first blocks
    at = 0
    while at < len(lines) and len(blocks) < 2:
        while at < len(lines) and not lines[at].strip():
            at += 1
        start = at
        while at < len(lines) and lines[at].strip():
            at += 1
        if start < at:
            blocks.append((start, at))
    if not blocks:
        return None
    first, end = blocks[0]
    if lines[first].strip() == "---":
        close = next((i for i in range(first + 1, min(len(lines), first + 60))
                      if lines[i].strip() in ("---", "...")), None)  # fmt: skip
        fields = _front_matter(lines[first + 1 : close]) if close else None
        return (fields, close + 1, None) if fields and close else None
    headline: str | None = None
    start, stop = first, end
    if not _ANY_KEY_LINE.match(lines[first].strip()):
        # A headline, then keys: in its block, or in the next one.
        headline, start = lines[first].strip(), first + 1
        if end == first + 1 and len(blocks) > 1:
            start, stop = blocks[1]
    fields = _key_block(lines[start:stop]) if start < stop else None
    if (
        fields is None
        and headline is not None
        and start < stop
        and (one := _date_key_line(lines[start]))
    ):
        # "Date: 03/04/2021" alone under the headline, the body after it in
        # its block or the next: a header of one line.
        fields, stop = one, start + 1
    if not fields or not ("title" in fields or "date" in fields or headline is not None):
        return None
    if "title" not in fields and (
        ("date" in fields and not _date_value(fields["date"]))
        or any(_prose(v) for v in fields.values())
    ):
        # Under a plain headline, "Date: the announcement is expected on
        # Friday." or "Source: diplomats said the deal was near." is a
        # paragraph of text, not a header.
        return None
    return fields, stop, headline


def _date_key_line(line: str) -> dict[str, str] | None:
    """``{"date": value}`` where ``line`` is a date key alone ("Date:
    03/04/2021", "Published: 5 May 2024") whose value is a date written in
    full or in numbers ("Date: Friday" is text), else None: under a
    headline, a header of one line."""
    m = _KEYED_LINE.match(line.strip())
    if m is None or _KEY_FIELDS.get(m["key"].lower(), "date") != "date":
        return None
    value = m["value"].strip()
    return {"date": value} if _date_value(value) else None


def _date_value(value: str) -> bool:
    """Whether a header's date value is one: a date, one in numbers that
    may not read ("31/02/2021", refused with the file named), an export's
    mark for none ("N/A"), a date that gives no year ("15 March",
    "Friday", "3 hours ago") or a few words that are no sentence ("Spring
    2021": the last three kept in ``date_written``); "Date: Friday,
    officials said." is text."""
    value = value.strip()
    return bool(
        _readings(value)
        or numeric_date(value)
        or is_null_marker(value)
        or _MONTH_DAY_ONLY.match(value)
        or _RELATIVE_STAMP.match(value)
        or _WEEKDAY_ALONE.match(value)
        # "Spring 2021", "unknown": a few words, no sentence.
        or (len(value.split()) <= 4 and not re.search(r"[.!?;]\W*$", value))
    )


# A weekday, maybe with a day and month or a time, and no more: "Friday",
# "Fri, 15 March", "Friday 10:42".
_WEEKDAY_ALONE = re.compile(
    r"(?i)^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?"
    rf"(?:,?\s+(?:{_MONTH_NAME}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH_NAME}))?"
    r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?)?$"
)


def _prose(value: str) -> bool:
    """A header value that reads as a sentence: six words or more, ending
    with a full stop (a URL or a list of names does not)."""
    return len(value.split()) >= 6 and bool(re.search(r"[.!?]\W*$", value))


def _readings(value: str) -> set[str]:
    """The ISO dates ``value`` reads as, in either order of day and month
    (one for an unambiguous date, none for no date)."""
    out = set()
    for order in ("day-first", "month-first"):
        try:
            out.add(parse_date(value, date_order=order))  # type: ignore[arg-type]
        except ClassifyError:
            continue
    return out


def _keyed_article(
    text: str,
    keyed: tuple[dict[str, str], int, str | None],
    *,
    id: str,
    path: str | None,
    date_order: DateOrder,
) -> Article:
    """An article whose file opens with a ``Key: value`` header
    (:func:`_keyed_header`): the header's title, date, source, author,
    section and URL (``meta["url"]``), and its body read as a plain
    article's body after that title."""
    fields, taken, headline = keyed
    lines = text.lstrip("\ufeff").splitlines()
    title = fields.get("title") or headline
    rest = "\n".join(lines[taken:]).strip("\n")
    if _MD_HEADING.match(rest.lstrip()):
        rest = markdown_plain(rest)  # a saved .md: front matter, then Markdown
    if not rest.strip():
        raise ClassifyError("article has a header but no text after it", source=path)
    article = parse_article(
        f"{title or 'Untitled'}\n\n{rest}", id=id, path=path, date_order=date_order
    )
    article.title = title
    if "date" in fields:
        try:
            article.date = parse_date(fields["date"], source=path, date_order=date_order)
        except ClassifyError as exc:
            written = fields["date"]
            if isinstance(exc, DateOrderError) or numeric_date(written, with_year=True):
                # "Date: 04/13/2021" read day first, "Date: 21-04-03",
                # "Date: 31/02/2021": a date in numbers that does not read
                # (in the folder's order), refused as a table cell's is.
                raise
            # "Date: None" (newspaper3k), "N/A", "3 hours ago": no date to
            # store, as a date line without a year; the body is kept.
            article.date = None
            article.meta["date_written"] = fields["date"]
    for name in ("source", "author", "section", "site"):
        if name in fields:
            setattr(article, name, fields[name])
    if "source" in fields:
        article.sources = split_outlets([fields["source"]])
    for name, value in fields.items():
        if name not in ("title", "date", "source", "author", "section", "site"):
            article.meta[name] = value  # url, language, keywords, updated ...
    if (
        title
        and len(article.paragraphs) > 1
        and article.paragraphs[0].casefold() == " ".join(title.split()).casefold()
    ):
        article.paragraphs = article.paragraphs[1:]  # the title again, in any case
    article.meta["layout"] = "keyed"
    return article


def parse_article(
    text: str, *, id: str, path: str | None = None, date_order: DateOrder = "day-first"
) -> Article:
    """Parse one article in the seed layout; lenient where parts are missing.

    Only the headline is required. Blocks are separated by blank lines; the
    lines of a body block are one hard-wrapped paragraph and are joined (a
    file with no blank lines at all has one paragraph per line). Then, by
    shape: a date line (``Section | Sept. 11, 2025`` or the date alone) right
    after the headline; a caption (lines up to the byline); a byline (a short
    ``By Name`` line among the first lines); a dateline at the start of the
    first paragraph; the credit line ``(Reporting by ...)`` at the end, even
    when boilerplate follows; copyright and "Our Standards" lines anywhere,
    which are dropped.

    Args:
        text: the article file's text.
        id: the article id.
        path: the file it came from (for messages and metadata).
        date_order: the order of day and month in a numeric date line
            (``day-first`` or ``month-first``; :func:`classify.dates.parse_date`).

    Returns:
        The :class:`Article`: title, section, date, author, dateline, source,
        credits and body paragraphs.

    Raises:
        ClassifyError: no headline (an empty article), or a numeric date line
            that reads only in the other order.
    """
    article = _parse_article(_closing_apart(text), id=id, path=path, date_order=date_order)
    if article.title:
        # A print version copied as text: "Print: ...", "... (printable
        # version)"; an old page's sections before it (":: News :: ...").
        article.title = _PRINT_MARK.sub("", article.title).strip() or article.title
        article.title = _without_lead_crumbs(article.title)
    return article


def _closing_apart(text: str) -> str:
    """``text`` with a letter's closing line and the signature lines under
    it (at most three short lines, in its block or the next) each a block
    of its own: "Yours faithfully,\nMargaret Ellison\nTunbridge Wells,
    Kent" would otherwise be read as one paragraph."""
    lines = text.split("\n")
    at = [k for k, line in enumerate(lines) if k > 0 and _VALEDICTION.match(line.strip())]
    for k in reversed(at):
        taken = [k]
        m = k + 1
        while m < len(lines) and len(taken) < 4:
            line = lines[m].strip()
            m += 1
            if not line:
                continue
            if len(line.split()) > 8:
                break
            taken.append(m - 1)
        if len(taken) > 1:
            for t in taken:
                lines[t] = f"\n{lines[t]}\n"
    return "\n".join(lines)


def _parse_article(
    text: str, *, id: str, path: str | None = None, date_order: DateOrder = "day-first"
) -> Article:
    """:func:`parse_article`, its title as the layout gives it."""
    if _MD_HEADING.match(text.lstrip("\ufeff \t\r\n")):
        text = markdown_plain(text)
    if (keyed := _keyed_header(text)) is not None:
        return _keyed_article(text, keyed, id=id, path=path, date_order=date_order)
    if len(_YEAR_HEADING.findall(text)) >= 2:
        # A timeline ("2015" / entry / "2017" / entry): each year heads its
        # entry, neither the article's date nor a unit of its own.
        text = _YEAR_OF_ENTRY.sub(lambda m: f"\n\n{m['year']}: ", text)
    blocks = _blocks(text)
    if not blocks:
        raise ClassifyError("article is empty", source=path)
    if len(blocks) == 1:
        if _hard_wrapped(blocks[0]):
            from classify.errors import warn

            warn(
                f"{path or 'an article'} has no blank lines and most of its lines end "
                "mid-sentence (hard-wrapped text), so each line is read as a paragraph (said "
                "once; other files may be read so too): put a blank line between its "
                "paragraphs, or read it at --unit article",
                once="hard-wrapped",
            )
        blocks = [[line] for line in blocks[0]]  # no blank lines: a paragraph a line
    # Web furniture ("3 min read", "Share", "Advertisement", a cookie notice)
    # is no part of any layout; a block that held only that is gone.
    n_chrome = 0
    cleaned: list[list[str]] = []
    links_follow = False
    blocks = [[_OPENS_NEW_TAB.sub("", line) or line for line in block] for block in blocks]
    # Before furniture goes: a menu's "Latest News" would read as a heading
    # of links, and the headline under it as one of them.
    blocks, n_chrome = _without_site_menu(blocks, path, date_order)
    web_caption = None
    provided_by = None
    for block in blocks:
        at = next((k for k, line in enumerate(block) if _PROVIDED_BY.match(line)), None)
        if at is not None and _in_header(cleaned):
            # PR Newswire's "NEWS PROVIDED BY" / the company: who issued the
            # release, header (never the author, nor a unit).
            provided_by = block[at + 1] if at + 1 < len(block) else None
            n_chrome += 1 + (provided_by is not None)
            block = block[:at] + block[at + 2 :]
            if not block:
                continue
        if links_follow and all(_link_title(line) for line in block):
            # Links under a "Read more:" heading, a blank line between them:
            # one a block, or a block a link with its "Published" stamp and
            # date, or the topic tags under "Related topics".
            n_chrome += len(block)
            continue
        marker = next((k for k, line in enumerate(block) if _IMAGE_CAPTION.match(line)), None)
        if marker is not None:
            # "Image caption," then the caption's text (a BBC page copied):
            # the caption, never body text.
            caption = _IMAGE_CAPTION.match(block[marker])["rest"].strip()
            caption = " ".join([caption, *block[marker + 1 :]]).strip()
            web_caption = web_caption or caption or None
            n_chrome += len(block) - marker
            block = block[:marker]
            if not block:
                continue
        if not cleaned and len(block) == 1 and _LINK_HEADING.match(block[0]):
            # The file's first line is its headline, even one that reads like
            # a heading of links ("Latest", "Topics").
            cleaned.append(block)
            continue
        if _RELATIVE_STAMP.match(block[0]) and _in_header(cleaned):
            # The header's date line, undated (_plain_date_line), and the
            # share buttons a copy brings under it ("3 days ago" / "Share" /
            # "Save", the BBC's): the stamp stays, the buttons go.
            rest, dropped = _drop_web_chrome(block[1:])
            n_chrome += dropped
            cleaned.append([block[0], *rest])
            continue
        if not cleaned and len(block) > 1 and _RELATIVE_STAMP.match(block[1]):
            # The stamp right under the headline, in its block ("2 hours
            # ago"): the date line there too, not furniture to drop, or the
            # byline under it would be read as body text.
            rest, dropped = _drop_web_chrome(block[2:])
            n_chrome += dropped
            cleaned.append([*block[:2], *rest])
            continue
        kept, dropped = _drop_web_chrome(block)
        links_follow = bool(_LINK_HEADING.match(block[-1])) or (links_follow and not kept)
        n_chrome += dropped
        if kept:
            cleaned.append(kept)
    if not cleaned:
        raise ClassifyError("article has no text but web page furniture", source=path)
    blocks, dropped = _without_contact_tail(cleaned)
    n_chrome += dropped
    masthead, blocks = _masthead(blocks, path, date_order)
    breadcrumb = _breadcrumb(blocks, path, date_order)
    if breadcrumb:
        blocks = blocks[1:]
    elif len(blocks) > 1 and len(blocks[0]) > 1 and _crumb_like(blocks[0][0]):
        second = blocks[0][1]
        if not (_date_line(second, path, date_order) or _is_byline(second)):
            # "Belarus" above the headline in its block: no headline wraps
            # after a word or two.
            breadcrumb, blocks = blocks[0][0], [blocks[0][1:], *blocks[1:]]
    # "Sept. 3, 2024 | By Jane Doe" in the header: the date line, then the
    # byline (read as two lines, as "By Jane Doe | Sept. 3, 2024" is read).
    blocks = [
        [part for line in block for part in _date_then_byline(_capital_by(line), path, date_order)]
        if b < 3
        else block
        for b, block in enumerate(blocks)
    ]
    # The headline is the first block, up to a date line or byline that
    # follows it without a blank line.
    first = blocks[0]
    cut = next(
        (
            k
            for k in range(1, len(first))
            if _date_line(first[k], path, date_order)
            or _is_byline(first[k])
            or _NO_ONE_BYLINE_LINE.match(first[k])
            # The author's bare name right above the date line (the Guardian).
            or (
                k + 1 < len(first)
                and _is_name_line(first[k])
                and _date_line(first[k + 1], path, date_order)
            )
        ),
        len(first),
    )
    deck = _deck_under_headline(first[:cut])
    title = " ".join(first[: cut - len(deck)])
    # Header lines, each with the index of its block, up to the byline.
    lines = [(0, line) for line in first[cut:]]
    lines += [(b, line) for b, block in enumerate(blocks[1:], start=1) for line in block]
    article = Article(id=id, paragraphs=[], title=title, path=path, source=masthead)
    if deck:
        article.meta["standfirst"] = " ".join(deck)
    if provided_by:
        article.meta["provided_by"] = provided_by
    if masthead:
        article.meta["masthead"] = masthead
    if breadcrumb:
        article.meta["breadcrumb"] = breadcrumb
    article.meta["layout"] = layout = _layout(lines, path, date_order)
    if layout == "plain":
        # Title, blank line, body: every block after the headline is a paragraph.
        notices = sum(_RIGHTS_LINE.match(line) is not None for b in blocks[1:] for line in b)
        lines_kept = [[x for x in b if not _RIGHTS_LINE.match(x)] for b in blocks[1:]]
        paragraphs = [_join_lines(b) for b in lines_kept if b]
        if cut < len(first):
            paragraphs.insert(0, " ".join(first[cut:]))
        elif not breadcrumb and _reads_as_body(title):
            # No headline line: the file opens with its first paragraph
            # (many archive exports), which must stay a unit.
            paragraphs.insert(0, _join_lines(first))
            article.title = None
            article.meta["no_headline"] = True
        # A "©" or "All rights reserved." line is no body text in any layout
        # (the wider wire patterns, "Copyright ..." or "Sign up ...", may
        # open a plain article's sentence).
        kept = [p for p in paragraphs if not _RIGHTS_LINE.match(p)]
        # Wire boilerplate at the very end ("Our Standards: ...", "Copyright
        # 2024 The Associated Press. This material may not be published ..."):
        # a wire story without its date line reads as plain, and only its
        # last paragraphs are looked at, where no sentence of the story is.
        while len(kept) > 1 and _BOILERPLATE.match(kept[-1]):
            kept.pop()
        # Nor is a credit line near the end ("(Reporting by Jo Kim; Editing
        # by Ana Lima)"): a wire story copied from a browser without its date
        # line is read as plain, and its credit line is no prose either.
        joined = _join_credits(kept)
        notices += len(kept) - len(joined)
        kept = _take_credits(article, joined)
        if not kept and len(blocks) == 1 and cut == len(first) and not _RIGHTS_LINE.match(title):
            # The file is one line: a brief (one news item a file is a common
            # export), whose line is its text, not a headline missing its body.
            kept = [_join_lines(first)]
            article.title = None
            article.meta["no_headline"] = True
        if not kept:
            raise ClassifyError("article has a headline but no body paragraphs", source=path)
        article.paragraphs = kept
        # Never below 0: a headline-only file's headline becomes its body.
        article.meta["dropped_paragraphs"] = max(
            0, len(paragraphs) - len(kept) + n_chrome + notices
        )
        return article
    pos = 0
    if _standfirst_at(lines, path, date_order):
        # A standfirst (deck) between the headline and the date line; a
        # section name ("World") or the author's bare name may stand there too.
        deck = [line for b, line in lines if b == lines[0][0]]
        if len(deck) > 1 and _date_line(deck[-1], path, date_order):
            deck = deck[:-1]  # the date line under it, in its block
        if len(deck) > 1 and _is_byline(deck[1]):
            deck = deck[:1]  # the byline (and date line) under it, in its block
        text = " ".join(deck)
        if _is_name_line(text) and len(deck) == 1:
            article.author = _bare_name(text)
        elif len(deck) == 2 and _is_name_line(deck[0]) and _is_role_line(deck[1]):
            article.author, article.meta["author_role"] = deck
        elif len(text.split()) <= 2 and not re.search(r"[\d.!?]", text):
            article.section = text
        else:
            article.meta["standfirst"] = text
        pos = len(deck)
    if (
        pos + 1 < len(lines)
        and _is_name_line(lines[pos][1], place=True)
        and _date_line(lines[pos + 1][1], path, date_order)
    ):
        # The author's bare name above the date line ("Pjotr Sauer").
        article.author = _bare_name(lines[pos][1], place=True)
        bare_line = lines[pos]
        pos += 1
    else:
        bare_line = None
    if pos < len(lines) and (found := _date_line(lines[pos][1], path, date_order)):
        section, article.date = found
        article.section = section or article.section
        if article.date is None:
            article.meta["date_written"] = lines[pos][1]
        pos += 1
        while pos < len(lines) and _date_line(lines[pos][1], path, date_order):
            # A second stamp ("Published On 21 Jun 2025" / "21 Jun 2025",
            # "Last modified on ..."): header, the first date counts.
            article.meta.setdefault("header_lines", []).append(lines[pos][1])
            pos += 1
    article.section = article.section or _crumb_section(breadcrumb)
    byline_at = next(
        (i for i in range(pos, min(pos + 4, len(lines))) if _is_byline(lines[i][1])), None
    )
    body_first: list[tuple[int, str]] = []
    if byline_at is not None:
        captions = lines[pos:byline_at]
        if captions and not _caption_shape(" ".join(line for _, line in captions)):
            # Sentences before the byline with no photo-caption shape are body.
            body_first, captions = captions, []
        article.author = _byline_author(lines[byline_at][1])
        if bare_line is not None:
            # A byline names the author: the name-shaped line above the date
            # line was none ("Belarus And The US Restore Ties" / "Amid
            # Difficult Times"): the headline's wrapped end where it stands
            # in its block, else a header line; never lost.
            if (
                bare_line[0] == 0
                and article.title
                and cut < len(first)
                and first[cut] == bare_line[1]
            ):
                article.title = f"{article.title} {bare_line[1]}"
            else:
                article.meta.setdefault("header_lines", []).append(bare_line[1])
        if article.date is None and (found := _byline_date(lines[byline_at][1], path, date_order)):
            article.section = article.section or found[0]
            article.date = found[1]
        pos = byline_at + 1
        if (
            pos < len(lines)
            and lines[pos][0] == lines[byline_at][0]
            and _is_role_line(lines[pos][1])
            and not match_dateline(lines[pos][1])
            and not _REPORTED_FROM.fullmatch(lines[pos][1].strip())
        ):
            # A job title right under the byline, in its block.
            article.meta["author_role"] = lines[pos][1]
            pos += 1
        if pos < len(lines) and (reported := _REPORTED_FROM.fullmatch(lines[pos][1].strip())):
            # The New York Times' "Reporting from Vilnius, Lithuania" under the
            # byline: where the story was filed, and header, not body.
            article.meta["reported_from"] = reported["place"]
            pos += 1
        if (
            article.date is None
            and "date_written" not in article.meta
            and pos < len(lines)
            and (found := _date_line(lines[pos][1], path, date_order))
        ):
            # Web copies put the date line under the byline (headline, "By
            # Jane Doe", "September 11, 2025 1:05 PM GMT+2", body).
            section, article.date = found
            article.section = article.section or section
            if article.date is None:
                article.meta["date_written"] = lines[pos][1]
            pos += 1
    elif (
        pos + 1 < len(lines)
        and not _BOILERPLATE.match(lines[pos][1])  # "By Staff and agencies": no one
        and (placed := _place_byline(lines, pos))
    ):
        # A byline without "By", alone in its block under the headline or the
        # date line: the Guardian's "Andrew Roth in Moscow". Its place and its
        # block of its own tell it from a body line; a title-case subheading
        # of that shape right under the header ("Talks Resume in Minsk")
        # would be taken for one too.
        article.author = placed
        pos += 1
        captions = []
    elif (
        pos + 1 < len(lines)
        # Alone in its block, or last in the date line's block.
        and (
            sum(b == lines[pos][0] for b, _ in lines) == 1
            or (pos > 0 and lines[pos - 1][0] == lines[pos][0] != lines[pos + 1][0])
        )
        and strip_role(lines[pos][1]) != lines[pos][1].strip()
        and _is_name_line(lines[pos][1])
    ):
        # Names and their role on a line of its own under the date line
        # ("Jane Doe and Jo Kim, Staff Reporters"): a byline without "By".
        article.author = _bare_name(lines[pos][1])
        pos += 1
        captions = []
    elif (
        pos + 1 < len(lines)
        and _is_name_line(lines[pos][1])
        and (
            lines[pos + 1][0] == lines[pos][0]
            or (
                sum(b == lines[pos][0] for b, _ in lines) == 1
                and sum(b == lines[pos + 1][0] for b, _ in lines) == 1
            )
        )
        and _is_role_line(lines[pos + 1][1])
    ):
        # A bare name and a job title under the date line ("Steve Rosenberg",
        # "Russia editor"), as the BBC prints them.
        article.author = _bare_name(lines[pos][1])
        article.meta["author_role"] = lines[pos + 1][1]
        pos += 2
        captions = []
    else:
        # Without a byline, a caption is what shares the date line's block,
        # up to a line that opens with a dateline: the first paragraph.
        captions = []
        for x in lines[pos:]:
            if not pos or x[0] != lines[pos - 1][0] or match_dateline(x[1]):
                break
            captions.append(x)
        if captions and not _caption_shape(" ".join(line for _, line in captions)):
            # Sentences under the date line, in its block: the first paragraph
            # of a copy without blank lines, not a caption.
            captions = []
        pos += len(captions)
    article.caption = " ".join(line for _, line in captions) or web_caption
    # The caption's blocks are paragraphs that are no units: counted as dropped.
    n_caption = len({b for b, _ in captions})
    # The rest, regrouped into paragraphs by block (the byline's block may
    # hold body lines after it in a file without blank lines).
    paragraphs: list[str] = []
    last_block: object = None
    last_alone = False
    for b, line in body_first + lines[pos:]:
        # A credit or boilerplate line is a paragraph of its own, and so is
        # what follows it, even without a blank line between them.
        alone = bool(_is_credit_line(line) or _BOILERPLATE.match(line))
        if alone or last_alone:
            b = (b, line)
        last_alone = alone
        if b == last_block:
            paragraphs[-1] = _join_lines([paragraphs[-1], line])
        else:
            paragraphs.append(line)
        last_block = b
    before = len(paragraphs)
    kept = [p for p in paragraphs if not _BOILERPLATE.match(p)]
    joined = _join_credits(kept)
    # A credit line broken over lines is one dropped paragraph, not several.
    before -= len(kept) - len(joined)
    paragraphs = _without_repeated_quotations(_take_credits(article, joined))
    # Boilerplate, the credit line and trailer text after it: counted, so
    # nothing leaves the body unsaid.
    # A caption counts too.
    # Second date lines were taken before the paragraphs were made; the
    # header zone's lines are among `before`.
    n_stamps = len(article.meta.get("header_lines", []))
    paragraphs = _header_zone(article, paragraphs, path, date_order)
    # Never below 0: a headline-only file's headline becomes its body.
    article.meta["dropped_paragraphs"] = max(
        0, before - len(paragraphs) + n_caption + n_chrome + n_stamps
    )
    if article.section:
        _section_to_outlet(article)
    if paragraphs and (dl := match_dateline(paragraphs[0])):
        article.dateline, agency, end = dl
        _date_from_dateline(article, paragraphs[0][:end], date_order)
        if masthead and agency:
            # The outlet that printed it is the source; the wire it ran on is kept.
            article.meta["agency"] = agency
        else:
            article.source = agency or article.source
        first = paragraphs[0][end:].strip()
        paragraphs = ([first] if first else []) + paragraphs[1:]
    if not paragraphs:
        raise ClassifyError("article has a headline but no body paragraphs", source=path)
    article.paragraphs = paragraphs
    return article


def _section_to_outlet(article: Article) -> None:
    """Move a publication's name read as a section beside a date ("The
    Baltic Times | June 12, 2025", "Reuters | June 12, 2025") to the
    article's source; the other sections stay."""
    parts = article.section.split(" | ") if article.section else []
    for k, part in enumerate(parts):
        if article.source is None and _publication_name(part):
            article.source = part
        elif _agency_named(part):
            # "June 2, 2024 | Reuters" under a paper's masthead: the wire it
            # ran on, never a section.
            if part != article.source:
                article.meta.setdefault("agency", part)
        else:
            continue
        article.section = " | ".join(parts[:k] + parts[k + 1 :]) or None
        return


def _publication_name(part: str) -> bool:
    """Whether a part of a date line is a publication's name, not a
    section's: a news agency or broadcaster, or a name of two to four
    capitalised words with a publication's word (:data:`_PAPER_NOUNS`,
    "Guardian") and a word of its own beside it ("The Baltic Times",
    "Belarus Digest", "Novaya Gazeta Europe"; "World News" and "Business
    Today" are sections); "Post", a surname too, after "The" or a place
    ("Kyiv Post", not "Jane Post")."""
    from classify.places import country_of

    if _agency_named(part) or _BROADCASTERS.fullmatch(part):
        return True
    words = [w.casefold() for w in part.split()]
    paper = _PAPER_NOUNS | {"guardian"}
    if not (_masthead_like(part) and len(words) >= 2 and not _SECTION_NEWS.fullmatch(part)):
        return False
    if words[-1] == "post" and (words[0] == "the" or any(country_of(w) for w in part.split()[:-1])):
        return True
    if not any(w in paper for w in words):
        return False
    return words[0] == "the" or any(w not in paper and w not in _SECTION_WORDS for w in words)


def _menu_item(line: str) -> bool:
    """A site menu's entry ("World", "Politics", "Sci & Tech", "Latest
    news"): one or two words (and "&"), the first capitalised, no digit,
    punctuation or separator."""
    words = [w for w in line.split() if w != "&"]
    return (
        0 < len(words) <= 2
        # "Latest news", "Sci-tech": the first word capitalised.
        and words[0][:1].isupper()
        and not re.search(r"[\d.,!?:;|>/›»()\"“”]", line)
    )


# A logo's link as a browser copies it: "The Guardian - Back to homeThe Guardian".
_LOGO_LINK = re.compile(r"(?i)^(?P<name>[^-–|]{2,40}?)\s*[-–|]\s*back\s+to\s+home.*$")


def _without_site_menu(
    blocks: list[list[str]], path: str | None, date_order: DateOrder
) -> tuple[list[list[str]], int]:
    """``blocks`` without the site's menu a browser copy starts with ("Home"
    / "World" / "Politics" / "Business" above the headline): three or more
    menu entries (:func:`_menu_item`) on lines of their own, in one block
    or a block each, right before a headline (:func:`_headline_like`). A
    publication's name first ("The Guardian") stays, for :func:`_masthead`;
    a breadcrumb of one or two entries is :func:`_breadcrumb`'s. Returns the
    blocks and the number of lines dropped."""
    lines = [(b, k, line) for b, block in enumerate(blocks) for k, line in enumerate(block)]
    start = 0
    while start < len(lines) and _is_web_chrome(lines[start][2]):
        start += 1  # "Skip to content" above it, dropped as furniture later
    if start < len(lines) and (logo := _LOGO_LINK.match(lines[start][2])):
        # "The Guardian - Back to homeThe Guardian": the logo's link text,
        # the publication's name.
        b, k, _ = lines[start]
        blocks = [list(block) for block in blocks]
        blocks[b][k] = logo["name"]
        lines[start] = (b, k, logo["name"])
    first = lines[start][2] if start < len(lines) else ""
    if (
        _masthead_like(first)
        and _PUBLICATION.search(first)
        # "News" alone is a menu's entry; "BBC" alone an outlet's name.
        and (len(first.split()) > 1 or _AGENCY.fullmatch(first) is not None)
    ):
        start += 1
    end = start
    while end < len(lines) and _menu_item(lines[end][2]):
        end += 1
    if end - start < 3 or end == len(lines) or not _headline_like(lines[end][2], path, date_order):
        return blocks, 0
    gone = {(b, k) for b, k, _ in lines[start:end]}
    kept = [
        [line for k, line in enumerate(block) if (b, k) not in gone]
        for b, block in enumerate(blocks)
    ]
    return [block for block in kept if block], end - start


def _masthead(
    blocks: list[list[str]], path: str | None, date_order: DateOrder
) -> tuple[str | None, list[list[str]]]:
    """The outlet's name printed above the headline, where a copy has one,
    and the blocks reordered to the headline-first layout the rest of the
    reader knows. The layouts, a blank line shown as ``/ /``:

    - ``The Guardian`` / ``Tuesday 12 March 2019`` / headline, one block;
    - ``Der Spiegel | 14. März 2019`` / headline, one block;
    - ``Le Monde`` // ``12 mars 2019`` // headline, a block each;
    - ``Folha de S.Paulo`` / headline / a date line or byline, one block;
    - ``The Guardian`` / date line // headline;
    - ``The New York Times`` // headline // a byline or date line;
    - headline // ``Meduza`` / date line (an outlet's name, :func:`_outlet_name`).

    The name is a publication's shape (:func:`_masthead_like`), in the last
    three layouts also with a publication's word (:data:`_PUBLICATION`), and
    the headline a headline's (:func:`_headline_like`); else
    ``(None, blocks)``."""
    first, rest = blocks[0], blocks[1:]
    is_date = lambda line: _date_line(line, path, date_order) is not None  # noqa: E731
    is_head = lambda line: _headline_like(line, path, date_order)  # noqa: E731
    # Where no date line stands between the name and the headline, a wrapped
    # title-case headline ("US And Belarus Agree" / "To Restore Embassies")
    # has the same shape: only a name that reads as a publication's counts.
    paper = (
        _masthead_like(first[0])
        and bool(_PUBLICATION.search(first[0]))
        and not _SECTION_NEWS.fullmatch(first[0].strip())  # "Latest News": a section
    )
    if len(first) == 3 and _masthead_like(first[0]) and is_date(first[1]) and is_head(first[2]):
        return first[0], [[first[2], first[1]], *rest]
    if (
        len(first) >= 3
        and paper
        and is_head(first[1])
        and (is_date(first[2]) or _is_byline(first[2]))
    ):
        # "The New York Times" / headline / date line or byline.
        return first[0], [first[1:], *rest]
    if (
        len(first) == 2
        and paper
        and is_date(first[1])
        and rest
        and len(rest[0]) == 1
        and is_head(rest[0][0])
    ):
        # "The Guardian" / date line, then the headline after a blank line.
        return first[0], [[rest[0][0], first[1]], *rest[1:]]
    if len(first) == 1 and paper and len(rest) >= 2 and len(rest[0]) == 1:
        if is_head(rest[0][0]) and _header_follows(rest[1], path, date_order):
            # The name alone, then the headline, then a byline or date line
            # (or a deck run into them without a blank line).
            return first[0], rest
        if (
            len(rest) >= 3
            and _crumb_like(rest[0][0])
            and len(rest[1]) == 1
            and is_head(rest[1][0])
            and _header_follows(rest[2], path, date_order)
        ):
            # The name, the section ("World"), the headline, then the
            # header: the section is read as a breadcrumb next.
            return first[0], rest
    if len(first) == 2 and "|" in first[0] and is_head(first[1]):
        name, _, when = (x.strip() for x in first[0].partition("|"))
        if _masthead_like(name) and is_date(when):
            return name, [[first[1], when], *rest]
    if (
        len(blocks) > 3
        and all(len(b) == 1 for b in blocks[:3])
        and _masthead_like(first[0])
        and is_date(blocks[1][0])
        and is_head(blocks[2][0])
    ):
        return first[0], [blocks[2], blocks[1], *blocks[3:]]
    # "BBC News" under the headline, in its block or alone in the next: an
    # outlet's name, not the headline's last words nor a paragraph.
    if len(first) == 2 and is_head(first[0]) and _outlet_name(first[1], first[0]):
        return first[1], [[first[0]], *rest]
    if (
        len(first) >= 3
        and is_head(first[0])
        and _outlet_name(first[1], first[0])
        and (
            is_date(first[2]) or _is_byline(first[2]) or _RELATIVE_STAMP.match(first[2]) is not None
        )
    ):
        # Headline / "The Guardian" / date line or byline, one block.
        return first[1], [[first[0], *first[2:]], *rest]
    if (
        len(first) == 1
        and is_head(first[0])
        and len(rest) > 1
        and _outlet_name(rest[0][0], first[0])
        and (
            len(rest[0]) == 1
            # Headline // "Meduza" / date line: the outlet above the date,
            # in a block of their own.
            or (
                len(rest[0]) == 2
                and (is_date(rest[0][1]) or _RELATIVE_STAMP.match(rest[0][1]) is not None)
            )
        )
    ):
        return rest[0][0], [first, *([rest[0][1:]] if len(rest[0]) == 2 else []), *rest[1:]]
    return None, blocks


# An outlet's own word, as a name under a headline ends or is: stricter than
# _PUBLICATION, as a wrapped headline's last words are title case too.
_OUTLET_WORD = re.compile(
    r"(?i)^(?:bbc|cnn|reuters|afp|ap|dpa|tass|ria|xinhua|belta|rferl|rfe/rl)$|"
    r"(?i:\b(?:news|times|post|guardian|telegraph|herald|tribune|gazette|journal|"
    r"independent|observer|chronicle))$"
)


def _outlet_name(line: str, headline: str = "") -> bool:
    """An outlet's name standing alone under a headline ("BBC News", "The
    Guardian", "Reuters"): up to three capitalised words ending in an
    outlet's word, or a news agency's name alone. Under a headline in title
    case ("Belarus Faces" / "Difficult Times"), where a wrapped line has the
    same shape, only an agency's or broadcaster's name alone counts."""
    line = line.strip()
    if _BROADCASTERS.fullmatch(line):
        return True  # "Al Jazeera", "Deutsche Welle": named, whatever the headline's case
    if _SECTION_NEWS.fullmatch(line):
        return False  # "Latest News", "World News": a section of any site
    if not (
        len(line.split()) <= 3
        and _masthead_like(line)
        and (_OUTLET_WORD.search(line) or _publication_name(line))
    ):
        return False
    words = [w for w in headline.split() if w[:1].isalpha()]
    title_case = bool(words) and sum(w[0].isupper() for w in words) > 0.6 * len(words)
    return not title_case or _AGENCY.fullmatch(line) is not None


_AGENCY = re.compile(r"(?i)bbc(?:\s+news)?|cnn|reuters|afp|ap|dpa|tass|ria|xinhua|belta|rfe/rl")
# A site's section of news, no outlet's name ("News", "Latest News").
_SECTION_NEWS = re.compile(
    r"(?i)(?:(?:latest|breaking|top|world|local|national|international|business|"
    r"political|politics|foreign|daily|live|more|all|regional)\s+)?news"
)


# Words that name a publication ("The Daily Courier", "Folha de S.Paulo",
# "Der Spiegel"), for the masthead layouts a headline could also have.
_PUBLICATION = re.compile(
    r"(?i)^(?:the|le|la|el|der|die|das|il|de)\s|\b(?:times|post|news|herald|journal|tribune|"
    r"guardian|gazette|telegraph|daily|courier|chronicle|observer|independent|express|mail|"
    r"standard|examiner|press|review|today|monde|spiegel|zeitung|folha|pa[ií]s|corriere|"
    r"repubblica|stampa|gazeta|wyborcza|izvestia|kommersant|novaya|reuters|afp|bbc|cnn)\b"
)


def _masthead_like(line: str) -> bool:
    """A publication's name ("The Guardian", "Financial Times", "Le
    Monde"): up to four capitalised words (and small joining words), no
    closing punctuation."""
    words = line.split()
    small = {"the", "of", "and", "de", "la", "le", "der", "die", "&"}
    return (
        0 < len(words) <= 4
        and not re.search(r"[.!?:;,]$", line)
        and all(w[:1].isupper() or w.lower() in small for w in words)
        and not any(ch.isdigit() for ch in line)
    )


def _headline_like(line: str, path: str | None, date_order: DateOrder) -> bool:
    """A headline's shape: 3 to 20 words, no closing full stop, and neither
    a byline, a bare name nor a date line."""
    n = len(line.split())
    return (
        3 <= n <= 20
        and not re.search(r"[.!][\"'”’)]?$", line)
        and not _is_byline(line)
        and not _is_name_line(line)
        and not _date_line(line, path, date_order)
    )


# A photo caption's shape: a photo credit ("REUTERS/Name", "AP Photo/Name",
# "Photo: ...", "Getty Images", "File photo"), or no closing full stop (a
# caption copied from a web page: "Lukashenko meets with Coale in Minsk").
_PHOTO_CREDIT = re.compile(
    r"(?i)\b(?:(?-i:[A-Z]{2,}\s?/\s?[A-Z])|photo\b|photograph|picture|getty images|image:|credit:)"
)


def _caption_shape(text: str) -> bool:
    """Does the text before a byline look like a photo caption?"""
    return bool(_PHOTO_CREDIT.search(text)) or not re.search(r"[.!?][\"'”’)]?$", text.strip())


def _crumb_like(line: str) -> bool:
    """Up to two capitalised words, or such parts joined by ``>``, ``›``,
    ``/`` or ``»``; no digit or sentence end. A two-word headline in
    sentence case ("Peru votes") is not."""
    parts = [p.strip() for p in re.split(r"\s*[>›/»]\s*", line)]
    if re.search(r"[\d.!?:]", line) or any(len(p.split()) > 2 or not p for p in parts):
        return False
    return all(w[0].isupper() for w in line.split() if w not in (">", "›", "/", "»", "&"))


# The site's front page as a breadcrumb's first part ("Home > World").
_HOME_WORD = (
    r"(?:home(?:\s*page)?|start|startseite|accueil|inicio|início|portada|"
    r"главная|головна|strona główna)"
)
_HOME_CRUMB = re.compile(rf"(?i)^{_HOME_WORD}\s*[>›»/]\s*")


def _crumb_section(breadcrumb: str | None) -> str | None:
    """The section a breadcrumb names: the crumb without the front page
    it starts from ("Home > World > Europe" is "World > Europe")."""
    if not breadcrumb or re.fullmatch(rf"(?i){_HOME_WORD}", breadcrumb.strip()):
        return None  # "Home" alone names no section
    return _HOME_CRUMB.sub("", breadcrumb) or None


def _breadcrumb(blocks: list[list[str]], path: str | None, date_order: DateOrder) -> str | None:
    """A section name printed above the headline ("World", "World > Europe"):
    a first block of one line of at most two capitalised words (or parts
    of such joined by ``>``, ``›`` or ``/``) without digits or a sentence
    end, whose next block is a one-line headline (no date line, byline or
    dateline) followed by a date line or a byline. A two-word headline in
    sentence case ("Peru votes") is no breadcrumb."""
    if len(blocks) < 3 or len(blocks[0]) != 1 or len(blocks[1]) != 1:
        return None
    crumb = blocks[0][0]
    if not _crumb_like(crumb):
        return None
    headline = blocks[1][0]
    if _date_line(headline, path, date_order) or _is_byline(headline) or match_dateline(headline):
        return None
    if _header_follows(blocks[2], path, date_order):
        return crumb
    return None


def _header_follows(block: Sequence[str], path: str | None, date_order: DateOrder) -> bool:
    """Whether ``block`` opens with a date line or a byline, or with one
    line (a deck, 40 words at most) run into one without a blank line."""

    def header(line: str) -> bool:
        return _date_line(line, path, date_order) is not None or _is_byline(line)

    return header(block[0]) or (
        len(block) >= 2 and len(block[0].split()) <= 40 and header(block[1])
    )


def _deck_under_headline(head: Sequence[str]) -> list[str]:
    """The standfirst (deck) lines under a headline in its own block, with
    no blank line between them ("Lithuania reopens border crossing" /
    "Freight is to resume within days, officials say." / "June 12, 2025"),
    where they cannot be the headline wrapped: a line ending in a full stop
    (no headline does), a line in sentence case of six words or more
    under a title-case headline (a wrapped title-case headline goes on in
    title case), or a line of eight words or more that would make the
    headline longer than 24 words. ``[]`` where the lines read as one
    wrapped headline."""
    closes = re.compile(r"[.!?][\"'”’)]?$")  # a sentence's end, maybe in quote marks
    if len(head) < 2 or not 3 <= len(head[0].split()) <= 20 or closes.search(head[0]):
        return []
    rest = list(head[1:])

    def capitalised(line: str) -> float:
        words = [w for w in line.split()[1:] if w[:1].isalpha()]
        return sum(w[0].isupper() for w in words) / len(words) if words else 1.0

    ends = bool(closes.search(rest[-1]))
    sentence = (
        capitalised(head[0]) > 0.6
        and len(rest[0].split()) >= 6
        and capitalised(" ".join(rest)) < 0.4
    )
    # Too long for one headline: a sentence-case headline of 12 words with
    # a 20-word line under it ("Release of political detainees follows
    # ..., who met ...") is a headline and its deck, as the Guardian's are.
    long = len(" ".join(head).split()) > 24 and len(rest[0].split()) >= 8
    return rest if rest[0][:1].isupper() and (ends or sentence or long) else []


def _standfirst_at(
    lines: Sequence[tuple[int, str]], path: str | None, date_order: DateOrder
) -> bool:
    """Whether the header opens with a standfirst: a block of its own right
    after the headline that is no date line, byline or dateline, followed by
    a block that opens with a date line, or with the date line as the last
    line of its own block."""
    if not lines or _date_line(lines[0][1], path, date_order) or _is_byline(lines[0][1]):
        return False
    if match_dateline(lines[0][1]):
        return False
    if (
        len(lines) > 1
        and _is_name_line(lines[0][1], place=True)
        and _date_line(lines[1][1], path, date_order)
    ):
        return False
    block = [line for b, line in lines if b == lines[0][0]]
    if (
        len(block) > 1
        and _date_line(block[-1], path, date_order)
        and not any(_date_line(x, path, date_order) or _is_byline(x) for x in block[:-1])
        and not _ends_wrapped_sentence(block[-2], block[-1])
    ):
        return True  # the standfirst and the date line under it, in one block
    if (
        len(block) > 1
        and len(block[0].split()) <= 40
        and _is_byline(block[1])
        and not _ends_wrapped_sentence(block[0], block[1])
    ):
        return True  # a deck run into the byline without a blank line
    rest = [x for x in lines if x[0] != lines[0][0]]
    if rest and _is_name_line(rest[0][1], place=True) and len(rest) > 1:
        rest = rest[1:]  # the author's bare name above the date line
    return (
        bool(rest)
        and bool(_date_line(rest[0][1], path, date_order))
        and not _ends_wrapped_sentence(block[-1], rest[0][1])
    )


# A line cut before its date: "... tribesmen on" / "12 December 2018."
_OPEN_BEFORE_DATE = re.compile(
    r"(?i)\b(?:on|in|of|since|by|until|till|from|to|at|the|before|after|during|between|and|"
    r"early|late|mid)$"
)


def _ends_wrapped_sentence(line: str, date_line: str) -> bool:
    """Whether a date-like line continues the sentence the line above it
    left open: it ends in a full stop where that line ends no sentence
    (``... tribesmen in December`` / ``2018.``), or that line stops on a
    word that leads into a date (``... tribesmen on`` / ``12 December``):
    body text wrapped there, not a standfirst's date line."""
    if _SENTENCE_END.search(line):
        return False
    return date_line.endswith(".") or bool(_OPEN_BEFORE_DATE.search(line.strip()))


def _layout(
    lines: Sequence[tuple[int, str]], path: str | None, date_order: DateOrder = "day-first"
) -> str:
    """``wire`` or ``plain``, decided from the header lines alone (the lines
    after the headline): a wire story has a date line right after the
    headline, a byline among the next four lines, or a first body line that
    opens with an upper-case dateline (``LONDON (Reuters) -``, ``(AP) —``,
    ``BRUSSELS —``). Anything else is a plain article, whose body is taken
    as it stands (no byline, dateline, credit line or boilerplate handling),
    so "By talking to voters ..." or "Sport utility vehicles (SUVs) - ..."
    stay body text."""
    if not lines:
        return "plain"
    if _date_line(lines[0][1], path, date_order) or _standfirst_at(lines, path, date_order):
        return "wire"
    if (
        len(lines) > 1
        and _is_name_line(lines[0][1], place=True)
        and _date_line(lines[1][1], path, date_order)
    ):
        return "wire"
    if any(
        _is_byline(line) or _NO_ONE_BYLINE_LINE.match(line) for _, line in lines[:4]
    ) or _place_byline(lines, 0):
        return "wire"
    for _, line in lines[:5]:
        if _wire_dateline(line):
            # A dateline after header-like lines only ("2 min read", a name).
            return "wire"
        if not _header_like(line, path, date_order):
            break
    return "plain"


@functools.lru_cache(maxsize=4)
def _page_root(html: str):
    """The page parsed once for the readers that only look at it (its
    headline, byline, links, kicker): an lxml tree, or None where it does
    not parse. Never changed by them: :func:`_without_other_stories_dates`,
    which removes elements, parses its own."""
    return parse_page(html)


def parse_page(html: str):
    """``html`` as an lxml tree without its comments and processing
    instructions (a tag manager's ``<!-- Google Tag Manager -->`` after
    ``<body>``: nodes with no text of the page, which element readers
    such as ``text_content()`` refuse); None where it does not parse."""
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return None
    lxml.etree.strip_elements(
        root, lxml.etree.Comment, lxml.etree.ProcessingInstruction, with_tail=False
    )
    return root


def _link_texts(html: str) -> frozenset[str]:
    """The texts of a page's links (``<a>`` elements), spacing folded: the
    extractor keeps the titles of links inside the article's own block."""
    root = _page_root(html)
    if root is None:
        return frozenset()
    return frozenset(text for a in root.iter("a") if (text := " ".join(a.text_content().split())))


# Class or id words of blocks that list other stories (a "Most read" box, a
# sidebar of the latest news, related teasers): a date there is another
# story's date, not the page's.
_OTHER_STORIES = re.compile(
    r"(?i)related|most[-_ ]?(?:read|viewed|popular|shared)|popular|latest|trending|"
    r"recommend|sidebar|teaser|promo|more[-_ ]?(?:news|stories|on)|also[-_ ]?read|read[-_ ]?more|"
    r"top[-_ ]?stories|headlines|widget|(?<![a-z])rail(?![a-z])"
)
_OTHER_STORY_TAGS = frozenset({"aside", "nav", "footer"})


# A date alone as an element's text: "17.07.2023", "2023-07-17", "17 July
# 2023", "July 17, 2023".
_SHOWN_DATE = re.compile(
    r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|"
    rf"(?i:\d{{1,2}}\s+{_MONTH_NAME}\.?\s+\d{{4}}|{_MONTH_NAME}\.?\s+\d{{1,2}},?\s+\d{{4}})"
)


def _byline_block(
    html: str, author: str | None, opening: Sequence[str] = ()
) -> tuple[str | None, str | None, str | None]:
    """``(name, role, line)`` where a block's first child is a name and the
    rest a newsroom role ("Jane Holloway" / "South Caucasus correspondent",
    as BBC-style pages print their byline) and the block is the page's
    ``author`` or one of the ``opening`` paragraphs of its text (``line``:
    that paragraph, a header line then, no unit); else ``(author, None,
    None)``. Adjacent spans run together in an element's text and in the
    extractor's output ("Nigar AliyevaBaku bureau chief"), so they are
    compared without spaces."""
    root = _page_root(html)
    if root is None:
        return author, None, None
    bare = {w.replace(" ", ""): w for w in (*opening, author) if w}
    if not bare:
        return author, None, None
    blocks = [[c for c in el] for el in root.iter(*_BYLINE_TAGS)]
    # Two inline elements side by side in a larger block ("<span>Nigar
    # Aliyeva</span><span>Diplomatic correspondent</span>" in an <article>).
    inline = ("span", "a", "strong", "b", "em", "i", "small")
    blocks += [
        [c, after]
        for el in root.iter()
        for c, after in pairwise(el)
        if c.tag in inline and after.tag in inline
    ]
    for children in blocks:
        parts = [" ".join(c.text_content().split()) for c in children]
        parts = [p for p in parts if p]
        found = bare.get("".join(parts).replace(" ", "")) if len(parts) > 1 else None
        if found is None:
            continue
        role = " ".join(parts[1:])
        if _is_name_line(parts[0]) and _is_role_line(role) and _JOB_WORD.search(role):
            return parts[0], role, None if found == author else found
    return _author_as_printed(root, author), None, None


def _letters(text: str) -> str:
    """``text``'s letters and digits, folded: what survives the extractor."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _author_as_printed(root: Any, author: str | None) -> str | None:
    """``author`` as the page prints it, where the extractor mangled a
    byline with brackets ("Par Frédéric Bobin (Tunis, correspondant)" comes
    back "Par Frédéric Bobin Tunis; Correspondant", a part that is no
    name): the element whose letters are the author's, read as a byline.
    Else ``author``."""
    if not author or all(_byline_author(f"By {strip_role(p.strip())}") for p in author.split(";")):
        return author
    want = _letters(author)
    for el in root.iter(*_BYLINE_TAGS):
        text = " ".join(el.text_content().split())
        printed = _letters(text) if len(text) < 200 and "(" in text else ""
        # The extractor keeps "Par" and drops "By".
        if printed.endswith(want) and printed[: -len(want)] in ("", "by"):
            return _byline_author(text) or _byline_author(f"By {text}") or author
    return author


def _page_author(author: str | None, site: str | None) -> str | None:
    """The author a page's metadata names (trafilatura writes "Anna
    Chernova; CNN" for "By Anna Chernova, CNN"): each name's byline form,
    without an outlet's initials, a news agency or the site's own name."""
    if not author:
        return None
    names = []
    for part in author.split(";"):
        # "Автор Иван Петров": the extractor keeps the label and drops its colon.
        part = re.sub(
            r"^(?:Автор(?:\s+материала)?|Текст|Autor|Auteur|Author)\s*(?::|[—–-])?\s+(?=\S)",
            "",
            strip_role(part.strip()),
        )
        if (
            not part
            or re.fullmatch(r"[A-Z]{2,5}", part)
            or _KNOWN_AGENCY.fullmatch(part.removeprefix("The "))
            or (site and part.casefold() == site.strip().casefold())
        ):
            continue
        # "Par Frédéric Bobin", "Автор: Иван Петров": a byline's own word
        # in another language, read as a text file's byline is.
        if name := _byline_author(part) or _byline_author(f"By {part}"):
            names.append(name)  # not a part that is no name ("4" of a date)
    return "; ".join(names) or _byline_author(f"By {author}") or author


def _title_words(text: str) -> set[str]:
    """The words of three letters or more of a title or heading, folded."""
    return set(re.findall(r"\w{3,}", text.casefold()))


def _story_headline(root):
    """The page's story headline: of its ``<h1>`` and ``<h2>`` elements (a
    site's logo may be the ``<h1>``), the one that holds the largest share,
    over half, of the ``<title>``'s words; else the first ``<h1>``; None
    where there is none."""

    written = " ".join((root.findtext(".//title") or "").split()).casefold()
    title = _title_words(written)
    in_story = [
        h
        for h in root.iter("h1", "h2")
        if any(a.tag in ("article", "main") for a in h.iterancestors())
    ]
    best, share = None, 0.5
    for h in root.iter("h1", "h2"):
        mine = _title_words(h.text_content())
        if _site_heading(h, written, in_story):
            continue  # the site's name, however many of the title's words it holds
        if len(mine) >= 3 and title and len(title & mine) / len(title) > share:
            best, share = h, len(title & mine) / len(title)
    if best is not None:
        return best
    # A <title> that is only the site's name matches no heading: the
    # headline is then the first <h1> that is not the site's logo, else the
    # first heading inside the story's <article> or <main>.
    first = next(root.iter("h1"), None)
    for h in root.iter("h1"):
        if not _logo_heading(h, written):
            return h
    for h in root.iter("h1", "h2"):
        if any(a.tag in ("article", "main") for a in h.iterancestors()):
            return h
    return first


def _home_link(href: str | None) -> bool:
    """Whether a link goes to the site's home page: ``/``, ``./``,
    ``index.html``, or a full address with no path (``https://example.com/``)."""
    from urllib.parse import urlsplit

    href = (href or "").strip()
    if href in ("/", "./", "index.html"):
        return True
    parts = urlsplit(href)
    return bool(parts.scheme and parts.netloc) and parts.path in ("", "/") and not parts.query


def _site_heading(h, title: str, in_story: list) -> bool:
    """Whether a heading is the site's logo, not a headline that shares the
    ``<title>``'s words: :func:`_logo_heading`, its ``<title>`` clause only
    while a heading stands inside the ``<article>``/``<main>`` (``in_story``;
    else a heading with the title's text is the headline). A heading inside
    the story is never the logo."""
    return h not in in_story and _logo_heading(h, title if in_story else "")


def _logo_heading(h, title: str) -> bool:
    """Whether a heading is the site's logo: in the page's own ``<header>``
    or ``<nav>`` (not a story's ``<header>`` inside its ``<article>``), a
    link to the home page, or the ``<title>``'s text (folded)."""
    text = " ".join(h.text_content().split()).casefold()
    above = {a.tag for a in h.iterancestors()}
    return (
        (bool(title) and text == title)
        or (bool(above & {"header", "nav"}) and not above & {"article", "main"})
        or any(_home_link(a.get("href")) for a in h.iter("a"))
    )


def _page_headline(html: str, title: str | None) -> str | None:
    """The page's one ``<h1>`` where its ``<title>`` holds it and not
    ``title``, the extractor's: a live blog's JSON-LD names its latest
    update's headline ("Talks end") beside the page's ("Summit in Brussels:
    live updates"), and the page's own two places agree on the latter.
    None otherwise."""
    root = _page_root(html)
    if root is None:
        return None
    heads = list(root.iter("h1"))
    page = " ".join((root.findtext(".//title") or "").split()).casefold()
    if len(heads) != 1 or not page or not title:
        return None
    h1 = " ".join(heads[0].text_content().split())
    if h1 and h1.casefold() in page and " ".join(title.split()).casefold() not in page:
        return h1
    return None


def _headline_for(html: str, title: str | None) -> tuple[str | None, str | None]:
    """The story's headline where the extractor took the site's name for the
    title (a logo in the ``<h1>``, the headline in an ``<h2>``): the heading
    that holds most of the ``<title>``'s words (:func:`_story_headline`),
    where it shares no more than one word with ``title``; and the site's
    name where ``title`` is the logo's text (a logo heading, or a link to
    the home page whose text or image's ``alt`` is ``title``). ``None`` for
    either where there is none."""
    root = _page_root(html)
    if root is None:
        return None, None
    written = " ".join((title or "").split())
    folded = written.casefold()
    # The page's own <title> (the extractor may have taken the headline).
    page_title = " ".join((root.findtext(".//title") or "").split())
    home = bool(page_title) and any(
        _home_link(a.get("href"))
        and page_title.casefold()
        in {
            " ".join(a.text_content().split()).casefold(),
            *(" ".join((img.get("alt") or "").split()).casefold() for img in a.iter("img")),
        }
        for a in root.iter("a")
    )
    site = page_title if home else None
    head = _story_headline(root)
    first = next(root.iter("h1"), None)
    if head is None or head is first:
        return None, site
    text = " ".join(head.text_content().split())
    if len(_title_words(text) & _title_words(title or "")) > 1:
        return None, site
    if site:
        return text, site
    logo = first is not None and _logo_heading(first, folded)
    return text, (written if logo and written else None)


def _own_link(a) -> bool:
    """A link that is the page's own, not another story's: its permalink
    around its date (``rel="bookmark"`` with under four words: WordPress
    marks a card's headline so too) or its author's page (``rel="author"``,
    an ``/author/`` or ``/profile/`` address, or a name for its text: "María
    de los Ángeles Ruiz")."""
    rel = (a.get("rel") or "").lower()
    href = (a.get("href") or "").lower()
    if "author" in rel:
        return True
    if "bookmark" in rel:
        # WordPress marks every post's permalink so, a card's title too: the
        # page's own is the one around its date, not a headline (its dates,
        # published and updated, in <time> elements, are no headline words).
        text = a.text_content()
        for stamp in a.iter("time"):
            text = text.replace(stamp.text_content(), " ")
        return len(text.split()) < 4
    if re.search(r"/(?:author|authors|profile|profiles|people|staff|contributors?|by)/", href):
        return True
    return _bare_name(" ".join(a.text_content().split())) is not None


def _story_container(root):
    """The element that holds a page's story: the lowest ancestor of its
    headline (:func:`_story_headline`) that is an ``<article>`` or
    ``<main>`` or holds a paragraph of 15 words or more; None for a page
    without a headline or such an ancestor."""
    h1 = _story_headline(root)
    if h1 is None:
        return None
    for above in h1.iterancestors():
        if above.tag in ("article", "main") or any(
            len(p.text_content().split()) >= 15 for p in above.iter("p")
        ):
            return above
    return None


# A table cell that holds paragraphs broken by blank lines ("<br><br>") or
# in <p> elements: an old site laid out in tables, whose cells are its
# columns, not data.
_LAYOUT_CELL = re.compile(
    r"(?is)<td\b[^>]*>(?:(?!</td>).)*?(?:(?:<br\s*/?>\s*){2,}|"
    # or three paragraphs in one cell (a story's, not a data table's), or a
    # heading and a paragraph under it (a story's headline and text).
    r"<p\b(?:(?!</td>).)*?<p\b(?:(?!</td>).)*?<p\b|<h[1-6]\b(?:(?!</td>).)*?<p\b)"
)


_A_TEXT = re.compile(r"(?is)<a\b[^>]*>(.*?)</a\s*>")


def _without_layout_tables(html: str) -> str:
    """``html`` with a layout of tables (:data:`_LAYOUT_CELL`) made blocks:
    each cell a block, its ``<br><br>`` breaks paragraphs. The extractor
    reads a table as one, its cells run together between bars ("| Home |
    World |", a story's paragraphs in one). Unchanged otherwise."""
    if not _LAYOUT_CELL.search(html):
        return html

    def navigation(m: re.Match[str]) -> str:
        # A cell of links only ("Home | World | Contact"): the site's menu.
        inner = m[1]
        text = " ".join(re.sub(r"<[^>]+>", " ", inner).split())
        links = " ".join(re.sub(r"<[^>]+>", " ", " ".join(_A_TEXT.findall(inner))).split())
        words = re.findall(r"\w+", text)
        linked = re.findall(r"\w+", links)
        return "" if words and len(words) <= 30 and len(linked) >= 0.8 * len(words) else m[0]

    html = re.sub(r"(?is)<td\b[^>]*>((?:(?!<t[dr]\b|</td>).)*)</td\s*>", navigation, html)
    html = re.sub(r"(?i)</?(?:table|tbody|thead|tfoot|tr)\b[^>]*>", "", html)
    # Lines between a cell's heading and its first <p> ("<font>14 February
    # 2004</font><br>By Ivana Horvat"), which the extractor drops as loose
    # text beside blocks: a paragraph of their own.
    html = re.sub(
        r"(?is)(</h[1-6]\s*>)((?:(?!<p\b|<div\b|</?td\b|<h[1-6]\b).)*?\S(?:(?!<p\b|<div\b|</?td\b|"
        r"<h[1-6]\b).)*?)(?=<p\b)",
        r"\1<p>\2</p>",
        html,
    )
    # Blocks, not <p>: a cell may hold a heading, which no <p> holds.
    html = re.sub(r"(?i)<td\b[^>]*>", "<div><div>", html)
    html = re.sub(r"(?i)</td\s*>", "</div></div>", html)
    return re.sub(r"(?i)(?:<br\s*/?>\s*){2,}", "</div><div>", html)


# A post embedded from a social network (its text, a link, who posted it and
# when): another's words shown in the page, never the story's text.
_EMBEDDED_POST = re.compile(
    r"(?is)<blockquote\b[^>]*\bclass\s*=\s*[\"'][^\"']*\b(?:twitter-tweet|twitter-video|"
    r"instagram-media|tiktok-embed|bluesky-embed|mastodon-embed|fb-xfbml-parse-ignore)\b"
    r"[^\"']*[\"'][^>]*>.*?</blockquote>"
)
# A pull quote, a line of the story set large beside it, in whatever element
# ("<blockquote class="pull-quote">", "<p class="pull-quote">", "<aside
# class="pullquote">", "<div class="article-pullquote">").
_PULL_QUOTE_CLASS = re.compile(r"(?i)(?:^|[\s_-])(?:pull[-_]?quote|quote[-_]pull)(?:$|[\s_-])")


def _without_pull_quote_elements(html: str) -> tuple[str, int]:
    """``html`` without the elements its classes mark as a pull quote
    (:data:`_PULL_QUOTE_CLASS`) and their text: the story's own words set
    large beside it, no unit of their own. Returns the page (``html``
    itself where it has none) and how many were taken out."""
    if not re.search(r"(?i)pull[-_]?quote|quote[-_]pull", html):
        return html, 0
    import lxml.etree
    import lxml.html

    root = parse_page(html)
    if root is None:
        return html, 0
    # The outermost marked element only: its marked children go with it.
    marked = [
        e
        for e in root.iter()
        if isinstance(e.tag, str)
        and _PULL_QUOTE_CLASS.search(e.get("class") or "")
        and e.getparent() is not None
        and not any(_PULL_QUOTE_CLASS.search(a.get("class") or "") for a in e.iterancestors())
    ]
    if not marked:
        return html, 0
    for element in marked:
        element.drop_tree()
    return lxml.html.tostring(root, encoding="unicode"), len(marked)


# A box of summaries set inside a story (the latest updates of a running
# story, a live blog's key events repeated above its entries): by its class
# or id, or by its first heading.
_SUMMARY_BOX_CLASS = re.compile(
    r"(?i)latest[-_ ]?(?:updates|headlines)|key[-_ ]?(?:events|moments|updates)"
)
_SUMMARY_BOX_HEADING = re.compile(
    r"(?i)^\s*(?:latest\s+(?:updates|headlines)|key\s+(?:events|moments|updates))\s*:?\s*$"
)
_SUMMARY_BOX_TAGS = frozenset({"section", "div", "aside", "ul", "ol", "nav"})


def _without_summary_boxes(html: str) -> tuple[str, int]:
    """``html`` without the boxes of other stories' or entries' summaries
    set inside a story ("Latest updates", "Key events"): a ``<section>``,
    ``<div>``, ``<aside>`` or list whose class or id names one
    (:data:`_SUMMARY_BOX_CLASS`) or whose first heading is such a title
    (:data:`_SUMMARY_BOX_HEADING`), holding no more than 80 words a block.
    Returns the page (``html`` itself where it has none) and how many text
    blocks were taken out."""
    if not _SUMMARY_BOX_CLASS.search(html):
        return html, 0
    import lxml.html

    root = parse_page(html)
    if root is None:
        return html, 0

    def box(e: Any) -> bool:
        if not isinstance(e.tag, str) or e.tag not in _SUMMARY_BOX_TAGS or e.getparent() is None:
            return False
        named = _SUMMARY_BOX_CLASS.search(f"{e.get('class') or ''} {e.get('id') or ''}")
        if not named:
            heading = next(iter(e.iter("h1", "h2", "h3", "h4", "h5", "h6", "strong")), None)
            first = next((x for x in e.iter() if isinstance(x.tag, str) and x is not e), None)
            named = (
                heading is not None
                and heading is first
                and _SUMMARY_BOX_HEADING.match(heading.text_content() or "")
            )
        if not named:
            return False
        # Summaries are short: a block of prose under such a heading is the story's.
        blocks = [x for x in e.iter("p", "li") if x.text_content().strip()]
        return bool(blocks) and all(len(x.text_content().split()) <= 80 for x in blocks)

    marked = [e for e in root.iter() if box(e) and not any(box(a) for a in e.iterancestors())]
    body = next(iter(root.iter("body")), root)
    total = len(body.text_content().split())
    # A box is beside the story: one holding a third of the page's words is
    # the story (a live blog whose container is named "latest updates").
    marked = [e for e in marked if 3 * len(e.text_content().split()) <= total]
    if not marked:
        return html, 0
    blocks = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6")
    n = 0
    for element in marked:
        # Each text block once: an <li> holding a <p> is one block.
        n += sum(
            1
            for x in element.iter(*blocks)
            if x.text_content().strip() and not any(True for _ in x.iterdescendants(*blocks))
        )
        element.drop_tree()
    return lxml.html.tostring(root, encoding="unicode"), n


def _without_other_stories_dates(html: str) -> str:
    """``html`` without the ``<time>`` elements, and the short elements that
    show only a date (:data:`_SHOWN_DATE`), that date other stories: in
    an ``<aside>``, ``<nav>`` or ``<footer>``, in a block whose class or id
    names a list of stories (:data:`_OTHER_STORIES`), inside a link that is
    not the page's own (:func:`_own_link`), outside
    the block that holds the story (:func:`_story_container`), or inside it
    in a teaser of its own (an ``<article>``, ``<li>`` or ``<figure>``, or a
    block with a link of four words or more). A
    page whose only date element is in its "Most read" box is undated, not
    dated by that box (htmldate reads every ``<time>``, and with
    ``original_date`` takes the oldest). Returns ``html`` itself where there
    is nothing to take out."""
    if "<time" not in html.lower() and not _SHOWN_DATE.search(html):
        return html
    import lxml.html

    root = parse_page(html)
    if root is None:
        return html

    def elsewhere(element) -> bool:
        for above in element.iterancestors():
            if not isinstance(above.tag, str):
                continue
            if above.tag == "footer" and own is not None and own in above.iterancestors():
                continue  # the story's own footer (WordPress's entry-footer), not the page's
            if above.tag in _OTHER_STORY_TAGS or (above.tag == "a" and not _own_link(above)):
                return True
            marks = f"{above.get('class') or ''} {above.get('id') or ''}"
            if _OTHER_STORIES.search(marks):
                return True
        return False

    container = _story_container(root)
    headline = _story_headline(root)
    # The <article> that holds the headline: its own <footer> dates it.
    own = (
        None
        if headline is None
        else next((a for a in headline.iterancestors() if a.tag == "article"), None)
    )

    def teaser(element) -> bool:
        # Outside the story's own block, or in a block of its own inside it
        # (a card, a list item, a headed link) between the time and the block.
        if container is None:
            return False
        above = list(element.iterancestors())
        if container not in above:
            return True
        for block in above[: above.index(container)]:
            if headline is not None and headline in block.iter("h1", "h2"):
                break  # the story's own block (its <article> holds the headline)
            if block.tag in ("article", "li", "figure"):
                return True
            if any(
                len(a.text_content().split()) >= 4 and not _own_link(a) for a in block.iter("a")
            ):
                return True
        return False

    # A <time>, or a short element that only shows a date ("<small>17.07.2023
    # </small>" under a teaser's link), which htmldate reads too.
    dated = [
        e
        for e in root.iter()
        if isinstance(e.tag, str)
        and (
            e.tag == "time"
            or (
                e.tag in ("small", "span", "div", "p", "li", "em", "b", "strong", "i")
                and len(e) == 0
                and _SHOWN_DATE.fullmatch((e.text or "").strip())
            )
        )
    ]
    dropped = [t for t in dated if elsewhere(t) or teaser(t) or _under_a_link(t)]
    if not dropped:
        return html
    for element in dropped:
        element.drop_tree()  # keeps the text after it
    return lxml.html.tostring(root.getroottree(), encoding="unicode")


def _under_a_link(element) -> bool:
    """Whether a date-only ``element`` stands right under a link of four
    words or more that is not the page's own, with only line breaks
    between: a list of other stories in an old layout's side column
    ("<a>Lukashenko wins referendum ...</a><br><small>17.10.2004</small>"),
    whatever block holds it."""
    if element.tag == "time" or (
        element.getparent() is not None and element.getparent().tag == "a"
    ):
        return False
    for before in element.itersiblings(preceding=True):
        if (before.tail or "").strip():
            return False
        if before.tag == "br":
            continue
        return (
            before.tag == "a" and len(before.text_content().split()) >= 4 and not _own_link(before)
        )
    return False


def _page_header(
    html: str,
    body: str | None,
    path: str | None,
    date_order: DateOrder,
    *,
    want_date: bool = True,
) -> tuple[str | None, str | None]:
    """``(author, date)`` from the lines a page shows above its body text
    that the extractor may leave out ("By Jane Doe · 3/4/2024 · 3 min read"
    in a meta block): the short elements, in page order before the element
    holding ``body`` (the first body paragraph); the author of the first
    byline (:func:`_byline_author`), the date of the first byline or date
    line read in ``date_order`` (where ``want_date``;
    :func:`_shown_date`). None for either where there is none."""
    root = _page_root(html)
    if root is None:
        return None, None
    stop = " ".join(body.split())[:80] if body else None
    elements = [(el, " ".join(el.text_content().split())) for el in root.iter()]
    # The body paragraph's own element: the last (deepest) one holding it,
    # as an element's ancestors come before it in page order.
    holders = [el for el, text in elements if stop and stop in text]
    body_el = holders[-1] if holders else None
    author = date = None
    for el, text in elements:
        if el is body_el:
            break  # the body begins: a "By ..." below it is no byline
        if el.tag not in _BYLINE_TAGS or not text or len(text) > 120:
            continue
        if el.find(".//br") is not None:
            # "By Hanna Sokal<br>Published: 9 October 2023": two lines, not
            # "By Hanna SokalPublished: ...".
            text = _text_with_breaks(el)
        byline = text.startswith("By ") and _byline_author(text)
        if not byline and not text.startswith("By "):
            # "25 января 2024 · Автор: Иван Петров": a byline in any language
            # the text reader knows, after a date in the same block.
            split = _date_then_byline(text, path, date_order)
            byline = (
                next(
                    (f for part in _BYLINE_BAR.split(text)[1:] if (f := _byline_author(part))),
                    None,
                )
                or (_byline_author(split[1]) if len(split) == 2 else None)
                or (_byline_author(text) if len(text.split()) <= 6 else None)
            )
        if author is None and byline:
            author = byline
        if want_date and date is None and (byline or not text.startswith("By ")):
            published = [
                p for p in re.split(r"\s+[|·•]\s+", text) if re.match(rf"(?i){_PUBLISHED}\b", p)
            ]
            if published and re.search(r"(?i)\b(?:updated|modified)\b", text):
                # "By Jane Doe | Updated: 10 October | Published: 9 October":
                # the publication date, wherever it stands.
                date = _shown_date(published[0], path, date_order, byline=False)
            date = date or _shown_date(text, path, date_order, byline=bool(byline))
    return author, date


def _text_with_breaks(element) -> str:
    """An element's text, each ``<br>`` in it a bar between its lines
    ("By Hanna Sokal | Published: 9 October 2023"), spacing folded."""
    return " ".join(_element_text(element, br=" | ").split()).strip(" |")


def _element_text(element, *, br: str = "", skip: tuple[str, ...] = (), sep: str = "") -> str:
    """``element``'s text and its descendants' in order, joined by ``sep``,
    each ``<br>`` as ``br`` and the elements named in ``skip`` (their text,
    not their tail) left out."""
    out: list[str] = []

    def walk(e) -> None:
        if e.tag in skip:
            return
        if e.tag == "br":
            out.append(br)
        elif e.text:
            out.append(e.text)
        for child in e:
            walk(child)
            if child.tail:
                out.append(child.tail)

    walk(element)
    return sep.join(out)


def _shown_date(text: str, path: str | None, date_order: DateOrder, *, byline: bool) -> str | None:
    """The date of a page's byline or date line, numeric dates read in
    ``date_order``; one that reads only in the other order (``14/02/2024``
    month first) is that date: a page shows one date, so it says nothing of
    other dates to misread, unlike a file's date lines. None for a line that
    is no date, or only looks like one ("Spring 2024")."""
    read = _byline_date if byline else _date_line
    try:
        found = read(text, path, date_order)  # the other order where only it reads
    except ClassifyError:
        found = None
    return found[1] if found else None


# Where a page declares its date in markup (htmldate reads these first);
# without them a date htmldate finds comes from the page's text, where a
# numeric date's order is the reader's setting, not htmldate's guess.
_DATE_MARKUP = re.compile(
    r"(?i)<meta\b[^>]*(?:date|time|published|modified)[^>]*>|<time\b[^>]*\bdatetime=|"
    r"[\"']date(?:Published|Created|Modified)[\"']"
)


# Markup that dates the page's publication (or creation), against markup
# that only says when it was last changed: a page that declares only the
# latter is not dated by it (htmldate falls back to it), so that a story of
# 2023 edited in 2025 is not later news in a split by date.
_PUBLISHED_MARKUP = re.compile(
    r"(?i)published_time|[\"']date(?:Published|Created)[\"']|\bpubdate\b|publish[-_]?date|"
    r"<time\b[^>]*\bclass=[\"'][^\"']*\bpublished\b|"
    r"<time\b[^>]*\bdatetime=|<meta\b[^>]*\b(?:name|property|itemprop)=[\"'](?:date|dc\.date|"
    r"dc\.date\.issued|dcterms\.(?:date|created|issued)|sailthru\.date|parsely-pub-date|"
    r"article\.created|og:published_time|release_date|citation_date)[\"']"
)
_MODIFIED_MARKUP = re.compile(
    r"(?i)modified_time|updated_time|[\"']dateModified[\"']|http-equiv=[\"']last-modified[\"']|"
    r"<time\b[^>]*\bclass=[\"'][^\"']*\bupdated\b|"
    r"[\"'](?:last[-_]?modified|revised)[\"']"
)


# A publication date the markup states outright: a meta tag or element
# marked as published (attributes in either order), or JSON-LD's datePublished.
_PUBLISHED_VALUE = (
    re.compile(
        r"(?is)<(?:meta|time)\b(?=[^>]*\b(?:property|name|itemprop)=[\"'](?:article:published_time|"
        r"og:published_time|datePublished|pubdate|publish[-_]?date)[\"'])"
        r"[^>]*\b(?:content|datetime)=[\"']([^\"']{4,40})[\"']"
    ),
    re.compile(r"(?s)[\"']datePublished[\"']\s*:\s*[\"']([^\"']{4,40})[\"']"),
    # WordPress: <time class="entry-date published" datetime="..."> beside
    # <time class="updated">, in either order.
    re.compile(
        r"(?is)<time\b(?=[^>]*\bclass=[\"'][^\"']*\bpublished\b)[^>]*\bdatetime=[\"']"
        r"([^\"']{4,40})[\"']"
    ),
    # The same without a datetime attribute: its text ("November 3, 2023").
    re.compile(
        r"(?is)<time\b(?=[^>]*\bclass=[\"'][^\"']*\bpublished\b)(?![^>]*\bdatetime=)[^>]*>"
        r"\s*([^<]{4,40}?)\s*</time>"
    ),
)


def _published_in_markup(html: str, date_order: DateOrder) -> str | None:
    """The publication date the page's markup states outright, as ISO text,
    or None: preferred to a date an extractor picks, which may be the
    page's last change where both are marked."""
    for pattern in _PUBLISHED_VALUE:
        for m in pattern.finditer(html):
            try:
                return parse_date(m[1], date_order=date_order)
            except ClassifyError:
                continue
    return None


# A numeric date in a page's date markup ("<time>05/03/2024</time>", a meta
# tag's content="05/03/2024"), which the extractor reads in an order of its own.
_NUMERIC_MARKUP_DATE = re.compile(
    r"(?is)<time\b[^>]*>\s*(\d{1,2}[./-]\d{1,2}[./-]\d{2,4})\b|"
    r"<(?:meta|time)\b[^>]*\b(?:content|datetime)=[\"'](\d{1,2}[./-]\d{1,2}[./-]\d{2,4})\b"
)


# An ISO date in a page's date markup (an attribute's value, JSON-LD's).
_ISO_MARKUP_DATE = re.compile(
    r"(?i)(?:content|datetime)=[\"'](\d{4}-\d{2}-\d{2})|[\"']date(?:Published|Created)[\"']\s*:\s*"
    r"[\"'](\d{4}-\d{2}-\d{2})"
)


def _in_date_order(html: str, date: str, date_order: DateOrder) -> str:
    """``date`` (ISO, as the extractor read it) re-read in ``date_order``
    where it came from a numeric date in the page's markup that reads both
    ways (``05/03/2024``), so a page and a text file of one command read
    one written date alike; else ``date`` as it is."""
    stated = {m[1] or m[2] for m in _ISO_MARKUP_DATE.finditer(html)}
    if date in stated:
        # The markup states it unambiguously too (datetime="2024-03-05T10:00Z"
        # beside the shown 03/05/2024): that is the date.
        return date
    for m in _NUMERIC_MARKUP_DATE.finditer(html):
        raw = m[1] or m[2]
        readings = _readings(raw)
        if date in readings:
            if known := readings & stated:
                return known.pop()  # the page's own ISO says which order it writes
            return parse_date(raw, date_order=date_order) if len(readings) == 2 else date
    return date
    return date


def _dated_by_modification_only(html: str) -> bool:
    """Whether the page's date markup only says when it was last changed."""
    return bool(_MODIFIED_MARKUP.search(html)) and not _PUBLISHED_MARKUP.search(html)


_BYLINE_TAGS = frozenset({"div", "p", "span", "address", "header", "li", "section", "a"})


def parse_html(
    html: str, *, id: str, path: str | None = None, date_order: DateOrder = "day-first"
) -> Article:
    """A saved web page as an :class:`Article` (:func:`_parse_html`); a
    numeric date the page shows in its text is read in ``date_order``, and
    one that reads only in the other order is that date."""
    token = _PAGE_DATES.set(True)
    try:
        return _parse_html(html, id=id, path=path, date_order=date_order)
    finally:
        _PAGE_DATES.reset(token)


# A table row as trafilatura writes it ("| 2021 | 88 |"), and its rule row.
_TABLE_ROW = re.compile(r"^\|.*\|$")
_TABLE_RULE = re.compile(r"^\|(?:\s*:?-+:?\s*\|)+$")


# A paragraph that is one quotation alone, without its speaker: "“Engagement,
# not isolation, has freed prisoners before.”"
_BARE_QUOTATION = re.compile(r"^[“\"«„‘']\s*([^“”\"«»„‘’]{10,400}?)\s*[”\"»“’'][.!?]?$")


def _without_repeated_quotations(paragraphs: list[str]) -> list[str]:
    """``paragraphs`` of a text file without its pull quotes: a paragraph
    that is one quotation alone (no speaker, 4 to 40 words) whose words a
    longer paragraph of the story holds in full ("“Engagement, not
    isolation, has freed prisoners.”" above "“Engagement, not isolation,
    has freed prisoners,” the envoy said."). A quotation said once, or a
    paragraph with its speaker, stays."""
    return _without_repeated(paragraphs, lambda p, w: _BARE_QUOTATION.match(p.strip()) is not None)


def _without_repeated(paragraphs: list[str], candidate: Callable[[str, str], bool]) -> list[str]:
    """``paragraphs`` without each that ``candidate`` (given the paragraph
    and its folded words) marks and that repeats in full, 4 to 40 words, in
    a longer paragraph of the story: a pull quote."""
    folded = [_folded_words(p) for p in paragraphs]
    out = []
    for i, (p, w) in enumerate(zip(paragraphs, folded)):
        repeated = (
            4 <= len(w.split()) <= 40
            and candidate(p, w)
            and any(
                j != i and len(other) > len(w) and f" {w} " in f" {other} "
                for j, other in enumerate(folded)
            )
        )
        if not repeated:
            out.append(p)
    return out


def _without_pull_quotes(paragraphs: list[str], html: str) -> list[str]:
    """``paragraphs`` without a pull quote: a short paragraph (4 to 40
    words) of a ``<blockquote>`` of the page that repeats words of another
    paragraph in full (a quotation set large beside the story, "Moldova
    will not tolerate interference"). A short paragraph of the story that a
    longer one restates stays: only a blockquote's is a pull quote."""
    words = _folded_words
    if "<blockquote" not in html.lower():
        return paragraphs

    root = parse_page(html)
    if root is None:
        return paragraphs
    quoted = {words(q.text_content()) for q in root.iter("blockquote")}
    return _without_repeated(paragraphs, lambda p, w: w in quoted)


def _tables_joined(paragraphs: list[str]) -> list[str]:
    """``paragraphs`` with each data table's rows (consecutive ``| a | b |``
    lines) joined into one paragraph, its rule row left out: a table is one
    unit, as the same table in a ``.txt`` (one block of lines) is, not one
    unit per row."""
    out: list[str] = []
    in_table = False
    caption = False  # the table's first row is its <caption>, padded to a row
    for p in paragraphs:
        row = bool(_TABLE_ROW.match(p))
        if row and _TABLE_RULE.match(p):
            continue
        if row and in_table:
            head = out[-1].strip("| ")
            # "Trade by year: | Year | ...", a caption's own stop kept ("EUR.").
            head += " " if head[-1:] in ".:;!?" else ": "
            out[-1] = f"{head}{p}" if caption else f"{out[-1]} {p}"
            caption = False
        else:
            out.append(p)
            cells = [c.strip() for c in p.strip("|").split("|")] if row else []
            caption = len(cells) > 1 and bool(cells[0]) and not any(cells[1:])
        in_table = row
    return out


# -- live blogs ---------------------------------------------------------------

# A page that says it is a live blog: schema.org's type, a block whose class
# or id names live updates, or a headline that ends "- live" or says "live
# updates" / "as it happened".
_LIVE_TYPE = re.compile(r"""["']@type["']\s*:\s*\[?[^\]}]*["']LiveBlogPosting["']""")
_LIVE_ATTR = re.compile(
    r"""(?i)\b(?:class|id|data-[\w-]+)\s*=\s*["'][^"']*(?:live[-_]?(?:blog|updates?|posts?|text|"""
    r"""events?|coverage|feed|stream|entr(?:y|ies)|blocks?)|liveblog)"""
)
_LIVE_TITLE = re.compile(
    r"(?i)<title\b[^>]*>(?:\s*live\s*[-\u2013\u2014|:]|[^<]*(?:[-\u2013\u2014|:]\s*live\b|"
    r"\blive\s+(?:updates?|blog|coverage)\b|\bas it happened\b))"
)
# A ``datetime`` (or JSON-LD date) that names a day: "2025-09-12T17:40:00Z".
_ENTRY_DAY = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})(?:[T ]\d{1,2}:\d{2}|\s*$)")
_ENTRY_HEADINGS = ("h2", "h3", "h4", "h5", "h6")


@dataclass(frozen=True)
class _LiveEntry:
    """One entry of a live blog: its day, its headings, its text as folded
    words with a space at each end, its times' own text left out (for
    :func:`_date_live_entries`), and the word 3-grams of all its text."""

    date: str
    headings: tuple[str, ...]
    words: str
    shingles: frozenset[tuple[str, ...]] = frozenset()


def _shingles(words: Sequence[str]) -> frozenset[tuple[str, ...]]:
    return frozenset(zip(words, words[1:], words[2:]))


def _live_entry(day: str, headings: tuple[str, ...], text: str, full: str) -> _LiveEntry:
    """An entry of ``text`` (its words matched whole) and ``full`` (its
    words' 3-grams, for paragraphs an extractor joined with a time)."""
    return _LiveEntry(
        day, headings, f" {_folded_words(text)} ", _shingles(_folded_words(full).split())
    )


def _folded_words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _entry_day(value: Any) -> str | None:
    """The day a ``datetime`` attribute or JSON-LD date names, as ISO text,
    or None where it names none (a time alone, ``14:32``)."""
    m = _ENTRY_DAY.match(str(value)) if isinstance(value, str) else None
    if m is None:
        return None
    try:
        return parse_date(m.group(1))
    except ClassifyError:
        return None


def _is_live_blog(html: str) -> bool:
    return bool(_LIVE_TYPE.search(html) or _LIVE_ATTR.search(html) or _LIVE_TITLE.search(html))


def _entry(element, day: str) -> _LiveEntry:
    headings = tuple(
        " ".join(h.text_content().split())
        for h in element.iter(*_ENTRY_HEADINGS)
        if h.text_content().strip()
    )
    return _live_entry(day, headings, _text_beside_times(element), " ".join(element.itertext()))


def _text_beside_times(element) -> str:
    """``element``'s text, each piece apart ("<h3>...decision</h3><time>"
    is two words), without the text of its ``<time>`` elements ("09:40"),
    which an extractor may leave out of the paragraph it joins around it."""
    return _element_text(element, br=" ", skip=("time",), sep=" ")


def _in_page_furniture(element) -> bool:
    """Whether ``element`` sits in the page's ``<aside>`` or ``<nav>``, or in
    a ``<footer>`` that is the page's, not an entry's (a footer inside an
    ``<article>`` or ``<li>`` closes that entry, with its time)."""
    above = [a for a in element.iterancestors() if isinstance(a.tag, str)]
    for i, a in enumerate(above):
        if a.tag in ("aside", "nav"):
            return True
        if a.tag == "footer" and not any(b.tag in ("article", "li") for b in above[i + 1 :]):
            return True
    return False


def _html_live_entries(root) -> list[_LiveEntry]:
    """The entries of a live blog's markup: each dated ``<time>`` with the
    smallest block around it that holds text of its own (a paragraph of
    three words or more) and no time of another day. A time whose every
    block holds times of other days (the page's own, above all entries)
    dates no entry, and a block that holds another entry's is none."""
    times = [
        (t, day) for t in root.iter("time") if (day := _entry_day(t.get("datetime")))
        and not _in_page_furniture(t)
    ]  # fmt: skip
    if len(times) < 2:
        return []
    blocks: dict[Any, str] = {}
    for t, day in times:
        for above in t.iterancestors():
            if above.tag in ("body", "html"):
                break
            days = {d for u in above.iter("time") if (d := _entry_day(u.get("datetime")))}
            if days != {day}:
                break
            if any(
                len(p.text_content().split()) >= 3 and t not in p.iterdescendants()
                for p in above.iter("p")
            ):
                blocks[above] = day
                break
    # The smallest blocks: one that holds another is the page, not an entry.
    own = [b for b in blocks if not any(o is not b and b in o.iterancestors() for o in blocks)]
    if len(own) < 2:
        return []
    return [_entry(b, blocks[b]) for b in own]


def _flat_live_entries(root) -> list[_LiveEntry]:
    """The entries of a live blog whose times stand between its paragraphs
    (no block around each entry): what follows a dated ``<time>`` in the
    page, up to the next, is that time's entry."""
    entries: list[tuple[str, list[str], list[str]]] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "time" and (day := _entry_day(element.get("datetime"))):
            entries.append((day, [], []))
        elif entries and element.tag in ("p", "li", "blockquote", *_ENTRY_HEADINGS):
            text = " ".join(element.text_content().split())
            entries[-1][1].append(text)
            if element.tag in _ENTRY_HEADINGS and text:
                entries[-1][2].append(text)
    kept = [e for e in entries if any(len(t.split()) >= 3 for t in e[1])]
    if len(kept) < 2:
        return []
    return [
        _live_entry(day, tuple(heads), " ".join(texts), " ".join(texts))
        for day, texts, heads in kept
    ]


def _json_live_entries(html: str, root) -> list[_LiveEntry]:
    """The entries a page's JSON-LD lists as ``liveBlogUpdate`` (schema.org's
    LiveBlogPosting): each update's ``datePublished``, ``headline`` and
    ``articleBody``, and, where the page shows the headline (``root``),
    the block of the page that holds it (:func:`_block_of_heading`), whose
    paragraphs the update's short ``articleBody`` may not repeat."""
    updates: list[Any] = []

    def find(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "liveBlogUpdate":
                    updates.extend(value if isinstance(value, list) else [value])
                else:
                    find(value)
        elif isinstance(node, list):
            for item in node:
                find(item)

    for block in re.findall(r"(?is)<script\b[^>]*application/ld\+json[^>]*>(.*?)</script>", html):
        with contextlib.suppress(ValueError):
            find(json.loads(block))
    found = []
    for u in updates:
        if not isinstance(u, dict):
            continue
        day = _entry_day(u.get("datePublished") or u.get("dateCreated"))
        head = u.get("headline") if isinstance(u.get("headline"), str) else None
        body = u.get("articleBody") if isinstance(u.get("articleBody"), str) else ""
        if day and (body or head):
            found.append((day, " ".join(head.split()) if head and head.strip() else None, body))
    if len(found) < 2:
        return []
    heads = {_folded_words(h) for _, h, _ in found if h}
    shown = _heading_elements(root, heads) if root is not None else {}
    out = []
    for day, head, body in found:
        element = shown.get(_folded_words(head)) if head else None
        block = _block_of_heading(element, shown.values()) if element is not None else None
        text = " ".join([head or "", body, _text_beside_times(block) if block is not None else ""])
        out.append(_live_entry(day, (head,) if head else (), text, text))
    return out


def _heading_elements(root, heads: set[str]) -> dict[str, Any]:
    """For each of ``heads`` (folded words) the page shows, the first
    element that shows it: an ``<h2>``-``<h6>``, else a small element (three
    children at most, so the search stays linear) whose text it is."""
    found: dict[str, Any] = {}
    for e in root.iter(*_ENTRY_HEADINGS):
        found.setdefault(_folded_words(e.text_content()), e)
    found = {w: e for w, e in found.items() if w in heads}
    if len(found) < len(heads):
        for e in root.iter():
            if not isinstance(e.tag, str) or len(e) > 3:
                continue
            if e.tag in ("title", "script", "style", "html", "body", "head"):
                continue
            w = _folded_words(e.text_content())
            if w in heads:
                found.setdefault(w, e)
    return found


def _block_of_heading(shown, all_shown: Iterable[Any]):
    """The smallest block of the page around the heading element ``shown``
    that holds a paragraph of three words or more besides it and none of
    the other updates' headings (``all_shown``); where headings and
    paragraphs stand side by side in one block, the paragraphs after it up
    to the next update's heading (:func:`_run_after`); None where there is
    no such block."""
    others = [e for e in all_shown if e is not shown]
    for above in shown.iterancestors():
        if above.tag in ("body", "html"):
            return None
        if any(above in e.iterancestors() for e in others):
            return _run_after(shown, others)
        if any(
            len(p.text_content().split()) >= 3 and shown not in p.iterancestors() and p is not shown
            for p in above.iter("p")
        ):
            return above
    return None


def _run_after(heading, stops: Sequence[Any]):
    """The paragraphs that follow ``heading`` in the page, up to one of the
    elements ``stops`` (the next entry's heading), gathered in a new
    ``<div>``; None where none follows."""
    import copy

    import lxml.html

    run = lxml.html.Element("div")
    started = False
    ends = set(map(id, stops))
    for e in heading.getroottree().getroot().iter():
        if e is heading:
            started = True
            continue
        if not started or not isinstance(e.tag, str) or heading in e.iterancestors():
            continue
        if id(e) in ends:
            break
        if e.tag in ("p", "blockquote", "li"):
            kept = copy.copy(e)
            kept.tail = None
            run.append(kept)
    return run if len(run) else None


def _live_entries(html: str) -> list[_LiveEntry]:
    """A live blog's entries, each with its own day: from the page's markup
    (a ``<time datetime>`` per entry, :func:`_html_live_entries`, else
    between paragraphs, :func:`_flat_live_entries`), else from its JSON-LD
    ``liveBlogUpdate`` list. Empty where the page is no live blog
    (:func:`_is_live_blog`) or shows fewer than two entries."""
    if not _is_live_blog(html):
        return []
    root = parse_page(html)
    entries = []
    if root is not None:
        entries = _html_live_entries(root) or _flat_live_entries(root)
    return entries or _json_live_entries(html, root)


def _live_items_as_blocks(html: str) -> str:
    """``html`` with a live blog's entries that are list items (``<li>``
    holding a dated ``<time>`` and a paragraph) made ``<div>`` blocks, and
    their lists too: an extractor reads a list item as one line ("- Heading
    Text ..."), the entry's heading and paragraphs run together. Returns
    ``html`` itself where no entry is a list item."""
    if "<li" not in html.lower():
        return html
    import lxml.html

    root = parse_page(html)
    if root is None:
        return html
    items = {
        li
        for t in root.iter("time")
        if _entry_day(t.get("datetime")) and not _in_page_furniture(t)
        for li in t.iterancestors("li")
        if any(len(p.text_content().split()) >= 3 for p in li.iter("p"))
    }
    if len(items) < 2:
        return html

    def words(elements) -> int:
        return sum(len(p.text_content().split()) for e in elements for p in e.iter("p"))

    # The entries are the page's text, not a "Latest updates" box beside a
    # story (an extractor leaves that out as a list; kept so): inside the
    # block that holds the headline, else most of the page's text.
    story = _story_container(root)
    if story is not None and story.tag != "html":
        if not all(story in li.iterancestors() for li in items):
            return html
    elif words(items) * 2 < words([root]):
        return html
    for li in items:
        li.tag = "div"
        parent = li.getparent()
        if parent is not None and parent.tag in ("ul", "ol"):
            parent.tag = "div"
    return lxml.html.tostring(root, encoding="unicode")


def _date_live_entries(article: Article, entries: Sequence[_LiveEntry]) -> None:
    """Each paragraph of a live blog dated by the entry it belongs to
    (``paragraph_dates``, where one entry's day differs from the page's),
    and the entries' headings marked as no unit (``_headings``, their
    0-based indexes): a heading is to its entry what the headline is to
    the page, and its entry's paragraphs say it again. A paragraph belongs
    to the entry whose text holds it; where several do (a short line), to
    the one whose heading it is, else the one its neighbours belong to. A
    paragraph no entry holds, or whose entry stays in doubt, keeps the
    page's date; a heading that is all its entry says stays a unit. In
    place."""
    n = len(article.paragraphs)
    words = [_folded_words(p) for p in article.paragraphs]
    held = [{k for k, e in enumerate(entries) if w and f" {w} " in e.words} for w in words]
    for i, w in enumerate(words):
        grams = _shingles(w.split())
        if held[i] or len(grams) < 3:
            continue
        # Not whole in any entry: an extractor joined an entry's pieces
        # (heading, paragraphs, its time's "09:40") into one paragraph. The
        # entry that holds most of its word 3-grams, if that is most of them.
        share = [len(grams & e.shingles) / len(grams) for e in entries]
        best = max(share)
        if best >= 0.6 and share.count(best) == 1:
            held[i] = {share.index(best)}
    heads = set()
    for i, w in enumerate(words):
        own = {k for k in held[i] if any(w == _folded_words(h) for h in entries[k].headings)}
        if own:
            heads.add(i)
            held[i] = own
    entry_of: list[int | None] = [next(iter(h)) if len(h) == 1 else None for h in held]
    for i in range(n):
        if entry_of[i] is None and len(held[i]) > 1:
            near = [entry_of[j] for j in (i - 1, i + 1) if 0 <= j < n]
            entry_of[i] = next((k for k in near if k is not None and k in held[i]), None)
    matched = {k for k in entry_of if k is not None}
    if not matched:
        return
    article.meta["live_entries"] = len(matched)
    dates = [entries[k].date if k is not None else None for k in entry_of]
    if any(d is not None and d != article.date for d in dates):
        article.paragraph_dates = dates
    text_of = {entry_of[i] for i in range(n) if i not in heads}
    heads = {i for i in heads if entry_of[i] is not None and entry_of[i] in text_of}
    if heads:
        article._headings = frozenset(heads)  # type: ignore[attr-defined]


# A line break inside a page's text (the source wrapped at 80 columns, as
# old sites' hand-written pages are): a space to a browser.
_WRAPPED_TEXT = re.compile(r"(?<=[^\s>])[ \t]*\r?\n[ \t]*(?=[^\s<])")


def _unwrapped_text(html: str) -> str:
    """``html`` with each line break inside its text a space, as a browser
    shows it: an extractor keeps the break in text between ``<br>`` tags,
    which would cut a sentence into two paragraphs; and text standing loose
    right after a heading on a line of its own, as a browser shows it
    ("<h2>Headline</h2>15.03.2005 | Site<br>": an extractor runs the two
    together, or drops the line), made a paragraph. A page with ``<pre>`` text, whose breaks are its own, keeps
    its line breaks."""
    html = _LOOSE_AFTER_HEADING.sub(r"\1<p>\2</p>", html)
    if "<pre" in html.lower():
        return html
    return _WRAPPED_TEXT.sub(" ", html)


# Loose text right after a heading, up to the next tag: a line of its own
# (a date line), which an extractor drops or runs into the heading.
_LOOSE_AFTER_HEADING = re.compile(r"(?i)(</h[1-6]\s*>)\s*([^<\s][^<]{0,200}?)\s*(?=<)")


def _parse_html(
    html: str, *, id: str, path: str | None = None, date_order: DateOrder = "day-first"
) -> Article:
    """A saved web page as an :class:`Article`, read with ``trafilatura``
    (Barbaresi, 2021, ACL demos): title, date, author and site from the
    page's metadata, body paragraphs from its main text. A dateline, credit
    line and boilerplate are handled as in :func:`parse_article`.
    """
    from datetime import datetime

    import trafilatura

    html = _unwrapped_text(html)
    # Read from the page as saved: the entries' own <time>s may sit in
    # blocks that the reading below takes for other stories' teasers.
    live = _live_entries(html)
    if live:
        html = _live_items_as_blocks(html)
    html = _EMBEDDED_POST.sub("", _without_other_stories_dates(_without_layout_tables(html)))
    html, n_pull_quotes = _without_pull_quote_elements(html)
    html, n_boxed = _without_summary_boxes(html)
    n_pull_quotes += n_boxed
    # Dates only from the page's metadata and date elements: htmldate's
    # extensive search guesses a date from any year in the text ("in 2015"
    # would become 2015-01-01), which is a made-up date. A date after today
    # is kept, as a text file's is, so that analyse counts it in its note
    # (htmldate's default drops it, and the page was silently undated).
    date_params = {
        "extensive_search": False,
        "original_date": True,
        "max_date": f"{datetime.now().year + 100}-12-31",
    }
    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, date_extraction_params=date_params
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if text and "\n" not in text.strip():
        # A short page falls back to trafilatura's baseline, which glues the
        # whole page into one run (title, date, text, share buttons); its
        # precise mode keeps the page's paragraphs apart.
        precise = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            favor_precision=True,
            date_extraction_params=date_params,
        )
        if precise is not None and "\n" in (getattr(precise, "text", None) or "").strip():
            doc, text = precise, precise.text
    if not text or not text.strip():
        raise ClassifyError("no article text found in the page", source=path)
    paragraphs = [" ".join(p.replace("\u00ad", "").split()) for p in text.split("\n") if p.strip()]
    # Marks alone ("·" between a byline and its date): nothing of the text.
    paragraphs = [p for p in _tables_joined(paragraphs) if _HAS_WORD.search(p)]
    # "<span>Jane Holloway</span><span>South Caucasus correspondent</span>":
    # the extractor joins the byline block's parts into one author.
    author, role, byline_line = _byline_block(html, doc.author, paragraphs[:3])
    if byline_line is not None:
        paragraphs = [p for p in paragraphs if p != byline_line]
    headline, logo = _headline_for(html, doc.title)
    title = headline or _page_headline(html, doc.title) or doc.title or None
    sitename = doc.sitename
    declared = sitename is not None and _folded(sitename) in _declared_site_names(html)
    if title and sitename and _folded(title) == _folded(sitename) and declared:
        # The extractor took the site's name, as the page declares it, for
        # the title (a headline in a <div>): the <title> holds the headline.
        title = _headline_beside_site(html, title) or title
    elif (
        title
        and sitename
        and not declared
        and len(sitename.split()) >= 4
        and len(sitename.split()) > len(title.split())
        and _folded(sitename) in _page_title_parts(html)
    ):
        # A site name guessed from a <title> split at the wrong separator
        # ("Minsk Archive - News - U.S. Congress passes ..."): the headline.
        title, sitename = sitename, None
    elif (
        title
        and (other := _other_title_part(html, title))
        # The longer part is the headline; the site's name is the shorter.
        and len(other.split()) > len(title.split())
        and _folded(other) in {_folded(p) for p in paragraphs[:3]}
    ):
        # "<title>Headline | The Minsk Herald</title>", the logo's "The Minsk
        # Herald" taken for the title, the headline shown in a <div> above
        # the text: the site and the headline.
        title, sitename = other, sitename or title
    paragraphs = [_OPENS_NEW_TAB.sub("", p) for p in paragraphs]
    kept = _without_pull_quotes(paragraphs, html)
    n_pull_quotes += len(paragraphs) - len(kept)
    paragraphs = kept
    # The headline is not body text; trafilatura may put it after the first
    # paragraph where each paragraph sits in a <div> of its own, and break
    # an <h1> with a <br> into two.
    paragraphs = _without_headline(paragraphs, [title, *_h1_texts(html)])
    # A kicker printed above the headline ("Eastern flank"): header, no unit.
    kickers = _above_headline(html)
    above = []
    while paragraphs and paragraphs[0] in kickers and len(paragraphs) > 1:
        above.append(paragraphs.pop(0))
    article = Article(
        id=id,
        paragraphs=[],
        title=title,
        author=_page_author(author, sitename),
        site=sitename or logo,
        path=path,
    )
    if role:
        article.meta["author_role"] = role
    if above:
        article.meta["header_lines"] = above
    if doc.date and not _dated_by_modification_only(html):
        try:
            article.date = parse_date(doc.date, date_order=date_order)
        except ClassifyError:
            article.date = None
        if _MODIFIED_MARKUP.search(html):
            # Both marked: the one marked as published, not the extractor's pick.
            article.date = _published_in_markup(html, date_order) or article.date
        if article.date is not None:
            article.date = _in_date_order(html, article.date, date_order)
    elif doc.date is None and not _dated_by_modification_only(html):
        # A date the markup states as published in a form the extractor
        # does not read: JSON-LD "datePublished": "March 4, 2024" or "2024-03".
        article.date = _published_in_markup(html, date_order)
    before = len(paragraphs)
    shown = ", ".join(f"'{_shorten(p)}'" for p in paragraphs[:2])
    paragraphs, _ = _drop_web_chrome(paragraphs, links_follow=_link_texts(html))
    if title and paragraphs and paragraphs[0] == " ".join(title.split()):
        # The headline under a label the furniture took ("PRESS RELEASE"):
        # no body paragraph dropped, as above.
        paragraphs, before = paragraphs[1:], before - 1
    if not paragraphs:
        raise ClassifyError(
            "no article text found in the page, only web page furniture"
            + (f" such as {shown}" if shown else "")
            + " (a cookie notice, a paywall, share buttons or links)",
            source=path,
        )
    kept = [p for p in paragraphs if not _BOILERPLATE.match(p)]
    joined = _join_credits(kept)
    # A credit line broken over lines is one dropped paragraph, not several.
    before -= len(kept) - len(joined)
    paragraphs = _take_credits(article, joined)
    paragraphs = _page_standfirst(article, paragraphs, html, path, date_order)
    before -= "standfirst" in article.meta  # kept in meta, as a text file's is: not dropped
    paragraphs = _html_header(article, paragraphs, path, date_order)
    paragraphs = _header_zone(article, paragraphs, path, date_order)
    if (
        article.author is None
        and len(paragraphs) > 1
        and strip_role(paragraphs[0]) != paragraphs[0].strip()
        and _is_name_line(paragraphs[0])
    ):
        # Names and their role as the first paragraph ("Jane Doe and Jo Kim,
        # Staff Reporters" under the date): the byline, as in a .txt copy.
        article.author = _bare_name(paragraphs[0])
        paragraphs = paragraphs[1:]
    elif (
        article.author is None
        and len(paragraphs) > 2
        and _is_name_line(paragraphs[0])
        and _is_role_line(paragraphs[1])
        and _JOB_WORD.search(paragraphs[1])
    ):
        # A byline block of two elements, the name and under it the role
        # (BBC pages: "Jane Doe" / "Caucasus correspondent").
        article.author = _bare_name(paragraphs[0])
        paragraphs = paragraphs[2:]
    # A date only in the page's text (no date markup) is read as a date
    # line is, in the date order given.
    in_text = article.date is None or not _DATE_MARKUP.search(html)
    if in_text or article.author is None:
        # The page is parsed again only for what the extractor left out.
        author, shown = _page_header(
            html, paragraphs[0] if paragraphs else None, path, date_order, want_date=in_text
        )
        article.author = article.author or author
        if shown is not None:
            article.date = shown
    article.meta["layout"] = "html"
    # A pull quote repeats the story's words, yet it was on the page: counted.
    article.meta["dropped_paragraphs"] = max(0, before - len(paragraphs)) + n_pull_quotes
    if paragraphs and _navigation_only(paragraphs):
        shown = ", ".join(f"'{p}'" for p in paragraphs[:3])
        raise ClassifyError(
            f"no article text found in the page, only short lines such as {shown} "
            "(navigation or a list of links)",
            source=path,
        )
    if paragraphs and (stories := _section_front(html, paragraphs)):
        shown = ", ".join(f"'{_shorten(t, 50)}'" for t in stories[:3])
        raise ClassifyError(
            f"no article in the page: it lists {len(stories)} stories ({shown}), as a section "
            "front or an index page does; save each story's own page",
            source=path,
        )
    if paragraphs and (dl := match_dateline(paragraphs[0])):
        article.dateline, article.source, end = dl
        _date_from_dateline(article, paragraphs[0][:end], date_order)
        paragraphs[0] = paragraphs[0][end:].strip()
        paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise ClassifyError("no article text found in the page", source=path)
    article.site, article.title = _site_and_title(article.site, article.title)
    if article.title:
        # The print version's <title> ("Print: ...", "... - Printer friendly").
        article.title = _PRINT_MARK.sub("", article.title).strip() or article.title
    article.site = article.site or _site_in_page_title(html, article.title)
    named = _page_title_parts(html)
    if article.author and article.author.casefold() in named[:1] + named[-1:]:
        # "20.10.2004 | Minsk Archive" under the headline of a page whose
        # <title> opens or ends with "Minsk Archive": the site, not a person.
        article.site, article.author = article.site or article.author, None
    if article.site and article.title:
        article.title = _title_without_crumbs(article.title, article.site)
    if article.title:
        article.title = _without_lead_crumbs(article.title)
    article.site, article.title, titled_section = _site_sections_headline(
        html, article.site, article.title
    )
    article.source = article.source or article.site
    # The page's own section (article:section, JSON-LD articleSection, a
    # WordPress category), where no section line gave one.
    categories = [c for c in (getattr(doc, "categories", None) or []) if c and c.strip()]
    article.section = article.section or (" ".join(categories[0].split()) if categories else None)
    # Else the sections the <title> names between the site and the headline.
    article.section = article.section or titled_section
    if article.caption is None and (caption := _figure_caption(html)):
        # The story's photo caption: the article's caption, as a text
        # file's is, and no unit where the extractor kept it as a paragraph.
        article.caption = caption
        kept = [p for p in paragraphs if _folded(p) != _folded(caption)]
        if kept:
            article.meta["dropped_paragraphs"] += len(paragraphs) - len(kept)
            paragraphs = kept
    article.paragraphs = paragraphs
    if live:
        if article.date is None:
            # A live blog undated by its metadata: the day it began, as its
            # first entry gives it (the extractor may or may not read that
            # from the entries' <time>s, by the layout).
            article.date = min(e.date for e in live)
        _date_live_entries(article, live)
    return article


_LICENSING_LINK = re.compile(r"(?i)\s*purchase licensing rights\W*$")


def _figure_caption(html: str) -> str | None:
    """The caption of the story's first photo: the first ``<figcaption>``
    of three words or more in the block that holds the story
    (:func:`_story_container`, else the page's ``<article>`` or ``<main>``),
    not in a link, an ``<aside>`` or a list of other stories; None where
    there is none."""
    if "<figcaption" not in html.lower():
        return None
    root = _page_root(html)
    if root is None:
        return None
    story = _story_container(root)
    if story is None:
        story = next(iter(root.iter("article", "main")), None)
    if story is None:
        return None
    for caption in story.iter("figcaption"):
        text = " ".join(" ".join(caption.itertext()).split())
        # Reuters' licensing link inside the caption is no part of it.
        text = _LICENSING_LINK.sub("", _OPENS_NEW_TAB.sub("", text)).strip()
        aside = any(
            a.tag in ("a", "aside", "nav", "footer")
            or _OTHER_STORIES.search(f"{a.get('class') or ''} {a.get('id') or ''}")
            for a in caption.iterancestors()
            if isinstance(a.tag, str) and a is not story
            and story in a.iterancestors()
        )  # fmt: skip
        if len(text.split()) >= 3 and not aside:
            return text
    return None


_H1 = re.compile(r"(?is)<h1\b[^>]*>(.*?)</h1>")


# Class names sites give the standfirst (deck) under the headline.
_STANDFIRST_CLASS = re.compile(
    r"(?i)^(?:article[-_]|story[-_]|post[-_]|entry[-_])?(?:standfirst|dek|deck|lead|lede|"
    r"summary|subtitle|sub-?headline)$"
)  # ("intro", "teaser", "excerpt" name a story's first paragraph or other stories)


def _page_standfirst(
    article: Article, paragraphs: list[str], html: str, path: str | None, date_order: DateOrder
) -> list[str]:
    """``paragraphs`` without the standfirst (deck) a page prints under its
    headline, kept in ``meta["standfirst"]`` as a text file's is: the first
    paragraph, of 4 to 60 words, where the page marks it so (a class
    such as ``standfirst``, ``lead``, ``dek``, ``article-summary``), or
    where it ends no sentence and the byline or date line stands right
    under it. A sentence there stays the first unit, and the byline and
    date line under it are read as the header."""
    if len(paragraphs) < 2:
        return paragraphs
    first = paragraphs[0]
    if _byline_author(_capital_by(first)) or _date_line(first, path, date_order):
        return paragraphs
    if (
        article.title
        and len(first.split()) >= 3
        and _folded(article.title).endswith(_folded(first))
    ):
        # The headline again, its <title> read with the site's sections
        # before it ("Minsk Archive :: News :: ..."): no deck, no unit.
        return _page_standfirst(article, paragraphs[1:], html, path, date_order)
    if _is_name_line(first, place=True):
        return paragraphs  # the author's name above the date line (Guardian style)
    if _SALUTATION.match(paragraphs[1].strip()):
        return paragraphs  # a letter's heading above its "Sir,": the letter's, no deck
    below = _capital_by(paragraphs[1])
    header_below = len(paragraphs) > 2 and bool(
        _byline_author(below) or _date_line(below, path, date_order)
    )
    deck = (
        4 <= len(first.split()) <= 60
        and not match_dateline(first)  # a lede opening with its dateline is the story
        and (
            first in _marked_standfirsts(html)
            or first in _decks_under_headline(html)
            or (header_below and not _SENTENCE_END.search(first))
        )
    )
    if deck:
        article.meta["standfirst"] = first
        return paragraphs[1:]
    if header_below:
        # A sentence (or a dateline's lede) above the byline is body text, as
        # in a text file; the byline and date line under it are the header.
        return [first, *_html_header(article, paragraphs[1:], path, date_order)]
    return paragraphs


def _decks_under_headline(html: str) -> set[str]:
    """The texts of the ``<h2>`` or ``<h3>`` that follows a page's ``<h1>``
    as its next element, of 4 to 60 words: the deck printed under the
    headline, not a subheading of the story (those follow its paragraphs)."""
    root = _page_root(html)
    if root is None:
        return set()
    found = set()
    for h1 in root.iter("h1"):
        nxt = h1.getnext()
        while nxt is not None and not isinstance(nxt.tag, str):
            nxt = nxt.getnext()  # a comment between them
        if nxt is not None and nxt.tag in ("h2", "h3"):
            text = " ".join(nxt.text_content().split())
            if 4 <= len(text.split()) <= 60:
                found.add(text)
    return found


def _marked_standfirsts(html: str) -> set[str]:
    """The texts of the elements a page marks as its standfirst by class
    (:data:`_STANDFIRST_CLASS`), of 4 to 60 words in at most one ``<p>``."""
    root = _page_root(html)
    if root is None:
        return set()
    found = set()
    for el in root.iter("p", "div", "h2", "h3", "span", "section", "header"):
        classes = (el.get("class") or "").split()
        if not any(_STANDFIRST_CLASS.match(c) for c in classes):
            continue
        if sum(1 for _ in el.iter("p")) > 1:
            continue
        text = " ".join(el.text_content().split())
        if 4 <= len(text.split()) <= 60:
            found.add(text)
    return found


def _above_headline(html: str) -> set[str]:
    """The short texts printed right above the story's headline in its
    element (a kicker, a section label: "Eastern flank"): at most two
    preceding siblings of six words or fewer that end no sentence."""
    root = _page_root(html)
    if root is None:
        return set()
    head = _story_headline(root)
    if head is None:
        return set()
    found = set()
    for k, el in enumerate(head.itersiblings(preceding=True)):
        text = " ".join(el.text_content().split())
        if k >= 2 or len(text.split()) > 6 or re.search(r"[.!?]$", text):
            break
        if text:
            found.add(text)
    return found


def _h1_texts(html: str) -> list[str]:
    """The text of each ``<h1>`` of a page, tags out, whitespace squeezed."""
    import html as html_lib

    return [
        " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", m[1])).split())
        for m in _H1.finditer(html)
    ]


def _without_headline(paragraphs: list[str], headlines: Sequence[str | None]) -> list[str]:
    """``paragraphs`` without the page's headline (its title or an ``<h1>``,
    whitespace aside) where it stands among the first three, as one
    paragraph or broken over up to three."""
    wanted = {" ".join(h.split()) for h in headlines if h and h.strip()}
    for i in range(min(3, len(paragraphs))):
        for n in (1, 2, 3):
            if i + n <= len(paragraphs) and " ".join(paragraphs[i : i + n]) in wanted:
                return paragraphs[:i] + paragraphs[i + n :]
    return paragraphs


_TITLE_SUFFIX = re.compile(r"^(?P<title>.{10,}?)\s+[-|–—:]\s+(?P<site>[^-|–—:]{2,60})$")


# "Print: ...", "Printer friendly: ...", "... (printable version) - Site",
# "... - Print version": a print version's mark in its <title>.
_PRINT_MARK = re.compile(
    r"(?i)^print(?:er[-\s]friendly|able)?(?:\s+(?:version|page))?\s*[:|\u2013\u2014-]\s*|"
    r"\s*(?:[:|\u2013\u2014-]\s*|\()print(?:er[-\s]friendly|able)?(?:\s+(?:version|page))?\)?"
    r"(?=\s+(?:[|\u2013\u2014-]|::)\s|\s*$)"
)


def _site_and_title(site: str | None, title: str | None) -> tuple[str | None, str | None]:
    """A page's site name and title without each other: a site name that is
    the title with a suffix ("Armenia recalls ... - Caucasus Today", what
    some pages declare) becomes the suffix, and a title that ends in the
    site's name loses it."""
    if site and title and site.startswith(title[:30]) and (m := _TITLE_SUFFIX.match(site)):
        site = m["site"].strip()
    elif site and title and site == title:
        m = _TITLE_SUFFIX.match(site)
        site = m["site"].strip() if m else None
    if site and title and (m := _TITLE_SUFFIX.match(title)) and m["site"].strip() == site:
        title = m["title"].strip()
    return site, title


_TITLE_PARTS = re.compile(r"\s+(?:[-|–—·•»›]|::)\s+")


def _page_title(html: str) -> str:
    """The text of a page's ``<title>``, spacing folded ("" where it has none)."""
    root = _page_root(html)
    return " ".join((root.findtext(".//title") or "").split()) if root is not None else ""


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def _other_title_part(html: str, title: str) -> str | None:
    """Where a page's ``<title>`` is two parts ("Headline | Site") and
    ``title`` is one of them, the other, as written; else None."""
    page = _page_title(html)
    parts = [p.strip() for p in _TITLE_PARTS.split(page) if p.strip()]
    if len(parts) != 2 or _folded(title) not in {_folded(p) for p in parts}:
        return None
    other = parts[1] if _folded(parts[0]) == _folded(title) else parts[0]
    return other if len(other.split()) >= 3 else None


def _declared_site_names(html: str) -> set[str]:
    """The site names a page declares in its metadata (``og:site_name``,
    ``application-name``), case folded."""
    root = _page_root(html)
    if root is None:
        return set()
    return {
        _folded(m.get("content") or "")
        for m in root.iter("meta")
        if (m.get("property") or m.get("name") or "").lower()
        in ("og:site_name", "application-name", "twitter:site")
    } - {""}


def _page_title_parts(html: str) -> list[str]:
    """The parts of a page's ``<title>`` between separators ("Minsk Archive
    :: News :: U.S. Congress passes ..."), case folded; [] for none."""
    page = _page_title(html)
    return [p.casefold() for p in _TITLE_PARTS.split(page) if p.strip()]


# A title that opens with a separator: the crumbs of an old page's
# sections before its headline (":: News :: ...", "| World | ...").
_LEAD_CRUMBS = re.compile(r"^\s*(?:::|\|)\s*(?P<rest>.+)$")


def _site_sections_headline(
    html: str, site: str | None, title: str | None
) -> tuple[str | None, str | None, str | None]:
    """Where a page's ``<title>`` is a site, sections and a headline ("Baltic
    Chronicle :: Politics :: Senate passes ...", "Vilnius Courier - News -
    EU extends ...", "Riga Observer :: Border talks ...", "Border talks ...
    :: Riga Observer") and the title read is the whole of it, or its parts
    before the headline: the headline (the part a heading of the page
    shows, else the last, where every part between is a section's name)
    and the site (the part farthest from it), and the sections between
    where each is a section's name (``"Politics"``, ``"World | Europe"``);
    else ``(site, title, None)`` as they are."""
    parts = [p.strip() for p in _TITLE_PARTS.split(_page_title(html)) if p.strip()]
    if len(parts) < 2 or not title:
        return site, title, None
    root = _page_root(html)
    shown = (
        {_folded_words(h.text_content()) for h in root.iter("h1", "h2", "h3", "b", "strong")}
        if root is not None
        else set()
    )
    at = next(
        (
            k
            for k in (len(parts) - 1, 0)
            if len(parts[k].split()) >= 3 and _folded_words(parts[k]) in shown
        ),
        None,
    )
    if at is None:
        # No heading shows it: the last part, between it and the site only
        # sections' names ("Politics", "News").
        sections = all(
            w.strip(".,&'’").casefold() in _SECTION_WORDS for p in parts[1:-1] for w in p.split()
        )
        if len(parts) < 3 or len(parts[-1].split()) < 3 or not sections:
            return site, title, None
        at = len(parts) - 1
    read = _folded_words(title)
    headline = _folded_words(parts[at])
    others = parts[:at] if at else parts[1:]
    whole = {_folded_words(" ".join(parts[:k])) for k in range(1, len(parts) + 1)}
    whole |= {_folded_words(" ".join(parts[k:])) for k in range(len(parts))}
    if read != headline and read not in whole:
        return site, title, None
    name = parts[0] if at else parts[-1]
    # A site read as the <title>'s parts, or as the headline itself; a
    # section's name, a subtitle or a date beside the headline is none.
    if others and (site is None or _folded_words(site) in whole | {headline}):
        site = name if _site_like(name) else None
    between = parts[1:at] if at else parts[1:-1]
    named = bool(between) and all(
        w.strip(".,&'’").casefold() in _SECTION_WORDS for p in between for w in p.split()
    )
    return site, parts[at], " | ".join(between) if named else None


def _without_lead_crumbs(title: str) -> str:
    """``title`` without the sections an old page's headline opens with,
    the site's name left out (":: News :: U.S. Congress passes ..." is
    "U.S. Congress passes ..."): opening with a separator, its last part,
    where that is a headline of three words or more."""
    m = _LEAD_CRUMBS.match(title)
    if m is None:
        return title
    # Opening with a separator, every part but the last is a crumb.
    last = _TITLE_PARTS.split(f" {m['rest']} ")[-1].strip()
    return last if len(last.split()) >= 3 else title


def _title_without_crumbs(title: str, site: str) -> str:
    """``title`` without the site's name and the sections after it that
    an old page's ``<title>`` opens with ("Minsk Archive :: News ::
    U.S. Congress passes ..." is "U.S. Congress passes ...")."""
    parts = _TITLE_PARTS.split(title)
    if len(parts) < 2 or parts[0].strip().casefold() != site.casefold():
        return title
    parts = parts[1:]
    while len(parts) > 1 and all(
        w.strip(".,&'’").casefold() in _SECTION_WORDS for w in parts[0].split()
    ):
        parts = parts[1:]
    # The rest as written, its own separators kept.
    rest = parts[0]
    return title[title.index(rest) :].strip() if len(rest.split()) >= 3 else title


def _headline_beside_site(html: str, site: str) -> str | None:
    """The headline a page's ``<title>`` writes beside the site's name
    ("Lukashenko tells U.S. envoy ... - Euro Desk", "Euro Desk | ..."), or
    None where the ``<title>`` is not so."""
    page = _page_title(html)
    name = re.escape(" ".join(site.split()))
    sep = r"\s+(?:[-|–—·•]|::)\s+"
    m = re.match(rf"(?i)^(?P<head>.+?){sep}{name}$", page) or re.match(
        rf"(?i)^{name}{sep}(?P<head>.+)$", page
    )
    return m["head"].strip() if m and len(m["head"].split()) >= 3 else None


def _site_in_page_title(html: str, title: str | None) -> str | None:
    """The site's name a page's ``<title>`` adds to its headline where the
    page declares none (no ``og:site_name``): "US eases sanctions | The
    Minsk Herald", "BBC News - US eases sanctions", "Headline - World news -
    The Guardian" (the part farthest from the headline). None where the
    ``<title>`` is not the headline and a part of 1-6 words, or where that
    part is a section's name ("Headline - Europe") or a date."""
    if not title:
        return None
    page = _PRINT_MARK.sub("", _page_title(html)).strip()
    if not page:
        return None
    head = " ".join(title.split())
    fold = page.casefold()
    if fold.startswith(head.casefold()):
        rest, last = page[len(head) :], True
    elif fold.endswith(head.casefold()):
        rest, last = page[: len(page) - len(head)], False
    else:
        return None
    parts = [p for p in _TITLE_PARTS.split(f" {rest.strip()} ") if p.strip()]
    edge = rest.strip()[:2] if last else rest.strip()[-2:]
    if not parts or not _TITLE_PARTS.match(f" {edge.strip()} "):
        return None  # "Headline: what it means" adds a subtitle, not a site
    site = " ".join((parts[-1] if last else parts[0]).split())
    return site if _site_like(site) else None


_DOMAIN_NAME = re.compile(r"(?i)(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,12}")


def _site_like(name: str) -> bool:
    """Whether a part of a ``<title>`` beside its headline can be the site's
    name: 1-6 words, capitalised, with a letter, not a section's name
    ("Europe", "World News"), a date or a subtitle in lower case."""
    if _DOMAIN_NAME.fullmatch(name):
        return True  # "kyiv-post.net": a site named by its address
    return not (
        not 1 <= len(name.split()) <= 6
        or len(name) > 60
        # "Europe", "World News": a section's name, as beside a date line.
        or all(w.strip(".,&'’").casefold() in _SECTION_WORDS for w in name.split())
        or (not name[0].isupper() and not name[0].isdigit())
        or _readings(name)
        or not re.search(r"[^\W\d_]", name)
    )


def _header_like(line: str, path: str | None, date_order: DateOrder) -> bool:
    """Could ``line`` be a header line (a name, a title, a stamp, a date)
    rather than body text: at most 12 words and no sentence end, or a date
    line, or a byline."""
    if _date_line(line, path, date_order) or _is_byline(line):
        return True
    return len(line.split()) <= 12 and not re.search(r"[.!?。！？][\"'”’)」]?$", line)


def _wire_dateline(paragraph: str) -> bool:
    """Whether ``paragraph`` opens with a wire dateline: an agency, or an
    upper-case place (``BRUSSELS —``)."""
    dl = match_dateline(paragraph)
    if dl is None:
        return False
    place, source, _ = dl
    if place is None:
        return source is not None
    city = place.split(",")[0]
    return source is not None or city == city.upper()


def _header_zone(
    article: Article, paragraphs: list[str], path: str | None, date_order: DateOrder
) -> list[str]:
    """``paragraphs`` without header lines left before a dateline
    paragraph. A wire story's first paragraph opens with its dateline; where
    a later one among the first five does (``BRUSSELS (AFP) -``) and every
    paragraph before it is header-like (:func:`_header_like`: a name, a job
    title, a stamp such as "Modified: ..."), those are header, not body.
    They fill the date and author where still missing (a date line; "By
    ..."; a bare name above a date line) and are kept in
    ``Article.meta["header_lines"]``."""
    if not paragraphs or match_dateline(paragraphs[0]):
        return paragraphs
    at = next((k for k in range(1, min(5, len(paragraphs))) if _wire_dateline(paragraphs[k])), None)
    if at is None or not all(
        _header_like(p, path, date_order)
        and (not p.startswith("By ") or _header_byline(p) or _by_no_one(p))
        for p in paragraphs[:at]
    ):
        # A "By ..." line that names no one ("By the end of the month
        # negotiators hope for a truce") is body text, and so is what follows.
        return paragraphs
    head = paragraphs[:at]
    for k, p in enumerate(head):
        after = head[k + 1] if k + 1 < len(head) else ""
        if found := _date_line(p, path, date_order):
            if article.date is None and found[1] is not None:
                article.date = found[1]
            article.section = article.section or found[0]
        elif p.startswith("By ") and article.author is None:
            article.author = _header_byline(p)
        elif (
            article.author is None
            and _is_name_line(p, place=True)
            and _date_line(after, path, date_order)
        ):
            article.author = _bare_name(p, place=True)
    article.meta["header_lines"] = [*article.meta.get("header_lines", []), *head]
    return paragraphs[at:]


def _by_no_one(line: str) -> bool:
    """A "By ..." header line that names no author ("By Reuters and AP", "By
    Sea and Air"): capitalised words joined by "and", "&" or commas, no
    sentence. Above a dateline it is header, and the dateline still found."""
    words = [w for w in line[3:].replace(",", " ").split() if w not in ("and", "&", "or")]
    return 0 < len(words) <= 6 and all(w[:1].isupper() for w in words)


def _header_byline(line: str) -> str | None:
    """The author of a "By ..." header line: :func:`_byline_author`'s, else
    the rest of the line where it is up to six capitalised words ("By Staff
    Reporter", "By AFP"); None for a sentence ("By the end of the month
    ...")."""
    if found := _byline_author(line):
        return found
    rest = line[3:].strip()
    words = rest.split()
    if not words or len(words) > 7 or re.search(r"[。！？]", rest):
        return None
    if (
        all(_name_word(w) for w in words)
        and not re.search(r"\s(?:and|&)\s", rest)
        and words[0] not in ("The", "A", "An", "Our", "Your", "This", "That")
        and (len(words) > 1 or _KNOWN_AGENCY.fullmatch(words[0]) or _JOB_WORD.fullmatch(words[0]))
    ):
        # "By Staff Reporter", "By AFP"; not "By Sea and Air" nor "By Reuters
        # and AP" (agencies alone name no author), nor a subheading ("By
        # Design", "By The Numbers").
        return rest
    # "By the staff of the Seoul bureau": a newsroom's words, no sentence.
    if any(_JOB_WORD.fullmatch(w) for w in words) and all(
        _name_word(w) or w in ("the", "of", "and", "our") or _JOB_WORD.fullmatch(w) for w in words
    ):
        return rest
    return None


def _html_header(
    article: Article, paragraphs: list[str], path: str | None, date_order: DateOrder
) -> list[str]:
    """``paragraphs`` without the byline and date line a page may show as its
    first paragraphs ("By Jane Doe", "September 11, 2025 1:05 PM GMT+2").
    They fill the author and the date where the page's metadata has none;
    the metadata wins where it has them."""
    taken = 0
    # "19.04.2024 Автор: Иван Петров", "Sept. 3, 2024 | By Jane Doe": a date
    # line and a byline in one paragraph are two header lines.
    first = [part for p in paragraphs[:1] for part in _date_then_byline(p, path, date_order)]
    # "20.10.2004 | Minsk Archive": a bare name beside the date, read as a
    # byline where no "By" line follows.
    bare = first[1] if len(first) == 2 and not re.search(r"(?i)\bby\b", paragraphs[0]) else None
    paragraphs = [*first, *paragraphs[1:]]
    # "by Jane Doe, Staff Writer": read as a text file's header reads it.
    paragraphs[:4] = [_capital_by(p) for p in paragraphs[:4]]
    head = paragraphs[:4]
    named = [p for p in head if p != bare and _byline_author(p)]
    for k, p in enumerate(head):
        after = head[k + 1] if k + 1 < len(head) else ""
        if (author := _byline_author(p)) and p == bare and named:
            # A "By" line under it names the author: the name beside the
            # date is the site's ("20.10.2004 | Minsk Archive" / "By ...").
            if author != _byline_author(named[0]):
                article.site = article.site or author
        elif author:
            article.author = article.author or author
            found = _byline_date(p, path, date_order)
            if found and article.date is None:
                article.section = article.section or found[0]
                article.date = found[1]
        elif taken and _byline_author(head[k - 1]) and _is_role_line(p) and not match_dateline(p):
            article.meta["author_role"] = p
        elif _is_name_line(p, place=True) and after and _date_line(after, path, date_order):
            # A bare name above the date line (Guardian style).
            article.author = article.author or _bare_name(p, place=True)
        elif found := _date_line(p, path, date_order):
            section, date = found
            article.section = article.section or section
            if article.date is None:
                article.date = date
                if date is None:
                    article.meta["date_written"] = p
        else:
            break
        taken += 1
    return paragraphs[taken:]


def _shorten(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."


def _section_front(html: str, paragraphs: Sequence[str]) -> list[str]:
    """The stories a page lists where it is a section front or an index
    page, not an article: three or more ``<article>`` cards, each a linked
    headline with at most a short summary and none an article's body (under
    120 words); or text that is only linked headlines (every paragraph the
    text of a link of the page). Their headlines; ``[]`` for an article."""
    cards_possible = html.lower().count("<article") >= 3
    # Linked headlines are short: a page with a paragraph of body length is
    # no list of them, and is not parsed again to find out.
    links_possible = len(paragraphs) >= 3 and all(len(p.split()) <= 30 for p in paragraphs)
    if not (cards_possible or links_possible):
        return []
    root = parse_page(html)
    if root is None:
        return []

    def text(el: Any) -> str:
        return " ".join(el.text_content().split())

    headed = []
    card_text = []
    for card in root.iter("article"):
        if any(p.tag == "article" for p in card.iterancestors()):
            continue
        if len(text(card).split()) >= 120:
            return []  # an article's body: the cards beside it are related stories
        head = next(
            (h for h in card.iter("h1", "h2", "h3", "h4") if h.find(".//a") is not None), None
        )
        if head is not None:
            headed.append(text(head))
            card_text.append(text(card))
    # The text read is the cards' own (a story's body outside them, with
    # related-story cards beside it, is an article).
    if len(headed) >= 3 and all(any(p in c for c in card_text) for p in paragraphs):
        return headed
    if not links_possible:
        return []
    links = {" ".join(a.text_content().split()) for a in root.iter("a")}
    links.discard("")
    if len(paragraphs) >= 3 and all(
        p in links or any(p.startswith(link) and len(link) > 20 for link in links)
        for p in paragraphs
    ):
        return list(paragraphs)
    return []


def _navigation_only(paragraphs: Sequence[str]) -> bool:
    """Whether a page's main text is only short link-like lines ("Home",
    "World", "Business"): three words at most each, no sentence end."""
    return all(len(p.split()) <= 3 and not re.search(r"[.!?][\"'”’)]?$", p) for p in paragraphs)


def parse_credits(credits: str) -> dict[str, str]:
    """``"Reporting by ReutersWriting by A. B. in LondonEditing by C. D."`` to
    ``{"reporting": "Reuters", "writing": "A. B. in London", "editing": "C. D."}``.

    Copied credit lines often lose the separators between roles, so roles are
    found by their phrase, not by punctuation.
    """
    parts = _ROLE_SPLIT.split(credits)
    out: dict[str, str] = {}
    foreign = {r.lower(): key for r, key in _FOREIGN_ROLES.items()}
    for role, value in zip(parts[1::2], parts[2::2]):
        key = foreign.get(role.lower()) or role.lower().replace(" by", "").replace(" ", "_")
        key = "translation" if "translat" in key else key
        # "Edited by", "Reporter:": the roles the other phrases record.
        key = {"edited": "editing", "reporter:": "reporting"}.get(key, key)
        value = value.strip(" ;:,.\u00a0")
        if value:
            out[key] = value
    return out


def split_outlets(value: Any) -> list[str]:
    """The outlets a ``source``/``sources`` cell cites, in order, each once.

    A cell that is a run of balanced parenthesised groups, as Wikipedia's
    current-events items cite them (``"(BBC) (Reuters)"``), gives one outlet
    per top-level group, with brackets inside a group kept
    (``"(Press Association via ESPN (UK))"`` is one outlet,
    ``Press Association via ESPN (UK)``); any other text (``"Reuters"``,
    ``"ESPN (UK)"``, or brackets that do not balance) is one outlet as
    written, except that ``;`` separates outlets (``"Reuters;AP"``, how a
    CSV cell lists several; also inside a group, ``"(Newsday; AP)"``,
    where a language after it is a note: ``"(Vesti; Russian)"`` is
    ``Vesti``). A list (JSON) gives its items, each read the same way;
    empty cells and items give nothing. An outlet given as an
    object, as news APIs give it (NewsAPI's ``{"id": null, "name":
    "Reuters"}``, Event Registry's ``{"uri": ..., "title": ...}``), or such
    an object as pandas writes it to a CSV cell, is its name: the first of
    its ``name``, ``title``, ``domain``, ``uri``, ``url`` and ``id`` that is
    text; an object with none of them gives nothing.

    >>> split_outlets("(Guardian) (Tri-Valley Herald)")
    ['Guardian', 'Tri-Valley Herald']
    """
    if value is None or isinstance(value, bool):
        return []
    if isinstance(value, (list, tuple)):
        items = [o for v in value for o in split_outlets(v)]
        return list(dict.fromkeys(items))
    if isinstance(value, float) and value != value:  # a pandas NaN cell
        return []
    if isinstance(value, dict):
        name = next(
            (value[k] for k in _OUTLET_KEYS if isinstance(value.get(k), str) and value[k].strip()),
            None,
        )
        return split_outlets(name)
    text = " ".join(str(value).split())
    written = written_mapping(text)
    if written is not None:
        # An object column as pandas writes it to CSV: "{'id': None, 'name': 'Reuters'}".
        return split_outlets(written)
    listed = written_list(text)
    if listed is not None:
        # A list column as pandas writes it to CSV: "['Reuters', 'AP']".
        return split_outlets(listed)
    groups = _paren_groups(text)
    # ";" parts outlets inside a bracket too: "(Newsday; AP)", and a
    # language after one, "(Vesti; Russian)", is a note, no outlet.
    outlets = [part for o in (groups if groups is not None else [text]) for part in o.split(";")]
    named = [_cited_name(n) for o in outlets for n in _numbered_list(o.strip())]
    return _unnumbered(list(dict.fromkeys(o for o in (x.strip() for x in named) if o)))


# Languages as news databases and citations name them ("English", "in
# Russian"): a record's language line and a citation's note are no outlet.
LANGUAGE_NAMES = [
    "Arabic",
    "Belarusian",
    "Bulgarian",
    "Catalan",
    "Chinese",
    "Croatian",
    "Czech",
    "Danish",
    "Dutch",
    "English",
    "Estonian",
    "Finnish",
    "French",
    "Georgian",
    "German",
    "Greek",
    "Hebrew",
    "Hindi",
    "Hungarian",
    "Indonesian",
    "Italian",
    "Japanese",
    "Kazakh",
    "Korean",
    "Latvian",
    "Lithuanian",
    "Norwegian",
    "Persian",
    "Farsi",
    "Polish",
    "Portuguese",
    "Romanian",
    "Russian",
    "Serbian",
    "Slovak",
    "Slovenian",
    "Spanish",
    "Swedish",
    "Turkish",
    "Ukrainian",
    "Urdu",
    "Vietnamese",
]
_LANGUAGES = "|".join(LANGUAGE_NAMES)
# What a citation says of its link rather than who published it, as
# Wikipedia's current-events items write it beside or in place of an outlet.
_SOME_LANGUAGES = rf"(?:{_LANGUAGES})(?:\s+(?:and|&)\s+(?:{_LANGUAGES}))*"
_IN_LANGUAGES = rf"(?:in\s+)?{_SOME_LANGUAGES}"
_LINK_NOTE = re.compile(
    rf"(?i)(?:link\s+dead\b.*|dead\s+link|(?:registration|subscription)\s+required|paywall(?:ed)?|"
    rf"archived\b.*|(?:(?:{_LANGUAGES}|machine|google|automatic)\s+)?translation(?:\s+(?:from|into|by|of)\b.*)?|"
    # A translation note names where from or into, never an outlet's next
    # word ("Translated Press", "Traduction Magazine" stay).
    rf"(?:auto-|machine-)?translated(?:\s+(?:from|into|by)\b.*)?|traducci[óo]n(?:\s+(?:al|del|de|en|a)\b.*)?|"
    rf"traduction(?:\s+(?:en|de|fran[çc]aise|anglaise)\b.*)?|traduit\s+(?:de|du|en)\b.*|"
    rf"(?:\w+\s+)?[üu]bersetz(?:ung|t)(?:\s+(?:ins|aus|von)\b.*)?|"
    rf"(?:{_LANGUAGES})\s+(?:version|edition)|(?:{_LANGUAGES}),\s+(?:{_LANGUAGES})\s+translation|pdf|(?:video|audio)(?:\s*,\s*\w+)?|"
    rf"{_IN_LANGUAGES}|(?:\d{{1,2}}\s+)?{_MONTH_NAME}\s+\d{{4}}|"
    rf"\d{{1,4}}(?:\s*[–-]\s*(?:\d{{4}}|present))?)"
)
_LINK_NOTE_AFTER = re.compile(
    rf"(?i)(?:,?\s+in\s+{_SOME_LANGUAGES}|"
    rf"[,;]\s+(?:(?:{_LANGUAGES}|machine|google)[\s-]+)?(?:translation|translated(?:\s+from\s+\w+)?)|"
    rf"[,;]\s+(?:{_LANGUAGES})\s+version|"
    rf"\s*[(\[](?:pdf|video|audio|{_IN_LANGUAGES}|machine\s+translation)[)\]]|\s*[—–-]\s*pdf)$"
)


def _cited_name(text: str) -> str:
    """A citation group's outlet without what it says of the link: "" for a
    note alone (``Link dead as of 22:35, 14 January 2007 (UTC)``, ``in
    Spanish``, ``PDF``, ``registration required``, a year or a span of
    years), and ``El País`` for ``El País in Spanish`` or ``House.gov
    (PDF)``; any other text as it is."""
    text = text.strip()
    if _LINK_NOTE.fullmatch(text):
        return ""
    return _LINK_NOTE_AFTER.sub("", text).strip()


# Citations numbered after the outlet, as Wikipedia's current events write
# several links to one outlet: "BBC: 1, 2", "Reuters: 1 , 2 , CNN: 1, 2".
_NUMBERED_LIST = re.compile(r"\s*([^:,]+?)\s*:\s*\d{1,2}(?:\s*,\s*\d{1,2})*\s*(?:,|$)")


def _numbered_list(text: str) -> list[str]:
    """The outlets of a citation group numbered as ``BBC: 1, 2, 3, Interfax:
    1, 2`` (``["BBC", "Interfax"]``); ``[text]`` for any other text."""
    found, end = [], 0
    for m in _NUMBERED_LIST.finditer(text):
        if m.start() != end:
            return [text]
        found.append(m[1])
        end = m.end()
    return found if found and end == len(text) else [text]


def _unnumbered(outlets: list[str]) -> list[str]:
    """``outlets`` with a citation number dropped where the same outlet is
    cited again in the cell: ``(Reuters) (Reuters 2)`` is Reuters, ``(BBC
    News 1) (BBC News 2)``, ``(BBC (1)) (BBC (2))`` are BBC News and BBC,
    ``(La Vanguardia) (La Vanguardia2)`` is La Vanguardia, as Wikipedia numbers a second
    citation of one outlet: the name is there without a number, or its
    numbers run 1, 2, ...; a number in brackets is a citation's even once
    (``(Interfax (1))`` is Interfax). A number in a name stays otherwise
    (``France 24``, ``(Radio 1)``, ``(Channel 4) (Channel 5)``)."""
    # The number after a space, in brackets ("BBC (2)") or glued on
    # ("La Vanguardia2").
    split = [
        re.fullmatch(r"(.+?)(?:\s+(\d{1,2})|\s*\((\d{1,2})\)|(?<=[^\W\d_])(\d))", o)
        for o in outlets
    ]
    numbered: dict[str, list[int]] = {}
    for m in filter(None, split):
        numbered.setdefault(m[1].casefold(), []).append(int(m[2] or m[3] or m[4]))
    bare = {o.casefold(): o for o in outlets}
    folded = {
        base
        for base, numbers in numbered.items()
        if base in bare
        or (len(numbers) > 1 and sorted(numbers) == list(range(1, len(numbers) + 1)))
    }
    # A number in brackets is a citation's, even cited once ("(Interfax (1))").
    folded |= {m[1].casefold() for m in split if m and m[3]}
    # The bare spelling where the cell has one ("(reuters) (Reuters 2)"),
    # else the first one written ("(bbc (1)) (BBC (2))": bbc).
    first: dict[str, str] = {}
    for m in filter(None, split):
        first.setdefault(m[1].casefold(), m[1])
    kept = [
        bare.get(m[1].casefold(), first[m[1].casefold()]) if m and m[1].casefold() in folded else o
        for o, m in zip(outlets, split)
    ]
    return list(dict.fromkeys(kept))


# The keys that name an outlet given as an object, in the order tried.
_OUTLET_KEYS = ("name", "title", "domain", "uri", "url", "id")


def _paren_groups(text: str) -> list[str] | None:
    """The contents of ``text``'s top-level parenthesised groups when the
    text is nothing else (whitespace aside) and every bracket balances;
    None otherwise."""
    if not text.startswith("("):
        return None
    groups: list[str] = []
    depth, start = 0, 0
    for i, char in enumerate(text):
        if char == "(":
            if depth == 0:
                start = i + 1
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                return None
            if depth == 0:
                groups.append(text[start:i])
        elif depth == 0 and not char.isspace():
            return None
    return groups if depth == 0 else None
