package oktatf

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/omsso/omsso/internal/okta/desired"
	"github.com/omsso/omsso/internal/okta/oktaapi"
	"github.com/omsso/omsso/internal/settings"
)

// Resource names omsso gives its blocks (the second label).
const (
	appName    = "openmetadata"
	serverName = "openmetadata"
	policyName = "openmetadata"
	ruleName   = "openmetadata"
	originName = "openmetadata"
)

// Fixed addresses of omsso's own objects.
const (
	AppAddr    = "okta_app_oauth." + appName
	PolicyAddr = "okta_auth_server_policy." + policyName
	RuleAddr   = "okta_auth_server_policy_rule." + ruleName
	OriginAddr = "okta_trusted_origin." + originName
)

// Input is what the Terraform code is made of.
type Input struct {
	R *settings.Resolved
	D desired.State
	// Groups are the groups the settings name for assignment to the app (by name).
	Groups []string
	// Live is the org as read for adoption; nil writes the code without reading the org.
	Live *Live
}

// builder collects the blocks of each file.
type builder struct {
	in        Input
	main      []Block
	variables []Block
	imports   []Block
	outputs   []Block
	notes     []string
	server    string // the server's address ("" for the org server)
}

// Build turns the desired state into the Terraform model.
func Build(in Input) Config {
	b := &builder{in: in}
	b.app()
	b.origin()
	b.authServer()
	b.groups()
	b.outputsOf()
	b.protect()
	files := []File{{Name: "main.tf", Template: "terraform/main.tf.tmpl", Blocks: append(b.variables, b.main...)}}
	if len(b.imports) > 0 {
		files = append(files, File{Name: "imports.tf", Template: "terraform/imports.tf.tmpl", Blocks: b.imports})
	}
	files = append(files, File{Name: "outputs.tf", Template: "terraform/outputs.tf.tmpl", Blocks: b.outputs})
	return Config{Files: files, Notes: b.notes, Adopted: in.Live != nil}
}

func (b *builder) add(blk Block) { b.main = append(b.main, blk) }

func (b *builder) note(format string, a ...any) { b.notes = append(b.notes, fmt.Sprintf(format, a...)) }

// importBlock adopts an existing object: the first terraform plan then reads it instead of
// creating a second one.
func (b *builder) importBlock(addr, id string, comment ...string) {
	b.imports = append(b.imports, Block{Kind: KindImport, Comment: comment, Attrs: []Attr{{"to", Expr(addr)}, {"id", id}}})
}

// protect sets prevent_destroy on the app and on every imported object: omsso never deletes,
// and the code it writes must not delete what existed before it either.
func (b *builder) protect() {
	keep := map[string]bool{AppAddr: true}
	for _, im := range b.imports {
		keep[string(im.Get("to").(Expr))] = true
	}
	for i := range b.main {
		if keep[b.main[i].Address()] && b.main[i].Kind == KindResource {
			b.main[i].PreventDestroy = true
		}
	}
}

// app is the OIDC app.
func (b *builder) app() {
	d, live := b.in.D.App, b.in.Live
	blk := Block{Kind: KindResource, Type: "okta_app_oauth", Name: appName,
		Comment: []string{"The OIDC app OpenMetadata signs in with (client ID " + b.in.D.ClientID + ")."}}
	label, grants, responses, redirects, logout := d.Label, d.GrantTypes, d.ResponseTypes, d.RedirectURIs, d.PostLogoutURIs
	var app Object
	if live != nil {
		app = live.App
	}
	if app != nil {
		// Values other apps or admins added stay: omsso only adds (never delete).
		label = app.Str("label")
		grants = union(app.Strings(sc("grant_types")...), grants)
		responses = union(app.Strings(sc("response_types")...), responses)
		redirects = union(app.Strings(sc("redirect_uris")...), redirects)
		logout = union(app.Strings(sc("post_logout_redirect_uris")...), logout)
	}
	blk.Attrs = []Attr{{"label", label}, {"type", d.ApplicationType}, {"grant_types", grants}, {"response_types", responses},
		{"redirect_uris", redirects}, {"post_logout_redirect_uris", logout}, {"token_endpoint_auth_method", d.TokenAuthMethod}}
	if d.PKCEMatters {
		blk.Attrs = append(blk.Attrs, Attr{"pkce_required", d.PKCERequired})
	}
	blk.Attrs = append(blk.Attrs, Attr{"issuer_mode", d.IssuerMode})
	ignore := slices.Clone(appNotOwned)
	if app == nil || app.Get(sc("consent_method")...) != nil {
		blk.Attrs = append(blk.Attrs, Attr{"consent_method", d.ConsentMethod})
	} else {
		ignore = append(ignore, "consent_method") // a Classic org without consent: nothing to set
	}
	if d.RefreshRotation != "" {
		blk.Attrs = append(blk.Attrs, Attr{"refresh_token_rotation", d.RefreshRotation}, Attr{"refresh_token_leeway", 30})
	} else {
		ignore = append(ignore, "refresh_token_rotation") // the confidential client's is left as it is
	}
	if b.in.D.Confidential {
		// The provider keeps the generated secret out of the state; OpenMetadata reads it from
		// the reference the settings name.
		blk.Attrs = append(blk.Attrs, Attr{"omit_secret", true})
	}
	blk.Ignore = append(ignore, "refresh_token_leeway")
	b.add(blk)
	b.importApp(app)
}

// appNotOwned are app attributes omsso does not own: the label (the admin may rename the app),
// the ones the provider would reset to its defaults (visibility, sign-on options), and the
// optional, not computed ones it reads back from Okta (client and policy URIs, the profile, app
// settings, single logout: resource_okta_app_oauth.go at v6.12.0), which a config that omits
// them would clear on the first apply after an import.
var appNotOwned = []string{"label", "hide_ios", "hide_web", "auto_submit_toolbar", "auto_key_rotation", "wildcard_redirect",
	"login_mode", "login_uri", "login_scopes", "user_name_template", "user_name_template_type", "user_name_template_suffix",
	"user_name_template_push_status", "accessibility_self_service", "accessibility_error_redirect_url", "accessibility_login_redirect_url",
	"admin_note", "enduser_note", "app_links_json", "logo", "authentication_policy", "status", "implicit_assignment",
	"client_uri", "logo_uri", "tos_uri", "policy_uri", "jwks_uri", "profile", "app_settings_json",
	"participate_slo", "frontchannel_logout_uri", "frontchannel_logout_session_required", "backchannel_custom_authenticator_id"}

// importApp adopts the app: with the org read, by its id; without, by the client ID, which is
// the app id unless the app was created with a client ID of its own.
func (b *builder) importApp(app Object) {
	switch {
	case app != nil:
		b.importBlock(AppAddr, app.ID(), "the app with client ID "+b.in.D.ClientID)
	default:
		b.importBlock(AppAddr, b.in.D.ClientID, "the app with client ID "+b.in.D.ClientID+" (its app id, unless the app was created with a client ID of its own:",
			"then `omsso render --target terraform --adopt` writes the exact id)")
	}
}

// origin is the SPA's trusted origin (CORS and redirect).
func (b *builder) origin() {
	o := b.in.D.Origin
	if o == nil {
		return
	}
	name, scopes := o.Origin, o.Scopes
	var cur Object
	if b.in.Live != nil {
		cur = b.in.Live.Origin
	}
	if cur != nil {
		name, scopes = cur.Str("name"), union(oktaapi.OriginScopes(cur), scopes)
		b.importBlock(OriginAddr, cur.ID(), "the trusted origin "+o.Origin)
	}
	b.add(Block{Kind: KindResource, Type: "okta_trusted_origin", Name: originName,
		Comment: []string{"The browser calls Okta from OpenMetadata's origin (CORS) and returns there after sign-out (redirect)."},
		Attrs:   []Attr{{"name", name}, {"origin", o.Origin}, {"scopes", scopes}}})
}

// groups assigns the app to each group the settings name: one okta_app_group_assignment per
// group, never okta_app_group_assignments, which removes the assignments it does not list.
func (b *builder) groups() {
	if len(b.in.Groups) == 0 {
		b.note("no group is assigned to the app: the settings name none. Nobody can sign in to an app without an assignment; existing assignments stay as they are")
		return
	}
	l := b.in.Live
	assigned := l != nil && l.App != nil && (len(l.Assigned) > 0 || l.Users)
	if l == nil {
		b.note("without --adopt omsso cannot see the app's assignments: apply --target okta assigns okta.assignGroups only while nobody is assigned, this code assigns them whatever is; check the app's Assignments first, or use --adopt")
	}
	used := map[string]bool{}
	for _, g := range b.in.Groups {
		if assigned && !slices.Contains(l.Assigned, l.Groups[g]) {
			// Who may sign in is the org's decision once anyone is assigned (apply --target okta).
			b.note("the app has assignments already: group %q of okta.assignGroups is not added (apply --target okta assigns only while nobody is assigned)", g)
			continue
		}
		n := uniqueName(slug(g), used)
		grp := Block{Kind: KindData, Type: "okta_group", Name: n, Attrs: []Attr{{"name", g}}}
		b.add(grp)
		asg := Block{Kind: KindResource, Type: "okta_app_group_assignment", Name: n,
			Comment: []string{"Members of " + g + " may sign in to OpenMetadata."},
			Attrs:   []Attr{{"app_id", Ref(AppAddr, "id")}, {"group_id", Ref(grp.Address(), "id")}}}
		b.add(asg)
		if l := b.in.Live; l != nil && l.Groups[g] == "" {
			b.note("the org has no group named %q: the first terraform plan fails to read it until the group exists", g)
		}
		if l := b.in.Live; l != nil && l.App != nil {
			if id, ok := l.Groups[g]; ok && slices.Contains(l.Assigned, id) {
				b.importBlock(asg.Address(), l.App.ID()+"/"+id, "the assignment of group "+g)
			}
		}
	}
}

// outputsOf are the values the settings take from Terraform.
func (b *builder) outputsOf() {
	r := b.in.R
	var issuer, keys any = r.Issuer, r.OktaJwksURL
	if b.server != "" {
		issuer = Ref(b.server, "issuer")
		keys = Expr(`"${` + b.server + `.issuer}/v1/keys"`)
	}
	b.outputs = []Block{
		{Kind: KindOutput, Name: "client_id", Attrs: []Attr{{"description", "okta.clientId of the omsso settings"}, {"value", Ref(AppAddr, "client_id")}}},
		{Kind: KindOutput, Name: "issuer", Attrs: []Attr{{"description", "okta.issuer of the omsso settings (the tokens' iss)"}, {"value", issuer}}},
		{Kind: KindOutput, Name: "jwks_uri", Attrs: []Attr{{"description", "the key set OpenMetadata verifies tokens with (publicKeyUrls)"}, {"value", keys}}},
	}
}

// sc is a path under settings.oauthClient.
func sc(f ...string) []string { return append([]string{"settings", "oauthClient"}, f...) }

// union keeps what is there and appends what is missing.
func union(have, want []string) []string {
	out := slices.Clone(have)
	for _, w := range want {
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	if out == nil {
		out = []string{}
	}
	return out
}

var nonName = regexp.MustCompile(`[^a-z0-9_]+`)

// slug makes a Terraform block name of a group or scope name.
func slug(s string) string {
	n := strings.Trim(nonName.ReplaceAllString(strings.ToLower(s), "_"), "_")
	if n == "" || n[0] >= '0' && n[0] <= '9' {
		n = "g_" + n
	}
	return n
}

func uniqueName(n string, used map[string]bool) string {
	base := n
	for i := 2; used[n]; i++ {
		n = fmt.Sprintf("%s_%d", base, i)
	}
	used[n] = true
	return n
}
