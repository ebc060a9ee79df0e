"""argmap's Textual TUI: build and revise argument maps from the keyboard.

``app.py`` holds the application (database door, undo, palette, export/import), ``screens/`` the
full screens (outline, maps, sources, source reader, help), ``widgets/`` the pieces of the outline
screen, ``dialogs/`` the modal forms, ``messages.py`` the past-tense events they exchange and
``commands.py`` the command palette. Nothing outside this package imports it except the CLI's bare
``argmap``; the Textual-free helpers (``backend``, ``outline_model``, ``spans``, ``keymap``) are kept
apart so they can be tested and benchmarked without a terminal.
"""
