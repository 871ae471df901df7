package auth

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGrantsFromExampleFile(t *testing.T) {
	g, err := LoadGrants("testdata/grants.json")
	require.NoError(t, err)

	tests := []struct {
		name    string
		id      Identity
		wantAll bool
		want    []string
	}{
		{"user by e-mail, any case", Identity{Subject: "x1", Email: "Alice@Example.com"}, false, []string{"111111111111"}},
		{"user by subject", Identity{Subject: "00u1abcd2EFGH3ijk4l5"}, true, nil},
		{"subject compared exactly", Identity{Subject: "00U1ABCD2EFGH3IJK4L5"}, false, nil},
		{"subject that is an address", Identity{Subject: "alice@example.com"}, false, []string{"111111111111"}},
		{"group star", Identity{Subject: "y", Groups: []string{"network-admins"}}, true, nil},
		{"group list merged with user, deduplicated", Identity{Subject: "z", Email: "alice@example.com", Groups: []string{"helpdesk", "other"}},
			false, []string{"111111111111", "222222222222"}},
		{"nobody in particular", Identity{Subject: "mallory", Email: "mallory@example.com", Groups: []string{"Helpdesk"}}, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			all, accts := g.Accounts(tt.id)
			assert.Equal(t, tt.wantAll, all)
			assert.Equal(t, tt.want, accts)
		})
	}
}

func TestGrantsAllows(t *testing.T) {
	g, err := ParseGrants([]byte(`{"groups": {"helpdesk": ["222222222222"]}, "default": ["333333333333"]}`))
	require.NoError(t, err)
	helpdesk := Identity{Subject: "h", Groups: []string{"helpdesk"}}
	tests := []struct {
		name    string
		grants  *Grants
		id      Identity
		account string
		want    bool
	}{
		{"granted by group", g, helpdesk, "222222222222", true},
		{"granted by default", g, helpdesk, "333333333333", true},
		{"outside the grant", g, helpdesk, "111111111111", false},
		{"default only", g, Identity{Subject: "o"}, "222222222222", false},
		{"not an account", g, helpdesk, "*", false},
		{"nil grants allow all", nil, Identity{Subject: "o"}, "111111111111", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.grants.Allows(tt.id, tt.account))
		})
	}
}

func TestParseGrantsRefusesMistakes(t *testing.T) {
	for name, text := range map[string]string{
		"unknown key":     `{"user": {"a": ["111111111111"]}}`,
		"short account":   `{"users": {"a": ["11111111111"]}}`,
		"account letters": `{"groups": {"g": ["11111111111a"]}}`,
		"bad default":     `{"default": ["all"]}`,
		"not JSON":        `users: a`,
		"trailing data":   `{} {}`,
		"wrong type":      `{"users": {"a": "111111111111"}}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseGrants([]byte(text))
			assert.Error(t, err)
		})
	}
	_, err := LoadGrants("testdata/no-such-file.json")
	assert.Error(t, err)
}

func TestGrantsAllowedForThePage(t *testing.T) {
	g, err := LoadGrants("testdata/grants.json")
	require.NoError(t, err)
	var none *Grants
	tests := []struct {
		name   string
		grants *Grants
		id     Identity
		want   []string
		wantOK bool
	}{
		{"all", g, Identity{Subject: "y", Groups: []string{"network-admins"}}, nil, true},
		{"some", g, Identity{Subject: "z", Email: "alice@example.com"}, []string{"111111111111"}, true},
		{"granted nothing is refused, not all", g, Identity{Subject: "mallory"}, nil, false},
		{"nil grants: all", none, Identity{Subject: "mallory"}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			allowed := tt.grants.Allowed // the method value the page is given
			got, ok := allowed(tt.id)
			assert.Equal(t, tt.wantOK, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}
