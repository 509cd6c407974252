"""Markdown to HTML that is safe to show or export: nothing runs and nothing is fetched.

A practitioner's Markdown may hold raw HTML (pasted from anywhere). Python-Markdown passes raw HTML
through, so its output always goes through ``nh3`` with a short list of tags and attributes: no
scripts, styles, event handlers, frames, forms or SVG, and links only to absolute ``http``,
``https`` and ``mailto`` addresses. Images are never loaded (a journal has no attachments, and a
remote image is a tracking beacon), so every image becomes its alt text. The desktop preview and
the exporters share this one function; it has no Qt in it.
"""

from __future__ import annotations

import html
import re

import markdown
import nh3

#: What a reflection may be formatted with; everything else is removed (its text is kept).
ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "code",
        "dd",
        "del",
        "dl",
        "dt",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",  # kept by the sanitiser only so its alt text can replace it (see below)
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "small",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    }
)

#: Tags removed together with everything inside them (their content is code or markup, not prose).
REMOVED_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "svg",
        "math",
        "template",
        "noscript",
        "noembed",
        "noframes",
        "textarea",
        "select",
        "title",
        "head",
        "xmp",
        "plaintext",
    }
)

#: Attributes kept, per tag. No ``src``, ``style``, ``class`` or ``on*`` anywhere.
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"alt"},
    "ol": {"start"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan"},
}

URL_SCHEMES = frozenset({"http", "https", "mailto"})

_EXTENSIONS = ["tables", "fenced_code", "sane_lists"]
_EXTENSION_CONFIGS = {"tables": {"use_align_attribute": True}}

# nh3 serialises every attribute as name="value" with '"' escaped, so this matches its <img> tags
# whole even when an alt text holds a '>'.
_IMG = re.compile(r'<img(?:\s+[\w:-]+="[^"]*")*\s*/?>')
_ALT = re.compile(r'\balt="([^"]*)"')


def _image_as_text(match: re.Match[str]) -> str:
    alt = _ALT.search(match.group(0))
    text = html.unescape(alt.group(1)).strip() if alt else ""
    return f"<em>[image: {html.escape(text)}]</em>" if text else "<em>[image]</em>"


def sanitise_html(fragment: str) -> str:
    """``fragment`` with everything unsafe removed and images replaced by their alt text."""
    cleaned = nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        url_relative="deny",
        strip_comments=True,
    )
    return _IMG.sub(_image_as_text, cleaned)


def render_markdown(text: str) -> str:
    """Safe HTML for a Markdown ``text``: for the app's preview and for exports."""
    converted = markdown.markdown(
        text, extensions=_EXTENSIONS, extension_configs=_EXTENSION_CONFIGS, output_format="html"
    )
    return sanitise_html(converted)
