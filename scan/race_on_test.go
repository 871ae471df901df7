//go:build race

package scan

// raceEnabled: the race detector is on, and sync.Pool drops items at random
// to find misuse, so counting allocations says nothing.
const raceEnabled = true
