package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// duckScript runs one SQL statement with N threads and prints the rows
// tab-separated.
const duckScript = `import { DuckDBInstance } from '@duckdb/node-api';
const [threads, sql] = process.argv.slice(2);
const inst = await DuckDBInstance.create(':memory:', { threads: threads });
const conn = await inst.connect();
const reader = await conn.runAndReadAll(sql);
for (const row of reader.getRows()) console.log(row.map(String).join('\t'));
`

// toolbox locates (and installs) the programs the benchmark runs.
type toolbox struct {
	self   string // this binary, for "e2e limit"
	flowq  string // "" if flowq is not available
	duckJS string // node script running DuckDB
	have   map[string]bool
}

func run1(ctx context.Context, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	return cmd.Run()
}

// setupTools installs ripgrep and DuckDB if missing and builds flowq.
func setupTools(ctx context.Context, o options, logf func(string, ...any)) (*toolbox, error) {
	tb := &toolbox{have: map[string]bool{}}
	var err error
	if tb.self, err = os.Executable(); err != nil {
		return nil, err
	}
	for _, p := range []string{"zcat", "awk", "cat", "taskset", "sh"} {
		if _, err := exec.LookPath(p); err != nil {
			return nil, fmt.Errorf("%s is required: %w", p, err)
		}
	}
	if o.tools["rg"] {
		if _, err := exec.LookPath("rg"); err != nil {
			logf("installing ripgrep (apt-get)")
			if err := run1(ctx, "apt-get", "install", "-y", "ripgrep"); err != nil {
				_ = run1(ctx, "apt-get", "update")
				if err := run1(ctx, "apt-get", "install", "-y", "ripgrep"); err != nil {
					return nil, fmt.Errorf("install ripgrep: %w", err)
				}
			}
		}
		tb.have["rg"] = true
	}
	if o.tools["duckdb"] {
		if tb.duckJS, err = setupDuckDB(ctx, logf); err != nil {
			return nil, err
		}
		tb.have["duckdb"] = true
	}
	if o.tools["flowq"] {
		tb.flowq, err = buildFlowq(ctx, o, logf)
		if err != nil {
			return nil, err
		}
		tb.have["flowq"] = tb.flowq != ""
	}
	return tb, nil
}

func setupDuckDB(ctx context.Context, logf func(string, ...any)) (string, error) {
	if _, err := exec.LookPath("node"); err != nil {
		return "", fmt.Errorf("node is required for DuckDB (apt-get install nodejs npm): %w", err)
	}
	home, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(home, "flowq-bench", "duckdb")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@duckdb", "node-api")); err != nil {
		logf("installing @duckdb/node-api (npm) into %s", dir)
		if _, err := os.Stat(filepath.Join(dir, "package.json")); err != nil {
			if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"name":"flowq-bench-duckdb","private":true}`), 0o644); err != nil {
				return "", err
			}
		}
		cmd := exec.CommandContext(ctx, "npm", "install", "--no-audit", "--no-fund", "@duckdb/node-api")
		cmd.Dir, cmd.Stdout, cmd.Stderr = dir, os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return "", fmt.Errorf("npm install @duckdb/node-api: %w", err)
		}
	}
	script := filepath.Join(dir, "q.mjs")
	return script, os.WriteFile(script, []byte(duckScript), 0o644)
}

// buildFlowq returns -flowq, or builds the repository's cmd/flowq; it
// returns "" when cmd/flowq does not exist yet.
func buildFlowq(ctx context.Context, o options, logf func(string, ...any)) (string, error) {
	if o.flowq != "" {
		return o.flowq, nil
	}
	if _, err := os.Stat(filepath.Join(o.repoRoot, "cmd", "flowq")); err != nil {
		logf("cmd/flowq does not exist yet: measuring the peers and the limit only")
		return "", nil
	}
	out := filepath.Join(o.work, "bin", "flowq")
	logf("building flowq")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, "./cmd/flowq")
	cmd.Dir, cmd.Stdout, cmd.Stderr = o.repoRoot, os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("build flowq: %w", err)
	}
	return out, nil
}

// version returns the first line of `name args...`, or "?".
func version(name string, args ...string) string {
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
}
