package extract

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func lines(s ...string) []string { return s }

func TestHTMLText(t *testing.T) {
	tests := []struct {
		name  string
		html  string
		title string
		want  []string
	}{
		{"paragraphs and inline", `<p>Hello <b>bold</b> <i>world</i>!</p><p>Second <a href="x">link</a> here.</p>`,
			"", lines("Hello bold world!", "Second link here.")},
		{"inline without spaces glues", `<span>foo</span><span>bar</span>`, "", lines("foobar")},
		{"br", `<p>one<br>two<br/>three</br>four</p>`, "", lines("one", "two", "three", "four")},
		{"div nesting", `<div>a<div>b</div>c</div>`, "", lines("a", "b", "c")},
		{"lists", "<ul>\n <li>one</li>\n <li>two <em>2</em></li>\n</ul><ol><li>three", "", lines("one", "two 2", "three")},
		{"headings and sections", `<header><h1>Head</h1></header><main><article><h2>Sub</h2><section>Body text</section></article></main><footer>Foot</footer>`,
			"", lines("Head", "Sub", "Body text", "Foot")},
		{"table rows are lines, cells spaced", `<table><tr><th>Name</th><th>Age</th></tr><tr><td>Ann</td><td>31</td></tr></table>`,
			"", lines("Name Age", "Ann 31")},
		{"blockquote hr dl", `<blockquote>Quote</blockquote><hr><dl><dt>Term</dt><dd>Def</dd></dl>`, "", lines("Quote", "Term", "Def")},
		{"select options", `<label>Pick</label><select><option>Red</option><option>Blue</option></select>`, "", lines("Pick", "Red", "Blue")},
		{"img and input separate words", `word<img src=x>next<input>last`, "", lines("word next last")},
		{"whitespace collapse", "<p>  a \t\n b\u00a0\u00a0c\u2003d\u3000e  </p>", "", lines("a b c d e")},
		{"nbsp entity", `<p>a&nbsp;&nbsp;&nbsp;b</p>`, "", lines("a b")},
		{"entities", `<p>&amp; &lt;tag&gt; &eacute; &#x263A; &#8364; &quot;q&quot; &copy</p>`, "", lines(`& <tag> é ☺ € "q" ©`)},
		{"control chars are spaces", "<p>a\x00b\x01c\x7fd</p>", "", lines("a b c d")},
		{"pre keeps lines", "<p>x</p><pre>line one\n   line  two\n\n\tline three</pre><p>y</p>", "",
			lines("x", "line one", "line two", "line three", "y")},
		{"pre crlf", "<pre>a\r\nb\rc</pre>", "", lines("a", "b", "c")},
		{"newlines outside pre are spaces", "<p>a\nb\r\nc</p>", "", lines("a b c")},
		{"title", `<html><head><title>  My  &amp;
			Title </title></head><body><p>Body</p></body></html>`, "My & Title", lines("Body")},
		{"first title only", `<title>First</title><p>x</p><title>Second</title>`, "First", lines("x")},
		{"empty title then real", `<title> </title><title>Real</title>`, "Real", nil},
		{"svg title ignored", `<svg><title>Icon</title></svg><title>Page</title><p>x</p>`, "Page", lines("x")},
		{"comments doctype cdata", `<!DOCTYPE html><!-- hidden --><p>a<!-- <p>no</p> -->b</p><![CDATA[cdata]]>`, "", lines("ab")},
		{"script never leaks", `<p>a<script>var s = "<p>LEAK</p>"; if (a < b) {}</script>b</p><script>document.write("</div>LEAK2")</script>`,
			"", lines("ab")},
		{"script with comment escapes", `<script><!-- document.write("<script>x</script>"); --></script><p>after</p>`, "", lines("after")},
		{"style", `<style>p { color: red } /* <p>LEAK</p> */</style><p>ok</p>`, "", lines("ok")},
		{"noscript", `<noscript><p>Please enable JavaScript</p><img src=x></noscript><p>ok</p>`, "", lines("ok")},
		{"template", `<template><p>LEAK <b>x</b></p><template>inner</template>LEAK</template><p>ok</p>`, "", lines("ok")},
		{"iframe textarea noembed noframes", `<iframe>LEAK</iframe><textarea>LEAK <div></textarea><noembed>LEAK</noembed><noframes>LEAK</noframes><p>ok</p>`,
			"", lines("ok")},
		{"svg and math", `<p>a<svg viewBox="0 0 1 1"><text>LEAK</text><g><text>LEAK</text></g></svg>b</p><math><mi>x</mi><annotation>LEAK</annotation></math>`,
			"", lines("a b")},
		{"self-closing svg", `<p>a<svg/>b</p>`, "", lines("a b")},
		{"unclosed svg ends at html content", `<svg><text>LEAK</text><div>Visible</div><p>More</p>`, "", lines("Visible", "More")},
		{"foreignObject keeps svg skipped", `<svg><foreignObject><div>LEAK</div></foreignObject><text>LEAK</text></svg><p>ok</p>`, "", lines("ok")},
		{"object video audio canvas fallback", `<object data=x>LEAK</object><video>Your browser LEAK</video><audio>LEAK</audio><canvas>LEAK</canvas><p>ok</p>`,
			"", lines("ok")},
		{"unclosed skip ends at body end", `<body><object>LEAK</body><p>after</p>`, "", lines("after")},
		{"nested same skip element", `<object><object>LEAK</object>LEAK</object><p>ok</p>`, "", lines("ok")},
		{"xmp shown", `<xmp><b>raw</b></xmp>`, "", lines("<b>raw</b>")},
		{"stray text in head kept", `<head><title>T</title>Stray</head><body>Body</body>`, "T", lines("Stray", "Body")},
		{"uppercase tags", `<P>One<BR>Two</P><SCRIPT>LEAK</SCRIPT><DIV>Three</DIV>`, "", lines("One", "Two", "Three")},
		{"unknown and custom elements inline", `<p>a<my-widget>b</my-widget><foo>c</foo></p>`, "", lines("abc")},
		{"unclosed tags", `<p>one<p>two<div>three`, "", lines("one", "two", "three")},
		{"empty", ``, "", nil},
		{"only whitespace", " \n\t ", "", nil},
		{"not html at all", "just some text", "", lines("just some text")},
		{"unicode line separators are spaces", "<p>a\u2028b\u2029c\u0085d</p>", "", lines("a b c d")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := HTML([]byte(tc.html), "text/html; charset=utf-8", Options{})
			if err != nil {
				t.Fatal(err)
			}
			if r.Title != tc.title {
				t.Errorf("title = %q, want %q", r.Title, tc.title)
			}
			if !reflect.DeepEqual(r.Lines, tc.want) {
				t.Errorf("lines = %q\nwant    %q", r.Lines, tc.want)
			}
			for _, l := range r.Lines {
				if strings.Contains(l, "LEAK") {
					t.Errorf("hidden text leaked: %q", l)
				}
			}
		})
	}
}

func TestXHTMLSelfClosingScript(t *testing.T) {
	page := `<html><head><script src="a.js"/></head><body><p>Visible</p><script>x()</script><p>End</p></body></html>`
	r, err := HTML([]byte(page), "application/xhtml+xml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := lines("Visible", "End"); !reflect.DeepEqual(r.Lines, want) {
		t.Errorf("xhtml lines = %q, want %q", r.Lines, want)
	}
	// As text/html, browsers treat <script/> as an open script: everything up
	// to the next </script> is script text, and so it is here.
	r, err = HTML([]byte(page), "text/html", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := lines("End"); !reflect.DeepEqual(r.Lines, want) {
		t.Errorf("html lines = %q, want %q", r.Lines, want)
	}
}

func TestInvalidUTF8Replaced(t *testing.T) {
	r, err := HTML([]byte("<title>T\xff</title><p>caf\xc3 ok \xe2\x82 end \xed\xa0\x80</p>"), "text/html; charset=utf-8", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Title != "T\uFFFD" {
		t.Errorf("title %q", r.Title)
	}
	want := "caf\uFFFD ok \uFFFD\uFFFD end \uFFFD\uFFFD\uFFFD"
	if len(r.Lines) != 1 || r.Lines[0] != want {
		t.Errorf("lines %q, want %q", r.Lines, want)
	}
}

func TestMaxLineBytes(t *testing.T) {
	page := "<p>short</p><p>" + strings.Repeat("x", 100) + "</p><p>also short</p><pre>" + strings.Repeat("y ", 60) + "\nok</pre>"
	r, err := HTML([]byte(page), "", Options{MaxLineBytes: 50})
	if err != nil {
		t.Fatal(err)
	}
	if want := lines("short", "also short", "ok"); !reflect.DeepEqual(r.Lines, want) {
		t.Errorf("lines = %q, want %q", r.Lines, want)
	}
	if r.LinesDropped != 2 {
		t.Errorf("LinesDropped = %d, want 2", r.LinesDropped)
	}
	// Exactly at the limit is kept.
	r, _ = HTML([]byte("<p>"+strings.Repeat("z", 50)+"</p>"), "", Options{MaxLineBytes: 50})
	if len(r.Lines) != 1 || r.LinesDropped != 0 {
		t.Errorf("line at limit: %d lines, %d dropped", len(r.Lines), r.LinesDropped)
	}
	// The title is truncated on a rune boundary instead.
	r, _ = HTML([]byte("<title>"+strings.Repeat("é", 40)+"</title>"), "", Options{MaxLineBytes: 51})
	if r.Title != strings.Repeat("é", 25) {
		t.Errorf("title = %q", r.Title)
	}
}

func TestPlainText(t *testing.T) {
	body := "  First   line \r\nsecond\tline\rthird\n\n\n \u00a0 \nfourth <b>not markup</b>\n"
	r, err := Body([]byte(body), "text/plain; charset=utf-8", Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := lines("First line", "second line", "third", "fourth <b>not markup</b>")
	if !reflect.DeepEqual(r.Lines, want) {
		t.Errorf("lines = %q, want %q", r.Lines, want)
	}
	if r.Title != "" || r.ContentType != "text/plain" || r.Charset != "utf-8" {
		t.Errorf("result %+v", r)
	}
}

func TestDeepNestingLinear(t *testing.T) {
	// 200k nested elements: no stack, so no blow-up.
	n := 200000
	page := strings.Repeat("<div><span>", n) + "deep" + strings.Repeat("</span></div>", n)
	r, err := HTML([]byte(page), "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r.Lines, lines("deep")) {
		t.Errorf("lines = %q", r.Lines)
	}
	page = strings.Repeat("<svg>", n) + "LEAK" + strings.Repeat("</svg>", n) + "<p>ok</p>"
	r, _ = HTML([]byte(page), "", Options{})
	if !reflect.DeepEqual(r.Lines, lines("ok")) {
		t.Errorf("nested svg lines = %q", r.Lines)
	}
}

func TestOutputAlwaysValidUTF8(t *testing.T) {
	inputs := []string{"\xff\xfe\xfd", "<p>\xc0\xaf</p>", "<title>\xf4\x90\x80\x80</title>", "&#xD800;&#0;&#x110000;"}
	for _, in := range inputs {
		r, _ := HTML([]byte(in), "text/html; charset=utf-8", Options{})
		if !utf8.ValidString(r.Title) {
			t.Errorf("%q: invalid title", in)
		}
		for _, l := range r.Lines {
			if !utf8.ValidString(l) {
				t.Errorf("%q: invalid line %q", in, l)
			}
		}
	}
}
