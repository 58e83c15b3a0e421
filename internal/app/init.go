package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/omsso/omsso/internal/files"
	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/schema"
	"github.com/omsso/omsso/templates"
)

// InitAnswers are the values `omsso init` writes into a new settings file.
type InitAnswers struct {
	URL, Version, Domain, ClientID, AuthServer, ClientType, SecretEnv, PrincipalDomain string
	Admins                                                                             []string
}

// InitFile renders the settings file for the answers, YAML with comments or (asJSON) JSON,
// and proves that it loads: the same rule as everything else omsso writes.
func InitFile(a InitAnswers, asJSON bool) ([]byte, error) {
	data, err := templates.Render("init/omsso.yaml.tmpl", a)
	if err != nil {
		return nil, err
	}
	ext := ".yaml"
	if asJSON {
		ext = ".json"
		if data, err = initJSON(a); err != nil {
			return nil, err
		}
	}
	tmp, err := os.CreateTemp("", "omsso-init-*"+ext)
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	if _, err := settings.Load(settings.Options{File: tmp.Name()}); err != nil {
		return nil, fmt.Errorf("the answers do not make valid settings: %w", err)
	}
	return data, nil
}

// WriteInit writes the settings file and, when the folder has none, omsso.schema.json beside
// it (for editors), all or nothing. It returns the paths written.
func WriteInit(path string, data []byte) ([]string, error) {
	entries := []files.Entry{{Path: path, Data: data, Perm: 0o644}}
	schemaPath := filepath.Join(filepath.Dir(path), "omsso.schema.json")
	if _, err := os.Stat(schemaPath); errors.Is(err, os.ErrNotExist) {
		entries = append(entries, files.Entry{Path: schemaPath, Data: schema.Settings(), Perm: 0o644})
	}
	if _, err := files.WriteSet(entries); err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Path)
	}
	return out, nil
}

// InitTarget checks where init may write: a .yaml/.yml or .json name (or "-"), and not over an
// existing file without force.
func InitTarget(path string, force bool) (asJSON bool, err error) {
	ext := strings.ToLower(filepath.Ext(path))
	asJSON = ext == ".json"
	if path == "-" {
		return false, nil
	}
	if !asJSON && ext != ".yaml" && ext != ".yml" {
		return false, fmt.Errorf("init writes YAML or JSON settings; name the file .yaml or .json, not %q", path)
	}
	if _, err := os.Stat(path); err == nil && !force {
		return false, fmt.Errorf("%s exists; pass --force to replace it, or --output-file to write elsewhere", path)
	}
	return asJSON, nil
}

// initJSON is the settings init writes, as JSON (which has no comments): the same fields as
// the YAML template, and $schema for editors.
func initJSON(a InitAnswers) ([]byte, error) {
	okta := map[string]any{"domain": a.Domain, "clientId": a.ClientID, "authorizationServer": a.AuthServer, "clientType": a.ClientType}
	if a.ClientType == settings.Confidential {
		okta["clientSecret"] = map[string]any{"env": a.SecretEnv}
	}
	doc := map[string]any{
		"$schema":        "omsso.schema.json",
		"openmetadata":   map[string]any{"url": a.URL, "version": a.Version},
		"okta":           okta,
		"authorizer":     map[string]any{"adminPrincipals": a.Admins, "principalDomain": a.PrincipalDomain},
		"authentication": map[string]any{"providerName": "Okta"},
	}
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}
