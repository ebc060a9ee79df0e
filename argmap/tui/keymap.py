"""The user's keymap file: binding ids mapped to keys, read at start-up.

Every binding in the TUI has an id (``outline.add-reason``, ``app.undo``...; the help screen lists
them). A TOML file overrides their keys::

    # ~/.config/argmap/keymap.toml
    [keys]
    "outline.add-reason" = "a,plus"
    "app.undo" = "u,ctrl+z"

The file is ``$ARGMAP_KEYMAP`` if set, else ``$XDG_CONFIG_HOME/argmap/keymap.toml`` (by default
``~/.config/argmap/keymap.toml``). A missing file is normal; a broken one is reported and ignored, so
a typo never stops the editor from starting. TOML was chosen because Python reads it without a
dependency (``tomllib``) and because it is what Textual apps such as posting use for settings.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ENV_VAR = "ARGMAP_KEYMAP"


def keymap_path() -> Path:
    explicit = os.environ.get(ENV_VAR)
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "argmap" / "keymap.toml"


@dataclass
class KeymapFile:
    path: Path
    keys: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def load_keymap(path: Path | None = None, known_ids: set[str] | None = None) -> KeymapFile:
    """Read the keymap; problems (bad TOML, unknown ids, non-string keys) are listed, not raised."""
    path = path or keymap_path()
    result = KeymapFile(path)
    if not path.is_file():
        return result
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        result.problems.append(f"{path}: cannot read the keymap ({err}); using the default keys")
        return result
    table = data.get("keys", {})
    if not isinstance(table, dict):
        result.problems.append(f"{path}: [keys] must be a table of binding id = \"keys\"")
        return result
    for binding_id, keys in table.items():
        if not isinstance(keys, str) or not keys.strip():
            result.problems.append(f"{path}: {binding_id} must be given keys as a string, e.g. \"a,ctrl+a\"")
            continue
        if known_ids is not None and binding_id not in known_ids:
            result.problems.append(f"{path}: no binding has the id {binding_id!r} (see the help screen, ?)")
            continue
        result.keys[binding_id] = ",".join(k.strip() for k in keys.split(",") if k.strip())
    return result
