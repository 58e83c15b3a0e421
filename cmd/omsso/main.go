// Command omsso turns one Okta SSO settings file into OpenMetadata configuration. The same
// binary works as a Helm plugin (helm omsso) and a Docker CLI plugin (docker omsso).
package main

import (
	"os"

	"github.com/sirupsen/logrus"

	"github.com/omsso/omsso/internal/cli"
)

func main() {
	// compose-go logs notices (e.g. an obsolete `version:` key in the user's compose file)
	// through logrus; omsso reports what matters itself.
	logrus.SetLevel(logrus.ErrorLevel)
	os.Exit(cli.Main(os.Args[0], os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
