#!/usr/bin/env bash
# The Python package's checks, run by .ci/run after the Rust tests: lints
# the binding, builds the wheel, installs it with the test dependencies in
# a venv (and a Java runtime for local Spark), and runs pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

cargo clippy -p geomention-python --all-targets -- -D warnings

if ! command -v java >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null
fi

venv=target/py-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r python/requirements-test.txt

rm -rf target/wheels
"$venv/bin/maturin" build --release -q -m python/Cargo.toml -o target/wheels
"$venv/bin/python" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps target/wheels/geomention-*.whl
echo "python: venv and wheel ready in $((SECONDS - started)) s"

# The parity tests compare with the command line built by `cargo test --release`.
cargo build --release -q --bin geomention
export GEOMENTION_CLI="$PWD/target/release/geomention"
export PYSPARK_PYTHON="$PWD/$venv/bin/python"
# Run from python/ so that the installed wheel, not the source tree, is imported.
# A deadline, so that a stalled cluster fails the run instead of using it up.
(cd python && timeout 1500 "../$venv/bin/python" -m pytest tests -q -p no:cacheprovider -W ignore::FutureWarning)
echo "python: done in $((SECONDS - started)) s"
