"""Shared fixtures: the repository, the command-line binary (the reference
the Python results are compared with), and a generated corpus."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "python" / "examples"))

import corpus as corpus_module  # noqa: E402


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def cli(repo: Path) -> Path:
    """The release build of the command line (built if missing)."""
    exe = Path(os.environ.get("GEOMENTION_CLI", repo / "target" / "release" / "geomention"))
    if not exe.exists():
        subprocess.run(
            ["cargo", "build", "--release", "--bin", "geomention"], cwd=repo, check=True
        )
    assert exe.exists(), f"no command-line binary at {exe}"
    return exe


def cli_counts(cli: Path, *inputs: Path, cwd: Path) -> dict[str, dict[str, int]]:
    """Per document (path as the CLI names it), the CLI's counts: countries
    by ISO code and regions by id, in one dict as geomention.count gives."""
    out = subprocess.run(
        [str(cli), "mentions", *map(str, inputs), "--format", "json", "--quiet"],
        cwd=cwd,
        check=True,
        capture_output=True,
    ).stdout
    return {
        d["document"]: {**d["countries"], **d["regions"]} for d in json.loads(out)
    }


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> corpus_module.Corpus:
    """A generated corpus of 3,000 documents, as text files and Parquet."""
    return corpus_module.write(tmp_path_factory.mktemp("corpus"), documents=3000, seed=14)


@pytest.fixture(scope="session")
def generated_cli_counts(cli: Path, generated: corpus_module.Corpus) -> dict:
    return cli_counts(cli, Path("text"), cwd=generated.root)
