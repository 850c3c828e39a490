#!/usr/bin/env python3
# Regenerates the *.bin cases and expected.tsv in gelf/ and syslog/ beside this script (see README.md).
import os
base = os.path.dirname(os.path.abspath(__file__))
G = lambda s: s.encode('utf-8')
ok = '{"version":"1.1","host":"h","short_message":"fine"}\0'
gelf = {
 'invalid-json': (G('{"version":"1.1","host":"h",\0'), 'GELF message is not valid JSON'),
 'trailing-garbage': (G('{"version":"1.1","host":"h","short_message":"m"} x\0'), 'GELF message is not valid JSON'),
 'not-json-text': (G('xyz\0'), 'GELF message is not valid JSON'),
 'zlib': (b'\x78\x9c\xab\x56\x2a\x4b\x2d\x2a\xce\xcc\xcf\x53\xb2\x52\x32\xd4\x33\x54\xaa\x05\x00\0', 'GELF over TCP must be uncompressed JSON, got zlib data'),
 'json-array': (G('[{"version":"1.1","host":"h","short_message":"m"}]\0'), 'GELF message must be a JSON object, got an array'),
 'json-string': (G('"hello"\0'), 'GELF message must be a JSON object, got a string'),
 'missing-short-message': (G('{"version":"1.1","host":"h"}\0'), 'GELF message lacks the required field "short_message"'),
 'missing-host': (G('{"version":"1.1","short_message":"m"}\0'), 'GELF message lacks the required field "host"'),
 'missing-version': (G('{"host":"h","short_message":"m"}\0'), 'GELF message lacks the required field "version"'),
 'empty-host': (G('{"version":"1.1","host":"","short_message":"m"}\0'), 'GELF field "host" must not be empty'),
 'wrong-version': (G('{"version":"1.0","host":"h","short_message":"m"}\0'), 'GELF version must be "1.1", got "1.0"'),
 'version-number': (G('{"version":1.1,"host":"h","short_message":"m"}\0'), 'GELF field "version" must be a string, got a number'),
 'short-message-number': (G('{"version":"1.1","host":"h","short_message":42}\0'), 'GELF field "short_message" must be a string, got a number'),
 'host-null': (G('{"version":"1.1","host":null,"short_message":"m"}\0'), 'GELF field "host" must be a string, got null'),
 'timestamp-string': (G('{"version":"1.1","host":"h","short_message":"m","timestamp":"2024-01-01"}\0'), 'GELF field "timestamp" must be a number'),
 'timestamp-out-of-range': (G('{"version":"1.1","host":"h","short_message":"m","timestamp":1e300}\0'), 'GELF field "timestamp" out of range'),
 'level-8': (G('{"version":"1.1","host":"h","short_message":"m","level":8}\0'), 'GELF field "level" must be a syslog severity 0..7'),
 'level-string': (G('{"version":"1.1","host":"h","short_message":"m","level":"6"}\0'), 'GELF field "level" must be a syslog severity 0..7'),
 'level-fraction': (G('{"version":"1.1","host":"h","short_message":"m","level":3.5}\0'), 'GELF field "level" must be a syslog severity 0..7'),
 'line-boolean': (G('{"version":"1.1","host":"h","short_message":"m","line":true}\0'), 'GELF field "line" must be a non-negative integer'),
 'full-message-object': (G('{"version":"1.1","host":"h","short_message":"m","full_message":{}}\0'), 'GELF field "full_message" must be a string, got an object'),
 'mapped-additional-array': (G('{"version":"1.1","host":"h","short_message":"m","_thread_name":["t"]}\0'), 'GELF field "_thread_name" must be a string or number, got an array'),
 'additional-id': (G('{"version":"1.1","host":"h","short_message":"m","_id":"x"}\0'), 'GELF additional field "_id" is not allowed'),
 'additional-bad-name': (G('{"version":"1.1","host":"h","short_message":"m","_a b":"x"}\0'), 'GELF additional field name "_a b" is invalid'),
 'invalid-utf8': (b'{"version":"1.1","host":"h","short_message":"\xc3\x28"}\0', 'GELF message is not valid UTF-8'),
 'overlong-utf8': (b'{"version":"1.1","host":"h","short_message":"\xc0\xaf"}\0', 'GELF message is not valid UTF-8'),
 'utf8-surrogate': (b'{"version":"1.1","host":"h","short_message":"\xed\xa0\x80"}\0', 'GELF message is not valid UTF-8'),
 'truncated': (G('{"version":"1.1","host":"h","short_message":"m"'), 'truncated GELF message: stream ended after'),
 'truncated-after-good': (G(ok + '{"version":"1.1"'), 'truncated GELF message: stream ended after 16 bytes'),
 'bad-after-good': (G(ok + '[]\0'), 'GELF message must be a JSON object, got an array'),
 'gzip': (b'\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x00\0', 'GELF over TCP must be uncompressed JSON, got gzip data'),
 'chunked': (b'\x1e\x0f\x01\x02\x03\x04\x05\x06\x07\x08\x00\x01{}\0', 'GELF over TCP must be uncompressed JSON, got a chunked (UDP) GELF message'),
 'oversized': (G('{"version":"1.1","host":"h","short_message":"' + 'x' * 5000 + '"}\0'), 'GELF message longer than the limit of 4096 bytes'),
}
H = '<14>1 2003-10-11T22:14:15.003Z host app - - '
syslog = {
 'pri-192': (G('<192>1 2003-10-11T22:14:15.003Z host app - - - m\n'), 'malformed syslog: PRI 192 out of range 0..191'),
 'pri-not-numeric': (G('<ab>1 2003-10-11T22:14:15.003Z host app - - - m\n'), 'malformed syslog: PRI is not a number'),
 'pri-unclosed': (G('<14 1 2003-10-11T22:14:15.003Z host app - - - m\n'), "malformed syslog: PRI is not a number closed by '>'"),
 'pri-four-digits': (G('<0014>1 - host app - - - m\n'), 'malformed syslog: PRI has more than 3 digits'),
 'pri-leading-zero': (G('<014>1 - host app - - - m\n'), 'malformed syslog: PRI must not have leading zeros'),
 'no-pri': (G('hello world\n'), "malformed syslog: expected '<' at the start of PRI"),
 'version-2': (G('<14>2 2003-10-11T22:14:15.003Z host app - - - m\n'), 'malformed syslog: expected VERSION 1 after PRI, got 2'),
 'version-10': (G('<14>10 - host app - - - m\n'), 'malformed syslog: expected VERSION 1 after PRI, got 10'),
 'rfc3164': (G("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8\n"), 'malformed syslog: expected VERSION 1 after PRI (RFC 3164 messages are not accepted)'),
 'bad-timestamp-date': (G('<14>1 2003-02-30T22:14:15.003Z host app - - - m\n'), 'malformed syslog: bad TIMESTAMP "2003-02-30T22:14:15.003Z"'),
 'bad-timestamp-no-offset': (G('<14>1 2003-10-11T22:14:15.003 host app - - - m\n'), 'malformed syslog: bad TIMESTAMP "2003-10-11T22:14:15.003"'),
 'bad-timestamp-leap-second': (G('<14>1 2016-12-31T23:59:60Z host app - - - m\n'), 'malformed syslog: bad TIMESTAMP'),
 'bad-timestamp-epoch': (G('<14>1 1065910455 host app - - - m\n'), 'malformed syslog: bad TIMESTAMP "1065910455"'),
 'unterminated-sd': (G(H + '[id a="b" c="d"\n'), 'malformed syslog: unterminated SD element "id"'),
 'unterminated-sd-id': (G(H + '[id\n'), 'malformed syslog: unterminated SD element "id"'),
 'unterminated-param-value': (G(H + '[id a="b] m\n'), 'malformed syslog: unterminated PARAM-VALUE in SD element "id"'),
 'param-without-quotes': (G(H + '[id a=b] m\n'), 'malformed syslog: expected ="value" after PARAM-NAME "a"'),
 'duplicate-sd-id': (G(H + '[id a="1"][id b="2"] m\n'), 'malformed syslog: SD-ID "id" occurs twice'),
 'sd-id-too-long': (G(H + '[' + 'x' * 33 + '] m\n'), 'longer than 32 characters'),
 'no-space-before-msg': (G(H + '[id a="1"]m\n'), "malformed syslog: expected a space between STRUCTURED-DATA and MSG, got 'm'"),
 'missing-sd': (G('<14>1 2003-10-11T22:14:15.003Z host app - -\n'), 'malformed syslog: message ends after MSGID'),
 'bad-sd-start': (G(H + 'msg without sd\n'), "malformed syslog: expected STRUCTURED-DATA ('-' or '[') after MSGID, got 'm'"),
 'empty-hostname': (G('<14>1 2003-10-11T22:14:15.003Z  app - - - m\n'), "malformed syslog: empty HOSTNAME (use '-' for none)"),
 'hostname-too-long': (G('<14>1 - ' + 'h' * 256 + ' app - - - m\n'), 'malformed syslog: HOSTNAME longer than 255 characters'),
 'app-name-too-long': (G('<14>1 - host ' + 'a' * 49 + ' - - - m\n'), 'malformed syslog: APP-NAME longer than 48 characters'),
 'hostname-non-ascii': (G('<14>1 - h\u00f6st app - - - m\n'), 'malformed syslog: HOSTNAME contains byte 0xc3'),
 'msg-invalid-utf8': (G(H + '- ') + b'\xef\xbb\xbf\xff\xfe\n', 'malformed syslog: MSG is not valid UTF-8'),
 'param-invalid-utf8': (G(H + '[id a="') + b'\xc3\x28' + G('"] m\n'), 'malformed syslog: PARAM-VALUE in SD element "id" is not valid UTF-8'),
 'octet-count-beyond-stream': (G('100 <14>1 - host app - - - m'), 'truncated syslog frame: octet count 100 but the stream ended after 24 bytes'),
 'octet-count-huge': (G('999999999 <14>1 - host app - - - m'), 'syslog frame length 999999999 exceeds the limit of 4096 bytes'),
 'octet-count-leading-zero': (G('025 <14>1 - host app - - - m'), 'malformed syslog frame: octet count must not start with 0'),
 'octet-count-no-space': (G('25<14>1 - host app - - - m'), "malformed syslog frame: octet count followed by '<' instead of a space"),
 'octet-count-eof': (G('25'), 'truncated syslog frame: stream ended inside the octet count'),
 'lf-frame-truncated': (G('<14>1 - host app - - - m'), 'truncated syslog message: stream ended after 24 bytes without the terminating LF'),
 'bad-after-good': (G('<14>1 - host app - - - fine\n<14>2 - host app - - - m\n'), 'malformed syslog: expected VERSION 1 after PRI, got 2'),
 'oversized-line': (G('<14>1 - host app - - - ' + 'x' * 5000 + '\n'), 'syslog message longer than the limit of 4096 bytes (no LF within the limit)'),
}
for name, cases in (('gelf', gelf), ('syslog', syslog)):
    d = os.path.join(base, name)
    for f in os.listdir(d):
        os.remove(os.path.join(d, f))
    with open(os.path.join(d, 'expected.tsv'), 'w') as idx:
        idx.write('# case file<TAB>text the ProtocolException message must contain (limit: 4096 bytes)\n')
        for case, (data, reason) in sorted(cases.items()):
            with open(os.path.join(d, case + '.bin'), 'wb') as f:
                f.write(data)
            idx.write(case + '.bin\t' + reason + '\n')
