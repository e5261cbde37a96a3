package warc

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/klauspost/compress/gzip"

	"github.com/ccnet-go/ccnet/internal/shareddata"
)

// summary is what reading a whole input gives, in a comparable form.
type summary struct {
	Records  int
	Types    map[string]int
	Versions map[string]int
	Errors   []string // recoverable errors, in order
	Final    error    // nil at clean io.EOF, else the fatal error
	Skipped  int64
	Bytes    int64 // body bytes read
	Recs     []recInfo
}

type recInfo struct {
	Type, URI   string
	Offset, Cmp int64
	Len         int64
	Body        string // first 64 bytes
}

func (s *summary) typeString() string {
	keys := make([]string, 0, len(s.Types))
	for k := range s.Types {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s:%d", k, s.Types[k])
	}
	return b.String()
}

// readAll reads every record of data, reading each body fully, and
// continuing after recoverable errors. It gives up after maxIter calls to
// Next (a guard against loops) or after a deadline.
func readAll(r io.Reader, opts Options) (*summary, error) {
	rd, err := NewReader(r, opts)
	if err != nil {
		return nil, err
	}
	s := &summary{Types: map[string]int{}, Versions: map[string]int{}}
	deadline := time.Now().Add(30 * time.Second)
	for i := 0; ; i++ {
		if i > 1<<22 || time.Now().After(deadline) {
			return s, errors.New("too many iterations: reader does not progress")
		}
		rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if IsRecoverable(err) {
				s.Errors = append(s.Errors, err.Error())
				continue
			}
			s.Final = err
			break
		}
		s.Records++
		s.Types[rec.Type]++
		s.Versions[rec.Version]++
		var head bytes.Buffer
		n, err := io.Copy(&limitedBuffer{&head, 64}, rec.Body)
		s.Bytes += n
		if err == nil && n != rec.ContentLength {
			return s, fmt.Errorf("record at %d: read %d bytes, ContentLength %d", rec.Offset, n, rec.ContentLength)
		}
		s.Recs = append(s.Recs, recInfo{rec.Type, rec.TargetURI(), rec.Offset, rec.CompressedOffset, rec.ContentLength, head.String()})
		if err != nil {
			if IsRecoverable(err) {
				s.Errors = append(s.Errors, "body: "+err.Error())
				continue
			}
			s.Final = err
			break
		}
	}
	s.Skipped = rd.Skipped()
	return s, nil
}

// limitedBuffer keeps the first n bytes written and discards the rest.
type limitedBuffer struct {
	b *bytes.Buffer
	n int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.n - l.b.Len(); room > 0 {
		if len(p) < room {
			room = len(p)
		}
		l.b.Write(p[:room])
	}
	return len(p), nil
}

// splitRecords splits a well-formed plain WARC into its records (header +
// body + separator) using the Reader itself; used to build per-record gzip.
func splitRecords(data []byte) [][]byte {
	rd, err := NewReader(bytes.NewReader(data), Options{})
	if err != nil {
		panic(err)
	}
	var offs []int64
	for {
		rec, err := rd.Next()
		if err != nil {
			break
		}
		offs = append(offs, rec.Offset)
	}
	var out [][]byte
	for i, o := range offs {
		end := int64(len(data))
		if i+1 < len(offs) {
			end = offs[i+1]
		}
		out = append(out, data[o:end])
	}
	return out
}

// gzipMembers compresses each chunk as its own gzip member.
func gzipMembers(chunks [][]byte, level int) []byte {
	b, _ := gzipMembersOffsets(chunks, level)
	return b
}

// gzipMembersOffsets is gzipMembers that also returns where each member
// starts in the output.
func gzipMembersOffsets(chunks [][]byte, level int) ([]byte, []int64) {
	var buf bytes.Buffer
	var offs []int64
	for _, c := range chunks {
		offs = append(offs, int64(buf.Len()))
		zw, _ := gzip.NewWriterLevel(&buf, level)
		zw.Write(c)
		zw.Close()
	}
	return buf.Bytes(), offs
}

// gzipWhole compresses data as one gzip member.
func gzipWhole(data []byte) []byte {
	return gzipMembers([][]byte{data}, gzip.DefaultCompression)
}

// dataDir is the shared real-data folder (see internal/shareddata).
func dataDir() string { return shareddata.Dir() }
