"""YAML in Argdown files: data blocks ``{...}`` and front matter, read safely and fast.

Argdown reads YAML with js-yaml. Here JSON (all that argmap writes, and valid YAML) goes to Python's C
JSON parser, which is many times faster than any YAML loader and matters for files with thousands of
data blocks; everything else goes to PyYAML's *safe* loader (libyaml's when installed). Values are then
made JSON-compatible (dates become ISO strings) for provenance, with a budget that refuses alias bombs,
a guard against self-referring data and a depth limit checked before loading, so no file can make the
import hang, recurse forever or crash. JSON nested too deeply for the C parser is its RecursionError,
which :meth:`argmap.formats.Format.importer` turns into a ParseError. Nothing here recurses.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime
from typing import Any

import yaml

from ..errors import ParseError

MAX_DATA_NODES = 100_000
MAX_DATA_DEPTH = 200
"""YAML (not JSON) nested deeper than this is refused: no data block needs it, and loaders recurse on it."""
_NOT_JSON = object()
_JSON_LINE = re.compile(r'("(?:[^"\\\n]|\\.)*"): (.+)')

_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _no_constants(name: str) -> Any:
    raise ValueError(name)


def json_data(source: str) -> Any:
    """``source`` parsed as JSON, or as lines of ``"key": JSON`` (how argmap writes front matter and
    data); ``_NOT_JSON`` if it is neither. JSON is YAML, and the C JSON parser is many times faster
    than a YAML loader, which matters for files with thousands of data blocks."""
    text = source.strip()
    try:
        if text[:1] == "{":
            return json.loads(text, parse_constant=_no_constants)
        out: dict[str, Any] = {}
        entries: list[list[str]] = []
        for line in text.splitlines():
            if line.startswith("  ") and entries:
                entries[-1].append(line)  # a value written over several lines
            else:
                entries.append([line])
        for entry in entries:
            m = _JSON_LINE.fullmatch(entry[0])
            if m is None:
                return _NOT_JSON
            value = "\n".join([m.group(2), *entry[1:]])
            out[json.loads(m.group(1))] = json.loads(value, parse_constant=_no_constants)
        return out if out else _NOT_JSON
    except ValueError:
        return _NOT_JSON


def load_yaml(source: str) -> Any:
    """YAML the way Argdown reads it: JSON by the JSON parser, the rest by PyYAML's safe loader."""
    return yaml.load(source, Loader=_SafeLoader)


def merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """A deep merge of YAML data (lodash's ``merge``: mappings merge, everything else is replaced).

    Neither argument is changed: mappings that merge are copied. A worklist, not recursion."""
    out = dict(base)
    todo = [(out, extra)]
    while todo:
        into, more = todo.pop()
        for key, value in more.items():
            old = into.get(key)
            if isinstance(value, dict) and isinstance(old, dict):
                into[key] = copy = dict(old)
                todo.append((copy, value))
            else:
                into[key] = value
    return out


def plain(value: Any, path: str | None, where: tuple[int, int]) -> Any:
    """YAML data as JSON-compatible values (dates become ISO strings), refusing alias bombs and cycles.

    Depth first with an explicit stack: each mapping or list is made empty and placed where it belongs
    when it is reached, then filled; an exit marker takes it off the path again once its items are done,
    so data that contains itself (a YAML alias to an enclosing node) is caught as it closes the loop.
    """
    budget = MAX_DATA_NODES
    active: set[int] = set()
    top: list[Any] = []
    # (value, the container to put it in, its key there: None to append), or (id, None, None) for the
    # exit marker of a container whose items are done
    todo: list[tuple[Any, dict[str, Any] | list[Any] | None, str | None]] = [(value, top, None)]
    while todo:
        v, into, key = todo.pop()
        if into is None:
            active.discard(v)
            continue
        budget -= 1
        if budget < 0:
            raise ParseError("YAML data is too large or too deeply aliased", path=path, line=where[0],
                             column=where[1])
        out: Any
        if isinstance(v, dict | list):
            if id(v) in active:
                raise ParseError("YAML data refers to itself", path=path, line=where[0], column=where[1])
            active.add(id(v))
            todo.append((id(v), None, None))
            if isinstance(v, dict):
                out = {}
                todo.extend((x, out, str(k) if not isinstance(k, str) else k) for k, x in reversed(v.items()))
            else:
                out = []
                todo.extend((x, out, None) for x in reversed(v))
        elif isinstance(v, bool | int | str) or v is None:
            out = v
        elif isinstance(v, float):
            out = v if math.isfinite(v) else str(v)
        elif isinstance(v, datetime | date):
            out = v.isoformat()
        elif isinstance(v, tuple | set):
            todo.append((list(v), into, key))
            continue
        else:
            out = str(v)
        if isinstance(into, list):
            into.append(out)
        elif key is not None:
            into[key] = out
    return top[0]


def check_depth(source: str, what: str, *, path: str | None, where: tuple[int, int]) -> None:
    """Refuse YAML nested deeper than ``MAX_DATA_DEPTH`` before any loader builds it.

    libyaml's composer (behind PyYAML's C loader) recurses in C and crashes the process on nesting a few
    ten thousand levels deep, and the pure-Python one hits the recursion limit; the parser's events
    come from a loop, so counting them is safe and stops at the first node too deep.
    """
    depth = 0
    for event in yaml.parse(source, Loader=_SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DATA_DEPTH:
                line, col = where
                mark = event.start_mark
                if mark is not None:
                    line, col = (line + mark.line, (col if mark.line == 0 else 1) + mark.column)
                raise ParseError(f"YAML in {what} is nested more than {MAX_DATA_DEPTH} levels deep", path=path,
                                 line=line, column=col)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def read_yaml(source: str, what: str, *, path: str | None, where: tuple[int, int]) -> Any:
    """``source`` (a data block or the front matter body, starting at line/column ``where``) as plain
    values; :class:`ParseError` at the offending line and column if it is not valid YAML."""
    value = json_data(source)
    if value is not _NOT_JSON:
        return value
    try:
        check_depth(source, what, path=path, where=where)
        value = load_yaml(source)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line, col = where
        if mark is not None:
            line, col = (line + mark.line, (col if mark.line == 0 else 1) + mark.column)
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise ParseError(f"invalid YAML in {what}: {problem}", path=path, line=line, column=col) from None
    except (ValueError, RecursionError, OverflowError) as err:
        raise ParseError(f"invalid YAML in {what}: {err}", path=path, line=where[0], column=where[1]) from None
    return plain(value, path, where)
