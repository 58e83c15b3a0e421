package targets

import (
	"github.com/omsso/omsso/omconf"
	"github.com/omsso/omsso/settings"
	"github.com/omsso/omsso/templates"
)

// Okta renders the Okta-side setup guide. It configures no server, so there is nothing to read
// back: Effective returns nil and Check skips it.
type Okta struct{}

// Name implements Target.
func (Okta) Name() string { return "okta" }

// OktaSetup is the guide's path.
const OktaSetup = "okta/SETUP.md"

// Render implements Target.
func (o Okta) Render(r *settings.Resolved) ([]File, error) {
	scopes := r.Okta.Scopes
	if !r.Confidential() {
		scopes = []string{"openid", "profile", "email", "offline_access"} // hard-coded by the UI
	}
	type oktaView struct {
		view
		SilentCallbackURL string
		RequestedScopes   []string
		KubeSecret        settings.KubeSecret
	}
	data, err := templates.Render("okta/SETUP.md.tmpl", oktaView{newView(r, o.Name()), r.ServerURL + "/silent-callback", scopes, KubeSecret(r)})
	if err != nil {
		return nil, err
	}
	return []File{{Path: OktaSetup, Data: data}}, nil
}

// Effective implements Target: a guide binds nothing.
func (Okta) Effective(*settings.Resolved, []File) (map[string]omconf.Effective, error) {
	return nil, nil
}
