package cwltest_test

import (
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/flowq/flowq/internal/cwltest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func client(s *cwltest.Server) *cloudwatchlogs.Client {
	return cloudwatchlogs.New(cloudwatchlogs.Options{Region: "us-east-1", BaseEndpoint: aws.String(s.URL),
		Credentials: aws.AnonymousCredentials{}})
}

// TestFilterLogEvents checks the fake against the API reference, through
// the real SDK: inclusive times, stream selection, terms, pagination.
func TestFilterLogEvents(t *testing.T) {
	s := cwltest.New()
	defer s.Close()
	s.Put("g", "eni-1-all", cwltest.Event{Time: 1000, Message: "2 1 eni-1 a"}, cwltest.Event{Time: 2000, Message: "2 1 eni-1 b"})
	s.Put("g", "eni-12-all", cwltest.Event{Time: 1500, Message: "2 1 eni-12 c"})
	c := client(s)
	msgs := func(in *cloudwatchlogs.FilterLogEventsInput) []string {
		in.LogGroupName = aws.String("g")
		var out []string
		p := cloudwatchlogs.NewFilterLogEventsPaginator(c, in)
		for p.HasMorePages() {
			page, err := p.NextPage(t.Context())
			require.NoError(t, err)
			for _, e := range page.Events {
				out = append(out, aws.ToString(e.Message))
			}
		}
		return out
	}
	assert.Equal(t, []string{"2 1 eni-1 a", "2 1 eni-12 c", "2 1 eni-1 b"}, msgs(&cloudwatchlogs.FilterLogEventsInput{}), "by time")
	assert.Equal(t, []string{"2 1 eni-1 a", "2 1 eni-12 c"}, msgs(&cloudwatchlogs.FilterLogEventsInput{EndTime: aws.Int64(1500)}), "endTime inclusive")
	assert.Equal(t, []string{"2 1 eni-12 c", "2 1 eni-1 b"}, msgs(&cloudwatchlogs.FilterLogEventsInput{StartTime: aws.Int64(1500)}), "startTime inclusive")
	assert.Equal(t, []string{"2 1 eni-1 a", "2 1 eni-1 b"}, msgs(&cloudwatchlogs.FilterLogEventsInput{LogStreamNames: []string{"eni-1-all"}}))
	assert.Len(t, msgs(&cloudwatchlogs.FilterLogEventsInput{LogStreamNamePrefix: aws.String("eni-1")}), 3)
	assert.Equal(t, []string{"2 1 eni-1 a", "2 1 eni-1 b"}, msgs(&cloudwatchlogs.FilterLogEventsInput{FilterPattern: aws.String(`"eni-1"`)}), "whole words")
	assert.Len(t, msgs(&cloudwatchlogs.FilterLogEventsInput{FilterPattern: aws.String(`?"eni-12" ?"b"`)}), 2)
	assert.Len(t, msgs(&cloudwatchlogs.FilterLogEventsInput{Limit: aws.Int32(1)}), 3, "pages of one")

	_, err := c.FilterLogEvents(t.Context(), &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String("g"),
		LogStreamNames: []string{"eni-1-all"}, LogStreamNamePrefix: aws.String("eni")})
	var bad *types.InvalidParameterException
	assert.True(t, errors.As(err, &bad), "names and prefix: %v", err)
	_, err = c.FilterLogEvents(t.Context(), &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String("g"), FilterPattern: aws.String("[a, b]")})
	assert.True(t, errors.As(err, &bad), "syntax the fake does not know is refused: %v", err)
	_, err = c.FilterLogEvents(t.Context(), &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String("nope")})
	var missing *types.ResourceNotFoundException
	assert.True(t, errors.As(err, &missing), "%v", err)
}

func TestDescribeLogStreams(t *testing.T) {
	s := cwltest.New()
	defer s.Close()
	for _, n := range []string{"b", "a", "c"} {
		s.Put("g", n, cwltest.Event{Time: 1, Message: n})
	}
	c := client(s)
	out, err := c.DescribeLogStreams(t.Context(), &cloudwatchlogs.DescribeLogStreamsInput{
		LogGroupIdentifier: aws.String("arn:aws:logs:us-east-1:123456789012:log-group:g:*"), Limit: aws.Int32(2)})
	require.NoError(t, err)
	require.Len(t, out.LogStreams, 2)
	assert.Equal(t, "a", aws.ToString(out.LogStreams[0].LogStreamName), "sorted by name")
	assert.NotNil(t, out.NextToken)
	_, err = c.DescribeLogStreams(t.Context(), &cloudwatchlogs.DescribeLogStreamsInput{LogGroupName: aws.String("g"),
		LogStreamNamePrefix: aws.String("a"), OrderBy: types.OrderByLastEventTime})
	var bad *types.InvalidParameterException
	assert.True(t, errors.As(err, &bad), "%v", err)
}
