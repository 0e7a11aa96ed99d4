#!/usr/bin/env bash
# Runs a command (a benchmark) with a throw-away MariaDB: AKTE_BENCH_MARIADB_URL points at it.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash test/services/ensure-packages.sh
exec npx tsx test/services/run-with-mariadb.ts "$@"
