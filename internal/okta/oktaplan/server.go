package oktaplan

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/omsso/omsso/internal/okta/desired"
	"github.com/omsso/omsso/internal/okta/oktaapi"
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
	steps, notes, err := p.diffExistingServer(ctx, as, d)
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
		more, notes, err := p.diffExistingServer(ctx, as, d)
		return append(steps, more...), notes, err
	}
	// A new server: it gets the system scopes, and nothing else (OKTA-API-WRITES §5.1).
	d = customDesired(d, "")
	res := fmt.Sprintf("authorizationServer %q (new)", name)
	create := step{change: plan.Change{Resource: res, Field: "authorizationServer", Action: "create", Level: plan.Recommended,
		Desired: map[string]any{"name": name, "audiences": []string{p.clientID()}, "issuerMode": d.Server.IssuerMode},
		Note:    "--create-authorization-server; its id is written to okta.authorizationServer" + p.where("authorizationServer"), Setting: "okta.authorizationServer"}}
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
	if p.setIn("issuer") {
		return p.record("issuer", p.r.Issuer, out)
	}
	return nil
}

func serverResource(as oktaapi.Object) string {
	return fmt.Sprintf("authorizationServer %s (%q)", as.ID(), as.Str("name"))
}

// dedicated reports whether a server serves this client alone: its one audience is the
// client ID, as --create-authorization-server makes it. Any other server may be shared, and
// its audience, default scopes and issuer mode decide what every other client receives.
func (p *Provider) dedicated(as oktaapi.Object) bool {
	aud := as.Strings("audiences")
	return len(aud) == 1 && aud[0] == p.clientID()
}

// sharedNote explains what omsso leaves alone on a server other clients may use.
func (p *Provider) sharedNote(as oktaapi.Object) string {
	return fmt.Sprintf("%s may serve other clients (its audience is %s, not only the client ID): omsso never changes its audience, default scopes or issuer mode, "+
		"which every client of the server receives. OpenMetadata's guide recommends a dedicated server whose audience is the client ID: "+
		"plan/apply --create-authorization-server NAME", serverResource(as), strings.Join(as.Strings("audiences"), ", "))
}

func (p *Provider) diffExistingServer(ctx context.Context, as oktaapi.Object, d desired.State) ([]step, []string, error) {
	id := as.ID()
	res := serverResource(as)
	var steps []step
	var notes []string
	mine := p.dedicated(as)
	if !mine {
		notes = append(notes, p.sharedNote(as))
	}
	if st := as.Str("status"); st != "" && st != "ACTIVE" {
		steps = append(steps, statusStep(res, "status", st, "an inactive authorization server issues no tokens"))
	}
	if st, note := p.issuerModeStep(as, res, d, mine); st != nil {
		steps = append(steps, *st)
	} else if note != "" {
		notes = append(notes, note)
	}
	scopes, err := p.c.Scopes(ctx, id)
	if err != nil {
		return nil, nil, err
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
	if mine && d.Server.DefaultScope && !hasDefault && !slices.Contains(names, desired.DefaultScopeName) {
		steps = append(steps, p.scopeStep(res, desired.DefaultScopeName, true, plan.Recommended))
	}
	more, err := p.diffPolicies(ctx, id, res, d)
	if err != nil {
		return nil, nil, err
	}
	return append(steps, more...), notes, nil
}

// issuerModeStep makes tokens carry the configured issuer. On a dedicated server omsso sets the
// mode; on a shared one a change would move every other client's issuer, so a Dynamic mode
// (the issuer follows the host the request came to, which works when OpenMetadata uses the
// issuer's host) is a note, and any other mismatch a step for a person to decide.
func (p *Provider) issuerModeStep(as oktaapi.Object, res string, d desired.State, mine bool) (*step, string) {
	cur := as.Str("issuerMode")
	if cur == d.Server.IssuerMode {
		return nil, ""
	}
	note := "tokens must carry the issuer " + p.r.Issuer + " byte for byte (Issuer: " + desired.IssuerModeLabel(d.Server.IssuerMode) + ", not Dynamic)"
	if mine {
		id := as.ID()
		tg := &target{key: "server", name: res,
			get: func(ctx context.Context) (oktaapi.Object, error) { return p.c.GetAuthServer(ctx, id) },
			put: func(ctx context.Context, o oktaapi.Object) (oktaapi.Object, error) {
				return p.c.ReplaceAuthServer(ctx, id, o)
			}}
		return &step{change: plan.Change{Resource: res, Field: "issuerMode", Action: "update", Current: orNil(cur), Desired: d.Server.IssuerMode, Level: plan.Required, Note: note, Setting: "okta.issuer"},
			obj: tg, mutate: func(o oktaapi.Object) { o.Set(d.Server.IssuerMode, "issuerMode") }}, ""
	}
	if cur == "DYNAMIC" {
		return nil, fmt.Sprintf("%s issues tokens with a Dynamic issuer: they carry %s only while OpenMetadata and its users reach Okta through that host; omsso leaves the shared server's issuer mode alone", res, p.r.Issuer)
	}
	return &step{change: plan.Change{Resource: res, Field: "issuerMode", Action: "update", Current: orNil(cur), Desired: d.Server.IssuerMode, Level: plan.Required,
		Note: note + "; changing it would change the issuer of every other client of this shared server: use a dedicated server (--create-authorization-server NAME), or set okta.issuer to match", Setting: "okta.issuer"},
		manual: "omsso does not change a shared server's issuer mode: decide with the server's other users, or use --create-authorization-server"}, ""
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
// the flow's grant types and scopes. Otherwise omsso completes its own policy (by name), or
// the policy --join-access-policy names (adding the client, keeping its other clients), or
// creates its own policy for this client alone, first in priority. It never joins another
// team's policy on its own: that policy's rules would then govern OpenMetadata's tokens, and
// later edits by its owners would change who can sign in.
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
	cand, err := p.candidatePolicy(pols)
	if err != nil {
		return nil, err
	}
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

// candidatePolicy is the policy omsso completes: the one --join-access-policy names, else its
// own (by name), else nil (create it).
func (p *Provider) candidatePolicy(pols []oktaapi.Object) (oktaapi.Object, error) {
	want, explicit := desired.PolicyName, p.opts.JoinPolicy != ""
	if explicit {
		want = p.opts.JoinPolicy
	}
	for _, pol := range pols {
		if pol.Str("name") == want {
			return pol, nil
		}
	}
	if explicit {
		var names []string
		for _, pol := range pols {
			names = append(names, fmt.Sprintf("%q", pol.Str("name")))
		}
		return nil, fmt.Errorf("--join-access-policy %q: the authorization server has no access policy of that name (it has %s)", p.opts.JoinPolicy, strings.Join(names, ", "))
	}
	return nil, nil
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
