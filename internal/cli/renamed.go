package cli

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/omsso/omsso/internal/version"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// One name per concept across commands: a flag that was renamed keeps its old name, hidden,
// until version.RemovalRelease. The old name shares the new flag's value, so the code reads one
// variable, and a use of it prints one warning naming the new name.

// renamedTo marks an old flag name with the name that replaced it.
const renamedTo = "omsso-renamed-to"

// renamedFlag registers old as a hidden spelling of the already defined flag newName.
func renamedFlag(cmd *cobra.Command, old, newName string) {
	f := cmd.Flags().Lookup(newName)
	if f == nil {
		panic("renamedFlag: no flag --" + newName + " on " + cmd.Name())
	}
	cmd.Flags().AddFlag(&pflag.Flag{
		Name: old, Value: f.Value, DefValue: f.DefValue, NoOptDefVal: f.NoOptDefVal,
		Usage: "deprecated: use --" + newName, Hidden: true,
		Annotations: map[string][]string{renamedTo: {newName}},
	})
}

// flagChanged reports whether the user set the flag name, under its name or an old one.
func flagChanged(cmd *cobra.Command, name string) bool {
	changed := false
	cmd.Flags().Visit(func(f *pflag.Flag) {
		if f.Name == name || (len(f.Annotations[renamedTo]) == 1 && f.Annotations[renamedTo][0] == name) {
			changed = true
		}
	})
	return changed
}

// checkRenamed prints one warning per old flag name the user wrote, and refuses an old name
// given beside its new one: both set one value, and the last would silently win.
func checkRenamed(cmd *cobra.Command, stderr io.Writer) error {
	var err error
	cmd.Flags().Visit(func(f *pflag.Flag) {
		to := f.Annotations[renamedTo]
		if len(to) != 1 {
			return
		}
		if cmd.Flags().Changed(to[0]) && err == nil {
			err = fmt.Errorf("%s: --%s and --%s are one flag (--%s is its old name); keep --%s", cmd.Name(), f.Name, to[0], f.Name, to[0])
			return
		}
		fmt.Fprintf(stderr, "warning: %s --%s is deprecated and will stop working in omsso %s; write --%s\n",
			cmd.Name(), f.Name, version.RemovalRelease(), to[0])
	})
	return err
}

// omAPIURLEnv is the env var of --openmetadata-api-url; $OMSSO_OPENMETADATA is its old name.
const omAPIURLEnv = "OMSSO_OPENMETADATA_API_URL"

// renamedEnv maps each renamed OMSSO_* variable to its new name.
var renamedEnv = map[string]string{"OMSSO_OPENMETADATA": omAPIURLEnv}

// envRenamed reads the variable name, else the old name it replaced (an empty value counts as
// unset, as for every OMSSO_* variable).
func envRenamed(name string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	for old, to := range renamedEnv {
		if to == name {
			return os.Getenv(old)
		}
	}
	return ""
}

// warnRenamedEnv prints one warning per old variable name that is set, saying when the new
// name is set too and so wins.
func warnRenamedEnv(environ []string, stderr io.Writer) {
	set := map[string]bool{}
	for _, kv := range environ {
		if name, v, _ := strings.Cut(kv, "="); v != "" {
			set[name] = true
		}
	}
	for old, to := range renamedEnv {
		switch {
		case set[old] && set[to]:
			fmt.Fprintf(stderr, "warning: $%s is ignored: $%s, its new name, is set too; unset $%s\n", old, to, old)
		case set[old]:
			fmt.Fprintf(stderr, "warning: $%s is deprecated and will stop working in omsso %s; set $%s\n", old, version.RemovalRelease(), to)
		}
	}
}
