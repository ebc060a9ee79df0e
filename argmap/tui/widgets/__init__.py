"""Widgets of the outline screen: the lazy outline tree, the detail pane, the review panel, the search bar."""
