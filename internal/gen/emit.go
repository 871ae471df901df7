package gen

import (
	"net/netip"
	"strconv"

	"github.com/flowq/flowq/flowlog"
)

// appendFlow appends f as one line (no newline) in format fm.
func (g *objGen) appendFlow(dst []byte, fm *flowlog.Format, f *flow) []byte {
	for i := range fm.Len() {
		if i > 0 {
			dst = append(dst, ' ')
		}
		dst = g.appendField(dst, fm.Field(i), f)
	}
	return dst
}

func appendAddr(dst []byte, a netip.Addr) []byte {
	if !a.IsValid() {
		return append(dst, '-')
	}
	return a.AppendTo(dst)
}

func appendText(dst []byte, s string) []byte {
	if s == "" {
		return append(dst, '-')
	}
	return append(dst, s...)
}

func appendInt(dst []byte, v int64) []byte { return strconv.AppendInt(dst, v, 10) }

// appendField writes one token of f. Traffic fields are "-" in NODATA
// and SKIPDATA records, as AWS writes them.
func (g *objGen) appendField(dst []byte, fld flowlog.Field, f *flow) []byte {
	w := g.w
	ok := f.status == flowlog.LogStatusOK
	attach := w.attachments[f.attach%len(w.attachments)]
	pair := w.attachments[f.pair%len(w.attachments)]
	switch fld {
	case flowlog.Version:
		return appendInt(dst, int64(max(g.cfg.Format.Version(), 2)))
	case flowlog.AccountID:
		return append(dst, f.accountID...)
	case flowlog.InterfaceID:
		return append(dst, f.ifc.id...)
	case flowlog.Start:
		return appendInt(dst, f.start)
	case flowlog.End:
		return appendInt(dst, f.end)
	case flowlog.LogStatus:
		return append(dst, flowlog.EnumWord(flowlog.LogStatus, f.status)...)
	case flowlog.VPCID:
		return append(dst, w.vpc...)
	case flowlog.SubnetID:
		return append(dst, f.ifc.subnet...)
	case flowlog.InstanceID:
		return append(dst, f.ifc.instance...)
	case flowlog.Region:
		return append(dst, w.region...)
	case flowlog.AZID:
		return append(dst, f.ifc.az...)
	case flowlog.ResourceType:
		return append(dst, "TransitGatewayAttachment"...)
	case flowlog.TGWID:
		return append(dst, w.tgw...)
	case flowlog.TGWAttachmentID:
		return append(dst, attach...)
	case flowlog.TGWPairAttachmentID:
		return append(dst, pair...)
	case flowlog.TGWSrcVPCAccountID:
		return append(dst, w.peerAccounts[f.attach%len(w.peerAccounts)]...)
	case flowlog.TGWDstVPCAccountID:
		return append(dst, w.peerAccounts[f.pair%len(w.peerAccounts)]...)
	case flowlog.TGWSrcVPCID, flowlog.TGWDstVPCID:
		return append(dst, w.vpc...)
	case flowlog.TGWSrcSubnetID, flowlog.TGWDstSubnetID:
		return append(dst, f.ifc.subnet...)
	case flowlog.TGWSrcENI, flowlog.TGWDstENI:
		return append(dst, f.ifc.id...)
	case flowlog.TGWSrcAZID, flowlog.TGWDstAZID:
		return append(dst, f.ifc.az...)
	case flowlog.ECSClusterName, flowlog.ECSServiceName, flowlog.ECSTaskID, flowlog.ECSContainerID,
		flowlog.ECSClusterARN, flowlog.ECSTaskARN:
		return g.appendECS(dst, fld, f)
	case flowlog.EncryptionStatus:
		return appendInt(dst, int64(f.encryption))
	}
	if !ok {
		return append(dst, '-')
	}
	return g.appendTraffic(dst, fld, f)
}

// appendTraffic writes the fields that only OK records carry.
func (g *objGen) appendTraffic(dst []byte, fld flowlog.Field, f *flow) []byte {
	switch fld {
	case flowlog.SrcAddr:
		return appendAddr(dst, f.src)
	case flowlog.DstAddr:
		return appendAddr(dst, f.dst)
	case flowlog.PktSrcAddr:
		return appendAddr(dst, f.pktSrc)
	case flowlog.PktDstAddr:
		return appendAddr(dst, f.pktDst)
	case flowlog.SrcPort:
		return appendInt(dst, int64(f.srcPort))
	case flowlog.DstPort:
		return appendInt(dst, int64(f.dstPort))
	case flowlog.Protocol:
		return appendInt(dst, int64(f.proto))
	case flowlog.Packets:
		return appendInt(dst, f.packets)
	case flowlog.Bytes:
		return appendInt(dst, f.bytes)
	case flowlog.Action:
		return appendText(dst, flowlog.EnumWord(flowlog.Action, f.action))
	case flowlog.TCPFlags:
		if f.tcpFlags < 0 {
			return append(dst, '-')
		}
		return appendInt(dst, int64(f.tcpFlags))
	case flowlog.Type:
		if f.src.Is6() {
			return append(dst, "IPv6"...)
		}
		return append(dst, "IPv4"...)
	case flowlog.FlowDirection:
		if f.egress {
			return append(dst, "egress"...)
		}
		return append(dst, "ingress"...)
	case flowlog.TrafficPath:
		if !f.egress || f.trafficPath == 0 {
			return append(dst, '-')
		}
		return appendInt(dst, int64(f.trafficPath))
	case flowlog.PktSrcAWSService:
		return appendText(dst, f.srcSvc)
	case flowlog.PktDstAWSService:
		return appendText(dst, f.dstSvc)
	case flowlog.RejectReason:
		return appendText(dst, f.rejectReason)
	case flowlog.PacketsLostNoRoute:
		return appendInt(dst, f.lostNoRoute)
	case flowlog.PacketsLostBlackhole, flowlog.PacketsLostMTUExceeded, flowlog.PacketsLostTTLExpired:
		return append(dst, '0')
	}
	return append(dst, '-')
}

func (g *objGen) appendECS(dst []byte, fld flowlog.Field, f *flow) []byte {
	if !f.ifc.ecs {
		return append(dst, '-')
	}
	switch fld {
	case flowlog.ECSClusterName:
		return append(dst, "prod-cluster"...)
	case flowlog.ECSServiceName:
		return append(dst, "checkout"...)
	case flowlog.ECSTaskID:
		return append(dst, f.ifc.ecsTask...)
	case flowlog.ECSContainerID:
		return append(dst, f.ifc.ecsContainer...)
	case flowlog.ECSClusterARN:
		dst = append(dst, "arn:aws:ecs:"...)
		dst = append(dst, g.w.region...)
		dst = append(dst, ':')
		dst = append(dst, g.w.account...)
		return append(dst, ":cluster/prod-cluster"...)
	case flowlog.ECSTaskARN:
		dst = append(dst, "arn:aws:ecs:"...)
		dst = append(dst, g.w.region...)
		dst = append(dst, ':')
		dst = append(dst, g.w.account...)
		dst = append(dst, ":task/prod-cluster/"...)
		return append(dst, f.ifc.ecsTask...)
	}
	return append(dst, '-')
}
