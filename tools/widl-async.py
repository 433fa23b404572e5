#!/usr/bin/env python3
# widl-async.py: runs widl -Oicf and makes the operations an ACF marks [async] asynchronous, as MIDL does.
"""Asynchronous RPC stubs from widl, which cannot make them itself.

usage: widl-async.py --widl WIDL [widl flags...] --acf FILE.acf --outdir DIR FILE.idl

Writes DIR/NAME.h, DIR/NAME_c.c and DIR/NAME_s.c as widl -Oicf -h/-c/-s would, except that every
operation the ACF marks [async] (MIDL's syntax: interface NAME { [async] op(); }) takes a first parameter
PRPC_ASYNC_STATE <op>_AsyncHandle and returns void, as MIDL makes it: its client stub calls
NdrAsyncClientCall, the server dispatches it to NdrAsyncServerCall, and its procedure format string keeps
the async handle in the first stack slot without describing it (Oi2 flag 0x80, HasAsyncHandle).

How: widl lays out a copy of the IDL in which each such operation has an extra first parameter
[in] __int3264 <op>_AsyncHandle, pointer-sized on both architectures, so that every stack offset, the
explicit handle's, the stack size and the correlation offsets of the type format string come out shifted
as MIDL shifts them. This tool then drops that parameter's description, sets the async flag, takes the
constant client buffer size from widl's synchronous layout (the async handle is not marshalled),
renumbers the procedure offsets and rewrites the C declarations and calls. Any input or widl output it
does not recognise is an error (a one-line message, exit status 1), and then nothing is written.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

DUMMY = '__int3264'
FC_INT3264 = 0xb8
OI_HAS_RPCFLAGS = 0x08
OI2_HAS_ASYNC_HANDLE = 0x80
FC_BIND_PRIMITIVE = 0x32
EXPLICIT_HANDLE_SIZES = {0x30: 6, 0x31: 6, FC_BIND_PRIMITIVE: 4}  # context, generic, primitive


class Failure(Exception):
    """An input or a widl output this tool cannot handle; the message is one line."""


def unexpected(what, detail):
    return Failure('unexpected widl output in %s: %s' % (what, detail))


def handle_name(op):
    return op + '_AsyncHandle'


# ---- the ACF ----

ACF_TOKEN = re.compile(r'\s+|/\*.*?\*/|//[^\n]*|"[^"\n]*"|\w+|.', re.S)


def parse_acf(path):
    """{interface: {operation: whether it is [async]}} from MIDL's ACF syntax. [async] on an operation is
    the only attribute this tool knows: any other one, or [async] elsewhere, is a Failure."""
    with open(path) as f:
        text = f.read()
    tokens, line = [], 1
    for m in ACF_TOKEN.finditer(text):
        if not m.group().isspace() and not m.group().startswith(('/*', '//')):
            tokens.append((m.group(), line))
        line += m.group().count('\n')
    tokens.append(('end of file', line))
    pos = 0

    def peek():
        return tokens[pos][0]

    def take(expected=None):
        nonlocal pos
        tok, line = tokens[pos]
        if tok != expected if expected else not re.fullmatch(r'[A-Za-z_]\w*', tok):
            raise Failure('%s:%d: expected %s, found %r' % (path, line, expected or 'a name', tok))
        pos += 1
        return tok

    def attributes(on_operation):
        """Reads an optional attribute list; returns whether it held [async]."""
        if peek() != '[':
            return False
        take('[')
        while True:
            line, name = tokens[pos][1], take()
            if name == 'async' and not on_operation:
                raise Failure('%s:%d: [async] applies to operations only' % (path, line))
            if name != 'async':
                raise Failure('%s:%d: unsupported ACF attribute [%s] (only [async] on operations is supported)'
                              % (path, line, name))
            if take(']' if peek() != ',' else ',') == ']':
                return True

    interfaces = {}
    while pos < len(tokens) - 1:
        attributes(False)
        take('interface')
        ops = interfaces.setdefault(take(), {})
        take('{')
        while peek() != '}':
            typedef = peek() == 'typedef'
            if typedef:
                take('typedef')
            is_async, line, name = attributes(not typedef), tokens[pos][1], take()
            while typedef and peek() == ',':
                take(',')
                take()
            if not typedef:
                take('(')
                while peek() != ')':
                    attributes(False)
                    take()
                    if peek() != ')':
                        take(',')
                take(')')
                if name in ops:
                    raise Failure('%s:%d: operation %s is named twice' % (path, line, name))
                ops[name] = is_async
            take(';')
        take('}')
        if peek() == ';':
            take(';')
    return interfaces


# ---- the IDL copy widl lays out ----

def add_async_handles(idl_text, idl_path, interfaces):
    """The IDL with [in] __int3264 <op>_AsyncHandle first in the parameters of each async operation;
    every operation the ACF names must be declared once in its interface."""
    masked = re.sub(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"', lambda m: re.sub(r'[^\n]', ' ', m.group()),
                    idl_text, flags=re.S)  # comments and strings blanked, every offset kept
    edits = []
    for iface, ops in interfaces.items():
        m = re.search(r'\binterface\s+%s\s*(?::\s*\w+\s*)?\{' % re.escape(iface), masked)
        if not m:
            raise Failure('%s has no interface %s' % (idl_path, iface))
        for op, is_async in ops.items():
            found, depth = [], 0  # the op's '(' among the declarations of the body, not in {} or []
            for d in re.finditer(r'[{}\[\]]|\b%s\s*\(' % re.escape(op), masked[m.end():]):
                depth += {'{': 1, '[': 1, '}': -1, ']': -1}.get(d.group(), 0)
                if depth < 0:
                    break
                if depth == 0 and d.group()[-1] == '(':
                    found.append(m.end() + d.end())
            if len(found) != 1:
                raise Failure('%s: interface %s has %s operation %s' % (idl_path, iface, len(found) or 'no', op))
            if is_async:
                close = masked.index(')', found[0])
                empty = re.fullmatch(r'\s*(void)?\s*', masked[found[0]:close])
                edits.append((found[0], close if empty else found[0],
                              '[in] %s %s%s' % (DUMMY, handle_name(op), '' if empty else ', ')))
    for start, stop, text in sorted(edits, reverse=True):
        idl_text = idl_text[:start] + text + idl_text[stop:]
    return idl_text


# ---- widl's procedure format string ----

PROC_MARKER = re.compile(r'/\* (\d+) \((?:procedure (\w+)::(\w+)|parameter (\w+)|return value)\) \*/')
DATA_LINE = re.compile(r'\s+(.*?),(?:(\s+)/\* (.*) \*/)?')
ITEM = re.compile(r'NdrFcShort\((0x[0-9a-fA-F]+|\d+)\)|NdrFcLong\((0x[0-9a-fA-F]+|\d+)\)|(0x[0-9a-fA-F]+|\d+)')
PROC_START = 'static const MIDL_PROC_FORMAT_STRING __MIDL_ProcFormatString =\n{\n    0,\n    {\n'
PROC_END = '        0x0\n    }\n};\n'


class Item:
    """One value of a format string as widl writes it: a byte, an NdrFcShort or an NdrFcLong."""
    def __init__(self, text, what):
        m = ITEM.fullmatch(text)
        if not m:
            raise unexpected(what, 'item %r in the procedure format string' % text)
        self.text, self.value = text, int(m.group(m.lastindex), 0)
        self.size = 2 if m.group(1) else 4 if m.group(2) else 1

    def set(self, value):
        self.value, self.text = value, {1: '0x%02x', 2: 'NdrFcShort(0x%x)', 4: 'NdrFcLong(0x%x)'}[self.size] % value


class Line:
    """A line of a format string: its items and widl's comment (None when there is none)."""
    def __init__(self, items, space, comment):
        self.items, self.space, self.comment = items, space, comment

    def __str__(self):
        comment = '%s/* %s */' % (self.space, self.comment) if self.comment is not None else ''
        return '        ' + ', '.join(i.text for i in self.items) + ',' + comment


def items_of(lines):
    return [item for line in lines for item in line.items]


def size_of(lines):
    return sum(item.size for item in items_of(lines))


def parse_proc_format(text, what):
    """Splits widl's procedure format string into procedures, each {'iface', 'op', 'header': [Line],
    'params': [[name, or None for the return value, [Line], offset]], 'offset'}; an inline (-Os) procedure
    has no header and no name, just its parameters. Returns (text before, procedures, text after)."""
    start, end = text.find(PROC_START), text.find(PROC_END)
    if start < 0 or end < start:
        raise unexpected(what, 'no procedure format string')
    procs, offset, lines = [], 0, None
    for raw in text[start + len(PROC_START):end].splitlines():
        marker, data = PROC_MARKER.fullmatch(raw), DATA_LINE.fullmatch(raw)
        if marker and int(marker.group(1)) == offset:
            if marker.group(2) or not procs or procs[-1]['op'] and \
                    len(procs[-1]['params']) == header_fields(procs[-1], what)['param_count'].value:
                procs.append({'iface': marker.group(2), 'op': marker.group(3), 'header': [], 'params': [],
                              'offset': offset})
            if marker.group(2):
                lines = procs[-1]['header']
            else:
                procs[-1]['params'].append([marker.group(4), [], offset])
                lines = procs[-1]['params'][-1][1]
        elif data and lines is not None:
            lines.append(Line([Item(i.strip(), what) for i in data.group(1).split(',')], data.group(2), data.group(3)))
            offset += size_of(lines[-1:])
        else:
            raise unexpected(what, '%r at byte %d of the procedure format string' % (raw, offset))
    return text[:start + len(PROC_START)], procs, text[end:]


def header_fields(proc, what):
    """The items of the procedure header's fields (MIDL's -Oicf layout), by name."""
    at, pos = {}, 0
    for item in items_of(proc['header']):
        at[pos], pos = item, pos + item.size

    def field(offset, size):
        if offset not in at or at[offset].size != size:
            raise unexpected(what, 'the header of %s at byte %d' % (proc['op'], offset))
        return at[offset]

    fields = {'handle_type': field(0, 1), 'oi_flags': field(1, 1)}
    pos = 2 + (4 if fields['oi_flags'].value & OI_HAS_RPCFLAGS else 0)
    fields.update(proc_num=field(pos, 2), stack_size=field(pos + 2, 2))
    pos += 4
    if fields['handle_type'].value == 0:
        kind = field(pos, 1).value
        if kind not in EXPLICIT_HANDLE_SIZES:
            raise unexpected(what, 'explicit handle %#x of %s' % (kind, proc['op']))
        fields['handle_offset'] = field(pos + 2, 2)
        pos += EXPLICIT_HANDLE_SIZES[kind]
    fields.update(client_buffer=field(pos, 2), oi2_flags=field(pos + 4, 1), param_count=field(pos + 5, 1))
    if fields['param_count'].value < len(proc['params']):
        raise unexpected(what, '%s describes %d parameters and lists %d'
                         % (proc['op'], fields['param_count'].value, len(proc['params'])))
    return fields


def set_field(proc, item, value):
    """Sets a header item and the number in its line's comment ("5 params", "client buffer = 16")."""
    item.set(value)
    for line in proc['header']:
        if item in line.items and line.comment:
            line.comment = re.sub(r'\d+', str(value), line.comment, count=1)


def make_async(proc, sync_client_buffer, pointer_size, what):
    """Drops the dummy parameter's description and marks the procedure as having an async handle;
    returns its procedure number."""
    fields = header_fields(proc, what)
    name, lines, _ = proc['params'][0] if proc['params'] else (None, [], 0)
    if name != handle_name(proc['op']) or [(i.size, i.value) for i in items_of(lines)] != \
            [(2, 0x48), (2, 0), (1, FC_INT3264), (1, 0)]:
        raise unexpected(what, '%s does not start with its async handle' % proc['op'])
    offsets = [items_of(lines)[1].value for _, lines, _ in proc['params'][1:]]
    if 'handle_offset' in fields:
        offsets.append(fields['handle_offset'].value)
    if len(proc['params']) != fields['param_count'].value or any(offset < pointer_size for offset in offsets):
        raise unexpected(what, '%s has a parameter in the async handle\'s slot' % proc['op'])
    del proc['params'][0]
    set_field(proc, fields['param_count'], len(proc['params']))
    set_field(proc, fields['client_buffer'], sync_client_buffer)
    fields['oi2_flags'].set(fields['oi2_flags'].value | OI2_HAS_ASYNC_HANDLE)
    return fields['proc_num'].value


def emit_proc_format(procs):
    """The procedure format string's lines with widl's markers, {old offset: new offset} of the markers,
    and the size."""
    out, moved, offset = [], {}, 0
    for proc in procs:
        if proc['op']:
            moved[proc['offset']] = offset
            out.append('/* %d (procedure %s::%s) */' % (offset, proc['iface'], proc['op']))
            out.extend(str(line) for line in proc['header'])
            offset += size_of(proc['header'])
        for name, lines, old in proc['params']:
            moved.setdefault(old, offset)
            out.append('/* %d (%s) */' % (offset, 'parameter ' + name if name else 'return value'))
            out.extend(str(line) for line in lines)
            offset += size_of(lines)
    return ''.join(line + '\n' for line in out), moved, offset


# ---- the C text ----

def rewrite_procs(text, what, interfaces, sync_buffers):
    """Rewrites a stub file's procedure format string and every offset into it; returns the text and
    {(interface, operation): procedure number} of the async operations."""
    pointer_size = 8 if '#if !defined(__RPC_WIN64__)' in text else 4
    before, procs, after = parse_proc_format(text, what)
    old_size = emit_proc_format(procs)[2]
    opnums = {}
    for proc in procs:
        if proc['op'] and interfaces.get(proc['iface'], {}).get(proc['op']):
            key = (proc['iface'], proc['op'])
            opnums[key] = make_async(proc, sync_buffers[key], pointer_size, what)
    missing = [op for iface, ops in interfaces.items() for op in ops if ops[op] and (iface, op) not in opnums]
    if missing:
        raise unexpected(what, 'no stubless procedure for %s' % ', '.join(missing))
    body, moved, size = emit_proc_format(procs)

    def moved_offset(m):
        if int(m.group(2)) not in moved:
            raise unexpected(what, '%s is no procedure' % m.group())
        return m.group(1) + str(moved[int(m.group(2))]) + m.group(3)

    text = re.sub(r'(&__MIDL_ProcFormatString\.Format\[)(\d+)(\])', moved_offset, before + body + after)
    text = re.sub(r'(?m)^(static const unsigned short \w+_FormatStringOffsetTable\[\] =\n\{\n)'
                  r'((?:    \d+,  /\* \w+ \*/\n)*)',
                  lambda t: t.group(1) + re.sub(r'(?m)^(    )(\d+)(,)', moved_offset, t.group(2)), text)
    define = '#define PROC_FORMAT_STRING_SIZE %d\n'
    if define % (old_size + 1) not in text:
        raise unexpected(what, 'PROC_FORMAT_STRING_SIZE is not %d' % (old_size + 1))
    return text.replace(define % (old_size + 1), define % (size + 1)), opnums


def rewrite_declarations(text, what, ops):
    """Gives each async operation's prototypes and definitions the PRPC_ASYNC_STATE first parameter and a
    void result; returns the text and the operations whose function heads it rewrote."""
    lines, rewritten = text.split('\n'), set()
    for i, line in enumerate(lines):
        m = re.fullmatch(r'(\s+)%s ((\w+)_AsyncHandle)(\W.*)' % DUMMY, line)
        if m and m.group(3) in ops:
            lines[i] = m.group(1) + 'PRPC_ASYNC_STATE ' + m.group(2) + m.group(4)
            head = re.fullmatch(r'\S.*?\s((?:__cdecl|__stdcall)\s+)?(\w+)\(', lines[i - 1])
            if head:
                lines[i - 1] = 'void ' + (head.group(1) or '') + head.group(2) + '('
                rewritten.add(m.group(3))
    text = '\n'.join(lines)
    if re.search(r'\b%s \w+_AsyncHandle\b' % DUMMY, text):
        raise unexpected(what, 'an async handle is left as %s' % DUMMY)
    return text, rewritten


def async_client_body(body, op, what):
    """A client stub's body calling NdrAsyncClientCall where widl's calls NdrClientCall2, with no result."""
    call, out, lines = '    NdrAsyncClientCall( ', [], body.split('\n')
    for i, line in enumerate(lines):
        if line == '    CLIENT_CALL_RETURN _RetVal;':
            if not out and i + 1 < len(lines) and not lines[i + 1]:
                lines[i + 1] = None  # the blank line after the declaration
        elif line is None or line.startswith('    return ') and '_RetVal' in line:
            continue
        elif re.match(r'    (_RetVal = )?NdrClientCall2\( ', line):
            out.append(call + line.split('( ', 1)[1])
        elif out and out[-1].startswith((call, ' ' * len(call))) and not out[-1].endswith(';'):
            out.append(' ' * len(call) + line.strip())  # the call's arguments, aligned again
        else:
            out.append(line)
    body = '\n'.join(out)
    if body.count('NdrAsyncClientCall(') != 1 or '_RetVal' in body or 'NdrClientCall2' in body:
        raise unexpected(what, '%s is not a stubless call of NdrClientCall2' % op)
    return body


def rewrite_client_calls(text, what, ops):
    for op in ops:
        definition = re.compile(r'(?ms)(^void [^\n]*\(\n    PRPC_ASYNC_STATE %s[,)]\n(?:    [^\n]*\n)*?\{\n)'
                                r'(.*?)(\n\}\n)' % handle_name(op))
        if len(definition.findall(text)) != 1:
            raise unexpected(what, 'not one client stub for %s' % op)
        text = definition.sub(lambda m: m.group(1) + async_client_body(m.group(2), op, what) + m.group(3), text)
    return text


def rewrite_dispatch(text, what, opnums):
    """Makes the server's dispatch tables send each async operation to NdrAsyncServerCall."""
    for iface in sorted({iface for iface, _ in opnums}):
        m = re.search(r'(?m)^static RPC_DISPATCH_FUNCTION %s_table\[\] =\n\{\n((?:    \w+,\n)*)    0\n\};'
                      % iface, text)
        if not m:
            raise unexpected(what, 'no dispatch table for %s' % iface)
        entries = m.group(1).split('\n')
        for (name, op), opnum in opnums.items():
            if name == iface:
                if opnum >= len(entries) - 1 or entries[opnum] != '    NdrServerCall2,':
                    raise unexpected(what, '%s is not served by NdrServerCall2' % op)
                entries[opnum] = '    NdrAsyncServerCall,'
        text = text[:m.start(1)] + '\n'.join(entries) + text[m.end(1):]
    return text


# ---- the command ----

def run_widl(widl, flags, kind, idl, out, shown):
    """Runs widl -Oicf with -h, -c or -s on idl, named shown in its messages; returns the output."""
    result = subprocess.run([widl] + flags + ['-Oicf', kind, '-o', out, idl], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, universal_newlines=True)
    if result.returncode:
        sys.stderr.write(result.stderr.replace(idl, shown))
        raise Failure('%s %s failed (exit status %d)' % (widl, kind, result.returncode))
    with open(out) as f:
        return f.read()


def parse_args(argv):
    """Our options, the flags for widl (all the others) and the IDL (the last argument)."""
    parser = argparse.ArgumentParser(prog='widl-async.py', add_help=False, allow_abbrev=False,
                                     usage='%(prog)s --widl WIDL [widl flags...] --acf FILE.acf --outdir DIR FILE.idl')
    for name in ('--widl', '--acf', '--outdir'):
        parser.add_argument(name, required=True)
    if not argv or argv[-1].startswith('-'):
        parser.error('the IDL file must come last')
    opts, flags = parser.parse_known_args(argv[:-1])
    for flag in flags:
        if flag in ('-h', '-c', '-s', '-o', '-H') or flag.startswith(('--output', '-O')) and flag != '-Oicf':
            raise Failure('widl flag %s is not for widl-async.py, which writes widl -Oicf -h, -c and -s output' % flag)
    return vars(opts), flags, argv[-1]


def generate(opts, flags, idl):
    """The three outputs, {file name: text}, made in a temporary directory."""
    named = parse_acf(opts['acf'])
    interfaces = {iface: {op: True for op, is_async in ops.items() if is_async} for iface, ops in named.items()}
    ops = [op for iface_ops in interfaces.values() for op in iface_ops]
    name = os.path.splitext(os.path.basename(idl))[0]
    with open(idl) as f:
        idl_text = f.read()
    outputs = {}
    with tempfile.TemporaryDirectory(prefix='widl-async.') as tmp:
        copy = os.path.join(tmp, name + '.idl')
        with open(copy, 'w') as f:
            f.write(add_async_handles(idl_text, idl, named))
        flags = ['-I', os.path.dirname(idl) or '.'] + flags  # what the IDL imports, from beside it
        os.mkdir(os.path.join(tmp, 'sync'))
        sync = run_widl(opts['widl'], flags, '-c', idl, os.path.join(tmp, 'sync', name + '_c.c'), idl)
        sync_buffers = {(p['iface'], p['op']): header_fields(p, idl)['client_buffer'].value
                        for p in parse_proc_format(sync, idl)[1] if p['op']}
        for kind, what in (('-h', name + '.h'), ('-c', name + '_c.c'), ('-s', name + '_s.c')):
            text = run_widl(opts['widl'], flags, kind, copy, os.path.join(tmp, what), idl)
            text = text.replace(' from %s - ' % copy, ' from %s by widl-async.py - ' % idl, 1)
            text, heads = rewrite_declarations(text, what, ops)
            if kind == '-h' and set(ops) - heads:
                raise unexpected(what, 'no prototype of %s' % ', '.join(sorted(set(ops) - heads)))
            if kind != '-h':
                text, opnums = rewrite_procs(text, what, interfaces, sync_buffers)
            if kind == '-c':
                text = rewrite_client_calls(text, what, ops)
            if kind == '-s':
                text = rewrite_dispatch(text, what, opnums)
            outputs[what] = text
    return outputs


def main(argv):
    try:
        opts, flags, idl = parse_args(argv)
        outputs = generate(opts, flags, idl)
        os.makedirs(opts['outdir'], exist_ok=True)
        for what, text in outputs.items():
            path = os.path.join(opts['outdir'], what)
            with open(path + '.tmp', 'w') as f:
                f.write(text)
            os.replace(path + '.tmp', path)
    except (Failure, OSError) as e:
        print('widl-async: %s' % (e.args[0] if isinstance(e, Failure) else e), file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
