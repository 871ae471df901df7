package enrich

import (
	"encoding/json"
	"fmt"
)

// configFile is the output of AWS Config's
//
//	aws configservice select-resource-config --expression \
//	  "SELECT configuration WHERE resourceType = 'AWS::EC2::NetworkInterface'"
//
// (Results: one JSON document per resource, as a string), or of
// get-resource-config-history / batch-get-resource-config for network
// interfaces (configurationItems or baseConfigurationItems, each with its
// configuration as a JSON string).
type configFile struct {
	Results            []string
	ConfigurationItems []configItem `json:"configurationItems"`
	BaseItems          []configItem `json:"baseConfigurationItems"`
}

type configItem struct {
	ResourceType  string `json:"resourceType"`
	Configuration string `json:"configuration"`
}

// isConfigENIs sniffs an AWS Config answer about network interfaces.
func isConfigENIs(data []byte) bool {
	return (jsonHasKey(data, "Results") || jsonHasKey(data, "configurationItems") || jsonHasKey(data, "baseConfigurationItems")) &&
		jsonHasText(data, "networkInterfaceId")
}

// parseConfigENIs reads the interfaces of an AWS Config answer. A history
// lists an interface once per change, newest first: the first of an id
// is kept, as for EC2 inventories.
func parseConfigENIs(data []byte) (*eniTable, error) {
	var f configFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("AWS Config items: %w", err)
	}
	var list []eniJSON
	for i, r := range f.Results {
		var doc struct{ Configuration eniJSON }
		if err := json.Unmarshal([]byte(r), &doc); err != nil {
			return nil, fmt.Errorf("AWS Config items: result %d: %w", i+1, err)
		}
		list = append(list, doc.Configuration)
	}
	for i, it := range append(f.ConfigurationItems, f.BaseItems...) {
		if it.ResourceType != "" && it.ResourceType != "AWS::EC2::NetworkInterface" {
			continue
		}
		var n eniJSON
		if err := json.Unmarshal([]byte(it.Configuration), &n); err != nil {
			return nil, fmt.Errorf("AWS Config items: item %d: %w", i+1, err)
		}
		list = append(list, n)
	}
	t, err := eniTableOf(list)
	if err != nil {
		return nil, fmt.Errorf("AWS Config items: %w", err)
	}
	return t, nil
}
