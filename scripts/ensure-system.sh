#!/usr/bin/env bash
# System packages that no wheel can carry. `runtime`: what creating the venv needs.
# `test`: ffprobe, which the tests use to read back chapters independently of our own code.
# As root they are installed; otherwise one line says what to install, and we stop.
set -euo pipefail
need=()
case "${1:-runtime}" in
  runtime) python3 -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)
           # Pillow's wheel carries libraqm but loads FriBiDi from the system: the cover's Arabic.
           { ldconfig -p || /sbin/ldconfig -p; } 2>/dev/null | grep -q 'libfribidi\.so\.0' || need+=(libfribidi0) ;;
  test)    command -v ffprobe >/dev/null || need+=(ffmpeg)
           # The episode page is tested in a real browser, the feed with a real podcast client.
           command -v chromium >/dev/null || need+=(chromium)
           command -v gpo >/dev/null || need+=(gpodder) ;;
  # `make bench` compares narrate with the floor: the espeak-ng program and the lame encoder.
  bench)   command -v espeak-ng >/dev/null || need+=(espeak-ng)
           command -v lame >/dev/null || need+=(lame) ;;
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
