package fanout

import (
	"testing"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/flowq/flowq/scan"
)

func lambdaHandler(w *Worker) lambda.Handler { return lambda.NewHandler(w.Handle) }

// FuzzReply feeds arbitrary bytes to the coordinator as a worker's reply:
// whatever a worker (or something posing as one) sends, decoding and
// merging it never panics; bad matches are errors.
func FuzzReply(f *testing.F) {
	f.Add([]byte(`{"protocol":1,"formats":[["version","srcaddr"]],"origins":[{"object":0,"partition":[["region","us-east-1"]]}],"events":[{"o":0,"n":3,"t":"2 10.0.0.1"},{"o":0,"n":4,"src":"x","err":"bad","parse":{"line":4,"err":"e"}}]}`))
	f.Add([]byte(`{"protocol":1,"events":[{"o":5,"f":9,"t":"x"}],"stats":{"Matched":3,"Errors":[{"o":-1,"err":"e"}]}}`))
	f.Add([]byte(`{"protocol":1,"groups":{"keys":["dstport"],"groups":[{"values":["22"],"records":1}]},"next":{"group":1}}`))
	f.Add([]byte(`{"protocol":1,"events":[{"o":0,"f":0,"t":""}],"formats":[[]]}`))
	shard := Shard{Objects: []scan.Planned{{Source: "s3://b/k", Size: 1}, {Source: "s3://b/k2", Size: 1}}}
	f.Fuzz(func(t *testing.T, b []byte) {
		out := decodeReply(b, nil)
		if out.err != nil {
			return
		}
		for _, mode := range []Mode{Records, Count, Groups} {
			q := &Query{Filter: "true", Mode: mode, GroupBy: []string{"dstport"}}
			c, err := q.compile()
			if err != nil {
				t.Fatal(err)
			}
			m := &merger{q: q, c: c, o: &Options{Aggregation: c.newAggregation(),
				Emit: func(m scan.Match) error { _ = m.Record.String(); return nil }, OnError: func(error) {}}, res: &Result{}}
			_ = m.apply(&shard, partOrFailure{rep: out.rep})
		}
	})
}

// FuzzRequest feeds arbitrary requests to a worker: it answers or fails,
// never panics.
func FuzzRequest(f *testing.F) {
	f.Add([]byte(`{"protocol":1,"query":{"filter":"true","mode":"groups","group_by":["dstport"]},"objects":[{"Source":"testdata/none.log","Size":1}],"cursor":{"group":-1}}`))
	f.Add([]byte(`{"protocol":1,"query":{"filter":"dstport = 22","mode":"records"},"objects":[{"Source":"testdata/none.log","Size":1}],"cursor":{"object":0,"event":-3}}`))
	f.Add([]byte(`{"protocol":1,"hello":true}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = lambdaHandler(&Worker{Budget: 64}).Invoke(t.Context(), b)
	})
}
