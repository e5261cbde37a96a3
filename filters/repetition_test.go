package filters

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// The oracles below compute the n-gram statistics with strings, the
// obvious way; the hashed versions must agree with them.

func oracleTop(words []string, n int, datatrove bool, textLen int) float64 {
	type e struct{ count, first, chars int }
	m := map[string]*e{}
	var order []string
	for i := 0; i+n <= len(words); i++ {
		k := strings.Join(words[i:i+n], " ")
		if m[k] == nil {
			m[k] = &e{first: i, chars: runeLen(k) - (n - 1)}
			order = append(order, k)
		}
		m[k].count++
	}
	if len(order) == 0 {
		return 0
	}
	wordChars := runeLen(strings.Join(words, ""))
	var best *e
	for _, k := range order {
		x := m[k]
		switch {
		case best == nil, x.count > best.count:
			best = x
		case x.count == best.count && !datatrove && x.chars > best.chars:
			best = x
		}
	}
	if datatrove {
		return float64((best.chars+n-1)*best.count) / float64(textLen)
	}
	if best.count <= 1 {
		return 0
	}
	return float64(best.chars*best.count) / float64(wordChars)
}

func oracleDup(words []string, n int, datatrove bool, textLen int) float64 {
	if datatrove {
		seen := map[string]bool{}
		rep := 0
		for i := 0; i < len(words)-n+1; {
			k := strings.Join(words[i:i+n], "")
			if seen[k] {
				rep += runeLen(k)
				i += n
			} else {
				seen[k] = true
				i++
			}
		}
		return float64(rep) / float64(textLen)
	}
	count := map[string]int{}
	for i := 0; i+n <= len(words); i++ {
		count[strings.Join(words[i:i+n], " ")]++
	}
	covered := make([]bool, len(words))
	for i := 0; i+n <= len(words); i++ {
		if count[strings.Join(words[i:i+n], " ")] > 1 {
			for k := i; k < i+n; k++ {
				covered[k] = true
			}
		}
	}
	chars, total := 0, 0
	for i, w := range words {
		total += runeLen(w)
		if covered[i] {
			chars += runeLen(w)
		}
	}
	if total == 0 {
		return 0
	}
	return float64(chars) / float64(total)
}

func TestNGramsAgainstOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	vocab := []string{"a", "b", "ab", "ba", "é", "the", "cat", "x"}
	var sc repScratch
	for iter := range 300 {
		words := make([]string, rng.IntN(60))
		for i := range words {
			words[i] = vocab[rng.IntN(2+iter%len(vocab)-iter%2)]
		}
		text := strings.Join(words, " ")
		if text == "" {
			continue
		}
		for _, mode := range []GopherMode{GopherPaper, GopherDatatrove} {
			c := DefaultGopherRepetition(mode)
			st := c.stats(text, words, &sc)
			dt := mode == GopherDatatrove
			for n := 2; n <= 4; n++ {
				if want := oracleTop(words, n, dt, runeLen(text)); !near(st.topNGram[n-2], want) {
					t.Fatalf("%s top %d-gram of %q = %v, want %v", mode, n, text, st.topNGram[n-2], want)
				}
			}
			for n := 5; n <= 10; n++ {
				if want := oracleDup(words, n, dt, runeLen(text)); !near(st.dupNGram[n-5], want) {
					t.Fatalf("%s dup %d-gram of %q = %v, want %v", mode, n, text, st.dupNGram[n-5], want)
				}
			}
		}
	}
}
