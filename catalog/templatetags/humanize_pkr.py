"""Costs in Pakistani rupees, written the way learners read them."""

from django.template import Library
from django.utils.translation import gettext as _

register = Library()


@register.filter
def pkr(value: int | None) -> str:
    if value is None:
        return _("Cost not known")
    if value == 0:
        return _("Free")
    return _("PKR %(amount)s") % {"amount": f"{value:,}"}
