#!/bin/sh
# Runs the Nu Html Checker (npm vnu-jar, with the machine's Java) over
# every HTML page of a built site.  $1: the site folder.
set -u
site=$1
jar=node_modules/vnu-jar/build/dist/vnu.jar
if [ ! -f "$jar" ]; then
	npm ci --no-audit --no-fund --silent >/dev/null 2>&1 || npm install --no-audit --no-fund --silent >/dev/null 2>&1
fi
if [ ! -f "$jar" ]; then
	echo "html: vnu-jar could not be installed (npm ci)"
	echo "html: 0 passed, 1 failed"
	exit 1
fi
pages=$(find "$site" -name '*.html' | wc -l)
# --css for the theme's stylesheets (not its scripts); errors only
if java -Xss4m -jar "$jar" --errors-only --format text --skip-non-html "$site" >/tmp/vnu.$$ 2>&1 &&
   java -jar "$jar" --errors-only --css --format text "$site"/assets/*.css >>/tmp/vnu.$$ 2>&1; then
	echo "html: $pages pages checked, no errors"
	echo "html: 1 passed, 0 failed"
	rm -f /tmp/vnu.$$
	exit 0
fi
head -60 /tmp/vnu.$$
rm -f /tmp/vnu.$$
echo "html: 0 passed, 1 failed"
exit 1
