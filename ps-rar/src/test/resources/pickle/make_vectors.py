#!/usr/bin/env python3
"""Writes the pickle test vectors beside this script with real CPython.

    python3 make_vectors.py

*.frame / *.frames: exactly what logging.handlers.SocketHandler sends (4-byte length + protocol 1 pickle).
*.pickle: bare pickle.dumps() output. The vectors are committed; rerun only to change them (the exception
record's traceback then names this script's path). Sets hold only ints or one str so the bytes do not
depend on PYTHONHASHSEED.
"""
import logging
import logging.handlers
import os
import pickle
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
EVIL_MARKER = '/tmp/ps-pickle-helper-evil-marker'


def write(name, data):
    with open(os.path.join(HERE, name), 'wb') as f:
        f.write(data)


def record(msg, args=(), level=logging.INFO, exc_info=None, sinfo=None, extra=None, name='ps.demo'):
    logger = logging.getLogger(name)
    rec = logger.makeRecord(name, level, '/srv/app/demo/worker.py', 42, msg, args, exc_info,
                            func='handle', extra=extra, sinfo=sinfo)
    # fixed values so that the tests can assert them
    rec.created = 1700000000.25
    rec.msecs = 250.0
    rec.relativeCreated = 1234.5
    rec.thread = 140245052331840
    rec.threadName = 'MainThread'
    rec.process = 4242
    rec.processName = 'MainProcess'
    return rec


# makePickle does not connect; the port is never used
handler = logging.handlers.SocketHandler('localhost', 9)

basic = record('disk %s is %d%% full', ('/data', 93), logging.WARNING, extra={
    'SYSTEM_ID': 'billing', 'SUB_SYSTEM_ID': 'invoices', 'SUB_SUB_SYSTEM_ID': 'pdf', 'PRODUKT_ID': 'P-7',
    'USER_SPEC_1': 'alpha', 'USER_SPEC_2': 'None', 'package_version': '2.4.1',
    'request_id': 'r-17', 'attempt': 3, 'ratio': 0.25, 'HTTP_Status': 200, 'tags': ['a', ('b', 2)],
    'ctx': {'user': 'Zoë "Z" \\ \t', 'ok': True, 'none': None, 'big': 2 ** 70},
})
write('record_basic.frame', handler.makePickle(basic))

try:
    raise ValueError('boom ü')
except ValueError:
    failed = record('failed to process %s', ('job-1',), logging.ERROR, exc_info=sys.exc_info(),
                    sinfo='Stack (most recent call last):\n  File "worker.py", line 1, in <module>')
write('record_exception.frame', handler.makePickle(failed))

unicode = record('Grüße aus Köln 😀 — ñ ∑', name='ps.tëst', extra={'SYSTEM_ID': 'Ünïcödé 🚀'})
write('record_unicode.frame', handler.makePickle(unicode))

write('record_big.frame', handler.makePickle(record('0123456789abcdef' * 65536)))

write('records_three.frames', b''.join(handler.makePickle(record(m)) for m in ('one', 'two', 'three')))

shared = [1, 2]
DATA = {
    'str': 'hello',
    'empty': '',
    'unicode': 'Grüße 😀 \u2028 \x00 \\ \n \r \x1a end',
    'long_str': 'y' * 300,
    'int_small': 7, 'int_neg': -1, 'int_byte': 255, 'int_2byte': 65535, 'int_32': 2 ** 31 - 1,
    'int_neg32': -2 ** 31, 'int_64': 2 ** 63 - 1, 'int_neg64': -2 ** 63, 'big': 2 ** 70, 'big_neg': -(2 ** 100) + 1,
    'float': 1.5, 'float_neg': -0.1, 'float_big': 1e300, 'float_tiny': 5e-324, 'float_negzero': -0.0,
    'inf': float('inf'), 'nan': float('nan'),
    'true': True, 'false': False, 'none': None,
    'list': [1, 'two', 3.0, None, [True, False]],
    'empty_list': [], 'tuple': (1, 'a'), 'tuple1': (1,), 'tuple3': (1, 2, 3), 'tuple4': (1, 2, 3, 4),
    'empty_tuple': (),
    'nested': {'a': {'b': {'c': [1, {'d': 'e'}]}}},
    'keys': {1: 'one', (1, 2): 'pair', None: 'none'},
    'shared': [shared, shared],
    'many': list(range(2500)),
    'many_dict': {'k%d' % i: i for i in range(1200)},
}
for protocol in range(6):
    write('data_p%d.pickle' % protocol, pickle.dumps(DATA, protocol=protocol))

# bytes have opcodes of their own from protocol 3 on, bytearray from 5 on, sets from 4 on
for protocol in (3, 4, 5):
    data = {'b': b'\x00\xffab\'c', 'empty': b'', 'long': b'x' * 300}
    if protocol == 5:
        data['ba'] = bytearray(b'\x01\x02')
    write('bytes_p%d.pickle' % protocol, pickle.dumps(data, protocol=protocol))
for protocol in (4, 5):
    write('sets_p%d.pickle' % protocol,
          pickle.dumps({'s': {3, 1, 2}, 'f': frozenset({'a'}), 'e': set()}, protocol=protocol))
# ... and before that CPython pickles them as GLOBAL + REDUCE calls, which are refused
write('bytes_p1.pickle', pickle.dumps({'b': b'x'}, protocol=1))
write('sets_p2.pickle', pickle.dumps({'s': {1}}, protocol=2))


class Evil:
    def __reduce__(self):
        return os.system, ('touch ' + EVIL_MARKER,)


for protocol in range(6):
    write('evil_p%d.pickle' % protocol, pickle.dumps({'msg': Evil()}, protocol=protocol))
