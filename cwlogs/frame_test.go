package cwlogs

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzAppendJSONString: what the framing writes reads back as
// encoding/json reads back what it writes itself.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", `a"b\c`, "\x00\x1f\x7f", "é😀", "\xff\xfe", "\u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var got, want string
		require.NoError(t, json.Unmarshal(appendJSONString(nil, s), &got))
		enc, err := json.Marshal(s)
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(enc, &want))
		require.Equal(t, want, got)
	})
}
