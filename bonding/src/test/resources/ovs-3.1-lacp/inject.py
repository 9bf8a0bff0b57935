# python3: sends one Marker PDU, one truncated LACPDU and one wrong-TLV LACPDU out of the given interface
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((sys.argv[1], 0))
hdr = bytes.fromhex('0180c2000002' '02000000ffff' '8809')
marker = hdr + bytes([2, 1, 1, 16]) + bytes.fromhex('0001' 'aabbccddeeff' '00000001' '0000') + bytes.fromhex('0000') + bytes(90)
trunc = hdr + bytes([1, 1, 1, 20]) + bytes(20)
badtlv = hdr + bytes([1, 1, 1, 19]) + bytes(106)
for f in (marker, trunc, badtlv):
    s.send(f)
