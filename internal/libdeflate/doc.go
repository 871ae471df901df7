// Package libdeflate reaches the system's libdeflate (Debian's libdeflate0)
// at run time through purego, without cgo, for whole-buffer gzip
// decompression: several times faster than a streaming Go inflater.
//
// Load finds the library once per process. A Decompressor belongs to one
// goroutine at a time. Built with -tags nolibdeflate, or for a platform
// purego does not reach, Load always fails and nothing is linked.
package libdeflate
