package shards

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"
)

// DType is the code Megatron's .idx header gives the element type of the
// .bin file (megatron/core/datasets/indexed_dataset.py, class DType).
type DType uint8

// Megatron's dtype codes. The integer codes are the same in the legacy
// megatron/data/indexed_dataset.py; fairseq's 9 (uint32) and 10 (uint64)
// are not Megatron codes and are refused.
const (
	Uint8   DType = 1
	Int8    DType = 2
	Int16   DType = 3
	Int32   DType = 4
	Int64   DType = 5
	Float64 DType = 6
	Float32 DType = 7
	Uint16  DType = 8
)

// optimalLimit is Megatron's DType.optimal_dtype bound: a vocabulary of
// fewer than 65,500 ids is stored as uint16, anything larger as int32.
const optimalLimit = 65500

// OptimalDType is Megatron's DType.optimal_dtype(vocab): Uint16 when vocab
// < 65,500, else Int32. LLaMA's 32,000 ids give Uint16 (code 8).
func OptimalDType(vocab int) DType {
	if vocab < optimalLimit {
		return Uint16
	}
	return Int32
}

var dtypeNames = [...]string{Uint8: "uint8", Int8: "int8", Int16: "int16", Int32: "int32",
	Int64: "int64", Float64: "float64", Float32: "float32", Uint16: "uint16"}

var dtypeSizes = [...]int{Uint8: 1, Int8: 1, Int16: 2, Int32: 4, Int64: 8, Float64: 8, Float32: 4, Uint16: 2}

// Valid reports whether d is one of Megatron's eight codes.
func (d DType) Valid() bool { return d >= Uint8 && d <= Uint16 }

// Integer reports whether d is an integer type, the only ones that hold
// token ids here.
func (d DType) Integer() bool { return d.Valid() && d != Float32 && d != Float64 }

// Size is the width of one element in bytes (0 for an unknown code).
func (d DType) Size() int {
	if !d.Valid() {
		return 0
	}
	return dtypeSizes[d]
}

func (d DType) String() string {
	if !d.Valid() {
		return fmt.Sprintf("DType(%d)", uint8(d))
	}
	return dtypeNames[d]
}

// maxToken is the largest token id d holds.
func (d DType) maxToken() uint32 {
	switch d {
	case Uint8:
		return math.MaxUint8
	case Int8:
		return math.MaxInt8
	case Int16:
		return math.MaxInt16
	case Uint16:
		return math.MaxUint16
	case Int32:
		return math.MaxInt32
	}
	return math.MaxUint32
}

// checkTokens returns the index of the first token d cannot hold, or -1.
func checkTokens(d DType, tokens []uint32) int {
	limit := d.maxToken()
	if limit == math.MaxUint32 {
		return -1
	}
	for i, t := range tokens {
		if t > limit {
			return i
		}
	}
	return -1
}

// appendTokens appends tokens little-endian as elements of d, an integer
// type that holds every one of them (see checkTokens).
func appendTokens(dst []byte, d DType, tokens []uint32) []byte {
	switch d {
	case Uint8, Int8:
		for _, t := range tokens {
			dst = append(dst, byte(t))
		}
	case Uint16, Int16:
		for _, t := range tokens {
			dst = binary.LittleEndian.AppendUint16(dst, uint16(t))
		}
	case Int32:
		for _, t := range tokens {
			dst = binary.LittleEndian.AppendUint32(dst, t)
		}
	case Int64:
		for _, t := range tokens {
			dst = binary.LittleEndian.AppendUint64(dst, uint64(t))
		}
	default:
		panic("shards: appendTokens: not an integer dtype: " + d.String())
	}
	return dst
}

// decodeTokens appends the elements of src, of integer type d, to dst. It
// returns the index of the first element that is not a token id (negative,
// or past uint32), or -1.
func decodeTokens(dst []uint32, d DType, src []byte) ([]uint32, int) {
	dst = slices.Grow(dst, len(src)/d.Size())
	switch d {
	case Uint8:
		for _, b := range src {
			dst = append(dst, uint32(b))
		}
	case Int8:
		for i, b := range src {
			if int8(b) < 0 {
				return dst, i
			}
			dst = append(dst, uint32(b))
		}
	case Uint16: // the common case, without append's bookkeeping
		n := len(dst)
		dst = dst[:n+len(src)/2]
		for i := range dst[n:] {
			dst[n+i] = uint32(binary.LittleEndian.Uint16(src[2*i:]))
		}
	case Int16:
		for i := 0; i+2 <= len(src); i += 2 {
			v := int16(binary.LittleEndian.Uint16(src[i:]))
			if v < 0 {
				return dst, i / 2
			}
			dst = append(dst, uint32(v))
		}
	case Int32:
		for i := 0; i+4 <= len(src); i += 4 {
			v := int32(binary.LittleEndian.Uint32(src[i:]))
			if v < 0 {
				return dst, i / 4
			}
			dst = append(dst, uint32(v))
		}
	case Int64:
		for i := 0; i+8 <= len(src); i += 8 {
			v := binary.LittleEndian.Uint64(src[i:])
			if v > math.MaxUint32 {
				return dst, i / 8
			}
			dst = append(dst, uint32(v))
		}
	default:
		panic("shards: decodeTokens: not an integer dtype: " + d.String())
	}
	return dst, -1
}
