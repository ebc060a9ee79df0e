#!/usr/bin/env bash
# Regenerate the example exports in exports/ from the committed claims.db (map "sahel").
# Run from anywhere: `bash scripts/export_sahel.sh`. Each format is one plain `argmap export` line;
# tests compare exports/ with what these lines produce, so rerun this after the Sahel map changes.
set -euo pipefail
cd "$(dirname "$0")/.."

argmap --db claims.db export --format dot --map sahel
argmap --db claims.db export --format svg --map sahel
argmap --db claims.db export --format png --map sahel
argmap --db claims.db export --format pdf --map sahel
argmap --db claims.db export --format json --map sahel -o exports/sahel.json
argmap --db claims.db export --format argdown --map sahel -o exports/sahel.argdown
argmap --db claims.db export --format aif --map sahel -o exports/sahel.aif.json
argmap --db claims.db export --format markdown --map sahel -o exports/sahel.md
