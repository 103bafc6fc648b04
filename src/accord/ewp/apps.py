from django.apps import AppConfig


class EwpConfig(AppConfig):
    name = "accord.ewp"
    label = "ewp"
