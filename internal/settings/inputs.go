package settings

import (
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// EnvPrefix is the prefix of every settings env var: OMSSO_OKTA_CLIENTID sets okta.clientId.
const EnvPrefix = "OMSSO"

// Options says where the settings come from. Precedence: flags > env > files > defaults.
type Options struct {
	File string // settings file; "" reads env and flags only; "-" reads Stdin
	// Files are several settings files merged left to right as Helm merges values files (maps
	// merge, lists and scalars are replaced); when set, File is ignored.
	Files []string
	Flags *pflag.FlagSet // may be nil; see AddFlags
	Stdin io.Reader      // read when a file is "-"
	// Env looks up an environment variable (os.LookupEnv in the CLI). Nil means no
	// environment: Load itself never reads the process's, so callers and tests decide.
	Env func(string) (string, bool)
	// Table is what the settings checks need to know of OpenMetadata's key table (package
	// omconf gives it; settings cannot import it, the table derives its values from settings).
	Table Table
}

// files lists the settings files in merge order.
func (o Options) files() []string {
	if len(o.Files) > 0 {
		return o.Files
	}
	if o.File != "" {
		return []string{o.File}
	}
	return nil
}

func (o Options) lookupEnv(name string) (string, bool) {
	if o.Env == nil {
		return "", false
	}
	return o.Env(name)
}

// flagKeys maps the main flags to settings paths.
var flagKeys = [][3]string{
	{"openmetadata-url", "openmetadata.url", "OpenMetadata's public URL (openmetadata.url)"},
	{"openmetadata-version", "openmetadata.version", "OpenMetadata line to emit keys for (openmetadata.version)"},
	{"okta-domain", "okta.domain", "Okta org or custom domain (okta.domain)"},
	{"client-id", "okta.clientId", "Okta application client ID (okta.clientId)"},
	{"authorization-server", "okta.authorizationServer", "default, org or a custom server id (okta.authorizationServer)"},
	{"issuer", "okta.issuer", "Okta issuer URL (okta.issuer)"},
	{"client-type", "okta.clientType", "public or confidential (okta.clientType)"},
	{"client-secret-env", "okta.clientSecret.env", "env var holding the client secret at deploy time (okta.clientSecret.env)"},
	{"principal-domain", "authorizer.principalDomain", "email domain of the principals (authorizer.principalDomain)"},
}

// AddFlags registers the settings flags on fs.
func AddFlags(fs *pflag.FlagSet) {
	for _, f := range flagKeys {
		fs.String(f[0], "", f[2])
	}
	fs.StringSlice("admin", nil, "admin principal, repeatable (authorizer.adminPrincipals)")
}

// bindFlag binds a flag to a settings key; viper fails only for a nil flag, which Lookup has
// ruled out, so a failure is a bug in omsso.
func bindFlag(v *viper.Viper, key string, fl *pflag.Flag) {
	if err := v.BindPFlag(key, fl); err != nil {
		panic(fmt.Sprintf("settings: bind --%s: %v", fl.Name, err))
	}
}

// bindInputs puts the env vars and flags over the files in v, remembering which set what. Env
// values are set by hand rather than bound, so that only opts.Env is ever read.
func bindInputs(v *viper.Viper, src *Source, opts Options) {
	changed := map[string]bool{}
	if opts.Flags != nil {
		for _, f := range flagKeys {
			if fl := opts.Flags.Lookup(f[0]); fl != nil && fl.Changed {
				bindFlag(v, f[1], fl)
				changed[strings.ToLower(f[1])] = true
				src.origins[strings.ToLower(f[1])] = "--" + f[0]
			}
		}
		if fl := opts.Flags.Lookup("admin"); fl != nil && fl.Changed {
			bindFlag(v, "authorizer.adminPrincipals", fl)
			changed["authorizer.adminprincipals"] = true
			src.origins["authorizer.adminprincipals"] = "--admin"
		}
	}
	for _, key := range leafKeys(reflect.TypeOf(Settings{}), "") {
		val, ok := opts.lookupEnv(EnvName(key))
		if !ok || changed[key] {
			continue
		}
		src.origins[key] = "$" + EnvName(key)
		if val != "" { // as viper's env binding: an empty variable sets nothing
			v.Set(key, val)
		}
	}
}

// EnvName is the env var for a settings path: okta.clientId -> OMSSO_OKTA_CLIENTID.
func EnvName(path string) string {
	return EnvPrefix + "_" + strings.ToUpper(strings.ReplaceAll(path, ".", "_"))
}

// HasInput reports whether any setting comes from a flag or an OMSSO_* env var, so that a
// command without a settings file still has something to work with.
func HasInput(fs *pflag.FlagSet, env func(string) (string, bool)) bool {
	for _, key := range leafKeys(reflect.TypeOf(Settings{}), "") {
		if env == nil {
			break
		}
		if _, ok := env(EnvName(key)); ok {
			return true
		}
	}
	if fs == nil {
		return false
	}
	for _, f := range flagKeys {
		if fl := fs.Lookup(f[0]); fl != nil && fl.Changed {
			return true
		}
	}
	fl := fs.Lookup("admin")
	return fl != nil && fl.Changed
}
