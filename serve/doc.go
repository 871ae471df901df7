// Package serve is flowq's help-desk page: a form a non-expert can fill
// ("was my traffic blocked?"), results that stream in as they are found,
// the details of one record with a plain-language hint for a blocked
// flow, and CSV and JSON Lines downloads of the same result, in English
// and Japanese.
//
// New returns a Server, an http.Handler. Every route — the page, the
// server-sent progress stream, the downloads, the record view and the
// static files — is behind Config.Auth's Wrap; only the authenticator's
// own /auth/ routes are not. Searches run through scan.Run (or the
// caller's Config.Scan, a fan-out say) with a filter.Filter compiled from
// the form, and print through package output:
// the page holds no second copy of the engine's logic.
//
// # Lifetime and concurrency
//
// A Server is safe for concurrent use. It keeps no state between
// requests apart from a semaphore bounding concurrent searches: the
// whole search is in the URL, the language too, and no goroutine it
// starts outlives the request that started it, so the same handler can
// run inside a short-lived process (AWS Lambda behind a Function URL).
// A search stops when its request's context is cancelled: a closed
// progress stream (the Cancel button) or a closed page load stops the scan.
package serve
