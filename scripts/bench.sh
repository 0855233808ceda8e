#!/bin/sh
# make bench: side-by-side performance figures, all from one run on the same
# generated packets, printed as ratios (absolute times on a shared machine are
# noise; ratios measured together are less so). See docs/PERFORMANCE.md.
#
#   scanned throughput  imrpacket process vs the tesseract CLI on the same pages
#                       already rendered to images, one process per core,
#                       OMP_THREAD_LIMIT=1 (this machine's OCR limit)
#   mixed + duplicates  imrpacket process vs ocrmypdf -j CORES --skip-text
#   born-digital        imrpacket process vs pdftotext, pages/s
#   peak RSS            born-digital packets of 100, 1,000 and 5,000 pages
#   OCR calls           against unique pages on the packet with 30% duplicates
#
# Each comparison runs its pair in turn ROUNDS times (A B B A ...) so that a
# change in the machine's load falls on both sides. Sizes come from the
# environment, e.g. a quick look:
#   SCANNED_PAGES=10 MIXED_PAGES=20 DIGITAL_SIZES="100 1000" sh scripts/bench.sh
set -eu
cd "$(dirname "$0")/.."
BIN=${BIN:-bin/imrpacket}
CORES=${CORES:-$(nproc)}
W=${BENCH_DIR:-out/bench}
SCANNED_PAGES=${SCANNED_PAGES:-40}
MIXED_PAGES=${MIXED_PAGES:-60}
DIGITAL_SIZES=${DIGITAL_SIZES:-100 1000 5000}
ROUNDS=${ROUNDS:-1}
# ONLY picks sections: scanned, mixed (with the OCR-call count), digital.
ONLY=${ONLY:-scanned mixed digital}
mkdir -p "$W"
# The baseline gets the setting imrpacket guarantees itself.
export OMP_THREAD_LIMIT=1

for tool in "$BIN" tesseract pdftoppm pdftotext pdfinfo ocrmypdf python3 bc /usr/bin/time; do
	command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool not found (make setup installs it)" >&2; exit 1; }
done

want() { case " $ONLY " in *" $1 "*) return 0 ;; esac; return 1; }
calc() { echo "$1" | bc -l; }
fmt() { printf "%.${2:-2}f" "$(calc "$1")"; }
pages_of() { pdfinfo "$1" | awk '/^Pages:/ {print $2}'; }
load() { cut -d' ' -f1 /proc/loadavg; }
# json FILE EXPR: a value from a JSON file, EXPR in Python over d (python3
# comes with ocrmypdf).
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }
# timed FILE 'SHELL COMMAND': runs it, appends "wall user+sys maxrss_kb" to
# FILE (CPU and peak RSS cover the command's child processes too).
timed() {
	out=$1
	/usr/bin/time -f '%e %U %S %M' -o "$out.one" sh -c "$2"
	awk '{printf "%s %.2f %s\n", $1, $2+$3, $4}' "$out.one" >>"$out"
	rm -f "$out.one"
}
# alternate AFILE ACMD BFILE BCMD: ROUNDS rounds of the pair, A B then B A
# then A B..., so that neither always runs on the warmer or quieter machine.
alternate() {
	r=0
	while [ "$r" -lt "$ROUNDS" ]; do
		if [ $((r % 2)) -eq 0 ]; then
			timed "$1" "$2"
			timed "$3" "$4"
		else
			timed "$3" "$4"
			timed "$1" "$2"
		fi
		r=$((r + 1))
	done
}
# sum FILE COL: the column summed over rounds; max FILE COL: its largest value.
sum() { awk -v c="$2" '{s+=$c} END {printf "%.3f", s}' "$1"; }
max() { awk -v c="$2" '$c>m {m=$c} END {print m+0}' "$1"; }

# gen NAME SEED MIX DUP PAGES: DIR/NAME/packet-001.pdf, rebuilt only when the
# parameters change.
gen() {
	d="$W/$1"
	want="$2 $3 $4 $5"
	if [ -f "$d/packet-001.pdf" ] && [ "$(cat "$d/params" 2>/dev/null)" = "$want" ]; then
		return
	fi
	rm -rf "$d"
	$BIN generate --out "$d" --n 1 --seed "$2" --mix "$3" --dup-rate "$4" --pages "$5" 2>/dev/null >/dev/null
	echo "$want" >"$d/params"
}

echo "== generating packets (seeded; MTSamples test split when ../shared is present)"
if want scanned; then gen scanned 7001 scanned 0 "$SCANNED_PAGES"; fi
if want mixed; then gen mixed 7002 mixed 0.3 "$MIXED_PAGES"; fi
if want digital; then
	for n in $DIGITAL_SIZES; do
		gen "digital-$n" 7003 born_digital 0 "$n"
	done
fi
SCANNED="$W/scanned/packet-001.pdf"
MIXED="$W/mixed/packet-001.pdf"
rm -f "$W"/*.times

if want scanned; then
echo "== scanned: imrpacket process vs tesseract CLI x$CORES on pre-rendered 300-dpi gray pages (load $(load))"
rm -rf "$W/pgm" && mkdir -p "$W/pgm"
pdftoppm -r 300 -gray "$SCANNED" "$W/pgm/p"
np=$(ls "$W/pgm" | wc -l)
tess="ls '$W/pgm'/*.pgm | xargs -P $CORES -I{} tesseract {} {} --psm 3 -l eng quiet"
imr_scanned="$BIN process '$SCANNED' --out '$W/out-scanned' --quiet --stats '$W/stats-scanned.json'"
alternate "$W/tess.times" "$tess" "$W/imr-scanned.times" "$imr_scanned"
tw=$(sum "$W/tess.times" 1)
iw=$(sum "$W/imr-scanned.times" 1)
tc=$(sum "$W/tess.times" 2)
ic=$(sum "$W/imr-scanned.times" 2)
printf 'scanned pages: %d (x%d rounds)\n' "$np" "$ROUNDS"
printf '  tesseract CLI: %s pages/s wall, %s CPU-s/page\n' "$(fmt "$np*$ROUNDS/$tw")" "$(fmt "$tc/($np*$ROUNDS)")"
printf '  imrpacket:     %s pages/s wall, %s CPU-s/page (render + OCR + classify + extract + dedupe + assemble)\n' "$(fmt "$np*$ROUNDS/$iw")" "$(fmt "$ic/($np*$ROUNDS)")"
printf '  ratio imrpacket/tesseract-limit: %s wall, %s CPU (target >= 0.90)\n' "$(fmt "$tw/$iw")" "$(fmt "$tc/$ic")"
printf '  imrpacket OCR calls %s, Tesseract time summed over engines %ss of %ss wall x %d\n' "$(json "$W/stats-scanned.json" "d['ocr_calls']")" \
	"$(fmt "$(json "$W/stats-scanned.json" "d['ocr_seconds']")" 1)" "$(fmt "$(json "$W/stats-scanned.json" "d['seconds']")" 1)" "$CORES"

fi
if want mixed; then
echo "== mixed packet, 30% duplicates: imrpacket vs ocrmypdf -j $CORES (load $(load))"
np=$(pages_of "$MIXED")
ocrm="ocrmypdf -j $CORES --skip-text --output-type pdf --optimize 0 -q '$MIXED' '$W/ocrmypdf.pdf' 2>'$W/ocrmypdf.log' || echo '  ocrmypdf failed, see $W/ocrmypdf.log' >&2"
imr_mixed="$BIN process '$MIXED' --out '$W/out-mixed' --quiet --stats '$W/stats-mixed.json'"
alternate "$W/ocrm.times" "$ocrm" "$W/imr-mixed.times" "$imr_mixed"
ow=$(sum "$W/ocrm.times" 1)
iw=$(sum "$W/imr-mixed.times" 1)
oc=$(sum "$W/ocrm.times" 2)
ic=$(sum "$W/imr-mixed.times" 2)
printf 'mixed pages: %d (%s with a text layer, %s OCR'"'"'d by imrpacket)\n' "$np" "$(json "$W/stats-mixed.json" "d['text_layer_pages']")" "$(json "$W/stats-mixed.json" "d['ocr_pages']")"
printf '  ocrmypdf:  %ss wall, %s CPU-s\n  imrpacket: %ss wall, %s CPU-s\n' "$(fmt "$ow/$ROUNDS" 1)" "$(fmt "$oc/$ROUNDS" 1)" "$(fmt "$iw/$ROUNDS" 1)" "$(fmt "$ic/$ROUNDS" 1)"
printf '  speed-up: %sx wall, %sx CPU (target >= 1.5)\n' "$(fmt "$ow/$iw")" "$(fmt "$oc/$ic")"

echo "== OCR calls vs unique pages (mixed packet, 30% duplicates)"
T="$W/mixed/packet-001.truth.json"
uniq=$(json "$T" "sum(1 for p in d['pages'] if p.get('duplicate_of') is None)")
uniq_ocr=$(json "$T" "sum(1 for p in d['pages'] if p.get('duplicate_of') is None and p['rendering'] != 'born_digital')")
near_ocr=$(json "$T" "sum(1 for p in d['pages'] if p.get('duplicate_kind') == 'near' and p['rendering'] != 'born_digital')")
exact_ocr=$(json "$T" "sum(1 for p in d['pages'] if p.get('duplicate_kind') == 'exact' and p['rendering'] != 'born_digital')")
calls=$(json "$W/stats-mixed.json" "d['ocr_calls']")
printf '  pages %d; unique (truth: no duplicate_of) %d, of them needing OCR (no text layer) %d\n' "$np" "$uniq" "$uniq_ocr"
printf '  scanned duplicates: %d exact (same pixels), %d near (re-faxed or re-scanned)\n' "$exact_ocr" "$near_ocr"
printf '  OCR calls %d = unique pages needing OCR %d + near duplicates %d? %s\n' "$calls" "$uniq_ocr" "$near_ocr" \
	"$([ "$calls" -eq $((uniq_ocr + near_ocr)) ] && echo yes || echo NO)"
printf '  (exact duplicates are OCR'"'"'d once; a near duplicate has different pixels and must be read to be recognised)\n'

fi
if want digital; then
echo "== born-digital: imrpacket process vs pdftotext; peak RSS by packet size (load $(load))"
for n in $DIGITAL_SIZES; do
	f="$W/digital-$n/packet-001.pdf"
	np=$(pages_of "$f")
	rm -f "$W/ptt-$n.times" "$W/imr-$n.times"
	timed "$W/ptt-$n.times" "pdftotext -q '$f' '$W/digital.txt'"
	timed "$W/imr-$n.times" "$BIN process '$f' --out '$W/out-digital-$n' --quiet --log-level info 2>'$W/log-digital-$n'"
	pw=$(sum "$W/ptt-$n.times" 1)
	iw=$(sum "$W/imr-$n.times" 1)
	ic=$(sum "$W/imr-$n.times" 2)
	read_s=$(grep '"stage":"read"' "$W/log-digital-$n" | sed -E 's/.*"seconds":([0-9.]+).*/\1/')
	printf '%5d pages: imrpacket %s pages/s wall (target >= 100), %s pages per CPU-second; reading pages alone %s pages/s wall;\n' \
		"$np" "$(fmt "$np/$iw" 1)" "$(fmt "$np/$ic" 1)" "$(fmt "$np/$read_s" 1)"
	printf '             pdftotext %s pages/s (one core); peak RSS %s MB (target <= 500)\n' "$(fmt "$np/$pw" 1)" "$(fmt "$(max "$W/imr-$n.times" 3)/1024" 0)"
	grep -o '"stage":"[a-z]*".*"seconds":[0-9.]*' "$W/log-digital-$n" | sed -E 's/"stage":"([a-z]*)".*"seconds":([0-9.]*)/\1 \2/' |
		awk '{printf "%s%s %.1fs", (NR>1?", ":"             stages: "), $1, $2} END {print ""}'
	dd_s=$(grep '"stage":"dedupe"' "$W/log-digital-$n" | sed -E 's/.*"seconds":([0-9.]+).*/\1/')
	all_s=$(grep '"stage":"done"' "$W/log-digital-$n" | sed -E 's/.*"seconds":([0-9.]+).*/\1/')
	printf '             deduplicating: %s%% of the pipeline (target < 5%%)\n' "$(fmt "100*$dd_s/$all_s" 1)"
done
fi
if want scanned && want mixed; then
	echo "peak RSS, scanned packet: $(fmt "$(max "$W/imr-scanned.times" 3)/1024" 0) MB; mixed packet: $(fmt "$(max "$W/imr-mixed.times" 3)/1024" 0) MB"
fi
echo "machine: $CORES cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load now $(load); $(tesseract --version 2>&1 | head -1), ocrmypdf $(ocrmypdf --version 2>/dev/null), $(pdftotext -v 2>&1 | head -1), $(go version 2>/dev/null | cut -d' ' -f3)"
