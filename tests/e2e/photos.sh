#!/bin/sh
# Photos (docs/photos.md): the sizes and formats made from each photo,
# never wider than the photo, upright, without metadata (EXIF, GPS, XMP,
# IPTC), the committed file never published, the <picture> markup with
# width and height, the cache (read on a rebuild, a damaged file made
# again, an unwritable one silent), photos that collide by their sizes,
# CMYK, and the same bytes with --jobs 1 and --jobs 2.  The photos are
# made here with the vips command and tagged with exiftool; the bad
# photos' messages are in tests/e2e/errors/image-*.
NAME=photos
. tests/e2e/lib.sh

for tool in vips vipsheader exiftool python3; do
	command -v $tool >/dev/null 2>&1 || { bad "$tool missing (make installs it)"; summary; exit 1; }
done

# noise: a photo w x h of grey noise in 3 bands, as $1 (any format vips
# writes by its extension)
noise() { # file, width, height
	vips gaussnoise "$TMP/n.v" "$2" "$3" --sigma 40 &&
	vips cast "$TMP/n.v" "$TMP/n8.v" uchar &&
	vips bandjoin "$TMP/n8.v $TMP/n8.v $TMP/n8.v" "$TMP/n3.v" &&
	vips copy "$TMP/n3.v" "$1"
	rm -f "$TMP/n.v" "$TMP/n8.v" "$TMP/n3.v"
}

# A catalog of errors/base whose product ok names the images given, one
# "src" per argument.
catalog() { # dir, src...
	d=$1; shift
	cp -R "$E2E/errors/base" "$d"
	sed '$d' "$E2E/errors/base/content/products/ok.md" > "$d/content/products/ok.md"
	echo 'images:' >> "$d/content/products/ok.md"
	for s in "$@"; do printf '  - { src: %s, alt: "Ảnh %s" }\n' "$s" "$s" >> "$d/content/products/ok.md"; done
	echo '---' >> "$d/content/products/ok.md"
}

dims() { vipsheader -f width "$1" | tr -d '\n'; printf x; vipsheader -f height "$1"; }

# --- sizes, formats, metadata, orientation --------------------------------
c=$TMP/photos
catalog "$c" cover.jpg xoay.jpg nho.png
p=$c/content/products
noise "$p/cover.jpg" 2000 1500
exiftool -q -overwrite_original -GPSLatitude=18.3 -GPSLatitudeRef=N \
	-GPSLongitude=105.9 -GPSLongitudeRef=E -Make=Phone -XMP:Creator=Ai \
	-IPTC:Keywords=ocop -Comment=secret "$p/cover.jpg"
check "fixture: the photo carries GPS" sh -c "exiftool -s -GPSLatitude '$p/cover.jpg' | grep -q GPSLatitude"
noise "$p/xoay.jpg" 400 200
exiftool -q -overwrite_original -n -Orientation=6 "$p/xoay.jpg"
noise "$p/nho.png" 500 300
git_repo "$c"
"$OCOP" -C "$c" build -q --as-of $AS_OF 2>"$TMP/photos.err"
check "build with photos succeeds" test $? -eq 0
o=$c/output/products
for w in 320 640 1280; do
	check "cover-$w.webp made" test -f "$o/cover-$w.webp"
	check "cover-$w.jpg made" test -f "$o/cover-$w.jpg"
done
check "sizes: 1280 JPEG is 1280x960" test "$(dims "$o/cover-1280.jpg")" = 1280x960
check "sizes: 640 WebP is 640x480" test "$(dims "$o/cover-640.webp")" = 640x480
check "sizes: 320 JPEG is 320x240" test "$(dims "$o/cover-320.jpg")" = 320x240
check "formats: .webp is WebP" sh -c "vipsheader -f vips-loader '$o/cover-640.webp' | grep -q webpload"
check "formats: .jpg is JPEG" sh -c "vipsheader -f vips-loader '$o/cover-640.jpg' | grep -q jpegload"
check "the committed photo is not published" test ! -e "$o/cover.jpg"
check "the committed PNG is not published" test ! -e "$o/nho.png"
check "no file of the output has the photo's bytes" sh -c "! find '$c/output' -type f -size +100k -exec cmp -s '$p/cover.jpg' {} \\; -print | grep -q ."
meta=$(exiftool -a -G1 -s "$o"/cover-*.jpg "$o"/cover-*.webp 2>/dev/null |
	grep -E '^\[(GPS|IFD0|ExifIFD|IFD1|XMP[^]]*|IPTC|ICC[^]]*|Photoshop|APP[0-9]+)\]|Comment|GPS' | head -5)
if [ -z "$meta" ]; then ok; else bad "metadata left in the sizes: $meta"; fi
check "no GPS anywhere in the output" sh -c "! exiftool -r -q -s -GPS:all '$c/output' | grep -q GPS"
check "orientation: 400x200 turned upright is 200x400" test "$(dims "$o/xoay-200.jpg")" = 200x400
check "orientation: only its own width (200)" sh -c "! ls '$o' | grep -q 'xoay-320'"
check "never upscaled: a 500 px PNG gives 320 and 500" test "$(dims "$o/nho-500.jpg")" = 500x300
check "never upscaled: no 640 of it" test ! -e "$o/nho-640.jpg"
check "never upscaled: no 1280 of it" test ! -e "$o/nho-1280.webp"

# --- markup ---------------------------------------------------------------
page=$o/ok/index.html
check "page: a <picture> with the WebP sizes" grep -qF '<source type="image/webp" srcset="../../products/cover-320.webp 320w, ../../products/cover-640.webp 640w, ../../products/cover-1280.webp 1280w" sizes="(max-width: 40rem) 100vw, 40rem">' "$page"
check "page: the first <img> is the widest JPEG, with its size, eager and first" grep -qF 'src="../../products/cover-1280.jpg" srcset="../../products/cover-320.jpg 320w, ../../products/cover-640.jpg 640w, ../../products/cover-1280.jpg 1280w" sizes="(max-width: 40rem) 100vw, 40rem" alt="Ảnh cover.jpg" width="1280" height="960" fetchpriority="high">' "$page"
check "page: the others are lazy, with their size" grep -qF 'alt="Ảnh xoay.jpg" width="200" height="400" loading="lazy">' "$page"
check "page: every <img> has width and height" sh -c "! grep -o '<img [^>]*>' '$page' | grep -v 'width=\"[0-9]*\" height=\"[0-9]*\"' | grep -q ."
check "page: no link to the committed photo" sh -c "! grep -q 'products/cover\\.jpg' '$page'"
check "page: Open Graph shows the widest JPEG" grep -qF '<meta property="og:image" content="https://ocop.test/products/cover-1280.jpg">' "$page"
check "card: the 320 thumbnail, its size, lazy" grep -qF '<img class="card-img" src="../products/cover-320.jpg" alt="Ảnh cover.jpg" width="320" height="240" loading="lazy">' "$c/output/products/index.html"
check "data: the product's image is the widest JPEG" grep -q '"https://ocop.test/products/cover-1280.jpg"' "$c/output/api/v1/products/ok.json"

# --- the same bytes on one thread or two ------------------------------------
rm -rf "$c/.git/ocop"
"$OCOP" -C "$c" build -q --jobs 1 --as-of $AS_OF -o "$TMP/j1" 2>/dev/null
rm -rf "$c/.git/ocop"
"$OCOP" -C "$c" build -q --jobs 2 --as-of $AS_OF -o "$TMP/j2" 2>/dev/null
check "--jobs 1 and --jobs 2: byte-identical" diff -r -x .ocop-output "$TMP/j1" "$TMP/j2"
check "--jobs 2: same as the first build" diff -r -x .ocop-output "$c/output" "$TMP/j2"
"$OCOP" -C "$c" build -q --worktree --as-of $AS_OF -o "$TMP/wt" 2>/dev/null
check "--worktree: the same photos" diff -r "$o" "$TMP/wt/products" -x index.html -x ok -x oembed.json

# --- the cache --------------------------------------------------------------
# two photos of one size: after swapping their cache files, each is
# published with the other's pixels, so the rebuild read the cache
c=$TMP/cache
catalog "$c" a.jpg
noise "$c/content/products/a.jpg" 700 500
noise "$c/content/products/b.jpg" 700 500
git_repo "$c"
"$OCOP" -C "$c" build -q --as-of $AS_OF 2>/dev/null
cdir=$c/.git/ocop/images
check "cache: one file per photo" test "$(ls "$cdir" | wc -l)" -eq 1
fa=$(ls "$cdir")
ino=$(ls -i "$cdir/$fa" | cut -d' ' -f1)
printf '  - { src: b.jpg, alt: b }\n---\n' > "$TMP/tail"
sed -i '$d' "$c/content/products/ok.md" && cat "$TMP/tail" >> "$c/content/products/ok.md"
(cd "$c" && git add -A && git commit -qm b)
"$OCOP" -C "$c" build -q --as-of $AS_OF 2>/dev/null
check "cache: a new photo adds its file" test "$(ls "$cdir" | wc -l)" -eq 2
check "cache: the unchanged photo's file is not written again" test "$(ls -i "$cdir/$fa" | cut -d' ' -f1)" = "$ino"
fb=$(ls "$cdir" | grep -v "$fa")
cp -R "$c/output" "$TMP/before"
cp "$cdir/$fa" "$TMP/fa" && cp "$cdir/$fb" "$TMP/fb" && cp "$TMP/fb" "$cdir/$fa" && cp "$TMP/fa" "$cdir/$fb"
"$OCOP" -C "$c" build -q --as-of $AS_OF -o "$TMP/swapped" 2>/dev/null
check "cache: a rebuild publishes what the cache holds" cmp "$TMP/swapped/products/a-640.webp" "$TMP/before/products/b-640.webp"
check "cache: for the other photo too" cmp "$TMP/swapped/products/b-320.jpg" "$TMP/before/products/a-320.jpg"
cp "$TMP/fa" "$cdir/$fa" && cp "$TMP/fb" "$cdir/$fb"
# a photo the cache holds is not even read: its loose object damaged
# after its header (which gives its size), a build that read it would fail
cp -R "$c/.git" "$TMP/git"
for f in a.jpg b.jpg; do
	o=$(git -C "$c" rev-parse "HEAD:content/products/$f")
	obj=$c/.git/objects/$(echo "$o" | cut -c1-2)/$(echo "$o" | cut -c3-)
	chmod u+w "$obj"
	python3 -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); b[len(b) - 6] ^= 0xff; open(sys.argv[1], "wb").write(b)' "$obj"
done
"$OCOP" -C "$c" build -q --as-of $AS_OF -o "$TMP/noblob" 2>"$TMP/noblob.err"
check "cache: a rebuild reads no cached photo (their blobs damaged)" test $? -eq 0
check "cache: the same site without reading them" diff -r -x .ocop-output "$TMP/before" "$TMP/noblob"
mv "$cdir" "$TMP/cdir"
"$OCOP" -C "$c" build -q --as-of $AS_OF -o "$TMP/noblob2" 2>"$TMP/noblob2.err"
check "fixture: without the cache, the damage is found" grep -qF 'content/products/a.jpg' "$TMP/noblob2.err"
rm -rf "$c/.git" && mv "$TMP/git" "$c/.git"
# the same bytes under a name of another type: refused, cached or not
cp "$c/content/products/a.jpg" "$c/content/products/c.png"
sed -i '$d' "$c/content/products/ok.md" && printf '  - { src: c.png, alt: c }\n---\n' >> "$c/content/products/ok.md"
(cd "$c" && git add -A && git commit -qm c)
"$OCOP" -C "$c" build -q --as-of $AS_OF --lang en -o "$TMP/renamed" 2>"$TMP/renamed.err"
check "cache: a cached photo under a .png name is refused" grep -qF 'error: image "c.png" is a JPEG file, but its name ends in ".png"' "$TMP/renamed.err"
(cd "$c" && git reset -q --hard HEAD~1)
# a damaged file (cut short, or one byte changed) is made again
head -c 2000 "$TMP/fa" > "$cdir/$fa"
"$OCOP" -C "$c" build -q --as-of $AS_OF -o "$TMP/cut" 2>"$TMP/cut.err"
check "cache: a cut-short file is ignored" cmp "$TMP/cut/products/a-640.webp" "$TMP/before/products/a-640.webp"
check "cache: and said nothing" test ! -s "$TMP/cut.err"
check "cache: and is written again whole" cmp "$cdir/$fa" "$TMP/fa"
python3 -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); b[len(b) // 2] ^= 1; open(sys.argv[1], "wb").write(b)' "$cdir/$fa"
"$OCOP" -C "$c" build -q --as-of $AS_OF -o "$TMP/flip" 2>/dev/null
check "cache: a file with one byte changed is ignored" cmp "$TMP/flip/products/a-640.webp" "$TMP/before/products/a-640.webp"
check "cache: and made again" cmp "$cdir/$fa" "$TMP/fa"
# a cache that cannot be written: the same site, nothing said
rm -rf "$c/.git/ocop" && echo x > "$c/.git/ocop"
"$OCOP" -C "$c" build -q --as-of $AS_OF -o "$TMP/nocache" 2>"$TMP/nocache.err"
check "cache: unwritable, the build succeeds" test $? -eq 0
check "cache: unwritable, silent" test ! -s "$TMP/nocache.err"
check "cache: unwritable, the same site" diff -r -x .ocop-output "$TMP/before" "$TMP/nocache"
rm -f "$c/.git/ocop"

# --- collisions ---------------------------------------------------------------
# cover.jpg and cover.png both make cover-320.jpg
c=$TMP/collide
catalog "$c" cover.jpg cover.png
noise "$c/content/products/cover.jpg" 400 300
noise "$c/content/products/cover.png" 400 300
git_repo "$c"
"$OCOP" -C "$c" check --lang en --as-of $AS_OF 2>"$TMP/collide.err" >/dev/null
check "collision: two photos whose sizes share a name fail" test $? -eq 1
has_line "collision: named" "$TMP/collide.err" 'content/products/cover.png: error: "products/cover-320.webp" would be written twice: from content/products/cover.jpg and from content/products/cover.png [collision]'
# a theme file where a size goes
c=$TMP/collide-theme
catalog "$c" cover.jpg
noise "$c/content/products/cover.jpg" 400 300
mkdir -p "$c/themes/default/static/products"
cp "$c/content/products/cover.jpg" "$c/themes/default/static/products/cover-400.jpg"
git_repo "$c"
"$OCOP" -C "$c" check --lang en --as-of $AS_OF 2>"$TMP/collide-theme.err" >/dev/null
check "collision: a theme file at a size's path fails" test $? -eq 1
has_line "collision: with the theme's file" "$TMP/collide-theme.err" 'content/products/cover.jpg: error: "products/cover-400.jpg" would be written twice: from themes/default/static/products/cover-400.jpg and from content/products/cover.jpg [collision]'

# --- CMYK, GIF, WebP, AVIF ----------------------------------------------------
c=$TMP/kinds
catalog "$c" cmyk.jpg dong.gif web.webp av.avif trong.png
p=$c/content/products
noise "$TMP/rgb.v" 300 200
vips colourspace "$TMP/rgb.v" "$p/cmyk.jpg" cmyk
check "fixture: a CMYK JPEG" test "$(vipsheader -f bands "$p/cmyk.jpg")" = 4
vips copy "$TMP/rgb.v" "$p/dong.gif"
vips copy "$TMP/rgb.v" "$p/web.webp"
vips heifsave "$TMP/rgb.v" "$p/av.avif" --compression av1 2>/dev/null
vips bandjoin_const "$TMP/rgb.v" "$p/trong.png" 128
git_repo "$c"
"$OCOP" -C "$c" build -q --as-of $AS_OF 2>"$TMP/kinds.err"
check "kinds: CMYK, GIF, WebP, AVIF and PNG with alpha build" test $? -eq 0
o=$c/output/products
check "CMYK: published as 3-band sRGB" test "$(vipsheader -f bands "$o/cmyk-300.jpg")" = 3
check "CMYK: its WebP too" sh -c "vipsheader '$o/cmyk-300.webp' | grep -q '3 bands, srgb'"
check "GIF: made" test "$(dims "$o/dong-300.jpg")" = 300x200
check "WebP: made" test "$(dims "$o/web-300.webp")" = 300x200
check "AVIF: made" test "$(dims "$o/av-300.jpg")" = 300x200
check "alpha: the JPEG is opaque" test "$(vipsheader -f bands "$o/trong-300.jpg")" = 3
check "alpha: the WebP keeps it" test "$(vipsheader -f bands "$o/trong-300.webp")" = 4

# --- the publisher's logo as a photo (PNG with transparency) -------------------
c=$TMP/logo
catalog "$c"
mkdir -p "$c/content/anh"
noise "$TMP/l.v" 400 200
vips bandjoin_const "$TMP/l.v" "$c/content/anh/logo.png" 128
printf 'publisher:\n  name: Sở\n  logo: anh/logo.png\n' >>"$c/site.yaml"
git_repo "$c"
"$OCOP" -C "$c" build -q --as-of $AS_OF 2>"$TMP/logo.err"
check "logo: builds" test $? -eq 0
check "logo: its narrowest size, WebP with transparency" \
	test "$(vipsheader -f bands "$c/output/anh/logo-320.webp")" = 4
check "logo: the committed PNG is not published" test ! -e "$c/output/anh/logo.png"
has_line "logo: in the header of every page, WebP first" "$c/output/en/products/ok/index.html" \
	'<p class="site-title"><a href="../../" rel="home"><picture><source type="image/webp" srcset="../../../anh/logo-320.webp"><img class="logo" src="../../../anh/logo-320.jpg" alt="" width="320" height="160"></picture> <span lang="vi">Lỗi thử</span></a></p>'

# --- the budget: a 4 MB photo on a 360-pixel phone -----------------------------
c=$TMP/budget
catalog "$c" cover.jpg
noise "$TMP/big.v" 4000 3000
vips jpegsave "$TMP/big.v" "$c/content/products/cover.jpg" --Q 92
check "fixture: the photo is 4 MB or more" test "$(wc -c < "$c/content/products/cover.jpg")" -ge 4000000
git_repo "$c"
"$OCOP" -C "$c" build -q --as-of $AS_OF 2>/dev/null
check "budget: builds" test -f "$c/output/products/cover-640.webp"
browser_checks "budget" tests/browser/photos.mjs "$c/output" products/ok/

summary
