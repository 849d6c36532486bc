"""Print the exact pins of pyproject.toml as a requirements list (for pip-audit in CI)."""

import tomllib
from pathlib import Path

data = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text())
project = data["project"]
pins = list(project["dependencies"])
for extra in project.get("optional-dependencies", {}).values():
    pins.extend(extra)
print("\n".join(pins))
