package omapi

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/omsso/omsso/internal/omconf"
	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/targets"
)

// Key paths this package treats specially.
const (
	keyProvider      = "authenticationConfiguration.provider"
	keyPublicKeyUrls = "authenticationConfiguration.publicKeyUrls"
	keySecret        = "authenticationConfiguration.oidcConfiguration.secret"
	keyAdmins        = "authorizerConfiguration.adminPrincipals"
	keyOIDC          = "authenticationConfiguration.oidcConfiguration"
)

// Line maps a server version ("1.11.7") to the OpenMetadata line whose keys omsso emits. A line
// omsso does not know reads at least the keys of the newest known line before it (known is
// false); ok is false before 1.10.
func Line(version string) (line string, known bool, ok bool) {
	maj, mnr, read := majorMinor(version)
	if !read {
		return "", false, false
	}
	if maj < 1 || (maj == 1 && mnr < 10) {
		return fmt.Sprintf("%d.%d", maj, mnr), true, false
	}
	l := fmt.Sprintf("%d.%d", maj, mnr)
	if slices.Contains(settings.Versions(), l) {
		return l, true, true
	}
	vs := settings.Versions()
	best := vs[0]
	for _, v := range vs {
		if a, b, _ := majorMinor(v); a < maj || (a == maj && b < mnr) {
			best = v
		}
	}
	return best, false, true
}

// majorMinor reads "2.0" of "2.0.10-SNAPSHOT" (or "v2.0.10").
func majorMinor(version string) (int, int, bool) {
	parts := strings.SplitN(strings.TrimPrefix(version, "v"), ".", 3)
	if len(parts) < 2 {
		return 0, 0, false
	}
	maj, err1 := strconv.Atoi(parts[0])
	mnr, err2 := strconv.Atoi(strings.TrimRightFunc(parts[1], func(r rune) bool { return r < '0' || r > '9' }))
	return maj, mnr, err1 == nil && err2 == nil
}

// Desired is the SecurityConfiguration the settings need on a server line, as flat key paths
// (the render's key table), without the client secret (added at apply time).
func Desired(r *settings.Resolved, line, version string, stored map[string]any) omconf.Effective {
	rr := *r
	rr.OpenMetadata.Version = line
	// The bare-metal expectation is the server's own view: conf keys as the server binds them.
	eff := targets.Baremetal{}.Expected(&rr)
	for _, k := range omconf.Keys() {
		// A key added by a patch release (enableAutoRedirect, 1.11.5) is not read before it.
		if k.Added != "" && olderThan(version, k.Added) {
			delete(eff, k.Path)
		}
		// Only the two security settings are stored; keys elsewhere in the conf
		// (configSource.*) belong to the deployment files.
		if ct, _, _ := strings.Cut(k.Path, "."); !slices.Contains(securityTypes, ct) {
			delete(eff, k.Path)
		}
	}
	delete(eff, keySecret)
	eff[keyPublicKeyUrls] = desiredKeys(r, stored)
	return eff
}

// olderThan compares dotted release numbers ("1.11.3" < "1.11.5"); an unreadable version is
// not older (the line's keys apply).
func olderThan(version, than string) bool {
	a, b := strings.Split(version, "."), strings.Split(than, ".")
	for i := 0; i < len(b); i++ {
		if i >= len(a) {
			return false
		}
		x, errX := strconv.Atoi(strings.SplitN(a[i], "-", 2)[0])
		y, errY := strconv.Atoi(b[i])
		if errX != nil || errY != nil {
			return false
		}
		if x != y {
			return x < y
		}
	}
	return false
}

// desiredKeys is Okta's JWKS plus OpenMetadata's own. The server's own entry is kept as
// stored when it has one: that URL is how this server reaches itself, which the settings'
// per-target defaults can only guess.
func desiredKeys(r *settings.Resolved, stored map[string]any) []string {
	om := r.OmJwks(targets.Baremetal{}.Name())
	if cur, ok := List(stored, keyPublicKeyUrls); ok {
		for _, u := range cur {
			if IsOMJwks(u) {
				om = u
				break
			}
		}
	}
	return []string{r.OktaJwksURL, om}
}

// IsOMJwks reports whether a URL is OpenMetadata's own JWKS endpoint.
func IsOMJwks(u string) bool { return strings.HasSuffix(strings.TrimRight(u, "/"), PathJWKS) }

// Body is the PUT/validate body: the stored config with the desired keys laid over it, so the
// fields omsso does not own (jwtTeamClaimMapping, displayNameClaim, testPrincipals, ...) stay as
// stored, and the client secret set (confidential). The provider blocks the okta provider does
// not use are left out, as restore does: the server returns them with empty required fields,
// and echoing a masked password back would store the mask. Dropped names the blocks that held
// real configuration (an identity field or a password), which the PUT removes, for the plan.
func Body(stored map[string]any, eff omconf.Effective, secret string) (body map[string]any, dropped []Dropped) {
	body = toPlain(stored)
	if body == nil {
		body = map[string]any{}
	}
	overlay(body, toPlain(eff.Document()))
	if secret != "" {
		set(body, keySecret, secret)
	}
	before := toPlain(body)
	for _, block := range pruneProviders(body) {
		if d, ok := configured(before, block); ok {
			dropped = append(dropped, d)
		}
	}
	return body, dropped
}

// Dropped is a provider block the PUT removes although it held configuration.
type Dropped struct {
	Block    string   // e.g. authenticationConfiguration.samlConfiguration
	Secrets  []string // its password fields that held a value (masked or not)
	Identity string   // its identity field's value (LDAP host, SAML IdP entity id, OIDC client id)
}

// identityFields say which provider a block configures.
var identityFields = map[string]string{
	"authenticationConfiguration.ldapConfiguration": "host",
	"authenticationConfiguration.samlConfiguration": "idp.entityId",
	keyOIDC: "id",
}

// configured reports whether a block of doc holds real configuration.
func configured(doc map[string]any, block string) (Dropped, bool) {
	d := Dropped{Block: block}
	if v, ok := Get(doc, block+"."+identityFields[block]); ok && v != nil && fmt.Sprint(v) != "" {
		d.Identity = fmt.Sprint(v)
	}
	for _, p := range secretFields {
		if v, ok := Get(doc, p); ok && strings.HasPrefix(p, block+".") && v != nil && fmt.Sprint(v) != "" {
			d.Secrets = append(d.Secrets, p)
		}
	}
	return d, d.Identity != "" || len(d.Secrets) > 0
}

// overlay sets every leaf of src into dst, creating maps on the way; lists and scalars replace.
func overlay(dst, src map[string]any) {
	for k, v := range src {
		if sm, ok := v.(map[string]any); ok {
			dm, ok := dst[k].(map[string]any)
			if !ok {
				dm = map[string]any{}
				dst[k] = dm
			}
			overlay(dm, sm)
			continue
		}
		dst[k] = v
	}
}

// toPlain is a deep copy of a document as plain JSON values (json.Number and int64 become
// float64), so it marshals as numbers and compares plainly with what the server returns.
func toPlain(v any) map[string]any {
	var out map[string]any
	plainInto(v, &out)
	return out
}

// plainInto round-trips v through JSON into out. Only JSON-shaped values (decoded answers, the
// key table's strings, bools, numbers, lists and maps) reach it, so a failure is a bug.
func plainInto(v, out any) {
	b, err := json.Marshal(v)
	if err == nil {
		err = json.Unmarshal(b, out)
	}
	if err != nil {
		panic(fmt.Sprintf("omapi: %T is not plain JSON: %v", v, err))
	}
}

// Get reads a dot path from a nested document.
func Get(doc map[string]any, path string) (any, bool) {
	var cur any = doc
	for p := range strings.SplitSeq(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[p]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// List reads a list of strings at a dot path.
func List(doc map[string]any, path string) ([]string, bool) {
	v, ok := Get(doc, path)
	if !ok || v == nil {
		return nil, false
	}
	items, ok := v.([]any)
	if !ok {
		return nil, false
	}
	return texts(items), true
}

// Normal turns a stored value into the typed form the key table uses (Jackson coerces the same
// way), with absent and null read as the server's default or the type's zero value. Values that
// cannot be read are returned as they are, so they show up as a difference.
func Normal(k omconf.Key, v any, present bool) any {
	if !present || v == nil {
		return absentValue(k)
	}
	var n any
	ok := false
	switch k.Type {
	case omconf.String:
		n, ok = asString(v)
	case omconf.Bool:
		n, ok = asBool(v)
	case omconf.Int:
		n, ok = asInt(v)
	case omconf.List:
		n, ok = asList(v)
	case omconf.Map:
		n, ok = asMap(v)
	}
	if !ok {
		return v
	}
	return n
}

// absentValue is what the server reads for an absent or null key: its default, or the type's
// zero value.
func absentValue(k omconf.Key) any {
	if d := filledDefault(k.Path); d != nil {
		return d
	}
	switch k.Type {
	case omconf.Bool:
		return false
	case omconf.Int:
		return int64(0)
	case omconf.List:
		return []string{}
	case omconf.Map:
		return map[string]string{}
	}
	return ""
}

func asString(v any) (string, bool) {
	switch t := v.(type) {
	case string:
		return t, true
	case bool, float64, json.Number, int64:
		return fmt.Sprint(t), true
	}
	return "", false
}

func asBool(v any) (bool, bool) {
	switch t := v.(type) {
	case bool:
		return t, true
	case string:
		b, err := strconv.ParseBool(t)
		return b, err == nil
	}
	return false, false
}

// asInt reads whole numbers only; 1.5 is not an Int.
func asInt(v any) (int64, bool) {
	switch t := v.(type) {
	case float64:
		return int64(t), t == math.Trunc(t)
	case int64:
		return t, true
	case json.Number:
		n, err := t.Int64()
		return n, err == nil
	case string:
		n, err := strconv.ParseInt(t, 10, 64)
		return n, err == nil
	}
	return 0, false
}

func asList(v any) ([]string, bool) {
	switch t := v.(type) {
	case []any:
		return texts(t), true
	case []string:
		return t, true
	}
	return nil, false
}

func asMap(v any) (map[string]string, bool) {
	switch t := v.(type) {
	case map[string]any:
		out := map[string]string{}
		for k, s := range t {
			out[k] = fmt.Sprint(s)
		}
		return out, true
	case map[string]string:
		return t, true
	}
	return nil, false
}

// texts is a JSON list as strings, each item as fmt prints it.
func texts(items []any) []string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		out = append(out, fmt.Sprint(it))
	}
	return out
}

// Equal compares a normalised stored value with a desired one. publicKeyUrls is a set: the
// server may reorder it or add the discovery jwks_uri it already has.
func Equal(k omconf.Key, stored, desired any) bool {
	if k.Path == keyPublicKeyUrls {
		a, ok1 := stored.([]string)
		b, ok2 := desired.([]string)
		if !ok1 || !ok2 {
			return false
		}
		return slices.Equal(uniq(a), uniq(b))
	}
	switch d := desired.(type) {
	case []string:
		s, ok := stored.([]string)
		return ok && slices.Equal(s, d)
	case map[string]string:
		s, ok := stored.(map[string]string)
		return ok && maps.Equal(s, d)
	}
	return stored == desired
}

func uniq(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return slices.Compact(out)
}

// SettingOf maps a server field path (as the validate endpoint names it) to the settings
// field to fix; nested paths map to their nearest known parent.
func SettingOf(path string) string {
	for p := path; p != ""; {
		if k, ok := omconf.KeyByPath(p); ok {
			return settingHint(k)
		}
		i := strings.LastIndex(p, ".")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return ""
}

// settingHint names the settings field (or derivation) behind a key, from the key table; ""
// for keys omsso sets on its own.
func settingHint(k omconf.Key) string {
	switch {
	case k.Setting != "":
		return k.Setting
	case strings.HasPrefix(k.Source, "("):
		return ""
	}
	return k.Source
}

// filledDefault is the value the security API fills in for an absent key (the key table's
// Filled keys take their conf default), or nil.
func filledDefault(path string) any {
	k, ok := omconf.KeyByPath(path)
	if !ok || !k.Filled {
		return nil
	}
	d, err := omconf.Defaults()
	if err != nil {
		return nil
	}
	return d[path]
}
