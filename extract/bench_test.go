package extract

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// syntheticPage builds a deterministic news-like page of about n bytes:
// a head with scripts and styles, navigation lists, paragraphs with inline
// markup and entities, tables, inline SVG icons, comments and a footer.
func syntheticPage(n int) []byte {
	words := strings.Fields(`the river walk bridge water high after week rain path along east bank
		closed west heron kingfisher nest mill wheel weir north loop morning light clouds over
		fields village church bell tower market square bakery coffee bread cheese apples autumn
		leaves wind cold warm sun shadow stone wall gate field farmer tractor road bicycle train`)
	seed := uint32(12345)
	next := func() int {
		seed = seed*1664525 + 1013904223
		return int(seed >> 8)
	}
	sentence := func(sb *strings.Builder) {
		k := 8 + next()%14
		for i := 0; i < k; i++ {
			if i > 0 {
				sb.WriteByte(' ')
			}
			w := words[next()%len(words)]
			switch next() % 23 {
			case 0:
				fmt.Fprintf(sb, `<a href="/tag/%s">%s</a>`, w, w)
			case 1:
				fmt.Fprintf(sb, "<em>%s</em>", w)
			case 2:
				fmt.Fprintf(sb, "<strong>%s</strong>&nbsp;&amp;", w)
			default:
				sb.WriteString(w)
			}
		}
		sb.WriteString(". ")
	}
	var sb strings.Builder
	sb.WriteString(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Synthetic page &ndash; benchmark</title>`)
	sb.WriteString(`<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="/s.css">`)
	sb.WriteString("<style>body{margin:0;font:16px/1.5 serif}.nav a{color:#333;text-decoration:none}.card{padding:1em;border:1px solid #ddd}</style>\n")
	sb.WriteString(`<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag("js",new Date());gtag("config","UA-000000-1");` +
		strings.Repeat(`var cfg={"section":"news","ids":[1,2,3,4,5,6,7,8],"flags":{"a":true,"b":false}};`, 40) + "</script>\n</head><body>\n")
	sb.WriteString(`<header class="site"><nav class="nav"><ul>`)
	for i := 0; i < 25; i++ {
		fmt.Fprintf(&sb, `<li class="item"><a href="/section/%d" data-id="%d">%s</a></li>`, i, i, words[i%len(words)])
	}
	sb.WriteString("</ul></nav></header>\n<main>")
	for sb.Len() < n {
		sb.WriteString(`<article class="card" id="a` + fmt.Sprint(next()%10000) + `"><h2>`)
		sentence(&sb)
		sb.WriteString("</h2>\n")
		for p := 0; p < 4; p++ {
			sb.WriteString(`<p class="body">`)
			for s := 0; s < 3+next()%4; s++ {
				sentence(&sb)
			}
			sb.WriteString("</p>\n")
		}
		sb.WriteString(`<svg class="icon" width="16" height="16" viewBox="0 0 16 16"><path d="M0 0h16v16H0z M4 4h8v8H4z"/></svg>`)
		sb.WriteString("<!-- ad slot --><div class=\"ad\"><script>loadAd('slot-1', {sizes: [[300, 250], [336, 280]]});</script></div>\n")
		if next()%3 == 0 {
			sb.WriteString("<table><tr><th>Leg</th><th>Distance</th></tr>")
			for r := 0; r < 5; r++ {
				fmt.Fprintf(&sb, "<tr><td>%s to %s</td><td>%d.%d&nbsp;km</td></tr>", words[next()%len(words)], words[next()%len(words)], next()%10, next()%10)
			}
			sb.WriteString("</table>\n")
		}
		sb.WriteString("</article>\n")
	}
	sb.WriteString(`</main><footer><p>&copy; 2024 Synthetic. All rights reserved.</p></footer><script src="/app.js"></script></body></html>`)
	return []byte(sb.String())
}

var benchReal struct {
	once  sync.Once
	pages [][]byte
	bytes int64
	err   error
}

// runBench runs f over the synthetic page (always) and over the real
// trafilatura pages (skipped when the shared data is absent); SetBytes is
// the HTML size so MB/s is comparable across the benchmarks.
func runBench(b *testing.B, f func(page []byte)) {
	b.Run("synthetic", func(b *testing.B) {
		p := syntheticPage(256 << 10)
		b.SetBytes(int64(len(p)))
		b.ReportAllocs()
		for b.Loop() {
			f(p)
		}
	})
	b.Run("real", func(b *testing.B) {
		benchReal.once.Do(func() {
			pages, err := readRealPages()
			benchReal.err = err
			for _, p := range pages {
				benchReal.pages = append(benchReal.pages, []byte(p.HTML))
				benchReal.bytes += int64(len(p.HTML))
			}
		})
		if errors.Is(benchReal.err, fs.ErrNotExist) {
			b.Skipf("shared data absent: %v", benchReal.err)
		}
		if benchReal.err != nil {
			b.Fatal(benchReal.err)
		}
		b.SetBytes(benchReal.bytes)
		b.ReportAllocs()
		for b.Loop() {
			for _, p := range benchReal.pages {
				f(p)
			}
		}
	})
}

// BenchmarkHTML: the full extraction (charset, tokenizer walk, lines).
func BenchmarkHTML(b *testing.B) {
	runBench(b, func(p []byte) {
		if _, err := HTML(p, "text/html; charset=utf-8", Options{}); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkTokenizerOnly: baseline, html.Tokenizer.Next over the same bytes.
func BenchmarkTokenizerOnly(b *testing.B) {
	runBench(b, func(p []byte) {
		z := html.NewTokenizer(bytes.NewReader(p))
		for z.Next() != html.ErrorToken {
		}
	})
}

// BenchmarkGoquery: baseline, goquery parse plus a naive text walk that
// skips script/style and breaks lines at <p>, <div>, <br>, <li>.
func BenchmarkGoquery(b *testing.B) {
	runBench(b, func(p []byte) {
		doc, err := goquery.NewDocumentFromReader(bytes.NewReader(p))
		if err != nil {
			b.Fatal(err)
		}
		var sb strings.Builder
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			switch n.Type {
			case html.TextNode:
				sb.WriteString(n.Data)
				return
			case html.ElementNode:
				switch n.Data {
				case "script", "style", "noscript", "template", "svg":
					return
				case "p", "div", "br", "li":
					sb.WriteByte('\n')
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		for _, n := range doc.Nodes {
			walk(n)
		}
		_ = strings.Fields(sb.String())
	})
}

// BenchmarkResponse: HTTP parsing plus gzip decoding plus extraction of the
// synthetic page; SetBytes counts the decoded HTML.
func BenchmarkResponse(b *testing.B) {
	p := syntheticPage(256 << 10)
	blk := block("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\n\r\n", gz(p))
	b.SetBytes(int64(len(p)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Response(blk, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestSyntheticPage(t *testing.T) {
	p := syntheticPage(64 << 10)
	r, err := HTML(p, "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Title != "Synthetic page – benchmark" || len(r.Lines) < 50 {
		t.Fatalf("title %q, %d lines", r.Title, len(r.Lines))
	}
	for _, l := range r.Lines {
		if strings.Contains(l, "dataLayer") || strings.Contains(l, "loadAd") || strings.Contains(l, "font:") {
			t.Fatalf("script/style leaked: %q", l)
		}
	}
}
