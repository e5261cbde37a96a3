package document

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"
)

// AppendJSON appends d as one cc_net JSON object (no trailing newline).
func AppendJSON(dst []byte, d *Document) []byte {
	dst = append(dst, `{"url": `...)
	dst = AppendPyString(dst, d.URL)
	dst = append(dst, `, "date_download": `...)
	dst = AppendPyString(dst, d.DateDownload)
	dst = append(dst, `, "digest": `...)
	dst = AppendPyString(dst, d.Digest)
	dst = append(dst, `, "length": `...)
	dst = strconv.AppendInt(dst, d.Length, 10)
	dst = append(dst, `, "nlines": `...)
	dst = strconv.AppendInt(dst, int64(d.NLines), 10)
	dst = append(dst, `, "source_domain": `...)
	dst = AppendPyString(dst, d.SourceDomain)
	dst = append(dst, `, "title": `...)
	dst = AppendPyString(dst, d.Title)
	dst = append(dst, `, "raw_content": `...)
	dst = AppendPyString(dst, d.RawContent)
	dst = append(dst, `, "cc_segment": `...)
	dst = AppendPyString(dst, d.CCSegment)
	if d.HasDedup {
		dst = append(dst, `, "original_nlines": `...)
		dst = strconv.AppendInt(dst, int64(d.OriginalNLines), 10)
		dst = append(dst, `, "original_length": `...)
		dst = strconv.AppendInt(dst, d.OriginalLength, 10)
		dst = append(dst, `, "line_ids": [`...)
		for i, id := range d.LineIDs {
			if i > 0 {
				dst = append(dst, ", "...)
			}
			dst = strconv.AppendInt(dst, int64(id), 10)
		}
		dst = append(dst, ']')
	}
	if d.Language != "" {
		dst = append(dst, `, "language": `...)
		dst = AppendPyString(dst, d.Language)
		dst = append(dst, `, "language_score": `...)
		dst = AppendPyFloat(dst, d.LanguageScore)
	}
	if d.HasPerplexity {
		dst = append(dst, `, "perplexity": `...)
		dst = AppendPyFloat(dst, d.Perplexity)
	}
	if d.Bucket != "" {
		dst = append(dst, `, "bucket": `...)
		dst = AppendPyString(dst, d.Bucket)
	}
	if d.HasWikiProb {
		dst = append(dst, `, "wiki_prob": `...)
		dst = AppendPyFloat(dst, d.WikiProb)
	}
	if d.Signals != nil {
		dst = append(dst, `, "quality_signals": {`...)
		for i, sig := range d.Signals {
			if i > 0 {
				dst = append(dst, ", "...)
			}
			dst = AppendPyString(dst, sig.Name)
			dst = append(dst, ": "...)
			dst = AppendPyFloat(dst, sig.Value)
		}
		dst = append(dst, '}')
	}
	return append(dst, '}')
}

const hexDigits = "0123456789abcdef"

// AppendPyString appends s as json.dumps(s, ensure_ascii=False) writes it.
// Invalid UTF-8 bytes (which Python strings cannot hold) become U+FFFD.
func AppendPyString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				dst = append(dst, s[start:i]...)
				dst = append(dst, "\ufffd"...)
				i++
				start = i
				continue
			}
			i += size
			continue
		}
		if c >= 0x20 && c != '"' && c != '\\' {
			i++
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"':
			dst = append(dst, '\\', '"')
		case '\\':
			dst = append(dst, '\\', '\\')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\f':
			dst = append(dst, '\\', 'f')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		i++
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// AppendPyFloat appends f as Python's float.__repr__ (and so json.dumps)
// writes it: the shortest digits that round-trip, positional notation for
// 1e-4 <= |f| < 1e16 with at least one fractional digit, otherwise
// scientific notation with a sign and at least two exponent digits.
func AppendPyFloat(dst []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, "NaN"...)
	case math.IsInf(f, 1):
		return append(dst, "Infinity"...)
	case math.IsInf(f, -1):
		return append(dst, "-Infinity"...)
	}
	// 'e' with precision -1 gives the shortest round-trip digits:
	// [-]d[.ddd]e±XX.
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], f, 'e', -1, 64)
	neg := e[0] == '-'
	if neg {
		e = e[1:]
	}
	ePos := 0
	for ePos < len(e) && e[ePos] != 'e' {
		ePos++
	}
	mant, expPart := e[:ePos], e[ePos+1:]
	exp, _ := strconv.Atoi(string(expPart))
	digits := make([]byte, 0, len(mant))
	for _, c := range mant {
		if c != '.' {
			digits = append(digits, c)
		}
	}
	if neg {
		dst = append(dst, '-')
	}
	if exp < -4 || exp >= 16 {
		dst = append(dst, digits[0])
		if len(digits) > 1 {
			dst = append(dst, '.')
			dst = append(dst, digits[1:]...)
		}
		dst = append(dst, 'e')
		if exp < 0 {
			dst = append(dst, '-')
			exp = -exp
		} else {
			dst = append(dst, '+')
		}
		if exp < 10 {
			dst = append(dst, '0')
		}
		return strconv.AppendInt(dst, int64(exp), 10)
	}
	if exp < 0 {
		dst = append(dst, '0', '.')
		for i := 0; i < -exp-1; i++ {
			dst = append(dst, '0')
		}
		return append(dst, digits...)
	}
	intDigits := exp + 1
	if len(digits) <= intDigits {
		dst = append(dst, digits...)
		for i := len(digits); i < intDigits; i++ {
			dst = append(dst, '0')
		}
		return append(dst, '.', '0')
	}
	dst = append(dst, digits[:intDigits]...)
	dst = append(dst, '.')
	return append(dst, digits[intDigits:]...)
}

// jsonDoc is the decoding view of a cc_net line; pointers tell absent keys
// from zero values.
type jsonDoc struct {
	URL            string   `json:"url"`
	DateDownload   string   `json:"date_download"`
	Digest         string   `json:"digest"`
	Length         int64    `json:"length"`
	NLines         int      `json:"nlines"`
	SourceDomain   string   `json:"source_domain"`
	Title          string   `json:"title"`
	RawContent     string   `json:"raw_content"`
	CCSegment      string   `json:"cc_segment"`
	OriginalNLines *int     `json:"original_nlines"`
	OriginalLength *int64   `json:"original_length"`
	LineIDs        []int    `json:"line_ids"`
	Language       string   `json:"language"`
	LanguageScore  float64  `json:"language_score"`
	Perplexity     *float64 `json:"perplexity"`
	Bucket         string   `json:"bucket"`
	WikiProb       *float64 `json:"wiki_prob"`
	Signals        signals  `json:"quality_signals"`
}

// signals decodes a JSON object of numbers keeping its key order.
type signals []Signal

func (s *signals) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok == nil {
		return nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return fmt.Errorf("quality_signals: want an object")
	}
	out := signals{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		var v float64
		if err := dec.Decode(&v); err != nil {
			return fmt.Errorf("quality_signals: %w", err)
		}
		out = append(out, Signal{Name: tok.(string), Value: v})
	}
	*s = out
	return nil
}

// ParseJSON reads one cc_net JSON line (as cc_net or AppendJSON wrote it).
func ParseJSON(line []byte) (Document, error) {
	var j jsonDoc
	if err := json.Unmarshal(line, &j); err != nil {
		return Document{}, fmt.Errorf("document: %w", err)
	}
	d := Document{
		URL: j.URL, DateDownload: j.DateDownload, Digest: j.Digest, Length: j.Length,
		NLines: j.NLines, SourceDomain: j.SourceDomain, Title: j.Title,
		RawContent: j.RawContent, CCSegment: j.CCSegment,
		Language: j.Language, LanguageScore: j.LanguageScore, Bucket: j.Bucket,
	}
	if j.OriginalNLines != nil || j.OriginalLength != nil || j.LineIDs != nil {
		d.HasDedup = true
		if j.OriginalNLines != nil {
			d.OriginalNLines = *j.OriginalNLines
		}
		if j.OriginalLength != nil {
			d.OriginalLength = *j.OriginalLength
		}
		d.LineIDs = j.LineIDs
		if d.LineIDs == nil {
			d.LineIDs = []int{}
		}
	}
	if j.Perplexity != nil {
		d.HasPerplexity = true
		d.Perplexity = *j.Perplexity
	}
	if j.WikiProb != nil {
		d.HasWikiProb = true
		d.WikiProb = *j.WikiProb
	}
	d.Signals = j.Signals
	return d, nil
}
