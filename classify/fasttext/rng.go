package fasttext

// minstd is std::minstd_rand (x = x*48271 mod 2^31-1), the generator of
// fastText's matrix init and of each training thread, with the seeding and
// the distributions of GNU libstdc++, which Debian's fasttext is built with.
type minstd struct{ x uint64 }

const (
	minstdM = 2147483647
	// minstdRange is max()-min()+1 of minstd_rand (min 1, max m-1).
	minstdRange = minstdM - 1
)

// newMinstd seeds as linear_congruential_engine::seed: s mod m, with 0
// replaced by 1. fastText passes an int32 that C++ widens to the engine's
// 64-bit result type, so negative seeds wrap modulo 2^64 first.
func newMinstd(seed int32) *minstd {
	s := uint64(int64(seed)) % minstdM
	if s == 0 {
		s = 1
	}
	return &minstd{x: s}
}

func (r *minstd) next() uint64 {
	r.x = r.x * 48271 % minstdM
	return r.x
}

// canonical is std::generate_canonical<double, 53>: two draws, since one
// draw gives 30 whole bits (libstdc++ truncates log2 of the range).
func (r *minstd) canonical() float64 {
	const rng = float64(minstdRange)
	sum := float64(r.next() - 1)
	sum += float64(r.next()-1) * rng
	ret := sum / (rng * rng)
	if ret >= 1 {
		ret = 0.99999999999999989 // nextafter(1, 0)
	}
	return ret
}

// uniformReal is std::uniform_real_distribution<double>(a, b).
func (r *minstd) uniformReal(a, b float64) float64 {
	return r.canonical()*(b-a) + a
}

// uniformInt is std::uniform_int_distribution(0, n-1) by libstdc++'s
// downscaling: reject draws past the last whole multiple of n, then divide.
func (r *minstd) uniformInt(n uint64) uint64 {
	const urngRange = minstdM - 2 // max() - min()
	scaling := urngRange / n
	past := n * scaling
	for {
		v := r.next() - 1
		if v < past {
			return v / scaling
		}
	}
}
