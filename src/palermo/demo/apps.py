from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Synthetic data: the `generate` and `demo` commands and the personas used by the tests."""

    name = "palermo.demo"
    label = "demo"
