Feature: Methods (spec F)
  A page opens and closes the chat and opens one of the contact's conversations.

  # Resolution (F4): a conversation that does not exist is rejected the same way as another
  # contact's, so existence does not leak.
  # Resolution (F5): a showConversation queued before identification waits for it; a call with
  # no identified contact is rejected.

  Background:
    Given a new visitor

  @spec-F1
  Scenario: F1 — show opens the chat panel
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then the chat panel is closed
    When the page calls "show"
    Then the chat panel is open

  @spec-F2
  Scenario: F2 — hide closes the chat panel
    When the visitor opens a page signed in as "john@example.com" that queues "show" before the widget script loads
    Then the chat panel is open
    When the page calls "hide"
    Then the chat panel is closed

  @spec-F3
  Scenario: F3 — showConversation opens a conversation of the current contact
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then the widget shows "john@example.com" as a verified contact
    When the page calls showConversation with 231
    Then the widget shows conversation 231 with "my order #12345 has not arrived yet"
    And the chat panel is open

  @spec-F4
  Scenario Outline: F4 — showConversation with <whose> conversation is rejected
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then the widget shows "john@example.com" as a verified contact
    When the page calls showConversation with <id>
    Then the widget shows no conversation
    And no content of conversation <id> reached the page
    And the chat panel is closed

    Examples:
      | whose                 | id  |
      | another contact's     | 234 |
      | a non-existent        | 999 |

  @spec-F5
  Scenario: F5 — a showConversation queued before identification waits for it
    When the visitor opens a page signed in as "john@example.com" that queues "showConversation:231" before the widget script loads
    Then the widget shows conversation 231 with "my order #12345 has not arrived yet"

  @spec-F5
  Scenario: F5 — showConversation with no identified contact is rejected
    When the visitor opens a page that boots an anonymous visitor
    Then Herodesk.isBooted becomes true
    When the page calls showConversation with 231
    Then the widget shows no conversation
    And no content of conversation 231 reached the page

  @spec-F1
  Scenario: F1 — show on an open panel leaves it open (show is not a toggle)
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then Herodesk.isReady becomes true
    When the page calls "show"
    And the page calls "show"
    Then the chat panel is open

  @spec-F1
  Scenario: F1 — a show queued through the stub opens the panel once the widget is ready
    When the visitor opens a page signed in as "john@example.com" that queues "show" before the widget script loads
    Then the chat panel is open

  @spec-F4
  Scenario: F4 — after a boot with another email, nothing of the previous contact's conversation is shown
    # The call waits for the contact: a direct call with no identified contact is rejected (F5).
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then the widget shows "john@example.com" as a verified contact
    When the page calls showConversation with 231
    Then the widget shows conversation 231 with "my order #12345 has not arrived yet"
    When the page boots the widget again as "dmitry.ivanov@example.ru", as a single-page app does on navigation
    Then the widget shows "dmitry.ivanov@example.ru" as a verified contact
    And the widget shows no conversation

  @spec-F5
  Scenario: F5 — a showConversation queued before the script loads opens once the session is restored from cookies
    Given the visitor has opened a page signed in as "john@example.com" and the widget has set its session cookies
    When the visitor opens a page signed in as "john@example.com" that queues "showConversation:231" before the widget script loads
    Then the widget shows conversation 231 with "my order #12345 has not arrived yet"
    And the identify API was not called during that page load

  @spec-F5
  Scenario: F5 — a showConversation with no identified contact stays rejected after the contact verifies
    When the visitor opens a page signed in as "john@example.com" without an auth_token
    Then the widget shows "john@example.com" as an unverified contact
    When the page calls showConversation with 231
    And the visitor clicks the widget's launcher
    And the contact enters the code emailed to "john@example.com"
    Then the widget shows "john@example.com" as a verified contact
    And the widget shows no conversation

  @spec-F3
  Scenario: F3 — each message of the conversation shows once, however often the panel is closed and opened
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then the widget shows "john@example.com" as a verified contact
    When the page calls showConversation with 231
    Then the widget shows conversation 231 with "my order #12345 has not arrived yet"
    When the page calls "hide"
    And the page calls "show"
    And the visitor clicks the panel's close button
    And the visitor clicks the widget's launcher
    Then the widget shows each message of conversation 231 exactly once

  @spec-F1 @spec-F2
  Scenario Outline: F1, F2 — show opens and hide closes the panel on a page <which>
    When the visitor opens a <page>
    Then Herodesk.isReady becomes true
    When the page calls "show"
    Then the chat panel is open
    When the page calls "hide"
    Then the chat panel is closed

    Examples:
      | which                          | page                                                            |
      | that did not boot              | page that loads the widget without booting it                   |
      | of an anonymous visitor        | page that boots an anonymous visitor                            |
      | of an unverified contact       | page signed in as "john@example.com" without an auth_token      |

  @spec-F3
  Scenario: F3 — showConversation shows the conversation as it is now, with a reply that came since it was last shown
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then the widget shows "john@example.com" as a verified contact
    When the page calls showConversation with 231
    Then the widget shows conversation 231 with "my order #12345 has not arrived yet"
    When the page calls "hide"
    And an agent replies "We found your parcel!" in conversation 231
    And the page calls showConversation with 231
    Then the widget shows conversation 231 with "We found your parcel!"

  @spec-F3
  Scenario: F3 — showConversation takes the id as a string too
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then the widget shows "john@example.com" as a verified contact
    When the page calls showConversation with the string "231"
    Then the widget shows conversation 231 with "my order #12345 has not arrived yet"

  @spec-F3
  Scenario: F3 — once the contact has verified by email code, showConversation opens their conversation
    When the visitor opens a page signed in as "john@example.com" without an auth_token
    And the visitor clicks the widget's launcher
    And the contact enters the code emailed to "john@example.com"
    Then the widget shows "john@example.com" as a verified contact
    When the page calls showConversation with 231
    Then the widget shows conversation 231 with "my order #12345 has not arrived yet"

  @spec-F4
  Scenario Outline: F4 — showConversation with <what> is rejected
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then the widget shows "john@example.com" as a verified contact
    When the page calls showConversation with the string "<id>"
    Then the widget shows no conversation
    And the chat panel is closed

    Examples:
      | what                                 | id      |
      | another contact's id as a string     | 234     |
      | an id that is not a number           | 231abc  |
      | a negative id                        | -231    |
      | an empty id                          |         |

  @spec-F5
  Scenario: F5 — a direct showConversation while the identify call is in flight is rejected
    # Resolution (F5, docs/widget-contract.md): until identify has answered there is no
    # identified contact; a direct call is rejected, only a queued one waits.
    Given the identify API will answer after 2000 ms for the next call
    When the visitor opens a page that loads the widget without booting it
    And the page calls boot as "john@example.com" with a token from the site's server
    And the page calls showConversation with 231
    Then the widget shows "john@example.com" as a verified contact
    And the widget shows no conversation

  @spec-F2
  Scenario: F2 — hide closes the panel while it shows a conversation
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then the widget shows "john@example.com" as a verified contact
    When the page calls showConversation with 231
    Then the widget shows conversation 231 with "my order #12345 has not arrived yet"
    When the page calls "hide"
    Then the chat panel is closed
    And Herodesk.isVisible is false

  @spec-F4
  Scenario: F4 — a conversation that arrives after a boot with another email is not shown to the new contact
    # The conversation was asked for as john@example.com; its answer comes once dmitry is the contact.
    Given the conversation API will answer after 2000 ms for the next call
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then the widget shows "john@example.com" as a verified contact
    When the page calls showConversation with 231
    And the widget's call for that conversation is under way
    And the page boots the widget again as "dmitry.ivanov@example.ru", as a single-page app does on navigation
    Then the widget shows "dmitry.ivanov@example.ru" as a verified contact
    When the conversation API has answered 200
    Then the widget shows no conversation
    And the chat panel is closed

  @spec-F3
  Scenario: F3 — showConversation with another of the contact's conversations replaces the one the open panel shows
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then the widget shows "john@example.com" as a verified contact
    When the page calls showConversation with 231
    Then the widget shows conversation 231 with "my order #12345 has not arrived yet"
    When the page calls showConversation with 232
    Then the widget shows conversation 232 with "change the invoice address to Main St 5"

  @spec-F3 @spec-C6
  Scenario: F3, C6 — after a boot as another contact, showConversation opens the new contact's own conversation
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then the widget shows "john@example.com" as a verified contact
    When the page calls showConversation with 231
    Then the widget shows conversation 231 with "my order #12345 has not arrived yet"
    When the page calls boot as "dmitry.ivanov@example.ru" with a token from the site's server
    Then the widget shows "dmitry.ivanov@example.ru" as a verified contact
    When the page calls showConversation with 234
    Then the widget shows conversation 234 with "Здравствуйте! Как оформить возврат?"
