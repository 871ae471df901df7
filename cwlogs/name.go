package cwlogs

import (
	"fmt"
	"strings"
)

// Group is a log group as the user named it.
type Group struct {
	Name    string
	Region  string // "" if named by cwlogs:NAME (the configured region)
	Account string // "" if named by cwlogs:NAME
	ARN     string // the ARN as given, without ":*"; "" for cwlogs:NAME
}

// Prefix is the shorthand form of a log group name.
const Prefix = "cwlogs:"

// IsName reports whether src names a log group (an ARN or cwlogs:NAME).
func IsName(src string) bool {
	return strings.HasPrefix(src, Prefix) || strings.HasPrefix(src, "arn:aws") && strings.Contains(src, ":logs:")
}

// ParseName reads a log group name: arn:PARTITION:logs:REGION:ACCOUNT:
// log-group:NAME[:*] or cwlogs:NAME.
func ParseName(src string) (Group, error) {
	if name, ok := strings.CutPrefix(src, Prefix); ok {
		if err := checkGroupName(name); err != nil {
			return Group{}, fmt.Errorf("%q: %w", src, err)
		}
		return Group{Name: name}, nil
	}
	arn := strings.TrimSuffix(src, ":*")
	parts := strings.SplitN(arn, ":", 7)
	if len(parts) != 7 || parts[0] != "arn" || parts[2] != "logs" || parts[5] != "log-group" {
		return Group{}, fmt.Errorf("%q: not a log group ARN (arn:aws:logs:REGION:ACCOUNT:log-group:NAME)", src)
	}
	g := Group{Name: parts[6], Region: parts[3], Account: parts[4], ARN: arn}
	if err := checkGroupName(g.Name); err != nil {
		return Group{}, fmt.Errorf("%q: %w", src, err)
	}
	if g.Region == "" {
		return Group{}, fmt.Errorf("%q: the ARN names no region", src)
	}
	return g, nil
}

// checkGroupName applies CloudWatch's rule: 1 to 512 characters of
// letters, digits, '_', '-', '/', '.' and '#'.
func checkGroupName(name string) error {
	if name == "" || len(name) > 512 {
		return fmt.Errorf("a log group name has 1 to 512 characters")
	}
	for _, c := range name {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("_-/.#", c)
		if !ok {
			return fmt.Errorf("log group name %q: %q is not allowed", name, c)
		}
	}
	return nil
}

// streamName is how people see a stream of g: its ARN when the group was
// named by ARN, else cwlogs:GROUP:STREAM (neither name can hold a colon).
func (g Group) streamName(stream string) string {
	if g.ARN != "" {
		return g.ARN + ":log-stream:" + stream
	}
	return Prefix + g.Name + ":" + stream
}
