package flowlog

// descriptions are one-line, plain-language explanations of the fields,
// for people who do not read flow logs every day; read-only.
var descriptions = [NumFields]string{
	Version:                 "The flow log record format version.",
	AccountID:               "The AWS account that owns the network interface.",
	InterfaceID:             "The network interface (ENI) the traffic was recorded on.",
	SrcAddr:                 "The address the traffic came from.",
	DstAddr:                 "The address the traffic went to.",
	SrcPort:                 "The port the traffic came from.",
	DstPort:                 "The port the traffic went to: usually the service (443 web, 22 SSH, 5432 PostgreSQL).",
	Protocol:                "The IP protocol (TCP, UDP, ICMP, ...).",
	Packets:                 "How many packets were seen in the aggregation interval.",
	Bytes:                   "How many bytes were seen in the aggregation interval.",
	Start:                   "When the first packet of the interval was seen.",
	End:                     "When the last packet of the interval was seen.",
	Action:                  "Whether security groups and network ACLs let the traffic through (ACCEPT) or not (REJECT).",
	LogStatus:               "Whether logging worked: OK, NODATA (no traffic) or SKIPDATA (records were lost).",
	VPCID:                   "The VPC of the network interface.",
	SubnetID:                "The subnet of the network interface.",
	InstanceID:              "The EC2 instance the interface is attached to, if any.",
	TCPFlags:                "The TCP flags seen in the interval, combined (SYN, ACK, FIN, RST, ...).",
	Type:                    "The kind of traffic: IPv4, IPv6 or EFA.",
	PktSrcAddr:              "The packet's original source address, which differs from srcaddr behind a NAT or load balancer.",
	PktDstAddr:              "The packet's original destination address.",
	Region:                  "The AWS Region of the network interface.",
	AZID:                    "The Availability Zone ID of the network interface.",
	SublocationType:         "The kind of sublocation (Wavelength, Outpost, Local Zone), if any.",
	SublocationID:           "The ID of the sublocation, if any.",
	PktSrcAWSService:        "The AWS service the source address belongs to, if any.",
	PktDstAWSService:        "The AWS service the destination address belongs to, if any.",
	FlowDirection:           "Whether the traffic entered (ingress) or left (egress) the interface.",
	TrafficPath:             "The path egress traffic took to its destination (1 = same VPC ... 8 = peering).",
	ResourceType:            "The kind of resource the Transit Gateway record is about.",
	TGWID:                   "The Transit Gateway.",
	TGWAttachmentID:         "The Transit Gateway attachment the traffic crossed.",
	TGWSrcVPCAccountID:      "The account of the source VPC.",
	TGWDstVPCAccountID:      "The account of the destination VPC.",
	TGWSrcVPCID:             "The source VPC.",
	TGWDstVPCID:             "The destination VPC.",
	TGWSrcSubnetID:          "The source subnet.",
	TGWDstSubnetID:          "The destination subnet.",
	TGWSrcENI:               "The source network interface.",
	TGWDstENI:               "The destination network interface.",
	TGWSrcAZID:              "The source Availability Zone ID.",
	TGWDstAZID:              "The destination Availability Zone ID.",
	TGWPairAttachmentID:     "The attachment on the other side of the Transit Gateway.",
	PacketsLostNoRoute:      "Packets dropped because no route matched.",
	PacketsLostBlackhole:    "Packets dropped by a blackhole route.",
	PacketsLostMTUExceeded:  "Packets dropped because they were larger than the MTU.",
	PacketsLostTTLExpired:   "Packets dropped because their time to live ran out.",
	ECSClusterARN:           "The ARN of the ECS cluster.",
	ECSClusterName:          "The name of the ECS cluster.",
	ECSContainerInstanceARN: "The ARN of the ECS container instance.",
	ECSContainerInstanceID:  "The ID of the ECS container instance.",
	ECSContainerID:          "The Docker ID of the container.",
	ECSSecondContainerID:    "The Docker ID of a second container sharing the interface.",
	ECSServiceName:          "The ECS service.",
	ECSTaskDefinitionARN:    "The ARN of the ECS task definition.",
	ECSTaskARN:              "The ARN of the ECS task.",
	ECSTaskID:               "The ID of the ECS task.",
	RejectReason:            "Why the traffic was rejected, where AWS says (BPA: Block Public Access).",
	ResourceID:              "The resource the record is about (a NAT gateway, for instance).",
	EncryptionStatus:        "Whether the traffic was encrypted in transit (0 no, 1 yes by Nitro, 2 yes by the application, 3 both).",
	InstanceTag:             "A tag of the instance, as configured for the flow log.",
	InstanceTag2:            "A second tag of the instance.",
	InterfaceTag:            "A tag of the network interface.",
	InterfaceTag2:           "A second tag of the network interface.",
	ASGTag:                  "A tag of the Auto Scaling group.",
	ASGTag2:                 "A second tag of the Auto Scaling group.",
	InterfaceType:           "The kind of network interface.",
	NextHopInterfaceID:      "The network interface of the next hop.",
	NextHopSubnetID:         "The subnet of the next hop.",
	NextHopAZID:             "The Availability Zone ID of the next hop.",
	NextHopVPCID:            "The VPC of the next hop.",
	NextHopInterfaceType:    "The kind of network interface of the next hop.",
}

// Description returns a one-line, plain-language explanation of f, in
// English, or "" for a field that is not known.
func (f Field) Description() string {
	if f < NumFields {
		return descriptions[f]
	}
	return ""
}

// tcpFlagNames name the bits of tcp-flags, lowest first.
var tcpFlagNames = [8]string{"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"}

// TCPFlagNames decodes a tcp-flags value into the names of its bits, in
// bit order ("SYN", "ACK" for 18). Flow logs OR the flags of every packet
// of the aggregation interval together, so a value says which flags were
// seen, not on which packet.
func TCPFlagNames(v int64) []string {
	var names []string
	for i, n := range tcpFlagNames {
		if v&(1<<i) != 0 {
			names = append(names, n)
		}
	}
	return names
}
