package targets_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/omconf"
	"github.com/omsso/omsso/internal/oracle"
	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/internal/upstream"
	"github.com/omsso/omsso/targets"
)

// oracleRenders is how many valid settings go through every target in make test.
const oracleRenders = 1000

// pieces are what is special to one of the layers a value crosses.
var pieces = []string{
	"$", "$", "{", "}", "${", "$${", "$(", ")", ":-", `\`, `"`, "'", "#", " ", "a", "b", "X", "OIDC_CLIENT_SECRET",
	"HOSTNAME", "SSO", "é", ",", ": ", "[", "]",
}

func hostileString(rng *rand.Rand) string {
	var b strings.Builder
	for n := 1 + rng.IntN(8); n > 0; n-- {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return b.String()
}

// oracleType maps a key's schema type to the Java type the server binds it to.
func oracleType(k omconf.Key) oracle.Type {
	switch k.Type {
	case omconf.Bool:
		return "bool"
	case omconf.Int:
		return "int"
	case omconf.Map:
		return "map"
	case omconf.List:
		if k.Unique {
			return "set"
		}
		return "list"
	}
	return "string"
}

func bindKeys() []oracle.BindKey {
	var keys []oracle.BindKey
	for _, k := range omconf.Keys() {
		keys = append(keys, oracle.BindKey{Path: k.Path, Type: oracleType(k)})
	}
	return keys
}

type renderCase struct {
	name, target string
	in           targets.ServerInput
	want         omconf.Effective
}

// Settings full of what is special in YAML, dotenv, compose, the kubelet and the server's
// substitution go through every target; the real commons-text and Jackson then read what each
// server would read. Every key must bind to exactly the settings' value, and omsso's own models
// must agree with the real libraries on every step.
func TestRendersThroughRealLibraries(t *testing.T) {
	o := oracle.ForTest(t)
	chart := upstream.Chart(t)
	seed := uint64(10)
	if s := os.Getenv("OMSSO_ORACLE_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	rng := rand.New(rand.NewPCG(seed, seed))
	var cases []renderCase
	renders := 0
	for tries := 0; renders < oracleRenders && tries < 20*oracleRenders; tries++ {
		confidential := rng.IntN(2) == 0
		url, clientID, pdomain, scope := hostileQuoted(rng)
		s := fuzzSettings(url, "dev-123456.okta.com", clientID, "default", "",
			hostileString(rng), hostileString(rng), pdomain, "example.org", hostileString(rng), "email:email", scope,
			"OKTA_CLIENT_SECRET", "", confidential, rng.IntN(2) == 0)
		s.Authorizer.AdminPrincipals = append(s.Authorizer.AdminPrincipals, hostileString(rng))
		s.Authentication.JWTPrincipalClaims = append(s.Authentication.JWTPrincipalClaims, hostileString(rng))
		lineSettings(&s, tries, rng)
		r, err := settings.Resolve(s)
		if err != nil {
			continue // settings validation refused it (e.g. a duplicate): not a render
		}
		conf := upstream.ConfFor(t, r.OpenMetadata.Version)
		renders++
		for _, d := range targets.Deploys() {
			files, err := d.Render(r)
			if err != nil {
				t.Fatalf("render %s: %v", d.Name(), err)
			}
			opts := targets.ProofOptions{}
			if renders%25 == 0 {
				// The real chart, for a sample: the model is proved against it elsewhere.
				opts.Chart = chart
			}
			// What omsso claims (its own proof) and what each server reads, in one read-back.
			p, err := targets.Prove(r, d, files, opts)
			if err != nil {
				t.Fatalf("%s proof: %v", d.Name(), err)
			}
			if len(p.Findings) > 0 {
				t.Errorf("omsso refuses its own %s output for %+v: %+v", d.Name(), s, p.Findings)
			}
			rb := p.ReadBack
			want := targets.Expected(r, d.Name())
			for _, c := range rb.Consumers {
				cases = append(cases, renderCase{fmt.Sprintf("render %d %s/%s", renders, d.Name(), c.Name), d.Name(), c.Input, want})
				if d.Name() == "baremetal" {
					// The sections spliced into the upstream conf, whose later lines close any
					// reference left open: the server scans the whole file in one go.
					spliced := c.Input
					spliced.Text = upstream.WithAuthSections(t, conf, c.Input.Text)
					cases = append(cases, renderCase{fmt.Sprintf("render %d baremetal spliced", renders), d.Name(), spliced, want})
				}
			}
		}
	}
	if renders < oracleRenders {
		t.Fatalf("only %d of %d renders were valid settings", renders, oracleRenders)
	}
	subst := make([]oracle.SubstCase, len(cases))
	for i, c := range cases {
		subst[i] = oracle.SubstCase{Text: c.in.Text, Env: c.in.Env}
	}
	real, err := o.Substitute(subst)
	if err != nil {
		t.Fatal(err)
	}
	keys := bindKeys()
	binds := make([]oracle.BindCase, len(cases))
	for i, r := range real {
		binds[i] = oracle.BindCase{YAML: r.Out, Keys: keys}
	}
	bound, err := o.Bind(binds)
	if err != nil {
		t.Fatal(err)
	}
	diffs := 0
	report := func(format string, args ...any) {
		diffs++
		if diffs <= 20 {
			t.Errorf(format, args...)
		}
	}
	for i, c := range cases {
		model, merr := omconf.Substitute(c.in.Text, omconf.MapLookup(c.in.Env))
		if real[i].Err != "" || merr != nil || model != real[i].Out {
			report("%s: substitution: commons-text %q (%s), model %q (%v)", c.name, clip(real[i].Out), real[i].Err, clip(model), merr)
			continue
		}
		if bound[i].ParseErr != "" {
			report("%s: the server cannot parse its config: %s", c.name, bound[i].ParseErr)
			continue
		}
		eff, _, _ := omconf.ParseKeys(model)
		for _, k := range omconf.Keys() {
			w, ok := c.want[k.Path]
			if !ok {
				continue
			}
			if e := bound[i].Errs[k.Path]; e != "" {
				report("%s: %s: Jackson cannot bind it: %s", c.name, k.Path, e)
				continue
			}
			got := bound[i].Values[k.Path]
			if !omconf.Equal(k, w, got) {
				report("%s: %s: the server binds %s, the settings say %s", c.name, k.Path, omconf.Show(got), omconf.Show(w))
			}
			if !omconf.Equal(k, got, eff[k.Path]) {
				report("%s: %s: Jackson binds %s, omsso's model %s", c.name, k.Path, omconf.Show(got), omconf.Show(eff[k.Path]))
			}
		}
	}
	t.Logf("%d renders, %d server inputs through commons-text and Jackson, %d differences", renders, len(cases), diffs)
	if diffs > 20 {
		t.Errorf("... %d differences in all", diffs)
	}
}

// lineSettings spreads the renders over the lines whose keys differ most: 1.12, 2.0 (the
// session keys) and 2.1 (email-first identity, configSource), with the 2.x settings set.
func lineSettings(s *settings.Settings, i int, rng *rand.Rand) {
	s.OpenMetadata.Version = []string{"1.12", "2.0", "2.1"}[i%3]
	if s.OpenMetadata.Version == "1.12" {
		return
	}
	s.Authentication.SessionExpiry = settings.MinSessionExpiry + rng.IntN(1_000_000)
	s.Authentication.MaxActiveSessionsPerUser = 1 + rng.IntN(50)
	if s.OpenMetadata.Version == "2.1" {
		s.Authentication.EmailClaim, s.Authentication.DisplayNameClaim = "email", "name"
		s.Authorizer.AdminEmails = []string{"alice@example.com", "bob@example.org"}
		s.Authorizer.AllowedEmailDomains, s.Authorizer.BotDomain = []string{"example.com"}, "example.com"
		s.ConfigSource.Security = []string{settings.SourceAuto, settings.SourceEnv, settings.SourceDB}[rng.IntN(3)]
		s.ConfigSource.ConfirmProviderChange = s.ConfigSource.Security == settings.SourceEnv
	}
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}
