"""API routes of business_calendar: the calendar calculator."""

from django.urls import path

from gasdesk.business_calendar.api import views

urlpatterns = [
    path("calendar/add/", views.DeadlineView.as_view(), name="calendar-add"),
    path("calendar/elapsed/", views.ElapsedView.as_view(), name="calendar-elapsed"),
    path("calendar/days/", views.CalendarDaysView.as_view(), name="calendar-days"),
]
