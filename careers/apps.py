"""The learner side of Raasta; also holds the project's settings and root URLconf."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareersConfig(AppConfig):
    name = "careers"
    verbose_name = _("Careers")

    def ready(self) -> None:
        from careers import signals  # noqa: F401  (connects the receivers)
