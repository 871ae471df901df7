package serve

import (
	"net/http"
	"strings"

	"github.com/flowq/flowq/enrich"
	"github.com/flowq/flowq/flowlog"
)

// lang is the page's language: "en" or "ja".
type lang string

// pickLang chooses the language: the lang parameter (the page's switch),
// else the first of English and Japanese in Accept-Language, else English.
func pickLang(r *http.Request) lang {
	switch r.URL.Query().Get("lang") {
	case "ja":
		return "ja"
	case "en":
		return "en"
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		switch {
		case strings.HasPrefix(strings.ToLower(tag), "ja"):
			return "ja"
		case strings.HasPrefix(strings.ToLower(tag), "en"):
			return "en"
		}
	}
	return "en"
}

// T returns the message key in l, falling back to English, then to key.
func (l lang) T(key string) string {
	if m, ok := messages[l][key]; ok {
		return m
	}
	if m, ok := messages["en"][key]; ok {
		return m
	}
	return key
}

// Other is the language the switch offers.
func (l lang) Other() lang {
	if l == "ja" {
		return "en"
	}
	return "ja"
}

// Describe explains field f in l.
func (l lang) Describe(f flowlog.Field) string {
	if l == "ja" {
		if d, ok := jaDescriptions[f]; ok {
			return d
		}
	}
	return f.Description()
}

// DescribeDerived explains an enrichment field in l ("" for a field that
// is not one of enrich's).
func (l lang) DescribeDerived(name string) string {
	if l == "ja" {
		if d := jaDerived(name); d != "" {
			return d
		}
	}
	return enrich.About(name)
}

// jaDerived explains an enrichment field in Japanese, as enrich.About
// does in English.
func jaDerived(name string) string {
	side, rest, _ := strings.Cut(name, "_")
	of := map[string]string{"src": "送信元アドレス", "dst": "宛先アドレス"}[side]
	attr := map[string]string{"name": "Name タグ", "description": "説明", "type": "種類", "instance": "EC2インスタンス", "owner": "所有するAWSアカウント"}
	switch {
	case side == "eni" && attr[rest] != "":
		return "通信を記録したインターフェイス（interface_id）の" + attr[rest] + "（ENI一覧より）。"
	case of == "":
	case rest == "aws_service":
		return of + "が属するAWSサービス（ip-ranges.json がそのプレフィックスに挙げるすべて）。"
	case rest == "aws_region":
		return of + "のAWSリージョン（ip-ranges.json の最長一致プレフィックス）。"
	case rest == "country":
		return of + "の国（ISO 3166 コード、.mmdb データベースより）。"
	case rest == "asn":
		return of + "の自律システム番号（ネットワーク事業者、.mmdb データベースより）。"
	case rest == "as_org":
		return of + "の自律システムの組織名（.mmdb データベースより）。"
	case rest == "eni":
		return of + "を持つネットワークインターフェイス（ENI一覧より）。"
	case strings.HasPrefix(rest, "eni_") && attr[strings.TrimPrefix(rest, "eni_")] != "":
		return of + "を持つインターフェイスの" + attr[strings.TrimPrefix(rest, "eni_")] + "（ENI一覧より）。"
	}
	return ""
}

// messages are the page's texts; read-only.
var messages = map[lang]map[string]string{
	"en": {
		"title": "Flow log search", "lang.switch": "日本語",
		"intro": "Was traffic allowed or blocked? Fill in what you know; leave the rest empty.",
		"f.src": "Source address", "f.src.hint": "An IP address or a range (10.0.0.0/8)",
		"f.dst": "Destination address", "f.port": "Destination port", "f.protocol": "Protocol",
		"f.action": "Result", "f.account": "AWS account", "f.region": "Region",
		"f.since": "From", "f.since.hint": "2026-01-15 09:00, or the last 15m, 2h, 7d",
		"f.until": "Until", "f.until.hint": "Empty: now", "f.tz": "Time zone",
		"f.q": "Advanced: flowq query", "f.q.hint": "For example: srcport = 22 or tcp_flags = 2",
		"f.sort": "Order", "sort.found": "As stored", "sort.time": "Oldest first", "sort.-time": "Newest first",
		"any": "Any", "allowed": "Allowed", "blocked": "Blocked", "search": "Search",
		"ran": "Query:", "cli": "Same search on the command line:",
		"download": "Download:", "results": "Results", "cancel": "Cancel",
		"cancelled": "Cancelled: the rows above are what was found before.",
		"h.time":    "Time", "h.src": "Source", "h.dst": "Destination", "h.port": "Port",
		"h.proto": "Protocol", "h.region": "Region", "h.iface": "Interface", "h.bytes": "Bytes",
		"h.result": "Result", "details": "Details", "only.this": "Only this", "err.format": "Choose html, csv or ndjson.",
		"only.src": "Only this source", "only.short": "only",
		"r.accept": "✓ Allowed", "r.reject": "✗ Blocked", "r.nodata": "– No data", "r.skipdata": "! Records lost",
		"progress":        "Objects read: %s of %s · %s rows",
		"progress.more":   "Objects read: %s of %s+ · %s rows",
		"note.none":       "No record matched.",
		"note.count":      "%s records matched.",
		"note.cap":        "Only the first %s rows are shown. Narrow the search (a shorter time range, a port or an address).",
		"note.timeout":    "The search stopped at its time limit of %s: the rows above are partial. Narrow the search.",
		"note.busy":       "Too many searches are running. Try again in a moment.",
		"note.failed":     "The search failed: %s",
		"note.incomplete": "The result may be incomplete: %s",
		"err.until":       "Until must be after From.", "err.sort": "Choose an order from the list.",
		"err.tz":   "Unknown time zone: use a name like Asia/Tokyo or UTC.",
		"err.time": "Not a time: use 2026-01-15, 2026-01-15 09:00, or an age like 15m, 2h or 7d.",
		"err.src":  "Not an IP address or range.", "err.dst": "Not an IP address or range.",
		"err.port": "A port is a number from 0 to 65535.", "err.protocol": "Use TCP, UDP, ICMP or a number from 0 to 255.",
		"err.action": "Choose allowed, blocked or any.", "err.q": "The query is not valid:",
		"err.account": "An account ID is 12 digits.", "err.account.denied": "You may not search this account.",
		"err.account.none": "You may not search any account.",
		"err.region":       "Not a region name (like ap-northeast-1).", "err.region.denied": "This page does not search this region.",
		"err.fix":   "Please correct the fields marked below.",
		"rec.title": "Record details", "rec.back": "Back to the results", "rec.where": "Stored in",
		"rec.line": "line", "rec.field": "Field (AWS)", "rec.column": "Athena column", "rec.value": "Value",
		"rec.about": "What it means", "rec.notfound": "This record was not found. The link may be old, or the logs changed.",
		"rec.bad":        "This link does not name a record.",
		"hint.title":     "Why was it blocked?",
		"hint.reply":     "This blocked flow is a reply (by its TCP flags or its ports), and flowq found the request it answers accepted: %s accepted flows in the opposite direction on the same interface at the same time. Security groups are stateful and let replies through by themselves; network ACLs are stateless and need a rule for the reply too. The likely cause is a network ACL.",
		"hint.request":   "This blocked flow is a request (by its TCP flags or its ports) that was refused. A security group or a network ACL refused it: flow logs do not say which.",
		"hint.noreverse": "No flow in the opposite direction was found on the same interface at the same time.",
		"hint.unpaired":  "No accepted request in the opposite direction was found on the same interface at the same time, and the flow's direction does not show it is a request, so the logs do not say which rule refused it.",
		"hint.both":      "Flows in the opposite direction (%s) were blocked too. The logs do not show which rule refused them.",
		"hint.partial":   "Some logs of that window could not be read, so the search for the paired flow may have missed it.",
		"hint.reason":    "AWS gives a reason for this rejection: %s.",
		"hint.pair":      "Search the flows in the opposite direction",
		"skip":           "Skip to the results",
		"signed":         "Signed in as", "logout": "Sign out",
		"enr.none":     "The files give no value for this record in:",
		"f.q.enriched": "The advanced box also knows the fields of the enrichment files (--enrich), such as dst_aws_service = 'S3':",
		"enr.title":    "From the enrichment files", "enr.field": "Field",
		"enr.from":               "From %s (%s).",
		"enr.from.dated":         "From %s (%s), dated %s.",
		"enr.kind.aws-ip-ranges": "AWS ip-ranges.json", "enr.kind.eni-inventory": "ENI inventory", "enr.kind.mmdb": "MaxMind database",
		"enr.newer":      "%s was made %s, after this flow (%s): AWS moves prefixes and databases change, so its answers may not hold for the flow.",
		"cov.none":       "No record matched, but the logs may not show everything in this window: %s (%s lists it all.)",
		"cov.some":       "The logs may not show everything in this window, so matching records may be missing: %s (%s lists it all.)",
		"enr.newer.rows": "%s was made %s, after the flows found (from %s): AWS moves prefixes and databases change, so its answers may not hold for them.",
		"cov.gaps":       "%d five-minute deliveries have no object (quiet, or lost: the logs cannot tell) in %s.",
		"cov.skipdata":   "AWS lost records (SKIPDATA) on %s.",
	},
	"ja": {
		"title": "フローログ検索", "lang.switch": "English",
		"intro": "通信は許可されたか、拒否されたか。わかる項目だけ入力してください。空欄は「すべて」です。",
		"f.src": "送信元アドレス", "f.src.hint": "IPアドレスまたは範囲（10.0.0.0/8）",
		"f.dst": "宛先アドレス", "f.port": "宛先ポート", "f.protocol": "プロトコル",
		"f.action": "結果", "f.account": "AWSアカウント", "f.region": "リージョン",
		"f.since": "開始", "f.since.hint": "2026-01-15 09:00、または直近の 15m、2h、7d",
		"f.until": "終了", "f.until.hint": "空欄：現在", "f.tz": "タイムゾーン",
		"f.q": "詳細：flowq のクエリ", "f.q.hint": "例：srcport = 22 や tcp_flags = 2",
		"f.sort": "並び順", "sort.found": "保存順", "sort.time": "古い順", "sort.-time": "新しい順",
		"any": "すべて", "allowed": "許可", "blocked": "拒否", "search": "検索",
		"ran": "実行したクエリ：", "cli": "コマンドラインで同じ検索：",
		"download": "ダウンロード：", "results": "結果", "cancel": "キャンセル",
		"cancelled": "キャンセルしました。上の行はそれまでに見つかったものです。",
		"h.time":    "日時", "h.src": "送信元", "h.dst": "宛先", "h.port": "ポート",
		"h.proto": "プロトコル", "h.region": "リージョン", "h.iface": "インターフェイス", "h.bytes": "バイト",
		"h.result": "結果", "details": "詳細", "only.this": "これだけ", "err.format": "html、csv、ndjson から選んでください。",
		"only.src": "この送信元だけ", "only.short": "のみ",
		"r.accept": "✓ 許可", "r.reject": "✗ 拒否", "r.nodata": "– データなし", "r.skipdata": "! 記録欠落",
		"progress":        "読んだオブジェクト：%s / %s · %s 行",
		"progress.more":   "読んだオブジェクト：%s / %s+ · %s 行",
		"note.none":       "一致するレコードはありません。",
		"note.count":      "%s 件のレコードが一致しました。",
		"note.cap":        "最初の %s 行だけを表示しています。検索を絞り込んでください（短い期間、ポート、アドレス）。",
		"note.timeout":    "制限時間 %s で検索を止めました。上の行は一部です。検索を絞り込んでください。",
		"note.busy":       "実行中の検索が多すぎます。少し待ってからもう一度お試しください。",
		"note.failed":     "検索に失敗しました：%s",
		"note.incomplete": "結果が不完全な可能性があります：%s",
		"err.until":       "終了は開始より後にしてください。", "err.sort": "一覧から並び順を選んでください。",
		"err.tz":   "不明なタイムゾーンです。Asia/Tokyo や UTC のような名前を使ってください。",
		"err.time": "日時として読めません。2026-01-15、2026-01-15 09:00、または 15m、2h、7d のような期間を使ってください。",
		"err.src":  "IPアドレスまたは範囲ではありません。", "err.dst": "IPアドレスまたは範囲ではありません。",
		"err.port": "ポートは 0〜65535 の数字です。", "err.protocol": "TCP、UDP、ICMP または 0〜255 の数字を使ってください。",
		"err.action": "許可・拒否・すべてから選んでください。", "err.q": "クエリが正しくありません：",
		"err.account": "アカウントIDは12桁の数字です。", "err.account.denied": "このアカウントを検索する権限がありません。",
		"err.account.none": "検索できるアカウントがありません。",
		"err.region":       "リージョン名ではありません（例：ap-northeast-1）。", "err.region.denied": "このページではこのリージョンを検索できません。",
		"err.fix":   "印の付いた項目を直してください。",
		"rec.title": "レコードの詳細", "rec.back": "結果に戻る", "rec.where": "保存場所",
		"rec.line": "行", "rec.field": "フィールド（AWS）", "rec.column": "Athena の列", "rec.value": "値",
		"rec.about": "意味", "rec.notfound": "このレコードは見つかりません。リンクが古いか、ログが変わった可能性があります。",
		"rec.bad":        "このリンクはレコードを指していません。",
		"hint.title":     "なぜ拒否されたか",
		"hint.reply":     "この拒否された通信は（TCPフラグまたはポートから）応答で、それに対応するリクエストは許可されていました：同じインターフェイスで同じ時刻に、逆方向の許可された通信が %s 件あります。セキュリティグループはステートフルで応答を自動的に通しますが、ネットワークACLはステートレスで応答にもルールが必要です。原因はネットワークACLの可能性が高いです。",
		"hint.request":   "この拒否された通信は（TCPフラグまたはポートから）リクエストで、拒否されました。セキュリティグループかネットワークACLが拒否しましたが、どちらかはフローログからはわかりません。",
		"hint.noreverse": "同じインターフェイスで同じ時刻に、逆方向の通信は見つかりませんでした。",
		"hint.unpaired":  "同じインターフェイスで同じ時刻に逆方向の許可されたリクエストは見つからず、通信の向きからもリクエストとはわからないため、どのルールが拒否したかはログからはわかりません。",
		"hint.both":      "逆方向の通信（%s 件）も拒否されています。どのルールが拒否したかはログからはわかりません。",
		"hint.partial":   "その時間帯のログの一部が読めなかったため、対になる通信を見落とした可能性があります。",
		"hint.reason":    "AWS が示す拒否の理由：%s。",
		"hint.pair":      "逆方向の通信を検索",
		"skip":           "結果へ移動",
		"signed":         "ログイン中：", "logout": "ログアウト",
		"enr.none":     "このレコードについてファイルに値がないフィールド：",
		"f.q.enriched": "詳細欄では、エンリッチメントファイル（--enrich）のフィールドも使えます（例：dst_aws_service = 'S3'）：",
		"enr.title":    "エンリッチメントファイルから", "enr.field": "フィールド",
		"enr.from":               "出典：%s（%s）。",
		"enr.from.dated":         "出典：%s（%s、%s 作成）。",
		"enr.kind.aws-ip-ranges": "AWS ip-ranges.json", "enr.kind.eni-inventory": "ENI一覧", "enr.kind.mmdb": "MaxMind データベース",
		"enr.newer":      "%s は %s に作成されており、この通信（%s）より後です。AWS のプレフィックスやデータベースは変わるため、この通信には当てはまらない可能性があります。",
		"cov.none":       "一致するレコードはありませんが、この時間帯のログがすべてを示しているとは限りません：%s（%s で一覧できます。）",
		"cov.some":       "この時間帯のログがすべてを示しているとは限らず、一致するレコードが欠けている可能性があります：%s（%s で一覧できます。）",
		"enr.newer.rows": "%s は %s に作成されており、見つかった通信（%s 以降）より後です。AWS のプレフィックスやデータベースは変わるため、これらの通信には当てはまらない可能性があります。",
		"cov.gaps":       "%[2]s で5分ごとの配信 %[1]d 回分のオブジェクトがありません（通信がなかったのか失われたのかはログからはわかりません）。",
		"cov.skipdata":   "%s で AWS がレコードを失いました（SKIPDATA）。",
	},
}

// jaDescriptions explain the common fields in Japanese; the others fall
// back to English. Read-only.
var jaDescriptions = map[flowlog.Field]string{
	flowlog.Version:          "フローログのレコード形式のバージョン。",
	flowlog.AccountID:        "ネットワークインターフェイスを所有するAWSアカウント。",
	flowlog.InterfaceID:      "通信が記録されたネットワークインターフェイス（ENI）。",
	flowlog.SrcAddr:          "通信の送信元アドレス。",
	flowlog.DstAddr:          "通信の宛先アドレス。",
	flowlog.SrcPort:          "通信の送信元ポート。",
	flowlog.DstPort:          "通信の宛先ポート。多くはサービスを表します（443 Web、22 SSH、5432 PostgreSQL）。",
	flowlog.Protocol:         "IPプロトコル（TCP、UDP、ICMP など）。",
	flowlog.Packets:          "集計期間に見えたパケット数。",
	flowlog.Bytes:            "集計期間に見えたバイト数。",
	flowlog.Start:            "集計期間の最初のパケットを見た時刻。",
	flowlog.End:              "集計期間の最後のパケットを見た時刻。",
	flowlog.Action:           "セキュリティグループとネットワークACLが通信を通したか（ACCEPT）、拒否したか（REJECT）。",
	flowlog.LogStatus:        "記録の状態：OK、NODATA（通信なし）、SKIPDATA（記録の欠落）。",
	flowlog.VPCID:            "ネットワークインターフェイスのVPC。",
	flowlog.SubnetID:         "ネットワークインターフェイスのサブネット。",
	flowlog.InstanceID:       "インターフェイスが接続されたEC2インスタンス。",
	flowlog.TCPFlags:         "集計期間に見えたTCPフラグの組み合わせ（SYN、ACK、FIN、RST など）。",
	flowlog.Type:             "通信の種類：IPv4、IPv6、EFA。",
	flowlog.PktSrcAddr:       "パケット本来の送信元アドレス。NATやロードバランサーの背後では srcaddr と異なります。",
	flowlog.PktDstAddr:       "パケット本来の宛先アドレス。",
	flowlog.Region:           "ネットワークインターフェイスのAWSリージョン。",
	flowlog.AZID:             "ネットワークインターフェイスのアベイラビリティーゾーンID。",
	flowlog.PktSrcAWSService: "送信元アドレスが属するAWSサービス。",
	flowlog.PktDstAWSService: "宛先アドレスが属するAWSサービス。",
	flowlog.FlowDirection:    "通信がインターフェイスに入ったか（ingress）、出たか（egress）。",
	flowlog.TrafficPath:      "送信された通信が宛先へ向かった経路。",
	flowlog.RejectReason:     "拒否の理由（AWSが示す場合。BPA：パブリックアクセスのブロック）。",
	flowlog.ResourceID:       "レコードが対象とするリソース（NATゲートウェイなど）。",
}
