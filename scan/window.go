package scan

import "time"

// StartBounds returns bounds, in Unix seconds, on the start of every
// record that can be in w, for sources that select by a timestamp equal
// to a record's start (CloudWatch Logs events): a record ends at or after
// Lo, and starts at most one aggregation interval plus the capture delay
// before its end; it starts at or before Hi. Both sides are widened by the
// same delivery slack as S3 file stamps, so nothing in the window is lost.
func (w Window) StartBounds() (lo, hi int64, hasLo, hasHi bool) {
	lead := int64((maxAggregation + captureDelay + deliverySlack) / time.Second)
	return w.Lo - lead, w.Hi + int64(deliverySlack/time.Second), w.HasLo, w.HasHi
}
