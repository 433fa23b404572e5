#!/bin/sh
# mkdef.sh: writes the module definition (.def) exporting every name exports.tsv gives ARCH.
# usage: tools/mkdef.sh ARCH EXPORTS_TSV > rpcrt4.def
# Names are undecorated; on i386 the linker's stdcall fixup binds each to its _Name@N symbol.
set -e
awk -F '\t' -v arch="$1" '
BEGIN { print "LIBRARY rpcrt4.dll"; print "EXPORTS" }
/^#/ || NF < 5 { next }
$3 == "both" || $3 == arch { print "    " $1 ($4 == "data" ? " DATA" : "") }' "$2"
