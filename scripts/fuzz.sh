#!/bin/sh
# Runs every fuzz target in the module for a bounded time each ($1, default
# 10s). Crashers land in the package's testdata/fuzz/ and must be committed as
# regression cases.
#
# Go 1.26's fuzz coordinator can fail a target with a bare "context deadline
# exceeded" at the -fuzztime boundary when a loaded machine delays a worker's
# shutdown (go.dev/issue/75804, fixed in Go 1.27). That failure writes no
# failing input. It is tolerated only when no input was written and the
# target's seed and committed corpus then replay clean; any written input, any
# other failure, or a replay failure fails the run.
set -eu
cd "$(dirname "$0")/.."
t="${1:-10s}"
# Minimizing each new-coverage input may take 60 s by default, during which
# the target makes no progress; inputs that merely add coverage need no
# shrinking to be useful, and crashers stay reproducible unshrunk.
min="${FUZZMINIMIZETIME:-3s}"
found=0
raced=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for pkg in $(go list ./...); do
	for f in $(go test -list '^Fuzz' "$pkg" 2>/dev/null | grep '^Fuzz' || true); do
		found=$((found + 1))
		echo "fuzz: $pkg $f ($t)"
		if go test -run '^$' -fuzz "^$f\$" -fuzztime "$t" -fuzzminimizetime "$min" "$pkg" >"$log" 2>&1; then
			cat "$log"
			continue
		fi
		cat "$log"
		if grep -q 'Failing input written' "$log" || ! grep -q '^    context deadline exceeded$' "$log"; then
			echo "fuzz: $pkg $f failed" >&2
			exit 1
		fi
		echo "fuzz: $f hit the fuzz coordinator's shutdown race (go.dev/issue/75804); replaying its corpus"
		go test -count=1 -run "^$f\$" "$pkg"
		raced=$((raced + 1))
	done
done
echo "fuzz: $found targets ran ($raced stopped by the coordinator race, corpus replayed clean)"
