package targets

import (
	"strings"

	"github.com/omsso/omsso/internal/okta/desired"
	"github.com/omsso/omsso/internal/omconf"
	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/templates"
)

// Okta renders the Okta-side setup guide. It configures no server, so there is nothing to read
// back: Effective returns nil and Check skips it.
type Okta struct{}

// Name implements Target.
func (Okta) Name() string { return "okta" }

// OktaSetup is the guide's path.
const OktaSetup = "okta/SETUP.md"

// Render implements Target. Every Okta-side value in the guide comes from desired.For, the
// same desired state `omsso plan --target okta` checks the org against, so the guide and the
// plan cannot disagree (e.g. on the issuer mode for a custom domain).
func (o Okta) Render(r *settings.Resolved) ([]File, error) {
	d := desired.For(r)
	type oktaView struct {
		view
		D                 desired.State
		SilentCallbackURL string
		RequestedScopes   []string
		KubeSecret        settings.KubeSecret
		GrantTypes        string // the app's grant types as the Admin Console names them
		RuleGrantTypes    string // the access rule's grant types
		AppIssuerMode     string // "Okta URL" or "Custom URL"
		ServerIssuerMode  string
	}
	v := oktaView{view: newView(r, o.Name()), D: d, SilentCallbackURL: d.App.RedirectURIs[1], RequestedScopes: d.Server.Scopes, KubeSecret: KubeSecret(r),
		GrantTypes: grantList(d), RuleGrantTypes: ruleGrantList(d),
		AppIssuerMode: desired.IssuerModeLabel(d.App.IssuerMode), ServerIssuerMode: desired.IssuerModeLabel(d.Server.IssuerMode)}
	data, err := templates.Render("okta/SETUP.md.tmpl", v)
	if err != nil {
		return nil, err
	}
	return []File{{Path: OktaSetup, Data: data}}, nil
}

// grantList renders the app's grant types with the Admin Console's options; the guide's extra
// (implicit) comes last, marked optional.
func grantList(d desired.State) string {
	var items []string
	for i, g := range d.App.GrantTypes {
		item := "**" + d.App.GrantLabels[i] + "**"
		if g == "refresh_token" && d.App.RefreshRotation == "ROTATE" {
			item += " (Rotate token after every use)"
		}
		items = append(items, item)
	}
	out := joinAnd(items)
	for _, l := range d.App.GuideGrantLabels {
		out += "; optionally **" + l + "** with *Allow ID Token* and *Allow Access Token* (OpenMetadata's guide asks for it, but its UI signs in with Authorization Code and PKCE and does not use it: leave it off for least privilege)"
	}
	return out
}

// ruleGrantList names the access rule's grant types.
func ruleGrantList(d desired.State) string {
	names := map[string]string{"authorization_code": "Authorization Code", "implicit": "Implicit"}
	var items []string
	for _, g := range d.Server.RuleGrantTypes {
		items = append(items, names[g])
	}
	out := strings.Join(items, ", ")
	for _, g := range d.Server.GuideRuleGrants {
		out += " (and " + names[g] + " only if you ticked it on the app)"
	}
	return out
}

func joinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	case 2:
		return items[0] + " and " + items[1]
	}
	return strings.Join(items[:len(items)-1], ", ") + ", and " + items[len(items)-1]
}

// Effective implements Target: a guide binds nothing.
func (Okta) Effective(*settings.Resolved, []File) (map[string]omconf.Effective, error) {
	return nil, nil
}
