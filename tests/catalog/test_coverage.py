"""What counts as an offering's own page in the catalog report."""

import pytest

from catalog.coverage import url_is_specific


@pytest.mark.parametrize(
    ("url", "provider_url", "specific"),
    [
        ("https://www.coursera.org/learn/machine-learning", "https://www.coursera.org", True),
        ("https://www.coursera.org/", "https://www.coursera.org", False),
        ("https://coursera.org", "https://www.coursera.org", False),
        ("https://pycon.pk", "https://pycon.pk", False),
        # A course's own site on its provider's domain is its page.
        ("https://cs231n.stanford.edu/", "https://www.stanford.edu", True),
        ("https://course.fast.ai", "https://www.fast.ai", True),
        ("https://ocw.vu.edu.pk/", "https://vu.edu.pk", True),
        # A bare address on any other host says nothing about which offering it is.
        ("https://www.meetup.com", "", False),
        ("https://www.meetup.com", "https://pydata.org", False),
        ("https://example.org/?p=2130", "https://example.org", True),
        ("", "https://example.org", False),
    ],
)
def test_an_offerings_own_page_is_not_its_providers_home(url, provider_url, specific):
    assert url_is_specific(url, provider_url) is specific
