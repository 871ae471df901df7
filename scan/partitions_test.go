package scan

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFindPartitions(t *testing.T) {
	p, err := FindPartitions(context.Background(), Options{Sources: []string{"../testdata/sample"}})
	require.NoError(t, err)
	assert.Equal(t, []string{"111122223333", "444455556666"}, p.Accounts)
	assert.Equal(t, []string{"ap-northeast-1", "us-east-1"}, p.Regions)
	assert.False(t, p.Partial)

	p, err = FindPartitions(context.Background(), Options{Sources: []string{"../testdata/sample/AWSLogs/aws-account-id=444455556666"}})
	require.NoError(t, err)
	assert.Equal(t, []string{"444455556666"}, p.Accounts, "the root's own account is not a folder below it")
	assert.Equal(t, []string{"us-east-1"}, p.Regions)
}
