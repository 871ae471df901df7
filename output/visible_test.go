package output

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestVisible(t *testing.T) {
	tests := []struct{ in, want string }{
		{"eni-0a1b2c3d", "eni-0a1b2c3d"},
		{"café 東京", "café 東京"},
		{"a\x1b[2Kb", `a\x1b[2Kb`},
		{"tab\there\r\n", `tab\x09here\x0d\x0a`},
		{"del\x7f", `del\x7f`},
		{"c1\u009bcsi", `c1\u009bcsi`},
		{"rtl\u202eevil", `rtl\u202eevil`},
		{"bad\xffutf8", `bad\xffutf8`},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Visible(tt.in), "Visible(%q)", tt.in)
		assert.Equal(t, tt.want, string(appendVisible(nil, []byte(tt.in))))
	}
}

func TestJSONEscapesWhatDrivesTerminals(t *testing.T) {
	assert.Equal(t, `"a\u001b\u007f\u009b\u202eb\ufffd"`, string(appendJSONString(nil, "a\x1b\x7f\u009b\u202eb\xff")))
}
