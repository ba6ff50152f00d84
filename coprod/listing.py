"""One page of a list, sorted by one of its columns, from the request's `page` and `sort`.

Every list in Coprod shows at most 50 rows and sorts by a whitelist of its columns, so a
page costs the same however large the network grows. A view names its sorts and calls
`list_page`; the templates render `includes/sort_header.html` for each sortable column
and `includes/pagination.html` below the table. Anything unexpected in `page` or `sort`
falls back quietly to the first page (the last, past the end) and the default sort.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Case, F, OrderBy, QuerySet, Value, When
from django.db.models.expressions import BaseExpression
from django.http import HttpRequest, QueryDict

PER_PAGE = 50
CONTROLS = ("page", "sort")  # the list's own parameters, as opposed to its filters


@dataclass(frozen=True)
class Sort:
    """A sortable column: its heading and the ordering it stands for, ascending."""

    label: str
    ordering: tuple[str | BaseExpression, ...]


@dataclass(frozen=True)
class SortHeader:
    """A column heading that links to the list sorted by it (the other way if it already is)."""

    label: str
    url: str
    aria_sort: str  # "ascending", "descending" or "none"
    next_direction: str  # what following the link does, for screen readers


@dataclass(frozen=True)
class PageLink:
    """One item of the page numbers: a link to a page, or a gap ("…") between them."""

    number: int | None
    url: str
    is_current: bool = False

    @property
    def is_gap(self) -> bool:
        return self.number is None


@dataclass(frozen=True)
class Listing:
    """One page of a sorted list and the links to its other pages and sorts."""

    page: Page
    sort: str
    headers: dict[str, SortHeader]
    page_links: list[PageLink]
    previous_url: str
    next_url: str
    singular: str
    plural: str

    @property
    def rows(self) -> list[Any]:
        return self.page.object_list  # type: ignore[return-value]

    @property
    def count(self) -> int:
        return self.page.paginator.count

    @property
    def caption(self) -> str:
        """Like "Organisations 51 to 100 of 336" over several pages, "3 organisations" on one."""
        if self.page.paginator.num_pages > 1:
            first, last = self.page.start_index(), self.page.end_index()
            return f"{self.plural.capitalize()} {first} to {last} of {self.count}"
        return f"{self.count} {self.singular if self.count == 1 else self.plural}"


def by_label(field: str, choices: list[tuple[str, str]], default: str = "") -> Case:
    """Order a choice field by the labels people read rather than the values stored."""
    return Case(
        *[When(**{field: value}, then=Value(str(label))) for value, label in choices],
        default=Value(default),
    )


def filter_data(request: HttpRequest) -> QueryDict | None:
    """The request's filters without the list's own page and sort (None when there are none)."""
    data = request.GET.copy()
    for name in CONTROLS:
        data.pop(name, None)
    return data or None


def list_page(
    request: HttpRequest,
    rows: QuerySet,
    *,
    sorts: Mapping[str, Sort],
    default: str,
    singular: str,
    plural: str,
    per_page: int = PER_PAGE,
) -> Listing:
    """The page of `rows` the request asks for, sorted as it asks if the sort is allowed."""
    sort = request.GET.get("sort", "")
    if sort.removeprefix("-") not in sorts:
        sort = default
    key, descending = sort.removeprefix("-"), sort.startswith("-")
    ordering = [_order(item, descending) for item in sorts[key].ordering]
    rows = rows.order_by(*ordering, "-pk" if descending else "pk")  # pk: a stable order
    paginator = Paginator(rows, per_page)
    page = paginator.page(min(_page_number(request), paginator.num_pages))
    page.object_list = list(page.object_list)  # one query, whatever the template asks of it
    return Listing(
        page=page,
        sort=sort,
        headers={name: _header(request, name, column, sort) for name, column in sorts.items()},
        page_links=[
            PageLink(None, "")
            if number == Paginator.ELLIPSIS
            else PageLink(
                int(number), _url(request, page=number), is_current=number == page.number
            )
            for number in paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
        ],
        previous_url=_url(request, page=page.number - 1) if page.has_previous() else "",
        next_url=_url(request, page=page.number + 1) if page.has_next() else "",
        singular=singular,
        plural=plural,
    )


def _page_number(request: HttpRequest) -> int:
    """The page asked for: 1 for anything but a whole number, past the end means the last."""
    try:
        return max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        return 1


def _order(item: str | BaseExpression, descending: bool) -> OrderBy:
    expression = F(item) if isinstance(item, str) else item
    if descending:  # the exact reverse of ascending, blanks and all, on every database
        return expression.desc(nulls_first=True)
    return expression.asc(nulls_last=True)


def _header(request: HttpRequest, name: str, column: Sort, sort: str) -> SortHeader:
    if sort == name:
        aria_sort, target = "ascending", f"-{name}"
    elif sort == f"-{name}":
        aria_sort, target = "descending", name
    else:
        aria_sort, target = "none", name
    return SortHeader(
        label=column.label,
        url=_url(request, sort=target, page=None),
        aria_sort=aria_sort,
        next_direction="descending" if target.startswith("-") else "ascending",
    )


def _url(request: HttpRequest, **changes: object) -> str:
    """This list's address with some parameters changed (None drops one), filters kept."""
    query = request.GET.copy()
    for name, value in changes.items():
        query.pop(name, None)
        if value is not None and not (name == "page" and value == 1):
            query[name] = str(value)
    return f"?{query.urlencode()}" if query else request.path
