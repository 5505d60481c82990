#!/usr/bin/env bash
# The two set-up commands of the README:
#   ./build.sh run    runs the product (embedded PostgreSQL, SIP on 127.0.0.1:5060)
#   ./build.sh test   runs every test and prints "N passed, M failed"
# Both install what a fresh Debian 12 machine lacks, then restore and build.
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the tests drive as real peers (SIPp, baresip, ...) and the product uses.
test_packages=(sip-tester baresip espeak-ng sox tshark sipsak kamailio postgresql-15)
run_packages=(espeak-ng postgresql-15)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo -n "$@"
  else echo "build.sh: need root to run: $*" >&2; return 1; fi
}

ensure_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  # postgresql-15 is satisfied by the binaries the machine image ships.
  if [[ " ${missing[*]-} " == *" postgresql-15 "* ]] && [ -x /usr/lib/postgresql/15/bin/initdb ]; then
    missing=("${missing[@]/postgresql-15}")
  fi
  local wanted=()
  for pkg in "${missing[@]-}"; do [ -n "$pkg" ] && wanted+=("$pkg"); done
  [ ${#wanted[@]} -eq 0 ] && return 0
  echo "build.sh: installing ${wanted[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -q
  as_root apt-get install -y -q --no-install-recommends "${wanted[@]}"
  # Where systemd runs, the kamailio package starts its own proxy on port 5060, the product's SIP port; the tests
  # start Kamailio themselves with the scale-out configuration.
  if [[ " ${wanted[*]} " == *" kamailio "* ]] && [ -d /run/systemd/system ]; then
    as_root systemctl disable --now kamailio >/dev/null 2>&1 || true
  fi
}

build() {
  dotnet restore IvrService.sln --nologo -v quiet
  dotnet build IvrService.sln -c Release --no-restore --nologo -v quiet -clp:ErrorsOnly
}

count_results() {
  local dir=$1 passed=0 failed=0 total=0 p f t file counters
  for file in "$dir"/*.trx; do
    [ -e "$file" ] || continue
    counters=$(grep -o '<Counters [^>]*>' "$file" | head -n 1)
    t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
    p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
    f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
    total=$((total + ${t:-0})); passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  done
  # Tests that neither passed nor failed (a crashed host, an aborted run) count as failed.
  local unaccounted=$((total - passed - failed))
  [ $unaccounted -gt 0 ] && failed=$((failed + unaccounted))
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
}

case "${1:-}" in
  run)
    shift
    ensure_packages "${run_packages[@]}"
    build
    exec dotnet run --project src/IvrService.Host -c Release --no-build -- \
      --Sip:ListenAddress=127.0.0.1 "$@"
    ;;
  test)
    shift
    ensure_packages "${test_packages[@]}"
    build
    results=artifacts/test-results
    rm -rf "$results"
    status=0
    dotnet test IvrService.sln -c Release --no-build --nologo \
      --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" \
      --blame-hang-timeout 10m "$@" || status=$?
    count_results "$results" || status=1
    exit $status
    ;;
  *)
    echo "usage: ./build.sh run|test" >&2
    exit 2
    ;;
esac
