package filters

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// noBoundaryLangs are matched without word boundaries (TFDS c4.py and
// datatrove C4BadWordsFilter: ja, th and zh are written without spaces).
var noBoundaryLangs = map[string]bool{"ja": true, "th": true, "zh": true}

// BadWords holds LDNOOBW-style word lists, one per language. It is safe
// for concurrent use.
type BadWords struct {
	lists map[string]*trie
}

// LoadBadWords reads the list of each language in langs from dir: the file
// named by the language code, as in the LDNOOBW repository ("en"), or the
// same name with ".txt". One entry a line; entries are stripped (Python
// str.strip) and lower-cased, and blank lines are skipped. An entry may be
// a phrase ("2 girls 1 cup").
func LoadBadWords(dir string, langs ...string) (*BadWords, error) {
	b := &BadWords{lists: map[string]*trie{}}
	for _, lang := range langs {
		if lang == "" || strings.ContainsAny(lang, `/\`) {
			return nil, fmt.Errorf("filters: bad-words language %q: not a language code", lang)
		}
		var f *os.File
		var err error
		for _, name := range []string{lang, lang + ".txt"} {
			if f, err = os.Open(filepath.Join(dir, name)); err == nil || !errors.Is(err, fs.ErrNotExist) {
				break
			}
		}
		if err != nil {
			return nil, fmt.Errorf("filters: bad-words list for %q in %s: %w", lang, dir, err)
		}
		t := &trie{}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 0, 4096), 1<<20)
		n := 0
		for sc.Scan() {
			n++
			w := pyStrip(sc.Text())
			if w == "" {
				continue
			}
			if !utf8.ValidString(w) {
				f.Close()
				return nil, fmt.Errorf("filters: %s line %d: invalid UTF-8", f.Name(), n)
			}
			t.add(string(appendPyLower(nil, w)))
		}
		err = sc.Err()
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("filters: reading %s: %w", filepath.Join(dir, lang), err)
		}
		b.lists[lang] = t
	}
	return b, nil
}

// Has reports whether a list for lang is loaded.
func (b *BadWords) Has(lang string) bool {
	if b == nil {
		return false
	}
	_, ok := b.lists[lang]
	return ok
}

// Match reports whether text, lower-cased, contains an entry of lang's
// list, as C4 finds it: re.search(r"(?:\W|^)(w1|w2|...)(?:\W|$)") with
// Python's Unicode \W (not a letter, number or underscore), and a bare
// alternation for ja, th and zh. The bool is false when no list is loaded
// for lang.
func (b *BadWords) Match(lang, text string) (found, ok bool) {
	t, ok := b.lists[lang]
	if !ok {
		return false, false
	}
	return t.search(appendPyLower(make([]byte, 0, len(text)), text), !noBoundaryLangs[lang]), true
}

// trie is a byte trie of the entries of one list: the root's edges in an
// array, the others in one map keyed by node<<8 | byte.
type trie struct {
	root  [256]int32 // child of the root per byte, 0 for none
	edges map[uint64]int32
	end   []bool // end[node]: an entry ends here
}

func (t *trie) add(w string) {
	if t.edges == nil {
		t.edges = map[uint64]int32{}
		t.end = []bool{false}
	}
	n := int32(0)
	for i := 0; i < len(w); i++ {
		nx := t.next(n, w[i])
		if nx == 0 {
			nx = int32(len(t.end))
			t.end = append(t.end, false)
			if n == 0 {
				t.root[w[i]] = nx
			} else {
				t.edges[uint64(n)<<8|uint64(w[i])] = nx
			}
		}
		n = nx
	}
	t.end[n] = true
}

func (t *trie) next(n int32, c byte) int32 {
	if n == 0 {
		return t.root[c]
	}
	return t.edges[uint64(n)<<8|uint64(c)]
}

// search looks for an entry starting at each position of s (with bounded
// set, only where a word does not continue before it, and accepting only
// ends where a word does not continue after it).
func (t *trie) search(s []byte, bounded bool) bool {
	if t.edges == nil {
		return false
	}
	prevWord := false
	for i := 0; i < len(s); {
		c := s[i]
		if (!bounded || !prevWord) && t.root[c] != 0 && t.matchAt(s, i, bounded) {
			return true
		}
		if c < utf8.RuneSelf {
			prevWord = c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
			i++
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		prevWord = isWordRune(r)
		i += size
	}
	return false
}

func (t *trie) matchAt(s []byte, i int, bounded bool) bool {
	n := int32(0)
	for j := i; j < len(s); j++ {
		if n = t.next(n, s[j]); n == 0 {
			return false
		}
		if t.end[n] {
			if !bounded || j+1 == len(s) {
				return true
			}
			if r, _ := utf8.DecodeRune(s[j+1:]); !isWordRune(r) {
				return true
			}
		}
	}
	return false
}
