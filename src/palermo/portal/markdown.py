"""A small, safe subset of Markdown for portal pages: everything is escaped first.

Supported: paragraphs (blank line), line breaks, ``# `` and ``## `` headings (rendered as h2/h3,
the page title being the h1), ``- `` lists, ``**bold**`` and links ``[text](url)`` whose address
starts with ``https://``, ``http://``, ``/``, ``mailto:`` or ``tel:``. Anything else is shown as
typed. No HTML passes through.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_LINK = re.compile(r"\[([^\]\n]+)\]\(((?:https?://|/|mailto:|tel:)[^\s()<>\"']*)\)")


def _inline(escaped: str) -> str:
    escaped = _LINK.sub(r'<a href="\2">\1</a>', escaped)
    return _BOLD.sub(r"<strong>\1</strong>", escaped)


def render(text: str) -> SafeString:
    blocks = re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip())
    html: list[str] = []
    for block in blocks:
        lines = [line.rstrip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if len(lines) == 1 and lines[0].startswith("## "):
            html.append(f"<h3>{_inline(escape(lines[0][3:].strip()))}</h3>")
        elif len(lines) == 1 and lines[0].startswith("# "):
            html.append(f"<h2>{_inline(escape(lines[0][2:].strip()))}</h2>")
        elif all(line.lstrip().startswith(("- ", "* ")) for line in lines):
            items = "".join(
                f"<li>{_inline(escape(line.lstrip()[2:].strip()))}</li>" for line in lines
            )
            html.append(f"<ul>{items}</ul>")
        else:
            html.append("<p>" + "<br>".join(_inline(escape(line)) for line in lines) + "</p>")
    return mark_safe("\n".join(html))  # noqa: S308  (every piece was escaped above)
