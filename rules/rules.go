// Package rules holds postmarklint's rules, one per file.
package rules

import "github.com/postmarklint/postmarklint/lint"

// All lists every rule, in the order the documentation shows them.
var All = []*lint.Rule{
	ParseError,
	TokenFormat,
	TokenWhitespace,
	TokenQuoting,
	TokenPlaceholder,
	TestTokenInProduction,
	TestTokenUnusable,
	EnvMismatch,
	DuplicateKey,
	APIEndpoint,
	SMTPLogin,
	SMTPPort,
	MessageStream,
	StreamTypeMismatch,
	SenderPublicDomain,
	CommittedToken,
	TokenRejected,
	TokenKindMismatch,
	SandboxInProduction,
	ServerEnvMismatch,
	StreamRejected,
	SMTPDisabled,
	OnlineUnverified,
	TokenVerified,
	BadSuppression,
}

// ByID returns the rule with the given id, or nil.
func ByID(id string) *lint.Rule {
	for _, r := range All {
		if r.ID == id {
			return r
		}
	}
	return nil
}
