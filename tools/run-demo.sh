#!/bin/sh
# run-demo.sh: runs the demo under Wine with our rpcrt4.dll, in a private prefix booted without the override.
# usage: tools/run-demo.sh DIR   (DIR holds rpcrt4.dll and demo.exe)
# Only demo.exe (the client and the server process it starts) gets our DLL, by a per-program override in the
# prefix's registry: with WINEDLLOVERRIDES, the wineboot that Wine runs when a session starts would get it too.
set -e
dir=$1
export WINEPREFIX="${RPCRT4_DEMO_PREFIX:-${TMPDIR:-/tmp}/rpcrt4-demo-prefix}" WINEDEBUG=-all
unset WINEDLLOVERRIDES
[ -f "$WINEPREFIX/system.reg" ] || { echo "booting a Wine prefix in $WINEPREFIX (once)"; wineboot -i > /dev/null 2>&1; }
wine reg add 'HKCU\Software\Wine\AppDefaults\demo.exe\DllOverrides' /v rpcrt4 /d native /f > /dev/null 2>&1
wine "$dir/demo.exe" | tr -d '\r'
