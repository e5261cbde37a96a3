package extract

import (
	"strings"
	"unicode/utf8"

	"github.com/ccnet-go/ccnet/document"
)

// WETText is the text of a WET "conversion" record as cc_net reads it.
type WETText struct {
	Title        string   // first line
	Lines        []string // the lines after the title
	LinesDropped int      // lines over the length cap, left out
	InvalidUTF8  bool     // the block had invalid UTF-8, replaced by U+FFFD
}

// WET splits the block of a WET conversion record the way cc_net 1.0.0
// (process_wet_file.group_by_docs and parse_doc) does when it reads the file
// as text: universal newlines (\r\n, \r and \n each end a line), every line
// stripped of Python whitespace, the first line is the title, empty lines
// kept. cc_net sees the record separator (CRLF CRLF) as two more lines and
// drops the last two lines when both are empty; WET reproduces that, so a
// block that does not end with a newline keeps one trailing empty line, as
// cc_net's does.
//
// Where cc_net differs and WET does not follow: cc_net splits records on a
// body line that strips to "WARC/1.0" (WET trusts Content-Length), and it
// fails on invalid UTF-8 (WET replaces it with U+FFFD and says so). Lines
// longer than maxLine bytes (if maxLine > 0) are left out and counted.
func WET(block []byte, maxLine int) WETText {
	var out WETText
	text := string(block)
	if !utf8.ValidString(text) {
		out.InvalidUTF8 = true
		text = strings.ToValidUTF8(text, "\ufffd")
	}
	lines := make([]string, 0, 16)
	endsWithNewline := false
	for start := 0; start < len(text); {
		i := strings.IndexAny(text[start:], "\r\n")
		if i < 0 {
			lines = appendWETLine(lines, text[start:], maxLine, &out.LinesDropped)
			break
		}
		end := start + i
		lines = appendWETLine(lines, text[start:end], maxLine, &out.LinesDropped)
		next := end + 1
		if text[end] == '\r' && next < len(text) && text[next] == '\n' {
			next++
		}
		start = next
		endsWithNewline = start == len(text)
	}
	// The separator CRLF CRLF: two empty lines after a final newline, else
	// its first CRLF ends the last line and the second gives one empty line.
	if endsWithNewline || len(text) == 0 {
		lines = append(lines, "", "")
	} else {
		lines = append(lines, "")
	}
	if n := len(lines); n >= 2 && lines[n-1] == "" && lines[n-2] == "" {
		lines = lines[:n-2]
	}
	if len(lines) == 0 {
		return out
	}
	out.Title = lines[0]
	out.Lines = lines[1:]
	return out
}

func appendWETLine(lines []string, line string, maxLine int, dropped *int) []string {
	if maxLine > 0 && len(line) > maxLine {
		*dropped++
		return lines
	}
	return append(lines, document.PyStrip(line))
}
