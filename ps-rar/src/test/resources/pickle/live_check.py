#!/usr/bin/env python3
"""Round trip of random pickles against the Java decoder, driven by LivePythonTest.

    live_check.py generate DIR [SEED]  writes DIR/NAME.pickle or DIR/NAME.frame and DIR/NAME.expected.json
    live_check.py verify DIR           compares each DIR/NAME.actual.json (written by Java) with the expected

Expected values follow the decoder's JSON rules: tuples and sets as arrays, bytes, nan and inf as Python's
repr in a string, dict keys that are not str as str(key). A frame's expected JSON has the LogEntry fields.
"""
import glob
import json
import logging
import logging.handlers
import math
import os
import pickle
import random
import struct
import sys

ALPHABET = ['a', 'b', 'Z', '0', ' ', '%', "'", '"', '\\', '\n', '\r', '\t', '\x00', '\x1a', '\x7f', '\x85',
            '\xa0', 'é', 'ß', '€', '\u2028', '\ufeff', '\u0301', '😀', '𝄞', '中', '\U000e0001']
KNOWN = {'msg', 'name', 'levelname', 'levelno', 'module', 'funcname', 'pathname', 'filename', 'lineno',
         'exc_text', 'stack_info', 'thread', 'threadname', 'process', 'processname', 'relativecreated',
         'msecs', 'created', 'package_version', 'system_id', 'sub_system_id', 'sub_sub_system_id',
         'produkt_id', 'user_spec_1', 'user_spec_2'}
TEXT_FIELDS = ['name', 'module', 'funcname', 'pathname', 'filename', 'exc_text', 'stack_info', 'thread',
               'threadname', 'process', 'processname', 'package_version', 'system_id', 'sub_system_id',
               'sub_sub_system_id', 'produkt_id', 'user_spec_1', 'user_spec_2']


def rand_str(r):
    return ''.join(r.choice(ALPHABET) for _ in range(r.randint(0, 12)))


def rand_int(r):
    bits = r.choice([7, 8, 16, 31, 32, 63, 64, 65, 200, 2000])
    return r.randint(-2 ** bits, 2 ** bits)


def rand_float(r):
    kind = r.randrange(8)
    if kind == 0:
        return r.uniform(-1e6, 1e6)
    if kind == 1:
        return r.random() * 10 ** r.randint(-320, 300)
    if kind == 2:
        return float(r.randint(-10 ** 17, 10 ** 17))
    if kind == 3:
        return r.randint(-10 ** 6, 10 ** 6) / 10 ** r.randint(0, 8)
    if kind == 4:
        return r.choice([0.0, -0.0, float('inf'), float('-inf'), 1e16, 1e15, 1e-4, 1e-5, 0.1, 5e-324])
    value = struct.unpack('<d', r.randbytes(8))[0]
    return 1.0 if math.isnan(value) else value


def rand_scalar(r, protocol):
    kinds = ['str', 'int', 'float', 'bool', 'none'] + (['bytes'] if protocol >= 3 else [])
    kind = r.choice(kinds)
    if kind == 'str':
        return rand_str(r)
    if kind == 'int':
        return rand_int(r)
    if kind == 'float':
        return rand_float(r)
    if kind == 'bool':
        return r.random() < 0.5
    if kind == 'bytes':
        return r.randbytes(r.randint(0, 8))
    return None


def rand_key(r, protocol):
    if r.random() < 0.7:
        return rand_str(r)
    if r.random() < 0.3:
        return tuple(rand_scalar(r, protocol) for _ in range(r.randint(0, 3)))
    if protocol >= 4 and r.random() < 0.2:
        return frozenset(r.randint(0, 9) for _ in range(r.randint(0, 3)))
    return rand_scalar(r, protocol)


def rand_value(r, protocol, depth=0):
    kinds = ['scalar'] * 4
    if depth < 5:
        kinds += ['list', 'tuple', 'dict']
        if protocol >= 4:
            kinds += ['set', 'frozenset']
        if protocol >= 5:
            kinds += ['bytearray']
    kind = r.choice(kinds)
    n = r.randint(0, 5)
    if kind == 'list':
        return [rand_value(r, protocol, depth + 1) for _ in range(n)]
    if kind == 'tuple':
        return tuple(rand_value(r, protocol, depth + 1) for _ in range(n))
    if kind == 'dict':
        return {rand_key(r, protocol): rand_value(r, protocol, depth + 1) for _ in range(n)}
    if kind == 'set':
        return {rand_key(r, protocol) for _ in range(n)}
    if kind == 'frozenset':
        return frozenset(rand_key(r, protocol) for _ in range(n))
    if kind == 'bytearray':
        return bytearray(r.randbytes(n))
    return rand_scalar(r, protocol)


def expect(value):
    if isinstance(value, dict):
        return {(k if isinstance(k, str) else str(k)): expect(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [expect(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return repr(bytes(value))
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    return value


def text(value):
    return value if value is None or isinstance(value, str) else str(value)


def expected_entry(d):
    entry = {'input': 'pickle', 'message': None, 'levelname': None, 'levelno': 0, 'lineno': None,
             'created': 0, 'msecs': None, 'relativecreated': None, 'extra': None}
    for field in TEXT_FIELDS:
        entry[field] = None
    extra = {}
    for key, value in d.items():
        k = key.lower()
        if k == 'msg':
            entry['message'] = 'None' if value is None else text(value)
        elif k == 'levelname':
            entry['levelname'] = text(value)
        elif k == 'levelno':
            entry['levelno'] = value
        elif k == 'lineno':
            entry['lineno'] = value
        elif k == 'created':
            entry['created'] = math.floor(value * 1000 + 0.5)
        elif k in ('msecs', 'relativecreated'):
            entry[k] = float(value)
        elif k in ('args', 'exc_info') and value is None:
            pass
        elif k in KNOWN:
            entry[k] = text(value)
        else:
            extra[k] = value
    if extra:
        entry['extra'] = expect(extra)
    return entry


def generate(directory, seed):
    r = random.Random(seed)
    for protocol in range(6):
        for i in range(40):
            value = {rand_key(r, protocol): rand_value(r, protocol) for _ in range(r.randint(0, 8))}
            name = os.path.join(directory, 'data_p%d_%02d' % (protocol, i))
            with open(name + '.pickle', 'wb') as f:
                f.write(pickle.dumps(value, protocol=protocol))
            with open(name + '.expected.json', 'w') as f:
                json.dump(expect(value), f)
    handler = logging.handlers.SocketHandler('localhost', 9)
    logger = logging.getLogger('ps.live')
    for i in range(60):
        protocol = 1 if i < 30 else 5  # SocketHandler's own frames, then richer values with protocol 5
        extra = {'x_' + rand_str(r).replace('\x00', '') + str(i): rand_value(r, protocol) for _ in range(r.randint(0, 5))}
        for field in ('SYSTEM_ID', 'package_version', 'User_Spec_1'):
            if r.random() < 0.5:
                extra[field] = rand_str(r) if r.random() < 0.7 else rand_value(r, min(protocol, 4))
        record = logger.makeRecord('ps.live', r.choice([5, 10, 20, 25, 30, 40, 50]), '/x/y.py', r.randint(1, 9999),
                                   rand_str(r), (), None, func='f', extra=extra)
        record.created = r.uniform(1e9, 2e9)
        if protocol == 1:
            frame = handler.makePickle(record)
            d = pickle.loads(frame[4:])
        else:
            d = dict(record.__dict__)
            d['args'] = None
            d['msg'] = rand_value(r, 4)  # str() of a bytearray is not that of bytes
            data = pickle.dumps(d, protocol)
            frame = struct.pack('>L', len(data)) + data
        name = os.path.join(directory, 'record_%02d' % i)
        with open(name + '.frame', 'wb') as f:
            f.write(frame)
        with open(name + '.expected.json', 'w') as f:
            json.dump(expected_entry(d), f)


def verify(directory):
    failures = []
    cases = sorted(glob.glob(os.path.join(directory, '*.expected.json')))
    for path in cases:
        with open(path, encoding='utf-8') as f:
            expected = json.load(f)
        with open(path.replace('.expected.json', '.actual.json'), encoding='utf-8') as f:
            actual = json.load(f)
        if isinstance(actual, dict) and 'extra' in actual and isinstance(actual['extra'], str):
            actual['extra'] = json.loads(actual['extra'])
        if actual != expected:
            failures.append('%s\n  expected %r\n  actual   %r' % (os.path.basename(path), expected, actual))
    for failure in failures[:10]:
        print(failure)
    print('live check: %d cases, %d mismatches' % (len(cases), len(failures)))
    return 1 if failures or not cases else 0


if __name__ == '__main__':
    if sys.argv[1] == 'generate':
        generate(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    else:
        sys.exit(verify(sys.argv[2]))
