from django.apps import AppConfig


class ServerConfig(AppConfig):
    name = "accord.server"
    label = "server"
    verbose_name = "Server"
