package extract_test

import (
	"fmt"

	"github.com/ccnet-go/ccnet/extract"
)

func Example() {
	block := []byte("HTTP/1.1 200 OK\r\n" +
		"Content-Type: text/html; charset=windows-1252\r\n" +
		"\r\n" +
		"<html><head><title>Caf\xe9 &amp; bar</title><script>track()</script></head>" +
		"<body><nav><a href=/>Home</a> | <a href=/menu>Menu</a></nav>" +
		"<p>Open   daily,<br>8&nbsp;\x96 18 h.</p>" +
		"<table><tr><td>Coffee</td><td>\x802.50</td></tr></table></body></html>")
	res, err := extract.Response(block, extract.Options{})
	if err != nil {
		fmt.Println("dropped:", extract.DropReason(err))
		return
	}
	fmt.Println(res.Status, res.ContentType, res.Charset)
	fmt.Println("title:", res.Title)
	for _, l := range res.Lines {
		fmt.Println("|", l)
	}

	_, err = extract.Response([]byte("HTTP/1.1 404 Not Found\r\n\r\n"), extract.Options{})
	fmt.Println("dropped:", extract.DropReason(err))
	// Output:
	// 200 text/html windows-1252
	// title: Café & bar
	// | Home | Menu
	// | Open daily,
	// | 8 – 18 h.
	// | Coffee €2.50
	// dropped: http-status
}

func ExampleHTML() {
	res, _ := extract.HTML([]byte(`<h1>Notes</h1><pre>line 1
line 2</pre><ul><li>one<li>two</ul>`), "", extract.Options{})
	fmt.Printf("%q\n", res.Lines)
	// Output:
	// ["Notes" "line 1" "line 2" "one" "two"]
}
