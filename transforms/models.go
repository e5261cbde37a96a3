package transforms

import "sync"

// models shares what the per-document stages load (language detector,
// tokenizers, language models, classifiers) between the DoFn instances of
// a worker process: they are large, read-only and safe for concurrent use,
// and Beam may create many instances of one DoFn.
var models sync.Map // key string → *modelOnce

type modelOnce struct {
	once sync.Once
	v    any
	err  error
}

// shared returns the value load gives for key, loading it once per process.
// A failed load is remembered too: the bundle fails, and so do retries in
// this process, with the same error.
func shared[T any](key string, load func() (T, error)) (T, error) {
	v, _ := models.LoadOrStore(key, &modelOnce{})
	m := v.(*modelOnce)
	m.once.Do(func() { m.v, m.err = load() })
	if m.err != nil {
		var zero T
		return zero, m.err
	}
	return m.v.(T), nil
}
