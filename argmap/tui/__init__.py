"""argmap's Textual TUI: build and revise argument maps from the keyboard.

``app.py`` holds the application: one editing :class:`~argmap.workspace.Workspace` (the layer the CLI
drives too) run on a database thread, undo, the palette, export/import. ``screens/`` holds the full
screens (outline, maps, sources, source reader, help), ``widgets/`` the pieces of the outline screen,
``dialogs/`` the modal forms, ``commands.py`` the command palette, ``shell.py`` the protocol through
which screens reach the app (so none imports it), ``keys.py`` the walk over the bindings that the help,
the palette and the keymap read, and ``messages.py`` the past-tense events the parts exchange. Imports
flow one way, app → palette and screens → dialogs, widgets and the shell → messages and keys →
backend → the rest (an import-linter contract in ``pyproject.toml`` checks it). Nothing outside this
package imports it except the CLI's bare ``argmap``; the Textual-free helpers (``backend``,
``outline_model``, ``spans``, ``keymap``) are kept apart so they can be tested and benchmarked without
a terminal.
"""
