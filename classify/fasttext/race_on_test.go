//go:build race

package fasttext

// raceEnabled: the race detector is on, and Hogwild training would trip it.
const raceEnabled = true
