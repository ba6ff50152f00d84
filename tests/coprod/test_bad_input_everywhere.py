"""Bad input of every kind, posted to every form of every part, as a role that may use it.

For each URL that takes a POST (every row of the permission matrix with POST and a role
allowed to use it), hypothesis fills the form the page shows with random, overlong,
wrong-type, Unicode and markup values, posts it and follows any redirect. Each answer must
be a page with the form's errors, a redirect or a 4xx: never a 500. And the markup must
never come back unescaped, there or on the page the redirect leads to: a stored script.

New pages are covered as soon as their rows are in the matrix.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.coprod.test_permission_matrix import (  # noqa: F401 - `world` is a fixture
    MATRIX,
    POST,
    ROLES,
    Contradiction,
    Redirect,
    World,
    client_for,
    world,
)

SCRIPT = '<script>alert("coprod")</script>'
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
MARKUP = (SCRIPT, ATTRIBUTE)
ALLOWED = ("staff", "member", "chair", "core", "board")  # the first that may post is used


class FormFields(HTMLParser):
    """The named controls of the page's forms: inputs, selects (with options), textareas."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, dict[str, Any]] = {}
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "option" and self._select:
            self.fields[self._select]["options"].append(attributes.get("value") or "")
        if not name or name == "csrfmiddlewaretoken":
            return
        if tag == "input":
            kind = (attributes.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            field = self.fields.setdefault(name, {"kind": kind, "options": []})
            if kind in ("radio", "checkbox"):
                field["options"].append(attributes.get("value") or "on")
        elif tag == "select":
            self.fields.setdefault(name, {"kind": "select", "options": []})
            self._select = name
        elif tag == "textarea":
            self.fields.setdefault(name, {"kind": "textarea", "options": []})

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def form_fields(html: str) -> dict[str, dict[str, Any]]:
    parser = FormFields()
    parser.feed(html)
    return parser.fields


texts = st.one_of(
    st.sampled_from(MARKUP),
    st.text(max_size=40),  # any Unicode, control characters and NUL included
    # overlong: one character (or a tag) repeated past any field's limit
    st.builds(
        lambda piece, times: piece * times,
        st.sampled_from(["a", "é", "🙂", "<b>", "\u202e"]),
        st.integers(min_value=300, max_value=3000),
    ),
    st.sampled_from(["", " ", "0", "-1", "1e309", "NaN", "99999999999999999999", "٣", "🙂"]),
)


TOO_BIG_KEY = str(2**63)  # past any database's integer: a record no table can hold


def value_for(field: dict[str, Any], draw: st.DrawFn) -> Any:
    """A value for one control: often wrong for its type, sometimes right, never missing."""
    options = [option for option in field["options"] if option]
    if field["kind"] == "file":
        content = draw(st.binary(max_size=2048))
        name = draw(st.sampled_from(["paper.pdf", "x.exe", "receipt.png", "a" * 200 + ".pdf"]))
        return SimpleUploadedFile(name, content)
    if field["kind"] in ("select", "radio", "checkbox"):
        pick = draw(st.sampled_from(["an option", "a key too big", "anything"]))
        if pick == "an option" and options:
            if field["kind"] == "checkbox":
                return draw(st.lists(st.sampled_from(options), unique=True, max_size=len(options)))
            return draw(st.sampled_from(options))
        if pick == "a key too big":
            return [TOO_BIG_KEY] if field["kind"] == "checkbox" else TOO_BIG_KEY
    return draw(texts)


def posting_cases() -> list[Any]:
    """One case per URL name that takes a POST: its object and the first role allowed."""
    cases: dict[str, Any] = {}
    for url_name, obj, method, *answers in MATRIX:
        if method != POST or url_name in cases:
            continue
        by_role = dict(zip(ROLES, answers, strict=True))
        for role in ALLOWED:
            answer = by_role[role]
            if isinstance(answer, Contradiction):
                continue
            if answer == 200 or isinstance(answer, Redirect):
                cases[url_name] = pytest.param(url_name, obj, role, id=f"{url_name}/{role}")
                break
    return list(cases.values())


def assert_no_raw_markup(content: bytes, where: str) -> None:
    page = content.decode(errors="replace")
    for markup in MARKUP:
        assert markup not in page, f"unescaped markup came back on {where}"


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "obj", "role"), posting_cases())
@settings(
    max_examples=5,
    deadline=None,
    derandomize=True,  # the same examples on every run: a failure can be run again
    database=None,  # nothing kept between runs: CI and a developer see the same examples
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_bad_input_is_answered_never_a_500_never_a_stored_script(
    request: pytest.FixtureRequest,
    world: World,  # noqa: F811 - the fixture imported above
    url_name: str,
    obj: str | None,
    role: str,
    data: st.DataObject,
) -> None:
    url = reverse(url_name, args=getattr(world, obj) if obj else None)
    client = client_for(role, request)
    client.raise_request_exception = False
    # Each example starts from the same records: what one example saved is rolled back.
    with transaction.atomic():
        page = client.get(url)
        html = page.content.decode(errors="replace") if page.status_code == 200 else ""
        body: dict[str, Any] = {}
        for name, field in form_fields(html).items():
            body[name] = value_for(field, data.draw)
        if not body:  # a button-only POST: still send something it does not expect
            body = {"unexpected": data.draw(texts)}
        response = client.post(url, body, follow=True)
        where = f"POST {url} as {role}"
        assert response.status_code < 500, f"{where} answered {response.status_code}"
        assert_no_raw_markup(response.content, where)
        transaction.set_rollback(True)


def test_every_part_takes_part():
    names = {case.values[0] for case in posting_cases()}
    for expected in ("network:organisation-edit", "projects:activity-add", "reporting:phase-add"):
        assert expected in names


def test_the_form_reader_finds_every_kind_of_control():
    html = (
        '<form><input name="title"><input type="hidden" name="csrfmiddlewaretoken">'
        '<input type="radio" name="purpose" value="decide"><input type="radio" name="purpose"'
        ' value="inform"><select name="kind"><option value="">Choose</option>'
        '<option value="workshop">Workshop</option></select><textarea name="notes"></textarea>'
        '<input type="file" name="paper"><button type="submit" name="go">Go</button></form>'
    )
    assert form_fields(html) == {
        "title": {"kind": "text", "options": []},
        "purpose": {"kind": "radio", "options": ["decide", "inform"]},
        "kind": {"kind": "select", "options": ["", "workshop"]},
        "notes": {"kind": "textarea", "options": []},
        "paper": {"kind": "file", "options": []},
    }
