package omconf_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/omconf"
	"github.com/omsso/omsso/internal/oracle"
	"github.com/omsso/omsso/internal/upstream"
)

const bindDocs = 10_000

// oracleKeys maps omconf's keys to the Java types the OpenMetadata POJOs give them. A list is a
// Set (LinkedHashSet: duplicates dropped, order kept) where the upstream JSON schema says
// uniqueItems, which jsonschema2pojo turns into Set fields.
func oracleKeys(t *testing.T) []oracle.BindKey {
	t.Helper()
	dir := []string{"openmetadata", "openmetadata-spec", "src", "main", "resources", "json", "schema"}
	// The 1.12-era schemas first; keys new in 2.0/2.1 from the newer ones (the first that has
	// a key wins).
	load := func(parts ...string) map[string]any {
		var m map[string]any
		if err := json.Unmarshal(upstream.Read(t, parts...), &m); err != nil {
			t.Fatal(err)
		}
		return obj(m["properties"])
	}
	merged := func(files ...[]string) map[string]any {
		out := map[string]any{}
		for _, f := range files {
			for k, v := range load(f...) {
				if _, ok := out[k]; !ok {
					out[k] = v
				}
			}
		}
		return out
	}
	in := func(root string, parts ...string) []string {
		return append(append([]string{root}, dir[1:]...), parts...)
	}
	props := map[string]map[string]any{
		"authorizerConfiguration": merged(in("openmetadata", "configuration", "authorizerConfiguration.json"),
			in("openmetadata", "configuration", "authorizerConfiguration.main-2.0-1aa230fd.json")),
		"authenticationConfiguration": merged(in("openmetadata", "configuration", "authenticationConfiguration.json"),
			in("openmetadata-2x", "configuration", "authenticationConfiguration.json")),
		"authenticationConfiguration.oidcConfiguration": load(in("openmetadata", "security", "client", "oidcClientConfig.json")...),
	}
	var keys []oracle.BindKey
	for _, k := range omconf.Keys() {
		i := strings.LastIndex(k.Path, ".")
		var ty oracle.Type
		switch k.Type {
		case omconf.String:
			ty = oracle.String // also clientType and responseType, enums upstream (see Oracle.java)
		case omconf.Bool:
			ty = oracle.Bool
		case omconf.Int:
			ty = oracle.Int
		case omconf.Map:
			ty = oracle.Map
		case omconf.List:
			ty = oracle.List
			p := obj(props[k.Path[:i]][k.Path[i+1:]])
			if p == nil {
				t.Fatalf("%s: not in the upstream schema", k.Path)
			}
			if p["uniqueItems"] == true {
				ty = oracle.Set
			}
		default:
			t.Fatalf("%s: type %v has no oracle type", k.Path, k.Type)
		}
		keys = append(keys, oracle.BindKey{Path: k.Path, Type: ty})
	}
	return keys
}

// TestOracleKeyTypes pins the outcome of oracleKeys, checked by hand against the schemas.
func TestOracleKeyTypes(t *testing.T) {
	want := map[string]oracle.Type{
		"authorizerConfiguration.adminPrincipals":                   oracle.Set,
		"authorizerConfiguration.allowedEmailRegistrationDomains":   oracle.Set,
		"authorizerConfiguration.allowedDomains":                    oracle.Set,
		"authorizerConfiguration.adminEmails":                       oracle.Set,
		"authorizerConfiguration.allowedEmailDomains":               oracle.Set,
		"authenticationConfiguration.additionalTrustedRedirectUris": oracle.List,
		"authenticationConfiguration.publicKeyUrls":                 oracle.List,
		"authenticationConfiguration.jwtPrincipalClaims":            oracle.List,
		"authenticationConfiguration.jwtPrincipalClaimsMapping":     oracle.List,
	}
	for _, k := range oracleKeys(t) {
		if w, ok := want[k.Path]; ok && k.Type != w {
			t.Errorf("%s: %s, want %s", k.Path, k.Type, w)
		}
	}
}

// bindGen writes documents shaped like the auth sections of openmetadata.yaml as a person
// editing them might: every scalar style, YAML 1.1 words and numbers, null forms, empty
// values, duplicates, comments, the wrong shape now and then.
type bindGen struct {
	r    *rand.Rand
	seen map[string]int // how often each hand-edit class was written
}

// genValue is one generated value and what is needed to judge it.
type genValue struct {
	text string // YAML after "key:", possibly spanning lines
	form string // for grouping differences, e.g. "plain 0123" or "flow-seq"
	// old28 is set when a plain scalar in it is typed differently by jackson-dataformat-yaml
	// 2.8 than by 2.12+ (oracle.OldYAMLDiffers).
	old28 bool
	// oldTag is set for "!!int 08" and the like (oracle.OldYAMLDiffersTagged), which one of the
	// two versions cannot read at all: the whole file fails for it.
	oldTag bool
}

// Plain words a person might type.
var plainWords = []string{
	"Okta", "Acme SSO", "admin", "example.com", "all", "sub", "email", "openid email profile",
	"email:sub", "username:preferred_username", "http://localhost:8585/callback", "a#b", "é",
	"yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "n", "Y",
	"true", "True", "TRUE", "false", "False", "tRue", "nO",
	"0", "1", "-1", "+1", "3600", "604800", "0123", "08", "007", "0x1F", "0X1f", "0b101", "0o17",
	"1_000", "+1_0", "1e3", "1E3", "1.5", "-1.5", ".5", "1_0.5", "2147483647", "2147483648",
	"99999999999", "12:30", "1:30:00", "2001-12-14", "~", "null", "Null", "NULL", "${A}", "$${B}",
	"=", "<<", "x,y",
}

// Words that break the whole file for one parser or both (a float Jackson cannot read, YAML
// syntax): rare, so that most documents bind.
var hazardWords = []string{
	".inf", "-.inf", ".nan", ".NaN", "-", "@x", "`x", "%x", "!x", "&a", "*a", "a: b", "a - b",
	"[x", "x]", "{x}", "x #c", "'x", "\"x",
}

var numberWords = []string{"0", "1", "-1", "+1", "3600", "0123", "08", "0x1F", "1_000", "1e3", "1.5", ".5", "2147483648"}

// Hand edits the model once read differently from the server (issue 24): out-of-range floats,
// undefined aliases, Java's trim() in coercions, !!binary, a bare sign under !!int.
var handWords = []string{"1e999", "-1e999", "1e-999", "*a", "*b", "!!float 1e999", `!!int "+"`, `!!int "-"`,
	`"\u00a0true"`, `"\x01true"`, `"\u2003false"`, `"\u00a03600"`, `"\x0b3600 "`, `" 7\t"`,
	"!!binary aGVsbG8=", "!!binary aGVsbG8", `!!binary "aGVs\nbG8="`, `!!binary "aGk= aGk="`, "!!binary x!", `!!binary ""`, "!!binary MQ=="}

// Flow items and map entries around ':' and '?' that libyaml and SnakeYAML read differently.
var flowItemWords = []string{"b:", "b::", "a:b:", "!!str b:", "?", "? x", "?x", "a?b", "~"}

var flowKeys = []string{"b:", "b::", "~", "null", "0123", "!!int 08", "true"}

func (g bindGen) pick(s []string) string { return s[g.r.IntN(len(s))] }

// scalar returns a scalar in some style; ind is the indentation of continuation lines.
func (g bindGen) scalar(ind string, flow bool) genValue {
	w := g.pick(plainWords)
	// In flow collections ":" and "," are syntax; a hand edit rarely gets that wrong.
	for flow && strings.ContainsAny(w, ":,#{}") && g.r.IntN(20) > 0 {
		w = g.pick(plainWords)
	}
	if g.r.IntN(400) == 0 {
		w = g.pick(hazardWords)
	}
	if g.r.IntN(60) == 0 {
		h := g.pick(handWords)
		g.seen[h]++
		old := strings.HasPrefix(h, "!!binary") || strings.HasPrefix(h, `!!int "+"`)
		return genValue{text: h, form: "hand edit " + h, old28: old, oldTag: old}
	}
	switch n := g.r.IntN(100); {
	case n < 50:
		return genValue{text: w, form: "plain " + w, old28: oracle.OldYAMLDiffers(w)}
	case n < 62:
		return genValue{text: "'" + strings.ReplaceAll(w, "'", "''") + "'", form: "single-quoted"}
	case n < 74:
		return genValue{text: dq(g, w), form: "double-quoted"}
	case n < 80:
		f := g.pick([]string{"~", "null", "Null", "NULL", ""})
		if flow && f == "" {
			f = "~" // an empty flow item is a syntax error
		}
		return genValue{text: f, form: "null " + f}
	case n < 84:
		return genValue{text: g.pick([]string{"''", `""`}), form: "empty string"}
	case n < 90 && !flow:
		h := g.pick([]string{"|", "|-", ">", ">-", "|+"})
		return genValue{text: h + "\n" + ind + "  " + w + "\n" + ind + "  " + g.pick(plainWords), form: "block scalar " + h}
	case n < 95:
		tag := g.pick([]string{"!!str", "!!int", "!!bool", "!!null", "!!float"})
		if (tag == "!!int" || tag == "!!float") && g.r.IntN(40) > 0 {
			w = g.pick(numberWords)
		}
		// "!!int" on anything but plain decimal may break the whole file for one version of the
		// YAML module (oracle.OldYAMLDiffersTagged), and such files are left out: keep them rare.
		if tag == "!!int" && g.r.IntN(10) > 0 {
			w = g.pick([]string{"0", "1", "-1", "3600", "2147483648"})
		}
		old := oracle.OldYAMLDiffersTagged(tag, w)
		return genValue{text: tag + " " + w, form: "tagged " + tag, old28: old, oldTag: old}
	default:
		a, b := g.pick(plainWords), g.pick(plainWords)
		for flow && strings.ContainsAny(a+b, ":,#{}") {
			a, b = g.pick(plainWords), g.pick(plainWords)
		}
		return genValue{text: a + " " + b, form: "plain two words", old28: oracle.OldYAMLDiffers(a + " " + b)}
	}
}

// dq writes s double-quoted, sometimes with the escapes a person (or omsso) might use.
func dq(g bindGen, s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteString(`\` + string(r))
		case r == '$' && g.r.IntN(2) == 0:
			b.WriteString(`\x24`)
		case r == 'é' && g.r.IntN(2) == 0:
			b.WriteString(`\u00e9`)
		case r == ' ' && g.r.IntN(4) == 0:
			b.WriteString(`\t`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func (g bindGen) items(ind string, flow bool) []genValue {
	var items []genValue
	for range g.r.IntN(5) {
		if flow && g.r.IntN(40) == 0 {
			w := g.pick(flowItemWords)
			g.seen["flow item "+w]++
			items = append(items, genValue{text: w, form: "flow item " + w})
			continue
		}
		if len(items) > 0 && g.r.IntN(5) == 0 {
			items = append(items, items[g.r.IntN(len(items))]) // a duplicate
			continue
		}
		items = append(items, g.scalar(ind, flow))
	}
	return items
}

// join renders items and merges their version flags into v.
func join(v *genValue, items []genValue, sep string, wrap func(genValue) string) string {
	var parts []string
	for _, it := range items {
		parts = append(parts, wrap(it))
		v.old28 = v.old28 || it.old28
		v.oldTag = v.oldTag || it.oldTag
	}
	return strings.Join(parts, sep)
}

func (g bindGen) list(ind string) genValue {
	if g.r.IntN(2) == 0 {
		v := genValue{form: "flow sequence"}
		v.text = "[" + join(&v, g.items(ind, true), ", ", func(v genValue) string { return v.text }) + "]"
		return v
	}
	items := g.items(ind+"    ", false)
	if len(items) == 0 {
		return genValue{text: "[]", form: "flow sequence"}
	}
	lead := ind + g.pick([]string{"  ", ""}) // a block sequence may sit at the key's indentation
	v := genValue{form: "block sequence"}
	v.text = join(&v, items, "", func(v genValue) string { return "\n" + lead + "- " + v.text })
	return v
}

func (g bindGen) mapping(ind string) genValue {
	names := []string{"prompt", "max_age", "a", "k"}
	flow := g.r.IntN(2) == 0
	var pairs []genValue
	for range g.r.IntN(4) {
		v := g.scalar(ind+"    ", flow)
		switch n := g.pick(names); {
		case flow && g.r.IntN(20) == 0:
			v = genValue{text: g.pick(flowKeys), form: "flow key without value"}
			g.seen["flow key "+v.text]++
		case flow && g.r.IntN(40) == 0:
			v.text = n + ": " + g.pick([]string{"y:", "y::"})
			v.form = "flow value ending in :"
			g.seen[v.form]++
		case g.r.IntN(20) == 0:
			k := g.pick(flowKeys)
			g.seen["key "+k]++
			v.text = k + ": " + v.text
			v.form = "key " + k + ", " + v.form
		default:
			v.text = n + ": " + v.text
		}
		pairs = append(pairs, v)
	}
	if flow || len(pairs) == 0 {
		v := genValue{form: "flow mapping"}
		v.text = "{" + join(&v, pairs, ", ", func(v genValue) string { return v.text }) + "}"
		return v
	}
	v := genValue{form: "block mapping"}
	v.text = join(&v, pairs, "", func(v genValue) string { return "\n" + ind + "  " + v.text })
	return v
}

func (g bindGen) value(ty oracle.Type, ind string) genValue {
	// Now and then the wrong shape, as a hand edit might have it.
	if g.r.IntN(8) == 0 {
		ty = []oracle.Type{oracle.String, oracle.List, oracle.Map}[g.r.IntN(3)]
	}
	switch ty {
	case oracle.List, oracle.Set:
		return g.list(ind)
	case oracle.Map:
		return g.mapping(ind)
	}
	return g.scalar(ind, false)
}

// doc writes one document and returns the keys it set (a key written twice: the last one).
func (g bindGen) doc(keys []oracle.BindKey) (string, map[string]genValue) {
	sections := []string{"authorizerConfiguration", "authenticationConfiguration", "authenticationConfiguration.oidcConfiguration"}
	bySection := map[string][]oracle.BindKey{}
	for _, k := range keys {
		i := strings.LastIndex(k.Path, ".")
		bySection[k.Path[:i]] = append(bySection[k.Path[:i]], k)
	}
	set := map[string]genValue{}
	var b strings.Builder
	if g.r.IntN(4) == 0 {
		b.WriteString("# edited by hand ${NOT_A_VAR}\nclusterName: omsso\n")
	}
	for _, sec := range sections {
		depth := strings.Count(sec, ".")
		ind := strings.Repeat("  ", depth)
		name := sec[strings.LastIndex(sec, ".")+1:]
		switch g.r.IntN(40) {
		case 0:
			fmt.Fprintf(&b, "%s%s: %s\n", ind, name, g.pick([]string{"~", "", "{}"}))
			continue
		case 1:
			continue // section left out
		}
		fmt.Fprintf(&b, "%s%s:\n", ind, name)
		ks := slices.Clone(bySection[sec])
		g.r.Shuffle(len(ks), func(i, j int) { ks[i], ks[j] = ks[j], ks[i] })
		kind := ind + "  "
		for _, k := range ks {
			if g.r.IntN(10) < 4 {
				continue
			}
			// A key written twice now and then: Jackson keeps the last one.
			for range 1 + b2i(g.r.IntN(50) == 0) {
				v := g.value(k.Type, kind)
				sep := " "
				if strings.HasPrefix(v.text, "\n") || v.text == "" {
					sep = ""
				}
				fmt.Fprintf(&b, "%s%s:%s%s\n", kind, k.Path[strings.LastIndex(k.Path, ".")+1:], sep, v.text)
				if g.r.IntN(30) == 0 {
					fmt.Fprintf(&b, "%s# a comment: [x, y]\n", kind)
				}
				if prev, dup := set[k.Path]; dup {
					v.form = "duplicate key, last " + v.form
					v.old28 = v.old28 || prev.old28
					v.oldTag = v.oldTag || prev.oldTag
				}
				set[k.Path] = v
			}
		}
		// oidcConfiguration, the next section, nests in authenticationConfiguration.
	}
	return b.String(), set
}

// bindDiff is one key (or the whole document) where the model and Jackson disagree.
type bindDiff struct {
	path, form, class string
	doc, valueText    string
	real, model       string
}

func show(v any, err string) string {
	if err != "" {
		return "error: " + err
	}
	if v == nil {
		return "null"
	}
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("%q", x)
	case []string:
		return fmt.Sprintf("%q", x)
	case map[string]string:
		return fmt.Sprintf("%q", x)
	}
	return fmt.Sprintf("%v (%T)", v, v)
}

func kindOf(v any, err string) string {
	if err != "" {
		return "error"
	}
	if v == nil {
		return "null"
	}
	return fmt.Sprintf("%T", v)
}

// sameValue compares a model value with the oracle's; nil and an empty collection differ.
func sameValue(a, b any) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return reflect.DeepEqual(a, b)
}

// TestParseKeysAgainstJackson compares the model with Debian's Jackson (YAML module 2.8) on
// random hand-edited documents; what 2.8 types differently from 2.12+ is left out here and
// held to the newer Jackson below.
func TestParseKeysAgainstJackson(t *testing.T) {
	o := oracle.ForTest(t)
	old, err := o.OldYAMLNumbers()
	if err != nil {
		t.Fatal(err)
	}
	bindAgainst(t, o, old)
}

// TestParseKeysAgainstNewerJackson is the same run against Jackson 2.22 with SnakeYAML 2.5
// (oracle.StartNewer), with nothing left out.
func TestParseKeysAgainstNewerJackson(t *testing.T) {
	o := oracle.NewerForTest(t)
	old, err := o.OldYAMLNumbers()
	if err != nil {
		t.Fatal(err)
	}
	if old {
		t.Fatalf("the newer oracle runs a YAML module older than 2.12")
	}
	bindAgainst(t, o, false)
}

// bindCounts are the tallies of one differential run.
type bindCounts struct{ compared, excluded, excludedDocs, parseRefused int }

func bindAgainst(t *testing.T, o *oracle.Oracle, old bool) {
	keys := oracleKeys(t)
	g := bindGen{rand.New(rand.NewPCG(oracleSeed(t), 0xb1d)), map[string]int{}}
	docs := make([]string, bindDocs)
	sets := make([]map[string]genValue, bindDocs)
	cases := make([]oracle.BindCase, bindDocs)
	for i := range docs {
		docs[i], sets[i] = g.doc(keys)
		cases[i] = oracle.BindCase{YAML: docs[i], Keys: keys}
	}
	real, err := o.Bind(cases)
	if err != nil {
		t.Fatal(err)
	}
	// Every class of hand edit must be in the corpus (issue 24), or the run proves nothing
	// about it.
	classes := slices.Clone(handWords)
	for _, w := range flowItemWords {
		classes = append(classes, "flow item "+w)
	}
	for _, k := range flowKeys {
		classes = append(classes, "flow key "+k, "key "+k)
	}
	classes = append(classes, "flow value ending in :")
	for _, c := range classes {
		if g.seen[c] == 0 {
			t.Errorf("the corpus holds no %q", c)
		}
	}
	t.Logf("hand-edit classes in the corpus: %v", g.seen)
	diffs, n := bindDiffs(keys, docs, sets, real, old)
	t.Logf("%d documents (%d refused by the library as a whole, %d left out as 2.8-specific), %d comparisons, %d keys left out as 2.8-specific",
		bindDocs, n.parseRefused, n.excludedDocs, n.compared, n.excluded)
	logBindDiffs(t, diffs)
	verdict(t, len(diffs), n.compared, fmt.Sprintf("key bindings in %d random documents", bindDocs))
}

// bindDiffs compares the model with the oracle's answers, document by document and key by key.
func bindDiffs(keys []oracle.BindKey, docs []string, sets []map[string]genValue, real []oracle.BindResult, old bool) ([]bindDiff, bindCounts) {
	var diffs []bindDiff
	var n bindCounts
	for i, r := range real {
		eff, keyErrs, perr := omconf.ParseKeys(docs[i])
		if old && slices.ContainsFunc(slices.Collect(maps.Values(sets[i])), func(v genValue) bool { return v.oldTag }) {
			n.excludedDocs++ // a tagged value the two versions read differently
			continue
		}
		if r.ParseErr != "" || perr != nil {
			n.compared++
			if r.ParseErr != "" {
				n.parseRefused++
			}
			switch {
			case r.ParseErr != "" && perr == nil:
				diffs = append(diffs, bindDiff{path: "(file)", form: "document", class: "the library refuses the file, the model reads it", doc: docs[i], real: r.ParseErr, model: "parsed"})
			case r.ParseErr == "" && perr != nil:
				diffs = append(diffs, bindDiff{path: "(file)", form: "document", class: "the model refuses the file, the library reads it", doc: docs[i], real: "parsed", model: perr.Error()})
			}
			continue
		}
		for _, k := range keys {
			gv := sets[i][k.Path]
			if old && gv.old28 {
				n.excluded++ // held to oracle.NewerYAML in TestParseKeysNewerYAML instead
				continue
			}
			n.compared++
			if d, ok := keyDiff(k, gv, docs[i], r, eff, keyErrs); ok {
				diffs = append(diffs, d)
			}
		}
	}
	return diffs, n
}

// keyDiff compares one key's binding; ok is false when the model and the library agree.
func keyDiff(k oracle.BindKey, gv genValue, doc string, r oracle.BindResult, eff omconf.Effective, keyErrs map[string]string) (bindDiff, bool) {
	rv, rerr := r.Values[k.Path], r.Errs[k.Path]
	mv, merr := nullsAsEmpty(eff[k.Path]), keyErrs[k.Path]
	form := gv.form
	if form == "" {
		form = "absent"
	}
	var class string
	switch {
	case rerr != "" && merr == "":
		class = "the library refuses, the model binds " + kindOf(mv, "")
	case rerr == "" && merr != "":
		if r.Nulls[k.Path] {
			return bindDiff{}, false // a null item: refusing it is the model's conservative choice
		}
		class = "the model refuses, the library binds " + kindOf(rv, "")
	case rerr != "":
		return bindDiff{}, false // both refuse
	case !sameValue(mv, rv):
		class = "different value: library " + kindOf(rv, "") + ", model " + kindOf(mv, "")
	default:
		return bindDiff{}, false
	}
	return bindDiff{
		path: k.Path, form: string(k.Type) + " <- " + form, class: class, doc: doc, valueText: gv.text,
		real: show(rv, rerr), model: show(mv, merr),
	}, true
}

// logBindDiffs shows the first differences, the first of each class, and the count per class.
func logBindDiffs(t *testing.T, diffs []bindDiff) {
	for i, d := range diffs {
		if i == 20 {
			break
		}
		if d.path == "(file)" {
			t.Logf("difference %d: %s\n\tlibrary: %s\n\tmodel:   %s\n%s", i+1, d.class, d.real, d.model, indent(d.doc))
			continue
		}
		t.Logf("difference %d: %s (%s): %s\n\tvalue:   %q\n\tlibrary: %s\n\tmodel:   %s", i+1, d.path, d.form, d.class, d.valueText, d.real, d.model)
	}
	counts := map[string]int{}
	for _, d := range diffs {
		counts[d.form+" | "+d.class]++
		if counts[d.form+" | "+d.class] == 1 {
			t.Logf("FIRST %s | %s\n\tvalue: %q\n\tlibrary: %s\n\tmodel: %s\n%s", d.form, d.class, d.valueText, d.real, d.model, indent(d.doc))
		}
	}
	type kc struct {
		k string
		n int
	}
	var list []kc
	for k, n := range counts {
		list = append(list, kc{k, n})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].n > list[j].n || (list[i].n == list[j].n && list[i].k < list[j].k) })
	for i, e := range list {
		if i == 60 {
			t.Logf("... %d more classes", len(list)-60)
			break
		}
		t.Logf("%6d %s", e.n, e.k)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func indent(s string) string {
	return "\t| " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n\t| ")
}

// TestParseKeysNewerYAML holds the model to how jackson-dataformat-yaml 2.12+ (what OpenMetadata
// runs) types the scalars where Debian's 2.8, and so the oracle, differs.
func TestParseKeysNewerYAML(t *testing.T) {
	diffs, total := 0, 0
	for _, r := range oracle.NewerYAML {
		doc := fmt.Sprintf("authenticationConfiguration:\n  providerName: %s\n  enableSelfSignup: %s\n  jwtPrincipalClaims: [%s]\n  oidcConfiguration:\n    tokenValidity: %s\n",
			r.Scalar, r.Scalar, r.Scalar, r.Scalar)
		eff, keyErrs, err := omconf.ParseKeys(doc)
		if err != nil {
			t.Errorf("%q: %v", r.Scalar, err)
			diffs++
			continue
		}
		checks := []struct {
			path string
			want any
		}{
			{"authenticationConfiguration.providerName", r.Str},
			{"authenticationConfiguration.enableSelfSignup", r.Bool},
			{"authenticationConfiguration.jwtPrincipalClaims", []string{r.Str.(string)}},
			{"authenticationConfiguration.oidcConfiguration.tokenValidity", r.Int},
		}
		for _, c := range checks {
			total++
			got, gerr := eff[c.path], keyErrs[c.path]
			if c.want == oracle.Refused {
				if gerr == "" {
					diffs++
					t.Logf("%q at %s: model binds %s, Jackson 2.12+ refuses", r.Scalar, c.path, show(got, ""))
				}
				continue
			}
			if gerr != "" || !sameValue(got, c.want) {
				diffs++
				t.Logf("%q at %s: model %s, Jackson 2.12+ %s", r.Scalar, c.path, show(got, gerr), show(c.want, ""))
			}
		}
	}
	verdict(t, diffs, total, "bindings of 2.12+ YAML numbers (oracle.NewerYAML)")
}

// nullsAsEmpty shows the model's null items as the oracle reports them ("", with Nulls set).
func nullsAsEmpty(v any) any {
	switch t := v.(type) {
	case []string:
		out := slices.Clone(t)
		for i, s := range out {
			if s == omconf.NullItem {
				out[i] = ""
			}
		}
		return out
	case map[string]string:
		out := maps.Clone(t)
		for k, s := range out {
			if s == omconf.NullItem {
				out[k] = ""
			}
		}
		return out
	}
	return v
}
