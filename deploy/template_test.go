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
	Condition  string         `yaml:"Condition"`
	Properties map[string]any `yaml:"Properties"`
}

type parameter struct {
	Default       any      `yaml:"Default"`
	AllowedValues []string `yaml:"AllowedValues"`
	NoEcho        bool     `yaml:"NoEcho"`
}

type template struct {
	Parameters map[string]parameter `yaml:"Parameters"`
	Resources  map[string]resource  `yaml:"Resources"`
}

func loadTemplate(t *testing.T) template {
	b, err := os.ReadFile("template.yaml")
	require.NoError(t, err)
	var tmpl template
	require.NoError(t, yaml.Unmarshal(b, &tmpl))
	return tmpl
}

func load(t *testing.T) map[string]resource { return loadTemplate(t).Resources }

// rolePolicies are the inline policy documents of a role.
func rolePolicies(t *testing.T, role resource) []any {
	require.Equal(t, "AWS::IAM::Role", role.Type)
	assert.NotContains(t, role.Properties, "ManagedPolicyArns")
	var docs []any
	for _, p := range role.Properties["Policies"].([]any) {
		docs = append(docs, p.(map[string]any)["PolicyDocument"])
	}
	return docs
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
	g := grants(t, rolePolicies(t, res["WorkerRole"])...)
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

// readOnly are all the actions any policy here may allow.
var readOnly = []string{"s3:GetObject", "s3:ListBucket", "lambda:InvokeFunction",
	"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"}

// TestNothingWrites: no statement anywhere allows a write, a delete or a
// wildcard action: every action of every policy is a read of the logs,
// the worker's invocation or the functions' own logs.
func TestNothingWrites(t *testing.T) {
	b, err := os.ReadFile("template.yaml")
	require.NoError(t, err)
	for _, bad := range []string{"s3:Put", "s3:Delete", "s3:*", "Action: '*'", "Action: \"*\"", "s3:Abort", "s3:Restore"} {
		assert.NotContains(t, string(b), bad)
	}
	res := load(t)
	var docs []any
	for name, r := range res {
		switch r.Type {
		case "AWS::IAM::Role":
			docs = append(docs, rolePolicies(t, r)...)
		case "AWS::IAM::ManagedPolicy":
			docs = append(docs, r.Properties["PolicyDocument"])
		}
		for _, key := range []string{"Policies", "PolicyDocument"} {
			if _, ok := r.Properties[key]; ok {
				assert.False(t, slices.Contains(list(r.Properties[key]), "*"), name)
			}
		}
	}
	for action := range grants(t, docs...) {
		assert.Contains(t, readOnly, action)
	}
}

func TestPageRoleIsLeastPrivilege(t *testing.T) {
	res := load(t)
	g := grants(t, rolePolicies(t, res["PageRole"])...)
	logs := "Fn::Sub:arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/${PageFunctionName}:*"
	assert.Equal(t, map[string][]string{
		"s3:ListBucket":         {"Fn::Sub:arn:${AWS::Partition}:s3:::${LogsBucket}"},
		"s3:GetObject":          {"Fn::Sub:arn:${AWS::Partition}:s3:::${LogsBucket}/${LogsPrefix}*"},
		"lambda:InvokeFunction": {"Fn::GetAtt:Worker.Arn"},
		"logs:CreateLogGroup":   {logs}, "logs:CreateLogStream": {logs}, "logs:PutLogEvents": {logs},
	}, g)
	page := res["Page"]
	assert.Equal(t, "AWS::Lambda::Function", page.Type)
	assert.Equal(t, "provided.al2023", page.Properties["Runtime"])
	assert.Equal(t, []string{"Fn::GetAtt:PageRole.Arn"}, list(page.Properties["Role"]))
}

// TestPageURLNeedsSignIn: the page streams through a Function URL; its
// sign-in is a parameter that cannot be none, secrets are not echoed,
// and anyone may invoke the URL only when its AuthType is NONE (the page
// then signs users in itself).
func TestPageURLNeedsSignIn(t *testing.T) {
	tmpl := loadTemplate(t)
	res := tmpl.Resources
	vars := res["Page"].Properties["Environment"].(map[string]any)["Variables"].(map[string]any)
	assert.Equal(t, []string{"Ref:PageAuth"}, list(vars["FLOWQ_AUTH"]))
	assert.Equal(t, []string{"Ref:Worker"}, list(vars["FLOWQ_LAMBDA"]))
	assert.Equal(t, []string{"oidc", "proxy", "alb"}, tmpl.Parameters["PageAuth"].AllowedValues)
	for _, secret := range []string{"OidcClientSecret", "SessionKey"} {
		assert.True(t, tmpl.Parameters[secret].NoEcho, secret)
	}
	url := res["PageUrl"]
	assert.Equal(t, "AWS::Lambda::Url", url.Type)
	assert.Equal(t, "RESPONSE_STREAM", url.Properties["InvokeMode"])
	assert.Equal(t, []string{"Ref:PageUrlAuthType"}, list(url.Properties["AuthType"]))
	assert.Equal(t, []string{"NONE", "AWS_IAM"}, tmpl.Parameters["PageUrlAuthType"].AllowedValues)
	for name, r := range res {
		if r.Type != "AWS::Lambda::Permission" {
			continue
		}
		assert.Equal(t, "PagePublicUrlPermission", name, "the only permission")
		assert.Equal(t, "PublicPageUrl", r.Condition)
		assert.Equal(t, "lambda:InvokeFunctionUrl", r.Properties["Action"])
		assert.Equal(t, "NONE", r.Properties["FunctionUrlAuthType"])
		assert.Equal(t, []string{"Ref:Page"}, list(r.Properties["FunctionName"]))
	}
}
