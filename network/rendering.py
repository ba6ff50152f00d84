"""Bulletin Markdown to safe HTML and to plain text: no script, no raw HTML, no on*=."""

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

# What Markdown makes, and nothing else: raw HTML written into the Markdown is escaped
# before nh3 sees it, and nh3 then drops anything (a tag, an attribute) not listed here.
TAGS = {
    "a",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "ul",
}
ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


class _EscapeHtml(markdown.Extension):
    """Raw HTML in the Markdown is shown as text, not passed through."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


def markdown_to_html(text: str) -> SafeString:
    """The Markdown as HTML that is safe to put in a page or an email."""
    html = markdown.markdown(text, extensions=[_EscapeHtml()], output_format="html")
    cleaned = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)  # noqa: S308 (nh3 has just cleaned it)


def markdown_to_text(text: str) -> str:
    """The Markdown as the plain-text part of an email: it reads well as it is."""
    return text.replace("\r\n", "\n").strip()
