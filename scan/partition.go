package scan

// Partitioner is implemented by Sources that know the account and region
// of an object other than by an S3 key (a log group lies in one region):
// scan gives them to the object's records as partition values, as it does
// the account and region of an S3 key, so that --region and a filter on
// region select them when the format lacks the field. Either may be "" (not
// known). Called once per object, from any goroutine.
type Partitioner interface {
	Source
	Partition(key string) (account, region string)
}

// partitionOf returns the account and region src gives key, or "".
func partitionOf(src Source, key string) (account, region string) {
	if p, ok := src.(Partitioner); ok {
		return p.Partition(key)
	}
	return "", ""
}
