// Package classify holds cc_net's document classifiers. So far: language
// identification (cc_net: split_by_lang.py Classifier, mine.py
// steps["lid"]), with lingua-go v1.4.0 as the identifier of record in place
// of cc_net's fastText lid.176.
//
// # Use
//
// Build one LangID per worker (NewLangID) and share it between goroutines.
// Identify(raw_content) returns the cc_net label (ISO 639-1), the score
// rounded as cc_net writes language_score, and the path that decided.
// LangFilter applies the threshold (drop reason "lang-below-threshold") and
// the --keep-languages whitelist ("lang-not-kept"; RedPajama kept en only).
// Evaluate scores a labelled TSV (lang<TAB>text) for a future
// `ccnet langid eval`: accuracy per language, macro average, documents per
// second, documents and correct answers per deciding path.
//
// # Score and threshold, as cc_net
//
// cc_net rounds the top probability with numpy round(2), i.e.
// rint(p*100)/100 on the float64 value, half to even, and then keeps the
// document iff the rounded score >= 0.5 (Round2, KeepByThreshold). So 0.495
// is kept (0.495*100 is exactly 49.5 in float64, which rounds to 50) and
// 0.485 is dropped (48.5 → 48). A document with no letters gets no language
// (PathNone) and is dropped, as cc_net drops documents without prediction.
//
// With --lid-languages restricting the candidates, the score is lingua's
// confidence among the candidates only (a softmax over them), so it rises
// as candidates are removed. With a single candidate it is 1 for every text
// that has a letter: the threshold then drops only texts with nothing to
// score, and says nothing about whether the text is in that language.
//
// # Differences from cc_net's fastText LID
//
//   - Model: lingua (character 1–5-gram models of 75 languages) instead of
//     fastText lid.176 (176 labels). Scores are not comparable: lingua's
//     confidence on web-length texts is nearly always 1.00, so the 0.5
//     threshold drops far fewer documents than with fastText.
//   - Newlines: cc_net deletes "\n" before fastText (gluing the words on
//     both sides). We do not: lingua splits words at every non-letter, and
//     glued words would be n-grams lingua never saw in training.
//   - ModeFast scores only the first MaxChars runes (default 2000), and
//     lingua at most the first 600 runes when the first pass is nearly
//     sure; it may be decided by the script pre-pass or the first-pass
//     model (below); ModeLingua is plain lingua on the whole text.
//
// # Labels
//
// Label is lingua's ISO 639-1 code, except Norwegian Bokmål, which lid.176
// labels "no" (lid.176 has "no" and "nn"; lingua has Bokmal and Nynorsk).
// Chinese is "zh" for simplified and traditional alike, as in lid.176.
// Of cc_net's 48 LM languages lingua lacks km, kn, ml, my, ne
// (MissingFromLingua): those documents get another label. lingua
// also produces labels lid.176 lacks, as far as we know the lid.176 label
// list [unverified here]: lg, mi, sn, st, tn, ts, xh, zu. Beyond the 48 LM
// languages lid.176 has ~100 more labels that lingua lacks (e.g. am, si,
// ti, om — absent from the evaluation for that reason).
//
// # Design of ModeFast (default)
//
// lingua-go is slow on long texts (per call its rule engine runs regular
// expressions over every word, and each candidate language costs a
// string-keyed map lookup per n-gram plus an arbitrary-precision exp of
// about 0.3 ms) and needs ~2 GB when its high-accuracy models are loaded.
// ModeFast, in order:
//
//  1. Sample: the first MaxChars runes, cut back to a space.
//  2. Script pre-pass (PathScript): if ≥ 90 % of the sample's letters are
//     in a script only one lingua language uses (Greek el, Hebrew he, Thai
//     th, Hangul ko, Georgian ka, Armenian hy, Bengali bn, Gujarati gu,
//     Gurmukhi pa, Tamil ta, Telugu te; Han/kana: ja if ≥ 2 % kana, else
//     zh), that language decides with score 1 — what lingua's own rule
//     engine returns for an unambiguous alphabet.
//  3. First pass (PathModel): if ≥ 95 % of the letters are Latin, Cyrillic,
//     Arabic or other multi-language scripts, a naive Bayes model over
//     hashed character 1–3-grams (nbmodel.bin.gz, 1.7 MB, embedded) scores
//     the candidates (n-grams most languages saw are scored from dense rows,
//     two languages per 64-bit addition; the sums are exact integers, so this
//     only saves time). It decides when it has ≥ 60 n-grams and its best
//     candidate beats the second by ≥ 0.3 nats per n-gram; its score is its
//     softmax probability. It scores the sample in chunks of ~200 bytes cut at
//     spaces and stops early once ≥ 300 n-grams give the best a margin
//     of ≥ 0.5 nats per n-gram. It is trained on the lingua sentences for which
//     HeldOut is false (FNV-1a 64 of the sentence mod 10 != 0); retrain with
//     `go test -run TrainModel ./classify -args -train`; the thresholds come
//     from `go test -run Calibrate -v ./classify -args -calibrate`.
//  4. Short samples (under 120 letters, where plain lingua scores 1- to
//     5-grams) the first pass did not decide: low-accuracy lingua ranks
//     every candidate; if its best is one of a fixed set of languages
//     (exactLabels in short.go, chosen to bound memory), high-accuracy
//     lingua chooses among the languages of that set in the first pass's
//     and low-accuracy lingua's 5 best, and its confidence is scaled by the
//     share of low-accuracy confidence those languages hold (an estimate of
//     plain lingua's softmax over every candidate). Otherwise low-accuracy
//     lingua's answer stands. PathLingua.
//  5. Otherwise lingua decides (PathLingua) in low-accuracy mode (trigrams;
//     identical to high accuracy from 120 letters on) among a shortlist
//     from the first pass: its 3 best on the first 600 runes when its
//     margin is ≥ 0.15 nats per n-gram; else, on the whole sample, its 3
//     best and those of its next 5 within 0.35 nats per n-gram of the best.
//     A sample that mixes scripts adds the languages of its single-language
//     scripts to the shortlist. If lingua answers nothing among the
//     shortlist, every candidate is scored. A sample in multi-language
//     scripts only (as for step 3) reaches lingua with each lower-cased
//     word once (distinctWords): lingua scores the set of distinct n-grams,
//     so its n-gram scores are unchanged, while its rule engine, which
//     costs time per word, sees each word once. (Mixed-script samples keep
//     their repeats: there the rule engine weighs scripts by word counts,
//     and one web document changed its answer without them.)
//
// Steps 4 and 5 were calibrated against plain lingua on the 697 web
// documents of the conformance test (no other data compares with lingua
// there), so that figure is not independent of the design; the sentence
// accuracy is measured on held-out sentences the first pass never saw.
//
// Memory: trigram models of every candidate are preloaded (~125 MB); the
// high-accuracy models of the exactLabels languages load lazily and stay
// loaded (~360 MB of heap when all are loaded, BenchmarkExactModels).
//
// LangOptions.ExactShort sends short samples the first pass did not decide
// to high-accuracy lingua with every candidate instead; this loads 1–5-gram
// models of all languages lazily (~1.6 GB).
//
// # Measured (2 cores shared with other jobs, Go 1.26, shared data present)
//
// Held-out lingua sentences, ≤ 40 per language, 2992 sentences of the 75
// supported languages (go test -run ConformanceSentences -v ./classify):
//
//	plain lingua (high accuracy)  macro accuracy 0.9560
//	ModeFast                      macro accuracy 0.9580
//	  by path: model 1725/1726 correct, script 486/486, lingua 655/780
//
// UDHR paragraphs (udhr-532-paragraphs.tsv.gz), ≤ 30 per translation, every
// translation whose BCP 47 language lingua supports: 3122 paragraphs, 73
// languages (go test -run ConformanceUDHR -v ./classify -args -udhr):
//
//	plain lingua (high accuracy)  macro accuracy 0.8568
//	ModeFast                      macro accuracy 0.8380   NOT within 1 point
//
// This half of issue 4's accuracy bar is not met. About half the
// paragraphs are headings of one or two words ("Artikel 1", "Статья 1",
// "Artikolo 1"). Plain lingua scores those with its 1- to 5-gram models;
// step 4 does so only among exactLabels languages, so headings such as
// "Artikel 1" (nl; plain lingua's confidence 0.18), "Член 1" (mk),
// "Erthygl 1" (cy) or "Artikkel 1" (nn) mostly go wrong: plain lingua
// wins them by a hair among all 75 languages' 1- to 5-gram models, with
// confidences under cc_net's 0.5 threshold (and the pipeline drops texts
// under 300 characters before language ID). Loading the high-accuracy
// models of every language would match it and cost about 1.6 GB (11–42 MB
// of heap per language, measured), over the 1 GB budget. Adding ru, eo,
// cy, mk and lt to exactLabels took UDHR from 0.8228 to 0.8380; adding da,
// uk and is too, with shortK 8, reaches 0.8508 (within the bar) but puts
// the web benchmark's peak RSS at 1.0 GB (short.go); letting
// step 4 choose among the exactLabels languages of its shortlist when the
// best is not one of them is worse everywhere (sentences 0.9253, UDHR
// 0.8087, web 683/697).
//
// The 697 web documents of wet/DERIVED__*.warc.wet.gz, title line dropped
// (go test -run ConformanceWeb -v ./classify), same label as plain lingua:
//
//	ModeFast   0.9813 (684 documents; keep/drop decision 0.9813)
//	paths: model 384, lingua 240, script 20, none 53 (empty bodies)
//
// The 13 disagreements: mostly pages where one side answers a language
// with a small lingua model (yo, st, la, vi, tl) on English catalogue,
// Kashubian, Min Nan or Latin-on-Italian-Wikipedia pages (lingua's unseen
// trigrams cost nothing, which favours such languages); two pages whose
// first 2000 runes differ from the rest (Pinboard: Romanian head, English
// body); one short English page the first pass decides where lingua says
// nl with confidence 0.2; cs against lingua's sk on a Czech Wikisource
// page.
//
// Speed, one goroutine, caches warm, both paths in one run
// (go test -run '^$' -bench Identify -benchtime 1394x ./classify), three
// runs on 2 vCPUs with load average 4–7 (other jobs and a callgrind run on
// the other vCPU). docs/s is wall-clock; docs/cpu-s counts the process's
// CPU time (see benchIdentify for why the process clock), which excludes
// time spent waiting for a core but not the slowdown of sharing one:
//
//	                       ModeFast                plain lingua (75 languages)  ratio
//	697 web documents      594–847 /s              20.2–23.4 /s                 27–42×
//	                       879–1,033 /cpu-s        34.9–39.0 /cpu-s             25–29×
//	15 built-in sentences  1,001–2,698 /s          97–150 /s                    10–18×
//	                       2,522–3,167 /cpu-s      186–218 /cpu-s               13.5–14.5×
//
// Neither clock is steady here: one binary gave 859, 1,209 and 1,026 web
// docs/cpu-s in three runs. Against the previous design (no dense
// first-pass rows, repeated words passed to lingua, the first pass run
// twice on short samples), binaries run alternately in the same minutes:
// 859–1,209 web docs/cpu-s before against 879–1,033 after with the command
// above, and 770–865 against 858–1,088 docs/s with GOMAXPROCS=1. Instruction
// counts do not depend on the load: under callgrind (valgrind
// --tool=callgrind with GODEBUG=asyncpreemptoff=1, a run with two passes of
// ModeFast over the 697 web documents minus a run with one) a pass costs
// 2.58 G instructions against 5.22 G before (0.49×). The time falls less
// than the instructions, presumably because much of what remains waits on
// memory (lingua's string-keyed map lookups in 125 MB of models, the
// garbage collector).
//
// Where ModeFast's CPU time goes on the web documents (pprof of the
// benchmark, -cpuprofile): lingua about 60 % (n-gram map lookups 19 %,
// arbitrary-precision exp and division 18 %, rule engine 16 %), the first
// pass 21 %, garbage collection 11 %. The web documents cost very
// unequally: the 76 whose first pass is unsure (margin < 0.15; lingua on
// the whole 2000-rune sample) take 40–50 % of the time. Short texts the
// first pass does not decide cost a low-accuracy lingua call over every
// candidate plus a high-accuracy one (step 4), which is why ModeFast's lead
// over plain lingua is smaller on the built-in sentences.
//
// Peak RSS of the test binary running the web benchmark
// (/usr/bin/time -v classify.test -test.run '^$' -test.bench
// 'Identify/web/fast' -test.benchtime 2788x): ModeFast 875–901 MB (742–770
// MB before ru, eo, cy, mk and lt joined exactLabels, same session); with
// every exactLabels model loaded first (-test.bench ExactModels
// -test.benchtime 697x) 831 MB, 453 MB of it live heap: the peak depends on
// when the collector runs, so the web run can exceed it. Plain lingua 1.9 GB.
package classify
