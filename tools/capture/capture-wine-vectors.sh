#!/bin/sh
# capture-wine-vectors.sh: captures DCE/RPC traffic between two processes using Wine's builtin rpcrt4 as test vectors.
# usage: tools/capture/capture-wine-vectors.sh [OUTDIR]   (default tests/host/vectors/wine; run from the repo root)
# Needs root (tshark captures on lo), tshark, Wine (64-bit), mingw-w64 gcc and widl, python3. Not run by make check:
# its outputs, OUTDIR/NNN-<cli|srv|probe>-<type>.bin (one PDU each) and OUTDIR/fields.tsv (tshark's decoding of
# each), are committed. cli: sent by the builtin client (tools/capture/peer.c); srv: sent by the builtin server;
# probe: hand-built by tools/capture/probe.py to draw answers the builtin client never asks for.
set -eu
out=${1:-tests/host/vectors/wine}
here=$(cd "$(dirname "$0")" && pwd)
port=${CAPTURE_PORT:-41235}
probe_port=$((port + 1))
work=$(mktemp -d "${TMPDIR:-/tmp}/capture.XXXXXX")
tshark_pid= server_pid=

cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2> /dev/null
    [ -n "$tshark_pid" ] && kill "$tshark_pid" 2> /dev/null
    WINEPREFIX="$work/prefix" wineserver -k 2> /dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# Waits up to 30 s for a line matching pattern in file.
wait_for() {
    tries=150
    until grep -q "$2" "$1" 2> /dev/null; do
        tries=$((tries - 1))
        [ $tries -gt 0 ] || { echo "timed out waiting for '$2' in $1:"; cat "$1"; exit 1; }
        sleep 0.2
    done
}

echo "== building peer.exe"
(cd "$work" && x86_64-w64-mingw32-widl -Oicf -h -c -s --prefix-server=s_ "$here/peer.idl")
x86_64-w64-mingw32-gcc -O1 -Wall -Wextra -Werror -Wno-missing-field-initializers -I"$work" -o "$work/peer.exe" \
    "$here/peer.c" "$work/peer_c.c" "$work/peer_s.c" -lrpcrt4

echo "== booting a private Wine prefix"
export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEARCH=win64
unset WINEDLLOVERRIDES
wineboot -i > "$work/boot.log" 2>&1

echo "== capturing on lo, ports $port (builtin client) and $probe_port (probe)"
tshark -i lo -f "tcp port $port or tcp port $probe_port" -w "$work/capture.pcapng" > "$work/tshark.log" 2>&1 &
tshark_pid=$!
wait_for "$work/tshark.log" 'Capturing on'
sleep 1

wine "$work/peer.exe" server "$port" "$probe_port" > "$work/server.log" 2>&1 &
server_pid=$!
wait_for "$work/server.log" 'listening'
wine "$work/peer.exe" client "$port" > "$work/client.log" 2>&1 || client_failed=1
tr -d '\r' < "$work/client.log"
[ -z "${client_failed:-}" ] || { echo "the client failed"; exit 1; }
python3 "$here/probe.py" "$probe_port"
wine "$work/peer.exe" stop "$port" > /dev/null
wait "$server_pid" || { echo "server failed:"; cat "$work/server.log"; exit 1; }
server_pid=
sleep 1
kill -INT "$tshark_pid"
wait "$tshark_pid" || true
tshark_pid=

echo "== splitting into $out"
rm -f "$out"/*.bin "$out/fields.tsv"
python3 "$here/pdus.py" split "$work/capture.pcapng" "$port" "$probe_port" "$out"
python3 "$here/pdus.py" fields "$out"/*.bin > "$out/fields.tsv"
python3 "$here/pdus.py" check "$out"/*.bin || echo "(tshark flags the PDUs above)"
