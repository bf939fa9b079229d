#!/usr/bin/env bash
# Idempotent installer for the end-to-end test environment:
#   - Debian packages: chromium (the browser playwright-core drives),
#     libkrb5-dev (code-server's kerberos native build), ripgrep (replaces the
#     rg binary that @vscode/ripgrep would otherwise download from GitHub)
#   - code-server (pinned) into <repo>/.code-server (git-ignored), outside the
#     project's own dependencies.
#
# See shared/design/e2e-in-real-vscode.md for why each step exists.
# Re-running is cheap: every step checks what is already there first.
#
# Env:
#   CODE_SERVER_VERSION   override the pinned version (default 4.100.3; Node 20 needs 4.100.x)
#   VELTRIX_E2E_SKIP_APT=1  do not touch apt (fail if the packages are missing)
set -Eeuo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.100.3}"
RIPGREP_PKG_VERSION="1.15.11"   # @vscode/ripgrep version pulled by code-server 4.100.3
RIPGREP_ASSET="ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
APT_PACKAGES=(chromium libkrb5-dev ripgrep)

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
CS_DIR="$REPO_ROOT/.code-server"
CS_BIN="$CS_DIR/node_modules/.bin/code-server"
CS_MARKER="$CS_DIR/.installed-version"

T_START=$(date +%s.%N)
log() { printf '[e2e-setup] %s\n' "$*"; }
die() { printf '[e2e-setup] ERROR: %s\n' "$*" >&2; exit 1; }
trap 'rc=$?; printf "[e2e-setup] ERROR: command failed (exit %s) at line %s: %s\n" "$rc" "$LINENO" "$BASH_COMMAND" >&2; exit $rc' ERR
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1fs", b - a }'; }

# ---------------------------------------------------------------- apt ------
step_apt() {
  local t0; t0=$(date +%s.%N)
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "apt: ${APT_PACKAGES[*]} already installed ($(elapsed "$t0"))"
  else
    [ "${VELTRIX_E2E_SKIP_APT:-}" = 1 ] && die "missing Debian packages: ${missing[*]} (VELTRIX_E2E_SKIP_APT=1)"
    [ "$(id -u)" = 0 ] || die "missing Debian packages ${missing[*]}; run as root or: sudo apt-get install -y ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # apt-get update only if needed: no package lists at all, or the install
    # fails with the lists we have (stale lists give 404s).
    if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then
      log "apt: no package lists, running apt-get update"
      apt-get update -q || die "apt-get update failed"
    fi
    log "apt: installing ${missing[*]}"
    if ! apt-get install -y -q --no-install-recommends "${missing[@]}"; then
      log "apt: install failed with current lists, running apt-get update and retrying"
      apt-get update -q || die "apt-get update failed"
      apt-get install -y -q --no-install-recommends "${missing[@]}" || die "apt-get install ${missing[*]} failed"
    fi
    log "apt: installed ${missing[*]} ($(elapsed "$t0"))"
  fi
  [ -x /usr/bin/chromium ] || die "/usr/bin/chromium missing after installing chromium"
  [ -x /usr/bin/rg ] || die "/usr/bin/rg missing after installing ripgrep"
}

# -------------------------------------------------------- code-server ------
code_server_ok() {
  [ -x "$CS_BIN" ] || return 1
  [ -f "$CS_MARKER" ] && [ "$(cat "$CS_MARKER")" = "$CODE_SERVER_VERSION" ] || return 1
  local v
  v=$(node -p "require('$CS_DIR/node_modules/code-server/package.json').version" 2>/dev/null) || return 1
  [ "$v" = "$CODE_SERVER_VERSION" ]
}

step_code_server() {
  local t0; t0=$(date +%s.%N)
  if code_server_ok; then
    log "code-server $CODE_SERVER_VERSION already installed in $CS_DIR ($(elapsed "$t0"))"
    return
  fi
  if [ -d "$CS_DIR/node_modules" ]; then
    log "code-server: found an incomplete or different install in $CS_DIR, reinstalling"
  fi
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  # Own package.json, so npm does not walk up to the project's package.json.
  cat > "$CS_DIR/package.json" <<EOF
{
  "name": "veltrix-e2e-code-server",
  "private": true,
  "description": "code-server for end-to-end tests, installed by scripts/e2e/setup.sh (git-ignored)"
}
EOF

  # @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache
  # already has the archive: seed it with Debian's rg.
  local tmp="${TMPDIR:-/tmp}"
  local cache="$tmp/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION"
  mkdir -p "$cache"
  if [ ! -s "$cache/$RIPGREP_ASSET" ]; then
    local stage; stage=$(mktemp -d)
    cp /usr/bin/rg "$stage/rg"
    tar -C "$stage" -czf "$cache/$RIPGREP_ASSET.partial" rg
    mv "$cache/$RIPGREP_ASSET.partial" "$cache/$RIPGREP_ASSET"
    rm -rf "$stage"
    log "ripgrep cache seeded: $cache/$RIPGREP_ASSET"
  fi

  log "code-server: npm install code-server@$CODE_SERVER_VERSION into $CS_DIR (takes about a minute;"
  log "  npm's 'Unknown env config unsafe-perm' and 'allowScripts' warnings are expected)"
  # npm_config_yes: node-pty's postinstall runs `npx node-gyp`
  # npm_config_unsafe_perm: code-server's postinstall refuses root otherwise
  # npm_config_nodedir: node-gyp would download Node's headers
  ( cd "$CS_DIR" && \
    TMPDIR="$tmp" \
    npm_config_yes=true \
    npm_config_unsafe_perm=true \
    npm_config_nodedir=/usr \
    npm install --no-audit --no-fund --save-exact --loglevel=warn "code-server@$CODE_SERVER_VERSION" ) \
    || die "npm install code-server@$CODE_SERVER_VERSION failed (see npm output above)"

  [ -x "$CS_BIN" ] || die "code-server binary not found at $CS_BIN after install"
  # --config: without it code-server writes a password config into ~/.config.
  local v cfg
  # XDG_DATA_HOME: it also creates ~/.local/share/code-server/coder-logs.
  cfg=$(mktemp -d); echo 'auth: none' > "$cfg/config.yaml"
  v=$(XDG_DATA_HOME="$cfg" "$CS_BIN" --config "$cfg/config.yaml" --version 2>&1 | head -n1) \
    || { rm -rf "$cfg"; die "code-server --version failed: $v"; }
  rm -rf "$cfg"
  case "$v" in
    "$CODE_SERVER_VERSION"*) ;;
    *) die "code-server --version printed '$v', expected $CODE_SERVER_VERSION" ;;
  esac
  # The install scripts must have run (npm 11 warns about "allowScripts";
  # if a future npm skips them, these native pieces are missing).
  local vs="$CS_DIR/node_modules/code-server/lib/vscode/node_modules"
  [ -f "$vs/node-pty/build/Release/pty.node" ] \
    || die "node-pty was not built ($vs/node-pty/build/Release/pty.node missing): install scripts did not run?"
  [ -x "$vs/@vscode/ripgrep/bin/rg" ] \
    || die "@vscode/ripgrep's rg missing ($vs/@vscode/ripgrep/bin/rg): its postinstall did not find the seeded cache?"
  echo "$CODE_SERVER_VERSION" > "$CS_MARKER"
  log "code-server $v installed ($(elapsed "$t0"))"
}

# ------------------------------------------------------------- main --------
command -v node >/dev/null || die "node not found"
command -v npm >/dev/null || die "npm not found"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || die "Node >= 20 required, found $(node -v)"

# Serialise concurrent runs (two test jobs calling setup at once). The lock
# lives outside the repo (the .code-server folder itself gets replaced).
LOCK_FILE="${TMPDIR:-/tmp}/veltrix-e2e-setup-$(printf '%s' "$REPO_ROOT" | cksum | cut -d' ' -f1).lock"
exec 9>"$LOCK_FILE"
if command -v flock >/dev/null; then flock -w 900 9 || die "timed out waiting for another setup run (lock $LOCK_FILE)"; fi

step_apt
step_code_server
log "ready: chromium=$(/usr/bin/chromium --version 2>/dev/null | head -n1 || echo '?'); code-server=$CS_BIN"
log "total $(elapsed "$T_START")"
