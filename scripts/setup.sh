#!/bin/sh
# Installs everything imrpacket needs on Debian 12 (as root) and fetches Go
# modules. Idempotent and quick when already done: it only calls apt-get for
# packages that are missing.
set -eu

# Tesseract and its data (eng, osd) for OCR; libtesseract-dev/libleptonica-dev
# for cgo; redis-server for the queue tests; poppler-utils, qpdf and ocrmypdf
# to check outputs and for the side-by-side benchmarks; chromium for the
# reviewer-page browser test; gcc/pkg-config for cgo; git, ca-certificates for
# the module downloads.
PKGS="tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd libtesseract-dev libleptonica-dev
redis-server poppler-utils qpdf ocrmypdf chromium fonts-dejavu-core gcc pkg-config make git
ca-certificates curl bc time"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done
if [ -n "$missing" ]; then
	echo "setup: installing$missing" >&2
	SUDO=""
	[ "$(id -u)" = 0 ] || SUDO="sudo"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

if ! command -v go >/dev/null 2>&1; then
	if [ -x /usr/local/go/bin/go ]; then
		PATH="$PATH:/usr/local/go/bin"
		export PATH
	else
		echo "setup: Go 1.26 is required (expected at /usr/local/go)" >&2
		exit 1
	fi
fi

cd "$(dirname "$0")/.."
go mod download

# versitygw is the S3-compatible server the integration tests start; built once
# into a cache outside the repo and reused (the tests build it themselves too
# when it is missing).
BIN="${IMRPACKET_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/imrpacket/bin}"
if [ ! -x "$BIN/versitygw" ]; then
	echo "setup: building versitygw v1.8.0 into $BIN" >&2
	mkdir -p "$BIN"
	GOBIN="$BIN" CGO_ENABLED=0 go install github.com/versity/versitygw/cmd/versitygw@v1.8.0
fi
