// Package fmix holds murmur3's 64-bit finalizer, which spreads every input
// bit over every output bit. ccnet runs FNV-1a hashes through it where the
// top bits of the hash are used (shard splits, hash-table directories):
// FNV-1a alone mixes its last bytes poorly into the top bits.
package fmix

// Fmix64 is murmur3's fmix64.
func Fmix64(k uint64) uint64 {
	k ^= k >> 33
	k *= 0xff51afd7ed558ccd
	k ^= k >> 33
	k *= 0xc4ceb9fe1a85ec53
	k ^= k >> 33
	return k
}
