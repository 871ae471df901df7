package enrich_test

import (
	"strings"
	"testing"

	"github.com/flowq/flowq/enrich"
	"github.com/stretchr/testify/assert"
)

// TestAboutEveryField: every field Load makes has a one-line explanation
// naming its side, and other names have none.
func TestAboutEveryField(t *testing.T) {
	_, set, _ := standard(t)
	var names []string
	for _, d := range set.Fields() {
		names = append(names, d.Name)
	}
	assert.Len(t, names, 4+5+2*6+2+4, "ip-ranges, interface, two sides of interfaces, country, ASN")
	for _, name := range names {
		about := enrich.About(name)
		assert.NotEmpty(t, about, name)
		assert.True(t, strings.HasSuffix(about, "."), name)
		switch {
		case strings.HasPrefix(name, "src_"):
			assert.Contains(t, about, "the source address", name)
		case strings.HasPrefix(name, "dst_"):
			assert.Contains(t, about, "the destination address", name)
		default:
			assert.Contains(t, about, "the interface that logged the flow", name)
		}
	}
	assert.Equal(t, "AWS services of the destination address: every service ip-ranges.json lists for the prefixes holding it.",
		enrich.About("dst_aws_service"))
	for _, name := range []string{"", "day", "src_", "dst_nothing", "eni_", "src_eni_color", "srcaddr"} {
		assert.Empty(t, enrich.About(name), name)
	}
}
