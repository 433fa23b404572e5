#!/usr/bin/python3
# peer_check.py: independent DCE/RPC clients (impacket, Samba) call an rpc_bench.exe server over TCP.
# usage: peer_check.py PORT [--expect-builtin]
#   The server is rpc_bench.exe's benchmark interface: opnum 0 null, 1 echo, 2 stop (not used here).
#   Prints one line per check, "ok ..." or "FAILED ...", and exits non-zero when any check failed.
#   --expect-builtin: the server runs Wine's builtin rpcrt4, whose answers carry call id 1 (Samba's strict
#   client refuses them): those checks are then expected to fail and are reported as "todo".
import socket
import struct
import sys

BENCH_IF = "5be1c6a0-3f2e-4b1d-9a61-0e427c19d385"
OP_NULL, OP_ECHO = 0, 1

failures = 0
todo = False


def check(cond, what):
    global failures
    if cond:
        print("ok " + what)
    elif todo:
        print("todo " + what)
    else:
        print("FAILED " + what)
        failures += 1


def impacket_checks(port):
    from impacket.dcerpc.v5 import transport
    from impacket.dcerpc.v5.rpcrt import DCERPCException
    from impacket.uuid import uuidtup_to_bin

    dce = transport.DCERPCTransportFactory("ncacn_ip_tcp:127.0.0.1[%d]" % port).get_dce_rpc()
    dce.connect()
    dce.bind(uuidtup_to_bin((BENCH_IF, "1.0")))
    dce.call(OP_NULL, b"")
    check(dce.recv() == b"", "impacket: null call")
    payload = bytes(range(256)) * 16
    dce.call(OP_ECHO, payload)
    reply = dce.recv()
    check(reply == payload, "impacket: echo of %d bytes came back with %d" % (len(payload), len(reply)))
    # Requests in fragments of 100 bytes: the server reassembles them.
    dce.set_max_fragment_size(100)
    dce.call(OP_ECHO, payload)
    reply = dce.recv()
    check(reply == payload, "impacket: echo in 100-byte fragments came back with %d bytes" % len(reply))
    dce.set_max_fragment_size(0)
    # An opnum the interface lacks: a fault, nca_s_op_rng_error.
    try:
        dce.call(7, b"")
        dce.recv()
        check(False, "impacket: opnum 7 answered without a fault")
    except DCERPCException as e:
        check("nca_s_op_rng_error" in str(e), "impacket: opnum 7 faulted with %s" % e)
    # The connection still serves after the fault (Wine's builtin sends a stray response after it, which
    # the next call takes for its answer).
    global todo
    todo, was = builtin, todo
    dce.call(OP_ECHO, b"after")
    check(dce.recv() == b"after", "impacket: echo after the fault")
    todo = was
    dce.disconnect()

    # An unknown interface: the bind is refused.
    dce = transport.DCERPCTransportFactory("ncacn_ip_tcp:127.0.0.1[%d]" % port).get_dce_rpc()
    dce.connect()
    try:
        dce.bind(uuidtup_to_bin(("12345678-1234-1234-1234-123456789abc", "1.0")))
        check(False, "impacket: bind to an unknown interface accepted")
    except Exception as e:
        check("abstract_syntax_not_supported" in str(e) or "Bind context rejected" in str(e),
              "impacket: bind to an unknown interface refused: %s" % e)
    dce.disconnect()


def samba_checks(port):
    from samba import param
    from samba.dcerpc import base

    lp = param.LoadParm()
    try:
        conn = base.ClientConnection("ncacn_ip_tcp:127.0.0.1[%d]" % port, (BENCH_IF, 1), lp)
    except Exception as e:
        check(False, "samba: bind failed: %s" % e)
        return
    try:
        check(conn.request(OP_NULL, b"") == b"", "samba: null call")
        payload = b"samba strict client " * 400
        reply = conn.request(OP_ECHO, payload)
        check(reply == payload, "samba: echo of %d bytes came back with %d" % (len(payload), len(reply)))
    except Exception as e:
        check(False, "samba: call failed: %s" % e)
    try:
        conn.request(9, b"")
        check(False, "samba: opnum 9 answered without a fault")
    except Exception as e:
        # Samba reports the fault as RPC_NT_PROCNUM_OUT_OF_RANGE (0xc002002e).
        check(e.args and e.args[0] == 0xc002002e,
              "samba: opnum 9 faulted with %s" % e)


def raw_call_ids(port):
    """Two calls with call ids 5 and 6 on one connection: exactly one answer each, with its call id."""
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    iface = bytes.fromhex("a0c6e15b2e3f1d4b9a610e427c19d385")
    ndr = bytes.fromhex("045d888aeb1cc9119fe808002b104860")
    body = struct.pack("<HHIBBH", 5840, 5840, 0, 1, 0, 0) + struct.pack("<HBB", 0, 1, 0) \
        + iface + struct.pack("<HH", 1, 0) + ndr + struct.pack("<I", 2)
    s.sendall(struct.pack("<BBBBIHHI", 5, 0, 11, 3, 0x10, 16 + len(body), 0, 4) + body)

    def receive():
        head = b""
        while len(head) < 16:
            chunk = s.recv(16 - len(head))
            if not chunk:
                return None
            head += chunk
        length = struct.unpack_from("<H", head, 8)[0]
        rest = b""
        while len(rest) < length - 16:
            chunk = s.recv(length - 16 - len(rest))
            if not chunk:
                return None
            rest += chunk
        return head + rest

    ack = receive()
    check(ack is not None and ack[2] == 12, "raw: bind answered with type %s" % (ack and ack[2]))
    check(ack is not None and struct.unpack_from("<I", ack, 12)[0] == 4,
          "raw: bind_ack call id %s, sent 4" % (ack and struct.unpack_from("<I", ack, 12)[0]))
    for call_id in (5, 6):
        stub = b"x" * 8
        req = struct.pack("<BBBBIHHIIHH", 5, 0, 0, 3, 0x10, 24 + len(stub), 0, call_id, len(stub), 0, OP_ECHO) + stub
        s.sendall(req)
        answer = receive()
        check(answer is not None and answer[2] == 2 and struct.unpack_from("<I", answer, 12)[0] == call_id,
              "raw: call %d answered with type %s call id %s" % (call_id, answer and answer[2],
                                                                answer and struct.unpack_from("<I", answer, 12)[0]))
    s.close()


builtin = "--expect-builtin" in sys.argv


def main():
    global todo
    port = int(sys.argv[1])
    impacket_checks(port)
    todo = builtin
    raw_call_ids(port)
    if builtin:
        # Its call id 1 makes Samba's client wait for an answer that never comes, a minute per call.
        print("todo samba: skipped against Wine's builtin")
    else:
        samba_checks(port)
    print("%d failed" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
