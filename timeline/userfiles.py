"""YAML that users and documents give (manifests, front matter, chronologies, gold files), read
safely.

:class:`UserLoader` is PyYAML's safe loader (libyaml's parser when available) made stricter for
files nobody has checked:

- anchors, aliases and merge keys (``&a``, ``*a``, ``<<``) are refused, so an alias bomb (a
  "billion laughs") fails at once, at its line, instead of growing to gigabytes;
- a key given twice in one mapping is an error naming both lines, not a silent overwrite;
- dates stay the strings they were written as (no timestamp constructor): the caller checks
  them and can say ``FILE:LINE: not a date`` rather than fail inside PyYAML;
- every mapping remembers the line of each of its keys (:func:`line_of`), so a caller can
  name the line of a value it refuses (``title: [a, b]`` where one title is expected).

Errors are ``yaml.MarkedYAMLError`` with a ``problem_mark``, as PyYAML's own, so callers report
every YAML problem the same way (:func:`problem_line`, :func:`problem_text`).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any, ClassVar

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"


class LineDict(dict[Any, Any]):
    """A mapping read from YAML, with the 1-based line of each key in ``lines``."""

    __slots__ = ("lines",)

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[Any, int] = {}


def line_of(mapping: object, key: object) -> int | None:
    """The line ``key`` was written on in a mapping read by :class:`UserLoader`, if known."""
    lines = getattr(mapping, "lines", None)
    return lines.get(key) if isinstance(lines, dict) else None


class UserLoader(_Base):  # type: ignore[valid-type,misc]
    """The safe loader without aliases, duplicate keys or timestamps (see the module).

    ``first_line`` is the line of its file the text starts on (front matter starts on the
    second): every line this loader names or records is a line of the file.
    """

    first_line = 1

    yaml_implicit_resolvers: ClassVar[dict[Any, list[tuple[str, Any]]]] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
        for first, resolvers in _Base.yaml_implicit_resolvers.items()
    }

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        # A node reached a second time is an alias of an anchored node (or a recursive one).
        if node in self.constructed_objects or node in self.recursive_objects:
            raise ConstructorError(
                None,
                None,
                "anchors and aliases (&name, *name) are not allowed here",
                node.start_mark,
            )
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, KeyError, TypeError, OverflowError) as error:
            # An explicit tag on a value it cannot hold (``!!int abc``, ``!!bool maybe``):
            # PyYAML's constructors fail with Python errors that name no line.
            raise ConstructorError(
                None, None, f"{node.tag.rsplit(':', 1)[-1]} value {error}", node.start_mark
            ) from error

    def construct_line_mapping(self, node: MappingNode) -> Any:
        data = LineDict()
        yield data
        seen: dict[tuple[str, str], int] = {}
        for key_node, _value in node.value:
            line = key_node.start_mark.line + self.first_line
            if key_node.tag == _MERGE:
                raise ConstructorError(
                    None, None, "merge keys (<<) are not allowed here", key_node.start_mark
                )
            if not isinstance(key_node, ScalarNode):
                raise ConstructorError(
                    None, None, "a key must be a single value", key_node.start_mark
                )
            identity = (key_node.tag, key_node.value)
            if identity in seen:
                raise ConstructorError(
                    None,
                    None,
                    f"duplicate key {key_node.value!r} (lines {seen[identity]} and {line})",
                    key_node.start_mark,
                )
            seen[identity] = line
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, Hashable):
                raise ConstructorError(
                    None, None, "a key must be a single value", key_node.start_mark
                )
            data[key] = self.construct_object(value_node, deep=True)
            data.lines[key] = key_node.start_mark.line + self.first_line


UserLoader.add_constructor("tag:yaml.org,2002:map", UserLoader.construct_line_mapping)
# Dates stay strings even with an explicit ``!!timestamp`` tag.
UserLoader.add_constructor(_TIMESTAMP, UserLoader.construct_scalar)


def load_user_yaml(text: str, *, first_line: int = 1) -> Any:
    """Parse YAML from a user's file or a document with :class:`UserLoader`.

    Args:
        first_line: the line of its file ``text`` starts on, for the lines named and kept.

    Raises:
        yaml.YAMLError: not valid YAML, or refused (aliases, duplicate keys, merge keys).
    """
    loader = UserLoader(text)
    loader.first_line = first_line
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def problem_line(error: yaml.YAMLError, *, first_line: int = 1) -> int | None:
    """The line of the file a YAML error points at (``first_line`` as for the loader)."""
    mark = getattr(error, "problem_mark", None)
    return mark.line + first_line if mark is not None else None


def problem_text(error: yaml.YAMLError) -> str:
    """What went wrong, without PyYAML's own "in <unicode string>, line …" decoration."""
    problem = getattr(error, "problem", None)
    return str(problem) if problem else str(error).splitlines()[0]
