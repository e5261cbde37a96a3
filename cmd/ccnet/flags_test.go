package main

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestExpandInputs(t *testing.T) {
	got := expandInputs([]string{"--input", "a.gz", "b.gz", "c.gz", "--output", "o", "-input=d.gz"})
	want := []string{"--input", "a.gz", "--input", "b.gz", "--input", "c.gz", "--output", "o", "-input=d.gz"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q", got)
	}
}

func parse(t *testing.T, args ...string) (*runFlags, error) {
	t.Helper()
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	r := registerRunFlags(fs)
	if err := fs.Parse(expandInputs(args)); err != nil {
		t.Fatal(err)
	}
	_, err := r.config()
	return r, err
}

func TestConfigFile(t *testing.T) {
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "ccnet.yaml")
	os.WriteFile(cfgPath, []byte("input: [a.warc.gz, b.warc.gz]\noutput: from-file\nmin-length: 100\noutput-shards: 4\n"), 0o644)
	r, err := parse(t, "--config", cfgPath, "--output", "from-flag")
	if err != nil {
		t.Fatal(err)
	}
	c := r.cfg
	if c.Output != "from-flag" || c.MinLength != 100 || c.OutputShards != 4 ||
		!reflect.DeepEqual([]string(r.inputs), []string{"a.warc.gz", "b.warc.gz"}) {
		t.Errorf("config %+v inputs %v", c, r.inputs)
	}
	// Inputs on the command line replace the file's.
	r, _ = parse(t, "--config", cfgPath, "--input", "x.gz")
	if !reflect.DeepEqual([]string(r.inputs), []string{"x.gz"}) {
		t.Errorf("inputs %v", r.inputs)
	}
}

func TestConfigErrors(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"unknown key":  "no-such-flag: 1\n",
		"bad value":    "min-length: many\n",
		"nested":       "config: other.yaml\n",
		"not yaml":     "input: [unclosed\n",
		"out of range": "input: a\noutput: o\noutput-shards: 0\n",
	} {
		p := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".yaml")
		os.WriteFile(p, []byte(body), 0o644)
		if _, err := parse(t, "--config", p, "--input", "a", "--output", "o"); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := parse(t, "--input", "a", "--output", "o", "--gzip-level", "12"); err == nil {
		t.Error("gzip level 12 accepted")
	}
	if _, err := parse(t, "--output", "o"); err == nil {
		t.Error("a run without input accepted")
	}
}
