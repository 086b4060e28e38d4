Feature: State properties (spec E)
  Herodesk.isBooted, Herodesk.isReady and Herodesk.isVisible tell a page what the widget is
  doing.

  Background:
    Given a new visitor

  @spec-E1
  Scenario: E1 — isBooted is false before boot and true after a boot with valid parameters
    When the visitor opens a page that loads the widget without booting it
    Then Herodesk.isReady becomes true
    And Herodesk.isBooted is false
    When the page calls boot as "john@example.com" with a token from the site's server
    Then Herodesk.isBooted becomes true

  @spec-E2
  Scenario: E2 — isReady becomes true once the widget has loaded, and it then accepts commands
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then Herodesk.isReady becomes true
    When the page calls "show"
    Then the chat panel is open

  @spec-E3
  Scenario: E3 — isVisible is true while the chat panel is open and false when it is closed
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then Herodesk.isReady becomes true
    And Herodesk.isVisible is false
    When the page calls "show"
    Then the chat panel is open
    And Herodesk.isVisible is true
    When the page calls "hide"
    Then the chat panel is closed
    And Herodesk.isVisible is false

  @spec-E4
  Scenario Outline: E4 — Herodesk.<property> is read-only
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then Herodesk.isReady becomes true
    When a page script assigns <value> to Herodesk.<property>
    Then Herodesk.<property> is <unchanged>
    And the chat panel is closed

    Examples:
      | property  | value | unchanged |
      | isBooted  | false | true      |
      | isReady   | false | true      |
      | isVisible | true  | false     |

  @spec-E5
  Scenario: E5 — isVisible follows clicks on the launcher and on the close button
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then Herodesk.isReady becomes true
    When the visitor clicks the widget's launcher
    Then the chat panel is open
    And Herodesk.isVisible is true
    When the visitor clicks the panel's close button
    Then the chat panel is closed
    And Herodesk.isVisible is false

  @spec-E1
  Scenario Outline: E1 — a boot through the queue stub with <what> leaves isBooted false
    # Resolution (D): a boot whose parameters have the wrong types or a malformed email is not
    # processed.
    When the visitor opens a page that queues boot with '<params>' before the widget script loads
    Then Herodesk.isReady becomes true
    And Herodesk.isBooted stays false
    And the widget said on the console why it did not process boot

    Examples:
      | what              | params                                               |
      | a malformed email | {"email": "john.example.com"}                        |
      | an email number   | {"email": 42}                                        |
      | names as arrays   | {"email": "john@example.com", "firstname": ["John"]} |
      | a lastname array  | {"email": "john@example.com", "lastname": ["Doe"]}   |
      | a z_index unit    | {"z_index": "10px"}                                  |
      | a trailing dot    | {"email": "zoe@example.com. "}                       |

    # Resolution (docs/widget-contract.md, boot parameters): "" is a value, and an empty email
    # is malformed; a space inside an email or anything after the address, a message that is
    # not a string, a z_index that is not an integer are wrong types or malformed; and boot
    # needs an object, which null is not.
    Examples: more shapes
      | what               | params                                         |
      | an empty email     | {"email": ""}                                  |
      | a space inside     | {"email": "john doe@example.com"}              |
      | a message number   | {"email": "john@example.com", "message": 42}   |
      | a decimal z_index  | {"z_index": 1.5}                               |
      | junk after the address | {"email": "john@example.com x"}            |
      | a second @ at the end  | {"email": "john@example.com@x.de"}         |
      | null               | null                                           |

  @spec-E1
  Scenario Outline: E1 — a boot after the script has loaded with <what> leaves isBooted false
    When the visitor opens a page that loads the widget without booting it
    Then Herodesk.isReady becomes true
    When the page calls boot with '<params>'
    Then Herodesk.isBooted stays false
    And the widget said on the console why it did not process boot

    Examples:
      | what                | params                                             |
      | a malformed email   | {"email": "john@@example.com"}                     |
      | a token as a number | {"email": "john@example.com", "auth_token": 12345} |
      | an email, not an object | "john@example.com"                              |
      | null                | null                                               |

  @spec-E2
  Scenario: E2 — the moment isReady turns true, the iframe exists and show opens the panel
    When the visitor opens a page signed in as "john@example.com" that calls show the moment Herodesk.isReady turns true
    Then the widget's iframe existed when Herodesk.isReady turned true
    And the chat panel is open

  @spec-E2
  Scenario Outline: E2 — with the script <where>, the moment isReady turns true the iframe exists too
    # A script in <head> runs before <body> exists: a build that says "ready" at once and
    # builds its iframe later has broken the promise a page that waits for isReady relies on.
    When the visitor opens a page signed in as "john@example.com" that calls show the moment Herodesk.isReady turns true, with a widget script <where>
    Then the widget's iframe existed when Herodesk.isReady turned true
    And the chat panel is open

    Examples:
      | where                                          |
      | in the page's head                             |
      | inserted by a loader after the page has loaded |

  @spec-E2
  Scenario: E2 — once ready, a widget that was not booted shows an anonymous visitor
    When the visitor opens a page that loads the widget without booting it
    Then Herodesk.isReady becomes true
    And the widget shows an anonymous visitor

  @spec-E1
  Scenario Outline: E1 — a boot through the queue stub with <what> sets isBooted
    # Resolution (D): null or a missing key is an absent parameter; a boot without email boots
    # an anonymous visitor, and a boot of an email without a token is processed (B2).
    When the visitor opens a page that queues boot with '<params>' before the widget script loads
    Then Herodesk.isBooted becomes true

    Examples:
      | what                | params                                             |
      | no parameters       | {}                                                 |
      | a null email        | {"email": null}                                    |
      | a null token        | {"email": "john@example.com", "auth_token": null}  |
      | an empty token      | {"email": "john@example.com", "auth_token": ""}    |
      | a z_index of 0      | {"z_index": 0}                                     |

  @spec-E1 @clock
  Scenario: E1 — boot with no argument at all leaves isBooted false
    # Resolution (docs/widget-contract.md): boot needs an object; no argument is no object.
    When the visitor opens a page that loads the widget without booting it
    Then Herodesk.isReady becomes true
    When the page calls boot with no argument
    Then Herodesk.isBooted stays false
    And the widget said on the console why it did not process boot

  @spec-E2
  Scenario Outline: E2 — isReady becomes true with the script <where>
    When the visitor opens a page signed in as "john@example.com" that queues "" before a widget script <where>
    Then Herodesk.isReady becomes true
    When the page calls "show"
    Then the chat panel is open

    Examples:
      | where                                          |
      | in the page's head                             |
      | inserted by a loader after the page has loaded |

  @spec-E2
  Scenario: E2 — isReady does not wait for the identify call to answer
    # Resolution (E2, docs/widget-contract.md): ready means loaded and taking commands; the
    # identify call's answer is the contact's business, not the widget's readiness.
    Given the identify API will answer after 3000 ms for the next call
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then while the identify call is unanswered, Herodesk.isReady is true
    And the widget shows "john@example.com" as a verified contact

  @spec-E3
  Scenario: E3 — whatever the widget does with Escape in its panel, isVisible tells whether the panel is open
    # No statement says what Escape does in the panel: a build may close it or not, and
    # isVisible follows either way.
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then the widget shows "john@example.com" as a verified contact
    When the visitor clicks the widget's launcher
    Then the chat panel is open
    When the visitor presses Escape in the chat input
    Then Herodesk.isVisible tells whether the chat panel is open

  @spec-E3
  Scenario Outline: E3 — isVisible is true when the page opened the panel <how>
    When the visitor opens a page signed in as "john@example.com" <page>
    Then the widget shows "john@example.com" as a verified contact
    When the page calls <call>
    Then the chat panel is open
    And Herodesk.isVisible is true

    Examples:
      | how                    | page                                    | call                    |
      | with showConversation  | with a token from the site's server     | showConversation with 231 |
      | with a queued show     | that queues "show" before the widget script loads | "show"        |

  @spec-E2 @spec-C6
  Scenario: E2, C6 — while a second contact is being identified, isReady stays true
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then the widget shows "john@example.com" as a verified contact
    Given the identify API will hold its answers for the next call
    When the page calls boot as "jane@example.com" with a token from the site's server
    Then while the identify call is unanswered, the widget shows "jane@example.com" as being identified
    And Herodesk.isReady is true

  @spec-E1
  Scenario: E1 — a later boot with invalid parameters is not processed: the earlier boot stands
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then the widget shows "john@example.com" as a verified contact
    When the page calls boot with '{"email": "john@@example.com"}'
    Then the widget said on the console why it did not process boot
    And Herodesk.isBooted is true
    And the widget shows "john@example.com" as a verified contact
