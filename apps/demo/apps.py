from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for `make demo` and `manage.py seed_demo`: the top layer, it may use every app and
    no app uses it."""

    name = "apps.demo"
    label = "demo"
    verbose_name = "Demo"
