"""Costs in Pakistani rupees, written the way learners read them."""

from decimal import Decimal

from django.conf import settings
from django.template import Library
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from catalog.models import Offering

register = Library()


@register.filter
def pkr(value: int | None) -> str:
    if value is None:
        return _("Cost not known")
    if value == 0:
        return _("Free")
    return _("PKR %(amount)s") % {"amount": f"{value:,}"}


def _usd(amount: Decimal) -> str:
    return f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"


@register.filter
def offering_cost(offering: Offering) -> str:
    """The cost as published: rupees or dollars, and what the amount covers."""
    period = Offering.CostPeriod(offering.cost_period)
    if offering.cost_pkr == 0:
        return _("Free")
    if offering.cost_pkr is not None:
        amount = _("PKR %(amount)s") % {"amount": f"{offering.cost_pkr:,}"}
    elif offering.cost_usd is not None:
        amount = _("US$%(amount)s (about PKR %(rupees)s)") % {
            "amount": _usd(offering.cost_usd),
            "rupees": f"{offering.cost_in_pkr(usd_to_pkr=settings.USD_TO_PKR):,}",
        }
    else:
        return _("Cost not known")
    if period == Offering.CostPeriod.TOTAL:
        return amount
    return f"{amount} {period.label}"


@register.simple_tag
def cost_total(total_pkr: int, unknown: int, steps: int | None = None) -> str:
    """A path's cost in words: what is known, and how many steps publish no cost; never
    "Free" alone when some costs are unknown, nor at all when no step's cost is known."""
    known = pkr(total_pkr)
    if not unknown:
        return known
    if steps is not None and unknown >= steps:
        words = ngettext(
            "step whose cost is not published", "steps whose cost is not published", unknown
        )
        return format_html('{}<span class="cost-note">{}</span>', unknown, words)
    note = ngettext(
        "plus %(count)d step whose cost is not published",
        "plus %(count)d steps whose cost is not published",
        unknown,
    ) % {"count": unknown}
    return format_html('{}<span class="cost-note">, {}</span>', known, note)
