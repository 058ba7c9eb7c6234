#!/usr/bin/env python3
"""check.py - reads back the open data of a built site the way its users
would (Python's json and csv modules) and compares every format with
catalog.json: the CSV exports (UTF-8 with a byte-order mark, CRLF, RFC
4180, formula-looking cells neutralised) and the GeoJSON (valid points,
longitude first).  usage: check.py SITE_DIR.  Prints each problem, then
"checked N values, M problems"; exits 1 when there is a problem."""
import csv, io, json, os, re, sys

site = sys.argv[1]
api = os.path.join(site, 'api', 'v1')
problems = 0
values = 0

def expect(what, got, want):
    global problems, values
    values += 1
    if got != want:
        problems += 1
        print(f'{what}: got {got!r}, want {want!r}')

def neutral(v):
    """What a CSV cell holds for value v: text starting like a formula
    gets an apostrophe in front; a plain number ("-12.5") does not."""
    if v is None:
        return ''
    v = str(v)
    if re.fullmatch(r'-?[0-9]+(\.[0-9]+)?', v):
        return v
    return "'" + v if v[:1] in ('=', '+', '-', '@', '\t', '\r') else v

def read_csv(name):
    raw = open(os.path.join(api, name), 'rb').read()
    expect(f'{name}: starts with a byte-order mark', raw[:3], b'\xef\xbb\xbf')
    expect(f'{name}: ends with CRLF', raw[-2:], b'\r\n')
    expect(f'{name}: no line ends with a bare LF',
           raw.replace(b'\r\n', b'').count(b'\n'), 0)
    text = raw[3:].decode('utf-8')
    rows = list(csv.reader(io.StringIO(text, newline=''), strict=True))
    head = rows[0]
    for i, r in enumerate(rows[1:]):
        expect(f'{name}: row {i + 2} has every column', len(r), len(head))
    return [dict(zip(head, r)) for r in rows[1:]]

cat = json.load(open(os.path.join(api, 'catalog.json'), encoding='utf-8'))

rows = read_csv('products.csv')
expect('products.csv: a row per product', len(rows), len(cat['products']))
for p, r in zip(cat['products'], rows):
    s = p['slug']
    cert, loc = p['certificate'], p['location']
    for col, v in (('slug', s), ('url', p['url']), ('name', p['name']),
                   ('stars', p['stars']), ('group', p['group']),
                   ('producer', p.get('producer')),
                   ('summary', p.get('summary')),
                   ('province', loc['province']), ('commune', loc['commune']),
                   ('district', loc.get('district')),
                   ('address', loc.get('address')),
                   ('certificate_number', cert.get('number')),
                   ('issued', cert.get('issued')),
                   ('expires', cert.get('expires')),
                   ('status', cert['status']),
                   ('tags', '; '.join(p.get('tags', [])) or None)):
        expect(f'products.csv {s} {col}', r[col], neutral(v))
    if 'geo' in loc:
        expect(f'products.csv {s} lat', float(r['lat']), loc['geo']['lat'])
        expect(f'products.csv {s} lon', float(r['lon']), loc['geo']['lon'])

rows = read_csv('producers.csv')
expect('producers.csv: a row per producer', len(rows), len(cat['producers']))
for p, r in zip(cat['producers'], rows):
    for col in ('slug', 'name', 'type', 'phone', 'email', 'representative'):
        expect(f'producers.csv {p["slug"]} {col}', r[col], neutral(p.get(col)))
    expect(f'producers.csv {p["slug"]} product_count',
           int(r['product_count']), p['product_count'])

rows = read_csv('points-of-sale.csv')
expect('points-of-sale.csv: a row per point of sale', len(rows),
       len(cat['points_of_sale']))
for p, r in zip(cat['points_of_sale'], rows):
    for col in ('slug', 'name', 'kind', 'hours', 'phone'):
        expect(f'points-of-sale.csv {p["slug"]} {col}', r[col],
               neutral(p.get(col)))

for name, items in (('products.geojson', cat['products']),
                    ('points-of-sale.geojson', cat['points_of_sale'])):
    g = json.load(open(os.path.join(api, name), encoding='utf-8'))
    expect(f'{name}: a FeatureCollection', g['type'], 'FeatureCollection')
    placed = {p['slug']: p['location']['geo'] for p in items
              if 'geo' in p['location']}
    expect(f'{name}: a feature per entry with coordinates',
           sorted(f['properties']['slug'] for f in g['features']),
           sorted(placed))
    for f in g['features']:
        s = f['properties']['slug']
        expect(f'{name} {s}: a point', f['geometry']['type'], 'Point')
        lon, lat = f['geometry']['coordinates']
        expect(f'{name} {s}: longitude in range', -180 <= lon <= 180, True)
        expect(f'{name} {s}: latitude in range', -90 <= lat <= 90, True)
        if s in placed:
            expect(f'{name} {s}: longitude first',
                   (lon, lat), (placed[s]['lon'], placed[s]['lat']))

print(f'checked {values} values, {problems} problems')
sys.exit(1 if problems else 0)
