#!/usr/bin/python3
# pdus.py: splits captured DCE/RPC traffic into PDU files, wraps PDU files into a pcap, and asks tshark for the fields.
# usage: pdus.py split CAPTURE WINE_PORT PROBE_PORT OUTDIR   one file per PDU: NNN-<cli|srv|probe>-<type>.bin
#        pdus.py pcap OUT.pcap FILE...                       each PDU in a TCP/IPv4 packet of its own stream
#        pdus.py fields FILE...                              tshark's fields of each PDU, one TSV row per file
#        pdus.py check FILE...                               prints each PDU tshark finds malformed or warns about;
#                                                            exit status 1 if there is any
# tshark decodes every PDU on its own (one TCP stream each, port 135), so no PDU borrows context from another.
# In the TSV, integers are decimal, UUIDs lower case, the data representation is 8 hex digits, and a field that
# occurs more than once (one per context item, result or protocol version) lists its values joined by ','.
import os
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree

TYPE_NAMES = {0: 'request', 2: 'response', 3: 'fault', 11: 'bind', 12: 'bind_ack', 13: 'bind_nak',
              14: 'alter_context', 15: 'alter_context_resp', 16: 'auth3', 17: 'shutdown', 18: 'co_cancel',
              19: 'orphaned'}
# Types a client sends: they go to port 135, the others come from it.
CLIENT_TYPES = {0, 11, 14, 16, 18, 19}
EPM_PORT = 135
# PDUs per pcap: each has a client port of its own, from 10000 up.
BATCH = 50000

# (TSV column, tshark field)
FIELDS = [
    ('ver', 'dcerpc.ver'), ('ver_minor', 'dcerpc.ver_minor'), ('type', 'dcerpc.pkt_type'),
    ('flags', 'dcerpc.cn_flags'), ('drep', 'dcerpc.drep'), ('frag_len', 'dcerpc.cn_frag_len'),
    ('auth_len', 'dcerpc.cn_auth_len'), ('call_id', 'dcerpc.cn_call_id'),
    ('max_xmit', 'dcerpc.cn_max_xmit'), ('max_recv', 'dcerpc.cn_max_recv'),
    ('assoc_group', 'dcerpc.cn_assoc_group'), ('num_ctx_items', 'dcerpc.cn_num_ctx_items'),
    ('ctx_id', 'dcerpc.cn_ctx_id'), ('num_trans_items', 'dcerpc.cn_num_trans_items'),
    ('abstract_uuid', 'dcerpc.cn_bind_to_uuid'), ('abstract_ver', 'dcerpc.cn_bind_if_ver'),
    ('abstract_ver_minor', 'dcerpc.cn_bind_if_ver_minor'), ('transfer_uuid', 'dcerpc.cn_bind_trans_id'),
    ('transfer_ver', 'dcerpc.cn_bind_trans_ver'), ('sec_addr_len', 'dcerpc.cn_sec_addr_len'),
    ('sec_addr', 'dcerpc.cn_sec_addr'), ('num_results', 'dcerpc.cn_num_results'),
    ('ack_result', 'dcerpc.cn_ack_result'), ('ack_reason', 'dcerpc.cn_ack_reason'),
    ('ack_transfer_uuid', 'dcerpc.cn_ack_trans_id'), ('ack_transfer_ver', 'dcerpc.cn_ack_trans_ver'),
    ('reject_reason', 'dcerpc.cn_reject_reason'), ('num_protocols', 'dcerpc.cn_num_protocols'),
    ('protocol_major', 'dcerpc.cn_protocol_ver_major'), ('protocol_minor', 'dcerpc.cn_protocol_ver_minor'),
    ('alloc_hint', 'dcerpc.cn_alloc_hint'), ('opnum', 'dcerpc.opnum'), ('object', 'dcerpc.obj_id'),
    ('cancel_count', 'dcerpc.cn_cancel_count'), ('fault_flags', 'dcerpc.cn_fault_flags'),
    ('status', 'dcerpc.cn_status'), ('auth_type', 'dcerpc.auth_type'), ('auth_level', 'dcerpc.auth_level'),
    ('auth_pad_len', 'dcerpc.auth_pad_len'), ('auth_ctx_id', 'dcerpc.auth_ctx_id'),
]


def frag_length(data):
    return struct.unpack('<H' if data[4] & 0x10 else '>H', data[8:10])[0]


def tshark(*args):
    result = subprocess.run(['tshark'] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True)
    return result.stdout.decode()


def split(capture, wine_port, probe_port, outdir):
    """Reassembles each TCP direction of the capture (skipping retransmitted bytes), cuts it at fragment
    lengths, writes the PDUs in the order their first bytes were captured."""
    rows = tshark('-r', capture, '-Y', 'tcp.len > 0', '-T', 'fields', '-e', 'tcp.stream', '-e', 'tcp.srcport',
                  '-e', 'tcp.dstport', '-e', 'tcp.seq', '-e', 'tcp.payload')
    streams = {}  # (stream, srcport) -> [bytes not yet cut, sequence number of the next new byte, label]
    pdus = []
    for row in rows.splitlines():
        stream, srcport, dstport, seq, payload = row.split('\t')
        key = (stream, srcport)
        if key not in streams:
            ports = {int(srcport), int(dstport)}
            if int(srcport) in (wine_port, probe_port):
                label = 'srv'
            else:
                label = 'cli' if wine_port in ports else 'probe'
            streams[key] = [b'', int(seq), label]
        state = streams[key]
        data = bytes.fromhex(payload)
        if int(seq) > state[1]:
            sys.exit('split: bytes missing from the capture in stream %s' % stream)
        data = data[state[1] - int(seq):]   # a retransmission repeats bytes already taken
        state[0] += data
        state[1] += len(data)
        while len(state[0]) >= 16 and len(state[0]) >= frag_length(state[0]):
            length = frag_length(state[0])
            if length < 16:
                sys.exit('split: fragment length %d in stream %s' % (length, stream))
            pdus.append((state[2], state[0][:length]))
            state[0] = state[0][length:]
    for key, (rest, _, _) in streams.items():
        if rest:
            sys.exit('split: %d bytes left over in stream %s' % (len(rest), key))
    os.makedirs(outdir, exist_ok=True)
    for number, (label, data) in enumerate(pdus, 1):
        name = '%03d-%s-%s.bin' % (number, label, TYPE_NAMES.get(data[2], 'type%d' % data[2]))
        with open(os.path.join(outdir, name), 'wb') as out:
            out.write(data)
    print('split: %d PDUs' % len(pdus))


def checksum(data):
    if len(data) % 2:
        data += b'\0'
    total = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xffff) + (total >> 16)
    return ~total & 0xffff


def tcp_packet(src_port, dst_port, seq, payload):
    src, dst = bytes([127, 0, 0, 1]), bytes([127, 0, 0, 2])
    tcp = struct.pack('!HHIIBBHHH', src_port, dst_port, seq, 1, 5 << 4, 0x18, 65535, 0, 0)
    pseudo = src + dst + struct.pack('!BBH', 0, 6, len(tcp) + len(payload))
    tcp = tcp[:16] + struct.pack('!H', checksum(pseudo + tcp + payload)) + tcp[18:]
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(tcp) + len(payload), 0, 0x4000, 64, 6, 0, src, dst)
    ip = ip[:10] + struct.pack('!H', checksum(ip)) + ip[12:]
    return ip + tcp + payload


def write_pcap(path, files):
    """One TCP stream per PDU; a PDU too big for one IPv4 packet goes in several segments of its stream."""
    segment = 65000
    if len(files) > BATCH:
        sys.exit('pdus.py: at most %d PDUs in one pcap' % BATCH)
    with open(path, 'wb') as out:
        out.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 262144, 101))  # LINKTYPE_RAW: IPv4
        for number, name in enumerate(files):
            with open(name, 'rb') as f:
                data = f.read()
            client_port = 10000 + number
            client_side = len(data) < 3 or data[2] in CLIENT_TYPES
            ports = (client_port, EPM_PORT) if client_side else (EPM_PORT, client_port)
            for offset in range(0, max(len(data), 1), segment):
                packet = tcp_packet(ports[0], ports[1], 1 + offset, data[offset:offset + segment])
                out.write(struct.pack('<IIII', number, offset // segment, len(packet), len(packet)) + packet)


def decode_with_tshark(files):
    """tshark's PDML packet for each PDU file, by index (a PDU split over segments: its last one)."""
    packets = {}
    for start in range(0, len(files), BATCH):
        for number, packet in decode_batch(files[start:start + BATCH]).items():
            packets[start + number] = packet
    return packets


def decode_batch(files):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'pdus.pcap')
        write_pcap(path, files)
        # The security providers' tokens are opaque to the codec: no dissecting them.
        pdml = tshark('-r', path, '-d', 'tcp.port==%d,dcerpc' % EPM_PORT, '-T', 'pdml', '-Y', 'dcerpc',
                      '--disable-protocol', 'ntlmssp', '--disable-protocol', 'spnego',
                      '--disable-protocol', 'gss-api', '--disable-protocol', 'kerberos')
    packets = {}
    for packet in xml.etree.ElementTree.fromstring(pdml).iter('packet'):
        ports = [int(field.get('show')) for field in packet.iter('field')
                 if field.get('name') in ('tcp.srcport', 'tcp.dstport')]
        packets[(ports[0] if ports[0] != EPM_PORT else ports[1]) - 10000] = packet
    return packets


def normalise(value):
    """Hexadecimal numbers to decimal, the drep's 10:00:00:00 to 10000000; tshark writes UUIDs in lower case."""
    if value.startswith('0x'):
        return str(int(value, 16))
    return value.replace(':', '') if len(value) == 11 and value.count(':') == 3 else value


# The bind_ack result fields: tshark leaves out the reason of an accepted result, so they are gathered per
# result, an absent one as an empty string, to keep the lists aligned.
RESULT_FIELDS = ('dcerpc.cn_ack_result', 'dcerpc.cn_ack_reason', 'dcerpc.cn_ack_trans_id', 'dcerpc.cn_ack_trans_ver')


def packet_fields(packet):
    """Every dcerpc field of one packet: name -> list of normalised values, in order."""
    values = {}

    def walk(element):
        children = list(element)
        if any(child.get('name') == RESULT_FIELDS[0] for child in children):
            shown = {child.get('name'): child.get('show') for child in children}
            for name in RESULT_FIELDS:
                values.setdefault(name, []).append(normalise(shown.get(name, '')))
            return
        for child in children:
            name = child.get('name', '')
            if name.startswith('dcerpc.') and child.get('show') is not None:
                values.setdefault(name, []).append(normalise(child.get('show')))
            walk(child)

    for proto in packet.iter('proto'):
        if proto.get('name') == 'dcerpc':
            walk(proto)
    return values


def fields(files):
    packets = decode_with_tshark(files)
    print('\t'.join(['file'] + [column for column, _ in FIELDS]))
    for number, name in enumerate(files):
        if number not in packets:
            sys.exit('fields: tshark found no DCE/RPC PDU in %s' % name)
        values = packet_fields(packets[number])
        print('\t'.join([os.path.basename(name)] + [','.join(values.get(field, [])) for _, field in FIELDS]))


# Expert items that are no problem of the PDU's encoding: a bind_nak is announced as a warning, and the auth
# verifier's content (a security provider's token, opaque to the codec) is checked by the provider's dissector.
EXPECTED_EXPERT = {'Bind not acknowledged', 'Unrecognized NTLMSSP Message'}
WARNING = 0x00600000


def check(files):
    """Prints each PDU tshark finds malformed, or flags with an expert item of warning severity or worse."""
    packets = decode_with_tshark(files)
    problems = 0
    for number, name in enumerate(files):
        packet = packets.get(number)
        if packet is None:
            print('%s: tshark found no DCE/RPC PDU' % name)
            problems += 1
            continue
        messages = [proto.get('showname') or 'malformed' for proto in packet.iter('proto')
                    if proto.get('name') == '_ws.malformed']
        for expert in packet.iter('field'):
            if expert.get('name') != '_ws.expert':
                continue
            shown = {child.get('name'): child.get('show') for child in expert}
            if int(shown.get('_ws.expert.severity', '0')) >= WARNING \
                    and shown.get('_ws.expert.message') not in EXPECTED_EXPERT:
                messages.append(shown.get('_ws.expert.message', expert.get('showname')))
        for message in dict.fromkeys(messages):
            print('%s: %s' % (name, message))
        problems += bool(messages)
    return 1 if problems else 0


def main(argv):
    if len(argv) == 6 and argv[1] == 'split':
        split(argv[2], int(argv[3]), int(argv[4]), argv[5])
    elif len(argv) >= 3 and argv[1] == 'pcap':
        write_pcap(argv[2], argv[3:])
    elif len(argv) >= 3 and argv[1] == 'fields':
        fields(argv[2:])
    elif len(argv) >= 3 and argv[1] == 'check':
        return check(argv[2:])
    else:
        sys.exit('usage: pdus.py split CAPTURE WINE_PORT PROBE_PORT OUTDIR | pcap OUT FILE... | fields FILE... | '
                 'check FILE...')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
