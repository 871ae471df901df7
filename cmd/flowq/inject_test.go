package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLogContentCannotDriveTheTerminal puts terminal control sequences in
// a v11 tag (percent-encoded, as AWS writes tags) and in a file name: the
// table, CSV and JSON show them escaped, stderr too, and raw mode stays
// byte-exact.
func TestLogContentCannotDriveTheTerminal(t *testing.T) {
	dir := t.TempDir()
	header := "version srcaddr dstaddr dstport action instance-tag\n"
	// ESC[2K (erase the line), ESC[1A (cursor up), CR, and a right-to-left override.
	tag := "web%1B%5B2K%1B%5B1A%0Dok%E2%80%AE"
	line := "11 10.0.0.1 10.0.0.2 22 REJECT " + tag
	require.NoError(t, os.WriteFile(filepath.Join(dir, "flows.log"), []byte(header+line+"\n"), 0o644))
	evil := filepath.Join(dir, "evil\x1b[2Jname.txt")
	require.NoError(t, os.WriteFile(evil, []byte("not\na flow log\n"), 0o644))

	for _, mode := range []string{"table", "csv", "json"} {
		r := runFlowq(t.Context(), t, "", "-o", mode, "--fields", "instance_tag", "", dir)
		assert.Equal(t, exitMatch, r.code, r.stderr)
		for _, out := range []string{r.stdout, r.stderr} {
			assert.NotContains(t, out, "\x1b", mode)
			assert.NotContains(t, out, "\r", mode)
			assert.NotContains(t, out, "\u202e", mode)
		}
		assert.Contains(t, r.stderr, `evil\x1b[2Jname.txt`, "the file name is shown, escaped")
		switch mode {
		case "json":
			assert.Contains(t, r.stdout, `"instance_tag":"web\u001b[2K\u001b[1A\u000dok\u202e"`)
		default:
			assert.Contains(t, r.stdout, `web\x1b[2K\x1b[1A\x0dok\u202e`)
		}
	}
	raw := runFlowq(t.Context(), t, "", "-o", "raw", "", dir)
	assert.Equal(t, line+"\n", raw.stdout, "raw mode prints what AWS wrote")
	grouped := runFlowq(t.Context(), t, "", "-g", "instance_tag", "-o", "table", "", dir)
	assert.NotContains(t, grouped.stdout, "\x1b")
	assert.True(t, strings.Contains(grouped.stdout, "web%1B%5B2K"), "group keys are as AWS wrote them: %s", grouped.stdout)
}
