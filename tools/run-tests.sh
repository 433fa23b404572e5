#!/bin/sh
# run-tests.sh: runs the host tests and every conformance test unit under Wine, and prints the summary.
# usage: tools/run-tests.sh [--target ours|builtin] [--host HOST_TESTS] [--tool-test 'SCRIPT ARGS']...
#                           [--arch ARCH:DIR]... [--timeout S] [--fuzz FUZZER:SEED_CORPUS]... [--fuzz-seconds S]
#                           [--tshark-check SCRIPT] [--peer-check SCRIPT]
#   Each ARCH:DIR holds rpcrt4.dll and rpcrt4_test.exe. Wine runs in a private prefix booted without any
#   override; only rpcrt4_test.exe gets rpcrt4=native (a per-program registry override), with our DLL
#   beside the exe.
#   A unit is one process; one that crashes, hangs past the timeout or prints no summary counts failed.
#   Each tool test (a test of a build tool, run on the host with its words as arguments) is a unit too,
#   named host/SCRIPT without its directory and extension.
#   Each libFuzzer target runs for S seconds (default 60) from its seed corpus and counts as one check:
#   passed when it found nothing; otherwise its report and the input that broke it are shown.
#   SCRIPT (tools/tshark-check.sh) runs after the host tests, given HOST_TESTS, and counts as one check:
#   passed when it exits 0.
#   SCRIPT (tools/peer-check.sh) runs in the x86_64 prefix after its units, given the ARCH's DIR and the
#   target, and counts as one check: passed when it exits 0.
# The last line is "N passed, N failed, N skipped"; the exit status is non-zero on any failure.
set -u
target=ours host= tool_tests= arches= fuzzers= fuzz_seconds=60 tshark_check= peer_check=
timeout=${RPCRT4_TEST_TIMEOUT:-120}
while [ $# -gt 0 ]; do
    case $1 in
    --target) target=$2; shift 2 ;;
    --host) host=$2; shift 2 ;;
    --tool-test) tool_tests="$tool_tests$2
"; shift 2 ;;
    --arch) arches="$arches $2"; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --fuzz) fuzzers="$fuzzers $2"; shift 2 ;;
    --fuzz-seconds) fuzz_seconds=$2; shift 2 ;;
    --tshark-check) tshark_check=$2; shift 2 ;;
    --peer-check) peer_check=$2; shift 2 ;;
    *) echo "run-tests.sh: unknown option $1" >&2; exit 2 ;;
    esac
done

passed=0 failed=0 skipped=0 todo=0
work=$(mktemp -d "${TMPDIR:-/tmp}/rpcrt4-tests.XXXXXX")
log=$work/unit.log

# Adds one unit's summary line ("uuid: 12 tests executed (1 marked as todo, 2 failures), 3 skipped.")
# to the totals; a unit without one failed as a whole.
count_unit() {
    label=$1 rc=$2
    line=$(grep -E '^[A-Za-z0-9_]+: [0-9]+ tests executed' "$log" | tail -n 1)
    if [ -z "$line" ]; then
        echo "$label: FAILED (exit status $rc, no summary line)"
        failed=$((failed + 1))
        return
    fi
    set -- $(echo "$line" | sed -E 's/^[^:]+: ([0-9]+) tests executed \(([0-9]+) marked as todo, ([0-9]+) failures\), ([0-9]+) skipped\./\1 \2 \3 \4/')
    passed=$((passed + $1 - $2 - $3)) todo=$((todo + $2)) failed=$((failed + $3)) skipped=$((skipped + $4))
    if [ "$3" -eq 0 ] && [ "$rc" -ne 0 ]; then
        echo "$label: FAILED (exit status $rc after its summary)"
        failed=$((failed + 1))
    fi
}

# Prints a unit's output, indented, when it failed; just its summary line when it passed.
report_unit() {
    if grep -qE 'Test failed|Test succeeded inside todo|FAILED|no such test unit' "$log" || [ "$1" -ne 0 ]; then
        sed 's/^/    /' "$log"
    else
        grep -E '^[A-Za-z0-9_]+: [0-9]+ tests executed' "$log" | tail -n 1 | sed 's/^/    /'
    fi
}

run_unit() {
    label=$1
    shift
    timeout -k 10 "$timeout" "$@" > "$log.raw" 2>&1 < /dev/null
    rc=$?
    tr -d '\r' < "$log.raw" > "$log"  # Windows programs end their lines with CR LF
    [ $rc -eq 124 ] && echo "$label: timed out after ${timeout}s" >> "$log"
    echo "$label"
    report_unit $rc
    count_unit "$label" $rc
}

if [ -n "$host" ]; then
    echo "== host tests (AddressSanitizer, UBSan)"
    for unit in $("$host" --list); do
        run_unit "host/$unit" "$host" "$unit"
    done
fi

# One tool test a line; its words split at blanks.
[ -n "$tool_tests" ] && echo "== tool tests"
saved_ifs=$IFS
IFS='
'
for spec in $tool_tests; do
    IFS=$saved_ifs
    set -- $spec
    script=$(basename "$1")
    run_unit "host/${script%.*}" "$@"
done
IFS=$saved_ifs

if [ -n "$tshark_check" ]; then
    echo "tshark check ($tshark_check)"
    timeout -k 10 "$timeout" "$tshark_check" ${host:+"$host"} > "$log" 2>&1 < /dev/null
    rc=$?
    if [ $rc -eq 0 ]; then
        tail -n 1 "$log" | sed 's/^/    /'
        passed=$((passed + 1))
    else
        tail -n 40 "$log" | sed 's/^/    /'
        echo "tshark check: FAILED (exit status $rc)"
        failed=$((failed + 1))
    fi
fi

for spec in $fuzzers; do
    fuzzer=${spec%%:*} seeds=${spec#*:} name=$(basename "${spec%%:*}")
    echo "fuzz/$name (${fuzz_seconds}s, AddressSanitizer, UBSan)"
    mkdir -p "$work/corpus-$name" "$work/crash-$name"
    timeout -k 10 $((fuzz_seconds + 120)) "$fuzzer" -max_total_time="$fuzz_seconds" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$work/crash-$name/" "$work/corpus-$name" "$seeds" > "$log" 2>&1
    rc=$?
    if [ $rc -eq 0 ]; then
        grep -E '^Done [0-9]+ runs' "$log" | sed 's/^/    /'
        passed=$((passed + 1))
    else
        tail -n 40 "$log" | sed 's/^/    /'
        for input in "$work/crash-$name"/*; do
            [ -f "$input" ] || continue
            echo "    input that broke it (hex):"; od -A x -t x1z -v "$input" | head -n 20 | sed 's/^/      /'
        done
        echo "fuzz/$name: FAILED (exit status $rc)"
        failed=$((failed + 1))
    fi
done

# 32-bit programs need Wine's i386 loader, which Debian ships in the separate wine32 package.
can_run_arch() {
    case $1 in
    x86_64) command -v wine64 > /dev/null || [ -x /usr/lib/wine/wine64 ] ;;
    i386) [ -x /usr/lib/wine/wine ] || [ -x /usr/lib/i386-linux-gnu/wine/wine ] ;;
    esac
}

for spec in $arches; do
    arch=${spec%%:*} dir=${spec#*:}
    if ! can_run_arch "$arch"; then
        echo "== $arch conformance tests SKIPPED: this Wine cannot run $arch programs (install wine32:i386)"
        continue
    fi
    echo "== $arch conformance tests against $target rpcrt4 under $(WINEDEBUG=-all wine --version)"
    export WINEPREFIX="$work/prefix-$arch" WINEDEBUG=-all WINEARCH=win64
    # Boot without any override, so Wine's own services keep the builtin rpcrt4. Only the test program gets
    # the override, by its name in the registry rather than WINEDLLOVERRIDES: a service that Wine starts
    # during a unit keeps the builtin, and the program can give a copy of itself the other rpcrt4.
    unset WINEDLLOVERRIDES
    wineboot -i > "$work/boot.log" 2>&1
    wineserver -p > /dev/null 2>&1
    if [ "$target" = ours ]; then order=native; else order=builtin; fi
    wine reg add 'HKCU\Software\Wine\AppDefaults\rpcrt4_test.exe\DllOverrides' /v rpcrt4 /d "$order" /f \
        > /dev/null 2>&1
    for unit in $(wine "$dir/rpcrt4_test.exe" --list 2>/dev/null | tr -d '\r'); do
        run_unit "$arch/$unit" env RPCRT4_TEST_TARGET="$target" wine "$dir/rpcrt4_test.exe" "$unit"
    done
    if [ -n "$peer_check" ] && [ "$arch" = x86_64 ]; then
        echo "peer check ($peer_check, impacket, Samba, tshark)"
        timeout -k 10 "$timeout" "$peer_check" "$dir" "$target" > "$log" 2>&1 < /dev/null
        rc=$?
        if [ $rc -eq 0 ]; then
            tail -n 2 "$log" | sed 's/^/    /'
            passed=$((passed + 1))
        else
            sed 's/^/    /' "$log"
            echo "peer check: FAILED (exit status $rc)"
            failed=$((failed + 1))
        fi
    fi
    wineserver -k > /dev/null 2>&1
    wineserver -w 2> /dev/null
done

rm -rf "$work"
[ "$todo" -gt 0 ] && echo "($todo checks marked as todo: known failures)"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
