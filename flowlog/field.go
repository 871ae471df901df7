package flowlog

import "strings"

// Field identifies one flow log field known to flowq. The zero value is
// Version. Fields that flowq does not know are represented by Unknown and
// are carried as opaque text (see Format.Column and Record.Column).
type Field uint8

// Every VPC (v2–v11) and Transit Gateway (v6) field, in the order of
// FLOWLOGS.md §2 and §4.
const (
	Version Field = iota
	AccountID
	InterfaceID
	SrcAddr
	DstAddr
	SrcPort
	DstPort
	Protocol
	Packets
	Bytes
	Start
	End
	Action
	LogStatus
	// v3
	VPCID
	SubnetID
	InstanceID
	TCPFlags
	Type
	PktSrcAddr
	PktDstAddr
	// v4
	Region
	AZID
	SublocationType
	SublocationID
	// v5
	PktSrcAWSService
	PktDstAWSService
	FlowDirection
	TrafficPath
	// v6 (Transit Gateway)
	ResourceType
	TGWID
	TGWAttachmentID
	TGWSrcVPCAccountID
	TGWDstVPCAccountID
	TGWSrcVPCID
	TGWDstVPCID
	TGWSrcSubnetID
	TGWDstSubnetID
	TGWSrcENI
	TGWDstENI
	TGWSrcAZID
	TGWDstAZID
	TGWPairAttachmentID
	PacketsLostNoRoute
	PacketsLostBlackhole
	PacketsLostMTUExceeded
	PacketsLostTTLExpired
	// v7 (Amazon ECS)
	ECSClusterARN
	ECSClusterName
	ECSContainerInstanceARN
	ECSContainerInstanceID
	ECSContainerID
	ECSSecondContainerID
	ECSServiceName
	ECSTaskDefinitionARN
	ECSTaskARN
	ECSTaskID
	// v8, v9, v10
	RejectReason
	ResourceID
	EncryptionStatus
	// v11
	InstanceTag
	InstanceTag2
	InterfaceTag
	InterfaceTag2
	ASGTag
	ASGTag2
	InterfaceType
	NextHopInterfaceID
	NextHopSubnetID
	NextHopAZID
	NextHopVPCID
	NextHopInterfaceType

	// NumFields is the number of known fields; valid Fields are < NumFields.
	NumFields
	// Unknown marks a column whose name flowq does not know.
	Unknown Field = 255
)

// Kind is the value type of a field.
type Kind uint8

const (
	// KindString is opaque text (IDs, ARNs, region codes, service names).
	KindString Kind = iota
	// KindInt is a non-negative integer (ports, counts, version, flags).
	KindInt
	// KindTime is a Unix time in seconds (start, end); millisecond values
	// are detected and scaled down.
	KindTime
	// KindAddr is an IPv4 or IPv6 address, decoded to netip.Addr.
	KindAddr
	// KindEnum is one of a small closed set of words (action, log-status,
	// flow-direction, type), decoded to a small integer code.
	KindEnum
	// KindTag is percent-encoded text (v11 tag values), decoded on access.
	KindTag
)

var kindNames = [...]string{"string", "integer", "time", "address", "enum", "tag"}

// String returns a lower-case name of the kind, for messages.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind?"
}

// FieldInfo describes one field of the registry.
type FieldInfo struct {
	Name    string // hyphenated name as AWS writes it: "log-status"
	Column  string // Athena column name: "log_status"
	Kind    Kind
	Version int   // flow log version that introduced the field (6 = TGW)
	Max     int64 // largest valid value for KindInt fields (0: no limit)
}

const (
	maxPort  = 65535
	maxProto = 255
)

var registry = [NumFields]FieldInfo{
	Version:                 {Name: "version", Kind: KindInt, Version: 2, Max: 255},
	AccountID:               {Name: "account-id", Kind: KindString, Version: 2},
	InterfaceID:             {Name: "interface-id", Kind: KindString, Version: 2},
	SrcAddr:                 {Name: "srcaddr", Kind: KindAddr, Version: 2},
	DstAddr:                 {Name: "dstaddr", Kind: KindAddr, Version: 2},
	SrcPort:                 {Name: "srcport", Kind: KindInt, Version: 2, Max: maxPort},
	DstPort:                 {Name: "dstport", Kind: KindInt, Version: 2, Max: maxPort},
	Protocol:                {Name: "protocol", Kind: KindInt, Version: 2, Max: maxProto},
	Packets:                 {Name: "packets", Kind: KindInt, Version: 2},
	Bytes:                   {Name: "bytes", Kind: KindInt, Version: 2},
	Start:                   {Name: "start", Kind: KindTime, Version: 2},
	End:                     {Name: "end", Kind: KindTime, Version: 2},
	Action:                  {Name: "action", Kind: KindEnum, Version: 2},
	LogStatus:               {Name: "log-status", Kind: KindEnum, Version: 2},
	VPCID:                   {Name: "vpc-id", Kind: KindString, Version: 3},
	SubnetID:                {Name: "subnet-id", Kind: KindString, Version: 3},
	InstanceID:              {Name: "instance-id", Kind: KindString, Version: 3},
	TCPFlags:                {Name: "tcp-flags", Kind: KindInt, Version: 3, Max: 255},
	Type:                    {Name: "type", Kind: KindEnum, Version: 3},
	PktSrcAddr:              {Name: "pkt-srcaddr", Kind: KindAddr, Version: 3},
	PktDstAddr:              {Name: "pkt-dstaddr", Kind: KindAddr, Version: 3},
	Region:                  {Name: "region", Kind: KindString, Version: 4},
	AZID:                    {Name: "az-id", Kind: KindString, Version: 4},
	SublocationType:         {Name: "sublocation-type", Kind: KindString, Version: 4},
	SublocationID:           {Name: "sublocation-id", Kind: KindString, Version: 4},
	PktSrcAWSService:        {Name: "pkt-src-aws-service", Kind: KindString, Version: 5},
	PktDstAWSService:        {Name: "pkt-dst-aws-service", Kind: KindString, Version: 5},
	FlowDirection:           {Name: "flow-direction", Kind: KindEnum, Version: 5},
	TrafficPath:             {Name: "traffic-path", Kind: KindInt, Version: 5, Max: 255},
	ResourceType:            {Name: "resource-type", Kind: KindString, Version: 6},
	TGWID:                   {Name: "tgw-id", Kind: KindString, Version: 6},
	TGWAttachmentID:         {Name: "tgw-attachment-id", Kind: KindString, Version: 6},
	TGWSrcVPCAccountID:      {Name: "tgw-src-vpc-account-id", Kind: KindString, Version: 6},
	TGWDstVPCAccountID:      {Name: "tgw-dst-vpc-account-id", Kind: KindString, Version: 6},
	TGWSrcVPCID:             {Name: "tgw-src-vpc-id", Kind: KindString, Version: 6},
	TGWDstVPCID:             {Name: "tgw-dst-vpc-id", Kind: KindString, Version: 6},
	TGWSrcSubnetID:          {Name: "tgw-src-subnet-id", Kind: KindString, Version: 6},
	TGWDstSubnetID:          {Name: "tgw-dst-subnet-id", Kind: KindString, Version: 6},
	TGWSrcENI:               {Name: "tgw-src-eni", Kind: KindString, Version: 6},
	TGWDstENI:               {Name: "tgw-dst-eni", Kind: KindString, Version: 6},
	TGWSrcAZID:              {Name: "tgw-src-az-id", Kind: KindString, Version: 6},
	TGWDstAZID:              {Name: "tgw-dst-az-id", Kind: KindString, Version: 6},
	TGWPairAttachmentID:     {Name: "tgw-pair-attachment-id", Kind: KindString, Version: 6},
	PacketsLostNoRoute:      {Name: "packets-lost-no-route", Kind: KindInt, Version: 6},
	PacketsLostBlackhole:    {Name: "packets-lost-blackhole", Kind: KindInt, Version: 6},
	PacketsLostMTUExceeded:  {Name: "packets-lost-mtu-exceeded", Kind: KindInt, Version: 6},
	PacketsLostTTLExpired:   {Name: "packets-lost-ttl-expired", Kind: KindInt, Version: 6},
	ECSClusterARN:           {Name: "ecs-cluster-arn", Kind: KindString, Version: 7},
	ECSClusterName:          {Name: "ecs-cluster-name", Kind: KindString, Version: 7},
	ECSContainerInstanceARN: {Name: "ecs-container-instance-arn", Kind: KindString, Version: 7},
	ECSContainerInstanceID:  {Name: "ecs-container-instance-id", Kind: KindString, Version: 7},
	ECSContainerID:          {Name: "ecs-container-id", Kind: KindString, Version: 7},
	ECSSecondContainerID:    {Name: "ecs-second-container-id", Kind: KindString, Version: 7},
	ECSServiceName:          {Name: "ecs-service-name", Kind: KindString, Version: 7},
	ECSTaskDefinitionARN:    {Name: "ecs-task-definition-arn", Kind: KindString, Version: 7},
	ECSTaskARN:              {Name: "ecs-task-arn", Kind: KindString, Version: 7},
	ECSTaskID:               {Name: "ecs-task-id", Kind: KindString, Version: 7},
	RejectReason:            {Name: "reject-reason", Kind: KindString, Version: 8},
	ResourceID:              {Name: "resource-id", Kind: KindString, Version: 9},
	EncryptionStatus:        {Name: "encryption-status", Kind: KindInt, Version: 10, Max: 3},
	InstanceTag:             {Name: "instance-tag", Kind: KindTag, Version: 11},
	InstanceTag2:            {Name: "instance-tag-2", Kind: KindTag, Version: 11},
	InterfaceTag:            {Name: "interface-tag", Kind: KindTag, Version: 11},
	InterfaceTag2:           {Name: "interface-tag-2", Kind: KindTag, Version: 11},
	ASGTag:                  {Name: "asg-tag", Kind: KindTag, Version: 11},
	ASGTag2:                 {Name: "asg-tag-2", Kind: KindTag, Version: 11},
	InterfaceType:           {Name: "interface-type", Kind: KindString, Version: 11},
	NextHopInterfaceID:      {Name: "next-hop-interface-id", Kind: KindString, Version: 11},
	NextHopSubnetID:         {Name: "next-hop-subnet-id", Kind: KindString, Version: 11},
	NextHopAZID:             {Name: "next-hop-az-id", Kind: KindString, Version: 11},
	NextHopVPCID:            {Name: "next-hop-vpc-id", Kind: KindString, Version: 11},
	NextHopInterfaceType:    {Name: "next-hop-interface-type", Kind: KindString, Version: 11},
}

func init() {
	// The Athena column name is derived, never typed twice.
	// (byName is initialised before init runs; it needs only Name.)
	for i := range registry {
		registry[i].Column = strings.ReplaceAll(registry[i].Name, "-", "_")
	}
}

// Info returns the registry entry of f. It panics if f is not a known field.
func (f Field) Info() FieldInfo { return registry[f] }

// Kind returns the value type of f; derived fields (Schema) are strings.
func (f Field) Kind() Kind {
	if f >= NumFields {
		return KindString
	}
	return registry[f].Kind
}

// Name returns the hyphenated name of f ("log-status"), or "unknown".
func (f Field) String() string {
	if f < NumFields {
		return registry[f].Name
	}
	return "unknown"
}

// Column returns the Athena column name of f ("log_status"); a derived
// field's name is its Schema's (Schema.Name).
func (f Field) Column() string {
	if f < NumFields {
		return registry[f].Column
	}
	return "unknown"
}

// Fields returns every known field in registry order.
func Fields() []Field {
	out := make([]Field, NumFields)
	for i := range out {
		out[i] = Field(i)
	}
	return out
}

// Lookup finds a field by its hyphenated name ("log-status") or its Athena
// column name ("log_status"), case-insensitively. A double-quoted name
// ("\"end\"", as Athena DML writes it) is accepted too.
func Lookup(name string) (Field, bool) {
	if len(name) >= 2 && name[0] == '"' && name[len(name)-1] == '"' {
		name = name[1 : len(name)-1]
	}
	for i := range registry {
		if strings.EqualFold(registry[i].Name, name) || strings.EqualFold(registry[i].Column, name) {
			return Field(i), true
		}
	}
	return Unknown, false
}

// lookupBytes is Lookup for an exact, lower-case hyphenated name held in a
// byte slice; it does not allocate.
func lookupBytes(name []byte) (Field, bool) {
	f, ok := byName[string(name)]
	if !ok {
		return Unknown, false
	}
	return f, true
}

// byName indexes the registry by hyphenated name; built once, read-only.
var byName = func() map[string]Field {
	m := make(map[string]Field, NumFields)
	for i := range registry {
		m[registry[i].Name] = Field(i)
	}
	return m
}()

// FieldSet is a set of fields. The zero value is the empty set.
type FieldSet [2]uint64

// SetOf returns the set holding fs.
func SetOf(fs ...Field) FieldSet {
	var s FieldSet
	for _, f := range fs {
		s.Add(f)
	}
	return s
}

// AllFields returns the set of every known field.
func AllFields() FieldSet {
	var s FieldSet
	for f := Field(0); f < NumFields; f++ {
		s.Add(f)
	}
	return s
}

// Add puts f into the set; Unknown is ignored.
func (s *FieldSet) Add(f Field) {
	if f < 128 {
		s[f>>6] |= 1 << (f & 63)
	}
}

// Remove takes f out of the set.
func (s *FieldSet) Remove(f Field) {
	if f < 128 {
		s[f>>6] &^= 1 << (f & 63)
	}
}

// Has reports whether f is in the set.
func (s FieldSet) Has(f Field) bool {
	return f < 128 && s[f>>6]&(1<<(f&63)) != 0
}

// Union returns s ∪ o.
func (s FieldSet) Union(o FieldSet) FieldSet { return FieldSet{s[0] | o[0], s[1] | o[1]} }

// Intersect returns s ∩ o.
func (s FieldSet) Intersect(o FieldSet) FieldSet { return FieldSet{s[0] & o[0], s[1] & o[1]} }

// IsEmpty reports whether the set has no field.
func (s FieldSet) IsEmpty() bool { return s[0] == 0 && s[1] == 0 }

// Fields lists the members in registry order.
func (s FieldSet) Fields() []Field {
	var out []Field
	for f := Field(0); f < 128; f++ {
		if s.Has(f) {
			out = append(out, f)
		}
	}
	return out
}
