//go:build amd64 && !purego

package flowlog

import (
	"os"
	"testing"
)

// archMaskImpls lists the assembly maskFuncs this CPU runs. Where CI
// says the machine must have them, a missing one fails.
func archMaskImpls(t testing.TB) []testedMask {
	var impls []testedMask
	if hasAVX2 {
		impls = append(impls, testedMask{"avx2", maskAVX2, masksAVX2})
	} else {
		missing(t, "AVX2")
	}
	if hasAVX512 {
		impls = append(impls, testedMask{"avx512", maskAVX512, masksAVX512})
	} else {
		missing(t, "AVX-512BW")
	}
	if hasVBMI2 {
		impls = append(impls, testedMask{"vbmi2", maskVBMI2, masksAVX512})
	} else {
		missing(t, "AVX-512 VBMI2")
	}
	return impls
}

func missing(t testing.TB, what string) {
	if os.Getenv("FLOWQ_REQUIRE_SIMD") == "true" {
		t.Fatalf("this CPU lacks %s, which FLOWQ_REQUIRE_SIMD requires", what)
	}
	t.Logf("this CPU lacks %s: its splitter is not tested here", what)
}
