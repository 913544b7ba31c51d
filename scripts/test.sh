#!/usr/bin/env bash
# Runs every test of the project on a fresh machine: installs what the tests need (Node.js for the
# official socket.io-client and puppeteer-core, fetched from npm by the build; Chromium for the
# sample's browser tests; redis-server for the cluster tests), then builds and tests all modules.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v java >/dev/null 2>&1 || need_apt+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
# the sample's browser tests drive Debian's headless Chromium (puppeteer-core never downloads one)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
# the Redis adapter tests start their own redis-server on a free loopback port
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
# RedisTlsTests make a test CA and a certificate for redis-server's TLS port with openssl
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing ${need_apt[*]}: install them (apt-get install ${need_apt[*]}) and run again." >&2
    exit 1
  fi
  echo "Installing ${need_apt[*]} from Debian's packages"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need_apt[@]}"
fi

exec mvn -B -ntp verify "$@"
