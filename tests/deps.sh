#!/bin/sh
# Installs the Debian packages ocop needs when run as root, or prints the
# exact apt-get line to run.  $1: -dev packages checked with dpkg;
# $2: command:package pairs checked by command (tools that may come from
# elsewhere, as node or java often do).
missing=""
for pkg in $1; do
	dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $pkg"
done
for pair in $2; do
	command -v "${pair%%:*}" >/dev/null 2>&1 || missing="$missing ${pair#*:}"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	echo "installing missing Debian packages:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing
	exit $?
fi
echo "ocop needs these Debian packages; run as root:" >&2
echo "  apt-get install -y$missing" >&2
exit 1
