#!/bin/sh
# Runs every file of ../shared/corpus/pdf_robustness through `imrpacket
# process` with a time limit, records the outcome, pages read, error class,
# wall time and peak RSS, and writes the table to docs/RELIABILITY.md
# (between the robustness markers). The run fails when a file
#   - panics, hangs (killed at LIMIT seconds) or peaks over MAXRSS_MB,
#   - fails with anything but one classified line on stderr,
#   - exercises an unusual image encoding (CCITT, JBIG2, JPEG 2000, odd DPI,
#     per MANIFEST.tsv) and does not give a packet with every page read.
set -eu
cd "$(dirname "$0")/.."
BIN=${BIN:-bin/imrpacket}
CORPUS=${CORPUS:-../shared/corpus/pdf_robustness}
LIMIT=${LIMIT:-300}
MAXRSS_MB=${MAXRSS_MB:-3072}
DOC=${DOC:-docs/RELIABILITY.md}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
[ -d "$CORPUS" ] || { echo "robustness: $CORPUS absent; skipped" >&2; exit 0; }
[ -x "$BIN" ] || { echo "robustness: $BIN not built (make build)" >&2; exit 1; }

# Files whose point is an unusual image: they must give pages, not errors.
awk -F'\t' 'NR > 1 && $4 ~ /CCITT|JBIG2|JPEG ?2000|JPX|DPI|dpi/ { print $1 }' "$CORPUS/MANIFEST.tsv" >"$OUT/mustread"

# class maps a one-line error to the pdf package's input classes (or the
# packet stage); anything else is unclassified.
class() {
	case "$1" in
	*"truncated PDF"*) echo truncated ;;
	*"encrypted PDF needs a password"*) echo encrypted ;;
	*"not a PDF"*) echo not-pdf ;;
	*"damaged PDF beyond repair"*) echo damaged ;;
	*"PDF has no pages"*) echo no-pages ;;
	*"PDF over limit"*) echo too-large ;;
	*"source PDF unreadable for assembly"*) echo assembly ;;
	*) echo unclassified ;;
	esac
}

table="$OUT/table.md"
{
	echo "Run $(date -u +%Y-%m-%d) at commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), limits ${LIMIT}s and ${MAXRSS_MB} MB per file, $(nproc) cores."
	echo "Pages: read (text layer + OCR) / in the source; failed pages get no text and are flagged for review."
	echo
	echo '| file | outcome | pages read | error class | seconds | peak RSS MB | message |'
	echo '|---|---|---|---|---|---|---|'
} >"$table"
bad=0
total=0
for f in $(cd "$CORPUS" && find . -type f \( -name '*.pdf' -o -name '*.fuzz' \) | sed 's|^\./||' | sort); do
	total=$((total + 1))
	o="$OUT/o"
	rm -rf "$o" "$OUT/stats"
	set +e
	/usr/bin/time -f '%e %M' -o "$OUT/time" timeout -s KILL "$LIMIT" "$BIN" process "$CORPUS/$f" --out "$o" --quiet --stats "$OUT/stats" 2>"$OUT/err" >/dev/null
	rc=$?
	set -e
	secs=$(tail -1 "$OUT/time" | cut -d' ' -f1)
	rss=$(($(tail -1 "$OUT/time" | cut -d' ' -f2) / 1024))
	# Structured log lines are JSON; anything else on stderr is an error
	# message (or a library writing where it should not).
	grep -v '^{' "$OUT/err" | grep -v '^Command terminated by signal' >"$OUT/plain" || true
	lines=$(wc -l <"$OUT/plain")
	msg=$(tail -1 "$OUT/plain" | sed 's/|/\\|/g' | cut -c1-120)
	pages="-"
	cls="-"
	note=""
	if [ "$rc" = 0 ]; then
		outcome="packet"
		n=$(sed -n 's/.*"pages": *\([0-9]*\).*/\1/p' "$OUT/stats" | head -1)
		tl=$(sed -n 's/.*"text_layer_pages": *\([0-9]*\).*/\1/p' "$OUT/stats")
		ocr=$(sed -n 's/.*"ocr_pages": *\([0-9]*\).*/\1/p' "$OUT/stats")
		failed=$(sed -n 's/.*"failed_pages": *\([0-9]*\).*/\1/p' "$OUT/stats")
		pages="$((tl + ocr))/$n"
		[ "$failed" = 0 ] || pages="$pages ($failed failed)"
		msg=""
		[ "$lines" = 0 ] || { note="stray stderr"; msg=$(head -1 "$OUT/plain" | cut -c1-80); }
		if grep -qxF "$f" "$OUT/mustread" && [ "$failed" != 0 ]; then
			note="unusual image not read"
		fi
	elif [ "$rc" = 137 ] || [ "$rc" = 124 ]; then
		outcome="HANG (killed)"
		note="hang"
	elif grep -q '^panic:\|^fatal error:' "$OUT/err"; then
		outcome="PANIC"
		note="panic"
		msg=$(grep -m1 '^panic:\|^fatal error:' "$OUT/err" | cut -c1-120)
	else
		outcome="refused"
		cls=$(class "$msg")
		[ "$lines" = 1 ] || note="$lines lines on stderr"
		[ "$cls" != unclassified ] || note="unclassified error"
		grep -qxF "$f" "$OUT/mustread" && note="unusual image refused"
	fi
	[ "$rss" -le "$MAXRSS_MB" ] || note="${note:+$note, }over ${MAXRSS_MB} MB"
	if [ -n "$note" ]; then
		bad=$((bad + 1))
		outcome="$outcome: **$note**"
	fi
	printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$f" "$outcome" "$pages" "$cls" "$secs" "$rss" "$msg" >>"$table"
	echo "robustness: $f: $outcome ($rc, ${secs}s, ${rss} MB)" >&2
done
echo >>"$table"
echo "$bad of $total files broke a rule." >>"$table"

if [ -f "$DOC" ] && grep -q '<!-- robustness:begin -->' "$DOC"; then
	awk -v t="$table" '
		/<!-- robustness:begin -->/ { print; while ((getline l < t) > 0) print l; skip = 1; next }
		/<!-- robustness:end -->/ { skip = 0 }
		!skip { print }' "$DOC" >"$OUT/doc" && cp "$OUT/doc" "$DOC"
	echo "robustness: table written to $DOC" >&2
else
	cat "$table"
fi
echo "robustness: $bad files panicked, hung, went over a limit, gave an unclassified or multi-line error, or did not read an unusual image" >&2
[ "$bad" = 0 ]
