package omconf_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/omsso/omsso/internal/omconf"
	"github.com/omsso/omsso/internal/oracle"
)

// The differential tests compare omconf's models with the real libraries (internal/oracle).
// OMSSO_ORACLE_SEED picks another random corpus. A difference always fails: there is no switch
// that turns a known difference into a pass or a skip.

const substCases = 100_000

func oracleSeed(t *testing.T) uint64 {
	t.Helper()
	s := os.Getenv("OMSSO_ORACLE_SEED")
	if s == "" {
		return 1
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		t.Fatalf("OMSSO_ORACLE_SEED=%q: %v", s, err)
	}
	return n
}

// verdict fails the test when there are differences.
func verdict(t *testing.T, diffs, total int, what string) {
	t.Helper()
	if diffs == 0 {
		t.Logf("%d %s, no difference", total, what)
		return
	}
	msg := fmt.Sprintf("%d of %d %s differ from the real library", diffs, total, what)
	if strings.Contains(what, "random") {
		msg += fmt.Sprintf(" (OMSSO_ORACLE_SEED=%d)", oracleSeed(t))
	}
	t.Error(msg)
}

// substGen makes texts rich in the substitutor's syntax and in the characters that matter to
// the layers around it, and env maps whose values refer to each other (so cycles, escapes in
// values and empty values all occur).
type substGen struct{ r *rand.Rand }

var substNames = []string{"A", "B", "C", "EMPTY", "X_1"}

var substTokens = []string{
	"$", "$", "$", "{", "{", "}", "}", ":-", ":", "-", "\\", `"`, "'", "#", " ", "a", "b", "é",
	"${", "${", "$${", "$$", "}}", "${A}", "${B:-", "$${A}", "${X_1:-d}", "\n",
}

func (g substGen) text(maxTokens int) string {
	var b strings.Builder
	n := g.r.IntN(maxTokens + 1)
	for range n {
		switch g.r.IntN(6) {
		case 0:
			b.WriteString(substNames[g.r.IntN(len(substNames))])
		case 1:
			b.WriteString("${" + substNames[g.r.IntN(len(substNames))])
		default:
			b.WriteString(substTokens[g.r.IntN(len(substTokens))])
		}
	}
	return b.String()
}

func (g substGen) env() map[string]string {
	env := map[string]string{}
	for _, n := range substNames {
		switch {
		case n == "EMPTY" && g.r.IntN(2) == 0:
			env[n] = ""
		case g.r.IntN(3) == 0:
			// unset
		case g.r.IntN(3) == 0:
			env[n] = g.text(6) // may refer to any name, itself included
		default:
			env[n] = []string{"v", "", "x y", "#", "{", "}"}[g.r.IntN(6)]
		}
	}
	return env
}

type substDiff struct {
	c              oracle.SubstCase
	modelOut, mErr string
	real           oracle.SubstResult
}

func (d substDiff) class() string {
	switch {
	case d.real.Err != "" && d.mErr == "":
		return "the library fails, the model does not"
	case d.real.Err == "" && d.mErr != "":
		return "the model fails, the library does not"
	case d.real.Err != "":
		return "both fail" // never a difference; kept for completeness
	}
	return "different text"
}

func (d substDiff) String() string {
	keys := make([]string, 0, len(d.c.Env))
	for k := range d.c.Env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var env []string
	for _, k := range keys {
		env = append(env, fmt.Sprintf("%s=%q", k, d.c.Env[k]))
	}
	return fmt.Sprintf("text %q env {%s}\n\tlibrary: %q err %q\n\tmodel:   %q err %q",
		d.c.Text, strings.Join(env, " "), d.real.Out, d.real.Err, d.modelOut, d.mErr)
}

func modelSubst(c oracle.SubstCase) (string, string) {
	out, err := omconf.Substitute(c.Text, omconf.MapLookup(c.Env))
	if err != nil {
		return "", err.Error()
	}
	return out, ""
}

func differs(c oracle.SubstCase, real oracle.SubstResult) (substDiff, bool) {
	out, mErr := modelSubst(c)
	d := substDiff{c: c, modelOut: out, mErr: mErr, real: real}
	if (real.Err != "") != (mErr != "") {
		return d, true
	}
	return d, real.Err == "" && out != real.Out
}

// The random texts go through Debian's commons-text 1.10 and the newer jars' 1.13.1.
func TestSubstituteAgainstCommonsText(t *testing.T) {
	t.Run("debian", func(t *testing.T) { substituteAgainst(t, oracle.ForTest(t)) })
	t.Run("newer", func(t *testing.T) { substituteAgainst(t, oracle.NewerForTest(t)) })
}

func substituteAgainst(t *testing.T, o *oracle.Oracle) {
	g := substGen{rand.New(rand.NewPCG(oracleSeed(t), 0x5b57))}
	var diffs []substDiff
	const batch = 10_000
	for done := 0; done < substCases; done += batch {
		cases := make([]oracle.SubstCase, batch)
		for i := range cases {
			cases[i] = oracle.SubstCase{Text: g.text(14), Env: g.env()}
		}
		real, err := o.Substitute(cases)
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range cases {
			if d, bad := differs(c, real[i]); bad {
				diffs = append(diffs, d)
			}
		}
	}
	reportSubstDiffs(t, o, diffs)
	verdict(t, len(diffs), substCases, "random substitution cases")
}

func reportSubstDiffs(t *testing.T, o *oracle.Oracle, diffs []substDiff) {
	t.Helper()
	if len(diffs) == 0 {
		return
	}
	for i, d := range diffs {
		if i == 20 {
			break
		}
		t.Logf("difference %d: %s", i+1, d)
	}
	counts := map[string]int{}
	for _, d := range diffs {
		counts[d.class()]++
	}
	var classes []string
	for c := range counts {
		classes = append(classes, c)
	}
	sort.Strings(classes)
	for _, c := range classes {
		t.Logf("%6d %s", counts[c], c)
	}
	// Shrink the smallest differences and show the distinct minimal ones: the classes of bug.
	sort.SliceStable(diffs, func(i, j int) bool { return size(diffs[i].c) < size(diffs[j].c) })
	seen := map[string]substDiff{}
	for i, d := range diffs {
		if i == 60 {
			break
		}
		m := shrinkSubst(t, o, d)
		seen[m.String()] = m
	}
	minimal := make([]substDiff, 0, len(seen))
	for _, m := range seen {
		minimal = append(minimal, m)
	}
	sort.Slice(minimal, func(i, j int) bool {
		if a, b := size(minimal[i].c), size(minimal[j].c); a != b {
			return a < b
		}
		return minimal[i].String() < minimal[j].String()
	})
	for i, m := range minimal {
		if i == 8 {
			break
		}
		t.Logf("minimal %d: %s", i+1, m)
	}
}

func size(c oracle.SubstCase) int {
	n := len(c.Text)
	for k, v := range c.Env {
		n += len(k) + len(v) + 1
	}
	return n
}

// shrinkSubst deletes characters of the text and of env values, and whole env entries, while
// the difference stays; each round asks the oracle about every candidate in one batch.
func shrinkSubst(t *testing.T, o *oracle.Oracle, d substDiff) substDiff {
	t.Helper()
	for range 200 {
		var cands []oracle.SubstCase
		for _, t := range dropOne(d.c.Text) {
			cands = append(cands, oracle.SubstCase{Text: t, Env: d.c.Env})
		}
		for k, v := range d.c.Env {
			env := copyEnv(d.c.Env)
			delete(env, k)
			cands = append(cands, oracle.SubstCase{Text: d.c.Text, Env: env})
			for _, nv := range dropOne(v) {
				env := copyEnv(d.c.Env)
				env[k] = nv
				cands = append(cands, oracle.SubstCase{Text: d.c.Text, Env: env})
			}
		}
		if len(cands) == 0 {
			return d
		}
		real, err := o.Substitute(cands)
		if err != nil {
			t.Fatal(err)
		}
		next := false
		for i, c := range cands {
			if nd, bad := differs(c, real[i]); bad && nd.class() == d.class() {
				d, next = nd, true
				break
			}
		}
		if !next {
			return d
		}
	}
	return d
}

// dropOne returns s without each of its runes in turn.
func dropOne(s string) []string {
	var out []string
	for i, r := range s {
		out = append(out, s[:i]+s[i+utf8.RuneLen(r):])
	}
	return out
}

func copyEnv(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
