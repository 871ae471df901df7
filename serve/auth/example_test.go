package auth_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/flowq/flowq/serve/auth"
)

func ExampleParseGrants() {
	g, err := auth.ParseGrants([]byte(`{
	  "users":  {"alice@example.com": ["111111111111"]},
	  "groups": {"helpdesk": ["222222222222"], "network-admins": ["*"]}
	}`))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(g.Accounts(auth.Identity{Subject: "u1", Email: "Alice@example.com", Groups: []string{"helpdesk"}}))
	fmt.Println(g.Accounts(auth.Identity{Subject: "u2", Groups: []string{"network-admins"}}))
	fmt.Println(g.Allows(auth.Identity{Subject: "u3"}, "111111111111"))
	// Output:
	// false [111111111111 222222222222]
	// true []
	// false
}

// A page behind OpenID Connect: Mount adds /auth/login, /auth/callback
// and /auth/logout; everything else goes through Wrap.
func ExampleNewOIDC() {
	key, err := auth.ReadSessionKey("/etc/flowq/session.key")
	if err != nil {
		log.Fatal(err)
	}
	a, err := auth.NewOIDC(context.Background(), auth.OIDCConfig{
		IssuerURL:    "https://login.example.com/realms/corp",
		ClientID:     "flowq",
		ClientSecret: "…",
		RedirectURL:  "https://flowq.example.com/auth/callback",
		SessionKey:   key,
		SessionTTL:   8 * time.Hour,
		SecureCookie: true,
	})
	if err != nil {
		log.Fatal(err)
	}
	page := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, _ := auth.IdentityFrom(r.Context())
		fmt.Fprintln(w, "hello", id.Name)
	})
	mux := http.NewServeMux()
	a.Mount(mux)
	mux.Handle("/", a.Wrap(page))
	log.Fatal(http.ListenAndServe("127.0.0.1:8080", mux))
}

func ExampleNewProxy() {
	trusted, err := auth.ParsePrefixes("10.0.1.0/24")
	if err != nil {
		log.Fatal(err)
	}
	a, err := auth.NewProxy(auth.ProxyConfig{Trusted: trusted})
	if err != nil {
		log.Fatal(err)
	}
	_ = a.Wrap(http.NotFoundHandler())
}
