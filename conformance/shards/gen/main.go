// Command gen writes the shards that conformance/shards/check.py reads:
// shard sets for a 32,000-id (uint16) and a 128,256-id (int32 / uint32)
// vocabulary, a Megatron dataset merged from parts, and manifest.json with
// every input document, so that check.py can recompute the expected files
// on its own.
//
//	go run ./conformance/shards/gen OUTDIR
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/ccnet-go/ccnet/shards"
)

type doc struct {
	URL    string   `json:"url"`
	Tokens []uint32 `json:"tokens"`
}

type set struct {
	Root           string  `json:"root"`
	Lang           string  `json:"lang"`
	Vocab          int     `json:"vocab"`
	BOS            int     `json:"bos"`
	EOS            int     `json:"eos"`
	ValidFraction  float64 `json:"valid_fraction"`
	MaxShardTokens int64   `json:"max_shard_tokens"`
	Docs           []doc   `json:"docs"`
}

type merge struct {
	Prefix string   `json:"prefix"`
	Parts  []string `json:"parts"`
	Docs   []doc    `json:"docs"` // in merged order
}

func main() {
	if len(os.Args) != 2 {
		log.Fatal("usage: gen OUTDIR")
	}
	out := os.Args[1]
	rng := rand.New(rand.NewPCG(2026, 8))
	docs := func(n, vocab int) []doc {
		ds := make([]doc, n)
		for i := range ds {
			toks := make([]uint32, rng.IntN(120))
			for j := range toks {
				toks[j] = uint32(3 + rng.IntN(vocab-3))
			}
			ds[i] = doc{URL: fmt.Sprintf("https://site%d.example/page/%d?q=%d", i%17, i, rng.IntN(1000)), Tokens: toks}
		}
		return ds
	}
	sets := []set{
		{Root: "shards32k", Lang: "en", Vocab: 32000, BOS: 1, EOS: 2, ValidFraction: 0.1, MaxShardTokens: 3000, Docs: docs(400, 32000)},
		{Root: "shards128k", Lang: "de", Vocab: 128256, BOS: 128000, EOS: 128001, ValidFraction: 0.05, MaxShardTokens: 5000, Docs: docs(200, 128256)},
		{Root: "bosonly", Lang: "fr", Vocab: 50257, BOS: 50256, EOS: -1, ValidFraction: 0.5, MaxShardTokens: 100000, Docs: docs(60, 50257)},
	}
	for _, s := range sets {
		cfg := shards.DefaultConfig(s.Vocab)
		cfg.Framing = shards.Framing{BOS: s.BOS, EOS: s.EOS}
		cfg.ValidFraction = s.ValidFraction
		cfg.MaxShardTokens = s.MaxShardTokens
		w, err := shards.NewSet(filepath.Join(out, s.Root), s.Lang, cfg)
		if err != nil {
			log.Fatal(err)
		}
		for _, d := range s.Docs {
			if err := w.Add(d.URL, d.Tokens); err != nil {
				log.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			log.Fatal(err)
		}
	}

	m := merge{Prefix: "merged"}
	all := docs(90, 32000)
	for i, cut := range [][2]int{{0, 40}, {40, 41}, {41, 90}} {
		part := fmt.Sprintf("part%d", i)
		w, err := shards.CreateMegatron(filepath.Join(out, part), shards.Uint16)
		if err != nil {
			log.Fatal(err)
		}
		for _, d := range all[cut[0]:cut[1]] {
			if err := w.Add(d.Tokens); err != nil {
				log.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			log.Fatal(err)
		}
		m.Parts = append(m.Parts, part)
	}
	m.Docs = all
	parts := make([]string, len(m.Parts))
	for i, p := range m.Parts {
		parts[i] = filepath.Join(out, p)
	}
	if err := shards.MergeMegatron(filepath.Join(out, m.Prefix), shards.Uint16, parts...); err != nil {
		log.Fatal(err)
	}

	f, err := os.Create(filepath.Join(out, "manifest.json"))
	if err != nil {
		log.Fatal(err)
	}
	enc := json.NewEncoder(f)
	if err := enc.Encode(map[string]any{"sets": sets, "merge": m}); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}
