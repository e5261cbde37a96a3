package warc_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/ccnet-go/ccnet/warc"
)

func Example() {
	f, err := os.Open("testdata/lf.warc") // .warc, .warc.gz or .warc.zst
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()

	r, err := warc.NewReader(f, warc.Options{})
	if err != nil {
		log.Fatal(err) // e.g. ErrUnsupportedFormat for an ARC file
	}
	bad := 0
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if warc.IsRecoverable(err) {
			bad++ // malformed record: count it and go on
			continue
		}
		if err != nil {
			log.Fatal(err) // corrupt gzip, ratio cap, I/O error
		}
		if rec.Type != "conversion" {
			continue // the body is skipped by the next call to Next
		}
		sc := bufio.NewScanner(rec.Body)
		lines := 0
		for sc.Scan() {
			lines++
		}
		var pe *warc.ParseError
		if errors.As(sc.Err(), &pe) {
			bad++ // truncated body
		}
		fmt.Printf("%d %s %d lines\n", rec.Offset, rec.TargetURI(), lines)
	}
	fmt.Println("bad records:", bad, "bytes skipped:", r.Skipped())
	// Output:
	// 106 http://a.example/ 2 lines
	// 254 http://b.example/ 1 lines
	// 377 http://c.example/ 1 lines
	// bad records: 0 bytes skipped: 0
}
