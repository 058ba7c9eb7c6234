"""Rewrites a copy of ocop's history cache (src/load/cache.c) for
tests/e2e/cache.sh: argv 1 the copy to start from, 2 the file to write,
3 and 4 a commit message and what to put in its place (in the record of
the commit, as the cache keeps it), 5 "identity" to change the name of
the ocop that wrote it too, or "nodigest" to leave the digest as it
was (a damaged file).  The file: a record string (u32 length, bytes,
NUL) naming the writer; a u32 count; per item a u32 shelf, a string
key, a u32 length and the value; then the SHA-256 of all that.
With "cut" or "noise" as argv 5 (3 and 4 unused), every value is cut
by one byte, or has its bytes replaced by random ones of the same
number, and the file digested again: records that cannot be read back,
in a file that can.  With "parsed" as argv 5, the text OLD becomes NEW
in the values of the parsed entry files (shelf 3) instead: the cache
of model/catalog.c, whose texts are written the same way."""
import hashlib, struct, sys

src, dst, old, new, how = sys.argv[1:6]
data = open(src, 'rb').read()
body, digest = data[:-32], data[-32:]
assert hashlib.sha256(body).digest() == digest, 'the copy is not sound'

def string(b, at):
    n, = struct.unpack_from('<I', b, at)
    return b[at + 4:at + 4 + n], at + 4 + n + 1

def put(s):
    return struct.pack('<I', len(s)) + s + b'\0'

identity, at = string(body, 0)
count, = struct.unpack_from('<I', body, at)
at += 4
items = []
for _ in range(count):
    shelf, = struct.unpack_from('<I', body, at)
    key, at = string(body, at + 4)
    n, = struct.unpack_from('<I', body, at)
    items.append((shelf, key, body[at + 4:at + 4 + n]))
    at += 4 + n
assert at == len(body)
if how in ('cut', 'noise'):
    import random
    rnd = random.Random(1)
    out = bytearray(put(identity) + struct.pack('<I', count))
    for shelf, key, value in items:
        value = value[:-1] if how == 'cut' else bytes(rnd.randrange(256) for _ in value)
        out += struct.pack('<I', shelf) + put(key) + struct.pack('<I', len(value)) + value
    out += hashlib.sha256(out).digest()
    open(dst, 'wb').write(out)
    sys.exit(0)
old_b, new_b = old.encode(), new.encode()
changed = 0
out = bytearray()
if how == 'identity':
    identity = identity.replace(b' ', b' x', 1)
out += put(identity) + struct.pack('<I', count)
edited = 3 if how == 'parsed' else 0
for shelf, key, value in items:
    if shelf == edited and put(old_b) in value:
        value = value.replace(put(old_b), put(new_b))
        changed += 1
    out += struct.pack('<I', shelf) + put(key) + struct.pack('<I', len(value)) + value
assert changed == 1, 'message not found once: %d' % changed
out += digest if how == 'nodigest' else hashlib.sha256(out).digest()
open(dst, 'wb').write(out)
open(src + '.edited', 'wb').write(out)
