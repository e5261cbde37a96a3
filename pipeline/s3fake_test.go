package pipeline_test

import (
	"bytes"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeS3 is an in-memory S3 with the calls Beam's s3 filesystem makes
// (path-style GET, HEAD, PUT and DELETE of objects, ListObjectsV2), on
// 127.0.0.1. It refuses requests without a signature and bodies in
// aws-chunked encoding, which it does not decode.
type fakeS3 struct{ objectStore }

// objectStore is the state of a fake object store: its objects, by
// "bucket/name", and the requests it saw.
type objectStore struct {
	mu      sync.Mutex
	objects map[string][]byte
	asked   []string
}

// record locks the store for one request and notes it.
func (o *objectStore) record(r *http.Request) (unlock func()) {
	o.mu.Lock()
	o.asked = append(o.asked, r.Method+" "+r.URL.Path)
	return o.mu.Unlock
}

// under returns the objects whose names start with prefix, by the rest of
// their names.
func (o *objectStore) under(prefix string) map[string][]byte {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := map[string][]byte{}
	for name, data := range o.objects {
		if rest, ok := strings.CutPrefix(name, prefix); ok {
			out[rest] = data
		}
	}
	return out
}

// gets counts the GET requests for paths under prefix.
func (o *objectStore) gets(prefix string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	n := 0
	for _, a := range o.asked {
		if strings.HasPrefix(a, "GET "+prefix) {
			n++
		}
	}
	return n
}

func (f *fakeS3) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer f.record(r)()
	if !strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 ") {
		s3Error(w, http.StatusForbidden, "AccessDenied")
		return
	}
	bucket, key, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	name := bucket + "/" + key
	switch {
	case r.Method == http.MethodGet && key == "" && r.URL.Query().Get("list-type") == "2":
		f.list(w, bucket, r.URL.Query().Get("prefix"))
	case r.Method == http.MethodGet || r.Method == http.MethodHead:
		data, ok := f.objects[name]
		if !ok {
			s3Error(w, http.StatusNotFound, "NoSuchKey")
			return
		}
		http.ServeContent(w, r, key, time.Time{}, bytes.NewReader(data))
	case r.Method == http.MethodPut:
		if strings.Contains(r.Header.Get("Content-Encoding"), "aws-chunked") {
			s3Error(w, http.StatusNotImplemented, "NotImplemented")
			return
		}
		data, err := io.ReadAll(r.Body)
		if err != nil {
			s3Error(w, http.StatusBadRequest, "IncompleteBody")
			return
		}
		f.objects[name] = data
		w.Header().Set("ETag", `"fake"`)
	case r.Method == http.MethodDelete:
		delete(f.objects, name)
		w.WriteHeader(http.StatusNoContent)
	default:
		s3Error(w, http.StatusNotImplemented, "NotImplemented")
	}
}

func (f *fakeS3) list(w http.ResponseWriter, bucket, prefix string) {
	type content struct {
		Key  string
		Size int
	}
	res := struct {
		XMLName     xml.Name `xml:"ListBucketResult"`
		Name        string
		Prefix      string
		KeyCount    int
		IsTruncated bool
		Contents    []content
	}{Name: bucket, Prefix: prefix}
	for name, data := range f.objects {
		if k, ok := strings.CutPrefix(name, bucket+"/"); ok && strings.HasPrefix(k, prefix) {
			res.Contents = append(res.Contents, content{k, len(data)})
		}
	}
	sort.Slice(res.Contents, func(i, j int) bool { return res.Contents[i].Key < res.Contents[j].Key })
	res.KeyCount = len(res.Contents)
	w.Header().Set("Content-Type", "application/xml")
	xml.NewEncoder(w).Encode(res)
}

func s3Error(w http.ResponseWriter, status int, code string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>`+code+`</Code><Message>fake S3</Message></Error>`)
}

// startFakeS3 serves a fake S3 holding files (bucket/key → bytes) and
// points the AWS SDK at it with made-up credentials.
func startFakeS3(t *testing.T, files map[string][]byte) *fakeS3 {
	t.Helper()
	f := &fakeS3{objectStore{objects: files}}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL_S3": srv.URL, "AWS_REGION": "us-east-1",
		"AWS_ACCESS_KEY_ID": "AKIDTEST", "AWS_SECRET_ACCESS_KEY": "not-a-secret",
		"AWS_EC2_METADATA_DISABLED": "true", "AWS_CONFIG_FILE": os.DevNull, "AWS_SHARED_CREDENTIALS_FILE": os.DevNull,
	} {
		t.Setenv(k, v)
	}
	return f
}
