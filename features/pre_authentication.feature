Feature: Pre-authentication in the widget (spec B)
  A page boots the widget with the contact's email and the auth_token its server got from
  Herodesk; the widget has the backend verify the token and signs the contact in.

  Background:
    Given a new visitor

  @spec-B1 @spec-B4
  Scenario: B1 — booting with email and a valid auth_token signs the contact in, verified by the backend
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then the widget shows "john@example.com" as a verified contact
    When the visitor clicks the widget's launcher
    Then the widget shows no email form
    And the widget never asks the contact to verify their email address
    And the identify API was called exactly 1 time
    And the identify call carried the auth_token the site's server got for "john@example.com"

  @spec-B2
  Scenario: B2 — booting without an auth_token leaves the contact unverified and starts email verification
    When the visitor opens a page signed in as "john@example.com" without an auth_token
    Then the widget shows "john@example.com" as an unverified contact
    When the visitor clicks the widget's launcher
    Then the widget asks the contact to verify their email address
    And no session cookie is set

  @spec-B2
  Scenario: B2 — the standard email verification flow verifies the contact
    When the visitor opens a page signed in as "john@example.com" without an auth_token
    And the visitor clicks the widget's launcher
    And the contact enters the code emailed to "john@example.com"
    Then the widget shows "john@example.com" as a verified contact
    And the session cookies "herodesk_contact_identified", "herodesk-chat-contact_uuid" and "herodesk_contact_verified" are set

  @spec-B3
  Scenario Outline: B3 — an invalid auth_token (<kind>) leaves the contact unverified
    When the visitor opens a page that boots as "john@example.com" with <token>
    Then the widget shows "john@example.com" as an unverified contact
    When the visitor clicks the widget's launcher
    Then the widget asks the contact to verify their email address
    And no session cookie is set

    Examples:
      | kind                   | token                                    |
      | forged                 | a forged auth_token                      |
      | tampered               | a tampered auth_token                    |
      | made for another email | the auth_token of "dmitry.ivanov@example.ru" |

  @spec-B4
  Scenario Outline: B4 — with a slow backend and <token>, the widget never shows the contact as verified before the backend has answered
    Given the identify API will hold its answer for the next call
    When the visitor opens a page that boots as "john@example.com" with <token>
    Then the widget does not show the contact as verified while the identify call is held
    When the backend lets the held identify call answer
    Then the widget shows "john@example.com" as an unverified contact

    Examples:
      | token                                        |
      | a forged auth_token                          |
      | the auth_token of "dmitry.ivanov@example.ru" |

  @spec-B2
  Scenario: B2 — a wrong verification code leaves the contact unverified, tells them, and caches nothing
    # Resolution (B2): a code the backend refuses is refused visibly; the contact may try again.
    When the visitor opens a page signed in as "john@example.com" without an auth_token
    And the visitor clicks the widget's launcher
    And the contact enters a wrong code for "john@example.com"
    Then the widget tells the contact the code was not accepted
    And the widget shows "john@example.com" as an unverified contact
    And the widget asks the contact to verify their email address
    And no session cookie is set

  @spec-B1
  Scenario Outline: B1 — a contact booted with a valid auth_token is signed in without an email form (<how>)
    When the visitor opens a <page>
    Then the widget shows "john@example.com" as a verified contact
    When the visitor clicks the widget's launcher
    Then the widget shows no email form
    And the widget never asks the contact to verify their email address

    Examples:
      | how                   | page                                                                                                          |
      | script in head        | page signed in as "john@example.com" that queues "" before a widget script in the page's head                 |
      | inserted late         | page signed in as "john@example.com" that queues "" before a widget script inserted by a loader after the page has loaded |
      | other case and spaces | page signed in as "  JOHN@Example.COM " with a token from the site's server                                   |

  @spec-B1
  Scenario: B1 — a session restored from cookies shows no email form
    Given the visitor has opened a page signed in as "john@example.com" and the widget has set its session cookies
    When the visitor opens the page again, signed in as "john@example.com"
    Then the widget shows "john@example.com" as a verified contact
    When the visitor clicks the widget's launcher
    Then the widget shows no email form
    And the widget never asks the contact to verify their email address

  @spec-B2 @spec-B3
  Scenario Outline: B2, B3 — a boot with <what> leaves the contact unverified and asks to verify
    # Resolution (docs/widget-contract.md, boot parameters): a null auth_token is no token (B2);
    # an empty one is an invalid token (B3). Either way the contact is not verified.
    When the visitor opens a page that queues boot with '<params>' before the widget script loads
    Then the widget shows "john@example.com" as an unverified contact
    When the visitor clicks the widget's launcher
    Then the widget asks the contact to verify their email address
    And no session cookie is set

    Examples:
      | what           | params                                            |
      | a null token   | {"email": "john@example.com", "auth_token": null} |
      | an empty token | {"email": "john@example.com", "auth_token": ""}   |

  @spec-B2
  Scenario: B2 — after a boot with another email without a token, the new contact is asked to verify
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then the widget shows "john@example.com" as a verified contact
    When the visitor opens a page signed in as "dmitry.ivanov@example.ru" without an auth_token
    Then the widget shows "dmitry.ivanov@example.ru" as an unverified contact
    When the visitor clicks the widget's launcher
    Then the widget asks the contact to verify their email address

  @spec-B1
  Scenario: B1 — after a boot with another email and its token, the new contact is signed in without an email form
    Given the visitor has opened a page signed in as "john@example.com" and the widget has set its session cookies
    When the visitor opens the page again, signed in as "dmitry.ivanov@example.ru"
    Then the widget shows "dmitry.ivanov@example.ru" as a verified contact
    When the visitor clicks the widget's launcher
    Then the widget shows no email form
    And the widget never asks the contact to verify their email address

  @spec-B1 @spec-E1 @spec-D2
  Scenario: B1, E1 — a contact who signs out of a single-page app leaves the widget booted and is signed in again by the next boot
    # Resolution (D): a boot without email boots an anonymous visitor; it is a valid boot (E1).
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then the widget shows "john@example.com" as a verified contact
    When the page boots an anonymous visitor, as a single-page app does when its user signs out
    Then the widget shows an anonymous visitor
    And Herodesk.isBooted is true
    When the page boots the widget again as "john@example.com", as a single-page app does on navigation
    Then the widget shows "john@example.com" as a verified contact

  @spec-B1
  Scenario: B1 — while the identify call is in flight, the open panel shows no email form
    # docs/widget-contract.md: a booted contact is `identifying`, never an anonymous visitor
    # asked for an email, from the boot until identify answers.
    Given the identify API will answer after 3000 ms for the next call
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    And the visitor clicks the widget's launcher
    Then while the identify call is unanswered, the widget shows no email form
    And the widget shows "john@example.com" as a verified contact

  @spec-B2
  Scenario: B2 — after a code was sent to one contact, a boot as another without a token verifies the new one by its own code
    When the visitor opens a page signed in as "john@example.com" without an auth_token
    And the visitor clicks the widget's launcher
    Then the widget asks the contact to verify their email address
    When the page boots the widget again as "dmitry.ivanov@example.ru" without an auth_token
    Then the widget shows "dmitry.ivanov@example.ru" as an unverified contact
    When the contact enters the code emailed to "dmitry.ivanov@example.ru"
    Then the widget shows "dmitry.ivanov@example.ru" as a verified contact
