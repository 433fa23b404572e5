#!/bin/sh
# export-coverage.sh: reports, per area, how many of the native exports are implemented and how many are stubs.
# usage: tools/export-coverage.sh EXPORTS_TSV IMPLEMENTED_X86_64 IMPLEMENTED_I386 [WINE_PREFIX_IMPORTS_TSV]
#   IMPLEMENTED_* list the names the DLL's own sources define (build/ARCH/implemented.txt);
#   every other export is a generated stub. With the Wine imports table, it also counts how many of
#   the functions Wine's own modules import are implemented, and lists the missing ones.
set -e
tsv=$1 x64=$2 x86=$3 imports=${4:-}
[ -n "$imports" ] && [ -f "$imports" ] || imports=/dev/null
printf "%-10s %12s %6s %6s\n" area implemented stubs total
awk -F '\t' -v x64="$x64" -v x86="$x86" -v imports="$imports" '
BEGIN {
    while ((getline s < x64) > 0) have["x86_64", s] = 1
    while ((getline s < x86) > 0) have["i386", s] = 1
    while ((getline s < imports) > 0) { split(s, f, "\t"); if (f[1] != "name") wanted[f[1]] = f[2] }
}
/^#/ || NF < 5 { next }
{
    name = $1; area = $2
    # An export counts as implemented when every architecture that exports it has it.
    done = ($3 == "i386" || have["x86_64", name]) && ($3 == "x86_64" || have["i386", name])
    total[area]++; all++
    if (done) { impl[area]++; implemented++ }
    if (name in wanted) { wine_total++; if (done) wine_done++; else wine_missing = wine_missing " " name }
    areas[area] = 1
}
END {
    for (a in areas) printf "%-10s %12d %6d %6d\n", a, impl[a], total[a] - impl[a], total[a] | "sort"
    close("sort")
    printf "%-10s %12d %6d %6d\n", "all", implemented, all - implemented, all
    if (wine_total) {
        printf "\nimported by Wine'"'"'s own modules: %d of %d implemented\n", wine_done, wine_total
        printf "missing:%s\n", wine_missing
    }
}' "$tsv"
