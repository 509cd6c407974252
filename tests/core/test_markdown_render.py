"""The shared Markdown renderer: ordinary formatting survives, nothing hostile does."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from reflect.core.markdown_render import ALLOWED_TAGS, render_markdown

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://evil.example/x.js></SCRIPT>",
    "text <script>document.cookie</script> more",
    '<img src="x" onerror="alert(1)">',
    "<img src=x onerror=alert(1)//>",
    '<IMG SRC="javascript:alert(1);">',
    "![tracker](https://evil.example/pixel.gif)",
    '![a](http://evil.example/a.png "title")',
    "![x][ref]\n\n[ref]: https://evil.example/r.png",
    '<img src="file:///etc/passwd" alt="secret">',
    "<img srcset='https://evil.example/1x.png 1x'>",
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<img src="data:image/png;base64,iVBORw0KGgo=">',
    "[x](//evil.example/protocol-relative)",
    '<a href="#" onclick="alert(1)">x</a>',
    '<p onmouseover="alert(1)">hover</p>',
    '<body onload="alert(1)">',
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<svg onload="alert(1)"><circle r="5"/></svg>',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<math><mtext><img src=x onerror=alert(1)></mtext></math>",
    "<style>body { background: url(https://evil.example/x) }</style>",
    '<div style="width: expression(alert(1))">x</div>',
    '<p style="background-image: url(https://evil.example/y)">x</p>',
    '<link rel="stylesheet" href="https://evil.example/s.css">',
    '<meta http-equiv="refresh" content="0; url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<form action="https://evil.example"><input name="q"><button>Go</button></form>',
    '<table background="https://evil.example/bg.png"><tr><td>1</td></tr></table>',
    '<video src="https://evil.example/v.mp4" poster="https://evil.example/p.png"></video>',
    '<audio src="https://evil.example/a.mp3"></audio>',
    '<details open ontoggle="alert(1)"><summary>x</summary></details>',
    "<!--[if gte IE 4]><script>alert(1)</script><![endif]-->",
    '<a href="https://ok.example" target="_blank" onfocus="alert(1)" autofocus>x</a>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '"><script>alert(1)</script>',
    "<template><script>alert(1)</script></template>",
    '<span class="x" id="y" style="color:red">styled</span>',
]

URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "background", "poster", "data"}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector


@pytest.mark.parametrize("snippet", HOSTILE)
def test_nothing_hostile_survives(snippet: str) -> None:
    out = render_markdown(snippet)
    parsed = parse(out)
    for tag, attrs in parsed.tags:
        assert tag in ALLOWED_TAGS - {"img"}, f"tag <{tag}> survived: {out}"
        for name, value in attrs:
            assert not name.startswith("on"), f"event handler survived: {out}"
            assert name not in {"style", "class", "id", "src", "srcset", "target"}, out
            if name in URL_ATTRIBUTES:
                assert value is not None
                assert value.startswith(("http://", "https://", "mailto:")), out
    lowered = out.lower()
    for marker in ("<script", "<iframe", "<svg", "<style", "<img", "javascript:", "expression("):
        assert marker not in lowered, f"{marker} survived: {out}"


def test_the_corpus_is_big_enough() -> None:
    assert len(HOSTILE) >= 30


@pytest.mark.parametrize(
    "snippet",
    [
        "![tracker](https://evil.example/pixel.gif)",
        '<img src="https://evil.example/a.png" alt="a">',
        "<SCRIPT SRC=http://evil.example/x.js></SCRIPT>",
        '<iframe src="https://evil.example"></iframe>',
        '<link rel="stylesheet" href="https://evil.example/s.css">',
        '<video src="https://evil.example/v.mp4" poster="https://evil.example/p.png"></video>',
    ],
)
def test_no_remote_resource_is_left_to_fetch(snippet: str) -> None:
    """Only a link the user clicks may name a remote address; nothing loads one by itself."""
    out = render_markdown(snippet)
    for tag, attrs in parse(out).tags:
        for name, value in attrs:
            if value and "evil.example" in value:
                assert (tag, name) == ("a", "href"), out


def test_images_become_their_alt_text() -> None:
    out = render_markdown('![Team away-day "flip chart" <notes>](https://evil.example/p.png)')
    assert "evil.example" not in out
    assert parse(out).text == ['[image: Team away-day "flip chart" <notes>]']


def test_image_without_alt_leaves_a_marker() -> None:
    assert "[image]" in render_markdown("![](https://evil.example/p.png)")


def test_script_content_is_dropped_not_shown() -> None:
    out = render_markdown("Before <script>stealSecrets()</script> after")
    assert "stealSecrets" not in out
    assert "Before" in out and "after" in out


def test_ordinary_formatting_survives() -> None:
    text = (
        "# What happened\n\n"
        "A **difficult** handover and an *unexpected* outcome.\n\n"
        "- first\n- second\n\n"
        "1. one\n2. two\n\n"
        "> a quotation\n\n"
        "`code` and [the ESC guide](https://www.example.org/esc)\n\n"
        "| col | other |\n|:----|------:|\n| a | b |\n\n"
        "```\nfenced\n```\n"
    )
    out = render_markdown(text)
    tags = [tag for tag, _ in parse(out).tags]
    for expected in ("h1", "strong", "em", "ul", "ol", "li", "blockquote", "code", "a", "table"):
        assert expected in tags, f"<{expected}> missing from {out}"
    assert 'href="https://www.example.org/esc"' in out
    assert 'align="right"' in out


def test_plain_text_is_escaped_not_interpreted() -> None:
    out = render_markdown("5 < 6 & 7 > 3")
    assert "&lt;" in out and "&amp;" in out
    assert parse(out).text == ["5 < 6 & 7 > 3"]


def test_mailto_links_are_kept() -> None:
    assert 'href="mailto:supervisor@example.org"' in render_markdown(
        "<mailto:supervisor@example.org>"
    )
