"""The appointment register as a CSV file (APPT-9: 客服中心预约服务登记表 / 上门服务登记表)."""

from __future__ import annotations

import csv
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from gasdesk.customers.masking import mask_phone
from gasdesk.regulations.models import Appointment, AppointmentKind


def _when(moment: object) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""  # type: ignore[arg-type]


def _row(a: Appointment) -> list[str]:
    return [
        _when(a.requested_at),
        a.applicant_name,
        mask_phone(a.applicant_phone),
        a.get_applicant_kind_display(),
        a.get_channel_display(),
        a.get_kind_display(),
        a.get_scope_display(),
        a.matter,
        _when(a.reply_due_at),
        _when(a.replied_at),
        _when(a.agreed_start_at),
        a.place,
        str(a.staff or ""),
        a.get_status_display(),
        _when(a.served_at),
        a.completion_statement,
        str(a.created_by),
    ]


def register_csv(rows: Iterable[Appointment], kind: str) -> HttpResponse:
    """One row per appointment with the register's columns; phones masked as on screen."""
    title = _("上门服务登记表") if kind == AppointmentKind.HOME else _("预约服务登记表")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="appointment-register.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 CSV with a BOM
    writer = csv.writer(response)
    writer.writerow([title])
    writer.writerow(
        [
            _("申请时间"),
            _("申请人"),
            _("联系电话"),
            _("服务对象"),
            _("申请方式"),
            _("服务方式"),
            _("事项类别"),
            _("办理事项"),
            _("答复时限"),
            _("答复时间"),
            _("约定时间"),
            _("约定地点"),
            _("服务人员"),
            _("状态"),
            _("办理时间"),
            _("办结情况说明"),
            _("登记人"),
        ]
    )
    for appointment in rows:
        writer.writerow(_row(appointment))
    return response
