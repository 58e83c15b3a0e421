package omapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/omsso/omsso/internal/omconf"
	"github.com/omsso/omsso/internal/plan"
	"github.com/omsso/omsso/internal/settings"
)

// Resource is the plan's resource name for the stored config.
const Resource = "securityConfig"

// Target plans and applies the settings on one server. It implements plan.Provider.
type Target struct {
	Client   *Client
	Settings *settings.Resolved
	// Secret reads the client secret at apply time (confidential clients only); SecretFrom
	// describes the reference for messages, never the value.
	Secret     func() (string, error)
	SecretFrom string
	// BackupFile is where apply saves the current config (masked); "" picks a timestamped
	// name in the working directory.
	BackupFile string
	Now        func() time.Time
	// RestoreCommand prints the command that restores a backup (with this run's settings and
	// server); nil prints a generic one.
	RestoreCommand func(backup string) string
	// RenderCommand is the command that writes the deployment files for these settings, for
	// fields the deployment owns (2.1 ENV mode); "" prints a generic one.
	RenderCommand string
	// IDToken, when set, is tested with the candidate config before the PUT (2.0+); Confirm
	// asks whether to save although the test failed (nil: never).
	IDToken string
	Confirm func(question string) bool
	// RotateSecret sends the settings' client secret even when nothing else changed: the
	// server masks the stored one, so a rotation cannot be seen.
	RotateSecret bool

	// state of the last Plan, for Apply
	version string
	line    string
	api     API
	stored  map[string]any
	sources Sources // 2.1: where each security setting takes its values from
	notes   []string
	want    omconf.Effective
	backup  string // the backup the last Apply saved, for the JSON document
}

// BackupPath is where the last Apply saved the config it replaced ("" before one did).
func (t *Target) BackupPath() string { return t.backup }

// read fetches the server version and stored config and computes the desired keys.
func (t *Target) read(ctx context.Context) error {
	v, err := t.Client.Version(ctx)
	if err != nil {
		var ae *Error
		if errors.As(err, &ae) && ae.Status == 404 {
			return &Error{Method: ae.Method, Path: ae.Path, Status: 404, Err: err,
				Msg: fmt.Sprintf("%s has no %s (HTTP 404): is --openmetadata-api-url the server's API base (e.g. https://om.internal:8585, without /api)?", t.Client.Base(), PathVersion)}
		}
		return err
	}
	line, _, ok := Line(v.Version)
	if line == "" && t.Settings.AtLeast("1.10") {
		// A server built without /catalog/VERSION reports "unknown": trust the settings' line.
		line, ok = t.Settings.OpenMetadata.Version, true
	}
	if !ok {
		if line == "" {
			return fmt.Errorf("OpenMetadata at %s reports version %q, which omsso cannot read, and the settings' openmetadata.version is before 1.10; is --openmetadata-api-url an OpenMetadata 1.10+ server?", t.Client.Base(), v.Version)
		}
		return fmt.Errorf("OpenMetadata at %s is %s: servers before 1.10 have no security API and read the security config only from their files, so the files omsso render writes are enough: deploy them and restart", t.Client.Base(), v.Version)
	}
	t.api, t.sources, t.notes = APIOf(line), nil, nil
	if t.api.Source {
		// Read first: in ENV mode the deployment owns fields a PUT must not touch.
		src, err := t.Client.Source(ctx)
		if note, ok := sourceUnavailable(err); ok {
			t.notes = append(t.notes, note)
		} else if err != nil {
			return err
		}
		t.sources = src
	}
	stored, err := t.Client.Config(ctx)
	if err != nil {
		return err
	}
	t.version, t.line, t.stored = v.Version, line, stored
	t.want = Desired(t.Settings, line, v.Version, stored)
	return nil
}

func (t *Target) render() string {
	if t.RenderCommand != "" {
		return t.RenderCommand
	}
	return "omsso render -f SETTINGS"
}

// Plan implements plan.Provider: it reads only.
func (t *Target) Plan(ctx context.Context) (*plan.Plan, error) {
	if err := t.read(ctx); err != nil {
		return nil, err
	}
	p := &plan.Plan{Target: "openmetadata"}
	if l, known, _ := Line(t.version); l == "" {
		p.Notes = append(p.Notes, fmt.Sprintf("the server reports version %q; planning with the keys of the settings' line %s", t.version, t.line))
	} else if !known {
		p.Notes = append(p.Notes, fmt.Sprintf("the server is %s, newer than the lines omsso knows; planning with the keys of %s", t.version, t.line))
	}
	if t.line != t.Settings.OpenMetadata.Version {
		p.Notes = append(p.Notes, fmt.Sprintf("the server runs the %s line and the settings say openmetadata.version %s: planning with the keys %s reads", t.line, t.Settings.OpenMetadata.Version, t.line))
	}
	if t.IDToken != "" && !t.api.TestLogin {
		return nil, fmt.Errorf("--test-login-token needs OpenMetadata 2.0 or later (the test-login endpoint); the server is %s: drop the flag", t.version)
	}
	p.Notes = append(p.Notes, t.notes...)
	p.Changes = t.changes()
	t.domainNote(ctx, p)
	t.sources.annotate(p, t.render())
	if cur, _ := Get(t.stored, keyProvider); fmt.Sprint(cur) != "okta" && cur != nil {
		p.Notes = append(p.Notes, fmt.Sprintf("the provider changes from %v to okta: password login ends when this is saved, and the token omsso uses keeps working only through OpenMetadata's own JWKS entry in publicKeyUrls (kept)", cur))
	}
	t.saveNotes(p)
	return p, nil
}

// domainNote warns in the plan that apply will refuse a domain enforcement that locks out the
// token's own user (read only when the desired config enforces a domain).
func (t *Target) domainNote(ctx context.Context, p *plan.Plan) {
	body, _ := Body(t.stored, t.want, "")
	if on, _ := Get(body, keyEnforceDomain); on != true {
		return
	}
	if me, err := t.Client.LoggedInUser(ctx); err != nil {
		p.Notes = append(p.Notes, "enforcePrincipalDomain is on and the token's own user cannot be read ("+err.Error()+"): apply will refuse")
	} else if why := domainLockout(body, me); why != "" {
		p.Notes = append(p.Notes, "apply will refuse: "+why)
	}
}

// saveNotes say what a save sends (the secret) and what its backup cannot give back.
func (t *Target) saveNotes(p *plan.Plan) {
	if t.Settings.Confidential() {
		note := "the stored client secret is masked (" + Mask + "): omsso compares only whether one is set; every save sends the secret from " + t.SecretFrom + ", and after rotating it in Okta, --rotate-secret sends it alone"
		if !t.api.RestoresMask {
			note += " (this line would store a mask sent back as the secret, so omsso never sends one)"
		}
		p.Notes = append(p.Notes, note)
	}
	if p.Empty() {
		if t.IDToken != "" {
			p.Notes = append(p.Notes, "--test-login-token: nothing needs saving, so nothing is tested")
		}
		return
	}
	if why := unrestorable(t.stored); why != "" {
		p.Notes = append(p.Notes, why)
	}
}

// changes are the plan's changes: the keys that differ, and the provider blocks the PUT body
// leaves out because their password is masked.
func (t *Target) changes() []plan.Change {
	out := Diff(t.stored, t.want, t.Settings.Confidential())
	if t.api.UnmigratedSince != "" {
		for i, c := range out {
			k, _ := omconf.KeyByPath(c.Field)
			if env := envOf(c.Field); c.Action == "add" && env != "" && !k.Secret && atLeast(k.Since, t.api.UnmigratedSince) {
				out[i].Note = joinNote(c.Note, "the stored config lacks it (written before this line read it), so the server ignores "+env+" from the deployment: this save sets it")
			}
		}
	}
	_, dropped := Body(t.stored, t.want, "")
	for _, d := range dropped {
		out = append(out, droppedChange(d))
	}
	if t.RotateSecret && t.Settings.Confidential() && !slices.ContainsFunc(out, func(c plan.Change) bool { return c.Field == keySecret }) {
		out = append(out, plan.Change{Resource: Resource, Field: keySecret, Action: "update", Current: "(a secret is set)", Desired: "(the secret from " + t.SecretFrom + ")", Setting: "okta.clientSecret",
			Note: "--rotate-secret: the stored secret is masked, so omsso cannot tell whether it changed; this save sends the one the settings reference"})
	}
	return out
}

// droppedChange is a provider block the PUT removes, named with what it held.
func droppedChange(d Dropped) plan.Change {
	what := "configured"
	if d.Identity != "" {
		what = "configured for " + d.Identity
	}
	note := "the okta provider does not use it, and the save removes it"
	if len(d.Secrets) > 0 {
		note += ", with its " + strings.Join(lastNames(d.Secrets), " and ") + " (masked or not, omsso cannot send it back: the server would store the mask)"
	}
	return plan.Change{Resource: Resource, Field: d.Block, Action: "delete", Current: "(" + what + ")", Desired: nil, Note: note}
}

func lastNames(paths []string) []string {
	var out []string
	for _, p := range paths {
		out = append(out, p[strings.LastIndex(p, ".")+1:])
	}
	return out
}

// Diff lists the differences between the stored config and the desired keys, in key-table order.
func Diff(stored map[string]any, want omconf.Effective, confidential bool) []plan.Change {
	var out []plan.Change
	for _, k := range omconf.Keys() {
		d, ok := want[k.Path]
		if !ok {
			if k.Path == keySecret && confidential {
				if c := secretChange(stored); c != nil {
					out = append(out, *c)
				}
			}
			continue
		}
		raw, present := Get(stored, k.Path)
		cur := Normal(k, raw, present)
		if Equal(k, cur, d) {
			continue
		}
		action := "update"
		var shown any = cur
		if !present || raw == nil {
			action, shown = "add", nil
		}
		out = append(out, plan.Change{Resource: Resource, Field: k.Path, Action: action, Current: shown, Desired: d, Setting: SettingOf(k.Path)})
	}
	return out
}

// secretChange compares only whether a secret is stored: the server masks it.
func secretChange(stored map[string]any) *plan.Change {
	v, _ := Get(stored, keySecret)
	if s, ok := v.(string); ok && s != "" {
		return nil
	}
	return &plan.Change{Resource: Resource, Field: keySecret, Action: "add", Current: nil, Desired: "(a secret, from the settings' reference)", Setting: "okta.clientSecret",
		Note: "no secret is stored; the value is never shown"}
}

// Apply implements plan.Provider: guards, validate, backup, PUT, notes.
func (t *Target) Apply(ctx context.Context, approved *plan.Plan, out io.Writer) error {
	// Re-read so the guards and the backup see what is stored now, not at plan time.
	if err := t.read(ctx); err != nil {
		return err
	}
	secret := ""
	if t.Settings.Confidential() {
		s, err := t.Secret()
		if err != nil {
			return err
		}
		secret = s
		t.Client.Hide(secret)
	}
	now := t.changes()
	if err := t.sources.refuseOwned(now, t.render()); err != nil {
		return plan.Unchanged(err)
	}
	if !sameChanges(now, approved.Changes) {
		return plan.Unchanged(fmt.Errorf("the stored config changed since the plan was shown, so the plan no longer holds: %s; nothing was saved: run apply again to see the new plan", whatChanged(approved.Changes, now)))
	}
	body, _ := Body(t.stored, t.want, secret)
	if err := Guard(body); err != nil {
		return plan.Unchanged(err)
	}
	if err := guardDomain(ctx, t.Client, body); err != nil {
		return plan.Unchanged(err)
	}
	cur, _ := Get(t.stored, keyProvider)
	if cur != nil && fmt.Sprint(cur) != "okta" {
		fmt.Fprintf(out, "warning: the provider switches from %v to okta: password login ends now; the token omsso uses keeps working only through %s in publicKeyUrls (kept)\n", cur, PathJWKS)
	}
	if err := validate(ctx, t.Client, body, "", out); err != nil {
		return err
	}
	if err := t.testLogin(ctx, body, out); err != nil {
		return err
	}
	if why := unrestorable(t.stored); why != "" {
		fmt.Fprintln(out, "warning: "+why)
	}
	backup, err := t.saveBackup()
	if err != nil {
		return err
	}
	t.backup = backup
	fmt.Fprintf(out, "saved the current config (secrets masked) to %s\n", backup)
	RestoreHelp(out, t.restoreCommand(backup))
	fmt.Fprintf(out, "saving with PUT %s ...\n", PathConfig)
	if err := t.Client.Put(ctx, body); err != nil {
		return putFailed(err, backup)
	}
	fmt.Fprintln(out, "saved")
	t.RotateSecret = false // sent: the re-plan compares as usual
	if added := newAdmins(t.stored, body); len(added) > 0 {
		fmt.Fprintf(out, "new admin principals %s become admins only after a restart (the reload does not bootstrap admins); until then, keep using an existing admin's token\n", strings.Join(added, ", "))
	}
	AfterPut(out, t.api)
	return nil
}

// whatChanged names the fields whose planned change differs between two plans.
func whatChanged(then, now []plan.Change) string {
	key := func(c plan.Change) string { return c.Resource + " " + c.Field }
	old := map[string]plan.Change{}
	for _, c := range then {
		old[key(c)] = c
	}
	var parts []string
	for _, c := range now {
		o, ok := old[key(c)]
		delete(old, key(c))
		switch {
		case !ok:
			parts = append(parts, c.Field+" now needs a change")
		case !sameChanges([]plan.Change{o}, []plan.Change{c}):
			parts = append(parts, fmt.Sprintf("%s is now %s (was %s)", c.Field, show(c.Current), show(o.Current)))
		}
	}
	for _, c := range then {
		if _, ok := old[key(c)]; ok {
			parts = append(parts, c.Field+" no longer needs a change")
		}
	}
	if len(parts) == 0 {
		return "the changes are listed in another order"
	}
	return strings.Join(parts, "; ")
}

// show is a value for a message (JSON), with (absent) for nil.
func show(v any) string {
	if v == nil {
		return "(absent)"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return clipText(string(b), 120)
}

// newAdmins lists the admin principals the body adds to the stored ones.
func newAdmins(stored, body map[string]any) []string {
	had, _ := List(stored, keyAdmins)
	want, _ := List(body, keyAdmins)
	var out []string
	for _, a := range want {
		if !slices.Contains(had, a) {
			out = append(out, a)
		}
	}
	return out
}

// Guard refuses a body that would lock the admin out: OpenMetadata's own JWKS must stay in
// publicKeyUrls (the admin's personal access token is signed by OpenMetadata), and someone
// must be an admin.
func Guard(body map[string]any) error {
	keys, _ := List(body, keyPublicKeyUrls)
	om := false
	for _, u := range keys {
		om = om || IsOMJwks(u)
	}
	if !om {
		return fmt.Errorf("refusing to save: publicKeyUrls %v lacks OpenMetadata's own JWKS (%s), so the admin token used here and every bot token would stop verifying; set targets.baremetal.omJwksUrl to the URL the server reaches itself by", keys, PathJWKS)
	}
	admins, _ := List(body, keyAdmins)
	n := 0
	for _, a := range admins {
		if strings.TrimSpace(a) != "" {
			n++
		}
	}
	if n == 0 {
		return errors.New("refusing to save: authorizer.adminPrincipals is empty, so nobody would be an admin after the switch; add at least one admin principal to the settings")
	}
	return nil
}

// putFailed explains a failed PUT: on a 5xx, OpenMetadata 1.10 – 2.0 has already written the
// rows when its reload fails, so the new config may be stored and load at the next restart.
func putFailed(err error, backup string) error {
	var ae *Error
	if errors.As(err, &ae) && ae.Status >= 500 {
		return fmt.Errorf("%w. The server writes the config before it reloads, so it may be stored anyway and load at the next restart: run plan to see, and restore %s if needed", err, backup)
	}
	if errors.As(err, &ae) && (ae.Status == 400 || ae.Status == 409 || ae.Status == 412) {
		return plan.Unchanged(err) // refused before anything was written
	}
	return err
}

// validationError lists the validate endpoint's findings: for the settings with the settings
// field to fix, for a backup (from != "") as what that file holds.
func validationError(errs []FieldError, from string) error {
	var lines []string
	for _, e := range errs {
		field := e.Field
		if field == "" {
			field = "general"
		}
		line := fmt.Sprintf("%s: %s", field, e.Error)
		if from == "" { // a backup's own value is at fault, not a settings field
			if s := SettingOf(e.Field); s != "" {
				line += " (settings: " + s + ")"
			} else if s := legacyComponent(e.Field); s != "" {
				line += " (settings: " + s + ")"
			}
		}
		lines = append(lines, line)
	}
	if from != "" {
		return fmt.Errorf("OpenMetadata's validation of the backup %s failed, nothing was saved; the backup holds a config this server does not accept now:\n  %s\nrestore it in OpenMetadata's UI after fixing these fields, or reset the stored copy (remove-security-config) so the deployed files apply", from, strings.Join(lines, "\n  "))
	}
	return fmt.Errorf("OpenMetadata's validation failed, nothing was saved; fix the settings fields named here:\n  %s", strings.Join(lines, "\n  "))
}

// legacyComponent maps the component of the early-1.10 validation shape to the settings
// section it checks; that shape names no field.
func legacyComponent(c string) string {
	switch strings.ToLower(c) {
	case "okta", "oidc", "authentication", "authenticationconfiguration":
		return "okta.*, authentication.*"
	case "authorizer", "authorizerconfiguration":
		return "authorizer.*"
	}
	return ""
}

// saveBackup writes the stored config as the server returned it (masked), refusing to
// overwrite a file.
func (t *Target) saveBackup() (string, error) {
	return SaveBackup(t.BackupFile, t.stored, t.now())
}

func (t *Target) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return time.Now()
}

// SaveBackup writes doc with every secret field masked to path (or a timestamped name), 0600,
// never overwriting.
func SaveBackup(path string, doc map[string]any, now time.Time) (string, error) {
	if path == "" {
		path = "omsso-security-backup-" + now.UTC().Format("20060102T150405Z") + ".json"
	}
	masked := MaskSecrets(doc)
	data, err := json.MarshalIndent(masked, "", "  ")
	if err != nil {
		return "", fmt.Errorf("encode the backup: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("save the backup before changing anything: %w (nothing was changed; pick another --backup-file)", err)
	}
	if _, err := f.Write(append(data, '\n')); err != nil {
		f.Close()
		return "", fmt.Errorf("write the backup %s: %w (nothing was changed)", path, err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("write the backup %s: %w (nothing was changed)", path, err)
	}
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	return path, nil
}

// secretFields are the password fields of a SecurityConfiguration (OIDC, LDAP, SAML).
var secretFields = []string{
	"authenticationConfiguration.oidcConfiguration.secret",
	"authenticationConfiguration.ldapConfiguration.dnAdminPassword",
	"authenticationConfiguration.ldapConfiguration.trustStoreConfig.customTrustManagerConfig.trustStoreFilePassword",
	"authenticationConfiguration.samlConfiguration.security.keyStorePassword",
	"authenticationConfiguration.samlConfiguration.sp.spPrivateKey",
}

// MaskSecrets returns a deep copy of doc with every non-empty secret field replaced by the mask,
// whatever the server returned.
func MaskSecrets(doc map[string]any) map[string]any {
	c := toPlain(doc)
	for _, p := range secretFields {
		v, ok := Get(c, p)
		if s, isStr := v.(string); ok && (!isStr || s != "") {
			set(c, p, Mask)
		}
	}
	return c
}

func set(doc map[string]any, path string, v any) {
	parts := strings.Split(path, ".")
	m := doc
	for _, p := range parts[:len(parts)-1] {
		next, ok := m[p].(map[string]any)
		if !ok {
			return
		}
		m = next
	}
	m[parts[len(parts)-1]] = v
}

func (t *Target) restoreCommand(backup string) string {
	if t.RestoreCommand != nil {
		return t.RestoreCommand(backup)
	}
	return "omsso apply --target openmetadata --restore " + backup + " -f SETTINGS --openmetadata-api-url URL"
}

// RestoreHelp prints how to go back to the saved config: the restore command, and the reset
// that works even when no token verifies any more.
func RestoreHelp(out io.Writer, restoreCmd string) {
	fmt.Fprintln(out, "to restore it:")
	fmt.Fprintln(out, "  "+restoreCmd)
	fmt.Fprintln(out, "if the admin is locked out, delete the stored config and restart, so the deployed files apply again:")
	fmt.Fprintln(out, "  docker:     docker compose exec openmetadata-server ./bootstrap/openmetadata-ops.sh remove-security-config --force && docker compose restart openmetadata-server")
	fmt.Fprintln(out, "  kubernetes: kubectl exec deploy/openmetadata -- ./bootstrap/openmetadata-ops.sh remove-security-config --force && kubectl rollout restart deployment/openmetadata")
	fmt.Fprintln(out, "  bare metal: ./bootstrap/openmetadata-ops.sh remove-security-config --force, then restart the server")
}

// AfterPut says what the live reload does not cover on the server's line.
func AfterPut(out io.Writer, api API) {
	fmt.Fprintln(out, "the server that answered reloaded its security config; it does not reload session cookie flags (forceSecureSessionCookie), new admin principals (created at startup) or a changed authorizer class: restart for those")
	if api.AllServersReload {
		fmt.Fprintln(out, "the other servers pick the change up within configSource.watchIntervalSeconds (10 s by default)")
		return
	}
	fmt.Fprintln(out, "only the pod that served this request reloaded: with several replicas, restart them all:")
	fmt.Fprintln(out, "  kubectl rollout restart deployment/openmetadata")
	fmt.Fprintln(out, "  docker compose restart openmetadata-server")
}

// sameChanges reports whether two change lists say the same (the approved plan still holds).
func sameChanges(a, b []plan.Change) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && string(ja) == string(jb)
}

// validate asks the server to check a body before it is saved; any error stops, with nothing
// changed.
func validate(ctx context.Context, c *Client, body map[string]any, from string, out io.Writer) error {
	fmt.Fprintf(out, "validating with POST %s ...\n", PathValidate)
	errs, err := c.Validate(ctx, body)
	if err != nil {
		return blameBackup(err, from)
	}
	if len(errs) > 0 {
		return plan.Unchanged(validationError(errs, from))
	}
	fmt.Fprintln(out, "validation passed")
	return nil
}

// blameBackup rewords a 400 (bean validation) on a backup's body: the file, not the settings,
// holds the values.
func blameBackup(err error, from string) error {
	var ae *Error
	if from == "" || !errors.As(err, &ae) || ae.Status != 400 {
		return err
	}
	return plan.Unchanged(&Error{Method: ae.Method, Path: ae.Path, Status: 400, Server: ae.Server,
		Msg: fmt.Sprintf("OpenMetadata rejected the backup %s (HTTP 400 on %s %s): %s; nothing was saved. The file is not a config this server accepts: check that it is an unedited backup from omsso apply, or restore the config in OpenMetadata's UI", from, ae.Method, ae.Path, orNone(ae.Server))})
}
