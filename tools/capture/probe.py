#!/usr/bin/python3
# probe.py: sends hand-built PDUs to the capture peer's server (Wine's builtin rpcrt4), for the answers it gives.
# usage: probe.py PORT
# Wine's builtin client never sends these; what the builtin server answers is the point. The PDUs sent here
# are our own construction (from MS-RPCE 2.2.2 and C706 chapter 12), so they are vectors for the decoder, not
# evidence of what another implementation produces. Prints one line per exchange.
import socket
import struct
import sys
import uuid

PORT = int(sys.argv[1])

NDR = (uuid.UUID('8a885d04-1ceb-11c9-9fe8-08002b104860'), 2)
NDR64 = (uuid.UUID('71710533-beba-4937-8319-b5dbef9ccc36'), 1)
# The bind time feature negotiation identifier: 6cb71c2c-9812-4540 then the feature bits (here 3: security
# context multiplexing and keep connection on orphan), version 1.
BTFN = (uuid.UUID('6cb71c2c-9812-4540-0300-000000000000'), 1)
PEER = (uuid.UUID('6b1d4e2a-3c57-4f0e-9a61-0c5e2f7d8b10'), 1, 0)
PEER2 = (uuid.UUID('6b1d4e2a-3c57-4f0e-9a61-0c5e2f7d8b11'), 2, 1)

TYPE_REQUEST, TYPE_BIND, TYPE_AUTH3, TYPE_SHUTDOWN, TYPE_CO_CANCEL, TYPE_ORPHANED = 0, 11, 16, 17, 18, 19
FIRST, LAST, CANCEL_PENDING, MAYBE, OBJECT = 0x01, 0x02, 0x04, 0x40, 0x80


def pdu(ptype, flags, body, call_id, auth_length=0, big_endian=False, minor=0):
    order = '>' if big_endian else '<'
    drep = b'\x00\x00\x00\x00' if big_endian else b'\x10\x00\x00\x00'
    return struct.pack(order + 'BBBB4sHHI', 5, minor, ptype, flags, drep, 16 + len(body), auth_length,
                       call_id) + body


def guid(value, big_endian):
    return value.bytes if big_endian else value.bytes_le


def bind(call_id, contexts, assoc_group=0, max_frag=5840, big_endian=False):
    order = '>' if big_endian else '<'
    body = struct.pack(order + 'HHIB3x', max_frag, max_frag, assoc_group, len(contexts))
    for context_id, (if_uuid, major, minor), syntaxes in contexts:
        body += struct.pack(order + 'HBx', context_id, len(syntaxes))
        # C706's p_syntax_id_t: one 32-bit version, the major number in its low half
        body += guid(if_uuid, big_endian) + struct.pack(order + 'I', major | minor << 16)
        for syntax_uuid, version in syntaxes:
            body += guid(syntax_uuid, big_endian) + struct.pack(order + 'I', version)
    return pdu(TYPE_BIND, FIRST | LAST, body, call_id, big_endian=big_endian)


def sec_trailer(pad_length, credentials):
    # auth type 10 (NTLM), level 2 (connect), the pad length, a reserved byte, the auth context id
    return struct.pack('<BBBBI', 10, 2, pad_length, 0, 0x1234) + credentials


def request(call_id, opnum, stub, flags=FIRST | LAST, context_id=0, obj=None, auth=b'', big_endian=False):
    order = '>' if big_endian else '<'
    body = struct.pack(order + 'IHH', len(stub), context_id, opnum)
    if obj is not None:
        flags |= OBJECT
        body += guid(obj, big_endian)
    auth_length = len(auth) - 8 if auth else 0
    return pdu(TYPE_REQUEST, flags, body + stub + auth, call_id, auth_length, big_endian)


def add_stub(a, b, big_endian=False):
    return struct.pack('>ii' if big_endian else '<ii', a, b)


def receive(sock):
    """One PDU, or None at the end of the stream."""
    data = b''
    while len(data) < 16 or len(data) < frag_length(data):
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
    return data


def frag_length(data):
    return struct.unpack('<H' if data[4] & 0x10 else '>H', data[8:10])[0]


def exchange(label, steps):
    """Runs (pdu, answer expected) steps on a new connection; then waits for the server to close it, if it does."""
    sock = socket.create_connection(('127.0.0.1', PORT))
    sock.settimeout(5)
    try:
        for pdu_bytes, expect_answer in steps:
            sock.sendall(pdu_bytes)
            if expect_answer:
                answer = receive(sock)
                print('%s: %s' % (label, 'closed' if answer is None else 'answer type %d' % answer[2]))
        sock.shutdown(socket.SHUT_WR)
        sock.settimeout(2)
        while sock.recv(65536):
            pass
    except socket.timeout:
        pass
    except ConnectionResetError:
        print('%s: reset by the server' % label)
    sock.close()


OBJECT_UUID = uuid.UUID('00010203-0405-0607-0809-0a0b0c0d0e0f')
TRAILER = sec_trailer(0, b'\xaa' * 16)

# Several contexts: an interface offered only in NDR64, one with NDR64 preferred to NDR, then bind time
# feature negotiation for the same interface.
exchange('contexts', [
    (bind(1, [(0, PEER2, [NDR64]), (1, PEER, [NDR64, NDR]), (2, PEER, [BTFN])]), True),
    (request(2, 0, add_stub(2, 3), context_id=1, auth=TRAILER), True),     # a security trailer on a request
    (request(3, 0, add_stub(4, 5), context_id=1, flags=FIRST | LAST | MAYBE), True),
    (request(4, 0, add_stub(6, 7), context_id=1, flags=FIRST | LAST | CANCEL_PENDING), True),
    (request(5, 0, add_stub(8, 9), context_id=7), True),                   # a context id never negotiated
    (pdu(TYPE_AUTH3, FIRST | LAST, b'\0' * 4 + TRAILER, 6, auth_length=16), False),
    (request(7, 0, add_stub(1, 2), context_id=1, obj=OBJECT_UUID), True),
])
exchange('max_frag too small', [(bind(1, [(0, PEER, [NDR])], max_frag=1000), True)])
exchange('unknown association group', [(bind(1, [(0, PEER, [NDR])], assoc_group=0x1234567), True)])
exchange('request before bind', [(request(3, 0, add_stub(2, 3)), True)])
exchange('no contexts', [(bind(1, []), True)])
exchange('alter_context', [(bind(1, [(0, PEER, [NDR])]), True),
                           (pdu(14, FIRST | LAST, bind(2, [(1, PEER2, [NDR])])[16:], 2), True)])
exchange('co_cancel', [(bind(1, [(0, PEER, [NDR])]), True), (request(2, 0, add_stub(2, 3), flags=FIRST), False),
                       (pdu(TYPE_CO_CANCEL, FIRST | LAST, b'', 2), False)])
exchange('orphaned', [(bind(1, [(0, PEER, [NDR])]), True), (request(2, 0, add_stub(2, 3), flags=FIRST), False),
                      (pdu(TYPE_ORPHANED, FIRST | LAST, b'', 2), False)])
exchange('shutdown', [(bind(1, [(0, PEER, [NDR])]), True), (pdu(TYPE_SHUTDOWN, FIRST | LAST, b'', 2), False)])
# Big-endian data representation: the builtin server misreads it and waits, so nothing is expected back.
exchange('big endian', [(bind(0x01020304, [(0, PEER, [NDR])], big_endian=True), False),
                        (request(0x01020305, 0, add_stub(2, 3, True), obj=OBJECT_UUID, big_endian=True), False)])
