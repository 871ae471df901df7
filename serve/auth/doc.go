// Package auth decides who may use flowq's help-desk page: a built-in
// OpenID Connect login, identity headers from a trusted forward-auth proxy,
// or an AWS ALB's signed x-amzn-oidc-data token, and which AWS accounts
// each identity may search.
//
// Every authenticator implements Authenticator: Wrap puts a handler behind
// authentication, and Mount adds the login routes. Handlers read the
// caller with IdentityFrom.
package auth
