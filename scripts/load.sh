#!/bin/sh
# Load and memory check on real redis-server, versitygw and `imrpacket
# worker` processes (worker/load_test.go, TestLoad):
#   burst: LOAD_PACKETS (200) generated packets of LOAD_PAGES (3) pages,
#          LOAD_MIX (mixed) renderings, enqueued at once to 2 workers: all
#          complete, none lost, none processed twice;
#   rss:   one worker OCRs LOAD_OCR_PAGES (2000) scanned pages at LOAD_DPI
#          (300), LOAD_RSS_PAGES (10) per packet; VmRSS at the end within 20%
#          of VmRSS after the first tenth.
# The results go to docs/RELIABILITY.md between the load markers. With the
# defaults it takes over an hour on 2 cores (OCR is about 2 s a page).
set -eu
cd "$(dirname "$0")/.."
DOC=${DOC:-docs/RELIABILITY.md}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
export IMRPACKET_LOAD=1 LOAD_REPORT="$OUT/report.md"
export LOAD_PACKETS=${LOAD_PACKETS:-200} LOAD_PAGES=${LOAD_PAGES:-3} LOAD_MIX=${LOAD_MIX:-mixed}
export LOAD_OCR_PAGES=${LOAD_OCR_PAGES:-2000} LOAD_RSS_PAGES=${LOAD_RSS_PAGES:-10} LOAD_DPI=${LOAD_DPI:-300}
set +e
go test -count=1 -run '^TestLoad$' -timeout 4h -v ./worker/ 2>&1 | tee "$OUT/log" | grep -E '^(=== RUN|--- |\s+load_test|PASS|FAIL|ok)'
rc=$?
set -e
grep -q '^--- FAIL' "$OUT/log" && rc=1
grep -q '^ok ' "$OUT/log" || rc=1
{
	echo "Run $(date -u +%Y-%m-%d) at commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores: $(grep -q '^ok ' "$OUT/log" && echo passed || echo FAILED)."
	echo
	cat "$LOAD_REPORT" 2>/dev/null || echo "- no results (see the test log)"
} >"$OUT/section"
if [ -f "$DOC" ] && grep -q '<!-- load:begin -->' "$DOC"; then
	awk -v t="$OUT/section" '
		/<!-- load:begin -->/ { print; while ((getline l < t) > 0) print l; skip = 1; next }
		/<!-- load:end -->/ { skip = 0 }
		!skip { print }' "$DOC" >"$OUT/doc" && cp "$OUT/doc" "$DOC"
	echo "load: results written to $DOC" >&2
else
	cat "$OUT/section"
fi
exit $rc
