"""The English translation of the UI: Chinese first, English switchable (no SPEC ID: a platform
requirement of the brief, like the layering rule).

The pages are rendered through the real middleware (LocaleMiddleware reads the language cookie
that /i18n/setlang/ sets), so a string that loses its {% translate %} or its msgstr shows up
here. The catalogue checks make an untranslated, fuzzy or stale entry fail CI instead of
reaching an English-speaking user as Chinese.
"""

from __future__ import annotations

import ast
import re
from gettext import GNUTranslations
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

LOCALE_DIR = Path(settings.BASE_DIR) / "gasdesk" / "locale" / "en" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")

# (English, Chinese) pairs each page must switch between: nav items, headings, table headers.
NAV = [
    (">Intake</a>", ">受理</a>"),
    (">Dispatch queue</a>", ">调度队列</a>"),
    ("<button>Log out</button>", "<button>退出</button>"),
]
LOGIN_PAGE = [("Log in", "登录"), ("Username", "用户名"), ("Password", "密码")]
SEARCH_PAGE = [
    *NAV,
    ("Call intake: find the customer", "来电受理：查找客户"),
    ("Export to Excel", "导出Excel"),
    ("Search by phone number, last digits", "输入电话、尾号"),
]
QUEUE_PAGE = [
    *NAV,
    ("<th>Order no.</th>", "<th>工单号</th>"),
    ("<th>Responsible unit</th>", "<th>责任单位</th>"),
    ("<th>Time left</th>", "<th>剩余时间</th>"),
    ("All open", "全部未结"),
    ("Overdue only", "只看已超时"),
]


# --- the catalogue -------------------------------------------------------------------------


def _po_entries(text: str) -> list[dict[str, str]]:
    """The .po file as a list of {msgid, msgid_plural, msgstr, msgstr[0], ..., flags} dicts;
    continuation lines ("...") join the string before them, as gettext does."""
    entries: list[dict[str, str]] = []
    entry: dict[str, str] = {}
    key = ""
    for line in text.splitlines():
        if not line.strip():
            if entry:
                entries.append(entry)
            entry, key = {}, ""
        elif line.startswith("#,"):
            entry["flags"] = entry.get("flags", "") + line[2:]
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)
    if entry:
        entries.append(entry)
    return entries


def _messages() -> list[dict[str, str]]:
    """Every entry except the header (msgid "")."""
    return [e for e in _po_entries(PO_FILE.read_text(encoding="utf-8")) if e.get("msgid")]


def _translations(entry: dict[str, str]) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def test_every_msgid_has_an_english_msgstr() -> None:
    """A new {% translate %} or gettext() string without a translation fails here (run
    makemessages, translate it, compilemessages)."""
    messages = _messages()
    assert len(messages) > 150  # the catalogue was found and parsed, not silently empty
    untranslated = [e["msgid"] for e in messages if not all(s.strip() for s in _translations(e))]
    assert untranslated == []


def test_no_fuzzy_or_obsolete_entries_are_left() -> None:
    """msgfmt skips fuzzy entries, so a fuzzy guess from msgmerge would show Chinese."""
    text = PO_FILE.read_text(encoding="utf-8")
    assert [e["msgid"] for e in _po_entries(text) if "fuzzy" in e.get("flags", "")] == []
    assert "\n#~ " not in text


def test_translations_keep_the_placeholders_of_their_msgid() -> None:
    for entry in _messages():
        wanted = sorted(PLACEHOLDER.findall(entry["msgid"]))
        for translated in _translations(entry):
            assert sorted(PLACEHOLDER.findall(translated)) == wanted, entry["msgid"]


def _compiled(catalogue: GNUTranslations, entry: dict[str, str]) -> str:
    if "msgctxt" in entry:  # pgettext: the same Chinese word as status and as action
        return catalogue.pgettext(entry["msgctxt"], entry["msgid"])
    return catalogue.gettext(entry["msgid"])


def test_shipped_mo_matches_the_po() -> None:
    """The .mo is committed (CI has no msgfmt): it must be compiled from the current .po."""
    with MO_FILE.open("rb") as handle:
        catalogue = GNUTranslations(handle)
    stale = [
        e["msgid"]
        for e in _messages()
        if "msgid_plural" not in e and _compiled(catalogue, e) != e["msgstr"]
    ]
    assert stale == []


# --- strings built in Python ------------------------------------------------------------------


def test_python_built_labels_compose_into_english() -> None:
    """workorders_ui glues "%(clock)s" + "超时" and "%(amount)s" + unit with no space (right in
    Chinese); the English msgstrs carry the space. core may not import workorders (layering),
    so this composes the same msgids the way workorders_ui does."""
    with translation.override("en"):
        assert gettext("到达") + gettext("超时") == "Arrival overdue"
        assert f"4{gettext('小时')}" == "4 h"
        assert f"3{gettext('工作日')}" == "3 working day(s)"
        span = gettext("%(h)s小时%(m)s分") % {"h": 2, "m": 15}
        assert gettext("剩余 %(span)s") % {"span": span} == "2 h 15 min left"
        assert gettext("超时 %(span)s") % {"span": gettext("%(m)s分钟") % {"m": 35}} == (
            "35 min overdue"
        )
    with translation.override("zh-hans"):
        assert gettext("剩余 %(span)s") % {"span": "2小时15分"} == "剩余 2小时15分"


# --- the pages -------------------------------------------------------------------------------


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _assert_english(html: str, pairs: list[tuple[str, str]]) -> None:
    for english, chinese in pairs:
        assert english in html
        assert chinese not in html
    assert '<html lang="en">' in html


def _assert_chinese(html: str, pairs: list[tuple[str, str]]) -> None:
    for english, chinese in pairs:
        assert chinese in html
        assert english not in html
    assert '<html lang="zh-hans">' in html


@pytest.mark.django_db
def test_login_page_is_chinese_without_a_language_choice(client: Client) -> None:
    _assert_chinese(_page(client, reverse("login")), LOGIN_PAGE)


@pytest.mark.django_db
def test_login_page_is_english_with_the_language_cookie(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _assert_english(_page(client, reverse("login")), LOGIN_PAGE)


def test_customer_search_is_chinese_by_default(client: Client, agent_a: Any) -> None:
    client.force_login(agent_a)
    _assert_chinese(_page(client, reverse("customers:search")), SEARCH_PAGE)


def test_customer_search_is_english_with_the_language_cookie(client: Client, agent_a: Any) -> None:
    client.force_login(agent_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _assert_english(_page(client, reverse("customers:search")), SEARCH_PAGE)


def test_dispatcher_queue_is_chinese_by_default(
    client: Client, dispatcher_a: Any, packs: list[object]
) -> None:
    client.force_login(dispatcher_a)
    _assert_chinese(_page(client, reverse("workorders:queue")), QUEUE_PAGE)


def test_dispatcher_queue_is_english_with_the_language_cookie(
    client: Client, dispatcher_a: Any, packs: list[object]
) -> None:
    client.force_login(dispatcher_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _assert_english(_page(client, reverse("workorders:queue")), QUEUE_PAGE)


def test_top_bar_switch_sets_english_and_back(
    client: Client, dispatcher_a: Any, packs: list[object]
) -> None:
    """The base template's button posts to /i18n/setlang/; the choice sticks as a cookie."""
    client.force_login(dispatcher_a)
    queue = reverse("workorders:queue")
    assert 'name="language" value="en">English</button>' in _page(client, queue)

    response = client.post(reverse("set_language"), {"language": "en", "next": queue})
    assert response.status_code == 302
    assert response["Location"] == queue
    html = _page(client, queue)
    _assert_english(html, QUEUE_PAGE)
    assert 'name="language" value="zh-hans">中文</button>' in html

    client.post(reverse("set_language"), {"language": "zh-hans", "next": queue})
    _assert_chinese(_page(client, queue), QUEUE_PAGE)


def test_new_order_page_speaks_english_end_to_end(
    client: Client, agent_a: Any, org: Any, packs: list[object]
) -> None:
    """Intake through the real form in English: the flash message, status, deadlines (clock,
    period, time left) and history come out in English, built from lazy and Python labels."""
    client.force_login(agent_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = {
        "business_type": "repair",  # 户内燃气设施维修 in the chaohu pack (the `org` company's)
        "channel": "hotline",
        "description": "燃气灶打不着火",
        "caller_name": "王先生",
        "caller_phone": "13812345678",
        "address": "巢湖市东塘路1号",
        "area": "urban",
        "org_unit": org.unit_a.pk,
    }
    response = client.post(reverse("workorders:create"), data, follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"Work order \S+ created", html)
    assert "Awaiting dispatch" in html
    assert "待派工" not in html
    assert "<td>Arrival</td>" in html
    assert "<td>Order created</td>" in html
    assert re.search(r'data-testid="period-arrival">\d+ (min|h|\w+ \w+\(s\))<', html)
    assert re.search(r'data-testid="left-arrival">[\d dhmin]+ left<', html)
    assert ">Cancel</button>" in html  # the agent's actions come from the transition table
    assert ">Dispatch</button>" not in html
