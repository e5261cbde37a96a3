package pipeline

// SetTestHookAfterBatch sets the hook a checkpointed run calls after each
// finalized batch (nil removes it).
func SetTestHookAfterBatch(f func(batch int) error) { testHookAfterBatch = f }
