"""Work-order pages (being built): intake, queue, detail, a customer's orders."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    return HttpResponse("调度队列")


@login_required
def create(request: HttpRequest) -> HttpResponse:
    return HttpResponse("新建工单")


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("工单详情")


@login_required
def customer_orders(request: HttpRequest, customer_id: int) -> HttpResponse:
    return HttpResponse("")
