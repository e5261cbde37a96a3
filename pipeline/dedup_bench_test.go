package pipeline_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/klauspost/compress/gzip"

	"github.com/ccnet-go/ccnet/pipeline"
)

// dedupCorpus writes WET files with files×docs×lines lines: per document,
// shared lines drawn from a boilerplate pool and unique lines, all made of
// letters (dedup maps digits to 0). Cached in the temp dir.
func dedupCorpus(b *testing.B, files, docs, shared, unique, pool int) []string {
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("ccnet-dedup-corpus-%dx%dx%d+%d", files, docs, shared, unique))
	var paths []string
	for f := 0; f < files; f++ {
		paths = append(paths, filepath.Join(dir, fmt.Sprintf("part%02d.warc.wet.gz", f)))
	}
	if _, err := os.Stat(filepath.Join(dir, "DONE")); err == nil {
		return paths
	}
	os.RemoveAll(dir)
	os.MkdirAll(dir, 0o755)
	rng := rand.New(rand.NewSource(1))
	word := func() string {
		n := 3 + rng.Intn(7)
		w := make([]byte, n)
		for i := range w {
			w[i] = byte('a' + rng.Intn(26))
		}
		return string(w)
	}
	sentence := func() string {
		ws := make([]string, 6+rng.Intn(6))
		for i := range ws {
			ws[i] = word()
		}
		return strings.Join(ws, " ")
	}
	boiler := make([]string, pool)
	for i := range boiler {
		boiler[i] = sentence()
	}
	for f, p := range paths {
		out, err := os.Create(p)
		if err != nil {
			b.Fatal(err)
		}
		bw := bufio.NewWriterSize(out, 1<<20)
		for d := 0; d < docs; d++ {
			var sb strings.Builder
			sb.WriteString("Document title\n")
			for l := 0; l < shared+unique; l++ {
				if l%(shared+unique) < shared {
					sb.WriteString(boiler[rng.Intn(pool)])
				} else {
					sb.WriteString(sentence())
				}
				sb.WriteByte('\n')
			}
			text := sb.String()
			zw, _ := gzip.NewWriterLevel(bw, 1)
			fmt.Fprintf(zw, "WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: http://bench.example/%d/%d\r\n"+
				"WARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Block-Digest: sha1:X\r\nContent-Type: text/plain\r\n"+
				"Content-Length: %d\r\n\r\n%s\r\n\r\n", f, d, len(text), text)
			zw.Close()
		}
		bw.Flush()
		out.Close()
	}
	os.WriteFile(filepath.Join(dir, "DONE"), nil, 0o644)
	return paths
}

func maxRSSMB() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Maxrss) / 1024 // Linux reports KiB
}

// BenchmarkDedup runs the default pipeline (dedup on) over 5 M lines with
// over 3 M distinct hashes on Prism, and reports lines/s and the peak RSS
// of the whole process (runner and SDK harness share it under Prism).
func BenchmarkDedup(b *testing.B) {
	const files, docs, shared, unique = 4, 25000, 20, 30
	paths := dedupCorpus(b, files, docs, shared, unique, 40000)
	lines := float64(files * docs * (shared + unique))
	cfg := pipeline.Default()
	cfg.LID = false // the stage measured is dedup
	cfg.Inputs = paths
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cfg.Output = b.TempDir()
		res, err := pipeline.Run(context.Background(), cfg, nil)
		if err != nil {
			b.Fatal(err)
		}
		if i == 0 {
			b.Logf("stats %v kept %d", res.Report.Stats, res.Report.Kept)
		}
	}
	b.ReportMetric(lines*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
	b.ReportMetric(maxRSSMB(), "peak-RSS-MB")
}
