package extract

import (
	"bytes"

	"golang.org/x/net/html"
)

const (
	elBlock    uint16 = 1 << iota // ends the current line at start and end tag
	elSpace                       // separates words (a space) at start and end tag
	elPre                         // newlines inside break lines (<pre>, <listing>)
	elRawSkip                     // raw-text element whose content is discarded
	elRawTitle                    // <title>: raw text goes to Result.Title
	elRawPre                      // <xmp>, <plaintext>: raw text shown preformatted
	elSkip                        // element whose whole subtree is discarded
	elForeign                     // <svg>, <math>: HTML breakout tags end the skip
	elBreakout                    // HTML tags that break out of foreign content

	elRaw = elRawSkip | elRawTitle | elRawPre
)

type elem struct {
	flags uint16
	name  string
}

// blockElements end the current line (at their start and end tag).
var blockElements = []string{
	"address", "article", "aside", "blockquote", "body", "br", "caption", "center",
	"dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption",
	"figure", "footer", "form", "frameset", "h1", "h2", "h3", "h4", "h5", "h6",
	"head", "header", "hgroup", "hr", "html", "legend", "li", "listing", "main",
	"menu", "nav", "ol", "optgroup", "option", "p", "plaintext", "pre", "search",
	"section", "summary", "table", "tbody", "tfoot", "thead", "title", "tr", "ul", "xmp",
}

// spaceElements separate words but do not end the line: table cells (a table
// row becomes one line, cells separated by a space), form controls, images.
var spaceElements = []string{
	"td", "th", "img", "input", "button", "label", "select", "textarea", "iframe",
	"embed", "object", "applet", "video", "audio", "canvas", "svg", "math",
}

var elems = func() map[string]elem {
	m := map[string]elem{}
	add := func(flags uint16, names ...string) {
		for _, n := range names {
			e := m[n]
			e.flags |= flags
			e.name = n
			m[n] = e
		}
	}
	add(elBlock, blockElements...)
	add(elSpace, spaceElements...)
	add(elPre, "pre", "listing")
	add(elRawSkip, "script", "style", "noscript", "iframe", "noembed", "noframes", "textarea")
	add(elRawTitle, "title")
	add(elRawPre, "xmp", "plaintext")
	add(elSkip, "template", "svg", "math", "object", "applet", "video", "audio", "canvas", "datalist", "rp")
	add(elForeign, "svg", "math")
	add(elBreakout, "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div",
		"dl", "dt", "em", "embed", "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i",
		"img", "li", "listing", "menu", "meta", "nobr", "ol", "p", "pre", "ruby", "s",
		"small", "span", "strong", "strike", "sub", "sup", "table", "tt", "u", "ul", "var")
	add(0, "foreignobject")
	return m
}()

// extractHTML walks the token stream of a UTF-8 HTML document (no DOM).
// Memory is linear in the input: the walker keeps counters, not a stack.
func extractHTML(res *Result, text []byte, xhtml bool, maxLine int) {
	lb := lineBuilder{max: maxLine, buf: make([]byte, 0, len(text)/4+64)}
	z := html.NewTokenizer(bytes.NewReader(text))
	var (
		title        string
		haveTitle    bool
		pendingRaw   uint16 // raw-text kind expected as the next token
		preDepth     int
		skipTag      string // element whose subtree is being skipped
		skipDepth    int    // nesting of skipTag inside itself
		skipForeign  bool
		foreignDepth int // <foreignObject> nesting inside a skipped <svg>
		nameBuf      [16]byte
	)
	for {
		tt := z.Next()
		if pendingRaw != 0 {
			k := pendingRaw
			pendingRaw = 0
			if tt == html.TextToken {
				if skipDepth == 0 {
					switch k {
					case elRawTitle:
						if !haveTitle {
							title = collapse(z.Text(), maxLine)
							haveTitle = title != ""
						}
					case elRawPre:
						lb.text(z.Text(), true)
					}
				}
				continue
			}
		}
		switch tt {
		case html.ErrorToken:
			res.Title = title
			res.Lines = lb.finish()
			res.LinesDropped = lb.dropped
			return
		case html.TextToken:
			if skipDepth == 0 {
				lb.text(z.Text(), preDepth > 0)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			e, ok := lookupElem(z.Raw(), &nameBuf)
			if !ok {
				continue
			}
			self := tt == html.SelfClosingTagToken
			if e.flags&elRaw != 0 {
				if self && xhtml {
					z.NextIsNotRawText()
				} else {
					pendingRaw = e.flags & elRaw
				}
			}
			if skipDepth > 0 {
				switch {
				case e.name == skipTag:
					if !self {
						skipDepth++
					}
					continue
				case skipForeign && e.name == "foreignobject":
					if !self {
						foreignDepth++
					}
					continue
				case skipForeign && foreignDepth == 0 && e.flags&elBreakout != 0:
					skipDepth = 0 // HTML content ends <svg>/<math>, as in browsers
				default:
					continue
				}
			}
			if e.flags&elSkip != 0 {
				lb.space = true
				if !self {
					skipTag, skipDepth = e.name, 1
					skipForeign, foreignDepth = e.flags&elForeign != 0, 0
				}
				continue
			}
			if e.flags&elBlock != 0 {
				lb.endLine()
			} else if e.flags&elSpace != 0 {
				lb.space = true
			}
			if e.flags&elPre != 0 && !self {
				preDepth++
			}
		case html.EndTagToken:
			e, ok := lookupElem(z.Raw(), &nameBuf)
			if !ok {
				continue
			}
			if skipDepth > 0 {
				switch {
				case e.name == skipTag:
					if skipDepth--; skipDepth == 0 {
						lb.space = true
					}
					continue
				case skipForeign && e.name == "foreignobject":
					if foreignDepth > 0 {
						foreignDepth--
					}
					continue
				case e.name == "body" || e.name == "html":
					skipDepth = 0 // an unclosed skipped element ends with the body
				case skipForeign && foreignDepth == 0 && (e.name == "p" || e.name == "br"):
					skipDepth = 0
				default:
					continue
				}
			}
			if e.flags&elBlock != 0 {
				lb.endLine()
			} else if e.flags&elSpace != 0 {
				lb.space = true
			}
			if e.flags&elPre != 0 && preDepth > 0 {
				preDepth--
			}
		}
	}
}

// lookupElem finds the table entry for the tag whose raw bytes ("<DIV a=b>",
// "</p>") are given, lowercasing the name into buf. It avoids
// Tokenizer.TagName, which allocates a copy of every name.
func lookupElem(raw []byte, buf *[16]byte) (elem, bool) {
	i := 1
	if i < len(raw) && raw[i] == '/' {
		i++
	}
	n := 0
	for ; i < len(raw); i++ {
		c := raw[i]
		if c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '/' || c == '>' {
			break
		}
		if n == len(buf) {
			return elem{}, false // longer than any name in the table
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[n] = c
		n++
	}
	e, ok := elems[string(buf[:n])]
	return e, ok
}
