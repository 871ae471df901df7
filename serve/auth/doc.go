// Package auth decides who may use flowq's help-desk page: a built-in
// OpenID Connect login, identity headers from a trusted forward-auth proxy,
// or an AWS ALB's signed x-amzn-oidc-data token, and which AWS accounts
// each identity may search.
//
// Every authenticator implements Authenticator: Wrap puts a handler behind
// authentication, and Mount adds the login routes. Handlers read the
// caller with IdentityFrom. All authenticators are safe for concurrent
// use once constructed, and keep no state between requests that a
// restart or a second replica would lose, apart from what is said below.
//
// The modes:
//
//   - Open: no authentication; everyone is Anonymous. Only for a loopback
//     listen address (IsLoopback); the page refuses anything else.
//   - NewOIDC: authorization code flow with PKCE (S256), state and nonce
//     (go-oidc and x/oauth2). The login state (state, nonce, PKCE
//     verifier, return path) rides in a short-lived signed cookie; the
//     session is a signed cookie (HMAC-SHA256, expiry inside the signed
//     value, HttpOnly, SameSite=Lax, Secure when configured). There is no
//     server-side session store: give every replica the same session key
//     (ReadSessionKey); without one a random key is made, so sessions end
//     on restart (and on every cold start under Lambda). Logout (a POST to
//     LogoutPath) clears the cookie in that browser; a copied cookie stays
//     valid until it expires, so keep SessionTTL short.
//   - NewProxy: X-Forwarded-User, -Email, -Groups (oauth2-proxy's names,
//     configurable), believed only from the proxy's addresses (the TCP
//     peer, never X-Forwarded-For).
//   - NewALB: the ALB's x-amzn-oidc-data token, an ES256 JWT with base64
//     padding; the signer is pinned to the load balancer's ARN, exp is
//     checked in the header (and in the claims if present), and the
//     regional public key is fetched once per key ID and cached.
//
// Refusals: a browser navigating (GET with Accept: text/html) without an
// OIDC session is redirected to the login; anything else without an
// identity gets 401, and a request from an untrusted peer in proxy or
// ALB mode gets 403. Refusal bodies never echo request data.
//
// Grants (LoadGrants) map users and groups to the accounts they may
// search; a nil *Grants allows every account.
package auth
