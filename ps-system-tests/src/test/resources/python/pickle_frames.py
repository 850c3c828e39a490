"""Writes N SocketHandler frames (4-byte length + pickle, exactly as logging.handlers.SocketHandler sends
them) to a file, for replaying at full speed without Python being the bottleneck.

usage: pickle_frames.py N SYSTEM_ID OUT_FILE
"""
import logging
import logging.handlers
import sys

n, system, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
handler = logging.handlers.SocketHandler("localhost", 9)  # never connects: only makePickle is used
extra = {"SYSTEM_ID": system, "SUB_SYSTEM_ID": "bench-host", "SUB_SUB_SYSTEM_ID": "None",
         "PRODUKT_ID": "bench", "USER_SPEC_1": "None", "USER_SPEC_2": "None", "package_version": "1.2.3"}
with open(out, "wb") as f:
    for i in range(n):
        record = logging.LogRecord("bench.pickle", logging.INFO, "/srv/app/bench.py", 42,
                                   "%s record %d of the pickle benchmark", (system, i), None, "send")
        record.__dict__.update(extra)
        f.write(handler.makePickle(record))
