package lm

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadCutoffs(t *testing.T) {
	// testdata/cutoff.csv has cc_net's cutoff.csv layout (written by hand,
	// de and en with their real rows 30 and 60, §13 of the reference).
	f, err := os.Open(filepath.Join("testdata", "cutoff.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := ReadCutoffs(f)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Cutoffs{"de": {370, 590}, "en": {340, 520}, "xx": {2.5, 4}}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for l, c := range want {
		if got[l] != c {
			t.Errorf("%s: %v, want %v", l, got[l], c)
		}
	}
}

func TestReadCutoffsErrors(t *testing.T) {
	for _, c := range []struct{ in, msg string }{
		{"", "empty"},
		{",en\n30,1\n", "rows 30 and 60"},
		{",en\n30,1\nx,2\n", "line 3"},
		{",en\n30,a\n60,2\n", "not numbers"},
		{",en,en\n30,1,1\n60,2,2\n", "repeated"},
		{",en\n30,1,2\n", "line 2"},
	} {
		_, err := ReadCutoffs(strings.NewReader(c.in))
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%q: error %v, want one with %q", c.in, err, c.msg)
		}
	}
}

func TestBucket(t *testing.T) {
	en := Cutoffs{Head: 340, Tail: 520}
	for _, c := range []struct {
		ppl  float64
		want string
	}{
		{-1, BucketAll}, {0, BucketHead}, {339.9, BucketHead}, {340, BucketMiddle},
		{519.9, BucketMiddle}, {520, BucketTail}, {1e9, BucketTail},
	} {
		if got := Bucket(c.ppl, en); got != c.want {
			t.Errorf("Bucket(%v) = %s, want %s", c.ppl, got, c.want)
		}
	}
	// cc_net compares the rounded perplexity: 339.96 rounds to 340.0.
	if got := Bucket(RoundPerplexity(339.96), en); got != BucketMiddle {
		t.Errorf("rounded 339.96: %s", got)
	}
}

func TestComputeCutoffs(t *testing.T) {
	// numpy.percentile([1..10], 30) = 1 + 0.3*9 = 3.7; 60 -> 1 + 5.4 = 6.4.
	var s []float64
	for i := 10; i >= 1; i-- {
		s = append(s, float64(i))
	}
	c := ComputeCutoffs(s)
	if math.Abs(c.Head-3.7) > 1e-12 || math.Abs(c.Tail-6.4) > 1e-12 {
		t.Errorf("cutoffs %+v, want {3.7 6.4}", c)
	}
	if s[0] != 10 {
		t.Error("sample modified")
	}
	for _, c := range []struct {
		in   []float64
		p    float64
		want float64
	}{
		{[]float64{5}, 30, 5},
		{[]float64{1, 2}, 100, 2},
		{[]float64{1, 2}, 0, 1},
		{[]float64{0, 10}, 60, 6},
	} {
		if got := Percentile(c.in, c.p); got != c.want {
			t.Errorf("Percentile(%v, %v) = %v, want %v", c.in, c.p, got, c.want)
		}
	}
	if !math.IsNaN(Percentile(nil, 30)) {
		t.Error("empty sample")
	}
}

func ExampleBucket() {
	cutoffs, _ := ReadCutoffs(strings.NewReader(",en\n30,340\n60,520\n"))
	fmt.Println(Bucket(RoundPerplexity(339.94), cutoffs["en"]), Bucket(340, cutoffs["en"]), Bucket(600, cutoffs["en"]))
	// Output: head middle tail
}
