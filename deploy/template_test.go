package deploy

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

type statement struct {
	Sid      string `yaml:"Sid"`
	Effect   string `yaml:"Effect"`
	Action   any    `yaml:"Action"`
	Resource any    `yaml:"Resource"`
}

type policy struct {
	Statement []statement `yaml:"Statement"`
}

type resource struct {
	Type       string         `yaml:"Type"`
	Properties map[string]any `yaml:"Properties"`
}

func load(t *testing.T) map[string]resource {
	b, err := os.ReadFile("template.yaml")
	require.NoError(t, err)
	var tmpl struct {
		Resources map[string]resource `yaml:"Resources"`
	}
	require.NoError(t, yaml.Unmarshal(b, &tmpl))
	return tmpl.Resources
}

func decodePolicy(t *testing.T, doc any) policy {
	b, err := yaml.Marshal(doc)
	require.NoError(t, err)
	var p policy
	require.NoError(t, yaml.Unmarshal(b, &p))
	return p
}

func list(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			out = append(out, list(x)...)
		}
		return out
	case map[string]any: // Fn::Sub / Fn::GetAtt
		for k, x := range v {
			return []string{k + ":" + strings.Join(list(x), ".")}
		}
	}
	return nil
}

// grants maps each action to the resources it is allowed on.
func grants(t *testing.T, docs ...any) map[string][]string {
	out := map[string][]string{}
	for _, d := range docs {
		for _, s := range decodePolicy(t, d).Statement {
			require.Equal(t, "Allow", s.Effect)
			for _, a := range list(s.Action) {
				out[a] = append(out[a], list(s.Resource)...)
			}
		}
	}
	return out
}

func TestWorkerRoleIsLeastPrivilege(t *testing.T) {
	res := load(t)
	role := res["WorkerRole"]
	require.Equal(t, "AWS::IAM::Role", role.Type)
	assert.NotContains(t, role.Properties, "ManagedPolicyArns")
	var docs []any
	for _, p := range role.Properties["Policies"].([]any) {
		docs = append(docs, p.(map[string]any)["PolicyDocument"])
	}
	g := grants(t, docs...)
	assert.Equal(t, map[string][]string{
		"s3:GetObject":         {"Fn::Sub:arn:${AWS::Partition}:s3:::${LogsBucket}/${LogsPrefix}*"},
		"s3:ListBucket":        {"Fn::Sub:arn:${AWS::Partition}:s3:::${LogsBucket}"},
		"logs:CreateLogGroup":  {"Fn::Sub:arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/${FunctionName}:*"},
		"logs:CreateLogStream": {"Fn::Sub:arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/${FunctionName}:*"},
		"logs:PutLogEvents":    {"Fn::Sub:arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/${FunctionName}:*"},
	}, g)
	worker := res["Worker"]
	assert.Equal(t, "provided.al2023", worker.Properties["Runtime"])
	assert.Equal(t, "bootstrap", worker.Properties["Handler"])
}

func TestCoordinatorInvokesTheWorkerOnly(t *testing.T) {
	res := load(t)
	p := res["CoordinatorPolicy"]
	require.Equal(t, "AWS::IAM::ManagedPolicy", p.Type)
	g := grants(t, p.Properties["PolicyDocument"])
	assert.Equal(t, map[string][]string{
		"s3:ListBucket":         {"Fn::Sub:arn:${AWS::Partition}:s3:::${LogsBucket}"},
		"lambda:InvokeFunction": {"Fn::GetAtt:Worker.Arn"},
	}, g)
}

// TestNothingWrites: no statement anywhere allows a write, a delete or a
// wildcard action.
func TestNothingWrites(t *testing.T) {
	b, err := os.ReadFile("template.yaml")
	require.NoError(t, err)
	for _, bad := range []string{"s3:Put", "s3:Delete", "s3:*", "\"*\"", "Action: '*'", "Action: \"*\"", "s3:Abort", "s3:Restore"} {
		assert.NotContains(t, string(b), bad)
	}
	res := load(t)
	for name, r := range res {
		for _, key := range []string{"Policies", "PolicyDocument"} {
			if _, ok := r.Properties[key]; ok {
				assert.False(t, slices.Contains(list(r.Properties[key]), "*"), name)
			}
		}
	}
}
