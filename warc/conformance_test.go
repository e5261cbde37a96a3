package warc

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// outcome is what reading one shared-data file gives.
type outcome struct {
	records int
	types   string // "type:count ..." sorted by type
	errs    int    // recoverable errors (counted skips)
	skipped int64  // Skipped() at the end
	fatal   string // substring of the NewReader or fatal Next error, "" if none
}

// conformance lists every file of $CCNET_DATA/{warc,wet,edge} and what
// the reader gives on it. Files not listed here fail the test, so a new
// file must be looked at and written down.
var conformance = map[string]outcome{
	"warc/aut__example.arc.gz":        {fatal: "ARC format is not supported"},
	"warc/aut__example.warc.gz":       {records: 822, types: "metadata:261 request:261 response:299 warcinfo:1"},
	"warc/cmoncrawl__mini.warc.gz":    {records: 3, types: "request:1 response:1 warcinfo:1"},
	"warc/dolma__sample-0000.warc.gz": {records: 48, types: "metadata:1 request:22 resource:2 response:22 warcinfo:1"},
	"warc/dolma__sample-0001.warc.gz": {records: 34, types: "metadata:1 request:15 resource:2 response:15 warcinfo:1"},
	"warc/npm-warc__CC-MAIN-20140820021334-00006-ip-10-180-136-8.ec2.internal.warc":    {records: 13, types: "metadata:4 request:4 response:4 warcinfo:1"},
	"warc/ukwa__IAH-20080430204825-00000-blackbook-truncated.warc.gz":                  {records: 23, types: "metadata:7 request:7 response:8 warcinfo:1"},
	"warc/ukwa__IAH-urls-wget.warc.gz":                                                 {records: 36, types: "request:16 resource:3 response:16 warcinfo:1"},
	"warc/ukwa__wikipedia-post-blackout-main-page.warc.gz":                             {records: 151, types: "request:77 resource:3 response:70 warcinfo:1"},
	"wet/DERIVED__dolma-CC-MAIN-20190717121559-20190717143559-00140.warc.wet.gz":       {records: 698, types: "conversion:697 warcinfo:1"},
	"wet/npm-warc__CC-MAIN-20140820021334-00006-ip-10-180-136-8.ec2.internal.warc.wat": {records: 9, types: "metadata:8 warcinfo:1"},
	"wet/npm-warc__CC-MAIN-20140820021334-00006-ip-10-180-136-8.ec2.internal.warc.wet": {records: 4, types: "conversion:3 warcinfo:1"},
	// Hand-edited test file whose Content-Length values are wrong (370 for a
	// 362-byte block, 109 for 313, 355 for 653): the warcinfo and the 2nd and
	// 3rd conversion records are read with the declared lengths; the 1st
	// conversion record is lost because the warcinfo block swallows its
	// version line; 3 counted skips. The README's "4 records" counts
	// version lines.
	"wet/cc_net__sample.warc.wet.txt": {records: 3, types: "conversion:2 warcinfo:1", errs: 3, skipped: 1186},

	"edge/aut__badexample.arc.gz":             {fatal: "ARC format is not supported"},
	"edge/aut__example.txt.warc.gz":           {records: 6, types: "request:2 response:2 warcinfo:2"},
	"edge/aut__issue-493.warc":                {records: 32, types: "request:15 response:10 revisit:5 warcinfo:2"},
	"edge/aut__issue-514.warc":                {records: 8, types: "metadata:1 request:2 resource:2 response:2 warcinfo:1"},
	"edge/dkpro__charset-iso-8859-1_en.txt":   {fatal: "not a WARC file"},
	"edge/dkpro__charset-iso-8859-2.txt":      {fatal: "not a WARC file"},
	"edge/dkpro__charset-utf-16BE_ar.txt":     {fatal: "not a WARC file"},
	"edge/dkpro__charset-utf-8_ar.txt":        {fatal: "not a WARC file"},
	"edge/dkpro__charset-utf-8_cz.txt":        {fatal: "not a WARC file"},
	"edge/dkpro__charset-windows-1250_cz.txt": {fatal: "not a WARC file"},
	"edge/dolma__science-0.warc.gz":           {records: 4, types: "request:2 response:2"},
	"edge/dolma__science-1.warc.gz":           {records: 4, types: "request:2 response:2"},
	"edge/jwarc__cc.warc.gz":                  {records: 1, types: "response:1"},
	// 21 bytes: a version line and one field, no Content-Length, no blank
	// line: one counted skip ("record header: unexpected EOF"), no record.
	"edge/jwarc__utf8field.warc":                                     {errs: 1, skipped: 21},
	"edge/pywb__dupes.warc.gz":                                       {records: 25, types: "request:12 response:3 revisit:9 warcinfo:1"},
	"edge/pywb__example-extra.warc":                                  {records: 6, types: "request:2 response:2 revisit:2"},
	"edge/pywb__example-url-agnostic-orig.warc.gz":                   {records: 2, types: "response:1 warcinfo:1"},
	"edge/pywb__example-url-agnostic-revisit.warc.gz":                {records: 2, types: "revisit:1 warcinfo:1"},
	"edge/pywb__example-wget-1-14.warc.gz":                           {records: 6, types: "request:1 resource:3 response:1 warcinfo:1"},
	"edge/pywb__example-wpull.warc.gz":                               {records: 4, types: "request:1 resource:1 response:1 warcinfo:1"},
	"edge/pywb__example2.warc.gz":                                    {records: 3, types: "request:1 response:1 warcinfo:1"},
	"edge/pywb__httpbin-resource.warc.gz":                            {records: 1, types: "resource:1"},
	"edge/pywb__iana.warc.gz":                                        {records: 343, types: "request:171 response:48 revisit:123 warcinfo:1"},
	"edge/resiliparse__clueweb-quirk.warc.gz":                        {records: 30, types: "response:29 warcinfo:1"},
	"edge/ukwa__IAH-20080430204825-00000-blackbook-truncated.arc.gz": {fatal: "ARC format is not supported"},
	"edge/warcio__bad.arc":                                           {fatal: "ARC format is not supported"},
	"edge/warcio__example-bad-non-chunked.warc.gz":                   {records: 6, types: "request:2 response:1 revisit:1 warcinfo:2"},
	// "Bad" for warcio because it is one gzip member for the whole file,
	// not one per record; that layout is supported here.
	"edge/warcio__example-bad.warc.gz.bad":             {records: 6, types: "request:2 response:2 revisit:1 warcinfo:1"},
	"edge/warcio__example-digest.warc":                 {records: 4, types: "request:4"},
	"edge/warcio__example-iana.org-chunked.warc":       {records: 3, types: "request:1 response:1 warcinfo:1"},
	"edge/warcio__example-resource.warc.gz":            {records: 3, types: "resource:1 warcinfo:2"},
	"edge/warcio__example-space-in-target-uri.warc.gz": {records: 2, types: "resource:1 warcinfo:1"},
	// The response record's block is 2 bytes longer than its
	// Content-Length: all 4 records are read; the 2 stray NUL bytes and the
	// separator give one counted skip ("invalid version line") of 6 bytes.
	"edge/warcio__example-trunc.warc":                  {records: 4, types: "request:1 response:1 warcinfo:2", errs: 1, skipped: 6},
	"edge/warcio__example-wget-bad-target-uri.warc.gz": {records: 6, types: "metadata:1 request:1 resource:2 response:1 warcinfo:1"},
	"edge/warcio__example-wrong-chunks.warc.gz":        {records: 2, types: "request:1 response:1"},
	"edge/warcio__example.arc.gz":                      {fatal: "ARC format is not supported"},
	"edge/warcio__example.warc.gz":                     {records: 6, types: "request:2 response:1 revisit:1 warcinfo:2"},
	"edge/warcio__post-test.warc.gz":                   {records: 6, types: "request:3 response:3"},
	// Corrupt gzip (CRC error in the 1st member) holding an ARC file: the
	// format sniff sees "filedesc://" before the CRC is checked.
	"edge/webarchive-commons__cz-pagesinczech.arc.gz":    {fatal: "ARC format is not supported"},
	"edge/webarchive-commons__kb.dk_truncated.arc":       {fatal: "ARC format is not supported"},
	"edge/webarchive-commons__link-extraction-test.warc": {records: 8, types: "response:7 warcinfo:1"},
	"edge/webarchive-commons__mutliple-headers.warc":     {records: 1, types: "response:1"},
}

// readmeDeviations are files whose README "Check:" record count this
// reader does not reproduce, with the reason (see conformance).
var readmeDeviations = map[string]string{
	"wet/cc_net__sample.warc.wet.txt": "wrong Content-Length values",
	"edge/jwarc__utf8field.warc":      "header without Content-Length or blank line",
}

func TestConformance(t *testing.T) {
	dir := dataDir()
	if _, err := os.Stat(filepath.Join(dir, "warc")); err != nil {
		t.Skipf("shared data not found in %s (set CCNET_DATA)", dir)
	}
	seen := map[string]bool{}
	for _, sub := range []string{"warc", "wet", "edge"} {
		files, err := filepath.Glob(filepath.Join(dir, sub, "*"))
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range files {
			name := sub + "/" + filepath.Base(path)
			seen[name] = true
			t.Run(name, func(t *testing.T) {
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				got := readOutcome(t, data)
				want, ok := conformance[name]
				if !ok {
					t.Fatalf("file not in the conformance table; it gives %+v", got)
				}
				if got != want {
					t.Errorf("got  %+v\nwant %+v", got, want)
				}
				if want.fatal != "" && want.records == 0 {
					if _, err := NewReader(bytes.NewReader(data), Options{}); !errors.Is(err, ErrUnsupportedFormat) && !isDecompression(err) {
						t.Errorf("want ErrUnsupportedFormat or a DecompressionError, got %v", err)
					}
				}
				// Not reading the bodies must give the same records.
				if want.fatal == "" {
					if n := countSkippingBodies(t, data); n != want.records {
						t.Errorf("without reading bodies: %d records, want %d", n, want.records)
					}
				}
			})
		}
	}
	for name := range conformance {
		if !seen[name] {
			t.Errorf("%s listed but not found", name)
		}
	}
	checkReadme(t, dir)
}

func isDecompression(err error) bool {
	var de *DecompressionError
	return errors.As(err, &de)
}

func readOutcome(t *testing.T, data []byte) outcome {
	s, err := readAll(bytes.NewReader(data), Options{})
	if err != nil && s == nil {
		if !errors.Is(err, ErrUnsupportedFormat) && !isDecompression(err) {
			t.Errorf("NewReader: unexpected error kind: %v", err)
		}
		return outcome{fatal: fatalKey(err)}
	}
	if err != nil {
		t.Fatal(err)
	}
	o := outcome{records: s.Records, types: s.typeString(), errs: len(s.Errors), skipped: s.Skipped}
	if s.Final != nil {
		o.fatal = fatalKey(s.Final)
	}
	for _, e := range s.Errors {
		t.Logf("counted skip: %s", e)
	}
	return o
}

// fatalKey reduces an error to the stable part used in the table.
func fatalKey(err error) string {
	msg := err.Error()
	for _, k := range []string{"ARC format is not supported", "not a WARC file", "checksum", "unexpected EOF"} {
		if strings.Contains(msg, k) {
			return k
		}
	}
	return msg
}

func countSkippingBodies(t *testing.T, data []byte) int {
	rd, err := NewReader(bytes.NewReader(data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for i := 0; i < 1<<20; i++ {
		_, err := rd.Next()
		if err == io.EOF {
			return n
		}
		if err != nil {
			if IsRecoverable(err) {
				continue
			}
			t.Fatal(err)
		}
		n++
	}
	t.Fatal("no progress")
	return n
}

var checkRE = regexp.MustCompile("^\\| `([^`]+)` \\|.*\\*\\*Check:\\*\\* (\\d+) WARC records \\{[^}]*\\} types=\\{([^}]*)\\}")

// checkReadme compares the table with the "**Check:** N WARC records
// {...} types={...}" notes of the data set's README.
func checkReadme(t *testing.T, dir string) {
	readme, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil {
		t.Logf("no README.md: %v", err)
		return
	}
	checked := 0
	for _, line := range strings.Split(string(readme), "\n") {
		m := checkRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		name := m[1]
		want, ok := conformance[name]
		if !ok {
			continue
		}
		checked++
		if _, dev := readmeDeviations[name]; dev {
			continue
		}
		n, _ := strconv.Atoi(m[2])
		types := readmeTypes(m[3])
		if want.records != n || want.types != types {
			t.Errorf("%s: README says %d records %q, table says %d %q", name, n, types, want.records, want.types)
		}
	}
	if checked < 30 {
		t.Errorf("only %d README checks matched; README format changed?", checked)
	}
}

// readmeTypes turns "{'warcinfo': 1, 'response': 2}" content into
// "response:2 warcinfo:1".
func readmeTypes(s string) string {
	var parts []string
	for _, kv := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(kv, ":")
		if !ok {
			continue
		}
		parts = append(parts, strings.Trim(strings.TrimSpace(k), "'")+":"+strings.TrimSpace(v))
	}
	sort.Strings(parts)
	return strings.Join(parts, " ")
}
