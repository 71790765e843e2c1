# Shared by scripts/run and scripts/test: a fresh Debian machine with Python 3.11 is enough.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
UV_VERSION="0.13.9"
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

# ensure_venv [dev]: .venv at the repository root with the locked dependencies.
ensure_venv() {
  command -v "$PYTHON" >/dev/null || die "Python 3.11+ not found (set PYTHON=/path/to/python3)"
  "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || die "Manşet needs Python 3.11 or newer; $PYTHON is $("$PYTHON" -V)"
  if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null || apt_install python3-venv
    say "creating .venv"
    "$PYTHON" -m venv .venv
  fi
  if ! .venv/bin/python -m uv --version 2>/dev/null | grep -q "$UV_VERSION"; then
    .venv/bin/python -m pip install -q --disable-pip-version-check "uv==$UV_VERSION"
  fi
  local groups=(--no-dev)
  [ "${1:-}" = dev ] && groups=()
  say "installing the locked dependencies"
  # --inexact keeps uv itself, which pip put into the same environment.
  UV_PROJECT_ENVIRONMENT="$ROOT/.venv" .venv/bin/python -m uv sync --locked --inexact \
    --quiet "${groups[@]}"
}
