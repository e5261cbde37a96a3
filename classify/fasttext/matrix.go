package fasttext

// matrix is the read side of fastText's Matrix: the dense one and the
// product-quantized one of .ftz files.
type matrix interface {
	size() (rows, cols int64)
	// addRowTo adds row i to x (Matrix::addRowToVector).
	addRowTo(x []float32, i int32)
	// dotRow is the dot product of row i and x, summed in float32 in
	// column order (Matrix::dotRow).
	dotRow(x []float32, i int32) float32
}

// denseMatrix is a row-major m×n float32 matrix (densematrix.cc).
type denseMatrix struct {
	m, n int64
	data []float32
}

func newDense(m, n int64) *denseMatrix {
	return &denseMatrix{m: m, n: n, data: make([]float32, m*n)}
}

func (d *denseMatrix) size() (int64, int64) { return d.m, d.n }

func (d *denseMatrix) row(i int32) []float32 {
	off := int64(i) * d.n
	return d.data[off : off+d.n : off+d.n]
}

func (d *denseMatrix) addRowTo(x []float32, i int32) {
	addTo(x, d.row(i))
}

func (d *denseMatrix) dotRow(x []float32, i int32) float32 {
	return dot(d.row(i), x)
}

// addTo is x += y.
func addTo(x, y []float32) {
	y = y[:len(x)]
	for j := range x {
		x[j] += y[j]
	}
}

// addScaled is x += a*y, each product rounded to float32 before the sum
// (no fused multiply-add), as fastText's Vector::addRow and
// DenseMatrix::addVectorToRow compute it.
func addScaled(x []float32, a float32, y []float32) {
	y = y[:len(x)]
	for j := range x {
		x[j] += float32(a * y[j])
	}
}

// scale is x *= a.
func scale(x []float32, a float32) {
	for j := range x {
		x[j] *= a
	}
}

// dot sums x[j]*y[j] in float32 in index order, each product rounded
// before the sum, so the result is fastText's bit for bit.
func dot(x, y []float32) float32 {
	y = y[:len(x)]
	var s float32
	for j := range x {
		s += float32(x[j] * y[j])
	}
	return s
}

// ksub is the number of centroids per sub-quantizer (productquantizer.h:
// nbits 8).
const ksub = 256

// productQuantizer holds the centroids of fastText's product quantizer
// (productquantizer.cc): the dim columns are cut into nsubq groups of dsub
// columns, the last one lastdsub wide, each with 256 centroids.
type productQuantizer struct {
	dim, nsubq, dsub, lastdsub int32
	centroids                  []float32
}

// centroid returns centroid c of sub-quantizer m (get_centroids).
func (p *productQuantizer) centroid(m int32, c byte) []float32 {
	if m == p.nsubq-1 {
		off := int(m)*ksub*int(p.dsub) + int(c)*int(p.lastdsub)
		return p.centroids[off : off+int(p.lastdsub)]
	}
	off := (int(m)*ksub + int(c)) * int(p.dsub)
	return p.centroids[off : off+int(p.dsub)]
}

// quantMatrix is fastText's QuantMatrix: each row is nsubq centroid codes,
// optionally times a quantized norm (qnorm).
type quantMatrix struct {
	m, n      int64
	codes     []byte
	pq        *productQuantizer
	qnorm     bool
	normCodes []byte
	npq       *productQuantizer
}

func (q *quantMatrix) size() (int64, int64) { return q.m, q.n }

func (q *quantMatrix) norm(i int32) float32 {
	if !q.qnorm {
		return 1
	}
	return q.npq.centroid(0, q.normCodes[i])[0]
}

// addRowTo is ProductQuantizer::addcode with alpha = the row's norm.
func (q *quantMatrix) addRowTo(x []float32, i int32) {
	alpha := q.norm(i)
	code := q.codes[int64(i)*int64(q.pq.nsubq):]
	for m := int32(0); m < q.pq.nsubq; m++ {
		c := q.pq.centroid(m, code[m])
		addScaled(x[int(m)*int(q.pq.dsub):int(m)*int(q.pq.dsub)+len(c)], alpha, c)
	}
}

// dotRow is ProductQuantizer::mulcode: one float32 sum over all
// sub-quantizers, then times the norm.
func (q *quantMatrix) dotRow(x []float32, i int32) float32 {
	alpha := q.norm(i)
	code := q.codes[int64(i)*int64(q.pq.nsubq):]
	var s float32
	for m := int32(0); m < q.pq.nsubq; m++ {
		c := q.pq.centroid(m, code[m])
		xs := x[int(m)*int(q.pq.dsub):]
		for j, v := range c {
			s += float32(xs[j] * v)
		}
	}
	return s * alpha
}
