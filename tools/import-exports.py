#!/usr/bin/python3
"""import-exports.py: regenerate dlls/rpcrt4/exports.tsv from mingw-w64's rpcrt4 import libraries and headers.

A maintainer tool, not part of the build (it needs clang). It reads
  - every exported name per architecture from librpcrt4.a (x86_64 and i686),
  - the i686 calling convention from the @N decoration (stdcall with N argument bytes, cdecl, or data),
  - each function's return type from mingw-w64's headers (clang's AST),
and writes one row per name: name, area, arch, i386 convention, stub kind. The stub kind says what an
unimplemented export answers (see tools/mkstubs.sh). Rows already in the file keep their area and stub
kind, so hand corrections survive a refresh.

usage: tools/import-exports.py [MINGW_PREFIX=/usr] > dlls/rpcrt4/exports.tsv.new
"""
import json
import os
import re
import subprocess
import sys
import tempfile

PREFIX = sys.argv[1] if len(sys.argv) > 1 else "/usr"
TSV = os.path.join(os.path.dirname(__file__), "..", "dlls", "rpcrt4", "exports.tsv")


def imports(arch, nm, strip):
    out = subprocess.run([nm, f"{PREFIX}/{arch}-w64-mingw32/lib/librpcrt4.a"],
                         capture_output=True, text=True).stdout
    names = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2].startswith(strip):
            sym = parts[2][len(strip):]
            base, _, n = sym.partition("@")
            names[base] = n
    return names


def return_types():
    src = "".join(f"#include <{h}>\n" for h in (
        "windows.h", "rpc.h", "ole2.h", "rpcndr.h", "rpcproxy.h", "midles.h", "rpcasync.h",
        "rpcdcep.h", "wincrypt.h", "rpcssl.h", "rpcnsi.h", "ndr64types.h"))
    with tempfile.NamedTemporaryFile("w", suffix=".c") as f:
        f.write(src)
        f.flush()
        ast = subprocess.run(["clang", "-target", "x86_64-w64-mingw32", "-isystem",
                              f"{PREFIX}/x86_64-w64-mingw32/include", "-fsyntax-only",
                              "-Xclang", "-ast-dump=json", f.name],
                             capture_output=True, text=True).stdout
    types = {}
    for node in json.loads(ast).get("inner", []):
        if node.get("kind") == "FunctionDecl":
            types[node["name"]] = node["type"]["qualType"].split("(")[0].strip()
    return types


AREA_RULES = [  # first match wins
    (r"^I_Rpc", "internal"),
    (r"^(I_)?Uuid", "uuid"),
    (r"Async|^Rpc(Server|)TestCancel$|^RpcCancelThread|^RpcMgmtSetCancelTimeout$", "async"),
    (r"Auth|Impersonat|Revert|Cert|PrincName|SecurityCallback|^RpcServerInqCallAttributes|"
     r"^RpcBindingInqLocalClientPID|^RpcGetAuthorizationContextForClient|^RpcFreeAuthorizationContext|"
     r"^RpcSsContextLockExclusive|^RpcSsContextLockShared|^RpcUserFree$", "security"),
    (r"^RpcEp|^Tower", "epm"),
    (r"^RpcMgmt", "mgmt"),
    (r"^RpcServer|^RpcObject|^RpcIf|^RpcNsBinding", "server"),
    (r"^RpcStringBinding|^RpcBinding|^RpcNetwork|^RpcProtseqVector|^RpcStringFree", "binding"),
    (r"^DceErrorInqText|^RpcRaiseException$|^RpcExceptionFilter$|^RpcError", "errors"),
    (r"^Mes|^NdrMes", "ndr-mes"),
    (r"^Ndr64|Ndr64$|^NdrClientCall3$|^NdrStubCall3$|^NdrServerCallAll$", "ndr64"),
    (r"^CStdStubBuffer|^NdrCStdStubBuffer|^NdrProxy|^NdrStub|^NdrDll|^IUnknown_|FromTypeInfo$|"
     r"^NdrOle|^NdrDcom|^NdrInterfacePointer|^NdrpCreate|^Dll|^NdrGetBaseInterface|^Ndrp(Get|Release)Type|"
     r"^NdrpGetProcFormatString|^NdrpVarVtOfTypeDesc", "ndr-com"),
    (r"^Ndr|^NDR|^RpcSs|^RpcSm|^MIDL_|_ndr|^NDRcopy$|^pfn|^Simple|^Global", "ndr"),
    (r".", "misc"),
]


def area_of(name):
    for pattern, area in AREA_RULES:
        if re.search(pattern, name):
            return area
    return "misc"


def stub_kind(name, area, ret, i386):
    """What an unimplemented export answers: status (RPC_S_CANNOT_SUPPORT), hresult (E_NOTIMPL),
    raise (RpcRaiseException(RPC_S_CANNOT_SUPPORT), how the NDR engine fails), zero (0 / NULL / FALSE),
    void (nothing), data (a zero-filled table)."""
    if i386 == "data" or name in ("NdrTypeFlags", "SimpleTypeAlignment", "SimpleTypeBufferSize",
                                  "SimpleTypeMemorySize") or name.startswith("pfn"):
        return "data"
    if ret == "HRESULT" or name.startswith("Dll") or name.endswith("FromTypeInfo") \
            or name == "IUnknown_QueryInterface_Proxy":
        return "hresult"
    if ret in ("RPC_STATUS",) or (ret is None and re.match(r"^(I_)?Rpc", name) and "Alloc" not in name
                                  and "Event" not in name and "Packet" not in name):
        return "status"
    if (area.startswith("ndr") or name.startswith("Ndr")) and "Free" not in name and not name.startswith(("CStdStubBuffer", "IUnknown")):
        return "raise"
    if ret == "void":
        return "void"
    return "zero"


def main():
    x64 = imports("x86_64", "x86_64-w64-mingw32-nm", "__imp_")
    x86 = imports("i686", "i686-w64-mingw32-nm", "__imp__")
    types = return_types()
    kept = {}
    if os.path.exists(TSV):
        for line in open(TSV):
            if line.startswith("#") or not line.strip():
                continue
            f = line.rstrip("\n").split("\t")
            kept[f[0]] = (f[1], f[4])
    print("# name\tarea\tarch\ti386\tstub")
    for name in sorted(set(x64) | set(x86), key=str.lower):
        arch = "both" if name in x64 and name in x86 else ("x86_64" if name in x64 else "i386")
        if name not in x86:
            i386 = "-"
        elif x86[name] != "":
            i386 = x86[name]
        else:
            i386 = "data" if types.get(name) is None and re.match(r"^(pfn|Simple|NdrTypeFlags)", name) else "cdecl"
        area = kept.get(name, (area_of(name), None))[0]
        kind = kept.get(name, (None, stub_kind(name, area, types.get(name), i386)))[1]
        if kind == "data" and i386 != "-":
            i386 = "data"  # mingw-w64 decorates a few data exports with meaningless @N
        print(f"{name}\t{area}\t{arch}\t{i386}\t{kind}")


main()
