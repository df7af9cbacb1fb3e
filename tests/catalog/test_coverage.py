"""What counts as an offering's own page in the catalog report."""

import pytest

from catalog.coverage import url_is_specific, url_on_other_site


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


@pytest.mark.parametrize(
    ("url", "provider_url", "elsewhere"),
    [
        ("https://www.coursera.org/learn/x", "https://www.coursera.org", False),
        ("https://cs231n.stanford.edu/", "https://www.stanford.edu", False),
        ("https://www.urdupoint.com/en/pakistan/fit.html", "https://www.comsats.edu.pk", True),
        ("https://mml-book.github.io/", "https://github.com", True),
        ("https://example.org/course", "", False),
    ],
)
def test_an_address_on_another_site_than_the_providers_is_counted_apart(
    url, provider_url, elsewhere
):
    assert url_on_other_site(url, provider_url) is elsewhere
