module github.com/flowq/flowq/bench

go 1.26.8

require (
	github.com/expr-lang/expr v1.17.8
	github.com/flowq/flowq v0.0.0
	github.com/klauspost/compress v1.20.3
)

require golang.org/x/sync v0.25.0 // indirect

replace github.com/flowq/flowq => ../
