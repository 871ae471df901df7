//go:build !unix

package flowlog

import "testing"

func guardedPage(t *testing.T) ([]byte, bool) {
	t.Log("no guarded page on this system")
	return nil, false
}
