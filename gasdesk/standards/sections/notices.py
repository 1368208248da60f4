"""Customer notices (SMS-1): Chinese message templates and the retry policy of failed sends.

Templates are plain text rendered with `str.format_map` on a fixed set of fields
(`TEMPLATE_FIELDS`); a template naming any other field, or using attribute/index access, is
rejected when the pack is loaded, so no YAML can reach code or data it was not given.
"""

from __future__ import annotations

from string import Formatter

from pydantic import Field, field_validator

from gasdesk.standards.schema_base import Frozen

# The only fields a template may name; the notices app fills them (customer fields at send time).
TEMPLATE_FIELDS = frozenset(
    {
        "customer_name",
        "account_no",
        "company_name",
        "hotline",
        "title",
        "address",
        "start_at",
        "end_at",
        "date",
        "time",
        "reason",
    }
)


def template_fields(text: str) -> set[str]:
    """The field names `text` uses; ValueError on `{a.b}`, `{a[0]}`, `{a:>9}`, `{a!r}`, bad `{`."""
    names: set[str] = set()
    for _literal, name, spec, conversion in Formatter().parse(text):
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise ValueError(f"template field {name!r}: only plain names are allowed")
        names.add(name)
    return names


class MessageTemplate(Frozen):
    """One notice text (SMS body; the first line doubles as an e-mail subject)."""

    text: str = Field(min_length=1, max_length=500)
    source: str = ""

    @field_validator("text")
    @classmethod
    def _known_fields(cls, value: str) -> str:
        unknown = template_fields(value) - TEMPLATE_FIELDS
        if unknown:
            raise ValueError(f"unknown template fields {sorted(unknown)}")
        return value


class RetryPolicy(Frozen):
    """How often a failed send is retried: the n-th retry waits `backoff_minutes[n-1]`."""

    max_tries: int = Field(ge=1, le=20)
    backoff_minutes: tuple[int, ...] = Field(min_length=1)


class NoticeRules(Frozen):
    templates: dict[str, MessageTemplate]  # code -> template (outage_planned, …)
    retry: RetryPolicy
    sender_name: str = ""  # SMS signature 【…】
