"""The shared list helper: one page, one allowed sort, links that keep the filters."""

import pytest
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.test import RequestFactory

from coprod.listing import Sort, by_label, filter_data, list_page
from network.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

SORTS = {
    "name": Sort("Name", (Lower("name"),)),
    "kind": Sort("Kind", (by_label("kind", Organisation.Kind.choices), Lower("name"))),
}


def listing_for(query: dict[str, str], per_page: int = 2):
    request = RequestFactory().get("/organisations/", query)
    return list_page(
        request,
        Organisation.objects.all(),
        sorts=SORTS,
        default="name",
        singular="organisation",
        plural="organisations",
        per_page=per_page,
    )


def names(listing) -> list[str]:
    return [organisation.name for organisation in listing.rows]


@pytest.fixture
def eleven() -> None:
    """Eleven organisations, A to K, given out of order and in mixed case."""
    for letter in "KbJdIfHcGeA":
        OrganisationFactory(name=f"{letter} Voices")


def test_the_first_page_is_the_default_with_the_default_sort(eleven):
    listing = listing_for({})

    assert names(listing) == ["A Voices", "b Voices"]
    assert listing.sort == "name"
    assert listing.caption == "Organisations 1 to 2 of 11"
    assert listing.previous_url == ""
    assert listing.next_url == "?page=2"


def test_a_later_page_has_its_rows_and_links_both_ways(eleven):
    listing = listing_for({"page": "3"})

    assert names(listing) == ["e Voices", "f Voices"]
    assert listing.caption == "Organisations 5 to 6 of 11"
    assert listing.previous_url == "?page=2"
    assert listing.next_url == "?page=4"


def test_the_page_numbers_show_the_ends_and_neighbours_with_gaps_between(eleven):
    listing = listing_for({"page": "6"}, per_page=1)

    assert [(link.number, link.is_current) for link in listing.page_links] == [
        (1, False),
        (None, False),
        (5, False),
        (6, True),
        (7, False),
        (None, False),
        (11, False),
    ]
    assert [link.url for link in listing.page_links] == [
        "/organisations/",
        "",
        "?page=5",
        "?page=6",
        "?page=7",
        "",
        "?page=11",
    ]


@pytest.mark.parametrize(
    ("page", "expected"),
    [("abc", 1), ("", 1), ("0", 1), ("-3", 1), ("2.5", 1), ("999", 6), ("6", 6)],
)
def test_a_page_that_is_not_there_falls_back_quietly(eleven, page, expected):
    assert listing_for({"page": page}).page.number == expected


@pytest.mark.parametrize("sort", ["bogus", "-bogus", "--name", "email", "pk", ""])
def test_a_sort_that_is_not_allowed_falls_back_to_the_default(eleven, sort):
    listing = listing_for({"sort": sort})

    assert listing.sort == "name"
    assert names(listing) == ["A Voices", "b Voices"]


def test_a_descending_sort_is_the_exact_reverse(eleven):
    ascending = listing_for({"sort": "name"}, per_page=20)
    descending = listing_for({"sort": "-name"}, per_page=20)

    assert names(descending) == list(reversed(names(ascending)))


def test_choices_sort_by_their_labels_not_their_stored_values(db):
    OrganisationFactory(name="User led", kind=Organisation.Kind.USER_CONTROLLED)
    OrganisationFactory(name="Equality", kind=Organisation.Kind.EQUALITY)
    OrganisationFactory(name="Local", kind=Organisation.Kind.LOCAL)
    OrganisationFactory(name="Carer led", kind=Organisation.Kind.CARER_CONTROLLED)

    listing = listing_for({"sort": "kind"}, per_page=10)

    # Stored values would put carer-controlled first; the labels put Equality first.
    assert names(listing) == ["Equality", "Local", "Carer led", "User led"]


def test_headers_toggle_the_sorted_column_and_offer_the_others_ascending(eleven):
    headers = listing_for({"sort": "name"}).headers

    assert (headers["name"].aria_sort, headers["name"].url) == ("ascending", "?sort=-name")
    assert (headers["kind"].aria_sort, headers["kind"].url) == ("none", "?sort=kind")
    headers = listing_for({"sort": "-name"}).headers
    assert (headers["name"].aria_sort, headers["name"].url) == ("descending", "?sort=name")


def test_links_keep_the_filters_and_sorting_starts_again_at_page_one(eleven):
    listing = listing_for({"q": "voices", "kind": "local", "sort": "-name", "page": "2"})

    assert listing.next_url == "?q=voices&kind=local&sort=-name&page=3"
    assert listing.previous_url == "?q=voices&kind=local&sort=-name"
    assert listing.headers["kind"].url == "?q=voices&kind=local&sort=kind"
    assert listing.headers["name"].url == "?q=voices&kind=local&sort=name"


def test_filter_data_leaves_out_page_and_sort():
    request = RequestFactory().get("/", {"q": "voices", "page": "2", "sort": "-name"})

    assert filter_data(request).dict() == {"q": "voices"}
    assert filter_data(RequestFactory().get("/", {"page": "2", "sort": "name"})) is None


def test_a_list_on_one_page_counts_its_rows_and_shows_no_pages(db):
    OrganisationFactory(name="Only One")
    listing = listing_for({}, per_page=50)

    assert listing.caption == "1 organisation"
    assert render_to_string("includes/pagination.html", {"listing": listing}).strip() == ""


def test_an_empty_list_is_one_empty_page(db):
    listing = listing_for({"page": "3"})

    assert (listing.page.number, listing.rows, listing.caption) == (1, [], "0 organisations")


def test_the_pagination_is_gov_uk_markup_with_the_current_page_marked(eleven):
    listing = listing_for({"page": "2"}, per_page=1)

    html = render_to_string("includes/pagination.html", {"listing": listing})

    assert '<nav class="govuk-pagination" aria-label="Pages of organisations">' in html
    assert 'href="/organisations/"\n                   rel="prev"' in html
    assert 'href="?page=3"\n                   rel="next"' in html
    assert (
        '<a class="govuk-link govuk-pagination__link"\n'
        '                           href="?page=2"\n'
        '                           aria-label="Page 2"\n'
        '                           aria-current="page">2</a>'
    ) in html
    assert html.count('aria-current="page"') == 1
    assert '<li class="govuk-pagination__item govuk-pagination__item--ellipses">' in html
    assert '<span class="govuk-visually-hidden"> page</span>' in html


def test_the_sort_header_carries_aria_sort_and_says_what_the_link_does(eleven):
    header = listing_for({"sort": "-name"}).headers["name"]

    html = render_to_string("includes/sort_header.html", {"header": header})

    assert 'aria-sort="descending"' in html
    assert '<a class="govuk-link" href="?sort=name">Name' in html
    assert '<span class="govuk-visually-hidden">, sort ascending</span>' in html
