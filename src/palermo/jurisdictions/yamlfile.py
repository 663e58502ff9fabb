"""Reading pack YAML so that problems can name their line and duplicate keys are not lost.

Plain ``yaml.safe_load`` silently keeps the last of two equal keys, which would hide a copy-paste
mistake in a list of legal bases; here every mapping remembers the line of each key and the loader
records duplicates for the validator to report.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode


class LineDict(dict[Any, Any]):
    """A mapping from YAML that knows the line (1-based) where each key was written."""

    lines: dict[Any, int]


class LineList(list[Any]):
    """A sequence from YAML that knows the line (1-based) of each item."""

    lines: list[int]


@dataclass(frozen=True)
class Duplicate:
    key: object
    line: int


class _Loader(yaml.SafeLoader):
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[Duplicate] = []


def _construct_mapping(loader: _Loader, node: MappingNode) -> Iterator[LineDict]:
    data = LineDict()
    data.lines = {}
    yield data  # yielding first lets YAML anchors refer to this mapping, as SafeLoader does
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=False)
        if not isinstance(key, str | int | float | bool):
            key = str(key)  # e.g. a date as a key; the validator reports the wrong type
        line = key_node.start_mark.line + 1
        if key in data:
            loader.duplicates.append(Duplicate(key, line))
        data[key] = loader.construct_object(value_node, deep=False)
        data.lines[key] = line


def _construct_sequence(loader: _Loader, node: SequenceNode) -> Iterator[LineList]:
    data = LineList()
    data.lines = []
    yield data
    for item in node.value:
        data.append(loader.construct_object(item, deep=False))
        data.lines.append(item.start_mark.line + 1)


def _construct_timestamp(loader: _Loader, node: ScalarNode) -> object:
    # 2026-31-01 looks like a date to YAML and would crash the parser with a bare ValueError;
    # keep it as text so the validator can say which key holds an impossible date.
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


@dataclass(frozen=True)
class YamlFile:
    name: str  # as shown in problems: the file name within the pack folder
    data: object
    duplicates: tuple[Duplicate, ...]


class YamlSyntaxError(Exception):
    def __init__(self, name: str, line: int | None, detail: str) -> None:
        super().__init__(detail)
        self.name = name
        self.line = line
        self.detail = detail


def read_yaml(path: Path) -> YamlFile:
    """Parse one pack file; raise :class:`YamlSyntaxError` naming the line when it is not YAML."""
    text = path.read_text(encoding="utf-8")
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        detail = " ".join(part for part in (exc.context, exc.problem) if part)
        raise YamlSyntaxError(path.name, line, detail) from exc
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(path.name, None, str(exc)) from exc
    finally:
        loader.dispose()
    return YamlFile(path.name, data, tuple(loader.duplicates))
