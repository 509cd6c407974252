"""Markdown as plain blocks (headings, paragraphs, list items …) for formats that are not HTML.

PDF and Word exports show a reflection's structure — its headings, paragraphs and lists — as
plain text, without inline emphasis. The Markdown goes through the same safe renderer as the
app's preview (:func:`reflect.core.markdown_render.render_markdown`), so raw HTML in a body can
never smuggle anything into an export, and the resulting HTML is read back into blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Literal

BlockKind = Literal["heading", "paragraph", "bullet", "number", "quote", "code", "rule"]

_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "hr", "tr", "dt", "dd"}


@dataclass(frozen=True)
class Block:
    """One block of a body.

    Attributes:
        kind: What sort of block it is.
        text: Its text, whitespace collapsed (kept as is in code).
        level: A heading's level (1-6), or a list item's depth (1 for the outermost list).
        number: A numbered list item's number.
    """

    kind: BlockKind
    text: str
    level: int = 0
    number: int = 0


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._text: list[str] = []
        self._kind: BlockKind | None = None
        self._level = 0
        self._number = 0
        self._lists: list[list[int]] = []  # per open list: [is_numbered, next number]
        self._quote = 0
        self._pre = 0
        self._cells: list[str] | None = None

    def _flush(self) -> None:
        raw = "".join(self._text)
        self._text = []
        text = raw.strip("\n") if self._pre else " ".join(raw.split())
        if text:
            kind = self._kind or ("quote" if self._quote else "paragraph")
            self.blocks.append(Block(kind, text, self._level, self._number))
        self._kind, self._level, self._number = None, 0, 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("ul", "ol"):
            self._flush()
            start = dict(attrs).get("start") or "1"
            self._lists.append([tag == "ol", int(start) if start.isdigit() else 1])
            return
        if tag == "blockquote":
            self._flush()
            self._quote += 1
            return
        if tag == "br":
            self._text.append("\n" if self._pre else " ")
            return
        if tag in ("td", "th") and self._cells is not None:
            self._cells.append("")
            return
        if tag == "tr":
            self._flush()
            self._cells = []
            return
        if tag not in _BLOCK_TAGS:
            return
        if tag == "p" and self._kind in ("bullet", "number") and not "".join(self._text).strip():
            return  # a "loose" list item: its paragraph is the item itself
        self._flush()
        if tag[0] == "h" and tag[1:].isdigit():
            self._kind, self._level = "heading", int(tag[1:])
        elif tag == "li" and self._lists:
            numbered, number = self._lists[-1]
            self._kind = "number" if numbered else "bullet"
            self._level, self._number = len(self._lists), number
            self._lists[-1][1] += 1
        elif tag == "pre":
            self._kind = "code"
            self._pre += 1
        elif tag == "hr":
            self.blocks.append(Block("rule", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol"):
            self._flush()
            if self._lists:
                self._lists.pop()
        elif tag == "blockquote":
            self._flush()
            self._quote = max(0, self._quote - 1)
        elif tag == "tr" and self._cells is not None:
            cells = [" ".join(c.split()) for c in self._cells]
            self._cells = None
            self._text = [" | ".join(cells)]
            self._flush()
        elif tag == "pre":
            self._flush()
            self._pre = max(0, self._pre - 1)
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._cells is not None:
            if self._cells:
                self._cells[-1] += data
            return
        self._text.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def markdown_blocks(text: str) -> list[Block]:
    """The blocks of a Markdown ``text``, in order."""
    from reflect.core.markdown_render import render_markdown

    if not text.strip():
        return []
    reader = _Reader()
    reader.feed(render_markdown(text))
    reader.close()
    return reader.blocks


def plain_text(text: str) -> str:
    """A Markdown ``text`` as plain paragraphs separated by blank lines (list items on lines of
    their own, headings as lines)."""
    lines: list[str] = []
    for block in markdown_blocks(text):
        if block.kind == "bullet":
            lines.append("  " * (block.level - 1) + "• " + block.text)
        elif block.kind == "number":
            lines.append("  " * (block.level - 1) + f"{block.number}. " + block.text)
        elif block.kind != "rule":
            lines.append(block.text)
    return "\n\n".join(lines)


_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")


def safe_markdown(text: str, demote: int = 0) -> str:
    """A Markdown ``text`` as it can go into an exported Markdown file: raw HTML shown as text,
    never rendered; images (which a viewer would fetch) replaced by their description; headings
    moved ``demote`` levels down so they sit under the export's own."""
    text = _IMAGE.sub(lambda m: f"[image: {m.group(1)}]" if m.group(1) else "[image]", text)
    text = text.replace("<", "&lt;")
    if demote:
        text = re.sub(
            r"^( {0,3})(#{1,6})(?=\s|$)",
            lambda m: m.group(1) + "#" * min(6, len(m.group(2)) + demote),
            text,
            flags=re.MULTILINE,
        )
    return text
