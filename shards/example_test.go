package shards_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/ccnet-go/ccnet/shards"
)

// A shard set for English: each document goes to train or valid by its
// URL, framed as BOS + tokens + EOS, in both formats.
func ExampleSet() {
	root, err := os.MkdirTemp("", "shards")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(root)

	cfg := shards.DefaultConfig(32000) // LLaMA's vocabulary: uint16 tokens
	cfg.ValidFraction = 0              // keep this example's output fixed
	set, err := shards.NewSet(root, "en", cfg)
	if err != nil {
		log.Fatal(err)
	}
	docs := map[string][]uint32{
		"https://example.com/a": {450, 4996, 17354},
		"https://example.com/b": {15043, 3186},
	}
	for _, url := range []string{"https://example.com/a", "https://example.com/b"} { // a fixed order
		if err := set.Add(url, docs[url]); err != nil {
			log.Fatal(err)
		}
	}
	if err := set.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", set.Counts(shards.Train))

	for _, path := range []string{
		shards.MegatronPrefix(root, "en", shards.Train, 0) + ".bin",
		shards.LLMCPath(root, "en", shards.Train, 0),
	} {
		info, err := shards.Inspect(path, cfg.Framing)
		if err != nil {
			log.Fatal(err)
		}
		rel, _ := filepath.Rel(root, info.Bin)
		fmt.Println(filepath.ToSlash(rel), info.Format, info.Documents, "documents", info.Tokens, "tokens")
	}
	first, err := shards.ReadDocuments(shards.LLMCPath(root, "en", shards.Train, 0), cfg.Framing, 1)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(first)
	// Output:
	// {Shards:1 Documents:2 Tokens:9}
	// megatron/en/train_0000.bin megatron 2 documents 9 tokens
	// llmc/en/train_0000.bin llmc 2 documents 9 tokens
	// [[1 450 4996 17354 2]]
}

// Parts written in parallel are merged in a fixed order, as Megatron's
// IndexedDatasetBuilder.add_index does.
func ExampleMergeMegatron() {
	dir, err := os.MkdirTemp("", "merge")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	var parts []string
	for i, doc := range [][]uint32{{1, 7, 2}, {1, 8, 9, 2}} {
		part := filepath.Join(dir, fmt.Sprintf("part%d", i))
		w, err := shards.CreateMegatron(part, shards.Uint16)
		if err != nil {
			log.Fatal(err)
		}
		if err := w.Add(doc); err != nil {
			log.Fatal(err)
		}
		if err := w.Close(); err != nil {
			log.Fatal(err)
		}
		parts = append(parts, part)
	}
	out := filepath.Join(dir, "train_0000")
	if err := shards.MergeMegatron(out, shards.Uint16, parts...); err != nil {
		log.Fatal(err)
	}
	r, err := shards.OpenMegatron(out)
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	for d := range r.Documents() {
		doc, _ := r.AppendDocument(nil, d)
		fmt.Println(d, doc, r.SequencePointer(d))
	}
	// Output:
	// 0 [1 7 2] 0
	// 1 [1 8 9 2] 6
}
