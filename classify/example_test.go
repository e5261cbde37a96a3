package classify_test

import (
	"fmt"

	"github.com/ccnet-go/ccnet/classify"
)

func ExampleLangID_Identify() {
	lid, err := classify.NewLangID(classify.LangOptions{})
	if err != nil {
		panic(err)
	}
	filter := classify.LangFilter{Threshold: classify.DefaultThreshold}
	for _, text := range []string{
		"Der Zug nach Hamburg fährt heute wegen Bauarbeiten eine halbe Stunde später ab, und die Reisenden müssen am Bahnhof in Hannover umsteigen.",
		"Ο καιρός αύριο θα είναι ηλιόλουστος.",
		"2024-01-01 12:00",
	} {
		r := lid.Identify(text)
		keep, why := filter.Decide(r)
		fmt.Printf("%q %.2f %s keep=%v %q\n", r.Label, r.Score, r.Path, keep, why)
	}
	// Output:
	// "de" 1.00 model keep=true ""
	// "el" 1.00 script keep=true ""
	// "" 0.00 none keep=false "lang-below-threshold"
}
