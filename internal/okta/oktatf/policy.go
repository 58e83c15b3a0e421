package oktatf

import (
	"slices"
	"sort"

	"github.com/omsso/omsso/internal/okta/desired"
)

// policy writes omsso's access policy and rule, or adopts them. The live target's rules hold:
// a policy another team owns is never managed (read with a data source when it already lets the
// client get tokens), omsso's own policy keeps its other clients, and omsso's rule only widens.
func (b *builder) policy() {
	l := b.in.Live
	if l == nil || l.Server == nil {
		b.newPolicy(1)
		b.note("without --adopt the server's policies are not read: if one already lets the client get tokens, the policy %q is an extra one", desired.PolicyName)
		return
	}
	pols := slices.Clone(l.Policies)
	sort.SliceStable(pols, func(i, j int) bool { return num(pols[i]["priority"]) < num(pols[j]["priority"]) })
	for _, pol := range pols {
		if active(pol) && b.includesClient(pol) && b.hasAdequate(pol) {
			if pol.Str("name") == desired.PolicyName {
				b.adoptPolicy(pol)
				return
			}
			b.sharedPolicy(pol)
			return
		}
	}
	for _, pol := range pols {
		if pol.Str("name") == desired.PolicyName {
			b.adoptPolicy(pol)
			return
		}
	}
	for _, pol := range pols {
		if active(pol) && b.hasAdequate(pol) {
			b.note("policy %q has a rule that fits but does not list the client: apply --target okta would add the client to it; Terraform must not take over another team's policy, so omsso writes its own", pol.Str("name"))
			break
		}
	}
	b.newPolicy(1)
}

// sharedPolicy reads a policy omsso does not own that already lets the client get tokens.
func (b *builder) sharedPolicy(pol Object) {
	b.add(Block{Kind: KindData, Type: "okta_auth_server_policy", Name: "shared",
		Comment: []string{"The access policy " + pol.Str("name") + " already lets the client get tokens. It is shared: read, not managed."},
		Attrs:   []Attr{{"auth_server_id", Ref(b.server, "id")}, {"name", pol.Str("name")}}})
}

func (b *builder) policyBlock(attrs []Attr) Block {
	return Block{Kind: KindResource, Type: "okta_auth_server_policy", Name: policyName,
		Comment: []string{"omsso's access policy, for OpenMetadata's client only."},
		Attrs:   append([]Attr{{"auth_server_id", Ref(b.server, "id")}, {"name", desired.PolicyName}}, attrs...)}
}

// newPolicy creates omsso's policy and its rule, as apply --target okta does.
func (b *builder) newPolicy(priority int) {
	b.add(b.policyBlock([]Attr{{"description", "OpenMetadata at " + b.in.R.ServerURL}, {"priority", priority}, {"status", "ACTIVE"},
		{"client_whitelist", []any{Ref(AppAddr, "client_id")}}}))
	b.newRule(1)
}

func (b *builder) newRule(priority int) {
	d := b.in.D.Server
	b.add(b.ruleBlock([]Attr{{"priority", priority}, {"status", "ACTIVE"}, {"type", "RESOURCE_ACCESS"},
		{"grant_type_whitelist", d.RuleGrantTypes}, {"scope_whitelist", d.Scopes}, {"group_whitelist", []string{desired.EveryoneGroup}},
		{"access_token_lifetime_minutes", 60}, {"refresh_token_lifetime_minutes", 0}, {"refresh_token_window_minutes", 10080}}))
}

func (b *builder) ruleBlock(attrs []Attr) Block {
	return Block{Kind: KindResource, Type: "okta_auth_server_policy_rule", Name: ruleName,
		Comment: []string{"The rule allows the flow's grant types and the scopes OpenMetadata requests."},
		Attrs:   append([]Attr{{"auth_server_id", Ref(b.server, "id")}, {"policy_id", Ref(PolicyAddr, "id")}, {"name", desired.RuleName}}, attrs...)}
}

// adoptPolicy imports omsso's own policy, adds the client to it, and adopts or adds its rule.
func (b *builder) adoptPolicy(pol Object) {
	asID, pid := b.in.Live.Server.ID(), pol.ID()
	clients := []any{}
	for _, c := range pol.Strings("conditions", "clients", "include") {
		if c != b.in.D.ClientID {
			clients = append(clients, c)
		}
	}
	if !slices.Contains(pol.Strings("conditions", "clients", "include"), "ALL_CLIENTS") {
		clients = append(clients, Ref(AppAddr, "client_id"))
	}
	b.add(b.policyBlock([]Attr{{"description", pol.Str("description")}, {"priority", int(num(pol["priority"]))}, {"status", pol.Str("status")},
		{"client_whitelist", clients}}))
	b.importBlock(PolicyAddr, asID+"/"+pid, "omsso's access policy "+desired.PolicyName)
	if !active(pol) {
		b.note("policy %q is %s: it grants no tokens until activated (omsso does not change statuses)", desired.PolicyName, pol.Str("status"))
	}
	rules := b.in.Live.Rules[pid]
	for _, r := range rules {
		if r.Str("name") == desired.RuleName {
			b.adoptRule(asID, pid, r)
			return
		}
	}
	if b.hasAdequate(pol) {
		return // another rule of omsso's policy fits already
	}
	b.newRule(len(rules) + 1)
}

// adoptRule imports omsso's rule with its current values, widened to the flow.
func (b *builder) adoptRule(asID, pid string, r Object) {
	d := b.in.D.Server
	scopes := r.Strings("conditions", "scopes", "include")
	if !slices.Contains(scopes, "*") {
		scopes = union(scopes, d.Scopes)
	}
	groups := r.Strings("conditions", "people", "groups", "include")
	users := r.Strings("conditions", "people", "users", "include")
	if len(groups)+len(users) == 0 {
		groups = []string{desired.EveryoneGroup}
	}
	attrs := []Attr{{"priority", int(num(r["priority"]))}, {"status", r.Str("status")}, {"type", "RESOURCE_ACCESS"},
		{"grant_type_whitelist", union(r.Strings("conditions", "grantTypes", "include"), d.RuleGrantTypes)}, {"scope_whitelist", scopes}}
	for _, p := range []struct {
		name string
		v    []string
	}{{"group_whitelist", groups}, {"user_whitelist", users},
		{"group_blacklist", r.Strings("conditions", "people", "groups", "exclude")}, {"user_blacklist", r.Strings("conditions", "people", "users", "exclude")}} {
		if len(p.v) > 0 {
			attrs = append(attrs, Attr{p.name, p.v})
		}
	}
	for _, t := range [][2]string{{"access_token_lifetime_minutes", "accessTokenLifetimeMinutes"}, {"refresh_token_lifetime_minutes", "refreshTokenLifetimeMinutes"}, {"refresh_token_window_minutes", "refreshTokenWindowMinutes"}} {
		if v, ok := r.Get("actions", "token", t[1]).(float64); ok {
			attrs = append(attrs, Attr{t[0], int(v)})
		}
	}
	b.add(b.ruleBlock(attrs))
	b.importBlock(RuleAddr, asID+"/"+pid+"/"+r.ID(), "omsso's rule "+desired.RuleName)
	if !active(r) {
		b.note("rule %q is %s: it allows nothing until activated (omsso does not change statuses)", desired.RuleName, r.Str("status"))
	}
}

func (b *builder) includesClient(pol Object) bool {
	inc := pol.Strings("conditions", "clients", "include")
	return slices.Contains(inc, "ALL_CLIENTS") || slices.Contains(inc, b.in.D.ClientID)
}

// hasAdequate: an active rule of pol allows the flow's grant types and scopes, for some people.
func (b *builder) hasAdequate(pol Object) bool {
	d := b.in.D.Server
	return slices.ContainsFunc(b.in.Live.Rules[pol.ID()], func(r Object) bool {
		sc := r.Strings("conditions", "scopes", "include")
		people := len(r.Strings("conditions", "people", "groups", "include")) + len(r.Strings("conditions", "people", "users", "include"))
		return active(r) && containsAll(r.Strings("conditions", "grantTypes", "include"), d.RuleGrantTypes) &&
			(slices.Contains(sc, "*") || containsAll(sc, d.Scopes)) && people > 0
	})
}

func active(o Object) bool { s := o.Str("status"); return s == "" || s == "ACTIVE" }

func containsAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}

func num(v any) float64 {
	f, _ := v.(float64)
	if i, ok := v.(int); ok {
		f = float64(i)
	}
	return f
}
