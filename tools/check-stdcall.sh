#!/bin/sh
# check-stdcall.sh: fails unless every i686 export has the calling convention and stdcall argument
# size (@N) that mingw-w64's i686 librpcrt4.a gives it.
# Two quirks of that library: its data exports carry meaningless @N decorations (they are only checked
# to be defined), and it lists a few names twice with different sizes (either one is accepted).
# usage: tools/check-stdcall.sh EXPORTS_TSV MINGW_LIBRPCRT4_A NM OBJECT...
set -e
tsv=$1 lib=$2 nm=$3
shift 3
# What mingw-w64 says: __imp__Name@N for stdcall, __imp__Name for cdecl and data.
"$nm" "$lib" 2>/dev/null | awk '$3 ~ /^__imp__/ { s = substr($3, 8); print s }' | sort -u > "${TMPDIR:-/tmp}/stdcall.expected.$$"
# What our objects define: _Name@N or _Name.
"$nm" -g --defined-only "$@" | awk 'NF == 3 && $3 ~ /^_/ { print substr($3, 2) }' | sort -u > "${TMPDIR:-/tmp}/stdcall.ours.$$"
status=0
awk -F '\t' -v expected="${TMPDIR:-/tmp}/stdcall.expected.$$" -v ours="${TMPDIR:-/tmp}/stdcall.ours.$$" '
BEGIN {
    while ((getline s < expected) > 0) { n = s; sub(/@.*/, "", n); want[n] = (n in want) ? want[n] " " s : s }
    while ((getline s < ours) > 0) { n = s; sub(/@.*/, "", n); if (n in have) have[n] = have[n] " " s; else have[n] = s }
}
/^#/ || NF < 5 || ($3 != "both" && $3 != "i386") { next }
{
    name = $1
    if (!(name in want)) { printf "%s: not in mingw-w64 librpcrt4.a\n", name; bad++; next }
    if (!(name in have)) { printf "%s: not defined by any object\n", name; bad++; next }
    if ($4 == "data") { checked++; next }
    if (index(" " want[name] " ", " " have[name] " ") == 0) { printf "%s: ours %s, mingw-w64 %s\n", name, have[name], want[name]; bad++ }
    checked++
}
END {
    if (bad) { printf "check-stdcall: %d of %d i686 exports differ from mingw-w64\n", bad, checked + bad; exit 1 }
    printf "check-stdcall: %d i686 exports match mingw-w64 librpcrt4.a\n", checked
}' "$tsv" || status=$?
rm -f "${TMPDIR:-/tmp}/stdcall.expected.$$" "${TMPDIR:-/tmp}/stdcall.ours.$$"
exit $status
