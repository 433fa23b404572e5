#!/usr/bin/env python3
# widl_async.py: host test of tools/widl-async.py: async_test.idl through each widl, and inputs it must refuse.
"""usage: tests/host/widl_async.py [WIDL...]  (default: the x86_64 and i686 mingw-w64 widl)

Prints a line for each failed check and ends with a unit summary line as the conformance tests do."""
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = os.path.join(ROOT, 'tools', 'widl-async.py')
IDL = os.path.join(ROOT, 'tests', 'idl', 'async_test.idl')
ACF = os.path.join(ROOT, 'tests', 'idl', 'async_test.acf')
OPS = ['at_add', 'at_echo', 'at_hold', 'at_release', 'at_abort', 'at_test_cancel', 'at_sync_add', 'at_held_count',
       'at_release_all']
ASYNC = {'at_add', 'at_echo', 'at_hold', 'at_abort', 'at_test_cancel'}
counts = {'run': 0, 'failed': 0}


def ok(condition, message):
    counts['run'] += 1
    if not condition:
        counts['failed'] += 1
        print('widl_async.py:%d: Test failed: %s' % (sys._getframe(1).f_lineno, message))
    return condition


def short(n):
    return [n & 0xff, n >> 8]


def hexes(data):
    return ' '.join('%02x' % b for b in data) if data is not None else None


# at_add(h, a, b, *sum), [async], derived by hand from MIDL's rules: the async handle takes stack slot 0 and is
# not described, so the explicit handle, every parameter and the stack size move one slot (P bytes) on, and
# the Oi2 flags get 0x80 (has async handle); the rest is what widl writes for the synchronous at_add (widl
# describes the binding handle h too, as an FC_LONG parameter at the handle's offset).
EXPECTED_AT_ADD = {
    8: [0x00, 0x48, 0x00, 0x00, 0x00, 0x00,  # explicit handle; Oi flags: Oi2, has rpc flags; rpc flags 0
        0x00, 0x00, 0x30, 0x00,              # method 0; stack size 48: async handle, h, a, b, sum, result
        0x32, 0x00, 0x08, 0x00,              # FC_BIND_PRIMITIVE, h at offset 8
        0x10, 0x00, 0x10, 0x00,              # client and server buffer: widl's for the synchronous at_add
        0xc4, 0x05,                          # Oi2 flags: has async handle, has extensions, has return; 5 params
        0x0a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  # widl's Win64 Oi2 extension
        0x48, 0x00, 0x08, 0x00, 0x08, 0x00,  # h: in, base type; offset 8; FC_LONG
        0x48, 0x00, 0x10, 0x00, 0x08, 0x00,  # a: offset 16
        0x48, 0x00, 0x18, 0x00, 0x08, 0x00,  # b: offset 24
        0x50, 0x21, 0x20, 0x00, 0x08, 0x00,  # sum: out, base type, simple ref, server size 8; offset 32
        0x70, 0x00, 0x28, 0x00, 0x08, 0x00], # result: out, return, base type; offset 40
    4: [0x00, 0x48, 0x00, 0x00, 0x00, 0x00,  # as above with 4-byte slots
        0x00, 0x00, 0x18, 0x00,              # stack size 24
        0x32, 0x00, 0x04, 0x00,              # h at offset 4
        0x10, 0x00, 0x10, 0x00,
        0xc4, 0x05,
        0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  # widl's Win32 Oi2 extension
        0x48, 0x00, 0x04, 0x00, 0x08, 0x00,  # h: offset 4
        0x48, 0x00, 0x08, 0x00, 0x08, 0x00,  # a: offset 8
        0x48, 0x00, 0x0c, 0x00, 0x08, 0x00,  # b: offset 12
        0x50, 0x21, 0x10, 0x00, 0x08, 0x00,  # sum: offset 16
        0x70, 0x00, 0x14, 0x00, 0x08, 0x00], # result: offset 20
}


def run_tool(args):
    result = subprocess.run([sys.executable, TOOL] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            universal_newlines=True)
    return result.returncode, result.stderr


def read(path):
    with open(path) as f:
        return f.read()


def proc_bytes(text):
    """The procedure format string's bytes and each procedure's start {op: offset}."""
    block = text[text.index('__MIDL_ProcFormatString =\n'):]
    block = block[:block.index('\n};\n')]
    starts = {m.group(2): int(m.group(1)) for m in re.finditer(r'/\* (\d+) \(procedure \w+::(\w+)\) \*/', block)}
    data = []
    for m in re.finditer(r'NdrFcShort\((\w+)\)|NdrFcLong\((\w+)\)|\b(0x[0-9a-f]+)\b', re.sub(r'/\*.*?\*/', '', block)):
        value = int(m.group(m.lastindex), 0)
        data += [value >> (8 * i) & 0xff for i in range({1: 2, 2: 4, 3: 1}[m.lastindex])]
    return data[:-1], starts  # without the closing 0x0


def procs_of(text):
    data, starts = proc_bytes(text)
    ends = sorted(starts.values()) + [len(data)]
    return {op: data[start:ends[ends.index(start) + 1]] for op, start in starts.items()}


def as_async(sync, P):
    """A synchronous explicit-handle procedure of widl made asynchronous by MIDL's rules."""
    proc = list(sync)
    u16 = lambda at: proc[at] | proc[at + 1] << 8
    put = lambda at, value: proc.__setitem__(slice(at, at + 2), short(value))
    put(8, u16(8) + P)    # stack size
    put(12, u16(12) + P)  # explicit handle offset
    proc[18] |= 0x80
    for at in range(20 + proc[20], len(proc), 6):
        put(at + 2, u16(at + 2) + P)
    return proc


def test_async_test(widl, plain_dir, out_dir):
    rc, err = run_tool(['--widl', widl, '-Oicf', '--prefix-server=srv_', '--acf', ACF, '--outdir', out_dir, IDL])
    if not ok(rc == 0 and not err, '%s: exit status %d, %r' % (widl, rc, err)):
        return
    for kind, name in (('-h', 'async_test.h'), ('-c', 'async_test_c.c'), ('-s', 'async_test_s.c')):
        subprocess.run([widl, '-Oicf', '--prefix-server=srv_', kind, '-o', os.path.join(plain_dir, name), IDL],
                       check=True)
    client, server = read(os.path.join(out_dir, 'async_test_c.c')), read(os.path.join(out_dir, 'async_test_s.c'))
    header = read(os.path.join(out_dir, 'async_test.h'))
    P = 8 if '__RPC_WIN64__' in client else 4
    procs, plain = procs_of(server), procs_of(read(os.path.join(plain_dir, 'async_test_s.c')))
    ok(procs['at_add'] == EXPECTED_AT_ADD[P], '%s: at_add is %s' % (widl, hexes(procs['at_add'])))
    ok(proc_bytes(client) == proc_bytes(server), '%s: client and server format strings differ' % widl)
    for op in OPS:
        want = as_async(plain[op], P) if op in ASYNC else plain[op]
        ok(procs.get(op) == want, '%s: %s is %s, expected %s' % (widl, op, hexes(procs.get(op)), hexes(want)))
    data, starts = proc_bytes(server)
    size = re.search(r'#define PROC_FORMAT_STRING_SIZE (\d+)', server).group(1)
    ok(int(size) == len(data) + 1, '%s: PROC_FORMAT_STRING_SIZE %s for %d bytes' % (widl, size, len(data) + 1))
    table = re.search(r'FormatStringOffsetTable\[\] =\n\{\n(.*?)\};', server, re.S).group(1)
    table = re.findall(r'    (\d+),  /\* (\w+) \*/', table)
    ok(table == [(str(starts[op]), op) for op in OPS], '%s: offset table %s, procedures at %s' % (widl, table, starts))
    dispatch = re.search(r'async_test_table\[\] =\n\{\n((?:    \w+,\n)*)', server).group(1).split()
    want = ['NdrAsyncServerCall,' if op in ASYNC else 'NdrServerCall2,' for op in OPS]
    ok(dispatch == want, '%s: dispatch table %s' % (widl, dispatch))
    for op in OPS:
        start = client.index(' %s(\n' % op)
        body = client[start:client.index('\n}\n', start)]
        offset = re.search(r'Format\[(\d+)\]', body).group(1)
        ok(int(offset) == starts[op], '%s: %s calls with offset %s, procedure at %d' % (widl, op, offset, starts[op]))
        if op in ASYNC:
            ok(client[:start].endswith('\nvoid __cdecl') and 'NdrAsyncClientCall(' in body and '_RetVal' not in body,
               '%s: client stub of %s:\n%s' % (widl, op, body))
            ok(('\n    PRPC_ASYNC_STATE %s_AsyncHandle,' % op in body)
               and (P == 8 or '        PRPC_ASYNC_STATE %s_AsyncHandle;' % op in body),
               '%s: async handle of %s:\n%s' % (widl, op, body))
            for name in (op, 'srv_' + op):
                ok('void __cdecl %s(\n    PRPC_ASYNC_STATE %s_AsyncHandle,\n' % (name, op) in header,
                   '%s: no async prototype of %s in the header' % (widl, name))
        else:
            ok('NdrClientCall2(' in body and 'return' in body, '%s: client stub of %s:\n%s' % (widl, op, body))
    ok('__int3264' not in client + server + header, '%s: the dummy type is left somewhere' % widl)


def expect_refusal(widl, tmp, name, idl_text, acf_text, words, args=()):
    """Runs the tool on a bad input: it must fail with one line naming the problem and write nothing."""
    idl, acf, out = (os.path.join(tmp, name + ext) for ext in ('.idl', '.acf', '_out'))
    with open(idl, 'w') as f:
        f.write(idl_text)
    with open(acf, 'w') as f:
        f.write(acf_text)
    rc, err = run_tool(['--widl', widl] + list(args) + ['--acf', acf, '--outdir', out, idl])
    last = err.rstrip('\n').split('\n')[-1]
    ok(rc == 1 and last.startswith('widl-async: ') and all(w in last for w in words),
       '%s: exit status %d, %r' % (name, rc, err))
    ok(not os.path.exists(out), '%s: wrote %s' % (name, os.listdir(out) if os.path.exists(out) else ''))
    return err


IFACE = '''[uuid(3f9a2c61-5b7e-4d28-a0c4-7e1b9d2f6a54), version(1.0)]
interface shapes
{
    int s_add([in] handle_t h, [in] int a);
    double s_ratio([in] handle_t h, [in] int a, [in] int b);
}
'''


def test_refusals(widl, tmp):
    expect_refusal(widl, tmp, 'unknown_op', IFACE, 'interface shapes { [async] s_add(); [async] s_nothing(); }',
                   ['s_nothing', 'no operation'])
    expect_refusal(widl, tmp, 'unknown_sync_op', IFACE, 'interface shapes { s_add(); s_gone(); }', ['s_gone'])
    expect_refusal(widl, tmp, 'unknown_attribute', IFACE, 'interface shapes {\n  [async, comm_status] s_add();\n}',
                   ['unknown_attribute.acf:2', '[comm_status]'])
    expect_refusal(widl, tmp, 'typedef_attribute', IFACE, 'interface shapes { typedef [allocate(all_nodes)] t; }',
                   ['[allocate]'])
    expect_refusal(widl, tmp, 'async_interface', IFACE, '[async] interface shapes { }', ['[async]', 'operations'])
    expect_refusal(widl, tmp, 'syntax', IFACE, 'interface shapes { [async] s_add() }', ['syntax.acf:1', "expected ;"])
    expect_refusal(widl, tmp, 'other_interface', IFACE, 'interface other { [async] s_add(); }', ['no interface other'])
    expect_refusal(widl, tmp, 'widl_fails', IFACE.replace('int a);', 'int a)'), 'interface shapes { [async] s_add(); }',
                   ['failed'])
    expect_refusal(widl, tmp, 'own_flag', IFACE, 'interface shapes { [async] s_add(); }', ['-c'], ['-c'])
    # widl writes an inline (-Os) stub for a floating-point result: not a stubless call to rewrite
    expect_refusal(widl, tmp, 'not_stubless', IFACE, 'interface shapes { [async] s_ratio(); }', ['s_ratio', 'stubless'])


def test_other_shapes(widl, tmp):
    """An inline (-Os) stub beside an async one; comments, an empty parameter list, an implicit handle,
    a typedef without attributes."""
    idl, acf, out = (os.path.join(tmp, 'mixed' + ext) for ext in ('.idl', '.acf', '_out'))
    with open(idl, 'w') as f:
        f.write(IFACE)
    with open(acf, 'w') as f:
        f.write('interface shapes { [async] s_add(); }')
    rc, err = run_tool(['--widl', widl, '--acf', acf, '--outdir', out, idl])
    if ok(rc == 0, '%s: mixed: exit status %d, %r' % (widl, rc, err)):
        server = read(os.path.join(out, 'mixed_s.c'))
        dispatch = re.search(r'shapes_table\[\] =\n\{\n((?:    \w+,\n)*)', server).group(1).split()
        ok(dispatch == ['NdrAsyncServerCall,', 'shapes_s_ratio,'], '%s: mixed: dispatch table %s' % (widl, dispatch))

    idl, acf, out = (os.path.join(tmp, 'implicit' + ext) for ext in ('.idl', '.acf', '_out'))
    with open(idl, 'w') as f:
        f.write('[uuid(3f9a2c61-5b7e-4d28-a0c4-7e1b9d2f6a55), version(1.0), implicit_handle(handle_t gh)]\n'
                'interface implicit\n{\n    typedef int count;\n    void i_ping(void); /* ping( */\n'
                '    count i_count([in] int n);\n}\n')
    with open(acf, 'w') as f:
        f.write('// ping and count\ninterface implicit\n{\n    typedef count;\n    [async] i_ping(); /* [x] */\n'
                '    [ async ] i_count ( n );\n};\n')
    rc, err = run_tool(['--widl', widl, '--acf', acf, '--outdir', out, idl])
    if not ok(rc == 0, '%s: implicit handle: exit status %d, %r' % (widl, rc, err)):
        return
    client = read(os.path.join(out, 'implicit_c.c'))
    procs, P = procs_of(client), 8 if '__RPC_WIN64__' in client else 4
    ping = procs['i_ping']
    ok(ping[0] == 0x32 and ping[1] == 0x48 and ping[8:10] == short(P) and ping[14:16] == [0xc0, 0],
       '%s: i_ping is %s' % (widl, hexes(ping)))
    ok('void __cdecl i_ping(\n    PRPC_ASYNC_STATE i_ping_AsyncHandle)\n' in client,
       '%s: i_ping definition in\n%s' % (widl, client))
    arg = 'i_ping_AsyncHandle' if P == 8 else '&i_ping_AsyncHandle'
    ok(re.search(r'NdrAsyncClientCall\( &implicit_StubDesc,\n +&__MIDL_ProcFormatString.Format\[0\],\n +%s \);' % arg,
                 client), '%s: i_ping call in\n%s' % (widl, client))


def main(widls):
    with tempfile.TemporaryDirectory(prefix='widl_async.') as tmp:
        for widl in widls:
            work = os.path.join(tmp, os.path.basename(widl))
            os.makedirs(os.path.join(work, 'plain'))
            test_async_test(widl, os.path.join(work, 'plain'), os.path.join(work, 'out'))
            test_refusals(widl, work)
            test_other_shapes(widl, work)
    print('widl_async: %d tests executed (0 marked as todo, %d failures), 0 skipped.'
          % (counts['run'], counts['failed']))
    return 1 if counts['failed'] else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:] or ['x86_64-w64-mingw32-widl', 'i686-w64-mingw32-widl']))
