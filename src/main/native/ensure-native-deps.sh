#!/usr/bin/env bash
# Makes sure the system packages our JNI build links against are present:
# Debian's libfaiss-dev (headers + static libfaiss.a), BLAS/LAPACK, OpenMP and g++.
# Installs them when running as root; otherwise stops with a one-line fix.
set -euo pipefail
packages=(libfaiss-dev libopenblas0-openmp liblapack-dev libblas-dev libgomp1 g++)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
fix="apt-get update && apt-get install -y ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "Analogcast build needs: ${missing[*]}. Fix: sudo sh -c '$fix'" >&2
  exit 1
fi
echo "Installing build dependencies: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# another install (a CI step, unattended upgrades) may hold dpkg's lock: wait for it rather than fail
apt_get() { apt-get -o DPkg::Lock::Timeout=600 "$@"; }
apt_get install -y -qq "${missing[@]}" >/dev/null 2>&1 || { apt_get update -qq && apt_get install -y -qq "${missing[@]}"; } \
  || { echo "Could not install ${missing[*]}. Fix: $fix" >&2; exit 1; }
