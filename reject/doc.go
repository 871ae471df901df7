// Package reject explains REJECTed flows from the logs alone. For each
// REJECT in a scan's window it looks for the flow in the other direction
// (the same 5-tuple reversed, on the same interface, overlapping in time)
// and classifies the reject:
//
//   - ResponseRejected: the reject is a response whose request was
//     accepted. Security groups are stateful and would have let the
//     response back, so a network ACL (stateless) dropped it.
//   - RequestRejected: the reject is a request. A security group or a
//     network ACL refused it; the logs alone cannot tell which.
//   - Unpaired: a response (or a flow whose direction the ports do not
//     show) with no accepted request on record.
//
// Whether a record is a request or a response is read from tcp-flags where
// the format has them (SYN alone: a request; SYN and ACK: a response), and
// otherwise from the ports: the lower port is the service's. Run scans
// twice: once for the REJECTs the filter selects, then for their reverse
// flows, so memory follows the number of REJECTs, not of records.
package reject
