"""Bridge from domain errors to Django forms."""

from django import forms

from gasdesk.core.errors import RuleViolation


def add_rule_error(form: forms.Form, error: RuleViolation) -> None:
    """Attach a service's RuleViolation to the form field it names (or the form itself)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
