package cli

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/internal/version"
	"github.com/omsso/omsso/schema"
)

func newSchemaCmd(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of omsso.yaml",
		Long: `Print the JSON Schema of omsso.yaml, for editors. With the YAML language server, put this
first line in omsso.yaml:
  # yaml-language-server: $schema=omsso.schema.json`,
		Example: "  omsso schema > omsso.schema.json",
		Args:    cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := stdout.Write(schema.Settings())
			return err
		},
	}
}

func versionText() string {
	return fmt.Sprintf("omsso %s\nOpenMetadata lines: %s\n", version.Get(), strings.Join(settings.Versions(), ", "))
}

func newVersionCmd(stdout, stderr io.Writer) *cobra.Command {
	var output *outputFlag
	cmd := &cobra.Command{
		Use:     "version",
		Short:   "Print the version, the commit and the OpenMetadata lines omsso supports",
		Example: "  omsso version\n  omsso version -o json\n  omsso --version",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := output.format(cmd, stderr)
			if err != nil {
				return err
			}
			if format == "json" {
				return writeJSON(stdout, struct {
					version.Info
					OpenMetadataLines []string `json:"openmetadataLines"`
				}{version.Get(), settings.Versions()})
			}
			_, err = fmt.Fprint(stdout, versionText())
			return err
		},
	}
	output = addOutputFlag(cmd, []string{"text", "json"}, "", nil)
	return cmd
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}
