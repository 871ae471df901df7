// Package oidctest runs an OpenID Connect provider for tests, in the test
// process, on a loopback port: discovery, keys, authorization (behind a
// real HTML login form with a user name and a password), token and
// userinfo endpoints, with PKCE. It wraps github.com/oauth2-proxy/mockoidc
// and adds the login form, so browser tests (chromedp) can sign in as a
// user would, and handler tests can post the form with an http.Client.
//
// It is for tests only: passwords are compared in plain text and anyone
// who can reach the port can sign in as a configured user.
package oidctest
