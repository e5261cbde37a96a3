# ccnet — see README.md. Every target works on a fresh clone with Go >= 1.26.
GO       ?= go
BIN      := bin/ccnet
SAMPLE   := testdata/sample
OUT      ?= out/sample
FUZZTIME ?= 30s
# Real data for benchmarks and conformance runs (not needed by `make test`).
CCNET_DATA ?= $(abspath ../shared/data)
export CCNET_DATA

.PHONY: all build run test vet fuzz bench clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/ccnet

## run: the main job on the sample dump this project ships, on Prism (embedded).
run: build
	./$(BIN) run --input $(SAMPLE)/sample.warc.gz $(SAMPLE)/sample.warc.wet.gz \
		--output $(OUT) --overwrite

vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...

## test: vet and every test (the shared data is used when present, skipped otherwise).
test: vet
	$(GO) test -count=1 ./...

## fuzz: each fuzz target for FUZZTIME (30 s in CI; run longer by hand).
fuzz:
	bash .ci/fuzz.sh ./warc/ FuzzReader $(FUZZTIME)
	bash .ci/fuzz.sh ./extract/ FuzzResponse $(FUZZTIME)
	bash .ci/fuzz.sh ./dedup/ FuzzNormalize $(FUZZTIME)
	bash .ci/fuzz.sh ./document/ FuzzParseBinary $(FUZZTIME)

## bench: the hot-path benchmarks whose figures BENCHMARKS.md keeps.
bench:
	$(GO) test -run='^$$' -bench=. -benchmem -count=1 ./...

clean:
	rm -rf bin out
