package sample

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

type blockKind int

const (
	paragraph blockKind = iota
	heading
	list
	table
)

type block struct {
	kind  blockKind
	lines []string   // paragraph lines, list items, or the heading
	rows  [][]string // table rows, the first is the header
}

// parseBody splits a page body into blocks (see the markup in pages.go).
func parseBody(body string) []block {
	body = strings.TrimSpace(body)
	if body == "" {
		return nil
	}
	var out []block
	for _, chunk := range strings.Split(body, "\n\n") {
		lines := strings.Split(strings.TrimSpace(chunk), "\n")
		switch {
		case strings.HasPrefix(chunk, "## "):
			out = append(out, block{kind: heading, lines: []string{strings.TrimPrefix(chunk, "## ")}})
		case allPrefixed(lines, "- "):
			b := block{kind: list}
			for _, l := range lines {
				b.lines = append(b.lines, strings.TrimPrefix(l, "- "))
			}
			out = append(out, b)
		case allPrefixed(lines, "| "):
			b := block{kind: table}
			for _, l := range lines {
				b.rows = append(b.rows, strings.Split(strings.Trim(l, "| "), " | "))
			}
			out = append(out, b)
		default:
			out = append(out, block{kind: paragraph, lines: lines})
		}
	}
	return out
}

func allPrefixed(lines []string, prefix string) bool {
	for _, l := range lines {
		if !strings.HasPrefix(l, prefix) {
			return false
		}
	}
	return true
}

// entityNames are the named references used when a page is written with
// Entities; other non-ASCII characters become decimal references.
var entityNames = map[rune]string{
	'à': "agrave", 'â': "acirc", 'ç': "ccedil", 'è': "egrave", 'é': "eacute",
	'ê': "ecirc", 'ë': "euml", 'î': "icirc", 'ï': "iuml", 'ô': "ocirc",
	'ù': "ugrave", 'û': "ucirc", 'É': "Eacute", '«': "laquo", '»': "raquo",
	'·': "middot", '©': "copy", '’': "rsquo", '–': "ndash", '°': "deg",
}

// escapeRune writes r as HTML text.
func escapeRune(b *strings.Builder, r rune, entities bool) {
	switch {
	case r == '&':
		b.WriteString("&amp;")
	case r == '<':
		b.WriteString("&lt;")
	case r == '>':
		b.WriteString("&gt;")
	case r == '©':
		b.WriteString("&copy;")
	case entities && r >= 0x80:
		if name, ok := entityNames[r]; ok {
			b.WriteString("&" + name + ";")
		} else {
			fmt.Fprintf(b, "&#%d;", r)
		}
	default:
		b.WriteRune(r)
	}
}

func escapeText(s string, entities bool) string {
	var b strings.Builder
	for _, r := range s {
		escapeRune(&b, r, entities)
	}
	return b.String()
}

func escapeAttr(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// inline renders the inline markup of s: as HTML if html is set, else as
// plain text.
func inline(s string, html, entities bool) string {
	var b strings.Builder
	em, strong := false, false
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "**"):
			if html {
				b.WriteString(tag("strong", strong))
			}
			strong = !strong
			i += 2
			continue
		case s[i] == '*':
			if html {
				b.WriteString(tag("em", em))
			}
			em = !em
			i++
			continue
		case s[i] == '[':
			if j := strings.Index(s[i:], "]("); j > 0 {
				if k := strings.IndexByte(s[i+j:], ')'); k > 0 {
					text, href := s[i+1:i+j], s[i+j+2:i+j+k]
					if html {
						fmt.Fprintf(&b, `<a href="%s">%s</a>`, escapeAttr(href), escapeText(text, entities))
					} else {
						b.WriteString(text)
					}
					i += j + k + 1
					continue
				}
			}
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if html {
			escapeRune(&b, r, entities)
		} else {
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

// tag is the opening tag of name, or its closing tag if it is open.
func tag(name string, open bool) string {
	if open {
		return "</" + name + ">"
	}
	return "<" + name + ">"
}

func plain(s string) string { return inline(s, false, false) }

// pageTitle is the content of the page's <title> element.
func pageTitle(p Page) string {
	return p.Title + " | " + SiteOf(p).Name
}

// Text returns the visible text of p as a WET conversion record holds it:
// the <title> on the first line, then one line per block-level element of
// the body (cookie banner, site name, tagline, menu items, heading, share
// line, paragraph lines split at <br>, list items, table rows with their
// cells joined by a space, footer), each line ending in "\n". Script, style,
// noscript, comments and attributes contribute nothing.
func Text(p Page) string {
	if p.Title == "" && p.Body == "" {
		return ""
	}
	s := SiteOf(p)
	lines := []string{pageTitle(p)}
	if !p.Short {
		lines = append(lines, s.Cookie...)
		lines = append(lines, s.Name, s.Tagline)
		for _, n := range s.Nav {
			lines = append(lines, plain(n))
		}
	}
	lines = append(lines, p.Title)
	if s.Share != "" && !p.Short {
		lines = append(lines, s.Share)
	}
	for _, b := range parseBody(p.Body) {
		switch b.kind {
		case table:
			for _, row := range b.rows {
				lines = append(lines, plain(strings.Join(row, " ")))
			}
		default:
			for _, l := range b.lines {
				lines = append(lines, plain(l))
			}
		}
	}
	if !p.Short {
		if s.Share != "" {
			lines = append(lines, s.Share)
		}
		for _, f := range s.Footer {
			lines = append(lines, plain(f))
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

// description is the first sentence of the first paragraph, for the
// <meta name="description"> tag.
func description(p Page) string {
	for _, b := range parseBody(p.Body) {
		if b.kind != paragraph {
			continue
		}
		t := plain(b.lines[0])
		for _, end := range []string{". ", "。", "! "} {
			if i := strings.Index(t, end); i > 0 {
				return strings.TrimSpace(t[:i+len(end)])
			}
		}
		return t
	}
	return p.Title
}

// jsString quotes s as a JavaScript/JSON string literal with only ASCII
// characters, so that script blocks survive any charset.
func jsString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '<' || r == '>' || r == '&' || r < 0x20 || r >= 0x7f:
			if r > 0xffff {
				r -= 0x10000
				fmt.Fprintf(&b, `\u%04x\u%04x`, 0xd800+(r>>10), 0xdc00+(r&0x3ff))
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// charsetLabel is the name of the page's charset as declared.
func charsetLabel(p Page) string {
	if p.Charset == "" {
		return "utf-8"
	}
	return p.Charset
}

// trackingID is a made-up analytics property per site.
func trackingID(s Site) string {
	n := 0
	for _, r := range s.Key {
		n = n*31 + int(r)
	}
	return fmt.Sprintf("UA-%d-%d", 4821000+n%997, len(s.Key))
}

// HTML returns the page as its site serves it, as a UTF-8 string; the
// generator encodes it into the page's charset.
func HTML(p Page) string {
	s := SiteOf(p)
	ent := p.Entities
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }

	w("<!DOCTYPE html>\n")
	if p.Lang == "ar" {
		w("<html lang=\"%s\" dir=\"rtl\">\n", p.Lang)
	} else {
		w("<html lang=\"%s\">\n", p.Lang)
	}
	w("<head>\n")
	switch p.Declare {
	case DeclareBoth, DeclareMeta:
		w("<meta charset=\"%s\">\n", strings.ToLower(charsetLabel(p)))
	case DeclareHTTPEquiv:
		w("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=%s\">\n", charsetLabel(p))
	}
	w("<title>%s</title>\n", escapeText(pageTitle(p), ent))
	w("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	w("<meta name=\"description\" content=\"%s\">\n", escapeAttr(escapeText(description(p), ent)))
	w("<link rel=\"stylesheet\" href=\"/static/site.css\">\n")
	w("<link rel=\"icon\" href=\"/favicon.ico\">\n")
	w(`<style>
body { font-family: Georgia, "Times New Roman", serif; margin: 0; color: #222; }
header, main, footer { max-width: 46em; margin: 0 auto; padding: 0 1em; }
.site-name a { color: %s; font-weight: bold; text-decoration: none; }
nav ul { list-style: none; display: flex; gap: 1.2em; padding: 0; }
.cookie { position: fixed; bottom: 0; left: 0; right: 0; background: #333; color: #fff; padding: .8em; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: .3em .6em; }
</style>
`, s.Accent)
	w(`<script>
var trackingId = "%s";
var promo = "Subscribe to our newsletter and never miss a post";
window.dataLayer = window.dataLayer || [];
function loadAds() {
  var s = document.createElement("script");
  s.src = "https://ads.adnetwork.example/tag.js?id=" + trackingId;
  s.async = true;
  document.head.appendChild(s);
  window.dataLayer.push({event: "page_view", page: location.pathname});
}
window.addEventListener("load", loadAds);
</script>
`, trackingID(s))
	w("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"Article\",\"headline\":%s,\"inLanguage\":%s,\"publisher\":{\"@type\":\"Organization\",\"name\":%s}}</script>\n",
		jsString(p.Title), jsString(p.Lang), jsString(s.Name))
	w("</head>\n")
	w("<body class=\"site-%s\">\n", s.Key)
	w("<!-- page rendered by TinyCMS 4.2 in 38 ms -->\n")
	if !p.Short {
		w("<div id=\"cookie-banner\" class=\"cookie\">\n<p>%s</p>\n<p class=\"cookie-actions\">", escapeText(s.Cookie[0], ent))
		for i, label := range strings.Split(s.Cookie[1], " · ") {
			if i > 0 {
				w(" %s ", escapeText("·", ent))
			}
			if i == 0 {
				w("<button id=\"cookie-accept\">%s</button>", escapeText(label, ent))
			} else {
				w("<button>%s</button>", escapeText(label, ent))
			}
		}
		w("</p>\n</div>\n")
		w("<header>\n<p class=\"site-name\"><a href=\"/\">%s</a></p>\n", escapeText(s.Name, ent))
		w("<p class=\"tagline\">%s</p>\n<nav>\n<ul>\n", escapeText(s.Tagline, ent))
		for _, n := range s.Nav {
			w("<li>%s</li>\n", inline(n, true, ent))
		}
		w("</ul>\n</nav>\n</header>\n")
	}
	w("<main>\n<article>\n<h1>%s</h1>\n", escapeText(p.Title, ent))
	if s.Share != "" && !p.Short {
		w("<p class=\"share\">%s</p>\n", escapeText(s.Share, ent))
	}
	for _, bl := range parseBody(p.Body) {
		switch bl.kind {
		case heading:
			w("<h2>%s</h2>\n", inline(bl.lines[0], true, ent))
		case list:
			w("<ul>\n")
			for _, item := range bl.lines {
				w("<li>%s</li>\n", inline(item, true, ent))
			}
			w("</ul>\n")
		case table:
			w("<table>\n<thead>\n<tr>")
			for _, c := range bl.rows[0] {
				w("<th>%s</th>", inline(c, true, ent))
			}
			w("</tr>\n</thead>\n<tbody>\n")
			for _, row := range bl.rows[1:] {
				w("<tr>")
				for _, c := range row {
					w("<td>%s</td>", inline(c, true, ent))
				}
				w("</tr>\n")
			}
			w("</tbody>\n</table>\n")
		default:
			parts := make([]string, len(bl.lines))
			for i, l := range bl.lines {
				parts[i] = inline(l, true, ent)
			}
			w("<p>%s</p>\n", strings.Join(parts, "<br>\n"))
		}
	}
	if s.Share != "" && !p.Short {
		w("<p class=\"share\">%s</p>\n", escapeText(s.Share, ent))
	}
	w("</article>\n</main>\n")
	if !p.Short {
		w("<footer>\n")
		for _, f := range s.Footer {
			w("<p>%s</p>\n", inline(f, true, ent))
		}
		w("</footer>\n")
	}
	w("<noscript><p>JavaScript is switched off: some features of this page will not work.</p><img src=\"https://stats.adnetwork.example/pixel.gif?id=%s\" alt=\"\" width=\"1\" height=\"1\"></noscript>\n", trackingID(s))
	w(`<script>
(function () {
  var banner = document.getElementById("cookie-banner");
  if (!banner) { return; }
  if (document.cookie.indexOf("consent=yes") >= 0) { banner.hidden = true; }
  document.getElementById("cookie-accept").addEventListener("click", function () {
    document.cookie = "consent=yes; max-age=31536000; path=/";
    banner.hidden = true;
  });
})();
</script>
`)
	w("</body>\n</html>\n")
	return b.String()
}
