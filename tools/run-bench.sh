#!/bin/sh
# run-bench.sh: RPC round trips and echo throughput under Wine, ours against Wine's builtin rpcrt4 and the raw floor.
# usage: tools/run-bench.sh --exe RPC_BENCH_EXE [--dll OUR_RPCRT4_DLL] [--seconds S] [--fill-seconds F] [WORD]...
#   For each protocol sequence a server and its clients run with our rpcrt4 (WINEDLLOVERRIDES=rpcrt4=n, the
#   DLL beside the exe), then with Wine's builtin (rpcrt4=b); the raw ping-pong without RPC runs over a
#   message-mode pipe (the floor of ncalrpc and ncacn_np) and over TCP. Each figure is one client process
#   (rpc_bench.exe client ... TEST S: best of 5 rounds within S seconds, default 1).
#   The asynchronous tests asyncN (rpc_bench.exe async-client ... N S F) keep N [async] calls in flight:
#   calls per second, then memory and threads per outstanding call with N calls held by the server. They
#   put at most as many calls in flight as F seconds let them issue (default 10: a connection each), and
#   over TCP at most half the descriptors a wineserver may open (a socket at each end of each connection).
#   WORDs pick a subset: protocol sequences (ncalrpc, np or ncacn_np, tcp or ncacn_ip_tcp), tests (null 1k
#   64k 1m, async1 async100 async10000 or any asyncN, async for those three) and columns (ours builtin raw);
#   a kind no WORD names runs in full, except that the asynchronous tests run over ncalrpc alone unless a
#   WORD names protocol sequences. `make bench BENCH_ONLY=...` passes its words here.
# Prints a table of the synchronous tests and one of the asynchronous ones; a measurement that fails prints
# "failed: STATUS" in its cell, one the builtin cannot make "cannot (REASON)", with a note below the table.
# The aims are printed, never asserted: the exit status is non-zero only when the run cannot start.
set -u
exe= dll= seconds=1 fill_seconds=10 protseqs= tests= impls=
while [ $# -gt 0 ]; do
    case $1 in
    --exe) exe=$2; shift 2 ;;
    --dll) dll=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --fill-seconds) fill_seconds=$2; shift 2 ;;
    ncalrpc) protseqs="$protseqs ncalrpc"; shift ;;
    np|ncacn_np) protseqs="$protseqs ncacn_np"; shift ;;
    tcp|ncacn_ip_tcp) protseqs="$protseqs ncacn_ip_tcp"; shift ;;
    null|1k|64k|1m) tests="$tests $1"; shift ;;
    async) tests="$tests async1 async100 async10000"; shift ;;
    async[1-9]*)
        case ${1#async} in *[!0-9]*) echo "run-bench.sh: unknown word $1" >&2; exit 2 ;; esac
        tests="$tests $1"; shift ;;
    ours|builtin|raw) impls="$impls $1"; shift ;;
    *) echo "run-bench.sh: unknown option or word $1" >&2; exit 2 ;;
    esac
done
async_protseqs=${protseqs:-ncalrpc}
: "${protseqs:=ncalrpc ncacn_np ncacn_ip_tcp}" "${tests:=null 1k 64k 1m async1 async100 async10000}"
: "${impls:=ours builtin raw}"
[ -f "$exe" ] || { echo "run-bench.sh: no benchmark program (--exe)" >&2; exit 2; }
if ! command -v wine > /dev/null; then
    echo "== RPC benchmark SKIPPED: Wine is not installed"
    exit 0
fi

client_timeout=$((10 + 2 * ${seconds%.*}))  # a client that takes longer has hung
# An asynchronous client fills for up to fill_seconds, waits up to 30 s for its calls to be held, then
# completes as many calls again twice around its measurement.
async_timeout=$((30 + 3 * ${fill_seconds%.*} + 2 * ${seconds%.*}))
# Each TCP connection is two sockets, each a descriptor of the one wineserver: keep 1000 for the rest.
tcp_max_in_flight=$(( ($(ulimit -Hn) - 1000) / 2 ))
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

# Measures one asynchronous cell, PROTSEQ asyncN IMPL, into results/PROTSEQ.asyncN.IMPL: the client's
# "in-flight", "per-call", "ok" and "failed:" lines (rpc_bench_async.c), or its outcome when it gave no
# "ok" or "failed:" line. Over TCP, N is capped at tcp_max_in_flight (a note says so).
measure_async() {
    protseq=$1 test=$2 impl=$3 out=$results/$1.$2.$3
    in_flight=${test#async}
    eval "state=\$state_$impl endpoint=\$endpoint_$impl"
    if [ "$state" != ready ]; then
        printf '%s\n' "$state" > "$out"
        return
    fi
    if [ "$protseq" = ncacn_ip_tcp ] && [ "$in_flight" -gt "$tcp_max_in_flight" ]; then
        echo "$protseq $in_flight in flight: $in_flight connections need $((2 * in_flight)) sockets in one" \
             "wineserver, which may open $(ulimit -Hn) descriptors: $tcp_max_in_flight at most" \
             > "$results/$protseq.$test.cap"
        in_flight=$tcp_max_in_flight
    fi
    timeout -k 5 "$async_timeout" env $(impl_env "$impl") wine "$bench/rpc_bench.exe" async-client "$protseq" \
        "$endpoint" "$in_flight" "$seconds" "$fill_seconds" > "$work/client.log" 2>&1 4>&- 5>&- 6>&-
    rc=$?
    tr -d '\r' < "$work/client.log" | grep -E '^(in-flight |per-call |ok |failed:)' > "$out"
    grep -q -E '^(ok |failed:)' "$out" || outcome "$work/client.log" $rc >> "$out"
    case $(grep -m 1 '^failed:' "$out") in
    "failed: timeout"*) eval "state_$impl=\"failed: skipped (an earlier client timed out)\"" ;;
    esac
}

# Whether the test is asynchronous, and whether it runs over the protocol sequence and with the column.
is_async() {
    case $1 in async*) return 0 ;; *) return 1 ;; esac
}
runs() {
    is_async "$2" || return 0
    [ "$3" != raw ] && case " $async_protseqs " in *" $1 "*) return 0 ;; esac
    return 1
}

# A protocol sequence's servers all run while its tests go round them in turn, so that the figures of a
# row are measured close together in time: a burst of load on a shared machine then touches all or none.
for protseq in $protseqs; do
    for impl in $impls; do
        needed=
        for test in $tests; do runs "$protseq" "$test" "$impl" && needed=yes; done
        if [ -z "$needed" ]; then
            eval "pid_$impl="
        elif [ "$impl" = ours ] && [ ! -f "$bench/rpcrt4.dll" ]; then
            state_ours="failed: no-DLL (our rpcrt4.dll was not built)" pid_ours= endpoint_ours=
        else
            start_server "$impl" "$protseq"
        fi
    done
    for test in $tests; do
        for impl in $impls; do
            runs "$protseq" "$test" "$impl" || continue
            if is_async "$test"; then measure_async "$protseq" "$test" "$impl"
            else measure "$protseq" "$test" "$impl"
            fi
        done
    done
    for impl in $impls; do stop_server "$impl"; done
done

# ---- The tables ----

# The tests of one kind among those that ran: sync or async.
tests_of() {
    for test in $tests; do
        if is_async "$test"; then [ "$1" = async ] && echo "$test"
        else [ "$1" = sync ] && echo "$test"
        fi
    done
}

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

sync_tests=$(tests_of sync) async_tests=$(tests_of async)
if [ -n "$sync_tests" ]; then
    echo
    echo "null: calls per second (one round trip each); 1k, 64k, 1m: echo of that many bytes, in MB/s of the payload"
    echo "one way (bytes sent per second, 1 MB = 10^6 bytes). raw: the same ping-pong without RPC (write N bytes, read"
    echo "them back; 24 for null) over a message-mode pipe (for ncalrpc and ncacn_np) or TCP with TCP_NODELAY."
    echo "Each figure is the best of 5 rounds within ${seconds} s. Aims (ours/raw) are printed, not asserted."
    echo
    fmt='%-13s %-5s %-16s %-16s %-16s %-13s %-19s %s\n'
    printf "$fmt" protseq test ours builtin raw ours/builtin "ours/raw (aim)" builtin/raw
    for protseq in $protseqs; do
        for test in $sync_tests; do
            ours=$(cell "$protseq.$test.ours") builtin=$(cell "$protseq.$test.builtin") raw=$(cell "$protseq.$test.raw")
            case $test in null) aim=" (aim 0.90)" ;; 1m) aim=" (aim 0.50)" ;; *) aim= ;; esac
            printf "$fmt" "$protseq" "$test" "$ours" "$builtin" "$raw" "$(ratio "$ours" "$builtin")" \
                "$(ratio "$ours" "$raw")$aim" "$(ratio "$builtin" "$raw")"
        done
    done

    # The reason of each failure, once per distinct reason.
    notes=$(cd "$results" && for test in $sync_tests; do
        for f in *."$test".*; do
            [ -f "$f" ] || continue
            case $(cat "$f") in failed:*) printf "  %s: %s\n" "${f##*.}" "$(cat "$f")" ;; esac
        done
    done | sort | uniq -c | sed 's/^ *\([0-9]*\) *\(.*\)$/\2, in \1 cells/')
    if [ -n "$notes" ]; then
        echo
        echo "Failures:"
        echo "$notes"
    fi
fi

# How many calls the asynchronous cell PROTSEQ.asyncN.IMPL had in flight, when fewer than N; empty otherwise.
async_short() {
    want=${1#*.async}
    [ -f "$results/$1" ] && awk -v want="${want%%.*}" '/^in-flight / { if ($2 < want + 0) print $2; exit }' \
                                "$results/$1"
}

# The cell of one asynchronous figure: calls (calls/s), or the per-call field 2 to 5 (client bytes, client
# threads, server bytes, server threads); "cannot (REASON)" when the runtime cannot, "failed: STATUS", or
# "-" when it was not measured. A cell with fewer calls in flight than asked for says how many.
async_cell() {
    f=$results/$1
    if [ ! -f "$f" ]; then echo "-"; return; fi
    case $2 in
    calls) value=$(awk '/^ok / { print $2; exit }' "$f") ;;
    *) value=$(awk -v n="$2" '/^per-call / { if ($2 == "cannot") { sub(/^[^(]*\(/, ""); sub(/:.*/, "");
                                                                   print "cannot (" $0 ")" }
                                             else print $n; exit }' "$f") ;;
    esac
    [ -n "$value" ] || value=$(awk '/^failed:/ { print "failed: " $2; exit }' "$f")
    short=$(async_short "$1")
    case $value in
    cannot*|failed*|"") echo "${value:--}" ;;
    *) echo "$value${short:+ ($short in flight)}" ;;
    esac
}

# The ratio of two asynchronous cells: only between figures made with as many calls in flight.
async_ratio() {
    case $1 in *" in flight)"*) ;; *) case $2 in *" in flight)"*) ;; *) ratio "$1" "$2"; return ;; esac ;; esac
    [ "${1#* }" = "${2#* }" ] && ratio "${1%% *}" "${2%% *}" || echo "-"
}

if [ -n "$async_tests" ]; then
    echo
    echo "async: [async] calls (NdrAsyncClientCall), each completion notified on an I/O completion port and a call"
    echo "issued in its place. calls/s: calls completed per second with N in flight (best of 5 rounds within"
    echo "${seconds} s). bytes/call, threads/call: the growth of the process's private bytes and threads with N calls"
    echo "held by the server (its routine returned without completing them), divided by N; a client call includes"
    echo "its connection (one call per connection). \"(K in flight)\": only K calls were (see the notes)."
    echo
    fmt='%-13s %-10s %-20s %-24s %-36s %s\n'
    printf "$fmt" protseq "in flight" figure ours builtin ours/builtin
    for protseq in $async_protseqs; do
        for test in $async_tests; do
            ours=$(async_cell "$protseq.$test.ours" calls) builtin=$(async_cell "$protseq.$test.builtin" calls)
            printf "$fmt" "$protseq" "${test#async}" calls/s "$ours" "$builtin" "$(async_ratio "$ours" "$builtin")"
        done
        for test in $async_tests; do
            [ "${test#async}" -ge 100 ] || continue
            field=2
            for figure in "client bytes/call" "client threads/call" "server bytes/call" "server threads/call"; do
                ours=$(async_cell "$protseq.$test.ours" $field) builtin=$(async_cell "$protseq.$test.builtin" $field)
                printf "$fmt" "$protseq" "${test#async}" "$figure" "$ours" "$builtin" \
                    "$(async_ratio "$ours" "$builtin")"
                field=$((field + 1))
            done
        done
    done

    # Why a cell had fewer calls in flight, could not, or failed.
    notes=$(for protseq in $async_protseqs; do
        for test in $async_tests; do
            cat "$results/$protseq.$test.cap" 2> /dev/null
            for impl in ours builtin; do
                f=$results/$protseq.$test.$impl
                [ -f "$f" ] || continue
                where="$impl, $protseq ${test#async} in flight"
                awk -v where="$where" '
                    /^in-flight / && $2 < $3 { line = $0; sub(/^[^(]*\(/, "", line); sub(/\)$/, "", line)
                                               print where ": " $2 " in flight (" line ")" }
                    /^per-call cannot/ { line = $0; sub(/^per-call /, "", line); print where ": " line }
                    /^failed:/ { print where ": " $0 }' "$f"
            done
        done
    done)
    if [ -n "$notes" ]; then
        echo
        echo "Notes:"
        echo "$notes" | sed 's/^/  /'
    fi
fi
exit 0
