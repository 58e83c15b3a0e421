package oktaplan

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"slices"
	"sort"

	"github.com/omsso/omsso/internal/okta/desired"
	"github.com/omsso/omsso/internal/okta/oktaapi"
	"github.com/omsso/omsso/internal/okta/settingsfile"
	"github.com/omsso/omsso/internal/plan"
)

func (p *Provider) diffServer(ctx context.Context, d desired.State) ([]step, []string, error) {
	if p.opts.CreateServer != "" {
		return p.diffCreateServer(ctx, d)
	}
	if d.Server.Kind == desired.ServerOrg {
		return nil, []string{"the org authorization server has no access policies or editable scopes: only the app's settings matter"}, nil
	}
	as, err := p.c.GetAuthServer(ctx, d.Server.ID)
	if oktaapi.Is404(err) {
		return nil, nil, fmt.Errorf("the org has no authorization server %q: check okta.authorizationServer, or pass --create-authorization-server NAME to apply: %w", d.Server.ID, err)
	}
	if err != nil {
		return nil, nil, err
	}
	var notes []string
	if d.Server.Kind == desired.ServerDefault {
		notes = append(notes, "the default authorization server is shared with other apps: omsso leaves its audience ("+fmt.Sprint(as.Strings("audiences"))+") and default scopes alone. OpenMetadata's guide recommends a dedicated server whose audience is the client ID: apply --create-authorization-server NAME")
	}
	steps, err := p.diffExistingServer(ctx, as, d)
	return steps, notes, err
}

// customDesired is d for a dedicated server.
func customDesired(d desired.State, id string) desired.State {
	d.Server.Kind, d.Server.ID = desired.ServerCustom, id
	d.Server.SetAudience, d.Server.DefaultScope = true, true
	return d
}

func (p *Provider) diffCreateServer(ctx context.Context, d desired.State) ([]step, []string, error) {
	name := p.opts.CreateServer
	all, err := p.c.ListAuthServers(ctx)
	if err != nil {
		return nil, nil, err
	}
	for _, as := range all {
		if as.Str("name") != name {
			continue
		}
		id := as.ID()
		var steps []step
		if p.r.AuthServer != id {
			st := step{change: plan.Change{Resource: "settings", Field: "okta.authorizationServer", Action: "update", Current: p.r.AuthServer, Desired: id, Level: plan.Recommended,
				Note: fmt.Sprintf("the authorization server %q exists: use it", name), Setting: "okta.authorizationServer"}}
			st.run = func(_ context.Context, out io.Writer) error { return p.switchServer(id, out) }
			steps = append(steps, st)
		}
		d = customDesired(d, id)
		more, err := p.diffExistingServer(ctx, as, d)
		return append(steps, more...), nil, err
	}
	// A new server: it gets the system scopes, and nothing else (OKTA-API-WRITES §5.1).
	d = customDesired(d, "")
	res := fmt.Sprintf("authorizationServer %q (new)", name)
	create := step{change: plan.Change{Resource: res, Field: "authorizationServer", Action: "create", Level: plan.Recommended,
		Desired: map[string]any{"name": name, "audiences": []string{p.clientID()}, "issuerMode": d.Server.IssuerMode},
		Note:    "--create-authorization-server; its id is written to okta.authorizationServer" + p.where(), Setting: "okta.authorizationServer"}}
	create.run = func(ctx context.Context, out io.Writer) error {
		as, err := p.c.CreateAuthServer(ctx, oktaapi.Object{"name": name, "description": "OpenMetadata at " + p.r.ServerURL,
			"audiences": []any{p.r.Okta.ClientID}, "issuerMode": d.Server.IssuerMode, "credentials": map[string]any{"signing": map[string]any{"rotationMode": "AUTO"}}})
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "created authorization server %q, id %s\n", name, as.ID())
		return p.switchServer(as.ID(), out)
	}
	steps := []step{create}
	system := []string{"openid", "profile", "email", "address", "phone", "offline_access"}
	for _, s := range d.Server.Scopes {
		if !slices.Contains(system, s) {
			steps = append(steps, p.scopeStep(res, s, false, plan.Required))
		}
	}
	steps = append(steps, p.scopeStep(res, desired.DefaultScopeName, true, plan.Recommended))
	steps = append(steps, p.policyCreateStep(res, d)...)
	return steps, nil, nil
}

// switchServer points the provider (and the settings file) at a server id.
func (p *Provider) switchServer(id string, out io.Writer) error {
	u, err := url.Parse(p.r.Issuer)
	if err != nil {
		return fmt.Errorf("the issuer %q: %w", p.r.Issuer, err)
	}
	base := u.Scheme + "://" + u.Host
	p.r.AuthServer, p.r.Okta.AuthorizationServer = id, id
	p.r.Issuer = base + "/oauth2/" + id
	p.r.Okta.Issuer = p.r.Issuer
	p.r.OktaJwksURL = p.r.Issuer + "/v1/keys"
	p.r.DiscoveryURI = p.r.Issuer + "/.well-known/openid-configuration"
	if err := p.record("authorizationServer", id, out); err != nil {
		return err
	}
	if p.opts.SettingsFile != "" && settingsfile.HasOkta(p.opts.SettingsFile, "issuer") {
		return p.record("issuer", p.r.Issuer, out)
	}
	return nil
}

func serverResource(as oktaapi.Object) string {
	return fmt.Sprintf("authorizationServer %s (%q)", as.ID(), as.Str("name"))
}

func (p *Provider) diffExistingServer(ctx context.Context, as oktaapi.Object, d desired.State) ([]step, error) {
	id := as.ID()
	res := serverResource(as)
	tg := &target{key: "server", name: res,
		get: func(ctx context.Context) (oktaapi.Object, error) { return p.c.GetAuthServer(ctx, id) },
		put: func(ctx context.Context, o oktaapi.Object) (oktaapi.Object, error) {
			return p.c.ReplaceAuthServer(ctx, id, o)
		}}
	var steps []step
	if cur := as.Str("issuerMode"); cur != d.Server.IssuerMode {
		steps = append(steps, step{change: plan.Change{Resource: res, Field: "issuerMode", Action: "update", Current: orNil(cur), Desired: d.Server.IssuerMode, Level: plan.Required,
			Note: "tokens must carry the issuer " + p.r.Issuer + " byte for byte (Issuer: " + desired.IssuerModeLabel(d.Server.IssuerMode) + ", not Dynamic)", Setting: "okta.issuer"},
			obj: tg, mutate: func(o oktaapi.Object) { o.Set(d.Server.IssuerMode, "issuerMode") }})
	}
	if d.Server.SetAudience {
		// Add the client ID; other apps' audiences on the same server stay (never delete).
		if cur := as.Strings("audiences"); !slices.Contains(cur, p.clientID()) {
			want := append(slices.Clone(cur), p.clientID())
			steps = append(steps, step{change: plan.Change{Resource: res, Field: "audiences", Action: "add", Current: cur, Desired: want, Level: plan.Recommended,
				Note: "OpenMetadata's guide: the audience is the app's client ID (the server's other audiences stay)", Setting: "okta.clientId"},
				obj: tg, mutate: func(o oktaapi.Object) {
					now := o.Strings("audiences")
					if !slices.Contains(now, p.r.Okta.ClientID) {
						now = append(now, p.r.Okta.ClientID)
					}
					items := make([]any, len(now))
					for i, a := range now {
						items[i] = a
					}
					o.Set(items, "audiences")
				}})
		}
	}
	scopes, err := p.c.Scopes(ctx, id)
	if err != nil {
		return nil, err
	}
	hasDefault := false
	var names []string
	for _, s := range scopes {
		names = append(names, s.Str("name"))
		if b, _ := s.Bool("default"); b {
			hasDefault = true
		}
	}
	for _, s := range d.Server.Scopes {
		if !slices.Contains(names, s) {
			steps = append(steps, p.scopeStep(res, s, false, plan.Required))
		}
	}
	if d.Server.DefaultScope && !hasDefault && !slices.Contains(names, desired.DefaultScopeName) {
		steps = append(steps, p.scopeStep(res, desired.DefaultScopeName, true, plan.Recommended))
	}
	more, err := p.diffPolicies(ctx, id, res, d)
	if err != nil {
		return nil, err
	}
	return append(steps, more...), nil
}

// scopeStep creates a scope on the server the provider points at when it runs.
func (p *Provider) scopeStep(res, name string, isDefault bool, level plan.Level) step {
	field := "scope " + name
	note := "OpenMetadata requests it; Okta refuses the login with invalid_scope without it"
	body := oktaapi.Object{"name": name, "description": "Requested by OpenMetadata", "consent": "IMPLICIT", "metadataPublish": "ALL_CLIENTS", "default": false}
	if isDefault {
		note = "OpenMetadata's guide: a default scope"
		body = oktaapi.Object{"name": name, "displayName": "OpenMetadata", "description": "Default scope for OpenMetadata", "consent": "IMPLICIT", "metadataPublish": "NO_CLIENTS", "default": true}
	}
	st := step{change: plan.Change{Resource: res, Field: field, Action: "create", Desired: body, Level: level, Note: note, Setting: "okta.scopes"}}
	st.run = func(ctx context.Context, out io.Writer) error {
		if _, err := p.c.CreateScope(ctx, p.r.AuthServer, body); err != nil {
			return err
		}
		fmt.Fprintf(out, "created scope %s on authorization server %s\n", name, p.r.AuthServer)
		return nil
	}
	return st
}

func ruleBody(d desired.State, priority int) oktaapi.Object {
	return oktaapi.Object{"name": desired.RuleName, "type": "RESOURCE_ACCESS", "priority": priority,
		"conditions": map[string]any{
			"people":     map[string]any{"groups": map[string]any{"include": []any{desired.EveryoneGroup}}},
			"grantTypes": map[string]any{"include": anyList(union(d.Server.RuleGrantTypes, d.Server.GuideRuleGrants))},
			"scopes":     map[string]any{"include": anyList(d.Server.Scopes)},
		},
		"actions": map[string]any{"token": map[string]any{"accessTokenLifetimeMinutes": 60, "refreshTokenLifetimeMinutes": 0, "refreshTokenWindowMinutes": 10080}}}
}

func ruleDesired(d desired.State) map[string]any {
	return map[string]any{"grantTypes": union(d.Server.RuleGrantTypes, d.Server.GuideRuleGrants), "scopes": d.Server.Scopes, "people": []string{desired.EveryoneGroup}}
}

// policyCreateStep creates omsso's policy (for the client only) and its rule.
func (p *Provider) policyCreateStep(res string, d desired.State) []step {
	pol := step{change: plan.Change{Resource: res, Field: fmt.Sprintf("policy %q", desired.PolicyName), Action: "create", Level: plan.Required,
		Desired: map[string]any{"clients": []string{p.clientID()}}, Note: "a client that matches no access policy cannot get tokens"}}
	rule := step{change: plan.Change{Resource: res, Field: fmt.Sprintf("policy %q rule %q", desired.PolicyName, desired.RuleName), Action: "create", Level: plan.Required,
		Desired: ruleDesired(d), Note: "the rule allows the flow's grant types and scopes"}}
	var policyID string
	pol.run = func(ctx context.Context, out io.Writer) error {
		o, err := p.c.CreatePolicy(ctx, p.r.AuthServer, oktaapi.Object{"type": "OAUTH_AUTHORIZATION_POLICY", "name": desired.PolicyName, "status": "ACTIVE",
			"description": "OpenMetadata at " + p.r.ServerURL, "priority": 1,
			"conditions": map[string]any{"clients": map[string]any{"include": []any{p.r.Okta.ClientID}}}})
		if err != nil {
			return err
		}
		policyID = o.ID()
		fmt.Fprintf(out, "created access policy %q (%s) for client %s\n", desired.PolicyName, policyID, p.r.Okta.ClientID)
		return nil
	}
	rule.run = func(ctx context.Context, out io.Writer) error {
		if policyID == "" {
			return fmt.Errorf("the policy %q was not created", desired.PolicyName)
		}
		if _, err := p.c.CreateRule(ctx, p.r.AuthServer, policyID, ruleBody(d, 1)); err != nil {
			return err
		}
		fmt.Fprintf(out, "created rule %q in policy %q\n", desired.RuleName, desired.PolicyName)
		return nil
	}
	return []step{pol, rule}
}

func (p *Provider) includesClient(pol oktaapi.Object) bool {
	inc := pol.Strings("conditions", "clients", "include")
	return slices.Contains(inc, "ALL_CLIENTS") || slices.Contains(inc, p.clientID())
}

func active(o oktaapi.Object) bool { s := o.Str("status"); return s == "" || s == "ACTIVE" }

func adequate(rule oktaapi.Object, d desired.State) bool {
	if !active(rule) {
		return false
	}
	if !containsAll(rule.Strings("conditions", "grantTypes", "include"), d.Server.RuleGrantTypes) {
		return false
	}
	sc := rule.Strings("conditions", "scopes", "include")
	if !slices.Contains(sc, "*") && !containsAll(sc, d.Server.Scopes) {
		return false
	}
	return hasPeople(rule)
}

func num(v any) float64 {
	if f, ok := v.(float64); ok {
		return f
	}
	return 0
}

// diffPolicies: some active policy that includes the client must have an active rule allowing
// the flow's grant types and scopes. Otherwise omsso uses its own policy (by name), or a
// policy that already has such a rule (adding the client to it, keeping its other clients),
// or creates its own policy and rule.
func (p *Provider) diffPolicies(ctx context.Context, asID, res string, d desired.State) ([]step, error) {
	pols, rules, err := p.readPolicies(ctx, asID)
	if err != nil {
		return nil, err
	}
	hasAdequate := func(pol oktaapi.Object) bool {
		return slices.ContainsFunc(rules[pol.ID()], func(r oktaapi.Object) bool { return adequate(r, d) })
	}
	for _, pol := range pols {
		if active(pol) && p.includesClient(pol) && hasAdequate(pol) {
			return nil, nil
		}
	}
	cand := candidatePolicy(pols, hasAdequate)
	if cand == nil {
		return p.policyCreateStep(res, d), nil
	}
	var steps []step
	if !p.includesClient(cand) {
		steps = append(steps, p.addClientStep(asID, res, cand))
	}
	if !active(cand) {
		// An inactive policy grants nothing: Okta refuses every token for its clients.
		steps = append(steps, step{change: plan.Change{Resource: res, Field: fmt.Sprintf("policy %q status", cand.Str("name")), Action: "update",
			Current: cand.Str("status"), Desired: "ACTIVE", Level: plan.Required, Note: "an inactive policy grants no tokens"},
			manual: "activate the policy in the Admin Console (omsso does not change statuses)"})
	}
	if hasAdequate(cand) {
		return steps, nil
	}
	return append(steps, p.ruleSteps(asID, res, cand, rules[cand.ID()], d)...), nil
}

// readPolicies reads a server's policies, by priority, and each policy's rules by policy id.
func (p *Provider) readPolicies(ctx context.Context, asID string) ([]oktaapi.Object, map[string][]oktaapi.Object, error) {
	pols, err := p.c.Policies(ctx, asID)
	if err != nil {
		return nil, nil, err
	}
	sort.SliceStable(pols, func(i, j int) bool { return num(pols[i]["priority"]) < num(pols[j]["priority"]) })
	rules := map[string][]oktaapi.Object{}
	for _, pol := range pols {
		rs, err := p.c.Rules(ctx, asID, pol.ID())
		if err != nil {
			return nil, nil, err
		}
		rules[pol.ID()] = rs
	}
	return pols, rules, nil
}

// candidatePolicy is the policy omsso completes: its own (by name), else the first active one
// with an adequate rule, else nil.
func candidatePolicy(pols []oktaapi.Object, hasAdequate func(oktaapi.Object) bool) oktaapi.Object {
	for _, pol := range pols {
		if pol.Str("name") == desired.PolicyName {
			return pol
		}
	}
	for _, pol := range pols {
		if active(pol) && hasAdequate(pol) {
			return pol
		}
	}
	return nil
}

// addClientStep adds the client to a policy's clients, keeping the others.
func (p *Provider) addClientStep(asID, res string, pol oktaapi.Object) step {
	pid, pname := pol.ID(), pol.Str("name")
	cur := pol.Strings("conditions", "clients", "include")
	tg := &target{key: "policy " + pid, name: fmt.Sprintf("%s policy %q", res, pname),
		get: func(ctx context.Context) (oktaapi.Object, error) { return p.c.GetPolicy(ctx, asID, pid) },
		put: func(ctx context.Context, o oktaapi.Object) (oktaapi.Object, error) {
			return p.c.ReplacePolicy(ctx, asID, pid, o)
		}}
	return step{change: plan.Change{Resource: res, Field: fmt.Sprintf("policy %q clients", pname), Action: "add", Current: cur, Desired: union(cur, []string{p.clientID()}), Level: plan.Required,
		Note: "a client that matches no access policy cannot get tokens; the policy's other clients stay", Setting: "okta.clientId"},
		obj: tg, mutate: func(o oktaapi.Object) {
			inc := o.Strings("conditions", "clients", "include")
			if !slices.Contains(inc, "ALL_CLIENTS") && !slices.Contains(inc, p.r.Okta.ClientID) {
				o.Set(anyList(append(inc, p.r.Okta.ClientID)), "conditions", "clients", "include")
			}
		}}
}

// ruleSteps make omsso's rule in pol allow the flow: create it, or update it (and ask for its
// activation, which omsso leaves to the Admin Console).
func (p *Provider) ruleSteps(asID, res string, pol oktaapi.Object, rules []oktaapi.Object, d desired.State) []step {
	pid, pname := pol.ID(), pol.Str("name")
	var ours oktaapi.Object
	for _, r := range rules {
		if r.Str("name") == desired.RuleName {
			ours = r
		}
	}
	field := fmt.Sprintf("policy %q rule %q", pname, desired.RuleName)
	if ours == nil {
		st := step{change: plan.Change{Resource: res, Field: field, Action: "create", Desired: ruleDesired(d), Level: plan.Required, Note: "the rule allows the flow's grant types and scopes"}}
		prio := len(rules) + 1
		st.run = func(ctx context.Context, out io.Writer) error {
			if _, err := p.c.CreateRule(ctx, asID, pid, ruleBody(d, prio)); err != nil {
				return err
			}
			fmt.Fprintf(out, "created rule %q in policy %q\n", desired.RuleName, pname)
			return nil
		}
		return []step{st}
	}
	steps := []step{p.ruleUpdateStep(asID, pid, res, field, ours, d)}
	if !active(ours) {
		steps = append(steps, step{change: plan.Change{Resource: res, Field: field + " status", Action: "update", Current: ours.Str("status"), Desired: "ACTIVE", Level: plan.Required},
			manual: "activate the rule in the Admin Console (omsso does not change statuses)"})
	}
	return steps
}

// ruleUpdateStep widens omsso's existing rule to the flow's grant types, scopes and people.
func (p *Provider) ruleUpdateStep(asID, pid, res, field string, rule oktaapi.Object, d desired.State) step {
	rid := rule.ID()
	tg := &target{key: "rule " + rid, name: fmt.Sprintf("%s %s", res, field),
		get: func(ctx context.Context) (oktaapi.Object, error) { return p.c.GetRule(ctx, asID, pid, rid) },
		put: func(ctx context.Context, o oktaapi.Object) (oktaapi.Object, error) {
			return p.c.ReplaceRule(ctx, asID, pid, rid, o)
		}}
	cur := map[string]any{"grantTypes": rule.Strings("conditions", "grantTypes", "include"), "scopes": rule.Strings("conditions", "scopes", "include"),
		"people": rule.Strings("conditions", "people", "groups", "include"), "status": rule.Str("status")}
	return step{change: plan.Change{Resource: res, Field: field, Action: "update", Current: cur, Desired: ruleDesired(d), Level: plan.Required, Note: "omsso's own rule: it must allow the flow's grant types and scopes"},
		obj: tg, mutate: func(o oktaapi.Object) {
			o.Set(anyList(union(o.Strings("conditions", "grantTypes", "include"), d.Server.RuleGrantTypes)), "conditions", "grantTypes", "include")
			if sc := o.Strings("conditions", "scopes", "include"); !slices.Contains(sc, "*") {
				o.Set(anyList(union(sc, d.Server.Scopes)), "conditions", "scopes", "include")
			}
			if !hasPeople(o) {
				o.Set([]any{desired.EveryoneGroup}, "conditions", "people", "groups", "include")
			}
		}}
}

// hasPeople reports whether a rule names any group or user.
func hasPeople(rule oktaapi.Object) bool {
	return len(rule.Strings("conditions", "people", "groups", "include"))+len(rule.Strings("conditions", "people", "users", "include")) > 0
}
