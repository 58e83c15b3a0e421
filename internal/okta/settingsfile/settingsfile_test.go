package settingsfile

import "testing"

func TestEdit(t *testing.T) {
	cases := []struct{ name, in, key, val, want string }{
		{"replace plain, keep comment", "# top\nokta:\n  domain: dev-1.okta.com # the org\n  clientId: old # here\n", "clientId", "0oaNEW", "# top\nokta:\n  domain: dev-1.okta.com # the org\n  clientId: 0oaNEW # here\n"},
		{"replace quoted", "okta:\n  clientId: \"old\"\n", "clientId", "0oaNEW", "okta:\n  clientId: 0oaNEW\n"},
		{"empty value", "okta:\n  clientId:\n  domain: x.okta.com\n", "clientId", "0oaNEW", "okta:\n  clientId: 0oaNEW\n  domain: x.okta.com\n"},
		{"insert", "okta:\n    domain: x.okta.com\n    # c\nauthorizer:\n  a: 1\n", "clientId", "0oaNEW", "okta:\n    domain: x.okta.com\n    clientId: 0oaNEW\n    # c\nauthorizer:\n  a: 1\n"},
		{"crlf", "okta:\r\n  domain: x.okta.com\r\n", "authorizationServer", "aus1", "okta:\r\n  domain: x.okta.com\r\n  authorizationServer: aus1\r\n"},
		{"no okta", "openmetadata:\n  url: https://x\n", "clientId", "0oa1", "openmetadata:\n  url: https://x\nokta:\n  clientId: 0oa1\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Edit([]byte(c.in), c.key, c.val)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != c.want {
				t.Fatalf("got\n%q\nwant\n%q", got, c.want)
			}
		})
	}
	if _, err := Edit([]byte("okta:\n  clientId: x\n"), "clientId", "a: b"); err == nil {
		t.Fatal("a non-plain value must be refused")
	}
}
