package serve

import (
	"github.com/flowq/flowq/filter"
	"github.com/flowq/flowq/flowlog"
	"github.com/flowq/flowq/scan"
)

// matcher is the search's filter, restricted to the granted accounts
// when there is a grant.
func (s *search) matcher() scan.Matcher {
	if !s.enforce {
		return s.filter
	}
	return grantedOnly{Filter: s.filter, accounts: s.accounts}
}

// grantedOnly matches what its filter matches in records whose folder
// (partition) account is one of accounts: an object outside the AWS
// layout, whose account is unknown, is never shown under a grant. It
// keeps the filter's Range and Values, so pruning is unchanged. It is
// safe for concurrent use, as the filter is.
type grantedOnly struct {
	*filter.Filter
	accounts []string
}

func (g grantedOnly) Match(r *flowlog.Record) bool {
	a := r.Origin().Text(flowlog.AccountID)
	for _, allowed := range g.accounts {
		if string(a) == allowed {
			return g.Filter.Match(r)
		}
	}
	return false
}
