Feature: Session caching in cookies (spec C)
  After the first identification the widget keeps the contact's session in three cookies and
  skips the identify call while the same email boots within the cookies' lifetime.

  # Resolution (C): the cached session is what saves the backend its calls, so the caching
  # scenarios also hold the widget to a call budget: everything it asks the API on such a page
  # load, the unread poll aside (its rate is G3's promise, checked there).

  # Resolution (C): emails compare trimmed and case-insensitively; a partial cookie set counts
  # as no session; the cached session is a shortcut, not authority.
  # Resolution (C): only a verified identification is cached; a contact who verifies by email
  # code is cached from then on exactly as a pre-authenticated one.

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
    And the widget made no calls to the API during that page load, besides the unread poll

  @spec-C5
  Scenario: C5 — a second boot with the same email in the same page makes no identify call
    Given the visitor has opened a page signed in as "john@example.com" and the widget has set its session cookies
    When the page boots the widget again as "john@example.com", as a single-page app does on navigation
    Then the identify API was called exactly 1 time
    And the widget made at most 1 call to the API during that page load, besides the unread poll

  @spec-C5
  Scenario: C5 — the same email in other case and with spaces is the same contact
    # Resolution (C): emails compare trimmed and case-insensitively.
    Given the visitor has opened a page signed in as "john@example.com" and the widget has set its session cookies
    When the page boots the widget again as "  JOHN@Example.com ", as a single-page app does on navigation
    Then the identify API was called exactly 1 time

  @spec-C6
  Scenario: C6 — a boot with a different email identifies and caches the new contact
    Given the visitor has opened a page signed in as "john@example.com" and the widget has set its session cookies
    When the visitor opens the page again, signed in as "dmitry.ivanov@example.ru"
    Then the widget shows "dmitry.ivanov@example.ru" as a verified contact
    And the identify API was called exactly 1 time during that page load
    And all three session cookies have changed

  @spec-C6
  Scenario: C6 — a boot with a different email clears the stale cookies
    Given the visitor has opened a page signed in as "john@example.com" and the widget has set its session cookies
    When the visitor opens a page signed in as "dmitry.ivanov@example.ru" without an auth_token
    Then the widget shows "dmitry.ivanov@example.ru" as an unverified contact
    And no session cookie is set

  @spec-C7
  Scenario Outline: C7 — cookies <how> make the widget identify again
    # Resolution (C): a partial cookie set (one of the three missing) counts as no session.
    Given the visitor has opened a page signed in as "john@example.com" and the widget has set its session cookies
    When the browser <how>
    And the visitor opens the page again, signed in as "john@example.com"
    Then the widget shows "john@example.com" as a verified contact
    And the identify API was called exactly 1 time during that page load
    And the backend refused none of the widget's calls during that page load
    And the session cookies "herodesk_contact_identified", "herodesk-chat-contact_uuid" and "herodesk_contact_verified" are set

    Examples:
      | how                                                    |
      | clears all cookies                                     |
      | lets the session cookies expire                        |
      | loses only the "herodesk_contact_verified" cookie      |
      | loses only the "herodesk-chat-contact_uuid" cookie     |
      | loses only the "herodesk_contact_identified" cookie    |

  @spec-C8
  Scenario: C8 — boot on every page: five page loads with the same email make exactly one identify call
    When the visitor opens 5 pages in a row signed in as "john@example.com"
    Then the identify API was called exactly 1 time
    And the widget made at most 1 call to the API in this scenario, besides the unread poll

  @spec-C1 @spec-C2 @spec-C4
  Scenario: C1, C2, C4 — only a verified identification is cached, and a contact who verifies by email code is cached from then on
    When the visitor opens a page signed in as "john@example.com" without an auth_token
    Then the widget shows "john@example.com" as an unverified contact
    And no session cookie is set
    When the visitor opens a page signed in as "john@example.com" without an auth_token
    Then the widget shows "john@example.com" as an unverified contact
    And the identify API was called exactly 1 time during that page load
    When the visitor clicks the widget's launcher
    And the contact enters the code emailed to "john@example.com"
    Then the widget shows "john@example.com" as a verified contact
    And the session cookies "herodesk_contact_identified", "herodesk-chat-contact_uuid" and "herodesk_contact_verified" are set
    And each of the three session cookies expires 365 days from now, give or take 60 minutes
    When the visitor opens a page signed in as "john@example.com" without an auth_token
    Then the widget shows "john@example.com" as a verified contact
    And the identify API was not called during that page load

  @spec-C4
  Scenario: C4 — a later page load with the same email in other case and with spaces makes no identify call
    # Resolution (C): emails compare trimmed and case-insensitively, across page loads too.
    Given the visitor has opened a page signed in as "john@example.com" and the widget has set its session cookies
    When the visitor opens the page again, signed in as "  JOHN@Example.COM "
    Then the widget shows "john@example.com" as a verified contact
    And the identify API was not called during that page load

  @spec-C4
  Scenario: C4 — a visitor who typed their email in other case and verified by code is not identified again by a later boot
    # Resolution (C): emails compare trimmed and case-insensitively, whichever way the widget
    # learned them: a boot, or the contact form.
    When the visitor opens a page that boots an anonymous visitor
    And the visitor clicks the widget's launcher
    And the visitor types " Zoe.Muller@Example.DE " into the widget's contact form
    And the contact enters the code emailed to "zoe.muller@example.de"
    Then the widget shows "zoe.muller@example.de" as a verified contact
    When the visitor opens a page signed in as "zoe.muller@example.de" without an auth_token
    Then the widget shows "zoe.muller@example.de" as a verified contact
    And the identify API was not called during that page load

  @spec-C4
  Scenario: C4 — a later page load on another path of the site makes no identify call
    When the visitor opens the site's page "account/orders" signed in as "john@example.com"
    Then the widget shows "john@example.com" as a verified contact
    And the session cookies "herodesk_contact_identified", "herodesk-chat-contact_uuid" and "herodesk_contact_verified" are set
    When the visitor opens the site's page "shop/cart" signed in as "john@example.com"
    Then the widget shows "john@example.com" as a verified contact
    And the identify API was not called during that page load

  @spec-C6
  Scenario Outline: C6 — a boot as another contact while the first identify call is in flight keeps the new contact when the first call <outcome>
    # Resolution (C6): the latest boot decides who the contact is; a late answer to an earlier
    # boot's identify call changes nothing, whether it verified or failed.
    Given the identify API will <fault> for the next call
    When the visitor opens a page that loads the widget without booting it
    And the page calls boot as "john@example.com" with a token from the site's server
    And the page boots as "dmitry.ivanov@example.ru" once that identify call is in flight
    Then the widget shows "dmitry.ivanov@example.ru" as a verified contact
    When the backend lets the identify call for "john@example.com" answer
    Then once the identify call for "john@example.com" has answered, the widget still shows "dmitry.ivanov@example.ru" as a verified contact
    And the "herodesk-chat-contact_uuid" cookie holds the uuid of "dmitry.ivanov@example.ru"

    Examples:
      | outcome  | fault                    |
      | succeeds | hold its answer                   |
      | fails    | hold its answer, then answer 500  |

  @spec-C6
  Scenario: C6 — a boot with another email of the same length identifies and caches the new contact
    # The fingerprint must tell apart emails of the same length, not only of different lengths.
    Given the visitor has opened a page signed in as "john@example.com" and the widget has set its session cookies
    When the visitor opens the page again, signed in as "jane@example.com"
    Then the widget shows "jane@example.com" as a verified contact
    And the identify API was called exactly 1 time during that page load
    And all three session cookies have changed

  @spec-C6 @spec-C3
  Scenario: C6 — a boot with another short email that differs in one letter identifies and caches the new contact
    # Short emails of one length keep the fingerprint's input small: a hash that mixes only a
    # few of its bytes, or folds them into a few bits, gives both the same fingerprint.
    Given the visitor has opened a page signed in as "ab@c.de" and the widget has set its session cookies
    When the visitor opens the page again, signed in as "ac@c.de"
    Then the widget shows "ac@c.de" as a verified contact
    And the identify API was called exactly 1 time during that page load
    And all three session cookies have changed

  @spec-C6
  Scenario: C6 — a boot with a different email and no token clears a partial, stale set of the first contact's cookies
    # Resolution (C): an unverified contact has none of the three cookies, whatever was left of
    # the one before.
    Given the visitor has opened a page signed in as "john@example.com" and the widget has set its session cookies
    When the browser loses only the "herodesk_contact_verified" cookie
    And the visitor opens a page signed in as "dmitry.ivanov@example.ru" without an auth_token
    Then the widget shows "dmitry.ivanov@example.ru" as an unverified contact
    And no session cookie is set

  @spec-C6
  Scenario: C6 — a boot as another contact while the first contact's code is being confirmed keeps the new contact
    # Resolution (docs/widget-contract.md, contacts switched mid-call): the latest boot decides
    # who the contact is; a late answer to an earlier contact's code changes nothing.
    Given the verification confirm API will hold its answer for the next call
    When the visitor opens a page signed in as "john@example.com" without an auth_token
    Then the widget shows "john@example.com" as an unverified contact
    When the visitor clicks the widget's launcher
    And the contact enters the code emailed to "john@example.com"
    And the widget's verification confirm call is under way
    And the page calls boot as "dmitry.ivanov@example.ru" with a token from the site's server
    Then the widget shows "dmitry.ivanov@example.ru" as a verified contact
    When the backend lets the held verification confirm call answer
    Then once the verification confirm API has answered 200, the widget still shows "dmitry.ivanov@example.ru" as a verified contact
    And the "herodesk-chat-contact_uuid" cookie holds the uuid of "dmitry.ivanov@example.ru"

  @spec-C4
  Scenario: C4 — server errors on the session's other calls keep the session: no identify call, the same cookies
    # Resolution (C): only the backend's refusal of a session (401, H3) voids it; a server
    # error is a failure to answer, not a refusal.
    Given the visitor has opened a page signed in as "john@example.com" and the widget has set its session cookies
    And the unread API will answer 500 until further notice
    When the visitor opens the page again, signed in as "john@example.com"
    And the unread API has answered 500
    Then the widget shows "john@example.com" as a verified contact
    And the identify API was not called during that page load
    And the session cookies are still the ones set on the first visit

  @spec-C2
  Scenario: C2 — the new contact's cookies live 365 days after a boot with another email
    Given the visitor has opened a page signed in as "john@example.com" and the widget has set its session cookies
    When the visitor opens the page again, signed in as "dmitry.ivanov@example.ru"
    Then the widget shows "dmitry.ivanov@example.ru" as a verified contact
    And all three session cookies have changed
    And each of the three session cookies expires 365 days from now, give or take 60 minutes

  @spec-C4
  Scenario Outline: C4 — a later page load with the script <where> makes no identify call
    Given the visitor has opened a page signed in as "john@example.com" and the widget has set its session cookies
    When the visitor opens a page signed in as "john@example.com" that queues "" before a widget script <where>
    Then the widget shows "john@example.com" as a verified contact
    And the identify API was not called during that page load

    Examples:
      | where                                          |
      | in the page's head                             |
      | inserted by a loader after the page has loaded |

  @spec-C5
  Scenario: C5 — a second boot on a page whose session was restored from cookies makes no identify call
    Given the visitor has opened a page signed in as "john@example.com" and the widget has set its session cookies
    When the visitor opens the page again, signed in as "john@example.com"
    Then the widget shows "john@example.com" as a verified contact
    When the page boots the widget again as "john@example.com", as a single-page app does on navigation
    Then the identify API was not called during that page load

  @spec-C6
  Scenario: C6 — a second boot with another email in the same page identifies and caches the new contact
    Given the visitor has opened a page signed in as "john@example.com" and the widget has set its session cookies
    When the page boots the widget again as "dmitry.ivanov@example.ru", as a single-page app does on navigation
    Then the widget shows "dmitry.ivanov@example.ru" as a verified contact
    And the identify API was called exactly 2 times
    And all three session cookies have changed

  @spec-C6
  Scenario: C6 — switching back to the first contact in the same page identifies them again and caches their session
    Given the visitor has opened a page signed in as "john@example.com" and the widget has set its session cookies
    When the page boots the widget again as "dmitry.ivanov@example.ru", as a single-page app does on navigation
    Then the widget shows "dmitry.ivanov@example.ru" as a verified contact
    When the page boots the widget again as "john@example.com", as a single-page app does on navigation
    Then the widget shows "john@example.com" as a verified contact
    And the identify API was called exactly 3 times
    And the "herodesk-chat-contact_uuid" cookie holds the uuid of "john@example.com"

  @spec-C4 @spec-C2
  Scenario: C4, C2 — a visitor who comes back 30 days later makes no identify call
    Given the visitor has opened a page signed in as "john@example.com" and the widget has set its session cookies
    When the visitor comes back 30 days later, signed in as "john@example.com"
    Then the widget shows "john@example.com" as a verified contact
    And the identify API was called exactly 1 time
