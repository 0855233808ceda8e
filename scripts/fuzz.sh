#!/bin/sh
# Runs every fuzz target in the module for a bounded time each ($1, default
# 10s). Crashers land in the package's testdata/fuzz/ and must be committed as
# regression cases.
set -eu
cd "$(dirname "$0")/.."
t="${1:-10s}"
found=0
for pkg in $(go list ./...); do
	for f in $(go test -list '^Fuzz' "$pkg" 2>/dev/null | grep '^Fuzz' || true); do
		found=$((found + 1))
		echo "fuzz: $pkg $f ($t)"
		go test -run '^$' -fuzz "^$f\$" -fuzztime "$t" "$pkg"
	done
done
echo "fuzz: $found targets ran"
