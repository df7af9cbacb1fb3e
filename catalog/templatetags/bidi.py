"""Embedded English (a course title, a provider's name) isolated inside Urdu sentences, so
the words around it keep their right-to-left order."""

from django.template import Library
from django.utils.html import format_html

register = Library()


@register.filter
def bdi(value) -> str:
    """The value in a <bdi>, for a name placed inside a translated sentence."""
    return format_html("<bdi>{}</bdi>", value)
