package oracle

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/omsso/omsso/internal/testneeds"
)

// The tables below pin what the real libraries answered (commons-text 1.10, jackson-databind
// 2.14, jackson-dataformat-yaml 2.8 over SnakeYAML 1.33, as Debian 12 packages them). They were
// printed from the oracle, not derived from documentation; a change here means a library changed.

func TestSubstituteKnown(t *testing.T) { bothOracles(t, testSubstituteKnown) }

func testSubstituteKnown(t *testing.T, o *Oracle) {
	cases := []struct {
		text string
		env  map[string]string
		want string // "ERR:" prefix: an exception whose message contains the rest
	}{
		{"$${a}", nil, "${a}"},
		{"Acme $${SSO", nil, "Acme $${SSO"},           // no "}" after it: the escape stays
		{"Acme $${SSO $${a}", nil, "Acme ${SSO ${a}"}, // a later "}" completes the first one too
		{"$${", nil, "$${"},
		{"a$${b", nil, "a$${b"},
		{"x}${y", nil, "x}${y"},
		{"$${a${B}}", map[string]string{"B": "bee"}, "${abee}"}, // the scan goes on inside the escaped reference
		{"$$${a}", map[string]string{"a": "A"}, "$${a}"},
		{"$${a} ${a}", map[string]string{"a": "A"}, "${a} A"},
		// The default ends at the first "}": "{" then a literal "}" (so "{}", not "{}}").
		{"${X:-{}}", nil, "{}"},
		{"${a:-${b}}", map[string]string{"b": "B"}, "${b}"}, // default "${b" is not complete on its own
		{"${A:-x:-y}", nil, "x:-y"},
		{"${:-x}", nil, "x"},
		{"${a:-}", nil, ""},
		{"${}", nil, "${}"},
		{"${a", map[string]string{"a": "A"}, "${a"},
		{"${U}", nil, "${U}"}, // unset without default stays (non-strict)
		{"${a${b}}", map[string]string{"b": "B"}, "${a${b}}"},
		{"${${a}}", map[string]string{"a": "A"}, "${${a}}"},
		{"${E:-d}", map[string]string{"E": ""}, ""}, // set to empty wins over the default
		// Values are substituted again, on their own.
		{"${A}", map[string]string{"A": "$${B}", "B": "b"}, "${B}"},
		{"${A}", map[string]string{"A": "$${B"}, "$${B"},
		{"${A}", map[string]string{"A": "${B:-${C}}", "C": "c"}, "${C}"},
		{"${A}${A}", map[string]string{"A": "${B}", "B": "b"}, "bb"},
		{"Okta ${N}", map[string]string{"N": "x ${OIDC_CLIENT_SECRET}", "OIDC_CLIENT_SECRET": "s3cret"}, "Okta x s3cret"},
		{"${A}", map[string]string{"A": "${A}"}, "ERR:Infinite loop in property interpolation of ${A}: A"},
		{"${A}", map[string]string{"A": "${B}", "B": "${A}"}, "ERR:Infinite loop in property interpolation of ${A}: A->B"},
	}
	in := make([]SubstCase, len(cases))
	for i, c := range cases {
		in[i] = SubstCase{Text: c.text, Env: c.env}
	}
	got, err := o.Substitute(in)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		g := got[i]
		if want, ok := strings.CutPrefix(c.want, "ERR:"); ok {
			if g.Err == "" || !strings.Contains(g.Err, want) {
				t.Errorf("%q %v: got out %q err %q, want error %q", c.text, c.env, g.Out, g.Err, want)
			}
			continue
		}
		if g.Err != "" || g.Out != c.want {
			t.Errorf("%q %v: got out %q err %q, want %q", c.text, c.env, g.Out, g.Err, c.want)
		}
	}
}

// bindErr marks a key Jackson refuses.
type bindErr struct{}

var errV = bindErr{}

// bindAll binds scalar (the text after "key: ") as each type and returns type -> value or errV;
// parse is the whole document's parse error.
func bindAll(t *testing.T, o *Oracle, scalars []string) ([]map[Type]any, []string) {
	t.Helper()
	types := []Type{String, Bool, Int, List, Set, Map}
	cases := make([]BindCase, len(scalars))
	for i, s := range scalars {
		var b strings.Builder
		var keys []BindKey
		for _, ty := range types {
			fmt.Fprintf(&b, "%s: %s\n", ty, s)
			keys = append(keys, BindKey{Path: string(ty), Type: ty})
		}
		cases[i] = BindCase{YAML: b.String(), Keys: keys}
	}
	res, err := o.Bind(cases)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]map[Type]any, len(res))
	parse := make([]string, len(res))
	for i, r := range res {
		parse[i] = r.ParseErr
		out[i] = map[Type]any{}
		for _, ty := range types {
			if _, bad := r.Errs[string(ty)]; bad {
				out[i][ty] = errV
			} else {
				out[i][ty] = r.Values[string(ty)]
			}
		}
	}
	return out, parse
}

// TestBindScalars pins how a hand-edited plain or quoted scalar binds to each Java type. Every
// row binds the same scalar as String, Boolean, Integer; collections get their own rows.
func TestBindScalars(t *testing.T) { bothOracles(t, testBindScalars) }

func testBindScalars(t *testing.T, o *Oracle) {
	type row struct {
		s             string
		str, bol, num any // want for String, Boolean, Integer (errV: refused)
	}
	rows := []row{
		// YAML 1.1 booleans: three case forms only; a boolean bound to a String is its text.
		{"yes", "true", true, errV}, {"Yes", "true", true, errV}, {"YES", "true", true, errV},
		{"yEs", "yEs", errV, errV},
		{"no", "false", false, errV}, {"No", "false", false, errV}, {"NO", "false", false, errV},
		{"on", "true", true, errV}, {"On", "true", true, errV}, {"ON", "true", true, errV},
		{"off", "false", false, errV}, {"Off", "false", false, errV}, {"OFF", "false", false, errV},
		{"true", "true", true, errV}, {"True", "true", true, errV}, {"TRUE", "true", true, errV},
		{"tRue", "tRue", errV, errV}, {"false", "false", false, errV},
		// Single letters are not booleans for SnakeYAML 1.x.
		{"y", "y", errV, errV}, {"Y", "Y", errV, errV}, {"n", "n", errV, errV}, {"N", "N", errV, errV},
		// Numbers: a number bound to a String is the number's canonical text, and a number bound
		// to a Boolean is true unless zero (databind 2.14 coerces int to boolean).
		{"0", "0", false, int64(0)}, {"00", "0", false, int64(0)},
		{"-1", "-1", true, int64(-1)},
		{"2147483647", "2147483647", true, int64(2147483647)},
		{"2147483648", "2147483648", true, errV}, // out of Integer range
		{"99999999999", "99999999999", true, errV},
		{"1e3", "1000.0", errV, int64(1000)}, {"1E3", "1000.0", errV, int64(1000)},
		{"1.5", "1.5", errV, int64(1)}, // a float truncates into Integer
		{"1.0", "1.0", errV, int64(1)}, {"0.", "0.0", errV, int64(0)},
		// Strings that look numeric: an Integer field parses the text, a Boolean refuses it.
		// (0123, 0x1F, 0b101, 1_000, +1 and the like: see NewerYAML, they depend on the version.)
		{"0o17", "0o17", errV, errV}, {"0X1f", "0X1f", errV, errV}, {"08", "08", errV, int64(8)},
		{"1:30", "1:30", errV, errV}, {"12:30:00", "12:30:00", errV, errV},
		{"_1", "_1", errV, errV}, {"0_", "0_", errV, errV}, {"1_0.5", "10.5", errV, int64(10)},
		{"007", "7", true, int64(7)}, {"-0", "0", false, int64(0)},
		{"2001-12-14", "2001-12-14", errV, errV},
		// Quoting makes a string, and an Integer field still parses a quoted number.
		{"'yes'", "yes", errV, errV}, {`"0123"`, "0123", errV, int64(123)},
		{"''", "", nil, nil}, {`""`, "", nil, nil}, // empty string: null for Boolean and Integer
		// Null forms and an empty value.
		{"~", nil, nil, nil}, {"null", nil, nil, nil}, {"Null", nil, nil, nil}, {"NULL", nil, nil, nil},
		{"", nil, nil, nil},
		// Explicit tags.
		{"!!str 5", "5", errV, int64(5)}, {"!!int 5", "5", true, int64(5)}, {"!!bool yes", "true", true, errV},
		{"abc", "abc", errV, errV}, {"=", "=", errV, errV}, {"<<", "<<", errV, errV},
	}
	scalars := make([]string, len(rows))
	for i, r := range rows {
		scalars[i] = r.s
	}
	got, parse := bindAll(t, o, scalars)
	for i, r := range rows {
		if parse[i] != "" {
			t.Errorf("%q: parse error %q", r.s, parse[i])
			continue
		}
		want := map[Type]any{String: r.str, Bool: r.bol, Int: r.num}
		for _, ty := range []Type{String, Bool, Int} {
			if !reflect.DeepEqual(got[i][ty], want[ty]) {
				t.Errorf("%q as %s: got %#v, want %#v", r.s, ty, got[i][ty], want[ty])
			}
		}
		// A scalar never binds to a collection, except that null and empty value are null.
		for _, ty := range []Type{List, Set, Map} {
			w := any(errV)
			if r.str == nil {
				w = nil
			}
			if !reflect.DeepEqual(got[i][ty], w) {
				t.Errorf("%q as %s: got %#v, want %#v", r.s, ty, got[i][ty], w)
			}
		}
	}
}

func TestBindCollections(t *testing.T) { bothOracles(t, testBindCollections) }

func testBindCollections(t *testing.T, o *Oracle) {
	old, err := o.OldYAMLNumbers()
	if err != nil {
		t.Fatal(err)
	}
	numbers := []string{"true", "31", "1000.0", "10", "83", "1"} // 2.12+, see NewerYAML
	if old {
		numbers = []string{"true", "0x1F", "1000.0", "1_0", "123", "+1"}
	}
	rows := []struct {
		s              string
		list, set, mp  any
		nullList, null bool
	}{
		{"[]", []string{}, []string{}, errV, false, false},
		{"{}", errV, errV, map[string]string{}, false, false},
		{"[a, a, b]", []string{"a", "a", "b"}, []string{"a", "b"}, errV, false, false}, // a Set drops duplicates, keeps order
		{"[b, a, b]", []string{"b", "a", "b"}, []string{"b", "a"}, errV, false, false},
		{"[~, x]", []string{"", "x"}, []string{"", "x"}, errV, true, false}, // a null item stays null
		// Items are typed like scalars, then turned into their text.
		{"[yes, 0x1F, 1e3, 1_0, 0123, +1]", numbers, numbers, errV, false, false},
		{"{a: 1, b: ~, c: yes}", errV, errV, map[string]string{"a": "1", "b": "", "c": "true"}, false, true},
		{"[[a]]", errV, errV, errV, false, false},
		{"[{a: b}]", errV, errV, errV, false, false},
		{"''", errV, errV, errV, false, false}, // "" is refused by a list (and by a map)
		{"\n  - a\n  - b", []string{"a", "b"}, []string{"a", "b"}, errV, false, false},
	}
	types := []Type{List, Set, Map}
	cases := make([]BindCase, len(rows))
	for i, r := range rows {
		var b strings.Builder
		var keys []BindKey
		for _, ty := range types {
			fmt.Fprintf(&b, "%s: %s\n", ty, r.s)
			keys = append(keys, BindKey{Path: string(ty), Type: ty})
		}
		cases[i] = BindCase{YAML: b.String(), Keys: keys}
	}
	res, err := o.Bind(cases)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if res[i].ParseErr != "" {
			t.Errorf("%q: parse error %q", r.s, res[i].ParseErr)
			continue
		}
		for j, ty := range types {
			want := []any{r.list, r.set, r.mp}[j]
			var got any = res[i].Values[string(ty)]
			if _, bad := res[i].Errs[string(ty)]; bad {
				got = errV
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%q as %s: got %#v, want %#v", r.s, ty, got, want)
			}
		}
		if res[i].Nulls[string(List)] != r.nullList || res[i].Nulls[string(Map)] != r.null {
			t.Errorf("%q: nulls %v", r.s, res[i].Nulls)
		}
	}
}

func TestBindDocument(t *testing.T) { bothOracles(t, testBindDocument) }

func testBindDocument(t *testing.T, o *Oracle) {
	res, err := o.Bind([]BindCase{
		{YAML: "a: .inf\n", Keys: []BindKey{{"a", String}}},
		{YAML: "a: [\n", Keys: []BindKey{{"a", String}}},
		{YAML: "a:\n  b: x\n", Keys: []BindKey{{"a.b", String}, {"a.c", String}, {"a.b.c", String}, {"z.y", Bool}}},
		{YAML: "a: ~\n", Keys: []BindKey{{"a.b", String}}},
		{YAML: "", Keys: []BindKey{{"a", String}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	// .inf is typed a float and then fails as a number: the whole file is refused.
	if !strings.Contains(res[0].ParseErr, "Malformed numeric value") {
		t.Errorf(".inf: %+v", res[0])
	}
	if res[1].ParseErr == "" {
		t.Errorf("unclosed flow sequence parsed: %+v", res[1])
	}
	r := res[2]
	if r.Values["a.b"] != "x" || r.Values["a.c"] != nil || r.Values["z.y"] != nil || r.Errs["a.b.c"] == "" {
		t.Errorf("paths: %+v", r)
	}
	if res[3].Values["a.b"] != nil || len(res[3].Errs) != 0 {
		t.Errorf("null parent: %+v", res[3])
	}
	// Dropwizard refuses a configuration with no content before Jackson binds anything.
	if res[4].ParseErr == "" {
		t.Errorf("empty document: %+v", res[4])
	}
}

func TestMalformedRequestKeepsJVM(t *testing.T) {
	o := ForTest(t)
	if _, err := o.Bind([]BindCase{{YAML: "a: 1", Keys: []BindKey{{"a", "float"}}}}); err == nil {
		t.Fatal("unknown type accepted")
	}
	// The JVM answers a bad request on its own line, so later calls still work.
	got, err := o.Substitute([]SubstCase{{Text: "${A}", Env: map[string]string{"A": "a"}}})
	if err != nil || got[0].Out != "a" {
		t.Fatalf("after a bad request: %v %v", got, err)
	}
}

func TestParallel(t *testing.T) {
	o := ForTest(t)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cases := make([]SubstCase, 500)
			for i := range cases {
				cases[i] = SubstCase{Text: fmt.Sprintf("${V}-%d-%d", g, i), Env: map[string]string{"V": "v"}}
			}
			got, err := o.Substitute(cases)
			if err != nil {
				t.Error(err)
				return
			}
			for i, r := range got {
				if want := fmt.Sprintf("v-%d-%d", g, i); r.Out != want {
					t.Errorf("got %q want %q", r.Out, want)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// TestNewerYAMLTable checks the table of version differences against the oracle's own module:
// Debian's 2.8 must still answer the old values (so the exclusions in the differential tests are
// needed and right), a 2.12+ module the new ones.
func TestNewerYAMLTable(t *testing.T) { bothOracles(t, testNewerYAMLTable) }

func testNewerYAMLTable(t *testing.T, o *Oracle) {
	old, err := o.OldYAMLNumbers()
	if err != nil {
		t.Fatal(err)
	}
	v, _ := o.Versions()
	t.Logf("libraries: %v (numbers decoded as before 2.12: %v)", v, old)
	scalars := make([]string, len(NewerYAML))
	for i, r := range NewerYAML {
		scalars[i] = r.Scalar
		if !OldYAMLDiffers(r.Scalar) {
			t.Errorf("%q is in NewerYAML but OldYAMLDiffers says no", r.Scalar)
		}
	}
	got, parse := bindAll(t, o, scalars)
	conv := func(v any) any {
		if v == Refused {
			return errV
		}
		return v
	}
	for i, r := range NewerYAML {
		if parse[i] != "" {
			t.Errorf("%q: parse error %q", r.Scalar, parse[i])
			continue
		}
		want := map[Type]any{String: r.Str, Bool: r.Bool, Int: r.Int}
		if old {
			want = map[Type]any{String: r.OldStr, Bool: r.OldBool, Int: r.Old}
		}
		for _, ty := range []Type{String, Bool, Int} {
			if g, w := got[i][ty], conv(want[ty]); !reflect.DeepEqual(g, w) {
				t.Errorf("%q as %s: got %#v, want %#v", r.Scalar, ty, g, w)
			}
		}
	}
	// Plain decimal numbers, floats, quoted and sexagesimal forms are typed alike by both.
	for _, s := range []string{"0", "-0", "123", "-1", "1e3", "1_0.5", "1:30", "'0x1F'", "0X1f", "0o17", "08"} {
		if OldYAMLDiffers(s) {
			t.Errorf("OldYAMLDiffers(%q) = true", s)
		}
	}
}

// TestNewerYAMLTagged pins explicit tags the versions read differently (OldYAMLDiffersTagged);
// the 2.12+ answers were seen from the 2.14.1 module built from its tag, as for NewerYAML.
func TestNewerYAMLTagged(t *testing.T) { bothOracles(t, testNewerYAMLTagged) }

func testNewerYAMLTagged(t *testing.T, o *Oracle) {
	old, err := o.OldYAMLNumbers()
	if err != nil {
		t.Fatal(err)
	}
	rows := []struct {
		tag, text          string
		old, newer, newErr string // as a String; newErr: 2.12+ refuses the whole file
	}{
		{"!!int", "08", "8", "", "Invalid base-8 number"},
		{"!!int", ".5", "0.5", ".5", ""},
		{"!!null", "&a", "<null>", "", ""},
	}
	var cases []BindCase
	for _, r := range rows {
		if !OldYAMLDiffersTagged(r.tag, r.text) {
			t.Errorf("OldYAMLDiffersTagged(%q, %q) = false", r.tag, r.text)
		}
		cases = append(cases, BindCase{YAML: "k: " + r.tag + " " + r.text + "\n", Keys: []BindKey{{"k", String}}})
	}
	res, err := o.Bind(cases)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		got := fmt.Sprint(res[i].Values["k"])
		if res[i].Values["k"] == nil {
			got = "<null>"
		}
		switch {
		case old && (res[i].ParseErr != "" || got != r.old):
			t.Errorf("%s %s with 2.8: %q %q, want %q", r.tag, r.text, got, res[i].ParseErr, r.old)
		case !old && r.newErr != "" && !strings.Contains(res[i].ParseErr, r.newErr):
			t.Errorf("%s %s with 2.12+: parse error %q, want %q", r.tag, r.text, res[i].ParseErr, r.newErr)
		case !old && r.newErr == "" && got != r.newer:
			t.Errorf("%s %s with 2.12+: %q, want %q", r.tag, r.text, got, r.newer)
		}
	}
	if OldYAMLDiffersTagged("!!int", "123") || OldYAMLDiffersTagged("!!str", "") {
		t.Error("OldYAMLDiffersTagged too eager")
	}
}

func TestCloseAndInvalidUTF8(t *testing.T) {
	testneeds.Short(t, testneeds.JVM)
	o, err := Start()
	if err != nil {
		if strings.Contains(err.Error(), ErrMissing.Error()) {
			testneeds.Missing(t, testneeds.JVM, err.Error())
		}
		t.Fatal(err)
	}
	if _, err := o.Substitute([]SubstCase{{Text: "a\xffb"}}); err == nil {
		t.Error("invalid UTF-8 accepted")
	}
	if got, err := o.Substitute([]SubstCase{{Text: "${A}", Env: map[string]string{"A": "é"}}}); err != nil || got[0].Out != "é" {
		t.Errorf("after a refused case: %v %v", got, err)
	}
	if err := o.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
	if _, err := o.Substitute([]SubstCase{{Text: "x"}}); err == nil {
		t.Error("a closed oracle answered")
	}
}

// bothOracles runs a check against Debian's jars and against the newer ones (Jackson 2.22,
// SnakeYAML 2.5, commons-text 1.13.1: StartNewer).
func bothOracles(t *testing.T, check func(*testing.T, *Oracle)) {
	t.Run("debian", func(t *testing.T) { check(t, ForTest(t)) })
	t.Run("newer", func(t *testing.T) { check(t, NewerForTest(t)) })
}
