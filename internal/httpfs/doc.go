// Package httpfs is a read-only Beam filesystem for http:// and https://
// URLs, so that a pipeline can read Common Crawl's files from
// https://data.commoncrawl.org/ the way it reads gs:// or s3:// objects.
// Importing the package registers it for both schemes:
//
//	import _ "github.com/ccnet-go/ccnet/internal/httpfs"
//
// # What it does
//
//   - List of a URL returns that URL: HTTP has no directory listing, so a
//     URL with a glob character (*, ?, [) is an error, not an empty match.
//   - OpenRead streams the body of a GET. The request asks for
//     Accept-Encoding: identity, so the bytes are the file's own (a .gz
//     stays compressed) and byte offsets mean file offsets.
//   - Size is the Content-Length of a HEAD.
//   - OpenWrite fails: the filesystem is read-only.
//
// # Retries
//
// Common Crawl's server throttles with 503 (and 429) when it is busy. A
// request that ends in 408, 429 or any 5xx status, or in a transport error
// (refused, reset, timeout), is tried again, up to Options.MaxAttempts
// attempts in all. Between attempts the reader waits for the server's
// Retry-After (seconds or an HTTP date, capped at Options.MaxRetryAfter) when
// it sends one, else for a random time between 0 and
// min(MaxDelay, BaseDelay·2^attempt): exponential backoff with full jitter,
// which spreads many workers' retries apart. Other statuses (404, 403, ...)
// fail at once, with the URL and the status in the error.
//
// A body that breaks off mid-way (the connection is cut, or it ends before
// its Content-Length) is resumed with a Range request from the byte offset
// reached, so a WARC download that drops after 900 MB goes on from there.
// A resumed response must be a 206 whose Content-Range starts at that offset
// and, when the first response had an ETag, carry the same ETag (else the
// file changed under the reader and the read fails); a server that ignores
// Range and answers 200 has the bytes already read skipped. The attempt
// count restarts whenever a resumed request made progress: the bound is on
// attempts in a row that read nothing.
package httpfs
