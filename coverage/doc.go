// Package coverage says what the logs do not show in a window, so that an
// answer such as "no traffic from X" can be weighed:
//
//   - delivery gaps: per flow log (account, region, flow log id), the
//     5-minute windows with no object, between the objects there are and
//     at the edges of the window asked for. AWS writes no object for a
//     window without records, so a gap is either quiet or loss; the logs
//     alone cannot tell;
//   - SKIPDATA records: AWS lost records on that interface (capacity);
//   - NODATA records: the interface logged no traffic.
//
// Deliveries come from scan.ObjectReports (Gaps); statuses from the
// records themselves (Statuses.Add). Run does both in one scan.
package coverage
