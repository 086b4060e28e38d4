Feature: Session caching in cookies (spec C)
  After the first identification the widget keeps the contact's session in three cookies and
  skips the identify call while the same email boots within the cookies' lifetime.

  # Resolution (C): emails compare trimmed and case-insensitively; a partial cookie set counts
  # as no session; the cached session is a shortcut, not authority.

  Background:
    Given a new visitor

  @spec-C1
  Scenario: C1 — the first visit calls identify once and sets the three session cookies
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then the widget shows "john@example.com" as a verified contact
    And the identify API was called exactly 1 time
    And the session cookies "herodesk_contact_identified", "herodesk-chat-contact_uuid" and "herodesk_contact_verified" are set

  @spec-C2
  Scenario: C2 — each session cookie lives 365 days
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then the widget shows "john@example.com" as a verified contact
    And each of the three session cookies expires 365 days from now, give or take 60 minutes

  @spec-C3
  Scenario Outline: C3 — the identified cookie is a fingerprint of the email, never the email itself
    When the visitor opens a page signed in as "<email>" with a token from the site's server
    Then the widget shows "<email>" as a verified contact
    And the "herodesk_contact_identified" cookie does not contain "<email>" in any readable form

    Examples:
      | email                            |
      | john@example.com                 |
      | Zoe.Muller+chat@Example.DE       |
      | Tom.O'Brien+Orders@Example.co.uk |

  @spec-C4
  Scenario: C4 — a later page load with the same email makes no identify call
    Given the visitor has opened a page signed in as "john@example.com" and the widget has set its session cookies
    When the visitor opens the page again, signed in as "john@example.com"
    Then the widget shows "john@example.com" as a verified contact
    And the identify API was not called during that page load
