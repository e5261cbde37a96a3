package document

import (
	"reflect"
	"testing"
)

func TestBinaryRoundTrip(t *testing.T) {
	docs := []Document{
		{},
		{URL: "http://x/é", RawContent: "a\nb", NLines: 2, Length: 3, File: "f", Offset: 1 << 40},
		{URL: "u", HasDedup: true, OriginalNLines: 5, OriginalLength: 99, LineIDs: []int{0, 3, 70000},
			Language: "fr", LanguageScore: 0.93, HasPerplexity: true, Perplexity: 341.2, Bucket: "head", Length: -1},
		{HasDedup: true, LineIDs: []int{}},
		{HasWikiProb: true, WikiProb: 0.25, Signals: []Signal{{"a", 1}, {"b", -0.5}}},
		{Signals: []Signal{}},
	}
	var buf []byte
	for i := range docs {
		buf = AppendBinary(buf, &docs[i])
	}
	rest := buf
	for i := range docs {
		var d Document
		var err error
		d, rest, err = ParseBinary(rest)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(d, docs[i]) {
			t.Errorf("doc %d: got %+v, want %+v", i, d, docs[i])
		}
	}
	if len(rest) != 0 {
		t.Errorf("%d bytes left", len(rest))
	}
	for n := 0; n < len(buf); n += 7 {
		ParseBinary(buf[:n]) // must not panic on a cut
	}
}

func FuzzParseBinary(f *testing.F) {
	d := Document{URL: "u", LineIDs: []int{1}, HasDedup: true}
	f.Add(AppendBinary(nil, &d))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, _, err := ParseBinary(b)
		if err == nil {
			again := AppendBinary(nil, &d)
			if _, _, err := ParseBinary(again); err != nil {
				t.Fatal(err)
			}
		}
	})
}
