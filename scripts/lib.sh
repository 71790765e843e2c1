# Shared by scripts/run and scripts/test: a fresh Debian machine with Python 3.11 is enough.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@";
  elif command -v sudo >/dev/null; then sudo "$@";
  else die "need root to run: $*"; fi
}

apt_install() {
  command -v apt-get >/dev/null || die "please install these packages: $*"
  say "installing Debian packages: $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# ensure_venv [dev]: .venv at the repository root with the locked dependencies
# (requirements.lock, or requirements-dev.lock with the test tools; hash-checked).
ensure_venv() {
  command -v "$PYTHON" >/dev/null || die "Python 3.11+ not found (set PYTHON=/path/to/python3)"
  "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || die "Manşet needs Python 3.11 or newer; $PYTHON is $("$PYTHON" -V)"
  if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null || apt_install python3-venv
    say "creating .venv"
    "$PYTHON" -m venv .venv
  fi
  local lock=requirements.lock
  [ "${1:-}" = dev ] && lock=requirements-dev.lock
  say "installing the locked dependencies ($lock)"
  local pip=(.venv/bin/python -m pip install --quiet --disable-pip-version-check)
  "${pip[@]}" --require-hashes -r "$lock"
  "${pip[@]}" --no-deps --no-build-isolation --editable .
}

# ensure_quality_tools: Java and the npm packages the page-quality tests run
# (the W3C Nu checker, axe-core; Lighthouse for bench/), from package-lock.json.
ensure_quality_tools() {
  command -v java >/dev/null || apt_install default-jre-headless
  command -v npm >/dev/null || apt_install nodejs npm
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing the page-quality tools (npm ci)"
    npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
  fi
}
