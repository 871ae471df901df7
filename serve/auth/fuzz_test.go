package auth

import (
	"strings"
	"testing"
	"time"
)

func FuzzParseGrants(f *testing.F) {
	f.Add([]byte(`{"users":{"a@b.c":["111111111111"]},"groups":{"g":["*"]},"default":["222222222222"]}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"users":{"":[]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := ParseGrants(data)
		if err != nil {
			return
		}
		for _, id := range []Identity{{Subject: "a@b.c"}, {Subject: "x", Groups: []string{"g"}}, {}} {
			all, accts := g.Accounts(id)
			for _, a := range accts {
				if !isAccountID(a) {
					t.Fatalf("Accounts returned %q", a)
				}
				if !g.Allows(id, a) {
					t.Fatalf("Accounts lists %q but Allows refuses it", a)
				}
			}
			if all != g.Allows(id, "999999999999") && !containsAccount(accts, "999999999999") {
				t.Fatalf("all=%v disagrees with Allows", all)
			}
		}
	})
}

func containsAccount(list []string, a string) bool {
	for _, v := range list {
		if v == a {
			return true
		}
	}
	return false
}

// FuzzSignerOpen checks that no token but one sealed with the key opens:
// any accepted input carries the sealed payload unchanged.
func FuzzSignerOpen(f *testing.F) {
	s := newSigner([]byte(strings.Repeat("k", MinSessionKeyLen)), "session")
	now := time.Unix(1_800_000_000, 0)
	valid, err := s.seal(sessionValue{Subject: "alice", Groups: []string{"g"}}, now.Add(time.Hour))
	if err != nil {
		f.Fatal(err)
	}
	payload, _, _ := strings.Cut(valid, ".")
	f.Add(valid)
	f.Add(payload + ".")
	f.Add("")
	f.Fuzz(func(t *testing.T, token string) {
		var v sessionValue
		if s.open(token, now, &v) != nil {
			return
		}
		if got, _, _ := strings.Cut(token, "."); got != payload {
			t.Fatalf("accepted a token with another payload: %q", token)
		}
	})
}

// FuzzALBVerify checks that no mutation of a valid ALB token verifies
// unless it still carries the signed header and payload.
func FuzzALBVerify(f *testing.F) {
	keys := newALBKeys(f)
	now := time.Unix(1_800_000_000, 0)
	a, err := NewALB(ALBConfig{LoadBalancerARN: testARN, KeyURL: keys.srv.URL,
		HTTPClient: keys.srv.Client(), Now: func() time.Time { return now }})
	if err != nil {
		f.Fatal(err)
	}
	valid := albToken(f, keys.keys[testKeyID],
		map[string]any{"alg": "ES256", "kid": testKeyID, "signer": testARN, "exp": now.Add(time.Minute).Unix()},
		map[string]any{"sub": "u-1"})
	parts := strings.Split(valid, ".")
	f.Add(valid)
	f.Add(parts[0] + "." + parts[1] + ".")
	f.Add(strings.ReplaceAll(valid, "=", ""))
	f.Fuzz(func(t *testing.T, token string) {
		if _, err := a.(*alb).verify(t.Context(), token); err != nil {
			return
		}
		got := strings.Split(token, ".")
		if len(got) != 3 || strings.TrimRight(got[0], "=") != strings.TrimRight(parts[0], "=") ||
			strings.TrimRight(got[1], "=") != strings.TrimRight(parts[1], "=") {
			t.Fatalf("accepted a token with another header or payload: %q", token)
		}
	})
}
