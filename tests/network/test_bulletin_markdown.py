"""Bulletin Markdown becomes safe HTML: no script, no raw HTML, no event handlers."""

from html.parser import HTMLParser

from network.rendering import markdown_to_html


class Elements(HTMLParser):
    """The tags and attribute names in some HTML (text is not looked at)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(name for name, _ in attrs)


def test_markdown_is_rendered():
    html = markdown_to_html("## News\n\n**Bold** and [a link](https://example.org)\n\n- one")
    assert html == (
        "<h2>News</h2>\n<p><strong>Bold</strong> and "
        '<a href="https://example.org" rel="noopener noreferrer">a link</a></p>\n'
        "<ul>\n<li>one</li>\n</ul>"
    )


def test_script_is_shown_as_text_never_run():
    html = markdown_to_html("Hi <script>alert(1)</script>\n\n<script>alert(2)</script>")
    assert "script" not in Elements(html).tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_event_handler_attributes_do_not_pass():
    html = markdown_to_html('<img src="x" onerror="alert(1)">\n\n<a href="#" onclick="x()">a</a>')
    elements = Elements(html)
    assert elements.tags == ["p", "p"]
    assert elements.attributes == []


def test_javascript_links_lose_their_address():
    html = markdown_to_html("[click](javascript:alert(1)) and ![pic](x.png)")
    assert "javascript:" not in html
    assert "<img" not in html
    assert "click" in html
