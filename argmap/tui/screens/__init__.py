"""Full screens of the TUI: outline (the heart), maps, sources, the source reader and help."""
