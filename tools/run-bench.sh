#!/bin/sh
# run-bench.sh: RPC round trips and echo throughput under Wine, ours against Wine's builtin rpcrt4 and the raw floor.
# usage: tools/run-bench.sh --exe RPC_BENCH_EXE [--dll OUR_RPCRT4_DLL] [--seconds S] [WORD]...
#   For each protocol sequence a server and its clients run with our rpcrt4 (WINEDLLOVERRIDES=rpcrt4=n, the
#   DLL beside the exe), then with Wine's builtin (rpcrt4=b); the raw ping-pong without RPC runs over a
#   message-mode pipe (the floor of ncalrpc and ncacn_np) and over TCP. Each figure is one client process
#   (rpc_bench.exe client ... TEST S: best of 5 rounds within S seconds, default 1).
#   WORDs pick a subset: protocol sequences (ncalrpc, np or ncacn_np, tcp or ncacn_ip_tcp), tests (null 1k
#   64k 1m) and columns (ours builtin raw); a kind no WORD names runs in full. `make bench BENCH_ONLY=...`
#   passes its words here.
# Prints one table; a measurement that fails prints "failed: STATUS" in its cell, with a note below the
# table. The aims are printed, never asserted: the exit status is non-zero only when the run cannot start.
set -u
exe= dll= seconds=1 protseqs= tests= impls=
while [ $# -gt 0 ]; do
    case $1 in
    --exe) exe=$2; shift 2 ;;
    --dll) dll=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    ncalrpc) protseqs="$protseqs ncalrpc"; shift ;;
    np|ncacn_np) protseqs="$protseqs ncacn_np"; shift ;;
    tcp|ncacn_ip_tcp) protseqs="$protseqs ncacn_ip_tcp"; shift ;;
    null|1k|64k|1m) tests="$tests $1"; shift ;;
    ours|builtin|raw) impls="$impls $1"; shift ;;
    *) echo "run-bench.sh: unknown option or word $1" >&2; exit 2 ;;
    esac
done
: "${protseqs:=ncalrpc ncacn_np ncacn_ip_tcp}" "${tests:=null 1k 64k 1m}" "${impls:=ours builtin raw}"
[ -f "$exe" ] || { echo "run-bench.sh: no benchmark program (--exe)" >&2; exit 2; }
if ! command -v wine > /dev/null; then
    echo "== RPC benchmark SKIPPED: Wine is not installed"
    exit 0
fi

client_timeout=$((10 + 2 * ${seconds%.*}))  # a client that takes longer has hung
server_timeout=600                           # the longest a server may live; it is stopped long before
work=$(mktemp -d "${TMPDIR:-/tmp}/rpcrt4-bench.XXXXXX")
bench=$work/bench results=$work/results
mkdir -p "$bench" "$results"
export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEARCH=win64
cp "$exe" "$bench/rpc_bench.exe"
[ -n "$dll" ] && [ -f "$dll" ] && cp "$dll" "$bench/rpcrt4.dll"

cleanup() {
    for pid in ${pid_ours:-} ${pid_builtin:-} ${pid_raw:-}; do kill -9 "$pid" 2> /dev/null; done
    wineserver -k > /dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== RPC benchmark under $(wine --version 2> /dev/null), x86_64"
# Boot without any override, so Wine's own services keep the builtin rpcrt4.
env -u WINEDLLOVERRIDES timeout 300 wineboot -i > "$work/boot.log" 2>&1
wineserver -p > /dev/null 2>&1

# The environment that gives rpc_bench.exe the rpcrt4 of an implementation: ours, builtin, or raw (which
# makes no RPC call).
impl_env() {
    case $1 in
    ours) echo WINEDLLOVERRIDES=rpcrt4=n RPC_BENCH_RPCRT4=ours ;;
    builtin) echo WINEDLLOVERRIDES=rpcrt4=b RPC_BENCH_RPCRT4=builtin ;;
    raw) echo WINEDLLOVERRIDES=rpcrt4=b ;;
    esac
}

# The first "ok ...", "ready" or "failed: ..." line of a log (Windows ends lines with CR LF), else a failure
# made of the exit status.
outcome() {
    line=$(tr -d '\r' < "$1" | grep -m 1 -E '^(ok |ready$|failed:)')
    if [ -n "$line" ]; then echo "$line"
    elif [ "$2" -eq 124 ] || [ "$2" -eq 137 ]; then echo "failed: timeout (no answer in time)"
    else echo "failed: exit-$2 (no figure printed)"
    fi
}

# Each implementation's server has its own slot: a file descriptor holding open the fifo that is its stdin,
# and variables pid_IMPL, endpoint_IMPL, state_IMPL ("ready" or "failed: ..."). Every process started
# closes the descriptors of all slots, so that closing one stops its server.
slot_fd() {
    case $1 in ours) echo 4 ;; builtin) echo 5 ;; raw) echo 6 ;; esac
}

serial=0
# Starts IMPL's server for PROTSEQ (raw: the pipe or TCP ping-pong server) on a fresh endpoint and waits
# for its first line. A TCP port in use is retried on the next one.
start_server() {
    impl=$1 fd=$(slot_fd "$1") log=$work/$1.server.log fifo=$work/$1.stdin
    mode=server kind=$2
    [ "$impl" = raw ] && mode=raw-server kind=$(raw_kind "$2")
    for attempt in 1 2 3; do
        serial=$((serial + 1))
        case $kind in
        ncalrpc|pipe) endpoint=rpcbench-$$-$serial ;;
        ncacn_np) endpoint="\\pipe\\rpcbench-$$-$serial" ;;
        *) endpoint=$((20000 + $$ % 20000 + serial)) ;;
        esac
        rm -f "$fifo"
        mkfifo "$fifo"
        eval "exec $fd<> \"\$fifo\""
        : > "$log"
        env $(impl_env "$impl") wine "$bench/rpc_bench.exe" "$mode" "$kind" "$endpoint" \
            < "$fifo" > "$log" 2>&1 4>&- 5>&- 6>&- &
        pid=$!
        eval "pid_$impl=\$pid endpoint_$impl=\$endpoint"
        # At most 30 s for the first line (Wine starts slowly on a loaded machine).
        tries=0
        while [ $tries -lt 300 ] && kill -0 "$pid" 2> /dev/null \
              && ! tr -d '\r' < "$log" | grep -q -E '^(ready$|failed:)'; do
            sleep 0.1
            tries=$((tries + 1))
        done
        if kill -0 "$pid" 2> /dev/null; then rc=124; else wait "$pid"; rc=$?; fi
        state=$(outcome "$log" $rc)
        [ "$state" = ready ] || state="$state (server)"
        eval "state_$impl=\$state"
        [ "$state" = ready ] && return
        stop_server "$impl"
        case $state in failed:*bind*|failed:*RpcServerUseProtseqEp*) ;; *) return ;; esac
    done
}

# Closes IMPL's server's stdin, which stops it; kills it when it has not ended within 10 s.
stop_server() {
    eval "pid=\${pid_$1:-}"
    eval "exec $(slot_fd "$1")>&-"
    [ -n "$pid" ] || return
    tries=0
    while [ $tries -lt 100 ] && kill -0 "$pid" 2> /dev/null; do
        sleep 0.1
        tries=$((tries + 1))
    done
    kill -9 "$pid" 2> /dev/null
    wait "$pid" 2> /dev/null
    eval "pid_$1="
}

# The raw ping-pong under a protocol sequence: a message-mode pipe, or TCP.
raw_kind() {
    case $1 in ncacn_ip_tcp) echo tcp ;; *) echo pipe ;; esac
}

# Measures one cell, PROTSEQ TEST IMPL, into results/PROTSEQ.TEST.IMPL: "ok VALUE ..." or "failed: STATUS
# (WHAT)".
measure() {
    protseq=$1 test=$2 impl=$3 out=$results/$1.$2.$3
    eval "state=\$state_$impl endpoint=\$endpoint_$impl"
    if [ "$state" != ready ]; then
        printf '%s\n' "$state" > "$out"
        return
    fi
    mode=client kind=$protseq
    [ "$impl" = raw ] && mode=raw-client kind=$(raw_kind "$protseq")
    timeout -k 5 "$client_timeout" env $(impl_env "$impl") wine "$bench/rpc_bench.exe" \
        "$mode" "$kind" "$endpoint" "$test" "$seconds" > "$work/client.log" 2>&1 4>&- 5>&- 6>&-
    outcome "$work/client.log" $? > "$out"
    # A server that let one client hang would let the next ones hang too: the run stays short.
    case $(cat "$out") in
    "failed: timeout"*) eval "state_$impl=\"failed: skipped (an earlier client timed out)\"" ;;
    esac
}

# A protocol sequence's servers all run while its tests go round them in turn, so that the figures of a
# row are measured close together in time: a burst of load on a shared machine then touches all or none.
for protseq in $protseqs; do
    for impl in $impls; do
        if [ "$impl" = ours ] && [ ! -f "$bench/rpcrt4.dll" ]; then
            state_ours="failed: no-DLL (our rpcrt4.dll was not built)" pid_ours= endpoint_ours=
        else
            start_server "$impl" "$protseq"
        fi
    done
    for test in $tests; do
        for impl in $impls; do measure "$protseq" "$test" "$impl"; done
    done
    for impl in $impls; do stop_server "$impl"; done
done

# ---- The table ----

# The cell of one figure: its value, "failed: STATUS", or "-" when it was not measured.
cell() {
    if [ ! -f "$results/$1" ]; then echo "-"; return; fi
    read -r word value rest < "$results/$1"
    case $word in ok) echo "$value" ;; *) echo "failed: $value" ;; esac
}

# A ratio of two cells, or "-" when either is not a figure.
ratio() {
    awk -v a="$1" -v b="$2" \
        'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2f", a / b; else print "-" }'
}

echo
echo "null: calls per second (one round trip each); 1k, 64k, 1m: echo of that many bytes, in MB/s of the payload"
echo "one way (bytes sent per second, 1 MB = 10^6 bytes). raw: the same ping-pong without RPC (write N bytes, read"
echo "them back; 24 for null) over a message-mode pipe (for ncalrpc and ncacn_np) or TCP with TCP_NODELAY."
echo "Each figure is the best of 5 rounds within ${seconds} s. Aims (ours/raw) are printed, not asserted."
echo
fmt='%-13s %-5s %-16s %-16s %-16s %-13s %-19s %s\n'
printf "$fmt" protseq test ours builtin raw ours/builtin "ours/raw (aim)" builtin/raw
for protseq in $protseqs; do
    for test in $tests; do
        ours=$(cell "$protseq.$test.ours") builtin=$(cell "$protseq.$test.builtin") raw=$(cell "$protseq.$test.raw")
        case $test in null) aim=" (aim 0.90)" ;; 1m) aim=" (aim 0.50)" ;; *) aim= ;; esac
        printf "$fmt" "$protseq" "$test" "$ours" "$builtin" "$raw" "$(ratio "$ours" "$builtin")" \
            "$(ratio "$ours" "$raw")$aim" "$(ratio "$builtin" "$raw")"
    done
done

# The reason of each failure, once per distinct reason.
notes=$(cd "$results" && for f in *; do
    [ -f "$f" ] || continue
    case $(cat "$f") in failed:*) printf "  %s: %s\n" "${f##*.}" "$(cat "$f")" ;; esac
done | sort | uniq -c | sed 's/^ *\([0-9]*\) *\(.*\)$/\2, in \1 cells/')
if [ -n "$notes" ]; then
    echo
    echo "Failures:"
    echo "$notes"
fi
exit 0
