"""How the tests and the benchmark run MkDocs and Chromium on this project."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

# The environment builds run in: the caller's, where the Makefile sets the MkDocs warning switches.
MKDOCS_ENV = dict(os.environ)

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


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as plain data: an `!ENV [NAME, default]` tag gives its value or default."""


def _env_tag(loader: _ConfigLoader, node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(loader.construct_scalar(node))
    name, *default = loader.construct_sequence(node)
    return os.environ.get(name, default[0] if default else None)


_ConfigLoader.add_constructor("!ENV", _env_tag)


def read_mkdocs_config(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)
