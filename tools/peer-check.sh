#!/bin/sh
# peer-check.sh: independent DCE/RPC peers (impacket, Samba's client, tshark) against our server over TCP.
# usage: tools/peer-check.sh DIR ours|builtin
#   Runs in the caller's booted Wine prefix (WINEPREFIX, wineserver running). DIR holds rpc_bench.exe and
#   rpcrt4.dll. rpc_bench.exe serves its benchmark interface on a free 127.0.0.1 port with the chosen rpcrt4
#   (a per-program registry override); tools/peer_check.py calls it with impacket and Samba's strict client
#   while tshark captures the loopback; then every DCE/RPC packet of the capture must decode without a
#   malformed or warning mark, and every request must get exactly one answer carrying its call id.
#   Exits 0 when every check passed; prints why otherwise.
set -u
dir=$1 target=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/peer-check.XXXXXX")
server_pid= capture_pid=
cleanup() {
    exec 3>&-
    [ -n "$server_pid" ] && sleep 1 && kill "$server_pid" 2> /dev/null
    [ -n "$capture_pid" ] && kill "$capture_pid" 2> /dev/null
    rm -rf "$work"
}
trap cleanup EXIT

if [ "$target" = ours ]; then order=native; expect=; else order=builtin; expect=--expect-builtin; fi
wine reg add 'HKCU\Software\Wine\AppDefaults\rpc_bench.exe\DllOverrides' /v rpcrt4 /d "$order" /f > /dev/null 2>&1
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# The server serves until its stdin closes: a fifo that this script holds open on descriptor 3.
mkfifo "$work/stdin"
WINEDEBUG=-all RPC_BENCH_RPCRT4=$target wine "$dir/rpc_bench.exe" server ncacn_ip_tcp "$port" \
    < "$work/stdin" > "$work/server.log" 2>&1 &
server_pid=$!
exec 3> "$work/stdin"
for i in $(seq 1 300); do
    grep -q ready "$work/server.log" 2> /dev/null && break
    sleep 0.1
done
if ! grep -q ready "$work/server.log"; then
    echo "peer-check: the $target server did not start:"; cat "$work/server.log"
    exit 1
fi

capture=
if command -v tshark > /dev/null; then
    tshark -q -i lo -f "tcp port $port" -w "$work/capture.pcapng" > "$work/tshark.log" 2>&1 &
    capture_pid=$!
    # tshark says when it captures; packets sent before then would be missed
    for i in $(seq 100); do
        grep -q "Capturing on" "$work/tshark.log" 2> /dev/null && break
        sleep 0.1
    done
    sleep 0.5
    kill -0 "$capture_pid" 2> /dev/null && capture=yes
fi

/usr/bin/python3 "$here/peer_check.py" "$port" $expect
status=$?

if [ -n "$capture" ]; then
    sleep 1
    kill "$capture_pid" 2> /dev/null; wait "$capture_pid" 2> /dev/null; capture_pid=
    bad=$(tshark -r "$work/capture.pcapng" -d "tcp.port==$port,dcerpc" \
          -Y 'dcerpc && (_ws.malformed || _ws.expert.severity >= warning)' 2> /dev/null | wc -l)
    packets=$(tshark -r "$work/capture.pcapng" -d "tcp.port==$port,dcerpc" -Y dcerpc 2> /dev/null | wc -l)
    echo "tshark: $packets DCE/RPC packets, $bad malformed or with warnings"
    # the clients above made calls: a capture without them checked nothing
    [ "$packets" -gt 0 ] || { echo "tshark captured none of the calls"; cat "$work/tshark.log"; status=1; }
    [ "$bad" -eq 0 ] || { tshark -r "$work/capture.pcapng" -d "tcp.port==$port,dcerpc" \
        -Y 'dcerpc && (_ws.malformed || _ws.expert.severity >= warning)' 2> /dev/null | head -20; status=1; }
    # One answer per request, with the request's call id: requests, responses and faults per stream.
    tshark -r "$work/capture.pcapng" -d "tcp.port==$port,dcerpc" -Y dcerpc -T fields -E separator=' ' \
        -e tcp.stream -e dcerpc.pkt_type -e dcerpc.cn_call_id -e dcerpc.cn_flags 2> /dev/null > "$work/calls.txt"
    if ! /usr/bin/python3 - "$work/calls.txt" "$target" << 'EOF'
import sys
pending, answers, problems = {}, {}, []
for line in open(sys.argv[1]):
    fields = line.split()
    if len(fields) < 4:
        continue
    stream, types, ids, flags = fields[0], fields[1].split(","), fields[2].split(","), fields[3].split(",")
    for t, i, f in zip(types, ids, flags):
        key = (stream, i)
        last = int(f, 16) & 2
        if t == "0" and last:
            pending[key] = pending.get(key, 0) + 1
        elif t in ("2", "3") and (t == "3" or last):
            answers[key] = answers.get(key, 0) + 1
for key, count in pending.items():
    if answers.get(key, 0) != count:
        problems.append("stream %s call id %s: %d requests, %d answers" % (key[0], key[1], count, answers.get(key, 0)))
for key, count in answers.items():
    if key not in pending:
        problems.append("stream %s call id %s: %d answers to no request" % (key[0], key[1], count))
print("calls: %d requests, %d answers, %d problems" % (sum(pending.values()), sum(answers.values()), len(problems)))
for p in problems[:10]:
    print("  " + p)
sys.exit(1 if problems and sys.argv[2] == "ours" else 0)
EOF
    then status=1; fi
else
    echo "tshark capture not available here: packets not checked"
fi
exit $status
