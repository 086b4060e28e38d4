Feature: Queue stub and boot (spec D)
  The page defines a queue stub before the widget script loads; calls made through it are
  buffered and run, in order, once the script has loaded.

  # Resolution (G, used here to observe order): events fire on changes of state only, so
  # `hide` on a closed panel fires nothing.

  Background:
    Given a new visitor

  @spec-D1
  Scenario Outline: D1 — calls queued before the script loads run in order once it loads (<calls>)
    When the visitor opens a page signed in as "john@example.com" that queues "<calls>" before the widget script loads
    Then the widget shows "john@example.com" as a verified contact
    And the page saw the widget events "<events>" in that order
    And the chat panel is <final>

    Examples:
      | calls            | events           | final  |
      | show, hide       | show, hide       | closed |
      | hide, show       | show             | open   |
      | show, hide, show | show, hide, show | open   |

  @spec-D2
  Scenario: D2 — the widget's first request already carries the booted identity
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then the widget shows "john@example.com" as a verified contact
    And the widget's first request was identify for "john@example.com"
    And every widget request carried the booted identity

  @spec-D2
  Scenario: D2 — with a cached session, the first request carries the cached identity
    Given the visitor has opened a page signed in as "john@example.com" and the widget has set its session cookies
    When the visitor opens the page again, signed in as "john@example.com"
    Then the widget shows "john@example.com" as a verified contact
    And every widget request during that page load carried the booted identity

  @spec-D3
  Scenario: D3 — boot called after the script has loaded, without a queue stub, works
    When the visitor opens a page that loads the widget script first and then boots as "john@example.com"
    Then the widget shows "john@example.com" as a verified contact
    And Herodesk.isBooted is true

  @spec-D4
  Scenario Outline: D4 — firstname and lastname reach the contact, shown as text (<first> <last>)
    When the visitor opens a page signed in as "<email>" with firstname "<first>" and lastname "<last>"
    Then the widget shows the name "<first> <last>" as plain text
    And the identify call carried firstname "<first>" and lastname "<last>"

    Examples:
      | email                            | first                 | last                          |
      | john@example.com                 | John                  | Doe                           |
      | jose.nunez@example.es            | José                  | Ñúñez                         |
      | wang.xiuying@example.cn          | 秀英                  | 王                            |
      | Tom.O'Brien+Orders@Example.co.uk | <b>Tom</b> & "Tommy"  | O'Brien<script>alert(1)</script> |

  @spec-D5
  Scenario: D5 — message pre-fills the chat input (the vendor's own example)
    When the visitor opens a page that loads the widget script first and then boots as "john@example.com" with the message "I need help with order #12345"
    Then the chat input holds "I need help with order #12345"
    # The visitor sees the message when they open the panel: opening it keeps what the boot put there.
    When the visitor clicks the widget's launcher
    Then the chat panel is open
    And the chat input holds "I need help with order #12345"

  @spec-D5
  Scenario: D5 — without a message, the chat input stays empty
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then the widget shows "john@example.com" as a verified contact
    And the chat input holds ""

  @spec-D6
  Scenario Outline: D6 — z_index sets the widget iframe's z-index (<given>)
    # Resolution (D6): a number or a numeric string is accepted.
    # Resolution (D): boot without email boots an anonymous visitor, as in the vendor's example.
    When the visitor opens a page that boots an anonymous visitor with z_index <given>
    Then the widget iframe's z-index is "<z>"

    Examples:
      | given   | z    |
      | 500     | 500  |
      | "750"   | 750  |
      | omitted | auto |

    # Resolution (D6, docs/widget-contract.md): any integer, 0 and negative ones included, or
    # a string of one with spaces around it; null is no z_index.
    Examples: edge values
      | given      | z          |
      | 0          | 0          |
      | -1         | -1         |
      | " 750 "    | 750        |
      | null       | auto       |
      | 2147483647 | 2147483647 |

  @spec-D2
  Scenario Outline: D2 — from its first frame the widget shows the booted contact, never an anonymous one (<how>)
    When the visitor opens a page signed in as "john@example.com" <token>
    Then the widget shows "john@example.com" as <state> contact
    And from its first frame the widget never showed the contact as anonymous

    Examples:
      | how           | token                                | state        |
      | with a token  | with a token from the site's server  | a verified   |
      | without token | without an auth_token                | an unverified |

  @spec-D2
  Scenario: D2 — with a cached session, the first frame already shows the contact
    Given the visitor has opened a page signed in as "john@example.com" and the widget has set its session cookies
    When the visitor opens the page again, signed in as "john@example.com"
    Then the widget shows "john@example.com" as a verified contact
    And from its first frame the widget never showed the contact as anonymous

  @spec-D5
  Scenario: D5 — message pre-fills the chat input when boot comes through the queue stub
    When the visitor opens a page signed in as "john@example.com" with the message "Grüße — wo ist <b>#12345</b>?"
    Then the chat input holds "Grüße — wo ist <b>#12345</b>?"

  @spec-D6
  Scenario Outline: D6 — z_index sets the iframe's z-index when boot comes after the script has loaded (<given>)
    When the visitor opens a page that loads the widget script first and then boots an anonymous visitor with z_index <given>
    Then the widget iframe's z-index is "<z>"

    Examples:
      | given   | z    |
      | 500     | 500  |
      | "750"   | 750  |
      | omitted | auto |

  @spec-D1
  Scenario: D1 — a queued command the widget does not know is skipped, and the calls after it still run
    # Resolution (D1): a site that moved from another vendor may leave that vendor's `update`
    # in its snippet. A build may say so on the console; it runs the rest of the queue.
    When the visitor opens a page signed in as "john@example.com" that queues "update,show" before the widget script loads
    Then the widget shows "john@example.com" as a verified contact
    And the page saw the widget events "show" in that order
    And the chat panel is open

  @spec-D1
  Scenario Outline: D1 — calls queued before the script loads run once it loads, with the script <where>
    # Real sites put the snippet in <head>, or load the script through an async loader or a
    # tag manager after the page has loaded, when DOMContentLoaded has long fired.
    When the visitor opens a page signed in as "john@example.com" that queues "show" before a widget script <where>
    Then the widget shows "john@example.com" as a verified contact
    And the page saw the widget events "show" in that order
    And the chat panel is open

    Examples:
      | where                                          |
      | in the page's head                             |
      | inserted by a loader after the page has loaded |

  @spec-D2
  Scenario: D2 — while the identify call is unanswered, the widget already shows the booted contact, as being identified
    # docs/widget-contract.md: `identifying` is the contact's state from boot until identify answers.
    Given the identify API will hold its answer for the next call
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then while the identify call is unanswered, the widget shows "john@example.com" as being identified
    When the backend lets the held identify call answer
    Then the widget shows "john@example.com" as a verified contact

  @spec-D2 @spec-F5
  Scenario: D2 — a boot without email after a contact shows an anonymous visitor, nothing of the contact
    # Resolution (D): boot without email boots an anonymous visitor. The contact's name goes
    # with them, their session is no longer used (no poll in their name), and with no
    # identified contact a showConversation is rejected (F5), their conversation included.
    When the visitor opens a page signed in as "john@example.com" with firstname "John" and lastname "Doe"
    Then the widget shows "john@example.com" as a verified contact
    When the page boots an anonymous visitor, as a single-page app does when its user signs out
    Then the widget shows an anonymous visitor
    And the widget no longer shows the name "John Doe"
    And from then on the widget makes no request with the signed-out contact's session
    When the page calls showConversation with 231
    Then the widget shows no conversation

  @spec-D4
  Scenario: D4 — a firstname without a lastname reaches the contact alone
    When the visitor opens a page signed in as "jose.nunez@example.es" with firstname "José" and no lastname
    Then the widget shows the name "José" as plain text
    And the identify call carried firstname "José" and no lastname

  @spec-D4
  Scenario: D4 — firstname and lastname reach the contact when the session is restored from cookies
    Given the visitor has opened a page signed in as "john@example.com" and the widget has set its session cookies
    When the visitor opens a page signed in as "john@example.com" with firstname "John" and lastname "Doe"
    Then the widget shows the name "John Doe" as plain text
    And the identify API was not called during that page load

  @spec-D4
  Scenario Outline: D4 — a name the boot leaves empty or out is not shown (<case>)
    # Resolution (D4, docs/widget-contract.md): the name shown is the given names joined by one
    # space, blank ones left out; with none given, the name the backend answered for the contact.
    When the visitor opens a page signed in as "john@example.com" <names>
    Then the widget shows the name "<shown>" as plain text

    Examples:
      | case              | names                                      | shown    |
      | empty firstname   | with firstname "" and lastname "Doe"       | Doe      |
      | empty lastname    | with firstname "John" and lastname ""      | John     |
      | no names at all   | with a token from the site's server        | John Doe |

  @spec-D5
  Scenario: D5 — message pre-fills the chat input when the session is restored from cookies
    Given the visitor has opened a page signed in as "john@example.com" and the widget has set its session cookies
    When the visitor opens a page signed in as "john@example.com" with the message "Where is order #12345?"
    Then the chat input holds "Where is order #12345?"
    And the identify API was not called during that page load

  @spec-D5
  Scenario: D5 — a second boot in the same page with another message pre-fills the new one
    When the visitor opens a page signed in as "john@example.com" with the message "Where is order #12345?"
    Then the chat input holds "Where is order #12345?"
    When the page boots the widget again as "john@example.com" with the message "And where is order #67890?", as a single-page app does on navigation
    Then the chat input holds "And where is order #67890?"

  @spec-D3
  Scenario: D3 — boot called right after a script in the page's head, before the body exists, works
    When the visitor opens a page that loads the widget script first in the page's head and then boots as "john@example.com"
    Then the widget shows "john@example.com" as a verified contact
    And Herodesk.isBooted is true

  @spec-D4 @spec-B2
  Scenario: D4 — a contact booted with names and no token keeps their name once verified by email code
    When the visitor opens a page that queues boot with '{"email": "john@example.com", "firstname": "John", "lastname": "Doe"}' before the widget script loads
    Then the widget shows "john@example.com" as an unverified contact
    When the visitor clicks the widget's launcher
    And the contact enters the code emailed to "john@example.com"
    Then the widget shows "john@example.com" as a verified contact
    And the widget shows the name "John Doe" as plain text

  @spec-D4
  Scenario: D4 — a lastname without a firstname reaches the contact alone
    When the visitor opens a page signed in as "jose.nunez@example.es" with lastname "Ñúñez" and no firstname
    Then the widget shows the name "Ñúñez" as plain text
    And the identify call carried lastname "Ñúñez" and no firstname

  @spec-D4
  Scenario: D4 — a contact booted without a token and without names is shown by the name the backend knows
    # Resolution (docs/widget-contract.md, names): with no names in the boot, the name shown is
    # the identify answer's, and an unverified contact's answer has it too.
    When the visitor opens a page signed in as "john@example.com" without an auth_token
    Then the widget shows "john@example.com" as an unverified contact
    And the widget shows the name "John Doe" as plain text

  @spec-D4 @spec-H1
  Scenario: D4, H1 — a contact booted with names whose identify call fails is still shown by those names
    Given the identify API will answer 500 until further notice
    When the visitor opens a page signed in as "john@example.com" with firstname "Jonathan" and lastname "Doe-Smith"
    Then the widget shows "john@example.com" as an unverified contact
    And the widget shows the name "Jonathan Doe-Smith" as plain text

  @spec-D4
  Scenario: D4 — names booted without an email reach the identify call of the email typed into the contact form
    # Resolution (docs/widget-contract.md): the contact form identifies as a boot does, with the
    # names the page booted.
    When the visitor opens a page that queues boot with '{"firstname": "Jonathan", "lastname": "Doe-Smith"}' before the widget script loads
    And the visitor clicks the widget's launcher
    And the visitor types "john@example.com" into the widget's contact form
    Then the widget shows "john@example.com" as an unverified contact
    And the identify call carried firstname "Jonathan" and lastname "Doe-Smith"

  @spec-D5
  Scenario: D5 — a boot without a message after the script has loaded leaves the chat input empty
    # Resolution (docs/widget-contract.md, boot parameters): no message leaves the input empty,
    # never "undefined".
    When the visitor opens a page that loads the widget without booting it
    Then Herodesk.isReady becomes true
    When the page calls boot as "john@example.com" with a token from the site's server
    Then the widget shows "john@example.com" as a verified contact
    And the chat input holds ""

  @spec-D4 @spec-C6
  Scenario: D4, C6 — after a boot as another contact, the new contact's name is shown
    When the visitor opens a page signed in as "john@example.com" with firstname "John" and lastname "Doe"
    Then the widget shows the name "John Doe" as plain text
    When the page calls boot as "jane@example.com" with a token from the site's server
    Then the widget shows "jane@example.com" as a verified contact
    And the widget shows the name "Jane O'Hara" as plain text

  @spec-D6
  Scenario: D6 — a later boot's z_index sets the iframe's z-index
    When the visitor opens a page that loads the widget script first and then boots an anonymous visitor with z_index 500
    Then the widget iframe's z-index is "500"
    When the page calls boot with '{"z_index": 750}'
    Then Herodesk.isBooted is true
    And the widget iframe's z-index is "750"
    # The z-index holds in every state of the panel, not only the one it was set in.
    When the visitor clicks the widget's launcher
    Then the chat panel is open
    And the widget iframe's z-index is "750"
    When the visitor clicks the panel's close button
    Then the chat panel is closed
    And the widget iframe's z-index is "750"
