// Package deploy holds flowq's deployment template for AWS
// (template.yaml: the fan-out worker and least-privilege IAM) and the
// test that checks the permissions it grants.
package deploy
