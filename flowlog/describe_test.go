package flowlog

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestEveryFieldIsDescribed(t *testing.T) {
	for _, f := range Fields() {
		assert.NotEmpty(t, f.Description(), f.String())
	}
	assert.Empty(t, Unknown.Description())
}

func TestTCPFlagNames(t *testing.T) {
	tests := []struct {
		v    int64
		want []string
	}{
		{0, nil},
		{2, []string{"SYN"}},
		{18, []string{"SYN", "ACK"}},
		{19, []string{"FIN", "SYN", "ACK"}},
		{4, []string{"RST"}},
		{255, []string{"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, TCPFlagNames(tt.v), tt.v)
	}
}
