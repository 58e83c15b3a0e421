package oktaplan

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/omsso/omsso/internal/okta/desired"
	"github.com/omsso/omsso/internal/plan"
)

// Who may sign in is the org's decision, not omsso's: an app anyone is assigned to (a group or
// a user) is left alone, and omsso assigns only the groups okta.assignGroups names. Without
// them the plan says that login needs an assignment, as a step for the Admin Console.

// diffAssignments reads the app's group and user assignments.
func (p *Provider) diffAssignments(ctx context.Context, appID, label, res string, d desired.State) ([]step, string, error) {
	groups, err := p.c.AppGroups(ctx, appID)
	if err != nil {
		return nil, "", err
	}
	users, err := p.c.AnyAppUser(ctx, appID)
	if err != nil {
		return nil, "", err
	}
	if len(groups) > 0 || users {
		return nil, "", nil
	}
	if !d.GroupAssignment {
		return nil, "", nil
	}
	steps, err := p.assignSteps(ctx, label, res, d)
	return steps, "", err
}

// assignSteps assign the groups of okta.assignGroups, or ask for an assignment by hand.
func (p *Provider) assignSteps(ctx context.Context, label, res string, d desired.State) ([]step, error) {
	if len(d.AssignGroups) == 0 {
		return []step{{change: plan.Change{Resource: res, Field: "assignments", Action: "add", Level: plan.Required, Current: []string{}, Desired: "(the users or groups who use OpenMetadata)",
			Note: "nobody is assigned to the app, so nobody can sign in: assign the users or groups who use OpenMetadata " +
				"(Admin Console: Applications > " + label + " > Assignments), or list the groups in okta.assignGroups for apply to assign",
			Setting: "okta.assignGroups"},
			manual: "assign users or groups to the app in the Admin Console, or list groups in okta.assignGroups"}}, nil
	}
	var ids []string
	for _, name := range d.AssignGroups {
		g, err := p.c.FindGroup(ctx, name)
		if err != nil {
			return nil, err
		}
		if g == nil {
			return nil, fmt.Errorf("okta.assignGroups names the group %q, which the org does not have: check the name (Directory > Groups), it must match exactly", name)
		}
		ids = append(ids, g.ID())
	}
	note := "nobody is assigned to the app, so nobody can sign in: assign the groups of okta.assignGroups"
	for _, n := range d.AssignGroups {
		if strings.EqualFold(n, "Everyone") {
			note += "; Everyone opens the app to every user of the org, as okta.assignGroups asks"
		}
	}
	st := step{change: plan.Change{Resource: res, Field: "assignments", Action: "add", Level: plan.Required, Current: []string{}, Desired: groupNames(d.AssignGroups),
		Note: note, Setting: "okta.assignGroups"}}
	st.run = func(ctx context.Context, out io.Writer) error { return p.assignGroups(ctx, d.AssignGroups, ids, out) }
	return []step{st}, nil
}

func groupNames(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "group " + n
	}
	return out
}

func (p *Provider) assignGroups(ctx context.Context, names, ids []string, out io.Writer) error {
	app, err := p.c.FindOIDCApp(ctx, p.r.Okta.ClientID)
	if err != nil {
		return err
	}
	if app == nil {
		return fmt.Errorf("the app with client ID %s disappeared", p.r.Okta.ClientID)
	}
	for i, id := range ids {
		if _, err := p.c.AssignGroup(ctx, app.ID(), id); err != nil {
			return err
		}
		fmt.Fprintf(out, "assigned the group %q to app %s\n", names[i], p.r.Okta.ClientID)
	}
	return nil
}
