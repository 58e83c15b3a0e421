// Package templates holds the per-target output templates (text/template + sprig), embedded in
// the binary. Templates never splice a value raw: each goes through a quoting function of its
// target's syntax (see package quote).
package templates

import (
	"bytes"
	"embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"text/template"

	"github.com/Masterminds/sprig/v3"

	"github.com/omsso/omsso/internal/quote"
)

//go:embed docker/*.tmpl helm/*.tmpl baremetal/*.tmpl okta/*.tmpl init/*.tmpl terraform/*.tmpl
var fs embed.FS

// Funcs are the quoting functions templates may use, on top of sprig's.
func Funcs() template.FuncMap {
	f := sprig.TxtFuncMap()
	f["yaml"] = quote.YAML
	f["compose"] = quote.Compose
	f["yamlList"] = func(items []string) string { return flowList(items, quote.YAML) }
	f["kubelet"] = quote.Kubelet
	f["literalBlock"] = quote.LiteralBlock
	f["shell"] = quote.Shell
	f["serverComment"] = quote.ServerComment
	// Values of the key table by kind, for each way a target carries them: text the server
	// substitutes (bare metal), env values in dotenv quoting (docker), YAML fragments in an env
	// value (extraEnvs), and Helm values the chart quotes into env values, where no YAML escape
	// survives the chart's quoting, so "${" is escaped for the server's scan of that value alone.
	f["serverValue"] = byKind(quote.ServerYAML, func(l []string) string { return flowList(l, quote.ServerYAML) })
	f["envValue"] = byKind(func(s string) string { return quote.Dotenv(quote.Fragment(s)) }, func(l []string) string { return quote.Dotenv(quote.FragmentList(l)) })
	f["envFragment"] = byKind(quote.Fragment, quote.FragmentList)
	f["chartValueOf"] = byKind(func(s string) string { return quote.YAML(quote.SubstEscape(s)) }, func(l []string) string { return flowList(quote.SubstEscapeList(l), quote.YAML) })
	// Comments hold only text omsso wrote or validated single-line values; this keeps it so.
	f["md"] = quote.MarkdownCode
	f["hcl"] = quote.HCL
	f["hclValue"] = hclValue
	f["comment"] = func(s string) string { return strings.NewReplacer("\n", " ", "\r", " ").Replace(s) }
	return f
}

// byKind formats a value of the key table: strings and lists with the target's quoting,
// booleans and integers bare, maps (only ever empty) as {}.
func byKind(str func(string) string, list func([]string) string) func(kind string, v any) (string, error) {
	return func(kind string, v any) (string, error) {
		switch t := v.(type) {
		case string:
			return str(t), nil
		case []string:
			return list(t), nil
		case bool:
			return strconv.FormatBool(t), nil
		case int64:
			return strconv.FormatInt(t, 10), nil
		case map[string]string:
			if len(t) == 0 {
				return "{}", nil
			}
		}
		return "", fmt.Errorf("no %s form for a %s value %T", kind, kind, v)
	}
}

func flowList(items []string, q func(string) string) string {
	parts := make([]string, len(items))
	for i, s := range items {
		parts[i] = q(s)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// parsed holds every template, parsed once: the set is embedded and never changes, and a parsed
// template is safe to execute concurrently.
var parsed = sync.OnceValues(func() (*template.Template, error) {
	return template.New("omsso").Funcs(Funcs()).Option("missingkey=error").ParseFS(fs, "*/*.tmpl")
})

// Render executes the named template (e.g. "docker/openmetadata_okta.env.tmpl").
func Render(name string, data any) ([]byte, error) {
	all, err := parsed()
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	t := all.Lookup(name[strings.LastIndex(name, "/")+1:])
	if t == nil {
		return nil, fmt.Errorf("no template %s", name)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	return buf.Bytes(), nil
}
