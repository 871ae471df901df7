// Package enrichtest writes enrichment files for tests and examples:
// AWS's ip-ranges.json and ENI inventories as hand-written JSON, and
// MaxMind-format .mmdb databases with github.com/maxmind/mmdbwriter. All
// their data is invented; nothing is downloaded.
package enrichtest
