package omapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/omsso/omsso/internal/plan"
)

// oidcProviders use oidcConfiguration (confidential clients).
var oidcProviders = []string{"google", "azure", "okta", "auth0", "aws-cognito", "custom-oidc"}

// Restore puts a config saved by an earlier apply back. It implements plan.Provider.
type Restore struct {
	Client *Client
	File   string
	// Secret reads the client secret from the settings when the saved config holds the mask.
	Secret     func() (string, error)
	SecretFrom string
	// ClientID is the settings' client ID, which the secret belongs to.
	ClientID string

	// RenderCommand writes the deployment files (for fields the deployment owns on 2.1).
	RenderCommand string

	saved   map[string]any
	api     API
	sources Sources
}

// LoadRestore reads and checks a backup file.
func LoadRestore(c *Client, file string, secret func() (string, error), from, clientID string) (*Restore, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("--restore: %w", err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("--restore %s is not a saved security config: %w", file, err)
	}
	for _, k := range []string{"authenticationConfiguration", "authorizerConfiguration"} {
		if _, ok := doc[k].(map[string]any); !ok {
			return nil, fmt.Errorf("--restore %s is not a saved security config: it has no %s object", file, k)
		}
	}
	body := restoreBody(doc)
	if err := restorable(file, body); err != nil {
		return nil, err
	}
	return &Restore{Client: c, File: file, Secret: secret, SecretFrom: from, ClientID: clientID, saved: body}, nil
}

// restorable refuses a backup whose passwords omsso cannot put back: the server masks every
// password it returns, and PUT would store the mask (LDAP and SAML logins would break).
func restorable(file string, body map[string]any) error {
	for _, p := range secretFields {
		if p == keySecret {
			continue // the client secret comes from the settings
		}
		if v, ok := Get(body, p); ok && v == Mask {
			return fmt.Errorf("--restore %s: %s is masked in the backup (the server never returns passwords), and omsso cannot put it back; restore this config in OpenMetadata's UI, or reset the stored copy (remove-security-config) so the deployed files apply", file, p)
		}
	}
	return nil
}

// unrestorable says, before anything is saved, when omsso could not restore the backup of
// stored: the server masks a password the backup would need; "" when it could.
func unrestorable(stored map[string]any) string {
	body := restoreBody(MaskSecrets(stored))
	var masked []string
	for _, p := range secretFields {
		if v, ok := Get(body, p); ok && v == Mask && p != keySecret {
			masked = append(masked, p)
		}
	}
	if len(masked) == 0 {
		return ""
	}
	return "omsso cannot restore the backup this apply saves: the server never returns " + strings.Join(masked, " and ") +
		", so a restore would store the mask. Ways back to this config: enter it again in OpenMetadata's UI (Settings > SSO); or load a copy that holds its passwords with ./bootstrap/openmetadata-ops.sh update-security-config -f FILE and restart; or reset the stored copy (remove-security-config) and restart, so the deployed files apply"
}

// restoreBody drops the provider blocks the saved provider does not use: the server returns
// them with empty required fields, and echoing those back fails bean validation.
func restoreBody(doc map[string]any) map[string]any {
	body := toPlain(doc)
	pruneProviders(body)
	return body
}

// pruneProviders removes the provider blocks (ldap, saml, oidc) the document's provider and
// client type do not use, and returns their paths.
func pruneProviders(body map[string]any) []string {
	authn, ok := body["authenticationConfiguration"].(map[string]any)
	if !ok {
		return nil
	}
	provider := fmt.Sprint(authn["provider"])
	var unused []string
	if provider != "ldap" {
		unused = append(unused, "ldapConfiguration")
	}
	if provider != "saml" {
		unused = append(unused, "samlConfiguration")
	}
	if !slices.Contains(oidcProviders, provider) || fmt.Sprint(authn["clientType"]) != "confidential" {
		unused = append(unused, "oidcConfiguration")
	}
	var out []string
	for _, b := range unused {
		if _, ok := authn[b]; ok {
			delete(authn, b)
			out = append(out, "authenticationConfiguration."+b)
		}
	}
	return out
}

// Plan compares the stored config with the saved one, field by field.
func (t *Restore) Plan(ctx context.Context) (*plan.Plan, error) {
	stored, err := t.read(ctx)
	if err != nil {
		return nil, err
	}
	p := &plan.Plan{Target: "openmetadata", Notes: []string{"restoring " + t.File}}
	p.Changes = restoreChanges(t.saved, stored)
	t.sources.annotate(p, t.render())
	return p, nil
}

// read checks the server's line and reads its config source (2.1) and stored config.
func (t *Restore) read(ctx context.Context) (map[string]any, error) {
	v, err := t.Client.Version(ctx)
	if err != nil {
		return nil, err
	}
	line, _, ok := Line(v.Version)
	if !ok {
		return nil, fmt.Errorf("OpenMetadata at %s is %s: servers before 1.10 have no security API and read the security config only from their files", t.Client.Base(), v.Version)
	}
	t.api, t.sources = APIOf(line), nil
	if t.api.Source {
		src, err := t.Client.Source(ctx)
		if _, missing := sourceUnavailable(err); err != nil && !missing {
			return nil, err
		}
		t.sources = src
	}
	return t.Client.Config(ctx)
}

func (t *Restore) render() string {
	if t.RenderCommand != "" {
		return t.RenderCommand
	}
	return "omsso render -f SETTINGS"
}

// restoreChanges lists the saved leaves that differ from the stored ones.
func restoreChanges(saved, stored map[string]any) []plan.Change {
	var out []plan.Change
	want, have := leaves(saved, ""), leaves(stored, "")
	paths := make([]string, 0, len(want))
	for k := range want {
		paths = append(paths, k)
	}
	sort.Strings(paths)
	for _, path := range paths {
		w := want[path]
		h, present := have[path]
		if slices.Contains(secretFields, path) {
			// Masked on both sides: only whether one is set can be compared.
			ws, _ := w.(string)
			hs, _ := h.(string)
			if (ws != "") != (hs != "") {
				out = append(out, plan.Change{Resource: Resource, Field: path, Action: "update", Current: secretShown(hs), Desired: secretShown(ws)})
			}
			continue
		}
		if sameLeaf(path, h, present, w) {
			continue
		}
		action := "update"
		if !present {
			action, h = "add", nil
		}
		out = append(out, plan.Change{Resource: Resource, Field: path, Action: action, Current: h, Desired: w})
	}
	return out
}

func secretShown(s string) any {
	if s == "" {
		return nil
	}
	return "(a secret is set)"
}

func sameLeaf(path string, have any, present bool, want any) bool {
	norm := func(v any) any {
		if v == nil {
			if d := filledDefault(path); d != nil {
				var out any
				plainInto(d, &out)
				return out
			}
			return nil
		}
		switch t := v.(type) {
		case string:
			if t == "" {
				return nil
			}
		case bool:
			if !t {
				return nil
			}
		case []any:
			if len(t) == 0 {
				return nil
			}
		case map[string]any:
			if len(t) == 0 {
				return nil
			}
		}
		return v
	}
	if !present {
		have = nil
	}
	return reflect.DeepEqual(norm(have), norm(want))
}

// leaves flattens objects into dot paths; arrays are leaf values.
func leaves(doc map[string]any, prefix string) map[string]any {
	out := map[string]any{}
	for k, v := range doc {
		p := k
		if prefix != "" {
			p = prefix + "." + k
		}
		if m, ok := v.(map[string]any); ok && len(m) > 0 && !strings.HasSuffix(p, "customParams") {
			for kk, vv := range leaves(m, p) {
				out[kk] = vv
			}
			continue
		}
		out[p] = v
	}
	return out
}

// Apply puts the saved config back, with the real secret in place of the mask.
func (t *Restore) Apply(ctx context.Context, approved *plan.Plan, out io.Writer) error {
	if err := t.sources.refuseOwned(approved.Changes, t.render()); err != nil {
		return plan.Unchanged(err)
	}
	body := toPlain(t.saved)
	if v, ok := Get(body, keySecret); ok {
		if id, _ := Get(body, "authenticationConfiguration.oidcConfiguration.id"); id != nil && fmt.Sprint(id) != t.ClientID {
			return plan.Unchanged(fmt.Errorf("the backup %s is for client %v, but the secret omsso can read (%s) belongs to the settings' client %s; restore with settings for %v and its secret", t.File, id, t.SecretFrom, t.ClientID, id))
		}
		if s, _ := v.(string); s == Mask || s == "" {
			if t.Secret == nil {
				return errors.New("the saved config is a confidential OIDC client and its secret is masked; the settings have no okta.clientSecret reference to fill it from (set one, or pass --client-secret-env)")
			}
			sec, err := t.Secret()
			if err != nil {
				return err
			}
			t.Client.Hide(sec)
			set(body, keySecret, sec)
		}
	}
	if err := Guard(body); err != nil {
		return plan.Unchanged(fmt.Errorf("%w (in %s)", err, t.File))
	}
	if err := guardDomain(ctx, t.Client, body); err != nil {
		return plan.Unchanged(fmt.Errorf("%w (in %s)", err, t.File))
	}
	if err := validate(ctx, t.Client, body, t.File, out); err != nil {
		return err
	}
	fmt.Fprintf(out, "restoring %s with PUT %s ...\n", t.File, PathConfig)
	if err := t.Client.Put(ctx, body); err != nil {
		return putFailed(blameBackup(err, t.File), t.File)
	}
	fmt.Fprintln(out, "saved")
	AfterPut(out, t.api)
	return nil
}
