package scan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/flowq/flowq/filter"
	"github.com/flowq/flowq/flowlog"
)

// TestLiteralSameAnswer holds a scan whose readers pass over lines
// without the filter's literal to one that decodes every line
// (CheckEveryLine), over clean and damaged objects, gzip and plain: the
// same matches and records; malformed lines only fewer by bad values on
// lines passed over, which then count as records.
func TestLiteralSameAnswer(t *testing.T) {
	lines := genRecords(newRand(), acct1, utc(2026, 1, 15, 0, 0), 3000)
	damaged := append([]string(nil), lines...)
	for i := 100; i < len(damaged); i += 97 {
		switch i % 5 {
		case 0:
			damaged[i] = strings.Replace(damaged[i], " 6 ", " 6x ", 1) // a bad protocol
		case 1:
			damaged[i] = strings.Replace(damaged[i], " OK", "", 1) // a field short
		case 2:
			damaged[i] = strings.Replace(damaged[i], "CT", "KT", 1) // REJEKT, ACCEPT → ACCEPKT
		case 3:
			damaged[i] = strings.Replace(damaged[i], "eni-", "eni\x00", 1)
		case 4:
			damaged[i] = strings.Replace(damaged[i], " ", "\t", 3)
		}
	}
	dir := t.TempDir()
	write := func(name string, data []byte) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), data, 0o644))
	}
	write("clean.log.gz", gz(t, fileText(defaultHeader, lines)))
	write("damaged.log.gz", gz(t, fileText(defaultHeader, damaged)))
	write("damaged.log", []byte(fileText(defaultHeader, damaged)))
	for _, src := range []string{"action = REJECT", "dstport = 5432 and action = reject", "addr = 10.0.1.7",
		"protocol = 6 and dstport = 443", "srcport = 4242", "srcaddr in 10.0.1.0/24", "addr in 10.1.0.0/16 and action = accept"} {
		t.Run(src, func(t *testing.T) {
			f, err := filter.Compile(src, filter.Options{})
			require.NoError(t, err)
			_, hasLit := f.Literal()
			require.True(t, hasLit)
			every, stEvery, err := collect(t, t.Context(), Options{Sources: []string{dir}, Filter: f, CheckEveryLine: true})
			require.NoError(t, err)
			got, st, err := collect(t, t.Context(), Options{Sources: []string{dir}, Filter: f})
			require.NoError(t, err)
			assert.Equal(t, sorted(every), sorted(got), "matches")
			assert.Zero(t, stEvery.LinesPassed)
			if flowlog.CanSkipLines() {
				assert.Positive(t, st.LinesPassed)
			}
			unreported := stEvery.Malformed - st.Malformed
			assert.GreaterOrEqual(t, unreported, int64(0))
			assert.Equal(t, stEvery.Records+unreported, st.Records, "records")
			assert.Positive(t, st.Malformed, "field counts, tabs and NULs are still reported")
		})
	}
}
