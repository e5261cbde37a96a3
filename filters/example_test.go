package filters_test

import (
	"fmt"
	"strings"

	"github.com/ccnet-go/ccnet/document"
	"github.com/ccnet-go/ccnet/filters"
)

func ExampleFilter_Apply() {
	// C4 as TFDS cleaned c4/en, without bad words or Gopher rules.
	c4 := filters.DefaultC4(filters.C4TFDS)
	f, err := filters.New(filters.Config{Languages: map[string]filters.LangRules{"en": {C4: &c4}}}, nil)
	if err != nil {
		panic(err)
	}
	text := strings.Join([]string{
		"Home | About | Contact",
		"The old mill stands by the river.[1] It was built in 1820.",
		"Please enable JavaScript to view the comments.",
		"Visitors can walk along the water and see the wheel turn.",
	}, "\n")
	doc := document.Document{Language: "en", RawContent: text, NLines: 4, Length: int64(len(text))}
	out := f.Apply(&doc)
	fmt.Println(out.Kept, doc.NLines, doc.LineIDs)
	fmt.Println(doc.RawContent)
	for i, r := range filters.LineReasons {
		if out.LinesRemoved[i] > 0 {
			fmt.Println(r.Name, out.LinesRemoved[i])
		}
	}

	zh := document.Document{Language: "zh", RawContent: "你好"}
	fmt.Println(f.Apply(&zh).NotConfigured)
	// Output:
	// true 2 [1 3]
	// The old mill stands by the river. It was built in 1820.
	// Visitors can walk along the water and see the wheel turn.
	// c4-line-no-end-mark 1
	// c4-line-javascript 1
	// true
}

func ExampleDatatroveWords() {
	// The split spaCy's English tokenizer gives, as datatrove uses it.
	fmt.Printf("%q\n", filters.DatatroveWords("Mr. Smith's dog didn't bark (at 5pm). U.S. e.g. www.example.com/x."))
	// Output:
	// ["Mr." "Smith" "'s" "dog" "did" "n't" "bark" "(" "at" "5" "pm" ")" "." "U.S." "e.g." "www.example.com/x" "."]
}
