package document

import (
	"math"
	"testing"
)

// Expected strings below are what CPython 3.11's repr / json.dumps(...,
// ensure_ascii=False) / urllib.parse.urlparse print for the same values.

var point1, point2 = 0.1, 0.2

func TestAppendPyFloat(t *testing.T) {
	cases := []struct {
		in   float64
		want string
	}{
		{0, "0.0"}, {1, "1.0"}, {-1, "-1.0"}, {0.5, "0.5"}, {0.1, "0.1"},
		{1e-4, "0.0001"}, {1e-5, "1e-05"}, {1.5e-5, "1.5e-05"}, {123.45, "123.45"},
		{1e15, "1000000000000000.0"}, {1e16, "1e+16"}, {1.23e16, "1.23e+16"},
		{2.5e-7, "2.5e-07"}, {0.99, "0.99"}, {340.2, "340.2"}, {1e22, "1e+22"},
		{math.Copysign(0, -1), "-0.0"}, {12345678901234567, "1.2345678901234568e+16"},
		{point1 + point2, "0.30000000000000004"}, {math.Inf(1), "Infinity"}, {math.NaN(), "NaN"},
	}
	for _, c := range cases {
		if got := string(AppendPyFloat(nil, c.in)); got != c.want {
			t.Errorf("AppendPyFloat(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestAppendPyString(t *testing.T) {
	in := "é\u2028\x7f\x00\x1f\b\f\n\r\t\"\\/<>&"
	want := `"é` + "\u2028\x7f" + `\u0000\u001f\b\f\n\r\t\"\\/<>&"`
	if got := string(AppendPyString(nil, in)); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := string(AppendPyString(nil, "a\xffb")); got != "\"a\ufffdb\"" {
		t.Errorf("invalid UTF-8: got %q", got)
	}
}

func TestAppendJSONKeyOrder(t *testing.T) {
	d := Document{
		URL: "http://x", DateDownload: "d", Digest: "sha1:X", Length: 3, NLines: 1,
		SourceDomain: "x", Title: "T", RawContent: "a\nb", CCSegment: "s",
		HasDedup: true, OriginalNLines: 2, OriginalLength: 5, LineIDs: []int{0, 4},
		Language: "en", LanguageScore: 0.9, HasPerplexity: true, Perplexity: 340, Bucket: "head",
		HasWikiProb: true, WikiProb: 0.5, Signals: []Signal{{"z_first", 3}, {"a_second", 1e-05}},
	}
	want := `{"url": "http://x", "date_download": "d", "digest": "sha1:X", "length": 3, "nlines": 1, "source_domain": "x", "title": "T", "raw_content": "a\nb", "cc_segment": "s", "original_nlines": 2, "original_length": 5, "line_ids": [0, 4], "language": "en", "language_score": 0.9, "perplexity": 340.0, "bucket": "head", "wiki_prob": 0.5, "quality_signals": {"z_first": 3.0, "a_second": 1e-05}}`
	got := AppendJSON(nil, &d)
	if string(got) != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	back, err := ParseJSON(got)
	if err != nil {
		t.Fatal(err)
	}
	if again := AppendJSON(nil, &back); string(again) != want {
		t.Errorf("round trip changed the line:\n%s", again)
	}
	// A document fresh from the reader has only cc_net's reader keys.
	short := Document{URL: "u", Title: "t"}
	wantShort := `{"url": "u", "date_download": "", "digest": "", "length": 0, "nlines": 0, "source_domain": "", "title": "t", "raw_content": "", "cc_segment": ""}`
	if got := string(AppendJSON(nil, &short)); got != wantShort {
		t.Errorf("got %s", got)
	}
}

func TestNetloc(t *testing.T) {
	cases := map[string]string{
		"http://user:pw@Example.com:8080/p?q#f": "user:pw@Example.com:8080",
		"https://a.b":                           "a.b",
		"http://a.b?x":                          "a.b",
		"//x/y":                                 "x",
		"mailto:x@y":                            "",
		"http:/x":                               "",
		"ht%tp://a/b":                           "",
		"a.b/c":                                 "",
		"HTTP://A/":                             "A",
		"http://a#b/c":                          "a",
	}
	for in, want := range cases {
		if got := Netloc(in); got != want {
			t.Errorf("Netloc(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPyStrip(t *testing.T) {
	if got := PyStrip("\x1c\x1f \u00a0\u3000x y\t\r\n\x1e"); got != "x y" {
		t.Errorf("got %q", got)
	}
}

func BenchmarkAppendJSON(b *testing.B) {
	d := Document{URL: "http://example.com/a", DateDownload: "2019-07-17T12:15:59Z",
		Digest: "sha1:NN3YE52DSOKDB2DHRBVS4J5K223BTTPT", Length: 3804, NLines: 40,
		SourceDomain: "example.com", Title: "A New Home?", CCSegment: "crawl-data/x.warc.wet.gz"}
	for i := 0; i < 40; i++ {
		d.RawContent += "Please join us in discussing your thoughts on our potential new home — «ça va».\n"
	}
	buf := AppendJSON(nil, &d)
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		buf = AppendJSON(buf[:0], &d)
	}
}
