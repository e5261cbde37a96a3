package sample

import (
	"bytes"
	"crypto/sha1"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/klauspost/compress/gzip"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
)

// File names of the generated sample.
const (
	WARCName = "sample.warc.gz"
	WETName  = "sample.warc.wet.gz"
)

// Fixed times: the WARC crawl starts at crawlStart, the (imaginary) crawl
// the WET file was extracted from at wetStart.
var (
	crawlStart = time.Date(2024, time.March, 4, 6, 0, 0, 0, time.UTC)
	wetStart   = time.Date(2024, time.March, 5, 9, 30, 0, 0, time.UTC)
)

const (
	warcDate = "2006-01-02T15:04:05Z"
	httpDate = "Mon, 02 Jan 2006 15:04:05 GMT"

	userAgent = "ccnet-sample-crawler/1.0 (+https://ccnet-go.example/crawler)"
	isPartOf  = "CCNET-SAMPLE-2024-10"

	revisitProfile = "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest"

	// MalformedURI is the target of the one malformed record of the WARC:
	// its Content-Length is "12O4" (a letter O), not a number.
	MalformedURI = "https://www.alpinetrails.example/it/escursioni/rifugio-chiuso"
	// MalformedSentinel is a string only the malformed record contains.
	MalformedSentinel = "MALFORMED-RECORD-SENTINEL"

	// EmptyWETURI is the target of the WET conversion record with an empty
	// body (a photo gallery with no text).
	EmptyWETURI = "https://www.alpinetrails.example/en/gallery/summer-2023"
)

// recordID derives a stable urn:uuid (a name-based, version 5 style UUID)
// from a record kind and a URI.
func recordID(kind, uri string) string {
	h := sha1.Sum([]byte("ccnet-sample:" + kind + ":" + uri))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("<urn:uuid:%x-%x-%x-%x-%x>", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// digest is the sha1 of b in base32, as WARC digests are written.
func digest(b []byte) string {
	h := sha1.Sum(b)
	return "sha1:" + base32.StdEncoding.EncodeToString(h[:])
}

// hashInt is a small stable number derived from s.
func hashInt(s string, n int) int {
	h := sha1.Sum([]byte(s))
	return int(binary.BigEndian.Uint32(h[:4]) % uint32(n))
}

type field struct{ name, value string }

// record serialises one WARC record: version line, fields, block and the
// CRLF CRLF that ends it.
func record(fields []field, block []byte) []byte {
	var b bytes.Buffer
	b.WriteString("WARC/1.0\r\n")
	for _, f := range fields {
		b.WriteString(f.name + ": " + f.value + "\r\n")
	}
	b.WriteString("\r\n")
	b.Write(block)
	b.WriteString("\r\n\r\n")
	return b.Bytes()
}

// member writes data as one gzip member with a fixed header (no name, zero
// modification time), so that the output is the same on every run.
func member(w io.Writer, data []byte) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(data); err != nil {
		return err
	}
	return zw.Close()
}

func gzipBytes(data []byte) []byte {
	var b bytes.Buffer
	if err := member(&b, data); err != nil {
		panic(err) // writing to a bytes.Buffer does not fail
	}
	return b.Bytes()
}

// chunk frames body with HTTP/1.1 chunked transfer coding.
func chunk(body []byte, size int) []byte {
	var b bytes.Buffer
	for len(body) > 0 {
		n := min(size, len(body))
		fmt.Fprintf(&b, "%x\r\n", n)
		b.Write(body[:n])
		b.WriteString("\r\n")
		body = body[n:]
	}
	b.WriteString("0\r\n\r\n")
	return b.Bytes()
}

// encodeCharset encodes s into the named charset; characters the charset
// lacks become HTML character references, as a CMS would write them.
func encodeCharset(s, charset string) ([]byte, error) {
	var enc encoding.Encoding
	switch strings.ToLower(charset) {
	case "", "utf-8":
		return []byte(s), nil
	case "windows-1252":
		enc = charmap.Windows1252
	case "iso-8859-2":
		enc = charmap.ISO8859_2
	case "koi8-r":
		enc = charmap.KOI8R
	case "shift_jis":
		enc = japanese.ShiftJIS
	default:
		return nil, fmt.Errorf("sample: no encoder for charset %q", charset)
	}
	return encoding.HTMLEscapeUnsupported(enc.NewEncoder()).Bytes([]byte(s))
}

// fetch is one HTTP exchange of the crawl.
type fetch struct {
	uri     string
	ip      string
	server  string
	status  string      // "200 OK", ...
	header  []field     // after Date and Server, before the framing fields
	body    []byte      // the entity-body (content-coded if gzip)
	chunked bool        // Transfer-Encoding: chunked
	ptype   string      // WARC-Identified-Payload-Type
	extra   []field     // appended after Connection
	date    time.Time   // set by WriteWARC
	special specialKind // not an ordinary fetch
}

type specialKind int

const (
	ordinary specialKind = iota
	malformed
	revisit
	resource
)

// httpResponse is the HTTP message of f as the crawler received it.
func (f fetch) httpResponse() []byte {
	var b bytes.Buffer
	b.WriteString("HTTP/1.1 " + f.status + "\r\n")
	b.WriteString("Date: " + f.date.Format(httpDate) + "\r\n")
	b.WriteString("Server: " + f.server + "\r\n")
	for _, h := range f.header {
		b.WriteString(h.name + ": " + h.value + "\r\n")
	}
	if f.chunked {
		b.WriteString("Transfer-Encoding: chunked\r\n")
	} else {
		b.WriteString("Content-Length: " + strconv.Itoa(len(f.body)) + "\r\n")
	}
	b.WriteString("Connection: close\r\n")
	for _, h := range f.extra {
		b.WriteString(h.name + ": " + h.value + "\r\n")
	}
	b.WriteString("\r\n")
	if f.chunked {
		b.Write(chunk(f.body, 1024))
	} else {
		b.Write(f.body)
	}
	return b.Bytes()
}

func (f fetch) hostPath() (host, path string) {
	rest := f.uri[strings.Index(f.uri, "://")+3:]
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		return rest[:i], rest[i:]
	}
	return rest, "/"
}

func (f fetch) httpRequest() []byte {
	host, path := f.hostPath()
	var b bytes.Buffer
	b.WriteString("GET " + path + " HTTP/1.1\r\n")
	b.WriteString("Host: " + host + "\r\n")
	b.WriteString("User-Agent: " + userAgent + "\r\n")
	b.WriteString("Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n")
	b.WriteString("Accept-Language: en-US,en;q=0.8,*;q=0.5\r\n")
	b.WriteString("Accept-Encoding: gzip\r\n")
	b.WriteString("Connection: close\r\n")
	b.WriteString("\r\n")
	return b.Bytes()
}

func lastModified(uri string) string {
	t := time.Date(2024, time.February, 1+hashInt(uri, 28), 9+hashInt("h"+uri, 8), 15, 0, 0, time.UTC)
	return t.Format(httpDate)
}

// pageFetch is the response of a site for page p, with the given status.
func pageFetch(p Page, status string) (fetch, error) {
	s := SiteOf(p)
	body, err := encodeCharset(HTML(p), p.Charset)
	if err != nil {
		return fetch{}, err
	}
	ctype := "text/html"
	if p.Declare == DeclareBoth || p.Declare == DeclareHeader {
		ctype += "; charset=" + charsetLabel(p)
	}
	f := fetch{uri: URL(p), ip: s.IP, server: s.Server, status: status, ptype: "text/html", chunked: p.Chunked}
	f.header = append(f.header, field{"Content-Type", ctype})
	if p.Gzip {
		body = gzipBytes(body)
		f.header = append(f.header, field{"Content-Encoding", "gzip"}, field{"Vary", "Accept-Encoding"})
	}
	f.header = append(f.header, field{"Last-Modified", lastModified(f.uri)}, field{"Cache-Control", "max-age=600"})
	switch s.Server {
	case "Microsoft-IIS/10.0":
		f.extra = append(f.extra, field{"X-Powered-By", "ASP.NET"})
	case "nginx":
		f.extra = append(f.extra, field{"X-Powered-By", "PHP/8.2.15"})
	}
	f.body = body
	return f, nil
}

func findPage(path string) Page {
	for _, p := range pages {
		if p.Path == path {
			return p
		}
	}
	panic("sample: no page " + path)
}

func siteByKey(key string) Site { return SiteOf(Page{Site: key}) }

// asset is a non-HTML response.
func asset(siteKey, path, ctype string, body []byte, cache string) fetch {
	s := siteByKey(siteKey)
	uri := "https://" + s.Host + path
	return fetch{
		uri: uri, ip: s.IP, server: s.Server, status: "200 OK", ptype: ctype, body: body,
		header: []field{
			{"Content-Type", ctype},
			{"Last-Modified", lastModified(uri)},
			{"Cache-Control", cache},
		},
	}
}

// logoPNG is an 8×8 true-colour PNG (a brown checked square).
var logoPNG = []byte{
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
	0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x08, 0x02, 0x00, 0x00, 0x00, 0x4b, 0x6d, 0x29,
	0xdc, 0x00, 0x00, 0x00, 0x26, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0xa8, 0x70, 0x93, 0x3b,
	0xd1, 0x63, 0x03, 0x47, 0x70, 0x2e, 0x03, 0x56, 0x51, 0x14, 0x09, 0x34, 0xad, 0x0c, 0x58, 0x45,
	0x81, 0x5c, 0x06, 0xac, 0xa2, 0x20, 0x1d, 0xd4, 0xb3, 0x1c, 0x00, 0xc0, 0x5d, 0x5b, 0x91, 0xaa,
	0x3c, 0xb4, 0x2e, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
}

// budgetPDF is a one-page PDF with a correct cross-reference table.
func budgetPDF() []byte {
	content := "BT /F1 16 Tf 72 770 Td (City of Riverton: the 2024 budget in brief) Tj\n" +
		"/F1 11 Tf 0 -30 Td (Roads and transport: 4,650 thousand dollars) Tj\n" +
		"0 -16 Td (Parks and recreation: 2,240 thousand dollars) Tj\n" +
		"0 -16 Td (Public library: 910 thousand dollars) Tj\n" +
		"0 -16 Td (Administration: 2,210 thousand dollars) Tj ET"
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

const trailsCSS = `/* Alpine Trails Hiking Club: main stylesheet */
:root { --green: #2f6b3a; --stone: #e9e6df; }
body { background: var(--stone); line-height: 1.5; }
h1, h2 { color: var(--green); font-family: "Trebuchet MS", sans-serif; }
nav a { color: var(--green); text-decoration: none; }
nav a:hover { text-decoration: underline; }
table { width: 100%; margin: 1em 0; }
.cookie button { margin-left: .5em; }
@media (max-width: 600px) { nav ul { flex-wrap: wrap; } }
`

const uniJS = `/* Department analytics loader. Do not edit: generated by the web team. */
(function (w, d) {
  var cfg = {property: "UA-4821310-3", anonymizeIp: true, sampleRate: 50};
  function send(event, data) {
    var img = new Image();
    img.src = "https://stats.adnetwork.example/collect?p=" + cfg.property +
      "&e=" + encodeURIComponent(event) + "&d=" + encodeURIComponent(JSON.stringify(data || {}));
  }
  w.deptAnalytics = {send: send};
  d.addEventListener("DOMContentLoaded", function () { send("page_view", {path: w.location.pathname}); });
})(window, document);
`

const redirectHTML = `<!DOCTYPE html>
<html><head><title>301 Moved Permanently</title></head>
<body><h1>Moved Permanently</h1><p>The document has moved <a href="https://openshelf.example/">here</a>.</p></body></html>
`

const ftpReadme = "Open Shelf public files\n\n" +
	"This directory holds printable reading lists and poster templates for our circles.\n" +
	"Files are updated at the start of each month. Please do not mirror the whole\n" +
	"directory; write to us and we will send you an archive instead.\n"

const malformedHTML = `<!DOCTYPE html>
<html lang="it"><head><meta charset="utf-8"><title>Rifugio chiuso</title></head>
<body><p>` + MalformedSentinel + `: this record's Content-Length is not a number, and a reader must skip it.</p></body></html>
`

// warcFetches is the crawl, in order.
func warcFetches() ([]fetch, error) {
	var out []fetch
	addPage := func(path string) error {
		f, err := pageFetch(findPage(path), "200 OK")
		out = append(out, f)
		return err
	}
	type step struct {
		path string // a page, or "" for a prepared fetch
		f    fetch
	}
	redirect := fetch{
		uri: "http://openshelf.example/", ip: "192.0.2.60", server: "Caddy", status: "301 Moved Permanently",
		ptype: "text/html", body: []byte(redirectHTML),
		header: []field{{"Location", "https://openshelf.example/"}, {"Content-Type", "text/html; charset=utf-8"}},
	}
	nf, err := pageFetch(notFound, "404 Not Found")
	if err != nil {
		return nil, err
	}
	steps := []step{
		{path: "/journal/keeping-a-starter-alive-in-summer"},
		{f: asset("crumb", "/img/logo.png", "image/png", logoPNG, "max-age=2592000")},
		{path: "/news/closed-easter-monday"},
		{path: "/news/2024-budget-adopted"},
		{f: asset("council", "/docs/budget-2024-summary.pdf", "application/pdf", budgetPDF(), "max-age=86400")},
		{path: "/de/touren/drei-tage-huettenwanderung"},
		{path: "/de/aktuell/treffpunkt-geaendert"},
		{f: asset("trails", "/static/site.css", "text/css", []byte(trailsCSS), "max-age=604800")},
		{path: "/it/escursioni/lago-verde"},
		{f: fetch{uri: MalformedURI, ip: "192.0.2.30", special: malformed}},
		{path: "/cs/vylety/jarni-hrebenovka"},
		{path: "/news/open-day-2024"},
		{f: asset("uni", "/js/analytics.js", "application/javascript", []byte(uniJS), "max-age=604800")},
		{path: "/fr/actualites/colloque-langues-minoritaires"},
		{path: "/zh/news/dialect-lecture"},
		{path: "/ar/news/arabic-summer-school"},
		{path: "/recetas/gazpacho-andaluz"},
		{f: nf},
		{path: "/pt/receitas/caldo-verde"},
		{path: "/fr/recettes/tarte-normande"},
		{f: redirect},
		{path: "/ru/kruzhki/chitaem-chehova"},
		{path: "/ja/circles/haiku"},
		{path: "/pl/kola/klub-reportazu"},
		{f: fetch{uri: "https://lang.northbridge.example/news/open-day-2024", special: revisit}},
		{f: fetch{uri: "ftp://ftp.openshelf.example/pub/README.txt", special: resource, body: []byte(ftpReadme)}},
	}
	for _, st := range steps {
		if st.path != "" {
			if err := addPage(st.path); err != nil {
				return nil, err
			}
			continue
		}
		out = append(out, st.f)
	}
	for i := range out {
		out[i].date = crawlStart.Add(time.Duration(i) * 83 * time.Second)
		if out[i].special == revisit {
			out[i].date = out[i].date.Add(26 * time.Hour)
		}
	}
	// Check that every page meant for the WARC is crawled once.
	seen := map[string]bool{}
	for _, f := range out {
		if f.special == ordinary {
			seen[f.uri] = true
		}
	}
	for _, p := range pages {
		if p.In == InWARC && !seen[URL(p)] {
			return nil, fmt.Errorf("sample: WARC page %s is not crawled", URL(p))
		}
	}
	return out, nil
}

func warcinfoFields(date time.Time, filename, id string, block []byte) []field {
	return []field{
		{"WARC-Type", "warcinfo"},
		{"WARC-Date", date.Format(warcDate)},
		{"WARC-Filename", filename},
		{"WARC-Record-ID", id},
		{"Content-Type", "application/warc-fields"},
		{"Content-Length", strconv.Itoa(len(block))},
	}
}

// WriteWARC writes sample.warc.gz: a warcinfo record, then a request,
// response and metadata record per fetch (one of them malformed), a revisit
// and a resource record, each record in its own gzip member.
func WriteWARC(w io.Writer) error {
	fetches, err := warcFetches()
	if err != nil {
		return err
	}
	infoID := recordID("warcinfo", WARCName)
	info := []byte("software: ccnet-go sample generator (internal/sample)\r\n" +
		"format: WARC File Format 1.0\r\n" +
		"conformsTo: http://bibnum.bnf.fr/WARC/WARC_ISO_28500_version1_latestdraft.pdf\r\n" +
		"isPartOf: " + isPartOf + "\r\n" +
		"operator: ccnet-go project\r\n" +
		"hostname: sample-crawler.example\r\n" +
		"robots: checked\r\n" +
		"http-header-user-agent: " + userAgent + "\r\n" +
		"description: A tiny crawl of six fictional web sites, written for the ccnet-go tests\r\n")
	if err := member(w, record(warcinfoFields(crawlStart.Add(-time.Minute), WARCName, infoID, info), info)); err != nil {
		return err
	}
	var lastResponse = map[string]fetch{}
	for _, f := range fetches {
		date := f.date.Format(warcDate)
		switch f.special {
		case malformed:
			block := []byte("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + malformedHTML)
			fields := []field{
				{"WARC-Type", "response"},
				{"WARC-Date", date},
				{"WARC-Record-ID", recordID("response", f.uri)},
				{"Content-Length", "12O4"},
				{"Content-Type", "application/http; msgtype=response"},
				{"WARC-Warcinfo-ID", infoID},
				{"WARC-IP-Address", f.ip},
				{"WARC-Target-URI", f.uri},
			}
			if err := member(w, record(fields, block)); err != nil {
				return err
			}
			continue
		case revisit:
			orig, ok := lastResponse[f.uri]
			if !ok {
				return fmt.Errorf("sample: revisit of %s before its response", f.uri)
			}
			orig.date = f.date
			head := orig.httpResponse()
			head = head[:bytes.Index(head, []byte("\r\n\r\n"))+4]
			fields := []field{
				{"WARC-Type", "revisit"},
				{"WARC-Date", date},
				{"WARC-Record-ID", recordID("revisit", f.uri)},
				{"Content-Length", strconv.Itoa(len(head))},
				{"Content-Type", "application/http; msgtype=response"},
				{"WARC-Warcinfo-ID", infoID},
				{"WARC-IP-Address", orig.ip},
				{"WARC-Target-URI", f.uri},
				{"WARC-Refers-To", recordID("response", f.uri)},
				{"WARC-Profile", revisitProfile},
				{"WARC-Payload-Digest", digest(orig.body)},
				{"WARC-Block-Digest", digest(head)},
			}
			if err := member(w, record(fields, head)); err != nil {
				return err
			}
			continue
		case resource:
			fields := []field{
				{"WARC-Type", "resource"},
				{"WARC-Date", date},
				{"WARC-Record-ID", recordID("resource", f.uri)},
				{"Content-Length", strconv.Itoa(len(f.body))},
				{"Content-Type", "text/plain"},
				{"WARC-Warcinfo-ID", infoID},
				{"WARC-Target-URI", f.uri},
				{"WARC-Payload-Digest", digest(f.body)},
				{"WARC-Block-Digest", digest(f.body)},
			}
			if err := member(w, record(fields, f.body)); err != nil {
				return err
			}
			continue
		}

		reqID, respID := recordID("request", f.uri), recordID("response", f.uri)
		req := f.httpRequest()
		fields := []field{
			{"WARC-Type", "request"},
			{"WARC-Date", date},
			{"WARC-Record-ID", reqID},
			{"Content-Length", strconv.Itoa(len(req))},
			{"Content-Type", "application/http; msgtype=request"},
			{"WARC-Warcinfo-ID", infoID},
			{"WARC-IP-Address", f.ip},
			{"WARC-Target-URI", f.uri},
			{"WARC-Block-Digest", digest(req)},
		}
		if err := member(w, record(fields, req)); err != nil {
			return err
		}

		resp := f.httpResponse()
		fields = []field{
			{"WARC-Type", "response"},
			{"WARC-Date", date},
			{"WARC-Record-ID", respID},
			{"Content-Length", strconv.Itoa(len(resp))},
			{"Content-Type", "application/http; msgtype=response"},
			{"WARC-Warcinfo-ID", infoID},
			{"WARC-Concurrent-To", reqID},
			{"WARC-IP-Address", f.ip},
			{"WARC-Target-URI", f.uri},
			// The payload digest is over the entity-body: chunked framing
			// removed, content coding (gzip) kept.
			{"WARC-Payload-Digest", digest(f.body)},
			{"WARC-Block-Digest", digest(resp)},
			{"WARC-Identified-Payload-Type", f.ptype},
		}
		if err := member(w, record(fields, resp)); err != nil {
			return err
		}
		lastResponse[f.uri] = f

		meta := []byte(fmt.Sprintf("fetchTimeMs: %d\r\n", 40+hashInt("fetch"+f.uri, 900)))
		fields = []field{
			{"WARC-Type", "metadata"},
			{"WARC-Date", date},
			{"WARC-Record-ID", recordID("metadata", f.uri)},
			{"Content-Length", strconv.Itoa(len(meta))},
			{"Content-Type", "application/warc-fields"},
			{"WARC-Warcinfo-ID", infoID},
			{"WARC-Concurrent-To", respID},
			{"WARC-Target-URI", f.uri},
			{"WARC-Block-Digest", digest(meta)},
		}
		if err := member(w, record(fields, meta)); err != nil {
			return err
		}
	}
	return nil
}

// wetEntries are the WET pages in order, with the empty-body record after
// the first Alpine Trails page.
func wetEntries() []Page {
	var out []Page
	emptyDone := false
	for _, p := range pages {
		if p.In != InWET {
			continue
		}
		out = append(out, p)
		if p.Site == "trails" && !emptyDone {
			out = append(out, Page{Site: "trails", Path: strings.TrimPrefix(EmptyWETURI, "https://www.alpinetrails.example"), Lang: "en", In: InWET})
			emptyDone = true
		}
	}
	return out
}

// WriteWET writes sample.warc.wet.gz: a warcinfo record, then one conversion
// record per WET page (and one with an empty body), each record in its own
// gzip member, framed as Common Crawl frames its WET files.
func WriteWET(w io.Writer) error {
	info := []byte("Software-Info: ccnet-go sample generator (internal/sample)\r\n" +
		"Extracted-Date: " + wetStart.Add(30*time.Hour).Format(httpDate) + "\r\n" +
		"robots: checked\r\n" +
		"isPartOf: " + isPartOf + "\r\n" +
		"operator: ccnet-go project\r\n" +
		"description: Text of a tiny crawl of six fictional web sites, written for the ccnet-go tests\r\n" +
		"publisher: ccnet-go project\r\n")
	infoID := recordID("warcinfo", WETName)
	if err := member(w, record(warcinfoFields(wetStart.Add(30*time.Hour), WETName, infoID, info), info)); err != nil {
		return err
	}
	for i, p := range wetEntries() {
		uri := URL(p)
		block := []byte(Text(p))
		fields := []field{
			{"WARC-Type", "conversion"},
			{"WARC-Target-URI", uri},
			{"WARC-Date", wetStart.Add(time.Duration(i) * 71 * time.Second).Format(warcDate)},
			{"WARC-Record-ID", recordID("conversion", uri)},
			{"WARC-Refers-To", recordID("response", uri)},
			{"WARC-Block-Digest", digest(block)},
			{"Content-Type", "text/plain"},
			{"Content-Length", strconv.Itoa(len(block))},
		}
		if err := member(w, record(fields, block)); err != nil {
			return err
		}
	}
	return nil
}
