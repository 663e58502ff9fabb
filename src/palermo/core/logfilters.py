"""Log filters: no personal data in the logs.

Query strings can carry what a user typed (a name searched for through the API's ``?q=``), so
every log record has them cut from the URLs it mentions before any handler writes it.
"""

from __future__ import annotations

import logging
import re

_QUERY = re.compile(r"(/[^\s?\"']*)\?[^\s\"']*")
REDACTED = "?[query removed]"


def redact_query_strings(text: str) -> str:
    return _QUERY.sub(lambda m: m.group(1) + REDACTED, text)


class RedactQueryStrings(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            # Format first: the URL may sit in an argument (runserver's request line).
            record.msg = record.getMessage()
            record.args = None
        if isinstance(record.msg, str):
            record.msg = redact_query_strings(record.msg)
        return True
