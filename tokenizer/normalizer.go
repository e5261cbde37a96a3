package tokenizer

import (
	"bytes"
	"encoding/binary"
	"errors"
	"unicode/utf8"
)

const (
	spaceSymbol = "\u2581" // "▁", sentencepiece's kSpaceSymbol
	replacement = "\uFFFD"
)

// charsMap is NormalizerSpec.precompiled_charsmap decoded: a darts-clone
// double array whose leaf values are offsets into normalized, a blob of
// NUL-terminated replacement strings. The blob is a little-endian uint32
// trie size in bytes, the trie units, then the strings (normalizer.cc
// EncodePrecompiledCharsMap).
type charsMap struct {
	units      []uint32
	normalized []byte
}

func parseCharsMap(blob []byte) (*charsMap, error) {
	if len(blob) <= 4 {
		return nil, errors.New("precompiled_charsmap is too short")
	}
	n := binary.LittleEndian.Uint32(blob)
	if uint64(n) >= uint64(len(blob)) || uint64(n)+4 > uint64(len(blob)) || n%4 != 0 {
		return nil, errors.New("precompiled_charsmap trie size exceeds the blob")
	}
	units := make([]uint32, n/4)
	for i := range units {
		units[i] = binary.LittleEndian.Uint32(blob[4+4*i:])
	}
	return &charsMap{units: units, normalized: blob[4+n:]}, nil
}

// longestPrefix is darts-clone's commonPrefixSearch keeping the longest
// match: it returns the matched length (0 for none) and the replacement.
func (c *charsMap) longestPrefix(s string) (int, string) {
	u := c.units
	if len(u) == 0 {
		return 0, ""
	}
	pos := dartsOffset(u[0])
	best, value := 0, uint32(0)
	for i := 0; i < len(s); i++ {
		k := uint32(s[i])
		pos ^= k
		if pos >= uint32(len(u)) {
			break
		}
		unit := u[pos]
		if unit&(1<<31|0xFF) != k { // label
			break
		}
		pos ^= dartsOffset(unit)
		if unit>>8&1 != 0 && pos < uint32(len(u)) { // has_leaf
			best, value = i+1, u[pos]&(1<<31-1)
		}
	}
	if best == 0 {
		return 0, ""
	}
	if uint64(value) >= uint64(len(c.normalized)) {
		return best, ""
	}
	rest := c.normalized[value:]
	if e := bytes.IndexByte(rest, 0); e >= 0 {
		rest = rest[:e]
	}
	return best, string(rest)
}

func dartsOffset(u uint32) uint32 { return (u >> 10) << ((u & (1 << 9)) >> 6) }

// prefixSet finds the longest of a set of strings at the start of a text
// (normalizer.cc PrefixMatcher, used for user-defined symbols).
type prefixSet struct {
	set    map[string]struct{}
	first  [256]bool
	maxLen int
}

func newPrefixSet(words []string) *prefixSet {
	if len(words) == 0 {
		return nil
	}
	p := &prefixSet{set: make(map[string]struct{}, len(words))}
	for _, w := range words {
		p.set[w] = struct{}{}
		p.first[w[0]] = true
		p.maxLen = max(p.maxLen, len(w))
	}
	return p
}

// match returns the length of the longest word at the start of s, or 0.
func (p *prefixSet) match(s string) int {
	if p == nil || s == "" || !p.first[s[0]] {
		return 0
	}
	for l := min(p.maxLen, len(s)); l > 0; l-- {
		if _, ok := p.set[s[:l]]; ok {
			return l
		}
	}
	return 0
}

// oneCharLen is sentencepiece's string_util::OneCharLen: the UTF-8 length
// implied by the lead byte alone.
func oneCharLen(b byte) int {
	return int("\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x02\x02\x03\x04"[b>>4])
}

// normalizer is sentencepiece's Normalizer for one NormalizerSpec.
type normalizer struct {
	spec     NormalizerSpec
	cmap     *charsMap
	user     *prefixSet
	wsSuffix bool // TrainerSpec.treat_whitespace_as_suffix
}

func newNormalizer(spec NormalizerSpec, user *prefixSet, wsSuffix bool) (*normalizer, error) {
	n := &normalizer{spec: spec, user: user, wsSuffix: wsSuffix}
	if len(spec.PrecompiledCharsmap) > 0 {
		c, err := parseCharsMap(spec.PrecompiledCharsmap)
		if err != nil {
			return nil, err
		}
		n.cmap = c
	}
	return n, nil
}

// prefix normalizes the first unit of s: a user-defined symbol, the
// longest charsmap match, or one UTF-8 character (U+FFFD for an invalid
// byte). It returns the replacement and the number of bytes consumed.
func (n *normalizer) prefix(s string) (string, int) {
	if l := n.user.match(s); l > 0 {
		return s[:l], l
	}
	if n.cmap != nil {
		if l, r := n.cmap.longestPrefix(s); l > 0 {
			return r, l
		}
	}
	r, l := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError && l == 1 {
		return replacement, 1
	}
	return s[:l], l
}

func (n *normalizer) appendSpace(dst []byte) []byte {
	if n.spec.EscapeWhitespaces {
		return append(dst, spaceSymbol...)
	}
	return append(dst, ' ')
}

// normalize appends the normalized form of s to dst (Normalizer::Normalize).
func (n *normalizer) normalize(dst []byte, s string) []byte {
	if s == "" {
		return dst
	}
	if n.cmap == nil && n.user == nil && !n.spec.RemoveExtraWhitespaces && n.spec.EscapeWhitespaces {
		return n.normalizeIdentity(dst, s)
	}
	removeExtra := n.spec.RemoveExtraWhitespaces
	if removeExtra {
		for s != "" {
			r, l := n.prefix(s)
			if r != " " {
				break
			}
			s = s[l:]
		}
		if s == "" {
			return dst
		}
	}
	start := len(dst)
	if !n.wsSuffix && n.spec.AddDummyPrefix {
		dst = n.appendSpace(dst)
	}
	prevSpace := removeExtra
	for s != "" {
		r, l := n.prefix(s)
		for prevSpace && len(r) > 0 && r[0] == ' ' {
			r = r[1:]
		}
		if r != "" {
			if n.spec.EscapeWhitespaces {
				for i := 0; i < len(r); i++ {
					if r[i] == ' ' {
						dst = append(dst, spaceSymbol...)
					} else {
						dst = append(dst, r[i])
					}
				}
			} else {
				dst = append(dst, r...)
			}
			prevSpace = r[len(r)-1] == ' '
		}
		s = s[l:]
		if !removeExtra {
			prevSpace = false
		}
	}
	if removeExtra {
		sp := " "
		if n.spec.EscapeWhitespaces {
			sp = spaceSymbol
		}
		for len(dst)-start >= len(sp) && string(dst[len(dst)-len(sp):]) == sp {
			dst = dst[:len(dst)-len(sp)]
		}
	}
	if n.wsSuffix && n.spec.AddDummyPrefix {
		dst = n.appendSpace(dst)
	}
	return dst
}

// normalizeIdentity is normalize for LLaMA's kind of spec: no charsmap,
// no user-defined symbols, spaces kept and escaped. Only spaces and
// invalid UTF-8 bytes change.
func (n *normalizer) normalizeIdentity(dst []byte, s string) []byte {
	if !n.wsSuffix && n.spec.AddDummyPrefix {
		dst = append(dst, spaceSymbol...)
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == ' ' {
				dst = append(dst, spaceSymbol...)
			} else {
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, l := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && l == 1 {
			dst = append(dst, replacement...)
		} else {
			dst = append(dst, s[i:i+l]...)
		}
		i += l
	}
	if n.wsSuffix && n.spec.AddDummyPrefix {
		dst = append(dst, spaceSymbol...)
	}
	return dst
}
