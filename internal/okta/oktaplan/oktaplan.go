// Package oktaplan is the Okta target of `omsso plan|apply`: it reads the org, compares it with
// the desired state (package desired) and makes the listed changes. Updates are
// read-modify-write of whole objects, because app and authorization-server PUTs replace the
// object: every member omsso does not own is sent back as read, and the client secret (which
// GET never returns) is never sent, so it stays. Nothing is deleted, and on shared objects
// (a policy other apps use) omsso only adds its own client and rule.
package oktaplan

import (
	"context"
	"errors"
	"fmt"
	"github.com/omsso/omsso/internal/plural"
	"io"
	"slices"
	"strings"

	"github.com/omsso/omsso/internal/files"
	"github.com/omsso/omsso/internal/okta/desired"
	"github.com/omsso/omsso/internal/okta/oktaapi"
	"github.com/omsso/omsso/internal/okta/settingsfile"
	"github.com/omsso/omsso/internal/plan"
	"github.com/omsso/omsso/internal/settings"
)

// Options configure the provider.
type Options struct {
	Client       *oktaapi.Client
	CreateApp    bool   // create the app when okta.clientId is empty
	CreateServer string // create a dedicated authorization server with this name
	// JoinPolicy names another access policy to add the client to, instead of omsso's own.
	JoinPolicy string
	// SettingsFile receives the new client ID / server id ("" = print them instead).
	SettingsFile string
}

// Provider implements plan.Provider for an Okta org.
type Provider struct {
	c    *oktaapi.Client
	opts Options
	r    settings.Resolved // updated in memory when apply creates the app or the server

	last      *plan.Plan
	lastSteps []step
	wrote     bool // the last Apply changed something in the org
}

// Wrote reports whether the last Apply wrote to the org (plan.Writer).
func (p *Provider) Wrote() bool { return p.wrote }

// New builds the provider.
func New(r *settings.Resolved, opts Options) *Provider {
	return &Provider{c: opts.Client, opts: opts, r: *r}
}

// Resolved returns the settings as the provider now knows them (with created ids).
func (p *Provider) Resolved() *settings.Resolved { r := p.r; return &r }

// newClientID stands for the client ID an app about to be created will get.
const newClientID = "(new client ID)"

// target is an object updated by read-modify-write: every selected step on it edits the one
// fresh copy, then one PUT sends it back.
type target struct {
	key  string
	name string
	get  func(ctx context.Context) (oktaapi.Object, error)
	put  func(ctx context.Context, o oktaapi.Object) (oktaapi.Object, error)
}

type step struct {
	change plan.Change
	// exactly one of run and (obj, mutate)
	run    func(ctx context.Context, out io.Writer) error
	obj    *target
	mutate func(o oktaapi.Object)
	// manual steps cannot be done through the API; apply reports them as not done.
	manual string
}

func (s step) key() string { return changeKey(s.change) }

// changeKey identifies a change within a plan.
func changeKey(c plan.Change) string { return c.Resource + "\x00" + c.Field }

func (p *Provider) clientID() string {
	if p.r.Okta.ClientID == "" {
		return newClientID
	}
	return p.r.Okta.ClientID
}

// Plan reads the org and lists the differences.
func (p *Provider) Plan(ctx context.Context) (*plan.Plan, error) {
	steps, notes, err := p.diff(ctx)
	if err != nil {
		return nil, err
	}
	pl := &plan.Plan{Target: "okta", Notes: notes}
	for _, s := range steps {
		c := s.change
		c.Manual = s.manual
		address(&c)
		pl.Changes = append(pl.Changes, c)
	}
	p.last, p.lastSteps = pl, steps
	return pl, nil
}

// Apply makes the changes of pl, and only those, in a safe order: app, group, trusted origin,
// server, scopes, policy, rule. After a failure it reports what was done and what was not;
// every step re-reads before it writes, so running apply again finishes the job.
func (p *Provider) Apply(ctx context.Context, pl *plan.Plan, out io.Writer) error {
	steps, err := p.stepsOf(ctx, pl)
	if err != nil {
		return err
	}
	a := &applier{steps: steps, out: out, doneTarget: map[string]bool{}}
	defer func() { p.wrote = len(a.done) > 0 }()
	for i, s := range steps {
		if err := a.do(ctx, i, s); err != nil {
			return a.fail(i, err)
		}
	}
	return a.reportManual()
}

// stepsOf returns the steps of pl: those of the last Plan, or, for a plan from elsewhere (e.g.
// JSON fed back), a fresh diff keeping only what pl lists.
func (p *Provider) stepsOf(ctx context.Context, pl *plan.Plan) ([]step, error) {
	if pl == p.last {
		return p.lastSteps, nil
	}
	fresh, _, err := p.diff(ctx)
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, c := range pl.Changes {
		want[changeKey(c)] = true
	}
	var steps []step
	for _, s := range fresh {
		if want[s.key()] {
			steps = append(steps, s)
		}
	}
	return steps, nil
}

// applier runs the steps in order and remembers what it did, for the report after a failure.
type applier struct {
	steps      []step
	out        io.Writer
	done       []string
	manual     []string
	doneTarget map[string]bool // objects already written back with all their steps
}

// do runs step i: a manual step is set aside, a run step runs, and the first step on an
// object writes the object back with every step on it.
func (a *applier) do(ctx context.Context, i int, s step) error {
	switch {
	case s.manual != "":
		a.manual = append(a.manual, fmt.Sprintf("%s %s: %s", s.change.Resource, s.change.Field, s.manual))
	case s.run != nil:
		if err := s.run(ctx, a.out); err != nil {
			return err
		}
		a.done = append(a.done, s.change.Resource+" "+s.change.Field)
	case s.obj != nil && !a.doneTarget[s.obj.key]:
		return a.update(ctx, s.obj, a.steps[i:])
	}
	return nil
}

// update reads tg once, applies every step of rest that edits it, and writes it back once.
func (a *applier) update(ctx context.Context, tg *target, rest []step) error {
	var fields []string
	var muts []func(oktaapi.Object)
	for _, t := range rest {
		if t.obj != nil && t.obj.key == tg.key && t.manual == "" {
			muts = append(muts, t.mutate)
			fields = append(fields, t.change.Field)
		}
	}
	o, err := tg.get(ctx)
	if err != nil {
		return err
	}
	for _, m := range muts {
		m(o)
	}
	if _, err := tg.put(ctx, o); err != nil {
		return err
	}
	a.doneTarget[tg.key] = true
	fmt.Fprintf(a.out, "updated %s: %s\n", tg.name, strings.Join(fields, ", "))
	a.done = append(a.done, tg.name+" "+strings.Join(fields, ", "))
	return nil
}

// fail reports what was done and what was not after step i failed, and returns err.
func (a *applier) fail(i int, err error) error {
	fmt.Fprintln(a.out, "\nApply stopped. Done:")
	if len(a.done) == 0 {
		fmt.Fprintln(a.out, "  (nothing)")
	}
	for _, d := range a.done {
		fmt.Fprintln(a.out, "  ✓ "+d)
	}
	fmt.Fprintln(a.out, "Not done:")
	for _, s := range a.steps[i:] {
		if s.obj != nil && a.doneTarget[s.obj.key] {
			continue
		}
		fmt.Fprintf(a.out, "  ✗ %s %s\n", s.change.Resource, s.change.Field)
	}
	return err
}

// reportManual lists the steps left for the Admin Console; they make apply fail.
func (a *applier) reportManual() error {
	if len(a.manual) == 0 {
		return nil
	}
	fmt.Fprintln(a.out, "\nNot done through the API (do these by hand):")
	for _, m := range a.manual {
		fmt.Fprintln(a.out, "  ✗ "+m)
	}
	return fmt.Errorf("%s need a manual step (listed above)", plural.Of(len(a.manual), "change", "changes"))
}

// diff reads the org and builds the steps.
func (p *Provider) diff(ctx context.Context) ([]step, []string, error) {
	d := desired.For(&p.r)
	var steps []step
	var notes []string
	// The org's metadata only adds a note; the calls below report a broken connection.
	if oi, err := p.c.Organization(ctx); err == nil {
		engine := "Identity Engine"
		if oi.Classic() {
			engine = "Classic Engine"
		}
		notes = append(notes, fmt.Sprintf("org %s (%s) at %s", oi.ID, engine, p.c.Base()))
	}

	appSteps, appNotes, err := p.diffApp(ctx, d)
	if err != nil {
		return nil, nil, err
	}
	steps = append(steps, appSteps...)
	notes = append(notes, appNotes...)

	if d.Origin != nil {
		os, err := p.diffOrigin(ctx, d)
		if err != nil {
			return nil, nil, err
		}
		steps = append(steps, os...)
	}

	srvSteps, srvNotes, err := p.diffServer(ctx, d)
	if err != nil {
		return nil, nil, err
	}
	steps = append(steps, srvSteps...)
	notes = append(notes, srvNotes...)
	return steps, notes, nil
}

// ---------------------------------------------------------------------------------------
// app

func (p *Provider) appResource(label string) string {
	if p.r.Okta.ClientID == "" {
		return fmt.Sprintf("app %q (new)", label)
	}
	return fmt.Sprintf("app %s (%q)", p.r.Okta.ClientID, label)
}

// diffApp lists the steps that make the app match d: its creation (--create-app), or the
// updates of an existing app's fields and its group assignment.
func (p *Provider) diffApp(ctx context.Context, d desired.State) ([]step, []string, error) {
	if p.r.Okta.ClientID == "" {
		steps, err := p.diffNewApp(ctx, d)
		return steps, nil, err
	}
	app, err := p.c.FindOIDCApp(ctx, p.r.Okta.ClientID)
	if err != nil {
		return nil, nil, err
	}
	if app == nil {
		return nil, nil, fmt.Errorf("the org has no OIDC app with client ID %s (E0000007): check okta.clientId, or remove it and run apply --create-app", p.r.Okta.ClientID)
	}
	appID := app.ID()
	res := p.appResource(app.Str("label"))
	a := &appDiff{app: app, d: d, res: res, tg: p.appTarget(appID, res)}
	if st := app.Str("status"); st != "" && st != "ACTIVE" {
		a.steps = append(a.steps, statusStep(res, "status", st, "an inactive app signs nobody in"))
	}
	if at := app.Str(scPath("application_type")...); at != d.App.ApplicationType {
		// The other fields of a wrong-type app are moot.
		return []step{appTypeStep(res, at, d)}, a.notes, nil
	}
	a.lists()
	a.credentials()
	a.issuerMode(p.r.Issuer)
	a.consent()
	a.refreshRotation()
	more, note, err := p.diffAssignments(ctx, appID, app.Str("label"), res, d)
	if err != nil {
		return nil, nil, err
	}
	a.steps = append(a.steps, more...)
	if note != "" {
		a.notes = append(a.notes, note)
	}
	return a.steps, a.notes, nil
}

// diffNewApp plans creating the app (--create-app) and assigning it a group.
func (p *Provider) diffNewApp(ctx context.Context, d desired.State) ([]step, error) {
	if !p.opts.CreateApp {
		return nil, errors.New("okta.clientId is empty: pass --create-app to create the app, or set it to the app's client ID")
	}
	existing, err := p.c.FindAppByLabel(ctx, d.App.Label)
	if err != nil {
		return nil, err
	}
	if existing != nil {
		return nil, fmt.Errorf("an app labelled %q already exists (client ID %s), perhaps from an earlier apply: set okta.clientId to it and run again, or rename that app",
			d.App.Label, existing.Str("credentials", "oauthClient", "client_id"))
	}
	res := p.appResource(d.App.Label)
	create := step{change: plan.Change{Resource: res, Field: "app", Action: "create", Level: plan.Required,
		Desired: map[string]any{"application_type": d.App.ApplicationType, "grant_types": union(d.App.GrantTypes, d.App.GuideGrants), "redirect_uris": d.App.RedirectURIs, "token_endpoint_auth_method": d.App.TokenAuthMethod},
		Note:    "--create-app; the new client ID is written to okta.clientId" + p.where("clientId"), Setting: "okta.clientId"}}
	create.run = func(ctx context.Context, out io.Writer) error { return p.createApp(ctx, d, out) }
	assign, err := p.assignSteps(ctx, d.App.Label, res, d)
	if err != nil {
		return nil, err
	}
	return append([]step{create}, assign...), nil
}

// appTarget reads and replaces the app with id appID.
func (p *Provider) appTarget(appID, res string) *target {
	return &target{key: "app", name: res,
		get: func(ctx context.Context) (oktaapi.Object, error) { return p.c.GetApp(ctx, appID) },
		put: func(ctx context.Context, o oktaapi.Object) (oktaapi.Object, error) {
			// GET never returns the secret; make sure nothing blank is sent in its place.
			if s, ok := o.Get(crPath("client_secret")...).(string); ok && s == "" {
				o.Delete(crPath("client_secret")...)
			}
			return p.c.ReplaceApp(ctx, appID, o)
		}}
}

// statusStep is the manual step for an object that is not ACTIVE. omsso does not change
// statuses: who deactivated it may have had a reason, and activating widens who can sign in.
func statusStep(res, field, cur, why string) step {
	return step{change: plan.Change{Resource: res, Field: field, Action: "update", Current: cur, Desired: "ACTIVE", Level: plan.Required,
		Note: why + "; activate it in the Admin Console (omsso does not change statuses)"},
		manual: "activate it in the Admin Console (omsso does not change statuses)"}
}

// appTypeStep is the manual step for an app of the wrong type: Okta cannot change it.
func appTypeStep(res, cur string, d desired.State) step {
	return step{change: plan.Change{Resource: res, Field: "settings.oauthClient.application_type", Action: "replace", Current: cur, Desired: d.App.ApplicationType, Level: plan.Required, Setting: "okta.clientType",
		Note: fmt.Sprintf("Okta cannot change an app's type: create a %s app (remove okta.clientId, run apply --create-app) or set okta.clientType to match this app", d.App.AppTypeLabel)},
		manual: "Okta cannot change the application type of an existing app"}
}

// scPath and crPath are the paths of an app's fields under settings.oauthClient and
// credentials.oauthClient (a fresh slice each time).
func scPath(f ...string) []string { return append([]string{"settings", "oauthClient"}, f...) }
func crPath(f ...string) []string { return append([]string{"credentials", "oauthClient"}, f...) }

// appDiff collects the update steps of an existing app's fields, all on one target.
type appDiff struct {
	app   oktaapi.Object
	d     desired.State
	res   string
	tg    *target
	steps []step
	notes []string
}

func (a *appDiff) add(field string, level plan.Level, cur, want any, note, setting string, mutate func(oktaapi.Object)) {
	a.steps = append(a.steps, step{change: plan.Change{Resource: a.res, Field: field, Action: "update", Current: cur, Desired: want, Level: level, Note: note, Setting: setting}, obj: a.tg, mutate: mutate})
}

// lists adds what the flow needs to the app's URI and type lists.
func (a *appDiff) lists() {
	d := a.d.App
	a.list("grant_types", d.GrantTypes, plan.Required, "the flow's grant types: "+strings.Join(d.GrantLabels, ", "), "okta.clientType", false)
	a.list("response_types", d.ResponseTypes, plan.Required, "", "okta.clientType", false)
	a.list("grant_types", d.GuideGrants, plan.Recommended, desired.ImplicitNote, "okta.clientType", false)
	a.list("response_types", d.GuideResponseTypes, plan.Recommended, "the implicit grant's response types; "+desired.ImplicitNote, "okta.clientType", false)
	a.list("redirect_uris", d.RedirectURIs, plan.Required, "Okta refuses a login whose redirect URI is not listed exactly", "openmetadata.url", false)
	a.list("post_logout_redirect_uris", d.PostLogoutURIs, plan.Recommended, "sign-out returns to OpenMetadata", "openmetadata.url", true)
}

// list adds the values of want missing from settings.oauthClient.<name>, keeping the others;
// absentIfNil shows a list the app does not have as absent rather than null.
func (a *appDiff) list(name string, want []string, level plan.Level, note, setting string, absentIfNil bool) {
	cur := a.app.Strings(scPath(name)...)
	if containsAll(cur, want) {
		return
	}
	var shown any = cur
	if absentIfNil && cur == nil {
		shown = nil
	}
	a.add("settings.oauthClient."+name, level, shown, union(cur, want), note, setting, func(o oktaapi.Object) {
		o.Set(anyList(union(o.Strings(scPath(name)...), want)), scPath(name)...)
	})
}

// credentials checks how the client authenticates: the token endpoint method and PKCE.
func (a *appDiff) credentials() {
	d := a.d.App
	if cur := a.app.Str(crPath("token_endpoint_auth_method")...); cur != d.TokenAuthMethod {
		note := "a SPA authenticates with PKCE, without a secret"
		if a.d.Confidential {
			note = "OpenMetadata's clientAuthenticationMethod defaults to client_secret_post; Okta refuses other methods at the token endpoint"
		}
		a.add("credentials.oauthClient.token_endpoint_auth_method", plan.Required, cur, d.TokenAuthMethod, note, "okta.clientType",
			func(o oktaapi.Object) { o.Set(d.TokenAuthMethod, crPath("token_endpoint_auth_method")...) })
	}
	if !d.PKCEMatters {
		// OpenMetadata's confidential client sends no PKCE verifier: an app that requires
		// one refuses every login.
		if cur, _ := a.app.Bool(crPath("pkce_required")...); cur && a.d.Confidential {
			a.add("credentials.oauthClient.pkce_required", plan.Required, true, false, "OpenMetadata's confidential client sends no PKCE code verifier; Okta refuses its logins while PKCE is required", "okta.clientType",
				func(o oktaapi.Object) { o.Set(false, crPath("pkce_required")...) })
		}
		return
	}
	if cur, _ := a.app.Bool(crPath("pkce_required")...); cur != d.PKCERequired {
		a.add("credentials.oauthClient.pkce_required", plan.Required, cur, d.PKCERequired, "the public client's flow uses PKCE", "okta.clientType",
			func(o oktaapi.Object) { o.Set(d.PKCERequired, crPath("pkce_required")...) })
	}
}

// issuerMode makes the ID token's issuer the configured one.
func (a *appDiff) issuerMode(issuer string) {
	d := a.d.App
	if cur := a.app.Str(scPath("issuer_mode")...); cur != d.IssuerMode {
		note := "the ID token's issuer must be " + issuer + " byte for byte (Sign On tab: Issuer " + desired.IssuerModeLabel(d.IssuerMode) + ")"
		a.add("settings.oauthClient.issuer_mode", d.IssuerModeLevel, orNil(cur), d.IssuerMode, note, "okta.issuer",
			func(o oktaapi.Object) { o.Set(d.IssuerMode, scPath("issuer_mode")...) })
	}
}

// consent turns the consent screen off where the org has one.
func (a *appDiff) consent() {
	want := a.d.App.ConsentMethod
	cur, ok := a.app.Get(scPath("consent_method")...).(string)
	switch {
	case !ok:
		a.notes = append(a.notes, a.res+" has no consent_method (a Classic org without API Access Management consent): nothing to set")
	case cur != want:
		a.add("settings.oauthClient.consent_method", plan.Recommended, cur, want, "no consent screen at each login (User consent unticked)", "",
			func(o oktaapi.Object) { o.Set(want, scPath("consent_method")...) })
	}
}

// refreshRotation sets the refresh token rotation the flow wants ("" leaves it alone).
func (a *appDiff) refreshRotation() {
	want := a.d.App.RefreshRotation
	if want == "" {
		return
	}
	cur := a.app.Str(scPath("refresh_token", "rotation_type")...)
	if cur == want {
		return
	}
	a.add("settings.oauthClient.refresh_token.rotation_type", plan.Recommended, orNil(cur), want, "rotate refresh tokens after every use", "",
		func(o oktaapi.Object) {
			rt, _ := o.Get(scPath("refresh_token")...).(map[string]any)
			if rt == nil {
				rt = map[string]any{"leeway": 30}
			}
			rt["rotation_type"] = want
			o.Set(rt, scPath("refresh_token")...)
		})
}

func (p *Provider) where(key string) string {
	file, origin := p.fileFor(key)
	switch {
	case origin != "":
		return " (printed: " + origin + " sets it)"
	case file == "" || file == settings.StdinName:
		return " (printed: the settings came from stdin, env or flags)"
	}
	return " of " + file
}

func (p *Provider) createApp(ctx context.Context, d desired.State, out io.Writer) error {
	oc := map[string]any{
		"application_type": d.App.ApplicationType, "grant_types": anyList(union(d.App.GrantTypes, d.App.GuideGrants)), "response_types": anyList(union(d.App.ResponseTypes, d.App.GuideResponseTypes)),
		"redirect_uris": anyList(d.App.RedirectURIs), "post_logout_redirect_uris": anyList(d.App.PostLogoutURIs),
		"issuer_mode": d.App.IssuerMode, "consent_method": d.App.ConsentMethod,
	}
	if d.App.RefreshRotation != "" {
		oc["refresh_token"] = map[string]any{"rotation_type": d.App.RefreshRotation, "leeway": 30}
	}
	cred := map[string]any{"token_endpoint_auth_method": d.App.TokenAuthMethod, "autoKeyRotation": true}
	if d.App.PKCEMatters {
		cred["pkce_required"] = d.App.PKCERequired
	}
	body := oktaapi.Object{"name": "oidc_client", "label": d.App.Label, "signOnMode": "OPENID_CONNECT",
		"credentials": map[string]any{"oauthClient": cred}, "settings": map[string]any{"oauthClient": oc}}
	app, err := p.c.CreateApp(ctx, body)
	if err != nil {
		return err
	}
	id := app.Str("credentials", "oauthClient", "client_id")
	if id == "" {
		id = app.ID()
	}
	fmt.Fprintf(out, "created app %q, client ID %s\n", d.App.Label, id)
	p.r.Okta.ClientID = id
	if err := p.record("clientId", id, out); err != nil {
		return err
	}
	if d.Confidential {
		p.storeSecret(app.Str("credentials", "oauthClient", "client_secret"), d.App.Label, out)
	}
	return nil
}

// storeSecret writes a new app's secret only to okta.clientSecret.file (0600); for any
// other reference it says where to read it. The secret is never printed.
func (p *Provider) storeSecret(secret, label string, out io.Writer) {
	console := fmt.Sprintf("read the client secret in the Admin Console: Applications > Applications > %s > General > Client Credentials", label)
	cs := p.r.Okta.ClientSecret
	switch {
	case secret == "":
		fmt.Fprintln(out, "Okta returned no client secret; "+console)
	case cs != nil && cs.File != "":
		if _, err := files.WriteAtomic(cs.File, []byte(secret), 0o600); err != nil {
			fmt.Fprintf(out, "could not write the client secret to %s (%v); %s\n", cs.File, errors.Unwrap(err), console)
			return
		}
		fmt.Fprintf(out, "wrote the client secret to %s (mode 0600)\n", cs.File)
	case cs != nil && cs.Env != "":
		fmt.Fprintf(out, "%s, and put it in $%s where you deploy\n", console, cs.Env)
	case cs != nil && cs.KubernetesSecret != nil:
		fmt.Fprintf(out, "%s, and store it in the Kubernetes Secret %s, key %s\n", console, cs.KubernetesSecret.Name, cs.KubernetesSecret.Key)
	default:
		fmt.Fprintln(out, console)
	}
}

// record writes a learned id into the settings file that set the key (the last file when none
// did), or says where to put it when no file can take it (a flag or env var sets the key, or the
// settings came from stdin).
func (p *Provider) record(key, value string, out io.Writer) error {
	file, origin := p.fileFor(key)
	switch {
	case origin != "":
		fmt.Fprintf(out, "set okta.%s: %s where %s is set (it overrides the settings files)\n", key, value, origin)
		return nil
	case file == "" || file == settings.StdinName:
		fmt.Fprintf(out, "set okta.%s: %s in your settings (%s)\n", key, value, settings.EnvName("okta."+key))
		return nil
	}
	backup, err := settingsfile.SetOkta(file, key, value)
	if errors.Is(err, settingsfile.ErrNotYAML) {
		fmt.Fprintf(out, "set okta.%s: %s in %s by hand (%v)\n", key, value, file, err)
		return nil
	}
	if err != nil {
		return fmt.Errorf("okta.%s is %s, but writing it to %s failed (write it by hand): %w", key, value, file, err)
	}
	fmt.Fprintf(out, "wrote okta.%s: %s to %s", key, value, file)
	if backup != "" {
		fmt.Fprintf(out, " (backup: %s)", backup)
	}
	fmt.Fprintln(out)
	return nil
}

// fileFor is the settings file to edit for okta.<key>, or the flag or env var that sets it.
func (p *Provider) fileFor(key string) (file, origin string) {
	if p.r.Source == nil {
		return p.opts.SettingsFile, ""
	}
	file, origin = p.r.Source.Setter("okta." + key)
	if file == "" && origin == "" {
		file = p.opts.SettingsFile
	}
	return file, origin
}

// setIn says whether some settings file sets okta.<key> (so it must be kept in step).
func (p *Provider) setIn(key string) bool {
	if p.r.Source == nil {
		return p.opts.SettingsFile != "" && settingsfile.HasOkta(p.opts.SettingsFile, key)
	}
	file, origin := p.r.Source.Setter("okta." + key)
	return file != "" || origin != ""
}

// ---------------------------------------------------------------------------------------
// trusted origin

func (p *Provider) diffOrigin(ctx context.Context, d desired.State) ([]step, error) {
	want := d.Origin
	res := "trustedOrigin " + want.Origin
	all, err := p.c.TrustedOrigins(ctx)
	if err != nil {
		return nil, err
	}
	var found oktaapi.Object
	for _, t := range all {
		if strings.TrimRight(t.Str("origin"), "/") == want.Origin {
			found = t
			break
		}
	}
	if found == nil {
		st := step{change: plan.Change{Resource: res, Field: "origin", Action: "create", Current: nil, Desired: map[string]any{"origin": want.Origin, "scopes": want.Scopes}, Level: plan.Required,
			Note: "the browser calls Okta from OpenMetadata's origin (CORS) and returns there after sign-out (redirect)", Setting: "openmetadata.url"}}
		st.run = func(ctx context.Context, out io.Writer) error {
			var sc []any
			for _, s := range want.Scopes {
				sc = append(sc, map[string]any{"type": s})
			}
			if _, err := p.c.CreateTrustedOrigin(ctx, oktaapi.Object{"name": want.Origin, "origin": want.Origin, "scopes": sc}); err != nil {
				return err
			}
			fmt.Fprintf(out, "created trusted origin %s (CORS, redirect)\n", want.Origin)
			return nil
		}
		return []step{st}, nil
	}
	var steps []step
	if st := found.Str("status"); st != "" && st != "ACTIVE" {
		steps = append(steps, statusStep(res, "status", st, "an inactive trusted origin allows neither CORS nor the redirect"))
	}
	cur := oktaapi.OriginScopes(found)
	if containsAll(cur, want.Scopes) {
		return steps, nil
	}
	id := found.ID()
	tg := &target{key: "origin", name: res,
		get: func(ctx context.Context) (oktaapi.Object, error) { return p.c.GetTrustedOrigin(ctx, id) },
		put: func(ctx context.Context, o oktaapi.Object) (oktaapi.Object, error) {
			return p.c.ReplaceTrustedOrigin(ctx, id, o)
		}}
	return append(steps, step{change: plan.Change{Resource: res, Field: "scopes", Action: "update", Current: cur, Desired: union(cur, want.Scopes), Level: plan.Required, Note: "CORS and redirect are both needed", Setting: "openmetadata.url"},
		obj: tg, mutate: func(o oktaapi.Object) {
			have := oktaapi.OriginScopes(o)
			sc, _ := o.Get("scopes").([]any)
			for _, s := range want.Scopes {
				if !slices.Contains(have, s) {
					sc = append(sc, map[string]any{"type": s})
				}
			}
			o.Set(sc, "scopes")
		}}), nil
}

// ---------------------------------------------------------------------------------------
// helpers

func containsAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}

// union keeps what is there (other apps' or the admin's values) and appends what is missing.
func union(have, want []string) []string {
	out := slices.Clone(have)
	if out == nil {
		out = []string{}
	}
	for _, w := range want {
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

func anyList(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

func orNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}
