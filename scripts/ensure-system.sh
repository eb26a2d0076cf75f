#!/usr/bin/env bash
# System packages that no wheel can carry. `runtime`: what creating the venv needs.
# `test`: ffprobe, which the tests use to read back chapters independently of our own code.
# As root they are installed; otherwise one line says what to install, and we stop.
set -euo pipefail
need=()
case "${1:-runtime}" in
  runtime) python3 -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv) ;;
  test)    command -v ffprobe >/dev/null || need+=(ffmpeg) ;;
esac
# The tests' stand-in for Google makes a throwaway TLS certificate with openssl.
[ "${1:-runtime}" != test ] || command -v openssl >/dev/null || need+=(openssl)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing system packages: ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "narrator needs system packages: sudo apt-get install ${need[*]}" >&2
  exit 1
fi
