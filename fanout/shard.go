package fanout

import "github.com/flowq/flowq/scan"

// ShardOptions bound a shard. The defaults keep one invocation well
// inside Lambda's limits: 15 minutes and a 6 MB request at 256 MiB of
// compressed input (about 2.5 GB of text at AWS's ratio, some 10 s of one
// vCPU) and 1,000 keys (about 200 KB of request).
type ShardOptions struct {
	MaxBytes   int64 // compressed bytes per shard; 0 = 256 MiB
	MaxObjects int   // objects per shard; 0 = 1000
	// MinShards asks for at least this many shards when there are as many
	// objects (to use the concurrency a caller has); 0 = 1.
	MinShards int
}

const (
	defaultShardBytes   = 256 << 20
	defaultShardObjects = 1000
	unknownSize         = 1 << 20 // the weight of an object of unknown size
)

// Shard is a run of consecutive selected objects, read by one worker.
type Shard struct {
	Index   int
	Objects []scan.Planned
	Bytes   int64 // the sum of the known sizes
}

// Shards cuts objects (a plan's Selected, in order) into consecutive runs
// balanced by bytes: each at most MaxBytes (an object larger than that has
// a shard of its own) and MaxObjects, and, when MinShards asks for more
// shards than the bounds give, about total/MinShards bytes each.
// Concatenating the shards gives back objects in their order, which is
// what lets ordered output be put together exactly. Folders are skipped.
func Shards(objects []scan.PlanObject, o ShardOptions) []Shard {
	maxBytes, maxObjects := o.MaxBytes, o.MaxObjects
	if maxBytes <= 0 {
		maxBytes = defaultShardBytes
	}
	if maxObjects <= 0 {
		maxObjects = defaultShardObjects
	}
	var total int64
	for _, p := range objects {
		total += weight(p.Size)
	}
	if o.MinShards > 1 {
		maxBytes = min(maxBytes, max(1, (total+int64(o.MinShards)-1)/int64(o.MinShards)))
	}
	var shards []Shard
	cur := Shard{}
	var curWeight int64
	for _, p := range objects {
		if p.Dir {
			continue
		}
		w := weight(p.Size)
		if len(cur.Objects) > 0 && (curWeight+w > maxBytes || len(cur.Objects) >= maxObjects) {
			shards = append(shards, cur)
			cur, curWeight = Shard{Index: len(shards)}, 0
		}
		cur.Objects = append(cur.Objects, scan.Planned{Source: p.Source, Size: p.Size})
		cur.Bytes += max(0, p.Size)
		curWeight += w
	}
	if len(cur.Objects) > 0 {
		shards = append(shards, cur)
	}
	return shards
}

func weight(size int64) int64 {
	if size < 0 {
		return unknownSize
	}
	return max(size, 1)
}
