#!/usr/bin/env bash
# Installs the Debian packages the test suite's real services and clients need, when they are missing
# (fresh Debian machine, as root). The list is the one .ci/run installs.
set -euo pipefail
declare -A pkg_for=(
  [mariadbd]="mariadb-server mariadb-client"
  [radicale]="radicale"
  [vdirsyncer]="vdirsyncer"
  [litmus]="litmus"
  [xmllint]="libxml2-utils"
  [chromium]="chromium"
  [thunderbird]="thunderbird"
  [dovecot]="dovecot-imapd"
  [apache2]="apache2"
  [mbsync]="isync"
)
need=()
for cmd in "${!pkg_for[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || need+=(${pkg_for[$cmd]})
done
/usr/bin/python3 -c 'import caldav' >/dev/null 2>&1 || need+=(python3-caldav)
if [ ${#need[@]} -gt 0 ]; then
  echo "[test] installing Debian packages: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
