"""One switch for htmx partials: a view renders its `_partial` template on HX-Request."""

from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def template_for(request: HttpRequest, full: str, partial: str) -> str:
    return partial if is_htmx(request) else full
