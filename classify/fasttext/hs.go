package fasttext

// hsNode is a node of the hierarchical-softmax Huffman tree (loss.cc
// HierarchicalSoftmaxLoss::Node): leaves 0..osz-1 are the labels, inner
// node i uses output row i-osz.
type hsNode struct {
	parent, left, right int32
	count               int64
	binary              bool
}

// buildTree is HierarchicalSoftmaxLoss::buildTree over label counts sorted
// by decreasing count: it merges the two smallest of the remaining leaves
// (taken from the end) and inner nodes (in creation order).
func buildTree(counts []int64) []hsNode {
	osz := int32(len(counts))
	if osz == 0 {
		return nil
	}
	tree := make([]hsNode, 2*osz-1)
	for i := range tree {
		tree[i] = hsNode{parent: -1, left: -1, right: -1, count: 1e15}
	}
	for i := range osz {
		tree[i].count = counts[i]
	}
	leaf, node := osz-1, osz
	for i := osz; i < 2*osz-1; i++ {
		var mini [2]int32
		for j := range mini {
			// Inner nodes not built yet count 1e15 in fastText; testing
			// node < i keeps a corrupt count >= 1e15 from reaching them.
			if leaf >= 0 && (node >= i || tree[leaf].count < tree[node].count) {
				mini[j] = leaf
				leaf--
			} else {
				mini[j] = node
				node++
			}
		}
		tree[i].left, tree[i].right = mini[0], mini[1]
		tree[i].count = tree[mini[0]].count + tree[mini[1]].count
		tree[mini[0]].parent = i
		tree[mini[1]].parent = i
		tree[mini[1]].binary = true
	}
	return tree
}

// hsPath returns the output rows and branch codes from label's leaf up to
// the root.
func hsPath(tree []hsNode, label int32) (rows []int32, codes []bool) {
	osz := int32(len(tree)+1) / 2
	for j := label; tree[j].parent != -1; j = tree[j].parent {
		rows = append(rows, tree[j].parent-osz)
		codes = append(codes, tree[j].binary)
	}
	return rows, codes
}

// dfs is HierarchicalSoftmaxLoss::dfs: an exact top-k search of the tree,
// each inner node scoring its right child std_log(f) and its left child
// std_log(1-f), f the exact logistic of the node's dot product in float32.
func (m *Model) dfs(k int, threshold float32, node int32, score float32, s *state) {
	if score < stdLog(threshold) {
		return
	}
	if len(s.heap) == k && score < s.heap[0].score {
		return
	}
	n := &m.tree[node]
	if n.left == -1 && n.right == -1 {
		s.heap = pushHeap(s.heap, scored{score, node}, before)
		if len(s.heap) > k {
			s.heap = popHeap(s.heap, before)
		}
		return
	}
	osz := int32(len(m.tree)+1) / 2
	f := m.output.dotRow(s.hidden, node-osz)
	f = float32(1.0 / float64(1+expf(-f)))
	m.dfs(k, threshold, n.left, score+stdLog(float32(1.0-float64(f))), s)
	m.dfs(k, threshold, n.right, score+stdLog(f), s)
}
