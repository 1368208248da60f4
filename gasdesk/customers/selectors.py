"""Customer reads shared by pages, API and export: search (CUST-10), rows, detail, tier history.

Search must answer in milliseconds at 5 million customers on PostgreSQL. Each kind of query is
served by an index, and results are fetched in one query with the contact columns annotated:

- digits only, ≥ 7 → a phone (full number or tail) or an account number: the union of a
  prefix range on `CustomerPhone.digits_reversed` (cust_phone_rev_idx) and a prefix range on
  `Customer.account_no` (its unique index);
- 4–6 digits → a phone tail (same range), stopped at `limit + 1` customers in scope before
  ordering (S6); fewer digits match too much and return nothing;
- letters and digits without spaces (e.g. `CH0012`) → an account-number prefix range;
- anything else → a name or address fragment: `icontains`, which Django renders on PostgreSQL
  as `UPPER(col::text) LIKE UPPER('%q%')`; migration 0002 adds pg_trgm GIN indexes on
  UPPER(name) and UPPER(text) so that LIKE is an index scan. Each source stops at `limit + 1`
  candidates before ordering (see `_text_candidates`; bench finding S4).
- 1–2 characters (the surname "王", the name "王芳") cannot use trigrams. They are matched as
  a name PREFIX (surname first, as agents type names), by the range
  `name COLLATE "C" >= q AND < successor(q)` served by the C-collated index of migration 0004
  on PostgreSQL (1.7 ms instead of ~0.4–1.4 s at 1–5 M; bench finding S2). Trade-off: "芳" or
  "建国" alone no longer finds "王芳" / "王建国" (type three characters, or the surname
  first); Latin 1–2-letter input is case-sensitive. pg_bigm would keep infix matching at the
  price of another extension and a larger index.

Prefix ranges are written `col >= p AND col < successor(p)`, never LIKE 'p%': under a non-C
collation PostgreSQL cannot serve LIKE from a btree index. The upper bound is the prefix with
its last character incremented ("1234" → "1235"), not `p + "~"`: under ICU or glibc collations
punctuation sorts before digits ("1234~" < "12345"), which would silently drop matches.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.db import connections
from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Collate

from gasdesk.customers.choices import CATEGORY_LABELS, TIER_DISPLAY
from gasdesk.customers.masking import mask_phone
from gasdesk.customers.models import (
    Customer,
    CustomerAddress,
    CustomerPhone,
    Meter,
    TierChange,
)
from gasdesk.org.models import OrgUnit
from gasdesk.org.scoping import scope_root
from gasdesk.standards.schema import Category, Tier

if TYPE_CHECKING:
    from gasdesk.org.models import User

DIGITS = "0123456789"
ACCOUNT_ALPHABET = "-" + DIGITS + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
PHONE_OR_ACCOUNT_MIN_DIGITS = 7
PHONE_TAIL_MIN_DIGITS = 4
SEARCH_LIMIT_MAX = 100
PHONE_CANDIDATES = 200  # a full number or a 7+-digit tail matches a handful of phones
TRIGRAM_LENGTH = 3
ROW_FIELDS = (
    "id",
    "account_no",
    "name",
    "category",
    "tier",
    "is_active",
    "org_unit__name",
    "first_phone",
    "primary_address",
)
_SEPARATORS = re.compile(r"[\s\-()（）+]")
_ACCOUNT_LIKE = re.compile(r"^(?=.*[0-9])(?=.*[A-Za-z])[0-9A-Za-z-]+$")


class QueryKind(StrEnum):
    NONE = "none"
    PHONE_TAIL = "phone_tail"
    PHONE_OR_ACCOUNT = "phone_or_account"
    ACCOUNT = "account"
    TEXT = "text"


@dataclass(frozen=True)
class SearchQuery:
    kind: QueryKind
    term: str


@dataclass(frozen=True)
class CustomerRow:
    """A light result row: what the agent needs to pick the caller; the phone is masked."""

    id: int
    account_no: str
    name: str
    category: str
    tier: str
    is_active: bool
    org_unit_name: str
    phone_masked: str
    address: str

    @property
    def tier_label(self) -> str:
        return str(TIER_DISPLAY[Tier(self.tier)])

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS[Category(self.category)]


def classify_query(query: str) -> SearchQuery:
    """Decide which index answers the agent's input (see the module docstring)."""
    text = query.strip()
    compact = _SEPARATORS.sub("", text)
    if not compact:
        return SearchQuery(QueryKind.NONE, "")
    if compact.isascii() and compact.isdigit():
        if len(compact) >= PHONE_OR_ACCOUNT_MIN_DIGITS:
            return SearchQuery(QueryKind.PHONE_OR_ACCOUNT, compact)
        if len(compact) >= PHONE_TAIL_MIN_DIGITS:
            return SearchQuery(QueryKind.PHONE_TAIL, compact)
        return SearchQuery(QueryKind.NONE, compact)
    if _ACCOUNT_LIKE.match(text):
        return SearchQuery(QueryKind.ACCOUNT, text.upper())
    return SearchQuery(QueryKind.TEXT, text)


def prefix_upper_bound(prefix: str, alphabet: str) -> str | None:
    """The smallest string above every string that starts with `prefix` (None: no bound)."""
    chars = list(prefix)
    while chars:
        position = alphabet.find(chars[-1])
        if 0 <= position < len(alphabet) - 1:
            chars[-1] = alphabet[position + 1]
            return "".join(chars)
        chars.pop()
    return None


def prefix_range(field: str, prefix: str, alphabet: str) -> Q:
    """`field` starts with `prefix`, as an index-served range on any collation."""
    condition = Q(**{f"{field}__gte": prefix})
    upper = prefix_upper_bound(prefix, alphabet)
    return condition & Q(**{f"{field}__lt": upper}) if upper is not None else condition


def _phone_range(digits: str) -> Q:
    return prefix_range("digits_reversed", digits[::-1], DIGITS)


def _name_prefix(qs: QuerySet[Customer], term: str) -> QuerySet[Customer]:
    """Names starting with `term`, ordered by name (S2): an index range on PostgreSQL.

    C collation compares code points, so `[term, successor)` is exactly the names with that
    prefix; SQLite compares code points already (BINARY), without the COLLATE.
    """
    upper = term[:-1] + chr(ord(term[-1]) + 1)
    if connections[qs.db].vendor == "postgresql":
        qs = qs.alias(name_c=Collate("name", "C"))
        return qs.filter(name_c__gte=term, name_c__lt=upper).order_by("name_c")
    return qs.filter(name__gte=term, name__lt=upper).order_by("name")


def _text_candidates(base: QuerySet[Customer], term: str, count: int) -> list[int]:
    """Up to `count` customers per source whose name or an address contains `term`.

    A common fragment ("东塘路", "王") matches tens of thousands of accounts; ordering them
    all to show 20 costs a scan of the customer table. The agent refines the query instead,
    so each source stops at `count` (limit + 1) matches, a LIMIT the index scan stops at,
    and only those are ordered: fewer rows read means the planner keeps the index (S4).
    Fragments shorter than a trigram are a name prefix and search names only.
    """
    if len(term) < TRIGRAM_LENGTH:
        return list(_name_prefix(base, term).values_list("id", flat=True)[:count])
    names = base.filter(name__icontains=term).order_by().values_list("id", flat=True)
    places = (
        CustomerAddress.objects.filter(text__icontains=term, customer__in=base.values("id"))
        .order_by()
        .values_list("customer_id", flat=True)
    )
    return [*names[:count], *places[:count]]


def _narrow(qs: QuerySet[Customer], search: SearchQuery, limit: int) -> QuerySet[Customer]:
    """The scoped queryset narrowed to the matches, each kind by its own index.

    An account prefix is a range on the outer query (S1): as a semi-join the planner walked
    the account index from the start and probed every row (up to 5 s at 5 M). A number of 7+
    digits may be a phone or an account: the few phone matches are read first and OR-ed, as
    literals, with the account range, so both sides stay index scans.
    """
    if search.kind == QueryKind.TEXT:
        return qs.filter(pk__in=_text_candidates(qs, search.term, limit + 1))
    accounts = prefix_range("account_no", search.term, ACCOUNT_ALPHABET)
    if search.kind == QueryKind.ACCOUNT:
        return qs.filter(accounts)
    phones = _ids(CustomerPhone.objects.filter(_phone_range(search.term)), "customer_id")
    if search.kind == QueryKind.PHONE_TAIL:
        return qs.filter(pk__in=_tail_candidates(qs, phones, limit + 1))
    found = list(phones.values_list("customer_id", flat=True)[:PHONE_CANDIDATES])
    return qs.filter(accounts | Q(pk__in=found)) if found else qs.filter(accounts)


def _tail_candidates(qs: QuerySet[Customer], phones: QuerySet[Any], count: int) -> Any:
    """The first `count` customers in scope whose phone ends with the tail (S6).

    Four digits match ~600 of 5 M customers; ordering them all by account read each one's row,
    60 ms p99 with a cold cache. As for text (S4), the scan stops at `count` matches in scope and
    only those are ordered: the agent types more digits to narrow a long list.
    """
    return phones.filter(customer__in=qs.values("id"))[:count]


def _ids(qs: QuerySet[Any], column: str) -> QuerySet[Any]:
    return qs.order_by().values(column)


def with_contact(
    qs: QuerySet[Customer], *, phone_filter: Q | None = None, extra: Sequence[str] = ()
) -> QuerySet[Any]:
    """Rows with one phone (the matching one when given) and the primary address annotated.

    Correlated subqueries keep a list at one query whatever its length (no N+1).
    """
    phones = CustomerPhone.objects.filter(customer=OuterRef("pk")).order_by("id")
    phone: Any = Subquery(phones.values("number")[:1])
    if phone_filter is not None:
        phone = Coalesce(Subquery(phones.filter(phone_filter).values("number")[:1]), phone)
    address = CustomerAddress.objects.filter(customer=OuterRef("pk")).order_by("-is_primary", "id")
    annotated = qs.annotate(first_phone=phone, primary_address=Subquery(address.values("text")[:1]))
    rows: QuerySet[Any] = annotated.values(*ROW_FIELDS, *extra)
    return rows


def to_row(values: dict[str, Any]) -> CustomerRow:
    return CustomerRow(
        id=values["id"],
        account_no=values["account_no"],
        name=values["name"],
        category=values["category"],
        tier=values["tier"],
        is_active=values["is_active"],
        org_unit_name=values["org_unit__name"] or "",
        phone_masked=mask_phone(values["first_phone"] or ""),
        address=values["primary_address"] or "",
    )


def search_customers(
    user: User, query: str, *, limit: int = 20, base: QuerySet[Customer] | None = None
) -> list[CustomerRow]:
    """CUST-10: the agent's first action on every call: scoped, masked, limited rows.

    Phone tails and accounts take one query, a number of 7+ digits two (phones, rows), a
    name/address fragment three (candidates by name, by address, rows) or two for 1–2
    characters; see `_narrow`. `base` lets the API and pages
    narrow the scoped list with the shared CustomerFilter first; it must start from
    `visible_to`.
    """
    search = classify_query(query)
    if search.kind == QueryKind.NONE:
        return []
    limit = min(limit, SEARCH_LIMIT_MAX)
    qs = base if base is not None else Customer.objects.visible_to(user)
    qs = _narrow(qs, search, limit).order_by("account_no")
    by_phone = search.kind in (QueryKind.PHONE_TAIL, QueryKind.PHONE_OR_ACCOUNT)
    phone_filter = _phone_range(search.term) if by_phone else None
    rows = with_contact(qs, phone_filter=phone_filter)[:limit]
    return [to_row(values) for values in rows]


def customer_rows(qs: QuerySet[Customer]) -> QuerySet[Any]:
    """The list/export shape for a filtered, scoped queryset (see with_contact)."""
    return with_contact(qs)


def customer_detail(user: User) -> QuerySet[Customer]:
    """Customers the user may open, with everything the 360 page shows in 4 queries."""
    return (
        Customer.objects.visible_to(user)
        .select_related("org_unit", "customer_manager")
        .prefetch_related("phones", "addresses", Prefetch("meters", queryset=meters_in_order()))
    )


def meters_in_order() -> QuerySet[Meter]:
    """METER-1: meters on site first, then the retired ones (newest retirement first)."""
    return Meter.objects.order_by(F("retired_on").desc(nulls_first=True), "id")


def tier_history(customer: Customer) -> QuerySet[TierChange]:
    """CUST-4: the customer's tier changes, newest first (cust_tierchange_idx)."""
    return customer.tier_changes.select_related("by").order_by("-at", "-id")


def units_for(user: User) -> QuerySet[OrgUnit]:
    """Org units the user may file a customer under: their scope subtree."""
    root = scope_root(user)
    return OrgUnit.objects.all() if root is None else OrgUnit.objects.subtree(root)
