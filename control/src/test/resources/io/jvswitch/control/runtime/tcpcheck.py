# An exact TCP transfer for the real-traffic tests, run inside a test namespace with `ip netns exec`.
#   tcpcheck.py sink IP PORT          listens on IP:PORT, prints "ready", accepts one connection, reads it to EOF,
#                                     prints "<bytes> <sha256 hex>"
#   tcpcheck.py source IP PORT BYTES  connects, sends BYTES of fixed pseudo-random data, closes its side, waits for
#                                     the sink to close, prints "<bytes> <sha256 hex>"
# Unlike iperf3's report (which stops counting at the end of the test, esnet/iperf#382), the sink counts every
# byte up to the sender's FIN, so sent and received must match exactly.
import hashlib
import random
import socket
import sys

mode, ip, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
h = hashlib.sha256()
total = 0
if mode == "sink":
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((ip, port))
    ls.listen(1)
    ls.settimeout(30)
    print("ready", flush=True)
    c, _ = ls.accept()
    c.settimeout(30)
    while True:
        b = c.recv(1 << 16)
        if not b:
            break
        h.update(b)
        total += len(b)
    c.close()
else:
    want = int(sys.argv[4])
    block = random.Random(4).randbytes(1 << 16)
    c = socket.create_connection((ip, port), timeout=30)
    while total < want:
        b = block[:min(len(block), want - total)]
        c.sendall(b)
        h.update(b)
        total += len(b)
    c.shutdown(socket.SHUT_WR)
    c.recv(1)
    c.close()
print(total, h.hexdigest(), flush=True)
