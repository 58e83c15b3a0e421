package oktatf

import (
	"slices"

	"github.com/omsso/omsso/internal/okta/desired"
)

// systemScopes exist on every custom authorization server (OKTA-API-WRITES §5.1).
var systemScopes = []string{"openid", "profile", "email", "address", "phone", "offline_access"}

// authServer writes the authorization server, its scopes and omsso's access policy. The org
// server has none of these objects. The server's values (audiences, name, description, key
// rotation, status) are read with a data source and passed through unchanged; omsso sets the
// issuer mode only on a server it knows is dedicated (read by --adopt), as apply --target okta
// does: on a shared server the mode decides every other client's issuer.
func (b *builder) authServer() {
	d := b.in.D.Server
	if d.Kind == desired.ServerOrg {
		b.note("the org authorization server has no Terraform object: only the app's settings matter")
		return
	}
	data := Block{Kind: KindData, Type: "okta_auth_server"}
	res := Block{Kind: KindResource}
	id := d.ID
	if l := b.in.Live; l != nil && l.Server != nil {
		id = l.Server.ID()
	}
	switch {
	case d.Kind == desired.ServerDefault:
		data.Name, res.Type, res.Name = "default", "okta_auth_server_default", "default"
		data.Attrs = []Attr{{"name", b.serverName("default")}}
		data.Comment = []string{"The default authorization server is shared with other apps: its audience and the rest stay as they are."}
		res.Comment = []string{"Every value is the server's own, read above (omsso sets the issuer mode only on a dedicated server)."}
		res.Attrs = []Attr{{"name", Ref(data.Address(), "name")}, {"audiences", Ref(data.Address(), "audiences")}}
		// The provider imports the default server by the literal id "default" as well.
		b.importBlock("okta_auth_server_default.default", id, "the default authorization server")
	default:
		data.Name, res.Type, res.Name = serverName, "okta_auth_server", serverName
		data.Attrs = []Attr{{"name", b.serverName("")}}
		data.Comment = []string{"The dedicated authorization server " + d.ID + ", as it is now."}
		res.Comment = []string{"Every value is the server's own, read above (omsso sets the issuer mode only on a dedicated server)."}
		res.Attrs = []Attr{{"name", Ref(data.Address(), "name")}, {"audiences", Ref(data.Address(), "audiences")}}
		b.importBlock("okta_auth_server."+serverName, id, "the authorization server "+d.ID)
	}
	res.Attrs = append(res.Attrs, Attr{"description", Ref(data.Address(), "description")},
		Attr{"credentials_rotation_mode", Ref(data.Address(), "credentials_rotation_mode")},
		Attr{"status", Ref(data.Address(), "status")}, Attr{"issuer_mode", b.issuerMode(data.Address())})
	b.add(data)
	b.add(res)
	b.server = res.Address()
	b.scopes()
	b.policy()
}

// dedicated reports whether adoption read the server and it serves this client alone (its one
// audience is the client ID), the rule of apply --target okta. Without --adopt omsso cannot
// tell, so the server counts as shared.
func (b *builder) dedicated() bool {
	l := b.in.Live
	if l == nil || l.Server == nil {
		return false
	}
	aud := l.Server.Strings("audiences")
	return len(aud) == 1 && aud[0] == b.in.D.ClientID
}

// issuerMode is the server's issuer mode: the desired one on a dedicated server; on any other
// the server's own (a change would move the issuer of every other client), with a note when it
// is not the one the settings' issuer needs.
func (b *builder) issuerMode(data string) any {
	want := b.in.D.Server.IssuerMode
	if b.dedicated() {
		return want
	}
	label := desired.IssuerModeLabel(want)
	switch l := b.in.Live; {
	case l == nil || l.Server == nil:
		b.note("without --adopt omsso cannot tell whether the authorization server serves other clients: its issuer mode is kept; tokens must carry the issuer %s (Issuer: %s); --adopt sets it on a server whose only audience is the client ID", b.in.R.Issuer, label)
	case l.Server.Str("issuerMode") != want:
		b.note("the authorization server may serve other clients (its audience is not only the client ID): its issuer mode %s is kept, omsso never changes a shared server's issuer mode; tokens must carry the issuer %s (Issuer: %s): decide with the server's other users, or use a dedicated server", l.Server.Str("issuerMode"), b.in.R.Issuer, label)
	}
	return Ref(data, "issuer_mode")
}

// serverName is the server's name, as read; without the org read, the default server's is
// "default" and a dedicated server's is asked for by a variable.
func (b *builder) serverName(def string) any {
	if l := b.in.Live; l != nil && l.Server != nil {
		return l.Server.Str("name")
	}
	if def != "" {
		return def
	}
	b.variables = append(b.variables, Block{Kind: KindVariable, Name: "authorization_server_name",
		Attrs: []Attr{{"type", Expr("string")}, {"description", "The name of the authorization server " + b.in.D.Server.ID + " (Security > API > Authorization Servers); `omsso render --target terraform --adopt` reads it"}}})
	return Expr("var.authorization_server_name")
}

// scopes creates the requested scopes the server lacks, and omsso's default scope on a
// dedicated server. Existing scopes are left alone (not managed): omsso needs them to exist,
// nothing more, except its own default scope, which it adopts.
func (b *builder) scopes() {
	d := b.in.D.Server
	have := map[string]Object{}
	hasDefault := false
	if l := b.in.Live; l != nil {
		for _, s := range l.Scopes {
			have[s.Str("name")] = s
			if v, _ := s.Bool("default"); v {
				hasDefault = true
			}
		}
	}
	for _, s := range d.Scopes {
		if slices.Contains(systemScopes, s) {
			continue
		}
		if _, ok := have[s]; ok {
			b.note("scope %s exists on the authorization server: left as it is (not managed)", s)
			continue
		}
		b.add(b.scopeBlock(s, "OpenMetadata requests this scope; Okta refuses the login with invalid_scope without it.", []Attr{{"description", "Requested by OpenMetadata"}, {"consent", "IMPLICIT"}, {"metadata_publish", "ALL_CLIENTS"}, {"default", false}}))
	}
	if !d.DefaultScope {
		return
	}
	// A default scope is granted to every client of the server: only on a dedicated one.
	if _, exists := have[desired.DefaultScopeName]; !exists && !b.dedicated() {
		return
	}
	own, exists := have[desired.DefaultScopeName]
	switch {
	case exists:
		b.add(b.scopeBlock(desired.DefaultScopeName, "omsso's default scope, as it is.", scopeAttrs(own)))
		b.importBlock("okta_auth_server_scope."+slug(desired.DefaultScopeName), b.in.Live.Server.ID()+"/"+own.ID(), "omsso's default scope")
	case hasDefault:
		b.note("the authorization server has a default scope already: omsso adds none")
	default:
		b.add(b.scopeBlock(desired.DefaultScopeName, "A default scope (OpenMetadata's guide).", []Attr{{"display_name", "OpenMetadata"}, {"description", "Default scope for OpenMetadata"},
			{"consent", "IMPLICIT"}, {"metadata_publish", "NO_CLIENTS"}, {"default", true}}))
	}
}

func (b *builder) scopeBlock(name, comment string, attrs []Attr) Block {
	return Block{Kind: KindResource, Type: "okta_auth_server_scope", Name: slug(name), Comment: []string{comment},
		Attrs: append([]Attr{{"auth_server_id", Ref(b.server, "id")}, {"name", name}}, attrs...)}
}

// scopeAttrs are an adopted scope's current values.
func scopeAttrs(s Object) []Attr {
	var out []Attr
	for _, k := range [][2]string{{"display_name", "displayName"}, {"description", "description"}, {"consent", "consent"}, {"metadata_publish", "metadataPublish"}} {
		if v := s.Str(k[1]); v != "" {
			out = append(out, Attr{k[0], v})
		}
	}
	if v, ok := s.Bool("default"); ok {
		out = append(out, Attr{"default", v})
	}
	return out
}
