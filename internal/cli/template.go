package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/omsso/omsso/internal/app"
	"github.com/omsso/omsso/internal/settings"
	"github.com/omsso/omsso/targets"
)

type templateOptions struct {
	settingsFlags
	proofFlags
	release, namespace string
}

func newTemplateCmd(stdout, stderr io.Writer) *cobra.Command {
	o := &templateOptions{}
	cmd := &cobra.Command{
		Use:   "template",
		Short: "Print the OpenMetadata chart's Kubernetes objects with omsso's values (Argo CD plugin)",
		Long: `Template renders the OpenMetadata chart (--chart, a folder or .tgz) with the Helm values omsso
renders for the settings, for one release and namespace, and prints the Kubernetes objects on
stdout, as helm template does. It is the generate step of omsso's Argo CD Config Management
Plugin (plugin/argocd/cmp-plugin.yaml).

Every proof runs first: the values are read back through the chart (Helm's SDK with the chart's
values.schema.json), the kubelet and the server's own substitution and binding, and compared
with the settings. When one fails, nothing is printed and the exit status is 1. stdout holds
only the objects; warnings and errors go to stderr. The client secret is never read: the chart
reads it from the Secret of okta.clientSecret.kubernetesSecret. With targets.helm.secretObject
kind externalSecret, the ExternalSecret that produces that Secret is printed too.`,
		Example: `  omsso template -f omsso.yaml --chart ./openmetadata --release openmetadata --namespace openmetadata
  omsso template -f omsso.yaml -f envs/prod.yaml --chart ./openmetadata-1.12.12.tgz | kubectl apply -f -`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return o.run(cmd, stdout, stderr) },
	}
	o.settingsFlags.add(cmd)
	cmd.Flags().StringVar(&o.chart, "chart", "", "the OpenMetadata chart folder or .tgz (default: $"+EnvChart+")")
	cmd.Flags().StringVar(&o.release, "release", "openmetadata", "the Helm release name (Argo CD: $ARGOCD_APP_NAME)")
	cmd.Flags().StringVarP(&o.namespace, "namespace", "n", "default", "the release's namespace (Argo CD: $ARGOCD_APP_NAMESPACE)")
	return cmd
}

func (o *templateOptions) run(cmd *cobra.Command, stdout, stderr io.Writer) error {
	o.fromEnv()
	if o.chart == "" {
		return errors.New("--chart is required: the OpenMetadata chart folder or .tgz (helm pull open-metadata/openmetadata --version X.Y.Z), or $" + EnvChart)
	}
	if o.release == "" || o.namespace == "" {
		return errors.New("--release and --namespace must not be empty (in Argo CD, $ARGOCD_APP_NAME and $ARGOCD_APP_NAMESPACE)")
	}
	o.loadChart()
	defer o.done()
	r, err := o.load(cmd, stderr)
	if err != nil {
		return err
	}
	if err := o.checkChart(r, stderr, notesTo(cmd, stderr)); err != nil {
		return err
	}
	ch, _ := o.loaded()
	out, err := app.Template(app.TemplateInput{
		Resolved: r, Chart: ch, Release: o.release, Namespace: o.namespace,
		Prove: func(r *settings.Resolved, files []targets.File) error {
			if err := proveRendered(stderr, r, []targets.Target{targets.Helm{}}, files, o.proofFlags); err != nil {
				return fmt.Errorf("%s; nothing printed", strings.TrimSuffix(err.Error(), "; nothing was written"))
			}
			return nil
		},
	})
	if err != nil {
		return err
	}
	_, err = stdout.Write(out)
	return err
}
