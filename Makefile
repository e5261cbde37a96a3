# ccnet — see README.md. Every target works on a fresh clone with Go >= 1.26.
GO       ?= go
BIN      := bin/ccnet
SAMPLE   := testdata/sample
OUT      ?= out/sample
FUZZTIME ?= 30s
# Real data for benchmarks and conformance runs (not needed by `make test`).
CCNET_DATA ?= $(abspath ../shared/data)
export CCNET_DATA

.PHONY: all build demo-models run test vet fuzz bench conformance conformance-lm conformance-filters conformance-shards conformance-torch clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/ccnet

DEMO     := testdata/demo
MODELS   ?= out/demo-models

## demo-models: small DEMO models trained from the text in testdata/demo (not
## real models: real runs use models trained on Wikipedia, or cc_net's).
demo-models: build
	@mkdir -p $(MODELS)
	@echo "ccnet: training DEMO models from $(DEMO) (small text written for the project; not for real runs)"
	./$(BIN) tokenizer train --input $(DEMO)/reference-en.txt,$(DEMO)/reference-de.txt,$(DEMO)/reference-fr.txt,$(DEMO)/web-en.txt \
		--vocab-size 4000 --out $(MODELS)/tokenizer.model
	for l in en de fr; do ./$(BIN) lm train --lang $$l --text $(DEMO)/reference-$$l.txt --vocab-size 2000 \
		--out $(MODELS)/lm || exit 1; done
	./$(BIN) lm cutoffs --lm-dir $(MODELS)/lm --lang en --input $(DEMO)/web-en.txt \
		--out $(MODELS)/lm/cutoff.csv
	paste -d '\n' $(DEMO)/reference-en.txt $(DEMO)/web-en.txt | awk 'NF' | \
		awk 'NR%2==1 {print "__label__wiki " $$0} NR%2==0 && NR<=600 {print "__label__cc " $$0} NR%2==0 && NR>600 {print "__label__wiki " $$0}' \
		> $(MODELS)/wikiref.train.txt
	./$(BIN) classify train --input $(MODELS)/wikiref.train.txt --thread 1 --epoch 25 --out $(MODELS)/wikiref.bin

## run: the main job on the sample dump this project ships, on Prism
## (embedded), with every stage on and the demo models.
run: demo-models
	./$(BIN) run --input $(SAMPLE)/sample.warc.gz $(SAMPLE)/sample.warc.wet.gz \
		--output $(OUT) --overwrite \
		--filters c4,gopher-quality,gopher-repetition \
		--lm-dir $(MODELS)/lm --wikiref-model $(MODELS)/wikiref.bin --wikiref-mode annotate \
		--tokenizer $(MODELS)/tokenizer.model --shard-valid-fraction 0.15
	@echo "ccnet: training the reference LLaMA (stories260K shape) for a few steps on the sample's shards"
	rm -rf $(OUT)/ckpt
	./$(BIN) train --data $(OUT)/shards --preset stories260K --tokenizer $(MODELS)/tokenizer.model \
		--steps 20 --batch 4 --seq-len 64 --out $(OUT)/ckpt
	./$(BIN) generate --ckpt $(OUT)/ckpt --tokenizer $(MODELS)/tokenizer.model --prompt "The city council" --max-tokens 16

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
	bash .ci/fuzz.sh ./shards/ FuzzOpenMegatron $(FUZZTIME)
	bash .ci/fuzz.sh ./shards/ FuzzOpenLLMC $(FUZZTIME)
	bash .ci/fuzz.sh ./lm/ FuzzReadARPA $(FUZZTIME)
	bash .ci/fuzz.sh ./lm/ FuzzOpenBinary $(FUZZTIME)
	bash .ci/fuzz.sh ./tokenizer/ FuzzParse $(FUZZTIME)
	bash .ci/fuzz.sh ./classify/fasttext/ FuzzLoad $(FUZZTIME)
	bash .ci/fuzz.sh ./filters/ FuzzApply $(FUZZTIME)
	bash .ci/fuzz.sh ./llama/ FuzzLoadCheckpoint $(FUZZTIME)

## conformance: parity with the reference tools Debian packages (sentencepiece,
## fasttext: apt-get install -y sentencepiece fasttext); CI runs it.
conformance:
	bash conformance/tokenizer/run.sh
	bash conformance/fasttext/run.sh
	bash conformance/flink/run.sh

## Parity checks against tools this machine builds or installs on demand
## (KenLM from source under /tmp, datatrove and Megatron-core from PyPI);
## kept out of make test and CI. See each script's header.
conformance-lm:
	bash conformance/lm/estimate.sh
	bash conformance/lm/query.sh
	bash conformance/lm/normalize.sh
conformance-filters:
	sh conformance/filters/run.sh
conformance-torch:
	python3 -m venv /tmp/torch-venv && /tmp/torch-venv/bin/pip install -q torch transformers safetensors numpy
	/tmp/torch-venv/bin/python conformance/llama/check_torch.py
conformance-shards:
	python3 -m venv /tmp/shards-venv && /tmp/shards-venv/bin/pip install -q numpy
	/tmp/shards-venv/bin/python conformance/shards/check.py

## bench: the hot-path benchmarks whose figures BENCHMARKS.md keeps.
bench:
	$(GO) test -run='^$$' -bench=. -benchmem -count=1 ./...

clean:
	rm -rf bin out
