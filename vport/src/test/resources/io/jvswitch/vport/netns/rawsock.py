# Raw AF_PACKET frames for tests, run inside a test namespace with `ip netns exec`.
#   rawsock.py send IFNAME HEX...            sends each frame (hex) on IFNAME
#   rawsock.py recv IFNAME SRCMAC COUNT SECS prints "ready", then the hex of up to COUNT received frames whose
#                                            source MAC is SRCMAC (12 hex digits), VLAN tag re-inserted from
#                                            PACKET_AUXDATA as on the wire; stops after SECS seconds.
import select
import socket
import struct
import sys
import time

SOL_PACKET = 263
PACKET_AUXDATA = 8
TP_STATUS_VLAN_VALID = 1 << 4
TP_STATUS_VLAN_TPID_VALID = 1 << 6
PACKET_OUTGOING = 4

mode, ifname = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
s.bind((ifname, 0))
if mode == "send":
    for h in sys.argv[3:]:
        s.send(bytes.fromhex(h))
    print("sent", len(sys.argv) - 3, flush=True)
    sys.exit(0)
src, count, secs = sys.argv[3].lower(), int(sys.argv[4]), float(sys.argv[5])
s.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
print("ready", flush=True)
end = time.time() + secs
got = 0
while got < count and time.time() < end:
    r, _, _ = select.select([s], [], [], 0.1)
    if not r:
        continue
    data, anc, _, addr = s.recvmsg(65536, socket.CMSG_SPACE(32))
    if addr[2] == PACKET_OUTGOING:
        continue
    for level, kind, d in anc:
        if level == SOL_PACKET and kind == PACKET_AUXDATA:
            st, _, _, _, _, tci, tpid = struct.unpack("IIIHHHH", d[:20])
            if st & TP_STATUS_VLAN_VALID:
                tpid = tpid if st & TP_STATUS_VLAN_TPID_VALID else 0x8100
                data = data[:12] + struct.pack("!HH", tpid, tci) + data[12:]
    if data[6:12].hex() == src:
        print(data.hex(), flush=True)
        got += 1
print("done", got, flush=True)
