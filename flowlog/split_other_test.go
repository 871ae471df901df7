//go:build !amd64 || purego

package flowlog

import "testing"

func archMaskImpls(testing.TB) []testedMask { return nil }
