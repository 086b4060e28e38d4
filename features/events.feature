Feature: Event callbacks (spec G)
  A page registers callbacks for onShow, onHide, onUnreadCountChange and onUserEmailSupplied.
  The host page registers one recorder per event through the queue stub, before boot.

  # Resolution (G): events fire on changes of state only (show on an open panel fires nothing).

  Background:
    Given a new visitor

  @spec-G1
  Scenario: G1 — onShow fires when the panel opens, by show or by a click on the launcher
    When the visitor opens a page signed in as "john@example.com" that records the widget's events
    Then Herodesk.isReady becomes true
    When the page calls "show"
    And the page calls "show"
    And the page calls "hide"
    And the visitor clicks the widget's launcher
    Then the page saw the widget events "show, hide, show" in that order

  @spec-G2
  Scenario: G2 — onHide fires when the panel closes, by hide or by a click on the close button
    When the visitor opens a page signed in as "john@example.com" that records the widget's events
    Then Herodesk.isReady becomes true
    When the page calls "show"
    And the page calls "hide"
    And the page calls "hide"
    And the page calls "show"
    And the visitor clicks the panel's close button
    Then the page saw the widget events "show, hide, show, hide" in that order

  @spec-G3
  Scenario: G3 — onUnreadCountChange fires with the new count when an agent replies and when the contact reads it
    # Resolution (G3): the widget-facing API's "polled about every second" (docs/widget-api.md)
    # is a budget: at most 4 unread polls in the first 3 seconds of a page load (the reference
    # widget makes 3).
    When the visitor opens a page signed in as "john@example.com" that records the widget's events
    Then the widget shows "john@example.com" as a verified contact
    And the widget polled the unread count at most 4 times in the first 3 seconds of that page load
    When an agent replies "We found your parcel!" in conversation 231
    Then the page saw the unread count change to 1
    When the page calls showConversation with 231
    Then the page saw the unread count change to 0

  @spec-G4
  Scenario: G4 — onUserEmailSupplied fires when the contact is identified through pre-authentication
    When the visitor opens a page signed in as "john@example.com" that records the widget's events
    Then the widget shows "john@example.com" as a verified contact
    And the page saw onUserEmailSupplied exactly once

  @spec-G5
  Scenario: G5 — onUserEmailSupplied fires when the visitor types an email into the contact form
    When the visitor opens a page that boots an anonymous visitor, recording events
    And the visitor clicks the widget's launcher
    And the visitor types "Zoe.Muller+chat@Example.DE" into the widget's contact form
    Then the page saw onUserEmailSupplied exactly once

  @spec-G1 @spec-G2 @spec-G3 @spec-G4
  Scenario: G1–G4 — two callbacks registered for one event both fire, in registration order
    # Resolution (G): several callbacks may be registered for one event; all fire, in
    # registration order.
    When the visitor opens a page signed in as "john@example.com" that records the widget's events with two callbacks each
    Then the widget shows "john@example.com" as a verified contact
    When the page calls "show"
    And the page calls "hide"
    And an agent replies "Your parcel is on its way" in conversation 231
    Then every event reached both callbacks in registration order, "email, show, hide, unread:1" included

  @spec-G2
  Scenario: G2 — closing the panel with the launcher fires onHide
    When the visitor opens a page signed in as "john@example.com" that records the widget's events
    Then Herodesk.isReady becomes true
    When the visitor clicks the widget's launcher
    And the visitor clicks the widget's launcher
    Then the page saw the widget events "show, hide" in that order
    And the chat panel is closed

  @spec-G5
  Scenario Outline: G5 — onUserEmailSupplied does not fire for text that is not an email ("<text>")
    # "zoe@example" passes a browser's own type=email check; it has no domain a backend can
    # deliver to, and the widget-facing API refuses it (docs/widget-contract.md).
    When the visitor opens a page that boots an anonymous visitor, recording events
    And the visitor clicks the widget's launcher
    And the visitor types "<text>" into the widget's contact form
    Then the page never saw onUserEmailSupplied

    Examples:
      | text                  |
      | zoe at example dot de |
      | zoe@example           |

  @spec-G3
  Scenario: G3 — onUnreadCountChange fires for each new count (a reply in a second conversation), not only when the count leaves or reaches zero
    When the visitor opens a page signed in as "john@example.com" that records the widget's events
    Then the widget shows "john@example.com" as a verified contact
    When an agent replies "We found your parcel!" in conversation 231
    Then the page saw the unread count change to 1
    When an agent replies "Your new invoice address is saved." in conversation 232
    Then the page saw the unread count change to 2

  @spec-G3
  Scenario: G3 — onUnreadCountChange fires when an agent replies while the chat panel is open
    # The panel shows the messenger's home, not the conversation: the reply is unread.
    When the visitor opens a page signed in as "john@example.com" that records the widget's events
    Then the widget shows "john@example.com" as a verified contact
    When the page calls "show"
    Then the chat panel is open
    When an agent replies "Your new invoice address is saved." in conversation 232
    Then the page saw the unread count change to 1

  @spec-G3
  Scenario: G3 — onUnreadCountChange fires on changes only, never again for the same count
    # Resolution (G): events fire on changes of state only; polling the same count is no change.
    When the visitor opens a page signed in as "john@example.com" that records the widget's events
    Then the widget shows "john@example.com" as a verified contact
    When an agent replies "We found your parcel!" in conversation 231
    Then the page saw the unread count change to 1
    And over the next 3 seconds the page saw no onUnreadCountChange that repeated the count before it

  @spec-G1
  Scenario: G1 — showConversation while the panel is open fires no second onShow
    # Resolution (G): events on changes only; the panel was already open.
    When the visitor opens a page signed in as "john@example.com" that records the widget's events
    Then the widget shows "john@example.com" as a verified contact
    When the page calls "show"
    Then the chat panel is open
    When the page calls showConversation with 231
    Then the widget shows conversation 231 with "my order #12345 has not arrived yet"
    And the page saw the widget events "show" in that order

  @spec-G1
  Scenario: G1 — onShow fires when showConversation opens the panel
    When the visitor opens a page signed in as "john@example.com" that records the widget's events
    Then the widget shows "john@example.com" as a verified contact
    When the page calls showConversation with 231
    Then the widget shows conversation 231 with "my order #12345 has not arrived yet"
    And the page saw the widget events "show" in that order

  @spec-G3
  Scenario: G3 — onUnreadCountChange fires on a page whose session was restored from cookies
    Given the visitor has opened a page signed in as "john@example.com" and the widget has set its session cookies
    When the visitor opens a page signed in as "john@example.com" that records the widget's events
    Then the widget shows "john@example.com" as a verified contact
    And the identify API was not called during that page load
    When an agent replies "We found your parcel!" in conversation 231
    Then the page saw the unread count change to 1

  @spec-G4
  Scenario Outline: G4 — onUserEmailSupplied does not fire for a contact booted <how>, who was not pre-authenticated
    # Resolution (G4, docs/widget-contract.md): it fires when pre-authentication identifies the
    # contact; a boot without a valid token identifies nobody.
    When the visitor opens a page signed in as "john@example.com" <how> that records the widget's events
    Then the widget shows "john@example.com" as an unverified contact
    And the page never saw onUserEmailSupplied

    Examples:
      | how                      |
      | without an auth_token    |
      | with a forged auth_token |

  @spec-G4
  Scenario: G4 — a second boot with the same email does not fire onUserEmailSupplied again
    When the visitor opens a page signed in as "john@example.com" that records the widget's events
    Then the widget shows "john@example.com" as a verified contact
    When the page boots the widget again as "john@example.com", as a single-page app does on navigation
    Then the page saw onUserEmailSupplied exactly once

  @spec-G5
  Scenario: G5 — an email typed with spaces around it fires onUserEmailSupplied once, and the code that verifies it fires nothing more
    # Resolution (G5, docs/widget-contract.md): one event per email supplied; the code
    # confirmation that follows is not another.
    When the visitor opens a page that boots an anonymous visitor, recording events
    And the visitor clicks the widget's launcher
    And the visitor types "  zoe.muller+chat@example.de  " into the widget's contact form
    And the contact enters the code emailed to "zoe.muller+chat@example.de"
    Then the widget shows "zoe.muller+chat@example.de" as a verified contact
    And the page saw onUserEmailSupplied exactly once

  @spec-G1
  Scenario: G1 — a show queued through the stub fires onShow once the widget has loaded
    When the visitor opens a page signed in as "john@example.com" that queues "show" before the widget script loads
    Then the chat panel is open
    And the page saw the widget events "show" in that order

  @spec-G3 @spec-C8
  Scenario: G3, C8 — a page that has lived a minute still announces a new reply and has made no second identify call
    # A page that lives long is a state of its own (a poll that stops after a minute, a session
    # refreshed after 40 s). The page clock runs the minute at once (under `--clock real` it is
    # waited out, within the scenario's 120 s).
    When the visitor opens a page signed in as "john@example.com" that records the widget's events
    Then the widget shows "john@example.com" as a verified contact
    When 60 seconds of the page's life pass with nothing happening
    And an agent replies "We found your parcel!" in conversation 231
    Then the page saw the unread count change to 1
    And the identify API was called exactly 1 time

  @spec-G3
  Scenario: G3 — opening and closing the panel does not announce an unchanged unread count again
    When the visitor opens a page signed in as "john@example.com" that records the widget's events
    Then the widget shows "john@example.com" as a verified contact
    When an agent replies "We found your parcel!" in conversation 231
    Then the page saw the unread count change to 1
    When the page calls "show"
    And the page calls "hide"
    Then over the next 5 seconds the page saw no onUnreadCountChange that repeated the count before it

  @spec-G4 @spec-C6
  Scenario: G4, C6 — a second contact pre-authenticated in the same page is announced too
    When the visitor opens a page signed in as "john@example.com" that records the widget's events
    Then the widget shows "john@example.com" as a verified contact
    When the page calls boot as "jane@example.com" with a token from the site's server
    Then the widget shows "jane@example.com" as a verified contact
    And the page saw onUserEmailSupplied exactly twice

  @spec-G5 @spec-D2
  Scenario: G5, D2 — after a sign-out, the contact form is empty and an email the next visitor types is announced too
    When the visitor opens a page that boots an anonymous visitor, recording events
    And the visitor clicks the widget's launcher
    And the visitor types "Zoe.Muller+chat@Example.DE" into the widget's contact form
    Then the page saw onUserEmailSupplied exactly once
    When the page boots an anonymous visitor, as a single-page app does when its user signs out
    And the visitor types "john@example.com" into the widget's contact form
    Then the page saw onUserEmailSupplied exactly twice
