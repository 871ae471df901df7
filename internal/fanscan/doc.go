// Package fanscan builds a search's fan-out to flowq-lambda workers the
// one way cmd/flowq (a search with --lambda, flowq serve --lambda) and
// cmd/flowq-page all do: the worker query of a filter text and scan
// options, the connection to the worker function, and the help-desk
// page's Config.Scan that plans here and reads in the workers.
package fanscan
