package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOnARealTerminal runs flowq in tmux, a real terminal (200 columns),
// with the progress line on: the screen ends with the header and the table
// rows whole and no progress text left, and log text that tries to clear
// the screen shows escaped. (TestProgressNeverLandsOnRows draws the
// progress line every millisecond among rows, on an emulated terminal.)
func TestOnARealTerminal(t *testing.T) {
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("tmux is needed on CI (.ci/run installs it)")
		}
		t.Skip("tmux is not installed")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "flowq")
	build := exec.Command("go", "build", "-o", bin, ".")
	out, err := build.CombinedOutput()
	require.NoError(t, err, string(out))
	data := filepath.Join(dir, "flows.log")
	evil := "11 10.0.0.1 10.0.0.2 22 REJECT web%1B%5B2J%1B%5BH\n"
	require.NoError(t, os.WriteFile(data, []byte("version srcaddr dstaddr dstport action instance-tag\n"+strings.Repeat(evil, 30)), 0o644))

	script := bin + " --progress always --fields instance_tag '' " + data + " " + hive + "; echo EXIT=$?; sleep 30"
	screen := inTmux(t, tmux, 200, script)
	require.Contains(t, screen, "EXIT=0", screen)
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	require.Greater(t, len(lines), 10)
	assert.True(t, strings.HasPrefix(lines[0], "START (UTC)"), "the header survived: %q", lines[0])
	for _, l := range lines {
		assert.NotContains(t, l, "objects,", "no progress text left on the screen: %q", l)
	}
	assert.Contains(t, screen, `web\x1b[2J\x1b[H`, "the tag is shown escaped, the screen was not cleared")
}

// TestTableFitsARealTerminal prints the default table in an 80-column
// tmux: joined back (-J), no line wrapped.
func TestTableFitsARealTerminal(t *testing.T) {
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("tmux is needed on CI (.ci/run installs it)")
		}
		t.Skip("tmux is not installed")
	}
	bin := filepath.Join(t.TempDir(), "flowq")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, string(out))
	screen := inTmux(t, tmux, 80, bin+" --progress never -o table 'dstport = 22' "+hive+"; echo EXIT=$?; sleep 30")
	require.Contains(t, screen, "EXIT=0", screen)
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	require.Greater(t, len(lines), 10)
	assert.True(t, strings.HasPrefix(lines[0], "START (UTC)"), lines[0])
	for _, l := range lines {
		assert.LessOrEqual(t, len([]rune(l)), 80, "a wrapped line: %q", l)
	}
}

// inTmux runs script in a new tmux session width columns wide and returns
// the screen, wrapped lines joined, once it has printed EXIT=.
func inTmux(t *testing.T, tmux string, width int, script string) string {
	t.Helper()
	session := "flowq-test-" + filepath.Base(t.TempDir())
	require.NoError(t, exec.Command(tmux, "new-session", "-d", "-s", session, "-x", strconv.Itoa(width), "-y", "50", script).Run())
	defer exec.Command(tmux, "kill-session", "-t", session).Run()
	var screen string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		b, err := exec.Command(tmux, "capture-pane", "-p", "-J", "-t", session, "-S", "-2000").Output()
		require.NoError(t, err)
		if screen = string(b); strings.Contains(screen, "EXIT=") {
			break
		}
	}
	return screen
}
