#!/usr/bin/env bash
# The README's test command: installs missing service packages, then runs every jest project
# (unit, sqlite, mariadb); the mariadb project starts and stops its own MariaDB server.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash test/services/ensure-packages.sh
npm run --silent typecheck
npx jest --ci "$@"
