#!/usr/bin/env bash
# Makes sure the Debian packages a build step needs are present; installs them when running as root, otherwise
# stops with a one-line fix. Usage: ensure-debian-packages.sh "WHAT NEEDS THEM" package...
# The build calls it for the JNI build (Debian's libfaiss-dev: headers and static libfaiss.a, BLAS/LAPACK, OpenMP,
# g++) and for the web page's browser tests (chromium and chromium-driver: /usr/bin/chromium, /usr/bin/chromedriver).
set -euo pipefail
what=$1; shift
missing=()
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
fix="apt-get update && apt-get install -y ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "$what needs: ${missing[*]}. Fix: sudo sh -c '$fix'" >&2
  exit 1
fi
echo "Installing what $what needs: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# another install (a CI step, unattended upgrades) may hold dpkg's lock: wait for it rather than fail
apt_get() { apt-get -o DPkg::Lock::Timeout=600 "$@"; }
apt_get install -y -qq "${missing[@]}" >/dev/null 2>&1 || { apt_get update -qq && apt_get install -y -qq "${missing[@]}"; } \
  || { echo "Could not install ${missing[*]}. Fix: $fix" >&2; exit 1; }
