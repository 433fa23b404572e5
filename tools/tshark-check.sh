#!/bin/sh
# tshark-check.sh: every PDU our encoder writes in the pdu host test, decoded by Wireshark's dissector and by ours.
# usage: tools/tshark-check.sh [HOST_TESTS]   (default build/host/host_tests; run from the repository root)
# The pdu unit writes each PDU it encodes to $PDU_CAPTURE_DIR/NNNN.bin. tshark decodes each one on its own,
# as a TCP packet to port 135 (tools/capture/pdus.py): none may be malformed or draw an expert warning, and
# the fields tshark shows must equal our decoder's (the pdu_vectors unit run on these PDUs, which also
# re-encodes each and wants the same bytes back). The last line is "tshark: N PDUs decoded, N disagreements";
# the exit status is non-zero on any disagreement.
set -u
host=${1:-build/host/host_tests}
pdus=$(dirname "$0")/capture/pdus.py

command -v tshark > /dev/null || { echo "tshark is not installed (Debian package tshark)"; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/tshark-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/pdus"

PDU_CAPTURE_DIR=$work/pdus "$host" pdu > "$work/pdu.log" 2>&1 || echo "(the pdu unit failed; its PDUs are checked all the same)"
count=$(find "$work/pdus" -name '*.bin' | wc -l)
if [ "$count" -eq 0 ]; then
    echo "the pdu unit wrote no PDUs to PDU_CAPTURE_DIR:"
    tail -n 20 "$work/pdu.log"
    echo "tshark: 0 PDUs decoded, 1 disagreements"
    exit 1
fi

# Malformed PDUs and expert warnings, one line each.
python3 "$pdus" check "$work"/pdus/*.bin > "$work/check.log" 2>&1
flagged=$(sed -n 's/^\([^:]*\): .*/\1/p' "$work/check.log" | sort -u | wc -l)
sed 's/^/  /' "$work/check.log" | head -n 40

# The fields tshark shows, then our decoder's view of the same bytes.
if ! python3 "$pdus" fields "$work"/pdus/*.bin > "$work/pdus/fields.tsv" 2> "$work/fields.log"; then
    cat "$work/fields.log"
    echo "tshark: 0 PDUs decoded, $count disagreements"
    exit 1
fi
decoded=$(($(wc -l < "$work/pdus/fields.tsv") - 1))
awk -F'\t' 'NR > 1 { n[$4]++ } END { printf "  PDUs by PTYPE:"; for (t in n) printf " %s:%d", t, n[t]; print "" }' \
    "$work/pdus/fields.tsv"
PDU_VECTORS_DIR=$work/pdus "$host" pdu_vectors > "$work/vectors.log" 2>&1
rc=$?
grep -v 'tests executed' "$work/vectors.log" | sed 's/^/  /'
summary=$(grep -o '[0-9]* disagreements with tshark' "$work/vectors.log" | tail -n 1)
differ=${summary%% *}
if [ -z "$differ" ]; then
    echo "  the pdu_vectors unit printed no summary (exit status $rc)"
    differ=1
elif [ "$rc" -ne 0 ] && [ "$differ" -eq 0 ]; then
    differ=1   # re-encodings that differ, or the unit failing otherwise
fi

disagreements=$((flagged + differ))
echo "tshark: $decoded PDUs decoded, $disagreements disagreements"
[ "$disagreements" -eq 0 ]
