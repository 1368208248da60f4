"""Field work: dispatch, the technician's day, emergencies (DSP, EMG)."""

from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    name = "gasdesk.fieldwork"
    label = "fieldwork"
    verbose_name = "现场作业"
