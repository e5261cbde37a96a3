package tokenizer

import (
	"sort"
	"sync"
	"unicode"
)

// Unicode scripts for the trainer's split_by_unicode_script rule, from Go's
// unicode.Scripts (sentencepiece has its own table, unicode_script_map.h;
// code points unassigned in it are Common there, and here too).

const (
	scriptCommon = iota
	scriptInherited
	scriptHan
	scriptHiragana
	scriptKatakana
	scriptAny = -1
)

var (
	scriptOnce  sync.Once
	scriptTable []uint8 // script id per code point, built on first use
)

func loadScripts() {
	ids := map[string]int{"Common": scriptCommon, "Inherited": scriptInherited, "Han": scriptHan,
		"Hiragana": scriptHiragana, "Katakana": scriptKatakana}
	names := make([]string, 0, len(unicode.Scripts))
	for name := range unicode.Scripts {
		names = append(names, name)
	}
	sort.Strings(names)
	scriptTable = make([]uint8, unicode.MaxRune+1)
	for _, name := range names {
		id, ok := ids[name]
		if !ok {
			id = len(ids)
			ids[name] = id
		}
		t := unicode.Scripts[name]
		for _, r := range t.R16 {
			for c := uint32(r.Lo); c <= uint32(r.Hi); c += uint32(r.Stride) {
				scriptTable[c] = uint8(id)
			}
		}
		for _, r := range t.R32 {
			for c := r.Lo; c <= r.Hi; c += r.Stride {
				scriptTable[c] = uint8(id)
			}
		}
	}
}

// scriptOf is sentencepiece's unicode_script::GetScript.
func scriptOf(c rune) int {
	scriptOnce.Do(loadScripts)
	if c < 0 || c > unicode.MaxRune {
		return scriptCommon
	}
	return int(scriptTable[c])
}
