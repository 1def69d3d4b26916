"""How the tests and the benchmark run MkDocs and Chromium on this project."""

from __future__ import annotations

import os

# Material prints an MkDocs 2.0 notice on every build unless told not to.
MKDOCS_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}

# What a copy of the project needs in order to build.
PROJECT_PARTS = ("mkdocs.yml", "docs", "macros", "hooks", "handbook", "overrides", "permalinks")

# Debian's Chromium: browser downloads are impossible here. The flags keep it from
# phoning home, which a closed network would refuse anyway.
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
