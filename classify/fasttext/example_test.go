package fasttext_test

import (
	"bytes"
	"fmt"
	"log"
	"strings"

	"github.com/ccnet-go/ccnet/classify/fasttext"
)

func Example() {
	// fastText's labelled format: labels, then the text, one example a line.
	var data strings.Builder
	for i := range 200 {
		if i%2 == 0 {
			data.WriteString("__label__wiki the treaty was signed in 1648 by the delegations\n")
		} else {
			data.WriteString("__label__cc buy cheap shoes online free shipping click here\n")
		}
	}
	a := fasttext.DefaultArgs()
	a.Thread = 1 // reproducible
	m, err := fasttext.Train(strings.NewReader(data.String()), int64(data.Len()), a)
	if err != nil {
		log.Fatal(err)
	}
	// Save writes fastText's .bin format: `fasttext predict-prob` reads it.
	var file bytes.Buffer
	if err := m.Save(&file); err != nil {
		log.Fatal(err)
	}
	m, err = fasttext.Load(&file)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m.Labels()) // by count; ties in std::sort order, as fastText has them
	// wiki_prob of a cc_net document's raw_content, as RedPajama computed it.
	p := m.WikiProb("The treaty\nwas signed by the delegations.\n")
	fmt.Println(p >= fasttext.DefaultWikiThreshold)
	top := m.Predict("free shipping on cheap shoes", 1, 0)
	fmt.Println(top[0].Label)
	// Output:
	// [__label__cc __label__wiki]
	// true
	// __label__cc
}
