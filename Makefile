# Two commands do everything on a fresh Debian 12 machine (as root):
#   make demo   install what is missing, build, and process a sample packet
#   make test   install what is missing and run every test
export PATH := $(PATH):/usr/local/go/bin
GO      ?= go
BIN     := bin/imrpacket
SAMPLE  ?= testdata/packets/scanned.pdf
DEMOOUT ?= out/demo
FUZZTIME ?= 10s

.PHONY: setup build demo test unit fuzz bench eval generate clean robustness load

setup:
	@sh scripts/setup.sh

build: setup
	$(GO) build -o $(BIN) ./cmd/imrpacket

demo: build
	./$(BIN) process $(SAMPLE) --out $(DEMOOUT)
	@echo "demo: outputs in $(DEMOOUT)/ (packet.pdf, index.json)"

# Every test: vet, the whole suite with real Tesseract, redis-server and
# versitygw, then each fuzz target for a bounded time.
test: setup
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 25m ./...
	@sh scripts/fuzz.sh $(FUZZTIME)

unit:
	$(GO) test -short -count=1 ./...

fuzz:
	@sh scripts/fuzz.sh $(FUZZTIME)

# Side-by-side performance figures (docs/PERFORMANCE.md): imrpacket against
# the tesseract CLI, ocrmypdf and pdftotext on the same generated packets,
# then the Go benchmarks of the hot paths. Sizes from the environment
# (SCANNED_PAGES, MIXED_PAGES, DIGITAL_SIZES, ROUNDS, ONLY); GOBENCH=0 skips
# the Go benchmarks.
GOBENCH ?= 1
bench: build
	sh scripts/bench.sh
	@if [ "$(GOBENCH)" = 1 ]; then $(GO) test -run '^$$' -bench . -benchtime 3x ./pdf ./pages ./ocr ./orient ./classify ./dedupe ./packet ./extract; fi

# Quality scorecard on freshly generated held-out packets (docs/QUALITY.md).
eval: build
	rm -rf out/eval
	./$(BIN) eval --generate 20 --seed 9000 out/eval

# Every file of ../shared/corpus/pdf_robustness through `process`, within a
# time and memory bound; table in docs/RELIABILITY.md. Takes ~15 minutes.
robustness: build
	BIN=$(BIN) sh scripts/robustness.sh

# 200 packets at once on 2 workers, then RSS over 2,000 OCR'd pages;
# results in docs/RELIABILITY.md. Takes ~30 minutes.
load: build
	BIN=$(BIN) sh scripts/load.sh

clean:
	rm -rf bin out
