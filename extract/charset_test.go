package extract

import (
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/unicode"
)

func encode(t *testing.T, e encoding.Encoding, s string) string {
	t.Helper()
	b, err := e.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCharsets(t *testing.T) {
	utf16le := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	utf16be := unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
	jaPage := "<html><head><meta charset=\"shift_jis\"><title>日本語</title></head><body><p>日本語のテキストです。</p></body></html>"
	koPage := "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=euc-kr\"></head><body><p>한국어 텍스트입니다</p></body></html>"
	tests := []struct {
		name    string
		ctype   string
		body    string
		charset string
		want    []string
	}{
		{"windows-1252 header", "text/html; charset=windows-1252", "<p>caf\xe9 \x80 \x93quoted\x94 \x96 na\xefve</p>",
			"windows-1252", []string{"café € “quoted” – naïve"}},
		{"iso-8859-1 is windows-1252 (WHATWG)", "text/html; charset=ISO-8859-1", "<p>Gr\xfc\xdfe aus K\xf6ln \x80</p>",
			"windows-1252", []string{"Grüße aus Köln €"}},
		{"latin1 label", "text/plain; charset=latin1", "Gr\xfc\xdfe", "windows-1252", []string{"Grüße"}},
		{"iso-8859-2", "text/html; charset=iso-8859-2", "<p>P\xf8\xedli\xb9 \xbelu\xbbou\xe8k\xfd k\xf9\xf2 \xfap\xecl \xef\xe1belsk\xe9 \xf3dy</p>",
			"iso-8859-2", []string{"Příliš žluťoučký kůň úpěl ďábelské ódy"}},
		{"shift_jis via meta", "text/html", encode(t, japanese.ShiftJIS, jaPage), "shift_jis", []string{"日本語のテキストです。"}},
		{"shift_jis via header", "text/html; charset=Shift_JIS", encode(t, japanese.ShiftJIS, "<p>日本語のテキストです。</p>"), "shift_jis", []string{"日本語のテキストです。"}},
		{"euc-kr via http-equiv", "text/html", encode(t, korean.EUCKR, koPage), "euc-kr", []string{"한국어 텍스트입니다"}},
		{"euc-jp", "text/html; charset=EUC-JP", encode(t, japanese.EUCJP, "<p>日本語</p>"), "euc-jp", []string{"日本語"}},
		{"utf-16le BOM", "text/html", encode(t, utf16le, "<title>Ünïcode</title><p>Grüße, 世界</p>"), "utf-16le", []string{"Grüße, 世界"}},
		{"utf-16be BOM", "text/html", encode(t, utf16be, "<p>Grüße, 世界</p>"), "utf-16be", []string{"Grüße, 世界"}},
		{"utf-16le BOM plain", "text/plain", encode(t, utf16le, "line one\r\nline two"), "utf-16le", []string{"line one", "line two"}},
		{"utf-16 BOM beats header", "text/html; charset=iso-8859-1", encode(t, utf16le, "<p>Grüße</p>"), "utf-16le", []string{"Grüße"}},
		{"utf-8 BOM beats header", "text/html; charset=windows-1252", "\xef\xbb\xbf<p>Grüße</p>", "utf-8", []string{"Grüße"}},
		{"header beats meta", "text/html; charset=windows-1252", "<meta charset=\"utf-8\"><p>caf\xe9</p>", "windows-1252", []string{"café"}},
		{"meta when header has none", "text/html", "<meta charset=\"windows-1252\"><p>caf\xe9</p>", "windows-1252", []string{"café"}},
		{"meta after 1 KiB", "text/html", "<head><!--" + strings.Repeat("x", 3000) + "--><script>" + strings.Repeat("y", 3000) + "</script><META HTTP-EQUIV='content-type' CONTENT='text/html;charset=iso-8859-2'></head><p>\xb1</p>",
			"iso-8859-2", []string{"ą"}},
		{"meta in comment ignored", "text/html", "<!-- <meta charset=iso-8859-2> --><p>caf\xe9</p>", "windows-1252", []string{"café"}},
		{"meta after body ignored", "text/html", "<body><meta charset=iso-8859-2><p>caf\xe9</p>", "windows-1252", []string{"café"}},
		{"meta utf-16 means utf-8", "text/html", "<meta charset=utf-16><p>Grüße</p>", "utf-8", []string{"Grüße"}},
		{"unknown header label falls through to meta", "text/html; charset=bogus", "<meta charset=iso-8859-2><p>\xb1</p>", "iso-8859-2", []string{"ą"}},
		{"stale legacy declaration, body is utf-8", "text/html; charset=iso-8859-1", "<p>Grüße €</p>", "utf-8", []string{"Grüße €"}},
		{"stale meta, body is utf-8", "text/html", "<meta charset=windows-1251><p>Привет</p>", "utf-8", []string{"Привет"}},
		{"header utf-16 without NULs ignored", "text/html; charset=utf-16", "<p>Grüße</p>", "utf-8", []string{"Grüße"}},
		{"undeclared valid utf-8", "text/html", "<p>Grüße</p>", "utf-8", []string{"Grüße"}},
		{"undeclared invalid utf-8 is windows-1252", "text/html", "<p>Gr\xfc\xdfe</p>", "windows-1252", []string{"Grüße"}},
		{"declared utf-8 with invalid bytes", "text/html; charset=utf-8", "<p>Gr\xfc\xdfe</p>", "utf-8", []string{"Gr\uFFFD\uFFFDe"}},
		{"windows-1251", "text/html; charset=windows-1251", "<p>\xcf\xf0\xe8\xe2\xe5\xf2</p>", "windows-1251", []string{"Привет"}},
		{"koi8-r meta", "text/html", "<meta charset=koi8-r><p>\xf0\xd2\xc9\xd7\xc5\xd4</p>", "koi8-r", []string{"Привет"}},
		{"gb2312 is gbk", "text/html; charset=gb2312", "<p>\xd6\xd0\xce\xc4</p>", "gbk", []string{"中文"}},
		{"replacement encoding", "text/html; charset=iso-2022-kr", "<p>anything</p>", "replacement", []string{"\uFFFD"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Body([]byte(tc.body), tc.ctype, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if r.Charset != tc.charset {
				t.Errorf("charset = %q, want %q", r.Charset, tc.charset)
			}
			if !reflect.DeepEqual(r.Lines, tc.want) {
				t.Errorf("lines = %q, want %q", r.Lines, tc.want)
			}
		})
	}
	// Title decoded with the page charset.
	r, _ := Body([]byte(encode(t, japanese.ShiftJIS, jaPage)), "text/html", Options{})
	if r.Title != "日本語" {
		t.Errorf("shift_jis title = %q", r.Title)
	}
}

func TestParseContentType(t *testing.T) {
	tests := []struct{ in, mt, cs string }{
		{"text/html", "text/html", ""},
		{"Text/HTML; Charset=UTF-8", "text/html", "UTF-8"},
		{`text/html; charset="iso-8859-1"`, "text/html", "iso-8859-1"},
		{"text/html;charset='utf-8'", "text/html", "utf-8"},
		{"text/html; foo=bar; charset=utf-8; charset=latin1", "text/html", "utf-8"},
		{"text/html;; charset=utf-8;", "text/html", "utf-8"},
		{"text/html, text/plain; charset=utf-8", "text/html", "utf-8"},
		{"html", "", ""},
		{"", "", ""},
		{"text/ html", "", ""},
		{"text/html\xff", "", ""},
		{"; charset=utf-8", "", "utf-8"},
	}
	for _, tc := range tests {
		mt, cs := parseContentType(tc.in)
		if mt != tc.mt || cs != tc.cs {
			t.Errorf("parseContentType(%q) = %q, %q; want %q, %q", tc.in, mt, cs, tc.mt, tc.cs)
		}
	}
}

func TestPrescanMeta(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<meta charset="utf-8">`, "utf-8"},
		{`<meta charset=windows-1250 />`, "windows-1250"},
		{`<META CHARSET = 'EUC-JP'>`, "EUC-JP"},
		{`<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2">`, "iso-8859-2"},
		{`<meta content="text/html; charset='koi8-r'" http-equiv=content-type>`, "koi8-r"},
		{`<meta content="text/html; charset=utf-8">`, ""}, // no http-equiv
		{`<meta name="description" content="charset=latin1"><meta charset=gbk>`, "gbk"},
		{`<meta charset=bogus><meta charset=big5>`, "big5"},
		{`<metadata charset=utf-8>`, ""},
		{`<meta`, ""},
		{`<meta charset="`, ""},
	}
	for _, tc := range tests {
		if got := prescanMeta([]byte(tc.in)); got != tc.want {
			t.Errorf("prescanMeta(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
