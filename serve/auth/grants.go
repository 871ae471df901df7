package auth

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
)

// AllAccounts in a grant means every account.
const AllAccounts = "*"

// Grants says which AWS accounts each identity may search. A nil *Grants
// allows every account to everyone. It is immutable once loaded and safe
// for concurrent use.
//
// The grants file is JSON with three optional keys. "users" maps a
// subject (compared exactly) or an e-mail address (a key with "@",
// compared without regard to case, against the identity's e-mail and a
// subject that is an address) to account IDs; "groups" maps a group name to account IDs; "default" lists
// the accounts every signed-in identity may search. An identity may
// search the union of its entries; "*" means all accounts; an identity
// matching nothing may search nothing:
//
//	{
//	  "users": {
//	    "alice@example.com": ["111111111111"],
//	    "00u1abcd2EFGH3ijk4l5": ["*"]
//	  },
//	  "groups": {
//	    "network-admins": ["*"],
//	    "helpdesk": ["111111111111", "222222222222"]
//	  },
//	  "default": []
//	}
//
// Match e-mail addresses only where the identity provider verifies them
// (flowq drops an address marked email_verified false, but some providers
// send none and let users edit it); otherwise grant by subject or group.
//
// Account IDs are 12 digits. Unknown keys and malformed IDs are errors,
// so a typo never widens or silently narrows access.
type Grants struct {
	users  map[string][]string // by subject, exact
	emails map[string][]string // by lower-cased e-mail address
	groups map[string][]string
	def    []string
}

type grantsFile struct {
	Users   map[string][]string `json:"users"`
	Groups  map[string][]string `json:"groups"`
	Default []string            `json:"default"`
}

// LoadGrants reads and parses the grants file at path.
func LoadGrants(path string) (*Grants, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("grants: %w", err)
	}
	g, err := ParseGrants(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return g, nil
}

// ParseGrants parses a grants file's content (see Grants).
func ParseGrants(data []byte) (*Grants, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f grantsFile
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("grants: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("grants: unexpected data after the JSON object")
	}
	g := &Grants{users: map[string][]string{}, emails: map[string][]string{}, groups: map[string][]string{}}
	for who, accts := range f.Users {
		if err := checkAccounts("user "+who, accts); err != nil {
			return nil, err
		}
		g.users[who] = accts
		if strings.Contains(who, "@") {
			k := strings.ToLower(who)
			g.emails[k] = append(g.emails[k], accts...)
		}
	}
	for grp, accts := range f.Groups {
		if err := checkAccounts("group "+grp, accts); err != nil {
			return nil, err
		}
		g.groups[grp] = accts
	}
	if err := checkAccounts("default", f.Default); err != nil {
		return nil, err
	}
	g.def = f.Default
	return g, nil
}

func checkAccounts(who string, accts []string) error {
	for _, a := range accts {
		if a != AllAccounts && !isAccountID(a) {
			return fmt.Errorf("grants: %s: %q is not a 12-digit account ID or %q", who, a, AllAccounts)
		}
	}
	return nil
}

func isAccountID(s string) bool {
	return len(s) == 12 && strings.Trim(s, "0123456789") == ""
}

// Accounts returns the accounts id may search: all is true when id may
// search every account; otherwise accounts lists them, sorted and without
// duplicates (empty: none).
func (g *Grants) Accounts(id Identity) (all bool, accounts []string) {
	if g == nil {
		return true, nil
	}
	var set []string
	add := func(list []string) { set = append(set, list...) }
	add(g.def)
	add(g.users[id.Subject])
	for _, addr := range []string{id.Email, id.Subject} {
		if strings.Contains(addr, "@") {
			add(g.emails[strings.ToLower(addr)])
		}
	}
	for _, grp := range id.Groups {
		add(g.groups[grp])
	}
	if slices.Contains(set, AllAccounts) {
		return true, nil
	}
	slices.Sort(set)
	return false, slices.Compact(set)
}

// Allows reports whether id may search account.
func (g *Grants) Allows(id Identity, account string) bool {
	all, accts := g.Accounts(id)
	if all {
		return true
	}
	_, found := slices.BinarySearch(accts, account)
	return found
}

// Allowed is Accounts in the shape the page's serve.Config.Allowed takes:
// (nil, true) for every account, (the accounts, true) for some, and
// (nil, false) for none; never (nil, true) for an identity granted
// nothing. A nil *Grants gives (nil, true) to everyone.
func (g *Grants) Allowed(id Identity) (accounts []string, ok bool) {
	all, accts := g.Accounts(id)
	switch {
	case all:
		return nil, true
	case len(accts) == 0:
		return nil, false
	default:
		return accts, true
	}
}
