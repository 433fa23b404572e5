#!/bin/sh
# run-demo.sh: runs the demo under Wine with our rpcrt4.dll, in a private prefix booted without the override.
# usage: tools/run-demo.sh DIR   (DIR holds rpcrt4.dll and demo.exe)
set -e
dir=$1
export WINEPREFIX="${RPCRT4_DEMO_PREFIX:-${TMPDIR:-/tmp}/rpcrt4-demo-prefix}" WINEDEBUG=-all
[ -f "$WINEPREFIX/system.reg" ] || { echo "booting a Wine prefix in $WINEPREFIX (once)"; wineboot -i > /dev/null 2>&1; }
WINEDLLOVERRIDES=rpcrt4=n wine "$dir/demo.exe" | tr -d '\r'
