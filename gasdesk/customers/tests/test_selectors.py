"""Customer search (CUST-10): query classes, index-friendly ranges, scope, masking, query count."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from gasdesk.customers.selectors import (
    ACCOUNT_ALPHABET,
    DIGITS,
    QueryKind,
    classify_query,
    prefix_upper_bound,
    search_customers,
)
from gasdesk.customers.tests.factories import make_customer
from gasdesk.org.models import User


@pytest.mark.parametrize(
    ("query", "kind", "term"),
    [
        ("13812345678", QueryKind.PHONE_OR_ACCOUNT, "13812345678"),
        ("138-1234 5678", QueryKind.PHONE_OR_ACCOUNT, "13812345678"),
        ("(0551) 6234-5679", QueryKind.PHONE_OR_ACCOUNT, "055162345679"),
        ("5678", QueryKind.PHONE_TAIL, "5678"),
        ("345678", QueryKind.PHONE_TAIL, "345678"),
        ("567", QueryKind.NONE, "567"),
        ("ch2024", QueryKind.ACCOUNT, "CH2024"),
        ("HS-20240002", QueryKind.ACCOUNT, "HS-20240002"),
        ("王建国", QueryKind.TEXT, "王建国"),
        ("东塘路1号", QueryKind.TEXT, "东塘路1号"),
        ("Li", QueryKind.TEXT, "Li"),
        ("   ", QueryKind.NONE, ""),
    ],
)
def test_cust10_query_is_classified_by_its_shape(query: str, kind: QueryKind, term: str) -> None:
    """CUST-10: phone (full or tail), account, name or address fragment."""
    search = classify_query(query)
    assert (search.kind, search.term) == (kind, term)


@pytest.mark.parametrize(
    ("prefix", "alphabet", "upper"),
    [
        ("4321", DIGITS, "4322"),
        ("8769", DIGITS, "877"),
        ("99", DIGITS, None),
        ("CH19", ACCOUNT_ALPHABET, "CH1A"),
        ("CHZ", ACCOUNT_ALPHABET, "CI"),
    ],
)
def test_prefix_bound_is_the_next_string_not_a_tilde(
    prefix: str, alphabet: str, upper: str | None
) -> None:
    """`p + "~"` sorts below `p5` under ICU collations; the successor works on any collation."""
    assert prefix_upper_bound(prefix, alphabet) == upper


def _ids(rows: list[Any]) -> list[int]:
    return [row.id for row in rows]


def test_cust10_full_phone_and_tail_find_the_caller(
    agent_a: User, customer_a: Any, customer_b: Any
) -> None:
    """CUST-10: 13812345678, its tail 5678 and a typed 138-1234-5678 all find 王建国."""
    for query in ("13812345678", "5678", "45678", "138-1234-5678"):
        assert _ids(search_customers(agent_a, query)) == [customer_a.pk], query
    assert search_customers(agent_a, "1234") == []  # middle digits are not a tail


def test_cust10_landline_tail_finds_the_school(agent_a: User, customer_b: Any) -> None:
    """CUST-10: 0551-62345679 is found by 62345679 (caller ID without the area code)."""
    assert _ids(search_customers(agent_a, "62345679")) == [customer_b.pk]


def test_cust10_account_prefix_and_numeric_account(org: Any, agent_a: User) -> None:
    """CUST-10: an account prefix, and an all-digit account number longer than 7 digits."""
    lettered = make_customer(org.unit_a, account_no="CH20240001")
    make_customer(org.unit_a, account_no="CH20250001")
    numeric = make_customer(org.unit_a, account_no="20240003")

    assert _ids(search_customers(agent_a, "ch2024")) == [lettered.pk]
    assert _ids(search_customers(agent_a, "20240003")) == [numeric.pk]


def test_cust10_name_and_address_fragments(agent_a: User, customer_a: Any, customer_b: Any) -> None:
    """CUST-10: fragments of the name or of an address, case-insensitive for Latin letters."""
    assert _ids(search_customers(agent_a, "王建国")) == [customer_a.pk]
    assert _ids(search_customers(agent_a, "王建")) == [customer_a.pk]
    assert _ids(search_customers(agent_a, "学府路")) == [customer_b.pk]
    assert _ids(search_customers(agent_a, "巢湖市东塘")) == [customer_a.pk]


def test_latin_names_match_any_case(org: Any, agent_a: User) -> None:
    shop = make_customer(org.unit_a, name="Starbucks 巢湖店")
    assert _ids(search_customers(agent_a, "starBUCKS")) == [shop.pk]


def test_rows_are_light_and_phones_masked(agent_a: User, customer_a: Any) -> None:
    (row,) = search_customers(agent_a, "5678")
    assert (row.account_no, row.name, row.phone_masked, row.address, row.tier_label) == (
        "CH20240001",
        "王建国",
        "138****5678",
        "巢湖市东塘路1号",
        "一般",
    )


def test_phone_search_shows_the_matching_number(org: Any, agent_a: User) -> None:
    customer = make_customer(org.unit_a, phones=["13900000001", "18655554321"])
    (row,) = search_customers(agent_a, "4321")
    assert (row.id, row.phone_masked) == (customer.pk, "186****4321")


def test_scope_dispatcher_b_does_not_find_unit_a_customers(
    dispatcher_b: User, customer_a: Any, customer_b: Any
) -> None:
    """ORG-1 scope: a unit-B dispatcher finds unit B's customer only."""
    assert search_customers(dispatcher_b, "5678") == []
    assert _ids(search_customers(dispatcher_b, "学府路")) == [customer_b.pk]


def test_scope_agent_a_finds_the_whole_company(org: Any, agent_a: User) -> None:
    """ORG-1 scope: the hotline agent serves every unit of the company."""
    city = make_customer(org.unit_a, address="巢湖市人民路8号")
    county = make_customer(org.unit_b, address="含山县人民路9号")
    assert _ids(search_customers(agent_a, "人民路")) == [city.pk, county.pk]


def test_short_fragments_search_names_only(org: Any, agent_a: User) -> None:
    """CUST-10: 1–2 characters cannot use trigrams; they match names, not addresses."""
    wang = make_customer(org.unit_a, name="王芳", address="巢湖市王府路1号")
    other = make_customer(org.unit_a, name="李强", address="巢湖市王府路2号")
    assert _ids(search_customers(agent_a, "王")) == [wang.pk]
    assert _ids(search_customers(agent_a, "王府路")) == [wang.pk, other.pk]


def test_cust10_short_input_is_a_surname_first_name_prefix(org: Any, agent_a: User) -> None:
    """CUST-10 (bench S2): 1–2 characters match the start of the name, by code point.

    The trade-off of the index-served prefix: a given name alone ("芳") does not find "王芳".
    """
    wang_fang = make_customer(org.unit_a, name="王芳")
    wang_qiang = make_customer(org.unit_a, name="王强")
    make_customer(org.unit_a, name="李王芳")
    make_customer(org.unit_a, name="汪芳")  # 汪 is the code point after 王

    assert _ids(search_customers(agent_a, "王")) == [wang_fang.pk, wang_qiang.pk]
    assert _ids(search_customers(agent_a, "王芳")) == [wang_fang.pk]
    assert search_customers(agent_a, "芳") == []


def test_phone_search_is_a_single_query(
    agent_a: User, customer_a: Any, django_assert_num_queries: Any
) -> None:
    user = User.objects.get(pk=agent_a.pk)
    search_customers(user, "0000")  # role and scope lookups are cached on the user
    with django_assert_num_queries(1):
        search_customers(user, "5678")


def test_results_are_ordered_and_limited(org: Any, agent_a: User) -> None:
    for n in range(3):
        make_customer(org.unit_a, account_no=f"Z{5 - n}", name=f"张{n}")
    rows = search_customers(agent_a, "张", limit=3)
    assert [row.account_no for row in rows] == ["Z3", "Z4", "Z5"]


def test_text_search_orders_at_most_limit_plus_one_candidates(org: Any, agent_a: User) -> None:
    """CUST-10 (bench S4): a common fragment reads limit + 1 candidates, shows `limit`.

    The agent refines a query that matches more; which 3 of 5 are shown is not promised.
    """
    for n in range(5):
        make_customer(org.unit_a, account_no=f"Z{5 - n}", name=f"张{n}")
    rows = search_customers(agent_a, "张", limit=3)
    accounts = [row.account_no for row in rows]
    assert len(accounts) == 3
    assert accounts == sorted(accounts)


def test_cust10_account_prefix_is_a_range_on_the_customer_query(
    org: Any, agent_a: User, django_assert_num_queries: Any
) -> None:
    """CUST-10 (bench S1): an account prefix is one query, with no sub-select on customers."""
    make_customer(org.unit_a, account_no="CH20240001")
    user = User.objects.get(pk=agent_a.pk)
    search_customers(user, "0000")  # role and scope lookups are cached on the user
    with django_assert_num_queries(1) as captured:
        assert len(search_customers(user, "CH2024")) == 1
    sql = captured.captured_queries[0]["sql"]
    assert sql.count('FROM "customers_customer"') == 1


def test_cust10_long_number_finds_phone_or_account(org: Any, agent_a: User) -> None:
    """CUST-10: 7+ digits match a phone (full or tail) and an all-digit account alike."""
    by_phone = make_customer(org.unit_a, account_no="CH1", phones=["13820240003"])
    by_account = make_customer(org.unit_a, account_no="20240003")
    assert _ids(search_customers(agent_a, "20240003")) == [by_account.pk, by_phone.pk]


def test_search_is_one_query_whatever_the_result_size(
    org: Any, agent_a: User, django_assert_max_num_queries: Any
) -> None:
    """CUST-10: a fixed budget (role and scope lookups, candidates, rows), no N+1."""
    for n in range(25):
        make_customer(org.unit_a, name=f"李{n}", phones=[f"1380000{n:04d}", f"1390000{n:04d}"])
    user = User.objects.get(pk=agent_a.pk)

    with django_assert_max_num_queries(5):
        rows = search_customers(user, "李", limit=20)

    assert len(rows) == 20
    assert all("****" in row.phone_masked for row in rows)


def test_cust10_a_common_tail_stops_at_the_limit_but_keeps_the_scope(
    org: Any, dispatcher_b: User
) -> None:
    """CUST-10 (S6): 25 unit-A phones ending 2468 come first in the tail index; a unit-B
    dispatcher still finds unit B's two, and a list stops at `limit + 1` candidates."""
    for i in range(25):  # reversed "86420…": before unit B's "86429…" in cust_phone_rev_idx
        make_customer(org.unit_a, phones=[f"13{i:04d}02468"])
    mine = [make_customer(org.unit_b, phones=[f"19{i:04d}92468"]) for i in range(2)]

    assert sorted(_ids(search_customers(dispatcher_b, "2468"))) == sorted(c.pk for c in mine)
    assert len(search_customers(dispatcher_b, "2468", limit=1)) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("index", ["cust_name_trgm", "cust_address_trgm"])
def test_cust10_text_fragments_are_estimated_from_a_fine_histogram(index: str) -> None:
    """CUST-10 (bench S7): each trigram index's expression keeps 10,000 sampled values.

    With PostgreSQL's default 100, a rare fragment that one sampled value contains is
    estimated at 1 % of the archive, and `LIMIT 21` then scans the table (1–3 s at 5 M).
    """
    if connection.vendor != "postgresql":
        pytest.skip("planner statistics are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstattarget FROM pg_attribute WHERE attrelid = %s::regclass AND attnum = 1",
            [index],
        )
        assert cursor.fetchone() == (10_000,)
