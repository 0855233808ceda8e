# Two commands do everything on a fresh Debian 12 machine (as root):
#   make demo   install what is missing, build, and process a sample packet
#   make test   install what is missing and run every test
export PATH := $(PATH):/usr/local/go/bin
GO      ?= go
BIN     := bin/imrpacket
SAMPLE  ?= testdata/packets/scanned.pdf
DEMOOUT ?= out/demo
FUZZTIME ?= 10s

.PHONY: setup build demo test unit fuzz bench eval generate clean

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

# Side-by-side performance figures (docs/PERFORMANCE.md).
bench: build
	sh scripts/bench.sh

# Quality scorecard on freshly generated held-out packets (docs/QUALITY.md).
eval: build
	./$(BIN) eval --generate 20 --seed 9000 --dir out/eval

clean:
	rm -rf bin out
