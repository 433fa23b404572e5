#!/bin/sh
# install-deps.sh: installs the Debian 12 packages the build and the tests need (as root, or through sudo).
set -e
packages="make autoconf gcc clang libclang-rt-14-dev gcc-mingw-w64-x86-64 gcc-mingw-w64-i686 mingw-w64-tools wine wine64 tshark python3 python3-impacket python3-samba"
missing=
for p in $packages; do dpkg-query -W -f='${Status}' "$p" 2> /dev/null | grep -q 'ok installed' || missing="$missing $p"; done
[ -z "$missing" ] && { echo "install-deps: everything is installed"; exit 0; }
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
echo "install-deps: installing$missing"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q $missing
