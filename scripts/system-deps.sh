#!/usr/bin/env bash
# Install the system packages the tests use, from Debian's packages, when they are missing:
# postgresql (store tests on a real server) and chromium (end-to-end tests of the web app).
# Extra command names given as arguments are installed too (`make load` asks for wrk).
# Needs root and apt-get (a fresh machine, CI); elsewhere it says what is missing and the
# tests that need it skip with that reason.
set -uo pipefail

missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
for extra in "$@"; do
  command -v "$extra" >/dev/null 2>&1 || missing+=("$extra")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing ${missing[*]} (Debian packages) for the tests" >&2
  apt-get update -qq >/dev/null 2>&1
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
    || echo "could not install ${missing[*]}; the tests that need them will skip" >&2
else
  echo "not installed: ${missing[*]} (needs root and apt-get); the tests that need them will skip" >&2
fi
exit 0
