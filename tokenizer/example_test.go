package tokenizer_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/ccnet-go/ccnet/tokenizer"
)

func ExampleTrain() {
	text := strings.Repeat("the cat sat on the mat\nthe dog sat on the log\n", 50)
	o := tokenizer.DefaultTrainOptions() // LLaMA's settings
	o.VocabSize = 300                    // 3 meta pieces + 256 bytes + 41 more
	m, err := tokenizer.Train(context.Background(), strings.NewReader(text), o)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m.VocabSize(), m.EncodePieces("the cat sat 42"))
	// Digits not seen in training fall back to bytes.
	// Output: 300 [▁the ▁cat ▁sat ▁ <0x34> <0x32>]
}

func ExampleModel_Encode() {
	text := strings.Repeat("hello world\n", 20)
	o := tokenizer.DefaultTrainOptions()
	o.VocabSize = 280
	m, err := tokenizer.Train(context.Background(), strings.NewReader(text), o)
	if err != nil {
		log.Fatal(err)
	}
	// Save and load back, as a run would with --tokenizer.
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		log.Fatal(err)
	}
	m, err = tokenizer.Parse(buf.Bytes())
	if err != nil {
		log.Fatal(err)
	}
	ids := append([]int{m.BosID()}, m.Encode("hello wörld")...)
	ids = append(ids, m.EosID())
	fmt.Println(m.EncodePieces("hello wörld"))
	fmt.Printf("%q\n", m.Decode(ids))
	// Output:
	// [▁hello ▁w <0xC3> <0xB6> r ld]
	// "hello wörld"
}
