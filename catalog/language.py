"""Which of the catalog's two languages to show: plain Python, shared by the models and by
the recommender's data (which holds no ORM objects)."""

from django.utils.translation import get_language


def in_language(english: str, urdu: str) -> str:
    """The Urdu text while Urdu is spoken and the catalog has one; the English otherwise."""
    if urdu and (get_language() or "").startswith("ur"):
        return urdu
    return english
