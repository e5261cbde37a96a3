package pipeline_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fakeGCS is an in-memory Cloud Storage with the calls Beam's gcs
// filesystem makes through the Go client when STORAGE_EMULATOR_HOST points
// at it: media reads (GET /BUCKET/OBJECT), object metadata, listing and
// deletion (JSON API), and multipart uploads (what the client uses for
// objects under its 16 MiB chunk; resumable uploads answer 501).
type fakeGCS struct{ objectStore }

func (f *fakeGCS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer f.record(r)()
	p := r.URL.Path
	switch {
	case strings.HasPrefix(p, "/upload/storage/v1/b/"):
		f.upload(w, r, strings.TrimSuffix(strings.TrimPrefix(p, "/upload/storage/v1/b/"), "/o"))
	case strings.HasPrefix(p, "/storage/v1/b/"):
		bucket, rest, _ := strings.Cut(strings.TrimPrefix(p, "/storage/v1/b/"), "/")
		object, isObject := strings.CutPrefix(rest, "o/")
		switch {
		case rest == "o" && r.Method == http.MethodGet:
			f.list(w, bucket, r.URL.Query().Get("prefix"))
		case isObject && r.Method == http.MethodGet:
			data, ok := f.objects[bucket+"/"+object]
			if !ok {
				gcsError(w, http.StatusNotFound)
				return
			}
			json.NewEncoder(w).Encode(gcsObject(bucket, object, data))
		case isObject && r.Method == http.MethodDelete:
			if _, ok := f.objects[bucket+"/"+object]; !ok {
				gcsError(w, http.StatusNotFound)
				return
			}
			delete(f.objects, bucket+"/"+object)
			w.WriteHeader(http.StatusNoContent)
		default:
			gcsError(w, http.StatusNotImplemented)
		}
	case r.Method == http.MethodGet || r.Method == http.MethodHead:
		data, ok := f.objects[strings.TrimPrefix(p, "/")]
		if !ok {
			gcsError(w, http.StatusNotFound)
			return
		}
		http.ServeContent(w, r, p, time.Time{}, bytes.NewReader(data))
	default:
		gcsError(w, http.StatusNotImplemented)
	}
}

func (f *fakeGCS) upload(w http.ResponseWriter, r *http.Request, bucket string) {
	switch {
	case r.URL.Query().Get("uploadType") == "multipart" && r.Method == http.MethodPost:
		_, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil {
			gcsError(w, http.StatusBadRequest)
			return
		}
		mr := multipart.NewReader(r.Body, params["boundary"])
		var meta struct{ Name string }
		part, err := mr.NextPart()
		if err != nil || json.NewDecoder(part).Decode(&meta) != nil {
			gcsError(w, http.StatusBadRequest)
			return
		}
		part, err = mr.NextPart()
		if err != nil {
			gcsError(w, http.StatusBadRequest)
			return
		}
		data, _ := io.ReadAll(part)
		f.objects[bucket+"/"+meta.Name] = data
		json.NewEncoder(w).Encode(gcsObject(bucket, meta.Name, data))
	default:
		gcsError(w, http.StatusNotImplemented)
	}
}

func (f *fakeGCS) list(w http.ResponseWriter, bucket, prefix string) {
	var items []map[string]string
	for name, data := range f.objects {
		if object, ok := strings.CutPrefix(name, bucket+"/"); ok && strings.HasPrefix(object, prefix) {
			items = append(items, gcsObject(bucket, object, data))
		}
	}
	sort.Slice(items, func(i, j int) bool { return items[i]["name"] < items[j]["name"] })
	json.NewEncoder(w).Encode(map[string]any{"kind": "storage#objects", "items": items})
}

func gcsObject(bucket, object string, data []byte) map[string]string {
	return map[string]string{"kind": "storage#object", "bucket": bucket, "name": object,
		"size": strconv.Itoa(len(data)), "selfLink": "/storage/v1/b/" + bucket + "/o/" + url.PathEscape(object)}
}

func gcsError(w http.ResponseWriter, status int) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"code": status, "message": http.StatusText(status)}})
}

// startFakeGCS serves a fake Cloud Storage holding files (bucket/object →
// bytes) and points the client at it.
func startFakeGCS(t *testing.T, files map[string][]byte) *fakeGCS {
	t.Helper()
	f := &fakeGCS{objectStore{objects: files}}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	t.Setenv("STORAGE_EMULATOR_HOST", strings.TrimPrefix(srv.URL, "http://"))
	return f
}
