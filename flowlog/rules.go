package flowlog

// This file exports rules that other decoders of flow log records (package
// parquetlog) must apply exactly as the text parser does, so that they
// call them instead of keeping copies.

// NormalizeUnix returns a start or end value in Unix seconds: values at or
// above 1e11 are taken as Unix milliseconds (1e11 seconds is the year 5138,
// 1e11 milliseconds is March 1973) and divided by 1000; smaller values are
// returned unchanged. It is the scaling the parser and Record.SetInt apply
// to time fields.
func NormalizeUnix(v int64) int64 { return normalizeUnix(v) }

// ValidName reports whether s is a well-formed flow log field name:
// lower-case ASCII letters, digits and hyphens, starting with a letter.
// It is the rule NewFormat applies to each name after lower-casing it and
// turning underscores into hyphens. It does not say whether the field is
// known (see Lookup).
func ValidName(s string) bool { return validName(s) }
