#!/usr/bin/env bash
# The script part of action.yml (test/ci/action.test.ts runs it with GitHub's
# environment simulated). Two commands:
#   install  npm install --global veltrix-pipelines@<INPUT_VERSION, default: this action's version>
#            (INPUT_VERSION may also be a tarball path or URL)
#   run      veltrix-lint check (text in the log, SARIF for code scanning), then the
#            pipeline tests (JUnit, annotations) when test files exist; writes the
#            step outputs and leaves failing to the action's last step, so that
#            the SARIF upload runs first. Exit 2 (bad usage, unreadable input, no
#            pipeline files) fails at once: there is nothing to upload.
# Inputs come as INPUT_* variables (paths, max_warnings, version); `veltrix-lint`
# is taken from PATH.
set -uo pipefail

out() { printf '%s=%s\n' "$1" "$2" >>"${GITHUB_OUTPUT:-/dev/null}"; }

install() {
  local version="${INPUT_VERSION:-}"
  if [[ -z "$version" ]]; then
    version="$(node -p "require(process.argv[1]).version" "${GITHUB_ACTION_PATH:-.}/package.json")" || exit 2
  fi
  # A version from the registry, or a tarball (path or URL) made with npm pack.
  local spec="veltrix-pipelines@${version}"
  [[ "$version" == *.tgz || "$version" == */* ]] && spec="$version"
  npm install --global --no-fund --no-audit "$spec" || exit 2
  veltrix-lint --version
}

run() {
  local -a paths
  read -r -a paths <<<"${INPUT_PATHS:-.}"
  [[ ${#paths[@]} -gt 0 ]] || paths=(.)
  local -a limits=()
  [[ -n "${INPUT_MAX_WARNINGS:-}" ]] && limits=(--max-warnings "$INPUT_MAX_WARNINGS")
  local dir="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/veltrix-lint"
  mkdir -p "$dir"
  local base="${GITHUB_WORKSPACE:-$PWD}"

  echo "::group::veltrix-lint check ${paths[*]}"
  veltrix-lint check "${paths[@]}" "${limits[@]}"
  local check=$?
  echo "::endgroup::"
  if [[ $check -eq 2 ]]; then
    echo "::error title=veltrix-lint::veltrix-lint check exited 2 (bad usage, unreadable input or no pipeline files in: ${paths[*]})"
    exit 2
  fi
  veltrix-lint check "${paths[@]}" "${limits[@]}" --format sarif --base-dir "$base" >"$dir/veltrix.sarif"
  out sarif-file "$dir/veltrix.sarif"
  out check-exit-code "$check"

  local tests=0
  if [[ -n "$(find "${paths[@]}" -name node_modules -prune -o \( -name '*.veltrix-test.yaml' -o -name '*.veltrix-test.yml' \) -print -quit)" ]]; then
    echo "::group::veltrix-lint test ${paths[*]}"
    # GITHUB_ACTIONS=true: failures also become annotations (on stderr beside the JUnit XML).
    GITHUB_ACTIONS=true veltrix-lint test "${paths[@]}" --format junit >"$dir/veltrix-tests.xml"
    tests=$?
    echo "::endgroup::"
    if [[ $tests -eq 2 ]]; then
      echo "::error title=veltrix-lint::veltrix-lint test exited 2 (bad usage or unreadable test files)"
      exit 2
    fi
    out junit-file "$dir/veltrix-tests.xml"
  else
    echo "no *.veltrix-test.yaml files: pipeline tests skipped"
    out junit-file ""
  fi
  out test-exit-code "$tests"
  echo "check exit code: $check, test exit code: $tests"
}

case "${1:-}" in
  install) install ;;
  run) run ;;
  *) echo "usage: $0 install|run" >&2; exit 2 ;;
esac
