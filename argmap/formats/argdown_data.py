"""YAML in Argdown files: data blocks ``{...}`` and front matter, read safely and fast.

Argdown reads YAML with js-yaml. Here JSON (all that argmap writes, and valid YAML) goes to Python's C
JSON parser, which is many times faster than any YAML loader and matters for files with thousands of
data blocks; everything else goes to PyYAML's *safe* loader (libyaml's when installed). Values are then
made JSON-compatible (dates become ISO strings) for provenance, with a budget that refuses alias bombs
and a guard against self-referring data, so no file can make the import hang or recurse forever.
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
    """A deep merge of YAML data (lodash's ``merge``: mappings merge, everything else is replaced)."""
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def plain(value: Any, path: str | None, where: tuple[int, int]) -> Any:
    """YAML data as JSON-compatible values (dates become ISO strings), refusing alias bombs and cycles."""
    budget = [MAX_DATA_NODES]
    active: set[int] = set()

    def walk(v: Any) -> Any:
        budget[0] -= 1
        if budget[0] < 0:
            raise ParseError("YAML data is too large or too deeply aliased", path=path, line=where[0],
                             column=where[1])
        if isinstance(v, dict | list):
            if id(v) in active:
                raise ParseError("YAML data refers to itself", path=path, line=where[0], column=where[1])
            active.add(id(v))
            try:
                if isinstance(v, dict):
                    return {str(k) if not isinstance(k, str) else k: walk(x) for k, x in v.items()}
                return [walk(x) for x in v]
            finally:
                active.discard(id(v))
        if isinstance(v, bool | int | str) or v is None:
            return v
        if isinstance(v, float):
            return v if math.isfinite(v) else str(v)
        if isinstance(v, datetime | date):
            return v.isoformat()
        if isinstance(v, tuple | set):
            return walk(list(v))
        return str(v)

    return walk(value)


def read_yaml(source: str, what: str, *, path: str | None, where: tuple[int, int]) -> Any:
    """``source`` (a data block or the front matter body, starting at line/column ``where``) as plain
    values; :class:`ParseError` at the offending line and column if it is not valid YAML."""
    value = json_data(source)
    if value is not _NOT_JSON:
        return value
    try:
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
