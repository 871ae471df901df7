package scan

import (
	"errors"
	"fmt"
	"io"

	"github.com/flowq/flowq/cwlevent"
	"github.com/flowq/flowq/flowlog"
)

// cwlHook is where CloudWatch Logs deliveries enter the text path: after
// decompression, before lines are split. Subscription payloads (JSON) and
// exports are decoded by package cwlevent into message lines, and each
// record gets its log event (withEvent). Other text passes unchanged. One
// belongs to a streamScanner (one worker): not safe for concurrent use.
type cwlHook struct {
	dec    cwlevent.Decoder
	active bool
	head   [cwlevent.HeadBytes]byte
	pre    prefixReader
}

// lines returns the text the flowlog.Reader reads: text (its first bytes
// put back), or a decoder over it. A read error is returned as it is.
func (h *cwlHook) lines(text io.Reader) (io.Reader, error) {
	h.active = false
	head, text, err := h.peek(text)
	if err != nil {
		return nil, err
	}
	kind := cwlevent.Detect(head)
	if kind == cwlevent.None {
		return text, nil
	}
	h.dec.Reset(text, kind)
	h.active = true
	return &h.dec, nil
}

// plain reports whether text, a whole stream, is plain text: no
// CloudWatch Logs delivery to decode.
func (h *cwlHook) plain(text []byte) bool {
	h.active = false
	return cwlevent.Detect(text[:min(len(text), len(h.head))]) == cwlevent.None
}

// peek returns the first bytes of text without consuming them, and the
// reader to use from then on.
func (h *cwlHook) peek(text io.Reader) ([]byte, io.Reader, error) {
	n, err := io.ReadAtLeast(text, h.head[:], len(h.head))
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, nil, err
	}
	h.pre = prefixReader{head: h.head[:n], r: text}
	return h.head[:n], &h.pre, nil
}

// withEvent gives rec the log event of its line, if the stream has events.
func (h *cwlHook) withEvent(rec *flowlog.Record) {
	if h.active {
		rec.SetEvent(h.dec.Event(rec.LineNumber()))
	}
}

// finish ends a stream: err, or else what ended the decoder's lines early
// (JSON that is not a payload is not a flow log); and the control
// messages it skipped.
func (h *cwlHook) finish(err error) (int64, error) {
	if !h.active {
		return 0, err
	}
	h.active = false
	if err == nil {
		err = h.dec.Err()
		if errors.Is(err, cwlevent.ErrNotPayload) {
			err = fmt.Errorf("%w: %w", ErrNotFlowLog, err)
		}
	}
	return h.dec.Controls(), err
}

// prefixReader reads head, then r.
type prefixReader struct {
	head []byte
	r    io.Reader
}

func (p *prefixReader) Read(b []byte) (int, error) {
	if len(p.head) > 0 {
		n := copy(b, p.head)
		p.head = p.head[n:]
		return n, nil
	}
	return p.r.Read(b)
}
