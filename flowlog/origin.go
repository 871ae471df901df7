package flowlog

// Origin is where records came from: the object (or file, or stream) and
// the values its location gives to fields, as Athena's partition columns
// do. An S3 key AWSLogs/111122223333/vpcflowlogs/us-east-1/... gives
// account-id and region to the records of a version 2 object, whose format
// has neither.
//
// A partition value stands in for a field only when the record's format
// lacks that field: a value AWS wrote always wins. Records point at their
// Origin without copying it, so an Origin must not change once records
// use it; it is then safe to share between goroutines.
type Origin struct {
	// Source names the object for people: "s3://bucket/key", a path, "-".
	Source string
	// Partition holds the values the location gives, at most one per
	// field.
	Partition []FieldValue
}

// FieldValue is one partition value: the text of a field as a record
// would have written it.
type FieldValue struct {
	Field Field
	Text  []byte
}

// NewOrigin returns an Origin for source with the given partition
// values; empty values are left out.
func NewOrigin(source string, partition ...FieldValue) *Origin {
	o := &Origin{Source: source}
	for _, v := range partition {
		if len(v.Text) > 0 && v.Field < NumFields && o.value(v.Field) == nil {
			o.Partition = append(o.Partition, v)
		}
	}
	return o
}

// value returns the partition value of f, or nil; o may be nil.
func (o *Origin) value(f Field) []byte {
	if o == nil {
		return nil
	}
	for i := range o.Partition {
		if o.Partition[i].Field == f {
			return o.Partition[i].Text
		}
	}
	return nil
}

// Value returns the partition value of f and whether there is one.
func (o *Origin) Value(f Field) (string, bool) {
	v := o.value(f)
	return string(v), v != nil
}

// Text returns the partition value of f, or nil; o may be nil. The slice
// belongs to o: do not change it.
func (o *Origin) Text(f Field) []byte { return o.value(f) }
